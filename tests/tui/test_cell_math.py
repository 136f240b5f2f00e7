"""Explain-this-cell: every op's explanation recomputes the engine's number from the operands,
names the cells it used, and writes the arithmetic with those numbers."""

from __future__ import annotations

import numpy as np
import pytest

from nntutor.engine.network import Network
from nntutor.tui.cell_math import MAX_TERMS, Marks, explain_cell, num

from .conftest import deep_tape

NETS = [
    ([(2, 3, "tanh"), (3, 1, "sigmoid")], "bce"),
    ([(3, 4, "relu"), (4, 2, "linear")], "mse"),
    ([(2, 3, "sigmoid"), (3, 2, "tanh")], "half_sse"),
    ([(4, 5, "relu"), (5, 3, "softmax")], "cross_entropy"),
]


def tape_for(spec, loss, rows=5, lr=None, seed=1):
    rng = np.random.default_rng(seed)
    net = Network(spec, loss=loss, seed=seed)
    X = rng.normal(size=(rows, spec[0][0]))
    out = spec[-1][1]
    if loss == "cross_entropy":
        Y = np.eye(out)[rng.integers(0, out, rows)]
    elif loss == "bce":
        Y = (rng.random((rows, out)) > 0.5).astype(float)
    else:
        Y = rng.normal(size=(rows, out))
    return net.trace(X, Y, lr=lr)


@pytest.mark.parametrize("spec,loss", NETS)
def test_every_result_cell_is_recomputed_from_the_operands(spec, loss):
    tape = tape_for(spec, loss, lr=0.1)
    for step in tape:
        result = np.atleast_2d(step.result.value)
        for i in range(result.shape[0]):
            for j in range(result.shape[1]):
                e = explain_cell(step, step.result.name, i, j, tape)
                assert e.value == pytest.approx(result[i, j], rel=1e-9, abs=1e-12), (
                    f"step {step.index} {step.op} cell ({i}, {j})")
                assert e.lines[-1] == f"= {num(e.value)}"


def test_matmul_shows_row_times_column_with_the_numbers():
    tape = tape_for(*NETS[0])
    step = tape[0]  # XW1 = X @ W1
    X, W = step.inputs[0].value, step.inputs[1].value
    e = explain_cell(step, "XW1", 2, 1, tape)
    assert e.target == "XW1[2, 1]"
    assert "row 2 of X times column 1 of W1" in e.heading
    products = f"{num(X[2, 0])}·{num(W[0, 1])}".replace("-", "")
    assert products.split("·")[0] in e.lines[1].replace("(", "").replace(")", "").replace("-", "")
    assert e.lines[1].count("·") == X.shape[1]
    assert e.marks["X"] == Marks(rows=frozenset({2}))
    assert e.marks["W1"] == Marks(cols=frozenset({1}))
    assert e.value == pytest.approx(X[2] @ W[:, 1])


def test_bias_add_and_activation_show_their_two_numbers():
    tape = tape_for(*NETS[0])
    bias, act = tape[1], tape[2]
    e = explain_cell(bias, "Z1", 1, 2, tape)
    p, b = bias.inputs[0].value[1, 2], bias.inputs[1].value[0, 2]
    assert e.lines[1] == f"= {num(p)} + {'(' + num(b) + ')' if b < 0 else num(b)}"
    assert e.marks["b1"] == Marks(cells=frozenset({(0, 2)}))
    e = explain_cell(act, "A1", 1, 2, tape)
    z = act.inputs[0].value[1, 2]
    assert e.lines[0] == f"= tanh(Z1[1, 2]) = tanh({num(z)})"
    assert e.value == pytest.approx(np.tanh(z))


