"""The nntutor Textual app: a thin App that opens the picker (or one lesson) and holds the store.

`make_app` is the one way in, shared by the CLI (`nntutor`, `nntutor lesson ID`) and the tests.
Screens own their state; the app only knows the lessons, the progress store and the theme.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from textual.app import App
from textual.binding import Binding

DEFAULT_THEME = "textual-dark"  # Textual's own default; also used by the debugger app
THEMES = ("textual-dark", "textual-light")


def open_store(home: Path | str | None):
    """The learner's ProgressStore, or None when the store module is not available."""
    try:
        from nntutor.store import ProgressStore
    except ImportError:
        return None
    return ProgressStore.open(Path(home) if home is not None else None)


def remembered_theme(home) -> str | None:
    """The theme saved by ctrl+t in an earlier session, if it is one we know."""
    from nntutor.tutor.settings import load_settings

    theme = load_settings(home).get("theme")
    return theme if theme in THEMES else None


class TutorApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "nntutor"
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "Light/dark", show=False)]

    def __init__(self, lesson=None, extra_dirs: Sequence[str | Path] = (), home=None,
                 theme: str | None = None, tape=None) -> None:
        super().__init__()
        self.start_lesson = lesson
        self.start_tape = tape
        self.extra_dirs = tuple(extra_dirs)
        self.home = home
        self.theme_given = theme is not None
        if theme is None:  # the one the learner chose last time (ctrl+t), if any
            theme = remembered_theme(home)
        if theme and theme != self.theme:  # before the first frame: no restyle later
            self.theme = theme
        self.store = self.open_progress(home)

    def open_progress(self, home):
        """The progress store for `home` (`nntutor serve` opens one per student instead)."""
        return open_store(home)

    def get_default_screen(self):
        """The first screen is the picker itself (or the lesson), not an empty screen under it."""
        if self.start_lesson is not None:
            from nntutor.tui.screens.lesson import LessonScreen

            return LessonScreen(self.start_lesson, tape=self.start_tape, store=self.store)
        return self.make_picker()

    def on_mount(self) -> None:
        notice = getattr(self.store, "notice", None)
        if notice:
            self.notify(notice, title="Progress", severity="warning", timeout=8)

    def make_picker(self):
        from nntutor.tui.screens.picker import PickerScreen

        from nntutor.tui.lesson_index import load_cards

        cards, errors = load_cards(self.extra_dirs, self.data_home())
        return PickerScreen(cards, errors, self.store)

    def data_home(self) -> Path | None:
        """Where the progress store (and the picker's lesson index) live."""
        if self.home is not None:
            return Path(self.home)
        try:
            from nntutor.store import default_home
        except ImportError:
            return None
        return default_home()

    def open_lesson(self, lesson, tape=None) -> None:
        from nntutor.tui.screens.lesson import LessonScreen

        self.push_screen(LessonScreen(lesson, tape=tape, store=self.store))

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        from nntutor.tutor.settings import save_setting

        problem = save_setting("theme", self.theme, self.home)  # remembered for next time
        if problem:
            self.notify(problem, severity="warning")

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()


def make_app(lesson=None, extra_dirs: Sequence[str | Path] = (), home=None,
             theme: str | None = None, tape=None) -> TutorApp:
    """The tutor app. `lesson`: a Lesson (or an id / a file path) to open directly instead of
    the picker; `extra_dirs`: more lesson folders; `home`: where progress is stored (default
    NNTUTOR_HOME or the user data directory); `theme`: a Textual theme name such as
    textual-light; `tape`: a recorded pass to show instead of tracing the lesson (tests)."""
    if isinstance(lesson, (str, Path)):
        from nntutor.lessons.loader import find_lesson

        lesson = find_lesson(str(lesson), extra_dirs)
    return TutorApp(lesson=lesson, extra_dirs=extra_dirs, home=home, theme=theme, tape=tape)
