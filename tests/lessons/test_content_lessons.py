"""The lessons' prose and exercise texts: conventions stated, claims true for the real sizes,
no words a learner cannot follow."""

from __future__ import annotations

import re

import numpy as np
import pytest

from nntutor.engine.gradcheck import DEFAULT_EPS, DEFAULT_TOL, gradcheck
from nntutor.lessons.loader import find_lesson
from nntutor.lessons.runtime import build_network, check_answers, trace_lesson, walkthrough_data

from tests.lessons.conftest import LESSON_IDS


def learner_texts(lesson):
    yield lesson.title
    yield lesson.summary
    for section in lesson.sections:
        yield section.title
        yield section.body
    for ex in lesson.exercises:
        yield from (ex.prompt, ex.derive, ex.explanation, *ex.hints)
        yield from (w.feedback for w in ex.wrong)


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_no_learner_facing_text_says_seed(lesson_id):
    lesson = find_lesson(lesson_id)
    for text in learner_texts(lesson):
        assert "seed" not in text.lower(), text
    if lesson.walkthrough is not None:
        for step in trace_lesson(lesson):
            for text in (step.title, step.formula, step.numpy, step.note or ""):
                assert "seed" not in text.lower(), text


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_every_prompt_states_the_loss_convention(lesson_id):
    for ex in find_lesson(lesson_id).exercises:
        prompt = " ".join(ex.prompt.split())
        stated = re.search(r"divided by n|summed over|no 1/n|mean|only n divides", prompt)
        assert stated, (ex.id, prompt)


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_unfollowable_references_are_gone(lesson_id):
    text = " ".join(" ".join(learner_texts(find_lesson(lesson_id))).split())
    for phrase in ("XOR tutorial", "XOR lesson", "X0", " od", "‖A3 − T‖", "author reached",
                   "Seed-style", "(N, 1)", "N, D"):
        assert phrase not in text, phrase


def test_finite_difference_section_matches_the_engine_and_the_measurement():
    lesson = find_lesson("dense-layer-xor")
    body = next(s.body for s in lesson.sections if "finite differences" in s.title)
    assert "/ (2h)" in body
    def sci(x):  # 1e-05 -> 1e-5, as the prose writes it
        return f"{x:.0e}".replace("e-0", "e-")

    assert f"h = {sci(DEFAULT_EPS)}" in body and f"below {sci(DEFAULT_TOL)}" in body
    data = walkthrough_data(lesson.walkthrough)
    net = build_network(lesson.walkthrough)

    def worst(h):
        report = gradcheck(net, data.X_train, data.Y_train, eps=h, ops=False)
        return next(c.rel_error for c in report.params if c.name == "W1")

    errors = {h: worst(h) for h in (1e-3, 1e-4, 1e-5, 1e-8)}
    assert 5e-9 < errors[1e-3] < 5e-8  # "about 2e-8 at h = 1e-3"
    assert errors[1e-4] < 5e-9 and errors[1e-5] < 5e-9  # "near 1e-9"
    assert 1e-7 < errors[1e-8] < 2e-6 and errors[1e-8] > 100 * errors[1e-5]  # "about 5e-7"
    assert errors[DEFAULT_EPS] < DEFAULT_TOL
    report = gradcheck(net, data.X_train, data.Y_train, ops=False)
    assert next(c for c in report.params if c.name == "b1").kinks == 4  # (0, 0) sits on the corner


def test_xor_step_view_shows_a_dead_relu_unit_and_the_corner():
    tape = trace_lesson(find_lesson("dense-layer-xor"))
    Z1 = tape.values()["Z1"]
    assert [s.op for s in tape if s.phase == "backward"].count("relu_grad") == 1
    assert np.sum(np.all(Z1 <= 0, axis=0)) == 1  # one unit off for all four points
    assert np.all(Z1[0] == 0)  # the point (0, 0) with b1 = 0


@pytest.mark.parametrize("exercise,answer", [
    ("relu-dw", "X.T @ (dA1 * (Z1 >= 0))"),
    ("relu-db", "np.sum(dA1 * (Z1 >= 0), axis=0, keepdims=True)"),
    ("xor-dz1", "(dZ2 @ W2.T) * (A1 > 0)"),
])
def test_xor_accepts_either_relu_convention_on_random_data(exercise, answer):
    lesson = find_lesson("dense-layer-xor")
    (verdict,) = check_answers(lesson, lesson.exercise(exercise), [answer])
    assert verdict.verdict == "correct", verdict


