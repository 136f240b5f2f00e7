"""The learner's traceback is drawn one way on every supported Python (3.11, 3.12, 3.13)."""

from __future__ import annotations

from nntutor.debugger.events import ExceptionRaised
from nntutor.debugger.traceback_text import format_exception
from tests.debugger.conftest import events_of, trace


def test_a_failing_call_is_underlined_with_carets_only(write_script):
    # 3.12 and later would draw "~~~~~~^^^^^^^" (callee, then arguments); 3.11 "^^^^^^^^^^^^^"
    path = write_script("""
        import numpy as np
        X, W = np.ones((4, 2)), np.ones((3, 1))
        Y = 1 + np.dot(X, W)  # the product fails
    """)
    lines = _traceback(path).splitlines()
    at = lines.index("    Y = 1 + np.dot(X, W)  # the product fails")
    assert lines[at + 1] == "            ^^^^^^^^^^^^"
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-1].startswith("ValueError: shapes (4,2) and (3,1) not aligned")


def test_an_operator_is_underlined_whole(write_script):
    path = write_script("""
        import numpy as np
        a, b = np.ones((4, 2)), np.ones((3,))
        c = (a + b) * 2
    """)
    assert "    c = (a + b) * 2\n         ^^^^^\n" in _traceback(path)  # no "~~^~~" on 3.11 either


def test_a_whole_line_gets_no_carets(write_script):
    path = write_script("""
        def f():
            raise KeyError("w1")
        f()
    """)
    _, _, err = trace(path)
    assert err.splitlines()[1:6] == [
        f'  File "{path}", line 3, in <module>',
        "    f()",
        f'  File "{path}", line 2, in f',
        '    raise KeyError("w1")',
        "KeyError: 'w1'",
    ]


def test_a_chained_exception_shows_both_and_repeats_are_counted():
    def deep(n):
        if n == 0:
            raise ValueError("bottom")
        return deep(n - 1)

    try:
        try:
            deep(6)
        except ValueError as exc:
            raise RuntimeError("while training") from exc
    except RuntimeError as exc:
        text = format_exception(exc)
    assert text.count("Traceback (most recent call last):") == 2
    assert "The above exception was the direct cause of the following exception:" in text
    assert "  [Previous line repeated 3 more times]\n" in text
    assert text.endswith("RuntimeError: while training\n")


def test_plain_mode_prints_the_same_text_as_the_screen_gets(write_script):
    path = write_script("import os\nos.stat('/no/such/file/at/all')\n")
    status, _, err = trace(path)
    assert status == 1
    assert err == _traceback(path)
    assert err.splitlines()[2:4] == ["    os.stat('/no/such/file/at/all')",
                                     "FileNotFoundError: [Errno 2] No such file or directory: "
                                     "'/no/such/file/at/all'"]


def _traceback(path: str) -> str:
    raised = [e for e in events_of(path) if isinstance(e, ExceptionRaised)]
    assert len(raised) == 1
    return raised[0].traceback
