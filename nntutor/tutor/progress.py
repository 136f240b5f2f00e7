"""Progress across the whole course: per lesson solved / revealed / left, and what to take next.

Lessons come in prerequisite order (each after the lessons it builds on, otherwise in the order
found); the next lesson is the first one, in that order, with exercises left. The picker and
`nntutor progress` both print what this returns, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from nntutor.store import REVEALED, SOLVED, StoreError


def curriculum_order(lessons: list) -> list:
    """Every lesson after its prerequisites, otherwise in the order found (file names)."""
    by_id = {l.id: l for l in lessons}
    placed: list = []
    done: set[str] = set()

    def place(lesson, path: tuple[str, ...] = ()) -> None:
        if lesson.id in done or lesson.id in path:  # a cycle is the validator's business
            return
        for pre in lesson.prerequisites:
            if pre in by_id:
                place(by_id[pre], path + (lesson.id,))
        if lesson.id not in done:
            done.add(lesson.id)
            placed.append(lesson)

    for lesson in lessons:
        place(lesson)
    return placed


@dataclass(frozen=True)
class LessonProgress:
    id: str
    title: str
    total: int
    solved: tuple[str, ...]  # exercise ids finished without the answer shown
    revealed: tuple[str, ...]  # finished after the answer was shown

    @property
    def left(self) -> int:
        return self.total - len(self.solved) - len(self.revealed)

    @property
    def finished(self) -> set[str]:
        return set(self.solved) | set(self.revealed)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.left == 0

    def label(self) -> str:
        """`3/6 solved · 1 revealed · 2 left`, `✓ 6/6 solved`, or `no exercises`."""
        if self.total == 0:
            return "no exercises"
        done = f"{len(self.solved)}/{self.total} solved"
        if self.complete and not self.revealed:
            return f"✓ {done}"
        parts = [done]
        if self.revealed:
            parts.append(f"{len(self.revealed)} revealed")
        if self.left:
            parts.append(f"{self.left} left")
        return " · ".join(parts)

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "exercises": self.total,
                "solved": list(self.solved), "revealed": list(self.revealed), "left": self.left}


@dataclass(frozen=True)
class CourseProgress:
    lessons: tuple[LessonProgress, ...]  # in curriculum order
    next_lesson: str | None  # id of the first lesson with exercises left
    warning: str | None = None

    def totals(self) -> tuple[int, int, int, int]:
        """(solved, revealed, left, total) over every lesson."""
        s = sum(len(l.solved) for l in self.lessons)
        r = sum(len(l.revealed) for l in self.lessons)
        t = sum(l.total for l in self.lessons)
        return s, r, t - s - r, t

    def summary(self) -> str:
        """`Overall: 5/35 solved · 1 revealed · 29 left · next: Chain rule`."""
        s, r, left, t = self.totals()
        parts = [f"{s}/{t} solved"]
        if r:
            parts.append(f"{r} revealed")
        parts.append(f"{left} left")
        nxt = next((l for l in self.lessons if l.id == self.next_lesson), None)
        parts.append(f"next: {nxt.title}" if nxt else "all done")
        return "Overall: " + " · ".join(parts)

    def to_json(self) -> dict:
        s, r, left, t = self.totals()
        return {"lessons": [l.to_json() for l in self.lessons], "next_lesson": self.next_lesson,
                "totals": {"solved": s, "revealed": r, "left": left, "exercises": t},
                "warning": self.warning}


def lesson_progress(lesson, store) -> LessonProgress:
    """One lesson (a Lesson or a picker card) as recorded in `store` (None: nothing yet)."""
    ids = [ex.id for ex in lesson.exercises]
    outcomes = store.outcomes(lesson.id) if store is not None else {}
    return LessonProgress(lesson.id, lesson.title, len(ids),
                          tuple(i for i in ids if outcomes.get(i) == SOLVED),
                          tuple(i for i in ids if outcomes.get(i) == REVEALED))


def course_progress(lessons, store) -> CourseProgress:
    warning = None
    rows = []
    for lesson in curriculum_order(list(lessons)):
        try:
            rows.append(lesson_progress(lesson, store))
        except StoreError as exc:  # show the lessons anyway
            warning = str(exc)
            rows.append(lesson_progress(lesson, None))
    nxt = next((l.id for l in rows if l.total and l.left), None)
    return CourseProgress(tuple(rows), nxt, warning)
