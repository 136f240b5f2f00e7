"""The lesson screen in serve mode: it starts where the student was and remembers each step."""

from __future__ import annotations

from pathlib import Path

from nntutor.serve.students import Place, save_place
from nntutor.tui.screens.lesson import LessonScreen


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