def test_backward_elementwise_is_incoming_gradient_times_local_derivative():
    tape = tape_for(*NETS[1])  # relu hidden layer
    step = next(s for s in tape if s.op == "relu_grad")
    dA, Z = step.inputs[0].value, step.inputs[1].value
    i, j = np.argwhere(Z > 0)[0]
    e = explain_cell(step, step.result.name, int(i), int(j), tape)
    assert "incoming gradient dA1" in e.heading and "local derivative" in e.heading
    assert e.lines[2].endswith("· 1")
    assert e.value == pytest.approx(dA[i, j])
    i, j = np.argwhere(Z <= 0)[0]
    e = explain_cell(step, step.result.name, int(i), int(j), tape)
    assert e.lines[2].endswith("· 0") and e.value == 0


def test_bias_gradient_is_a_column_sum_and_weight_gradient_a_sum_over_samples():
    tape = tape_for(*NETS[0])
    db = next(s for s in tape if s.op == "bias_add_grad")
    dZ = db.inputs[0].value
    e = explain_cell(db, db.result.name, 0, 0, tape)
    assert e.heading.startswith("column 0 of dZ2 summed over the n = 5 samples")
    assert e.lines[1].count("+") == dZ.shape[0] - 1
    assert e.marks["dZ2"] == Marks(cols=frozenset({0}))
    dw = next(s for s in tape if s.op == "matmul_grad_weight")
    A, D = dw.inputs[0].value, dw.inputs[1].value
    e = explain_cell(dw, "dW2", 2, 0, tape)
    assert "column 2 of A1" in e.heading
    assert e.value == pytest.approx(A[:, 2] @ D[:, 0])
    assert e.marks["A1"] == Marks(cols=frozenset({2}))
    da = next(s for s in tape if s.op == "matmul_grad_input")
    D, W = da.inputs[0].value, da.inputs[1].value
    e = explain_cell(da, "dA1", 3, 1, tape)
    assert "row 3 of dZ2" in e.heading and "row 1 of W2" in e.heading
    assert e.value == pytest.approx(D[3] @ W[1])


def test_long_sums_are_elided_but_the_total_is_exact():
    tape = deep_tape()
    step = next(s for s in tape if s.op == "matmul" and s.inputs[1].name == "W3")  # 50 terms
    e = explain_cell(step, step.result.name, 0, 0, tape)
    assert "…" in e.lines[1] and "(50 terms)" in e.lines[1]
    assert e.lines[1].count("·") == MAX_TERMS - 1
    assert e.value == pytest.approx(step.result.value[0, 0])


def test_operand_cell_names_the_step_that_computed_it():
    tape = tape_for(*NETS[0])
    step = tape[3]  # A1 @ W2
    e = explain_cell(step, "A1", 1, 0, tape)
    assert "computed in step 3" in e.lines[0] and "g 3" in e.lines[0]
    assert "row 1 of A1W2" in e.lines[1]
    e = explain_cell(tape[0], "X", 0, 0, tape)
    assert "given" in e.lines[0]


def test_loss_and_softmax_explanations():
    tape = tape_for(*NETS[3])
    loss = next(s for s in tape if s.op.startswith("loss_") and not s.op.endswith("_grad"))
    e = explain_cell(loss, "L", 0, 0, tape)
    assert e.target == "L" and e.marks["Y"].everything
    assert e.value == pytest.approx(tape.loss)
    soft = next(s for s in tape if s.op == "softmax")
    e = explain_cell(soft, soft.result.name, 0, 1, tape)
    assert e.marks["Z2"] == Marks(rows=frozenset({0}))
    assert e.value == pytest.approx(soft.result.value[0, 1])


def test_bad_cells_and_names_are_refused_clearly():
    tape = tape_for(*NETS[0])
    with pytest.raises(IndexError, match="XW1 is 5×3: no cell"):
        explain_cell(tape[0], "XW1", 5, 0, tape)
    with pytest.raises(KeyError, match="has no operand 'W9'"):
        explain_cell(tape[0], "W9", 0, 0, tape)


