"""The debugger never runs a line twice, nor anything the line did not run itself."""

from __future__ import annotations

from nntutor.debugger.events import LineExecuted, Output
from tests.debugger.conftest import events_of, trace

SIDE_EFFECTS = """
import numpy as np

calls = []

def noisy_layer(x, w):
    calls.append(len(calls))
    print("layer ran", len(calls))
    return np.tanh(x @ w)

class Net:
    def __init__(self):
        self.reads = 0
        self._w = np.ones((2, 3))

    @property
    def weights(self):
        self.reads += 1
        return self._w

net = Net()
x = np.ones((4, 2))
h = noisy_layer(x, net.weights) + noisy_layer(x, net.weights)
out = h.sum(axis=1, keepdims=True) * len(calls)
print("calls", calls, "reads", net.reads)
"""


def test_each_line_runs_once_in_the_plain_trace_with_operations(write_script):
    status, out, err = trace(write_script(SIDE_EFFECTS), operations=True)
    assert status == 0, err
    assert out.count("layer ran 1") == 1 and out.count("layer ran 2") == 1
    assert "layer ran 3" not in out
    assert "calls [0, 1] reads 2" in out
    # the operations of the line, shapes from what the line really computed
    assert "noisy_layer(x, net.weights)   noisy_layer((4, 2), ?) -> (4, 3)" in out
    assert "h.sum(axis=1, keepdims=True)   .sum((4, 3)) -> (4, 1)" in out


def test_the_operations_use_the_values_before_the_line_ran(write_script):
    path = write_script("""
        import numpy as np
        H = np.ones((5, 2))
        H = H @ np.ones((2, 7))
    """)
    events = events_of(path, operations=True)
    line = [e for e in events if isinstance(e, LineExecuted) and e.location.lineno == 3][0]
    assert [(o.text, o.operands[0].shape, o.shape, o.known) for o in line.operations] == [
        ("np.ones((2, 7))", (2,), (2, 7), "inferred"),
        ("H @ np.ones((2, 7))", (5, 2), (5, 7), "computed"),
    ]
    assert [(a.name, a.shape, a.change) for a in line.arrays] == [("H", (5, 7), "changed")]


def test_stepping_line_by_line_runs_each_line_once(write_script, drive):
    d = drive(write_script(SIDE_EFFECTS))
    p = d.next_paused()
    while p.live:
        p = d.do("step_into")
    assert d.finish() == 0
    printed = "".join(e.text for e in d.of_type(Output))
    assert printed.count("layer ran") == 2
    assert "calls [0, 1] reads 2" in printed
