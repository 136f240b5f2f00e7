"""Every graph op's backward agrees with central differences on hypothesis-drawn non-square
shapes, argument by argument (broadcast arguments included)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nntutor.engine.gradcheck import OP_TOL, check_op
from nntutor.engine.graph import OPS
from nntutor.engine.graph.check import check_graph_op
from tests.strategies import distinct_sizes, seeds

SETTINGS = settings(max_examples=25, deadline=None)


def _pass(checks, count):
    assert len(checks) == count
    for c in checks:
        assert c.passed and c.rel_error < OP_TOL and not c.warning, c.line()


def _away_from_zero(rng, shape):
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds, key=st.sampled_from(["add", "sub", "mul", "div", "maximum"]),
       broadcast=st.sampled_from(["none", "row", "column", "vector"]))
def test_binary_ops_with_broadcasting(sizes, seed, key, broadcast):
    n, m = sizes
    rng = np.random.default_rng(seed)
    second = {"none": (n, m), "row": (1, m), "column": (n, 1), "vector": (m,)}[broadcast]
    a, b = rng.standard_normal((n, m)), _away_from_zero(rng, second)
    if key == "maximum":  # keep the two apart so no entry sits on the kink
        b = np.where(np.abs(np.broadcast_to(b, (n, m))[: b.shape[0]] if b.ndim == 2 else b) > 0, b, 1.0)
        a = a + np.sign(a - np.broadcast_to(b, (n, m))) * 0.1
    _pass(check_graph_op(key, [a, b], seed=seed), 2)


@SETTINGS
@given(sizes=distinct_sizes(3), seed=seeds)
def test_matmul(sizes, seed):
    n, k, m = sizes
    rng = np.random.default_rng(seed)
    checks = check_graph_op("matmul", [rng.standard_normal((n, k)), rng.standard_normal((k, m))])
    _pass(checks, 2)
    assert [c.name for c in checks] == ["matmul ∂/∂A", "matmul ∂/∂B"]


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds,
       key=st.sampled_from(["neg", "transpose", "exp", "log", "sqrt", "relu", "sigmoid", "tanh",
                            "layer_norm"]))
def test_unary_ops(sizes, seed, key):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(tuple(sizes))
    if key in ("log", "sqrt"):
        x = np.abs(x) + 0.2
    if key == "relu":
        x = np.where(np.abs(x) < 1e-3, 0.5, x)
    if key == "layer_norm":  # a row of nearly equal values has curvature ~1/σ³ that central
        x = 0.3 * x + np.arange(x.shape[1])  # differences cannot resolve to 1e-7: spread it
    _pass(check_graph_op(key, [x], seed=seed), 1)


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds, exponent=st.sampled_from([2.0, 3.0, 0.5]))
def test_power_with_a_constant_exponent(sizes, seed, exponent):
    x = np.abs(np.random.default_rng(seed).standard_normal(tuple(sizes))) + 0.3
    _pass(check_graph_op("pow", [x], {"exponent": exponent}, seed=seed), 1)


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds, key=st.sampled_from(["sum", "mean"]),
       axis=st.sampled_from([None, 0, 1, -1]), keepdims=st.booleans())
def test_reductions_over_an_axis(sizes, seed, key, axis, keepdims):
    x = np.random.default_rng(seed).standard_normal(tuple(sizes))
    _pass(check_graph_op(key, [x], {"axis": axis, "keepdims": keepdims}, seed=seed), 1)


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds, axis=st.sampled_from([0, 1]))
def test_softmax_over_either_axis(sizes, seed, axis):
    x = np.random.default_rng(seed).standard_normal(tuple(sizes))
    _pass(check_graph_op("softmax", [x], {"axis": axis}, seed=seed), 1)


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds, loss=st.sampled_from(["mse", "half_sse", "bce",
                                                                  "cross_entropy"]))
def test_losses_differentiate_the_prediction_only(sizes, seed, loss):
    n, c = sizes
    rng = np.random.default_rng(seed)
    if loss == "cross_entropy":
        z = rng.standard_normal((n, c))
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        y = np.eye(c)[rng.integers(0, c, n)]
    elif loss == "bce":
        p, y = rng.uniform(0.05, 0.95, (n, c)), (rng.random((n, c)) > 0.5).astype(float)
    else:
        p, y = rng.standard_normal((n, c)), rng.standard_normal((n, c))
    _pass(check_op(f"loss_{loss}", [p, y], seed=seed), 1)


def test_every_op_is_covered_by_a_test_above():
    covered = {"add", "sub", "mul", "div", "maximum", "matmul", "neg", "transpose", "exp", "log",
               "sqrt", "relu", "sigmoid", "tanh", "layer_norm", "pow", "sum", "mean", "softmax",
               "loss_mse", "loss_half_sse", "loss_bce", "loss_cross_entropy"}
    assert set(OPS) == covered


def test_a_wrong_backward_names_the_op_the_argument_and_the_worst_entry(monkeypatch):
    softmax = OPS["softmax"]
    # the classic slip: treating softmax as element-wise, g ⊙ P(1 − P)
    monkeypatch.setattr(type(softmax), "backward", lambda self, k, g, xs, y, p: g * y * (1 - y))
    x = np.random.default_rng(0).standard_normal((4, 3))
    (check,) = check_graph_op("softmax", [x], {"axis": 1})
    assert not check.passed
    assert "softmax ∂/∂X" in check.line() and "worst at softmax ∂/∂X[" in check.line()


def test_backward_never_mutates_the_incoming_gradient():
    rng = np.random.default_rng(3)
    x = np.abs(rng.standard_normal((4, 3))) + 0.1
    for key, op in OPS.items():
        if key.startswith("loss_") or op.arity != 1:
            continue
        p = {"axis": 1} if key in ("softmax", "sum", "mean") else {"exponent": 2.0}
        y = op.forward([x], p)
        g = rng.standard_normal(np.shape(y))
        keep = g.copy()
        out = op.backward(0, g, [x], y, p)
        assert np.array_equal(g, keep) and out is not g, key


@pytest.mark.parametrize("key", ["relu", "maximum"])
def test_kinks_are_skipped_not_failed(key):
    x = np.array([[0.0, 1.0, -2.0], [3.0, -1e-7, 0.5]])
    inputs = [x] if key == "relu" else [x, np.zeros((1, 3))]
    checks = check_graph_op(key, inputs)
    assert all(c.passed for c in checks) and checks[0].kinks == 2