def test_iris_misplaced_slope_runs_silently_only_because_h1_equals_h2():
    lesson = find_lesson("three-layer-iris")
    ex = lesson.exercise("dw1-from-delta3")
    wrong = "X.T @ ((dZ3 @ W3.T @ W2.T) * A2 * (1 - A2) * A1 * (1 - A1))"
    assert "lines up only when h1 = h2" in next(w.feedback for w in ex.wrong if w.answer == wrong)
    v = trace_lesson(lesson).values()
    assert v["A1"].shape[1] == v["A2"].shape[1] == 8
    got = v["X"].T @ ((v["dZ3"] @ v["W3"].T @ v["W2"].T) * v["A2"] * (1 - v["A2"])
                      * v["A1"] * (1 - v["A1"]))
    assert got.shape == v["dW1"].shape and not np.allclose(got, v["dW1"])
    with pytest.raises(ValueError):  # h1 != h2
        np.ones((5, 3)) * np.ones((5, 4))


def test_moons_column_feedback_is_true_for_h2_equal_h3():
    lesson = find_lesson("deep-network-moons")
    ex = lesson.exercise("dw3-columns")
    feedback = {w.answer: w.feedback for w in ex.wrong}
    assert "h2 = h3 = 50" in feedback["A2c @ dZ3c.T / m"]
    assert "(n, n)" in feedback["A2c.T @ dZ3c / m"]
    v = trace_lesson(lesson).values()
    n = len(v["X"])
    A2c, dZ3c, dW3c = v["A2"].T, v["dZ3"].T * n, v["dW3"].T
    transposed = A2c @ dZ3c.T / n
    assert transposed.shape == dW3c.shape and not np.allclose(transposed, dW3c)
    assert (A2c.T @ dZ3c / n).shape == (n, n)
    np.testing.assert_allclose(dZ3c @ A2c.T / n, dW3c)


def test_chain_rule_step_view_has_nonzero_bias_gradients():
    v = trace_lesson(find_lesson("chain-rule")).values()
    assert np.all(np.abs(v["db2"]) > 0.05) and np.all(np.abs(v["db1"]) > 0.01)


def test_column_layout_scaling_claims():
    """dW, db: transposes, same numbers; dZ, dA: transposes and m times ours."""
    v = trace_lesson(find_lesson("deep-network-moons")).values()
    m = len(v["X"])
    dZ3c = v["dZ3"].T * m  # the column code starts backward without the 1/m
    np.testing.assert_allclose(dZ3c @ v["A2"] / m, v["dW3"].T)
    np.testing.assert_allclose(dZ3c.sum(axis=1, keepdims=True) / m, v["db3"].T)
    np.testing.assert_allclose(v["W3"] @ dZ3c, v["dA2"].T * m)


def test_chain_rule_symmetric_rows_would_cancel_the_bias_gradients():
    """Why the lesson picks its step-view rows: evenly spread rows are symmetric around 0."""
    import dataclasses

    lesson = find_lesson("chain-rule")
    even = dataclasses.replace(lesson, walkthrough=dataclasses.replace(lesson.walkthrough,
                                                                       trace_select=None))
    v = trace_lesson(even).values()
    assert np.all(np.abs(v["db2"]) < 1e-12) and np.all(np.abs(v["db1"]) < 1e-12)


def test_iris_backward_does_1_7_times_the_multiply_adds_of_forward():
    lesson = find_lesson("three-layer-iris")
    body = next(s.body for s in lesson.sections if "recursion" in s.title)
    assert "1.7 times for 4-8-8-3" in body
    layers = lesson.walkthrough.architecture
    forward = sum(l.input_dim * l.output_dim for l in layers)  # per sample: A·W
    backward = 2 * forward - layers[0].input_dim * layers[0].output_dim  # Aᵀ·δ and δ·Wᵀ
    assert round(backward / forward, 1) == 1.7


def test_trace_select_is_checked(tmp_path):
    from nntutor.lessons.loader import parse_lesson_text
    from nntutor.lessons.model import LessonFileError
    from nntutor.lessons.validate import computed_checks

    text = (find_lesson("chain-rule").path.read_text(encoding="utf-8"))
    with pytest.raises(LessonFileError, match="trace_select lists data row numbers"):
        parse_lesson_text(text.replace("[10, 35, 70, 95]", "[10, -1]"), tmp_path / "a.toml")
    far = parse_lesson_text(text.replace("[10, 35, 70, 95]", "[10, 100]"), tmp_path / "b.toml")
    assert far.walkthrough.trace_rows == 2
    messages = [e.message for e in computed_checks(far)]
    assert any("trace_select row 100 is past the end of the 100 training rows" in m
               for m in messages), messages
