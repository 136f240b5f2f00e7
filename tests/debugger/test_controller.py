"""The interactive controller, driven from another thread the way the debugger screen will."""

from __future__ import annotations

import numpy as np
import pytest

from nntutor.debugger.controller import BreakpointError
from nntutor.debugger.events import ExceptionRaised, Finished, Notice, Output

STEPS = """
import numpy as np

def layer(x, w):
    z = x @ w
    return np.tanh(z)

x = np.ones((4, 2))
w = np.full((2, 3), 0.5)

h = layer(x, w)
w += 1
w += 1
print("done", h.shape)
"""


def test_stepping_into_over_and_out(write_script, drive):
    d = drive(write_script(STEPS))
    p = d.next_paused()
    assert (p.reason, p.location.lineno, p.live) == ("start", 1, True)
    for line in (3, 7, 8):
        p = d.do("step_over")
        assert (p.reason, p.location.lineno) == ("step", line)
    p = d.do("step_over")
    assert p.location.lineno == 10 and p.location.source == "h = layer(x, w)"
    assert [(a.name, a.shape, a.change) for a in p.arrays] == [
        ("x", (4, 2), ""), ("w", (2, 3), "new")]
    # the line's operations, shapes inferred before it runs
    assert [(o.text, o.shape, o.known) for o in p.operations] == [("layer(x, w)", None, "unknown")]
    p = d.do("step_into")
    assert (p.location.function, p.location.lineno, p.depth) == ("layer", 4, 1)
    assert [a.name for a in p.arrays] == ["x", "w"]
    assert [o.describe() for o in p.operations] == ["(4, 2) @ (2, 3) -> (4, 3)"]
    assert [loc.lineno for loc in p.stack] == [10, 4]
    p = d.do("step_over")
    assert p.location.lineno == 5 and [(a.name, a.change) for a in p.arrays][-1] == ("z", "new")
    p = d.do("step_out")
    assert (p.location.function, p.location.lineno) == ("<module>", 11)
    assert ("h", "new") in [(a.name, a.change) for a in p.arrays]
    d.do("continue_")  # runs to the end, then shows the final state
    assert d.finish() == 0
    assert [e.exit_status for e in d.of_type(Finished)] == [0]
    assert "".join(e.text for e in d.of_type(Output)) == "done (4, 3)\n"


def test_breakpoints(write_script, drive):
    d = drive(write_script(STEPS))
    d.next_paused()
    c = d.controller
    assert c.add_breakpoint(9) == 10  # a blank line: the next statement
    assert c.add_breakpoint(12) == 12
    assert c.breakpoints == (10, 12)
    with pytest.raises(BreakpointError, match="line 99 is outside"):
        c.add_breakpoint(99)
    p = d.do("continue_")
    assert (p.reason, p.location.lineno) == ("breakpoint", 10)
    assert c.remove_breakpoint(12) is True and c.remove_breakpoint(12) is False
    assert c.toggle_breakpoint(11) == 11
    p = d.do("continue_")
    assert (p.reason, p.location.lineno) == ("breakpoint", 11)
    d.do("continue_")
    assert d.finish() == 0


def test_run_to_the_next_array_change(write_script, drive):
    d = drive(write_script(STEPS))
    d.next_paused()
    p = d.do("run_to_array_change")
    assert p.reason == "array" and p.location.lineno == 8  # x was just created on line 7
    assert [(a.name, a.change) for a in p.arrays] == [("x", "new")]
    p = d.do("run_to_array_change")
    assert p.location.lineno == 10 and ("w", "new") in [(a.name, a.change) for a in p.arrays]
    p = d.do("run_to_array_change")  # into layer(): z is made inside it
    assert (p.location.function, p.location.lineno) == ("layer", 5)
    d.finish()


def test_after_a_continue_step_back_goes_to_the_last_step_looked_at(write_script, drive):
    d = drive(write_script(STEPS))
    d.next_paused()
    d.controller.add_breakpoint(13)
    p = d.do("continue_")
    w_now = next(a for a in p.arrays if a.name == "w")
    assert p.location.lineno == 13 and np.all(w_now.value == 2.5)
    # the lines in between ran without being recorded: back is the first line again
    p = d.do("step_back")
    assert (p.live, p.reason, p.location.lineno) == (False, "history", 1)
    p = d.do("step_forward")
    assert (p.live, p.location.lineno) == (True, 13)
    d.finish()