# -- graph tapes: the same dispatch, every op ------------------------------------------------
def _graph_tape(lines, params, inputs, sizes, seed=3, positive=()):
    from nntutor.engine.graph import Graph, ParamSpec

    g = Graph.parse(lines, {k: ParamSpec(d) for k, d in params.items()}, inputs, sizes)
    rng = np.random.default_rng(seed)
    values = g.init_params(seed)
    for name, dims in inputs.items():
        shape = tuple(sizes.get(d, 1) if d != "1" else 1 for d in dims)
        values[name] = rng.uniform(0.1, 0.9, shape) if name in positive else rng.normal(size=shape)
    return g.trace(values, lr=0.1)


GRAPHS = [
    (["Z1 = X @ W1 + b1", "A1 = relu(Z1)", "H = A1 @ W2 + b2 + X", "P = softmax(H, axis=1)",
      "L = cross_entropy(P, Y)"],
     {"W1": ("d", "h"), "b1": ("1", "h"), "W2": ("h", "d"), "b2": ("1", "d")},
     {"X": ("n", "d"), "Y": ("n", "d")}, {"n": 5, "d": 3, "h": 4}, ("Y",)),
    (["Q = X @ Wq", "K = X @ Wk", "S = Q @ K.T / sqrt(k)", "P = softmax(S, axis=0)",
      "O = layer_norm(P @ X)", "L = mse(O, Y)"],
     {"Wq": ("e", "k"), "Wk": ("e", "k")}, {"X": ("t", "e"), "Y": ("t", "e")},
     {"t": 4, "e": 3, "k": 2}, ()),
    (["A = tanh(X * W) - 0.5 * X", "B = exp(-A) + sqrt(C) / C", "M = np.maximum(B, 1) ** 2",
      "S = M.sum(axis=0, keepdims=True) + M.mean(axis=1, keepdims=True)",
      "T = sigmoid(S.sum(axis=1) / n) * log(C).mean(axis=1)", "L = half_sse(T.T, Y) + bce(sigmoid(X), C)"],
     {"W": ("1", "d")}, {"X": ("n", "d"), "C": ("n", "d"), "Y": ("n",)},
     {"n": 4, "d": 3}, ("C",)),
]


@pytest.mark.parametrize("graph", GRAPHS, ids=["residual", "attention", "elementwise"])
def test_every_graph_result_cell_is_recomputed_by_its_op(graph):
    lines, params, inputs, sizes, positive = graph
    tape = _graph_tape(lines, params, inputs, sizes, positive=positive)
    assert {s.op for s in tape} >= {"fork", "sgd"} or graph is not GRAPHS[0]
    for step in tape:
        assert step.operation is not None, step.op
        result = np.atleast_2d(step.result.value)
        for i in range(result.shape[0]):
            for j in range(result.shape[1]):
                e = explain_cell(step, step.result.name, i, j, tape)
                assert e.value == pytest.approx(result[i, j], rel=1e-9, abs=1e-12), (
                    f"step {step.index} {step.op} {step.title} cell ({i}, {j})")
                assert e.lines[-1] == f"= {num(e.value)}"
        for operand in step.inputs:  # every operand cell says where it goes
            if any(o.name == operand.name for o in step.outputs):
                continue  # an update reads and writes W
            e = explain_cell(step, operand.name, 0, 0, tape)
            assert e.lines and operand.name in e.marks


def test_the_update_reads_the_learning_rate_as_a_number():
    tape = tape_for(*NETS[0], lr=0.25)
    step = next(s for s in tape if s.op == "sgd")
    assert step.op_params == {"lr": 0.25}
    e = explain_cell(step, step.result.name, 0, 0, tape)
    assert "(η = 0.25)" in e.lines[0]


def test_a_fork_cell_is_the_sum_of_its_branches():
    tape = _graph_tape(*GRAPHS[0][:4])
    fork = next(s for s in tape if s.op == "fork")
    e = explain_cell(fork, "dX", 1, 2, tape)
    parts = [p.value[1, 2] for p in fork.inputs]
    assert e.value == pytest.approx(sum(parts)) and e.lines[0] == "= dX_via_H[1, 2] + dX_via_XW1[1, 2]"
