"""Nothing the learner sees before asking for the answer writes the answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nntutor.lessons.loader import load_lessons
from nntutor.tutor.hints import ladder
from nntutor.tutor.leaks import answer_parts, gives_away, without_answer
from nntutor.tutor.preview import preview

LESSONS, _ = load_lessons(())
EXERCISES = [(l, e) for l in LESSONS for e in l.exercises]


def test_parts_of_a_product_chain_count_as_the_answer():
    assert "A1*(1-A1)" in answer_parts("dA1 * A1 * (1 - A1)")
    assert gives_away("σ′(Z1) = A1⊙(1 − A1)", "dA1 * A1 * (1 - A1)")
    assert gives_away("write A1.T@dZ2 here", "A1.T @ dZ2")
    assert not gives_away("A1 @ dZ2 misses a transpose", "A1.T @ dZ2")  # the wrong answer
    assert not gives_away("(h1, n)·(n, out) → (h1, out)", "A1.T @ dZ2")


def test_feedback_loses_only_the_sentences_that_give_it_away():
    said = without_answer("σ′ is written with the OUTPUT: σ(z)·(1 − σ(z)) = A1 * (1 - A1).\n"
                          "Z1 is its input.", "dA1 * A1 * (1 - A1)")
    assert said == "σ′ is written with the OUTPUT. Z1 is its input."
    assert without_answer("Start from A1's transpose: A1.T @ dA2.", "A1.T @ dA2") == \
        "Start from A1's transpose."


@pytest.mark.parametrize("lesson,exercise", EXERCISES, ids=[f"{l.id}-{e.id}" for l, e in EXERCISES])
def test_no_rung_of_any_shipped_ladder_gives_the_answer(lesson, exercise):
    rungs = ladder(exercise)
    assert rungs and rungs[-1].startswith("Worked step")
    for rung in rungs:
        assert not gives_away(rung, exercise.answer, exercise.prompt), rung


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(EXERCISES), st.integers(0, 3))
def test_the_live_preview_never_shows_the_reference(pair, how):
    """Whatever the learner types (the reference with a transpose dropped, its operands
    swapped, cut short...), the preview says shapes, never the corrected expression."""
    lesson, ex = pair
    ref = ex.answer
    typed = [ref.replace(".T", "", 1), ref.replace(" @ ", " @ (", 1) + ")",
             ref[: max(1, len(ref) // 2)], " @ ".join(reversed(ref.split(" @ ", 1)))][how]
    shown = preview(typed, ex.dims, ex.result_dims)
    if typed.replace(" ", "") != ref.replace(" ", ""):
        assert ref.replace(" ", "") not in shown.message.replace(" ", ""), (typed, shown)
