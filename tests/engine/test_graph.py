"""Graphs from forward lines: parsing, forks, the tape, training and gradcheck."""

import numpy as np
import pytest

from nntutor.engine.gradcheck import gradcheck
from nntutor.engine.graph import Graph, GraphError, ParamSpec

RESIDUAL = [
    "Z1 = X @ W1 + b1",
    "A1 = relu(Z1)",
    "H  = A1 @ W2 + b2 + X        # residual: X used twice",
    "P  = softmax(H, axis=1)",
    "L  = cross_entropy(P, Y)",
]
RESIDUAL_PARAMS = {"W1": ParamSpec(("d", "h")), "b1": ParamSpec(("1", "h"), "zeros"),
                   "W2": ParamSpec(("h", "d")), "b2": ParamSpec(("1", "d"), "zeros")}
ATTENTION = [
    "Q = X @ Wq",
    "K = X @ Wk",
    "V = X @ Wv",
    "S = Q @ K.T / sqrt(k)",
    "P = softmax(S, axis=1)",
    "O = P @ V",
    "N = layer_norm(O)",
    "L = mse(N, Y)",
]


def residual(n=5, seed=1):
    g = Graph.parse(RESIDUAL, RESIDUAL_PARAMS, {"X": ("n", "d"), "Y": ("n", "d")},
                    {"n": n, "d": 3, "h": 4})
    rng = np.random.default_rng(seed)
    values = {**g.init_params(seed), "X": rng.standard_normal((n, 3)),
              "Y": np.eye(3)[rng.integers(0, 3, n)]}
    return g, values


def attention(seed=2):
    g = Graph.parse(ATTENTION, {w: ParamSpec(("e", "k")) for w in ("Wq", "Wk", "Wv")},
                    {"X": ("t", "e"), "Y": ("t", "k")}, {"t": 4, "e": 3, "k": 2})
    rng = np.random.default_rng(seed)
    return g, {**g.init_params(seed), "X": rng.standard_normal((4, 3)),
               "Y": rng.standard_normal((4, 2))}


def test_a_fork_gets_its_own_step_adding_the_branches():
    g, values = residual()
    tape = g.trace(values)
    forks = [s for s in tape if s.op == "fork"]
    assert len(forks) == 1
    fork = forks[0]
    assert fork.node == "X" and fork.grad_of == ("X",)
    assert fork.numpy == "dX = dX_via_H + dX_via_XW1"
    assert fork.formula == "∂L/∂X = ∂L/∂X via H + ∂L/∂X via XW1"
    parts = [tape.steps[i] for i in range(fork.index) if tape.steps[i].outputs[0].name in
             ("dX_via_H", "dX_via_XW1")]
    assert len(parts) == 2 and all(p.grad_of == () for p in parts)
    assert np.allclose(fork.result.value, parts[0].result.value + parts[1].result.value)
    # and the sum is the true gradient of X
    assert np.allclose(fork.result.value, g.gradients(values, wrt=["X"])["X"])
    assert "(=)" in fork.note and "ADD" in fork.note


def test_the_tape_and_the_untraced_pass_agree_bit_for_bit():
    g, values = residual()
    tape = g.trace(values)
    grads = g.gradients(values)
    by_name = tape.values()
    for name, grad in grads.items():
        assert np.array_equal(by_name[f"d{name}"], grad), name
    assert tape.loss == g.loss(values)


def test_forward_steps_say_what_each_line_computes():
    g, values = residual()
    tape = g.trace(values)
    first = tape[0]
    assert (first.op, first.node, first.numpy, first.line) == ("matmul", "XW1", "XW1 = X @ W1", 1)
    assert first.shape_algebra == ("(5, 3) @ (3, 4) → (5, 4)", "(n, d) @ (d, h) → (n, h)")
    softmax = next(s for s in tape if s.op == "softmax")
    assert softmax.op_params == {"axis": 1} and "not element by element" in softmax.note
    assert tape.dims["W1"] == ("d", "h") and tape.sizes["h"] == 4


