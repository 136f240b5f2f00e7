"""The adversarial corpus: every input refused, fast, with nothing touched."""

from __future__ import annotations

import os

import numpy as np
import pytest

from nntutor.checker import sandbox
from nntutor.checker.errors import ExpressionError, ExpressionRefused
from nntutor.checker.evaluator import evaluate
from nntutor.checker.limits import DEFAULT_LIMITS
from tests.checker import hostile
from tests.checker.lesson import variables


def _id(expr: str) -> str:
    return ascii(expr[:40])


@pytest.fixture(scope="module")
def worker_dir(tmp_path_factory):
    """A fresh sandbox worker whose working directory we can inspect afterwards."""
    path = tmp_path_factory.mktemp("worker")
    old = sandbox.WORKER_DIR
    sandbox.WORKER_DIR = str(path)
    sandbox.shared().close()
    evaluate("X.sum()", variables())  # start it there
    yield path
    sandbox.WORKER_DIR = old
    sandbox.shared().close()


@pytest.fixture(scope="module")
def lesson():
    return variables(seed=1)


@pytest.fixture(scope="module")
def pristine(lesson):
    return {k: np.copy(v) for k, v in lesson.items()}


def test_the_corpus_is_large_and_distinct():
    assert len(hostile.ALL) >= 100
    assert len(set(hostile.ALL)) == len(hostile.ALL)


def test_a_refusal_can_never_take_two_seconds():
    # the sandbox kills a worker that has not answered by then, whatever the expression
    assert DEFAULT_LIMITS.seconds + sandbox.GRACE_SECONDS < 2.0


@pytest.mark.parametrize("isolated", [True, False], ids=["sandbox", "in-process"])
@pytest.mark.parametrize("expr", hostile.ALL, ids=_id)
def test_hostile_input_is_refused(expr, isolated, lesson, pristine, worker_dir, tmp_path,
                                  monkeypatch):
    monkeypatch.chdir(tmp_path)
    starts = sandbox.shared().starts
    expected = ExpressionRefused if expr in hostile.REFUSED else ExpressionError
    with pytest.raises(expected) as info:
        evaluate(expr, lesson, isolated=isolated)
    message = info.value.message
    assert "\n" not in message and message
    assert "internal error" not in message
    # refused by the checks, not by the watchdog: nothing ran long enough to be killed
    assert "took longer" not in message and "was stopped" not in message
    assert sandbox.shared().starts == starts, "the sandbox worker died"
    # still alive and still right
    assert evaluate("X.sum()", lesson, isolated=isolated) == pytest.approx(lesson["X"].sum())
    assert os.listdir(tmp_path) == []
    assert os.listdir(worker_dir) == []
    for name, value in pristine.items():
        np.testing.assert_array_equal(lesson[name], value)
        assert not isinstance(lesson[name], np.ndarray) or lesson[name].flags.writeable


@pytest.mark.parametrize("expr, words", [
    ("X.__class__", "attribute '__class__' at column 3"),
    ("np.load('x')", "np.load at column 4 is not available in exercises"),
    ("np.ones((10**6, 10**6))", "would have 10^12 elements"),
    ("\u0425 @ d", "'X' instead"),
    ("X + d\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE) at column 6"),
    ("open('x')", "strings are only allowed as np.einsum subscripts"),
    ("SystemExit", "built-in 'SystemExit'"),
    ("9**9**9", "beyond 2^63"),
    ("X.tofile", "attribute '.tofile' at column 3"),
    ("(x for x in ()).gi_frame", "attribute '.gi_frame' at column 17"),
    ("(x for x in ())", "a generator expression at column 1"),
])
def test_refusals_name_the_construct_and_where(expr, words, lesson):
    with pytest.raises(ExpressionRefused) as info:
        evaluate(expr, lesson, isolated=False)
    assert words in info.value.message
    assert info.value.message.startswith("refused: ")
