"""A script that forks: the child runs the rest of the script untraced (no deadlock on the
debugger's queues, no events), the parent goes on being traced."""

from __future__ import annotations

import os

import pytest

from nntutor.debugger.events import Finished, LineExecuted
from tests.debugger.conftest import trace

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

FORKING = """
    import os, sys
    import numpy as np
    x = np.ones((2, 3))
    pid = os.fork()
    if pid == 0:
        monitored = hasattr(sys, "monitoring") and sys.monitoring.get_tool(0) is not None
        with open({child!r}, "w") as f:
            f.write(f"child traced={{sys.gettrace() is not None or monitored}}")
        y = x * 2
    else:
        _, code = os.waitpid(pid, 0)
        z = x + 1
        with open({parent!r}, "w") as f:
            f.write(f"parent saw child exit {{code}}")
"""


def _script(write_script, tmp_path):
    child, parent = tmp_path / "child.txt", tmp_path / "parent.txt"
    return write_script(FORKING.format(child=str(child), parent=str(parent))), child, parent


def test_stepping_over_fork_in_the_debugger_does_not_hang(write_script, tmp_path, drive):
    path, child, parent = _script(write_script, tmp_path)
    driver = drive(path)
    paused = driver.next_paused(timeout=30)
    while paused.location.lineno < 13:  # step over every line of the parent, fork included
        paused = driver.do("step_over")
        assert not 6 <= paused.location.lineno <= 9  # the child's lines are never shown
    assert driver.controller.continue_()
    paused = driver.next_paused(timeout=60)  # the end: the parent waited for the child
    assert child.read_text() == "child traced=False"
    assert parent.read_text() == "parent saw child exit 0"
    assert driver.finish() == 0
    assert any(isinstance(e, Finished) and e.exit_status == 0 for e in driver.seen)
    lines = [e.location.lineno for e in driver.seen if isinstance(e, LineExecuted)]
    assert {4, 11, 12} <= set(lines) and not set(lines) & {6, 7, 8, 9}


def test_the_plain_trace_shows_the_parent_only(write_script, tmp_path):
    path, child, parent = _script(write_script, tmp_path)
    status, out, err = trace(path)
    assert (status, err) == (0, "")
    assert child.read_text() == "child traced=False"
    assert parent.read_text() == "parent saw child exit 0"
    assert "z = x + 1" in out and "y = x * 2" not in out
    assert out.count("finished: exit status 0") == 1