def test_history_walks_back_over_in_place_updates(write_script, drive):
    d = drive(write_script(STEPS))
    d.next_paused()
    for _ in range(7):  # to line 13, one line at a time
        p = d.do("step_over")
    assert p.location.lineno == 13
    assert next(a for a in p.arrays if a.name == "w").value[0, 0] == 2.5
    p = d.do("step_back")
    assert (p.location.lineno, p.live) == (12, False)
    w = next(a for a in p.arrays if a.name == "w")
    assert w.value[0, 0] == 1.5 and w.change == "changed"
    p = d.do("step_back")
    assert p.location.lineno == 11 and next(a for a in p.arrays if a.name == "w").value[0, 0] == 0.5
    p = d.do("step_forward")
    assert p.location.lineno == 12
    p = d.do("step_forward")
    assert (p.location.lineno, p.live) == (13, True)
    p = d.do("step_over")  # running on from the live point: the script ends
    assert (p.reason, p.live) == ("finished", False)
    assert d.finish() == 0


def test_the_memory_budget_drops_the_oldest_steps_with_a_notice(write_script, drive):
    path = write_script("""
        import numpy as np
        a = np.zeros(100)
        for i in range(20):
            a = a + 1
    """)
    d = drive(path, memory_budget=3000)  # each copy of `a` is 800 bytes
    d.next_paused()
    for _ in range(12):
        p = d.do("step_over")
    notes = [e for e in d.seen if isinstance(e, Notice) and e.kind == "history"]
    assert notes and "oldest steps to stay within the 2.93 KB memory budget" in notes[0].text
    assert p.oldest_step > 1
    walked = 0
    while True:
        p = d.do("step_back")
        if p.live is False and p.step == p.oldest_step:
            break
        walked += 1
        assert walked < 20
    notes_before = len([e for e in d.seen if isinstance(e, Notice)])
    d.controller.step_back()
    d.controller.step_forward()
    d.next_paused()
    oldest = [e for e in d.seen if isinstance(e, Notice)][notes_before:]
    said = "this is the oldest recorded step (older steps were dropped"
    assert any(said in n.text for n in oldest)
    d.finish()


def test_output_panel_and_input(write_script, drive):
    path = write_script("""
        name = input("name? ")
        print("hello", name)
    """)
    d = drive(path)
    d.next_paused()
    d.controller.send_input("Ada\n")
    d.do("continue_")
    assert d.finish() == 0
    assert "".join(e.text for e in d.of_type(Output)) == "name? hello Ada\n"


def test_pause_a_running_loop_and_quit(write_script, drive):
    path = write_script("""
        n = 0
        while True:
            n += 1
    """)
    d = drive(path)
    d.next_paused()
    assert d.controller.continue_() is True
    assert d.controller.step_over() is False  # running: refused, not replayed later
    d.controller.pause()
    p = d.next_paused()
    assert p.reason == "pause" and p.location.lineno in (2, 3)
    assert d.finish() == 0
    assert [e.how for e in d.of_type(Finished)] == ["quit"]


def test_stops_on_a_shape_error_with_its_explanation(drive):
    from tests.debugger.conftest import example

    d = drive(example("bug_skipped_hidden_layer.py"))
    d.next_paused()
    p = d.do("continue_")
    assert (p.reason, p.live, p.location.lineno) == ("exception", False, 27)
    assert ("H", (100, 3)) in [(a.name, a.shape) for a in p.arrays]
    raised = d.of_type(ExceptionRaised)
    assert raised[0].explanation.fixes[0].expr == "np.dot(H, W2)"
    assert d.finish() == 1


def test_a_breakpoint_added_while_continuing_stops_and_steps_line_by_line(write_script, drive):
    path = write_script("""
        n = 0
        while True:
            n += 1
            if n == 1000:
                print("looping", flush=True)
    """)
    d = drive(path)
    d.next_paused()
    assert d.controller.continue_() is True
    while not any("looping" in e.text for e in d.of_type(Output)):
        d.seen.append(d.events.get(timeout=10))
    d.controller.add_breakpoint(3)  # the loop's lines stopped reporting: this turns them on
    p = d.next_paused()
    assert (p.reason, p.location.lineno) == ("breakpoint", 3)
    assert d.do("step_over").location.lineno == 4
    assert d.finish() == 0


def test_stepping_out_of_a_breakpoint_returns_to_lines_continued_past(write_script, drive):
    path = write_script("""
        def f(i):
            return i + 1

        total = 0
        for i in range(50):
            total = f(i)
        print(total)
    """)
    d = drive(path)
    d.next_paused()
    d.controller.add_breakpoint(2)
    p = d.do("continue_")  # the module's lines run without reporting, f's stop
    assert (p.reason, p.location.function, p.location.lineno) == ("breakpoint", "f", 2)
    p = d.do("step_out")
    assert (p.location.function, p.location.lineno) == ("<module>", 5)
    assert d.do("step_over").location.lineno == 6
    d.controller.remove_breakpoint(2)
    d.do("continue_")
    assert d.finish() == 0
    assert "".join(e.text for e in d.of_type(Output)) == "50\n"
