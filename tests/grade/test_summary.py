"""Per-student and per-exercise summaries of graded rows."""

from __future__ import annotations

from nntutor.grade.pool import ERROR, Result
from nntutor.grade.rows import Row
from nntutor.grade.summary import Mistake, by_exercise, by_student


def res(student, exercise, answer, verdict, diagnosis=None, lesson="l"):
    diagnosis = diagnosis or ("correct" if verdict == "correct" else None)
    return Result(Row(1, student, lesson, exercise, answer), verdict, diagnosis, "")


RESULTS = [
    res("ada", "e1", "a", "correct"), res("ada", "e2", "x", "wrong", "sign_error"),
    res("bob", "e1", "b", "wrong", "missing_transpose"), res("bob", "e1", "a", "correct"),
    res("cy", "e1", "b", "wrong", "missing_transpose"),
    res("cy", "e1", "c", "wrong", "missing_transpose"),
    res("cy", "e1", "d", "wrong", "scale_error"), res("dee", "e1", "f", "wrong", "sign_error"),
    res("dee", "e1", "g", "invalid", "syntax_error"), res("dee", "e9", "q", ERROR),
]


def test_by_student():
    got = {s.student: (len(s.solved), len(s.attempted), s.errors) for s in by_student(RESULTS)}
    assert got == {"ada": (1, 2, 0), "bob": (1, 1, 0), "cy": (0, 1, 0), "dee": (0, 1, 1)}


def test_by_exercise_right_and_the_three_most_common_mistakes():
    e1, e2 = by_exercise(RESULTS)
    assert (e1.exercise, e1.students, e1.right, e1.answers, e1.correct_answers) == \
        ("e1", 4, 2, 8, 2)
    assert e1.mistakes == (Mistake("missing_transpose", 3, "b"),
                           Mistake("scale_error", 1, "d"), Mistake("sign_error", 1, "f"))
    assert e2.mistakes == (Mistake("sign_error", 1, "x"),)
    assert e1.to_json()["mistakes"][0] == {"diagnosis": "missing_transpose", "count": 3,
                                           "example": "b"}
