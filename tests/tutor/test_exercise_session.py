"""The exercise session: what is checked, recorded, hinted and revealed, in any front end."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nntutor.lessons.loader import find_lesson
from nntutor.lessons.model import WrongAnswer
from nntutor.store import ProgressStore
from nntutor.tutor.exercise_session import ExerciseSession, check_offline, exercise_for, quantity


@pytest.fixture(scope="module")
def lesson():
    return find_lesson("two-layer-backprop", ())


def test_solving_alone_is_solved_and_every_attempt_is_recorded(lesson, tmp_path):
    with ProgressStore.open(tmp_path) as store:
        s = ExerciseSession(lesson, lesson.exercise("dw2"), store)
        assert not s.answer_visible
        with pytest.raises(PermissionError):
            s.reference
        assert s.check("dZ2.T @ A1").diagnosis == "missing_transpose"
        assert s.check("A1.T @ dZ2").is_correct
        assert s.outcome == "solved" and s.reference == "A1.T @ dZ2"
        assert [a.verdict for a in store.attempts(lesson.id, "dw2")] == ["wrong", "correct"]
        assert store.outcomes(lesson.id) == {"dw2": "solved"}


def test_the_answer_after_reveal_counts_as_revealed_and_hints_are_recorded(lesson, tmp_path):
    with ProgressStore.open(tmp_path) as store:
        s = ExerciseSession(lesson, lesson.exercise("dz1"), store)
        first = s.take_hint()
        assert first and s.hints_shown == 1 and store.hints_taken(lesson.id, "dz1") == 1
        while s.take_hint() is not None:
            pass
        assert not s.answer_visible  # every hint taken: still no answer
        assert s.reveal() == "dA1 * A1 * (1 - A1)" and store.revealed(lesson.id, "dz1")
        assert s.check("dA1 * A1 * (1 - A1)").is_correct and s.outcome == "revealed"
    with ProgressStore.open(tmp_path) as again:
        later = ExerciseSession(lesson, lesson.exercise("dz1"), again)
        assert later.outcome == "revealed" and later.hints_shown == len(later.hints)


def test_feedback_for_a_wrong_answer_does_not_write_the_answer(lesson):
    # The shipped lessons no longer write answers in their feedback (tests/lessons/
    # test_no_leaks.py); a lesson file from elsewhere still might.
    leaky = replace(lesson.exercise("dz1"), wrong=(WrongAnswer(
        "dA1 * Z1 * (1 - Z1)",
        "σ′ is written with the sigmoid's OUTPUT: σ(z)·(1 − σ(z)) = A1 * (1 - A1). Z1 is its input."),))
    ((verdict, said),) = check_offline(lesson, leaky, ["dA1 * Z1 * (1 - Z1)"])
    assert verdict.feedback and "A1 * (1 - A1)" in verdict.feedback  # the lesson's raw text
    assert "A1 * (1 - A1)" not in said.note and "A1*(1-A1)" not in said.note
    assert "OUTPUT" in said.note  # what is wrong and why stays


def test_each_exercise_names_the_quantity_it_derives(lesson):
    assert quantity(lesson.exercise("dw2")) == "dW2"
    assert exercise_for(lesson, ["dW1"], set()).id == "dw1"
    assert exercise_for(lesson, ["dW1"], {"dw1"}).id == "dw1-whole"  # the unfinished one
    assert exercise_for(lesson, ["XW1"], set()) is None
