"""No shipped hint or wrong-answer feedback gives the answer away.

The tutor drops such text at run time (`nntutor.tutor.leaks`); the lesson files should not
need it: feedback says what is wrong and why, hints go from a nudge to a worked step, and the
reference is shown only when the learner asks for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nntutor.lessons.loader import load_lesson_file
from nntutor.tutor.hints import WORKED, ladder
from nntutor.tutor.leaks import gives_away

LESSONS = sorted((Path(__file__).resolve().parents[2] / "lessons").glob("*.toml"))


def leaks(lesson) -> list[str]:
    """One line per hint or feedback of `lesson` that writes (part of) its exercise's answer."""
    found = []
    for ex in lesson.exercises:
        for k, hint in enumerate(ex.hints, start=1):
            if gives_away(hint, ex.answer, ex.prompt):
                found.append(f"{ex.id} hint {k}: {hint}")
        for wrong in ex.wrong:
            if gives_away(wrong.feedback, ex.answer, ex.prompt):
                found.append(f"{ex.id} wrong {wrong.answer!r}: {wrong.feedback}")
    return found


def test_the_lessons_are_found():
    assert len(LESSONS) >= 10


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_no_hint_or_feedback_gives_the_answer_away(path):
    assert leaks(load_lesson_file(path)) == []


def test_the_check_catches_a_leak():
    lesson = load_lesson_file(LESSONS[0])
    ex = next(e for e in lesson.exercises if e.hints)
    assert gives_away(f"Write {ex.answer}.", ex.answer, ex.prompt)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_ladder_keeps_the_lessons_hints_and_ends_in_one_worked_step(path):
    for ex in load_lesson_file(path).exercises:
        rungs = ladder(ex)
        assert rungs[: len(ex.hints)] == ex.hints, ex.id  # nothing had to be dropped
        assert rungs[-1].startswith(WORKED), ex.id
        assert sum(r.startswith(WORKED) for r in rungs) == 1, ex.id
