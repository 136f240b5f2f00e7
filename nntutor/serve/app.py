"""The tutor in serve mode: the terminal tutor's app, with a name first and nothing else added.

What a visitor cannot do here is what the tutor app cannot do either: it has no `debug` of
scripts, no file or folder prompts, and lesson folders are the server's (`--lessons-dir` given
to `nntutor serve`). The command palette is off, so a visitor gets only the tutor's own keys.
Exercises are checked by the same sandbox worker as in the terminal (one per session).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from textual import on

from nntutor.serve.students import Place, name_problem, read_place, save_place, student_home
from nntutor.tui.app import TutorApp, open_store
from nntutor.tui.screens.lesson import LessonScreen
from nntutor.tui.screens.name import NameScreen


class ServeLessonScreen(LessonScreen):
    """A lesson screen that starts at the step the student was at and remembers each step."""

    def __init__(self, lesson, store, home: Path, start: int = 0) -> None:
        super().__init__(lesson, store=store)
        self.home = home
        self.start = start

    def set_tape(self, tape) -> None:
        super().set_tape(tape)
        if self.start:
            start, self.start = self.start, 0
            self.go(start)

    def go(self, index: int) -> None:
        super().go(index)
        if self.tape is not None and not self.start:
            save_place(self.home, Place(self.lesson.id, self.index))


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
        place = read_place(self.home)
        start = place.step if place is not None and place.lesson == lesson.id else 0
        save_place(self.home, Place(lesson.id, start))
        self.push_screen(ServeLessonScreen(lesson, self.store, self.home, start))