def test_the_bias_gradient_step_explains_the_broadcast_sum():
    g, values = residual()
    tape = g.trace(values)
    step = next(s for s in tape if s.outputs[0].name == "db1")
    assert step.numpy == "db1 = (dZ1).sum(axis=0, keepdims=True)"
    assert "summed over n (axis 0)" in step.formula
    assert "broadcast" in step.note and step.result.shape == (1, 4)


def test_an_update_records_the_learning_rate_as_a_number():
    g, values = residual()
    before = values["W1"].copy()
    tape = g.trace(values, lr=0.5)
    updates = tape.phase("update")
    assert [s.node for s in updates] == ["b2", "W2", "b1", "W1"]
    assert all(s.op_params == {"lr": 0.5} for s in updates)
    dW1 = tape.values()["dW1"]
    assert np.allclose(values["W1"], before - 0.5 * dW1)


def test_training_lowers_the_loss():
    g, values = residual(n=30)
    first = g.loss(values)
    history = g.train(values, epochs=200, lr=0.5)
    assert history.final_loss < 0.6 * first


@pytest.mark.parametrize("build", [residual, attention])
def test_gradcheck_per_op_on_a_graph(build):
    g, values = build()
    report = gradcheck(g, values)
    assert report.passed, report.summary()
    assert [c.name for c in report.params] == list(reversed(g.params))
    keys = {c.name.split()[2] for c in report.ops}
    assert {"matmul", "softmax"} <= keys


def test_attention_shows_the_transpose_undone_and_the_three_way_fork():
    g, values = attention()
    tape = g.trace(values)
    dq = next(s for s in tape if s.outputs[0].name == "dQ")
    assert dq.numpy == "dQ = d(Q@K.T) @ K"
    fork = next(s for s in tape if s.op == "fork")
    assert fork.node == "X" and len(fork.inputs) == 3


def test_a_wrong_gradient_is_caught_per_op(monkeypatch):
    from nntutor.engine.graph import OPS

    g, values = attention()
    ln = OPS["layer_norm"]
    monkeypatch.setattr(type(ln), "backward", lambda self, k, gr, xs, y, p: gr / 2.0)
    report = gradcheck(g, values)
    assert not report.passed
    bad = [c for c in report.ops if not c.passed]
    assert bad and "layer_norm" in bad[0].name


@pytest.mark.parametrize("lines, line, col, words", [
    (["Z = X @ W"], 1, 9, "W is not defined"),
    (["Z = X @ W1", "Z = relu(Z)"], 2, 1, "already computed"),
    (["Z = X @@ W1"], 1, 8, "syntax error"),
    (["Z = __import__('os')"], 1, 5, "refused"),
    (["Z = eval(X)"], 1, 5, "eval is not a graph op"),
    (["Z = W1 @ X"], 1, 5, "inner sizes"),
    (["Z = X + W1"], 1, 5, "cannot be combined"),
    (["Z = X @ W1"], 1, 1, "last line must compute the loss"),
    (["Z = softmax(X, axis=2)"], 1, 5, "axis=2 does not exist"),
    (["Z = X @ W1", "L = sum(Z, axis=x)"], 2, 17, "axis is a whole number"),
    (["if X: pass"], 1, 1, "NAME = expression"),
])
def test_bad_lines_name_line_and_column(lines, line, col, words):
    with pytest.raises(GraphError) as info:
        Graph.parse(lines, {"W1": ParamSpec(("d", "h"))}, {"X": ("n", "d")},
                    {"n": 5, "d": 3, "h": 4})
    err = info.value
    assert (err.line, err.col) == (line, col), str(err)
    assert words in err.message


def test_values_are_checked_against_the_named_dims():
    g, values = residual()
    with pytest.raises(ValueError, match="no value given for W2"):
        g.trace({k: v for k, v in values.items() if k != "W2"})
    with pytest.raises(ValueError, match="d = 3"):
        g.trace({**values, "X": np.zeros((5, 4))})


def test_the_batch_may_differ_from_the_declared_size():
    g, values = residual(n=5)
    rng = np.random.default_rng(0)
    values.update(X=rng.standard_normal((9, 3)), Y=np.eye(3)[rng.integers(0, 3, 9)])
    tape = g.trace(values)
    assert tape.sizes["n"] == 9 and tape[0].result.shape == (9, 4)
