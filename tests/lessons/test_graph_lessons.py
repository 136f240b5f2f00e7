"""The graph lessons: each validates, its gradients pass gradcheck parameter by parameter and
op by op (on its own data and on random sizes), its exercises have known wrong answers that
are wrong, and its prose states the loss convention and says nothing of where it came from."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from nntutor.lessons import graph_run
from nntutor.lessons.loader import load_lesson_file
from nntutor.lessons.runtime import check_answers, exercise_instances, trace_lesson
from nntutor.lessons.validate import validate_paths

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
GRAPH_LESSONS = ["softmax-classifier", "residual-block", "layer-norm", "attention-head"]


@pytest.fixture(scope="module", params=GRAPH_LESSONS)
def lesson(request):
    return load_lesson_file(LESSONS / f"{request.param}.toml")


def test_it_validates(lesson):
    assert validate_paths([lesson.path]) == []


def test_gradcheck_on_its_own_data(lesson):
    from nntutor.engine.graph.check import check_graph

    graph = lesson.graph
    data = graph_run.load_data(graph)
    X, Y = graph_run.trace_rows(data, graph.trace_rows)
    g = graph_run.build(graph, {**data.sizes, "n": len(X)})
    values = graph_run.values_for(g, graph, X, Y, seed=1)
    for p in graph.params:  # biases start at zero: give them values that matter
        values[p.name] = values[p.name] + 0.1
    report = check_graph(g, values)
    assert report.passed, report.first_wrong()
    # every op of the lesson was checked, not only the parameters
    assert len(report.ops) >= len(g.ops) and len(report.params) == len(graph.params)


def test_gradcheck_on_random_sizes(lesson):
    from nntutor.engine.graph.check import check_graph

    rng = np.random.default_rng(3)
    tape, sizes = graph_run.random_pass(lesson.graph, rng, 2, 7)
    g = graph_run.build(lesson.graph, {k: v for k, v in sizes.items() if k != "1"})
    names = set(g.inputs) | set(g.params)
    report = check_graph(g, {k: v for k, v in tape.values().items() if k in names})
    assert report.passed, report.first_wrong()


def test_exercises_grade_as_written(lesson):
    assert len(lesson.exercises) >= 4
    for ex in lesson.exercises:
        assert ex.wrong, f"{ex.id} has no known wrong answer"
        instances = exercise_instances(lesson, ex)
        answers = [ex.answer] + [w.answer for w in ex.wrong]
        verdicts = check_answers(lesson, ex, answers, instances=instances)
        assert verdicts[0].verdict == "correct", (ex.id, verdicts[0].message)
        for wrong, verdict in zip(ex.wrong, verdicts[1:]):
            assert verdict.verdict != "correct", (ex.id, wrong.answer)
            assert verdict.feedback == wrong.feedback, (ex.id, wrong.answer)


def test_prompts_state_the_loss_convention(lesson):
    """Every exercise's prompt says whether the loss is a mean over the rows or a sum."""
    for ex in lesson.exercises:
        prompt = ex.prompt.lower()
        assert re.search(r"\bmean\b[^.]*\b(loss|error|cross-entropy)|\bsummed\b", prompt), ex.id


def test_no_word_seed(lesson):
    assert "seed" not in lesson.path.read_text(encoding="utf-8").lower()


def test_the_fork_step_adds_the_branches():
    lesson = load_lesson_file(LESSONS / "residual-block.toml")
    tape = trace_lesson(lesson)
    (fork,) = [s for s in tape if s.op == "fork"]
    assert fork.node == "A1" and len(fork.inputs) == 2
    np.testing.assert_allclose(fork.result.value, fork.inputs[0].value + fork.inputs[1].value)
    values = tape.values()
    np.testing.assert_allclose(values["dA1"], values["dZ2"] @ values["W2"].T + values["dH"])


def test_unfused_and_fused_softmax_gradients_agree():
    lesson = load_lesson_file(LESSONS / "softmax-classifier.toml")
    values = trace_lesson(lesson).values()
    P, Y = values["P"], values["Y"]
    n = len(P)
    np.testing.assert_allclose(values["dP"], -Y / P / n)
    np.testing.assert_allclose(values["dZ2"], (P - Y) / n, atol=1e-12)


def test_softmax_classifier_trains_on_iris():
    from nntutor.lessons.runtime import train_lesson

    result = train_lesson(load_lesson_file(LESSONS / "softmax-classifier.toml"))
    assert result.accuracy >= 0.95
