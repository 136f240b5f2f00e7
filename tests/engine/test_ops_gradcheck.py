"""Every op's backward agrees with central finite differences on non-square shapes."""

import numpy as np
import pytest
from hypothesis import given, settings

from nntutor.engine.gradcheck import OP_TOL, check_op
from nntutor.engine.ops import BiasAdd, MatMul
from tests.strategies import distinct_sizes, seeds

SETTINGS = settings(max_examples=40, deadline=None)


def _assert_all_pass(checks):
    for c in checks:
        assert c.passed, f"{c.line()}"
        assert c.rel_error < OP_TOL


@SETTINGS
@given(sizes=distinct_sizes(3), seed=seeds)
def test_matmul_backward_matches_finite_differences(sizes, seed):
    n, k, m = sizes
    rng = np.random.default_rng(seed)
    checks = check_op("matmul", [rng.standard_normal((n, k)), rng.standard_normal((k, m))], seed=seed)
    assert [c.name for c in checks] == ["matmul ∂/∂A", "matmul ∂/∂W"]
    _assert_all_pass(checks)


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds)
def test_bias_add_backward_sums_over_the_batch(sizes, seed):
    n, m = sizes
    rng = np.random.default_rng(seed)
    _assert_all_pass(check_op("bias_add", [rng.standard_normal((n, m)), rng.standard_normal((1, m))],
                              seed=seed))


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds)
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_activation_backward(activation, sizes, seed):
    rng = np.random.default_rng(seed)
    _assert_all_pass(check_op(activation, [rng.standard_normal(tuple(sizes))], seed=seed))


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds)
@pytest.mark.parametrize("loss", ["mse", "half_sse"])
def test_regression_losses(loss, sizes, seed):
    rng = np.random.default_rng(seed)
    shape = tuple(sizes)
    _assert_all_pass(check_op(f"loss:{loss}", [rng.standard_normal(shape), rng.standard_normal(shape)]))


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds)
def test_binary_cross_entropy(sizes, seed):
    rng = np.random.default_rng(seed)
    shape = tuple(sizes)
    yhat = rng.uniform(0.05, 0.95, shape)
    y = (rng.random(shape) > 0.5).astype(float)
    _assert_all_pass(check_op("loss:bce", [yhat, y]))


@SETTINGS
@given(sizes=distinct_sizes(2), seed=seeds)
def test_softmax_cross_entropy_gradient_is_yhat_minus_y_over_n(sizes, seed):
    n, c = sizes
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, c))
    y = np.eye(c)[rng.integers(0, c, n)]
    _assert_all_pass(check_op("loss:cross_entropy", [z, y]))
    _assert_all_pass(check_op("softmax_cross_entropy", [z, y]))


def test_a_wrong_backward_is_caught_with_its_worst_entry(monkeypatch):
    # The classic slip: the transpose on the wrong side. Non-square shapes make it fail loudly.
    monkeypatch.setattr(MatMul, "backward_weight", staticmethod(lambda g, a: (g.T @ a).T * 1.01))
    rng = np.random.default_rng(0)
    checks = check_op("matmul", [rng.standard_normal((5, 3)), rng.standard_normal((3, 2))])
    bad = checks[1]
    assert not bad.passed and bad.worst and bad.worst[0].rel_error > 1e-3
    assert "matmul ∂/∂W" in bad.line() and "worst at" in bad.line()


def test_a_wrong_shape_is_reported_not_crashed(monkeypatch):
    # the right numbers without keepdims: a warning naming both shapes, not a failure
    monkeypatch.setattr(BiasAdd, "backward_bias", staticmethod(lambda g: g.sum(axis=0)))
    rng = np.random.default_rng(0)
    checks = check_op("bias_add", [rng.standard_normal((5, 3)), rng.standard_normal((1, 3))])
    assert checks[1].passed and checks[1].warning
    assert "shape (3,)" in checks[1].line() and "(1, 3)" in checks[1].line()
    monkeypatch.setattr(BiasAdd, "backward_bias", staticmethod(lambda g: g.mean(axis=0)))
    checks = check_op("bias_add", [rng.standard_normal((5, 3)), rng.standard_normal((1, 3))])
    assert not checks[1].passed and "shape (3,)" in checks[1].line()


def test_relu_kinks_are_skipped_not_failed():
    z = np.array([[0.0, 1.0, -2.0], [3.0, -1e-7, 0.5]])
    (check,) = check_op("relu", [z])
    assert check.passed and check.kinks == 2


def test_backward_never_mutates_the_incoming_gradient():
    from nntutor.engine.activations import ACTIVATIONS
    from nntutor.engine.ops import Elementwise

    rng = np.random.default_rng(3)
    z = rng.standard_normal((4, 3))
    for name in ("sigmoid", "tanh", "relu", "linear"):
        g = rng.standard_normal((4, 3))
        keep = g.copy()
        act = Elementwise(ACTIVATIONS[name])
        out = act.backward(g, z, act.forward(z))
        assert np.array_equal(g, keep) and out is not g, name
