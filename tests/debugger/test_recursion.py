"""A runaway recursion in the learner's script fails as under python: at about the same depth,
and its traceback shows the learner's frames only (never the debugger's)."""

from __future__ import annotations

import re
import subprocess
import sys

from nntutor.debugger.events import ExceptionRaised
from tests.debugger.conftest import events_of, trace

RUNAWAY = """
    import numpy as np

    def forward(x, n):
        y = np.tanh(x)
        return forward(y, n + 1)

    forward(np.ones(3), 0)
"""


def _repeats(text: str) -> int:
    found = re.findall(r"\[Previous line repeated (\d+) more times\]", text)
    assert len(found) == 1, text[-2000:]
    return int(found[0])


def test_the_recursion_fails_at_python_s_depth_with_the_learner_s_frames_only(write_script):
    path = write_script(RUNAWAY)
    plain = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=120)
    status, out, err = trace(path)
    assert status == plain.returncode == 1
    assert err.endswith("RecursionError: maximum recursion depth exceeded\n")
    assert abs(_repeats(err) - _repeats(plain.stderr)) <= 3
    files = set(re.findall(r'File "([^"]+)"', err))
    assert files == {path}  # no nntutor/, no bdb.py
    assert "note: forward() was called" in out and out.count("note: forward()") == 1


def test_after_a_caught_recursion_error_the_script_goes_on(write_script):
    path = write_script("""
        def down(n):
            return down(n + 1)

        try:
            down(0)
        except RecursionError:
            message = "caught"
        print(message)
    """)
    status, out, err = trace(path)
    assert (status, err) == (0, "")
    assert "caught" in out
    raised = [e for e in events_of(path) if isinstance(e, ExceptionRaised)]
    assert raised == []
