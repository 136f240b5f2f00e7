"""Grading rows with the tutor's own checker: the same verdicts, each distinct answer once,
bad rows with their own error, in a pool of worker processes."""

from __future__ import annotations

import pytest

from nntutor.grade import pool
from nntutor.grade.pool import ERROR, grade_rows
from nntutor.grade.rows import Row
from nntutor.lessons.loader import find_lesson
from nntutor.lessons.runtime import check_answers, exercise_instances

L = "two-layer-backprop"
ANSWERS = ["A1.T @ dZ2", "dZ2 @ A1.T", "A1 @ dZ2", "np.dot(A1.T, dZ2)",
           "__import__('os').system('echo hi')", "A1.T @@ dZ2", "np.ones((10**5, 10**5))"]


def rows_for(answers, exercise="dw2", lesson=L):
    return [Row(k + 2, f"s{k % 3}", lesson, exercise, a) for k, a in enumerate(answers)]


def tutor_verdicts(answers, exercise="dw2"):
    lesson = find_lesson(L)
    ex = lesson.exercise(exercise)
    return check_answers(lesson, ex, answers, instances=exercise_instances(lesson, ex))


def test_same_verdicts_as_the_tutor_in_a_pool():
    results = grade_rows(rows_for(ANSWERS), jobs=2)
    expected = tutor_verdicts(ANSWERS)
    assert [(r.verdict, r.diagnosis, r.message) for r in results] == [
        (v.verdict, v.diagnosis, v.message) for v in expected]
    assert [r.verdict for r in results][:2] == ["correct", "wrong"]
    assert results[4].verdict == "refused" and results[6].verdict == "refused"
    assert [r.row.line for r in results] == list(range(2, 2 + len(ANSWERS)))


def test_each_distinct_answer_is_checked_once(monkeypatch):
    checked = []
    real = pool._grade_chunk

    def counting(lesson_id, exercise_id, answers):
        checked.extend((lesson_id, exercise_id, a) for a in answers)
        return real(lesson_id, exercise_id, answers)

    monkeypatch.setattr(pool, "_grade_chunk", counting)
    answers = ["A1.T @ dZ2", "dZ2 @ A1.T"] * 20 + ["A1.T @ dZ2"]
    results = grade_rows(rows_for(answers) + rows_for(["dZ2.sum(axis=0, keepdims=True)"] * 5,
                                                      exercise="db2"), jobs=1)
    assert len(results) == 46
    assert sorted(checked) == sorted([(L, "dw2", "A1.T @ dZ2"), (L, "dw2", "dZ2 @ A1.T"),
                                      (L, "db2", "dZ2.sum(axis=0, keepdims=True)")])
    assert [r.verdict for r in results[:4]] == ["correct", "wrong", "correct", "wrong"]
    assert all(r.is_correct for r in results[41:])


def test_bad_rows_get_their_own_error_and_the_rest_is_graded():
    rows = [Row(2, "a", "nope", "dw2", "x"), Row(3, "a", "two-layer-backpro", "dw2", "x"),
            Row(4, "a", L, "nope", "x"), Row(5, "a", L, "dw2", "", "empty answer"),
            Row(6, "a", L, "dw2", "A1.T @ dZ2"), Row(7, "a", "/etc/passwd", "dw2", "x")]
    results = grade_rows(rows, jobs=1)
    assert [r.verdict for r in results] == [ERROR] * 4 + ["correct", ERROR]
    assert results[0].message.startswith("unknown lesson 'nope' (lessons: ")
    assert "did you mean 'two-layer-backprop'?" in results[1].message
    assert results[2].message.startswith(f"lesson {L!r} has no exercise 'nope' (it has ")
    assert results[3].message == "empty answer"
    assert results[5].message.startswith("unknown lesson '/etc/passwd'")  # ids only, no paths


def test_a_worker_failure_becomes_error_results(monkeypatch):
    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(pool, "_grade_chunk", broken)
    results = grade_rows(rows_for(["A1.T @ dZ2", "x"]), jobs=1)
    assert [r.verdict for r in results] == [ERROR, ERROR]
    assert results[0].message == "could not be graded (RuntimeError: boom)"


def test_progress_counts_rows():
    seen = []
    grade_rows(rows_for(["A1.T @ dZ2"] * 3) + [Row(9, "a", "nope", "e", "x")], jobs=1,
               progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (1, 4) and seen[-1] == (4, 4)


@pytest.mark.parametrize("jobs", [1, 2])
def test_nothing_to_grade(jobs):
    assert grade_rows([], jobs=jobs) == []


def test_a_pool_that_breaks_is_finished_in_this_process(monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    class Broken:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, fn, *args):
            from concurrent.futures import Future

            future = Future()
            future.set_exception(BrokenProcessPool("a worker died"))
            return future

    monkeypatch.setattr(pool, "ProcessPoolExecutor", Broken)
    results = grade_rows(rows_for(["A1.T @ dZ2", "dZ2 @ A1.T"]), jobs=2)
    assert [r.verdict for r in results] == ["correct", "wrong"]
