"""The pieces: finding arrays and their changes, the history budget, reading a frame safely,
splitting a line into operations."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from nntutor.debugger.arrays import FrameArrays, collect
from nntutor.debugger.events import ArrayInfo, Location
from nntutor.debugger.history import History, Snapshot
from nntutor.debugger.namespace import UNKNOWN, Namespace
from nntutor.shapes.walker import analyse


class Layer:
    def __init__(self):
        self.W = np.ones((2, 3))


def test_arrays_by_name_in_dicts_lists_and_the_learners_objects():
    layer = Layer()
    namespace = {"X": np.zeros((4, 2)), "params": {"W1": np.ones(3), "lr": 0.1},
                 "caches": [np.ones(2), "text"], "layer": layer, "__builtins__": {}, "n": 3}
    found = collect(namespace, lambda v: isinstance(v, Layer))
    assert list(found) == ["X", "params['W1']", "caches[0]", "layer.W"]


def test_changes_are_seen_by_identity_and_by_content():
    arrays = FrameArrays()
    w = np.zeros(3)
    every, changed = arrays.update({"w": w})
    assert [(a.name, a.change) for a in changed] == [("w", "new")]
    assert arrays.update({"w": w})[1] == ()  # nothing happened
    w += 1  # in place
    every, changed = arrays.update({"w": w})
    assert [(a.name, a.change) for a in changed] == [("w", "changed")]
    assert changed[0].value.tolist() == [1.0, 1.0, 1.0] and not changed[0].value.flags.writeable
    every, changed = arrays.update({"w": np.ones(3), "b": np.zeros(1)})  # rebound, and a new one
    assert [(a.name, a.change) for a in every] == [("w", "changed"), ("b", "new")]
    nan = np.array([np.nan])
    arrays.update({"x": nan})
    assert arrays.update({"x": nan})[1] == ()  # NaN equals NaN here: not a change


def snapshot(step, *arrays):
    loc = Location("f.py", step, "<module>", "")
    return Snapshot(step, loc, 0, tuple(arrays), (loc,))


def info(name, value):
    value = np.array(value, dtype=float)
    value.setflags(write=False)
    return ArrayInfo(name, value.shape, "float64", "", value)


def test_history_counts_a_shared_copy_once_and_drops_the_oldest():
    shared = info("a", np.zeros(100))  # 800 bytes
    history = History(budget_bytes=2000)
    assert history.add(snapshot(1, shared)) == 0
    assert history.add(snapshot(2, shared)) == 0
    assert history.bytes == 800
    assert history.add(snapshot(3, shared, info("b", np.zeros(100)))) == 0
    assert history.bytes == 1600
    dropped = history.add(snapshot(4, info("c", np.zeros(100))))  # 2400 > 2000
    assert dropped == 3 and history.dropped == 3
    assert (history.oldest, history.newest, len(history)) == (4, 4, 1)
    assert history.bytes == 800
    with pytest.raises(ValueError):
        History(budget_bytes=-1)


def test_the_newest_step_stays_even_above_the_budget():
    history = History(budget_bytes=10)
    history.add(snapshot(1, info("big", np.zeros(1000))))
    assert len(history) == 1 and history.position(1) == 0 and history.position(2) is None


def test_reading_a_frame_never_runs_a_property():
    class Net:
        calls = 0

        @property
        def weights(self):
            Net.calls += 1
            return np.ones(2)

        def __getattr__(self, name):
            Net.calls += 1
            return np.ones(2)

    net = Net()
    net.bias = np.zeros(2)
    ns = Namespace({"net": net, "d": {"k": 1}, "X": np.zeros((5, 2))})
    expr = lambda text: ast.parse(text, mode="eval").body  # noqa: E731
    assert ns.value(expr("net.weights")) is UNKNOWN
    assert ns.value(expr("net.missing")) is UNKNOWN
    assert ns.value(expr("net.bias")).shape == (2,)
    assert ns.value(expr("d['k'] + 1")) == 2
    assert ns.value(expr("(X.shape[0], 3)")) == (5, 3)
    assert ns.value(expr("len(X)")) == 5
    assert ns.value(expr("X.sum()")) is UNKNOWN  # a call that is not known to be harmless
    assert Net.calls == 0


def ops_of(text, **names):
    ns = Namespace({"np": np, **names})
    return analyse(ast.parse(text).body[0], ns, assume_user_elementwise=True)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_a_line_split_in_evaluation_order():
    found = ops_of("A = sigmoid(X @ W.T + b) * 2", X=np.zeros((8, 2)), W=np.zeros((3, 2)),
                   b=np.zeros((1, 3)), sigmoid=sigmoid)
    assert [(o.text, o.shape) for o in found.operations] == [
        ("W.T", (2, 3)),
        ("X @ W.T", (8, 3)),
        ("X @ W.T + b", (8, 3)),
        ("sigmoid(X @ W.T + b)", (8, 3)),
        ("sigmoid(X @ W.T + b) * 2", (8, 3)),
    ]
    assert found.operations[3].known == "assumed" and found.failure is None


def test_the_first_failing_operation_is_the_smallest_failing_sub_expression():
    found = ops_of("Z = np.tanh(X @ W1) @ W1 + b", X=np.zeros((8, 2)), W1=np.zeros((2, 3)),
                   b=np.zeros((1, 3)))
    assert found.failure is not None
    assert found.failure.operation.text == "np.tanh(X @ W1) @ W1"
    assert [o.shape for o in found.failure.operation.operands] == [(8, 3), (2, 3)]
    assert [op.text for op in found.operations][-1] == "np.tanh(X @ W1) @ W1"  # none after it


def test_assignments_are_looked_up_in_their_own_function():
    from nntutor.debugger.source import SourceIndex

    text = (
        "import numpy as np\n"          # 1
        "W = np.zeros((2, 2))\n"        # 2
        "def forward(X):\n"             # 3
        "    W = np.ones((3, 4))\n"     # 4
        "    for i in range(2):\n"      # 5
        "        W += 1\n"              # 6
        "    return X @ W\n"            # 7
    )
    index = SourceIndex("m.py", text)
    assert index.scope_of(7) == 3 and index.scope_of(2) == 0
    assert [line for line, _ in index.assignments("W", index.scope_of(7))] == [4, 6]
    assert [line for line, _ in index.assignments("W")] == [2]
    assert index.loops[5].body_first == 6 and index.statement_line(6) == 6
    assert index.statement_text(5) == "for i in range(2):"
    assert index.breakable_line(3) == 3 and index.indent(6, 3) == 4  # inside the def body
