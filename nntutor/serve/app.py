"""The tutor in serve mode: the terminal tutor's app, with a name first and nothing else added.

What a visitor cannot do here is what the tutor app cannot do either: it has no `debug` of
scripts, no file or folder prompts, and lesson folders are the server's (`--lessons-dir` given
to `nntutor serve`). The command palette is off, so a visitor gets only the tutor's own keys.
Exercises are checked by the same sandbox worker as in the terminal (one per session).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from textual import events, on, work
from textual.widgets import Input

from nntutor.serve.students import Place, name_problem, read_place, save_place, student_home
from nntutor.tui.app import TutorApp, open_store
from nntutor.tui.screens.name import NameScreen


class ServeApp(TutorApp):
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, data_dir: Path | str, extra_dirs: Sequence[str | Path] = (),
                 theme: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.student: str | None = None
        super().__init__(extra_dirs=extra_dirs, theme=theme)

    def open_progress(self, home):
        return None  # nobody has signed in yet

    def get_default_screen(self):
        return NameScreen(check=name_problem)

    def on_mount(self) -> None:
        super().on_mount()
        self.set_timer(0.3, self._warm_up)  # after the first frame, while the name is typed

    @work(thread=True, exclusive=True, group="warm-up")
    def _warm_up(self) -> None:
        """Import the lesson screen (NumPy, the engine) before the student needs it."""
        import nntutor.lessons.runtime  # noqa: F401
        import nntutor.serve.lesson_screen  # noqa: F401

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # a blinking cursor redraws twice a second: times thirty students, a core's worth
        if isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    def data_home(self) -> Path:
        return self.data_dir  # the lesson index is shared by every session

    @on(NameScreen.Entered)
    def sign_in(self, event: NameScreen.Entered) -> None:
        self.student = event.name
        self.home = student_home(self.data_dir, event.name)
        self.store = open_store(self.home)
        self.sub_title = event.name
        if self.store.notice:
            self.notify(self.store.notice, title="Progress", severity="warning", timeout=8)
        picker = self.make_picker()
        self.push_screen(picker)  # over the name screen, which stays at the bottom
        place = read_place(self.home)
        if place is not None and any(l.id == place.lesson for l in picker.lessons):
            self.call_after_refresh(picker.open, place.lesson)

    def open_lesson(self, lesson, tape=None) -> None:
        from nntutor.serve.lesson_screen import ServeLessonScreen  # NumPy only when needed

        place = read_place(self.home)
        start = place.step if place is not None and place.lesson == lesson.id else 0
        save_place(self.home, Place(lesson.id, start))
        self.push_screen(ServeLessonScreen(lesson, self.store, self.home, start))
