"""Only the learner's files cost anything: library code runs without the tracer (imports on
3.11, every call on 3.12+ through sys.monitoring), the learner's own modules are traced, and
the trace is the same on every version."""

from __future__ import annotations

import sys

import pytest

from nntutor.debugger import monitor
from tests.debugger.conftest import trace


@pytest.fixture
def library(tmp_path_factory, monkeypatch):
    """A module outside the script's folder that records whether it was traced."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "fakelib.py").write_text(
        "import sys\n"
        "TRACED_AT_IMPORT = sys.gettrace() is not None\n"
        "def double(x):\n"
        "    return 2 * x\n"
    )
    monkeypatch.syspath_prepend(str(folder))
    yield
    sys.modules.pop("fakelib", None)


def test_a_library_is_imported_untraced_and_a_learners_module_is_traced(write_script, library):
    write_script("""
        def scale(v):
            w = v * 3
            return w
    """, name="mine.py")
    path = write_script("""
        import fakelib
        import mine
        print("traced at import:", fakelib.TRACED_AT_IMPORT)
        total = sum(fakelib.double(i) for i in range(1000))
        print(mine.scale(total))
    """)
    status, out, _ = trace(path)
    assert status == 0
    assert "traced at import: False" in out
    assert "w = v * 3" in out  # the learner's module, imported, is traced
    assert "return 2 * x" not in out  # the library's never
    assert "2997000" in out


@pytest.mark.skipif(not hasattr(sys, "monitoring"), reason="sys.monitoring is 3.12+")
def test_monitoring_is_released_after_each_run_so_the_next_run_traces_again(write_script):
    path = write_script("""
        import json
        for i in range(5):
            s = json.dumps([i])
        print(s)
    """)
    first = trace(path)
    assert sys.monitoring.get_tool(sys.monitoring.DEBUGGER_ID) is None
    assert monitor.available()
    second = trace(path)
    assert first == second
    assert "… loop at line 2 repeated 2 more times (first 3 shown)" in first[1]


@pytest.mark.skipif(not hasattr(sys, "monitoring"), reason="sys.monitoring is 3.12+")
def test_with_the_tool_id_taken_the_tracer_falls_back_to_settrace(write_script):
    path = write_script("""
        x = 1
        y = x + 1
        print(y)
    """)
    expected = trace(path)
    mon = sys.monitoring
    mon.use_tool_id(mon.DEBUGGER_ID, "another debugger")
    try:
        assert not monitor.available()
        assert trace(path) == expected
    finally:
        mon.free_tool_id(mon.DEBUGGER_ID)
