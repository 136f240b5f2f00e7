"""What learners really type is accepted, and gives exactly what plain NumPy gives."""

from __future__ import annotations

import numpy as np
import pytest

from nntutor.checker.evaluator import evaluate
from tests.checker.lesson import variables

V = {**variables(seed=2), "d": variables(seed=2)["dZ2"]}
X, d, W1, W2, Z1, A1 = V["X"], V["dZ2"], V["W1"], V["W2"], V["Z1"], V["A1"]
dZ1, dZ2, dA1, n = V["dZ1"], V["dZ2"], V["dA1"], V["n"]

# (typed text, the same thing in plain NumPy)
FORMS = [
    # the weight gradient, many ways
    ("X.T @ dZ1", X.T @ dZ1),
    ("np.dot(X.T, dZ1)", X.T @ dZ1),
    ("X.T.dot(dZ1)", X.T @ dZ1),
    ("np.matmul(X.T, dZ1)", X.T @ dZ1),
    ("np.transpose(X) @ dZ1", X.T @ dZ1),
    ("X.transpose() @ dZ1", X.T @ dZ1),
    ("X.transpose(1, 0) @ dZ1", X.T @ dZ1),
    ("X.transpose((1, 0)) @ dZ1", X.T @ dZ1),
    ("np.transpose(X, (1, 0)) @ dZ1", X.T @ dZ1),
    ("(dZ1.T @ X).T", X.T @ dZ1),
    ("np.einsum('ni,nh->ih', X, dZ1)", X.T @ dZ1),
    ("np.einsum('ij,ik', X, dZ1)", X.T @ dZ1),
    ("np.einsum(' ni , nh -> ih ', X, dZ1)", X.T @ dZ1),
    ("np.tensordot(X, dZ1, axes=([0], [0]))", X.T @ dZ1),
    ("np.tensordot(X.T, dZ1, axes=1)", X.T @ dZ1),
    ("X.T @ dZ1  # the weight gradient", X.T @ dZ1),
    ("   X.T   @   dZ1   ", X.T @ dZ1),
    ("((X.T) @ (dZ1))", X.T @ dZ1),
    ("(((X).T @ dZ1))", X.T @ dZ1),
    ("X.T @ dZ1\n", X.T @ dZ1),
    ("(X.T\n @ dZ1)", X.T @ dZ1),
    ("numpy.dot(X.T, dZ1)", X.T @ dZ1),
    # passing the gradient back, with activation derivatives
    ("np.dot(dZ2, W2.T) * (1 - A1**2)", (dZ2 @ W2.T) * (1 - A1**2)),
    ("dZ2 @ W2.T * (1 - np.tanh(Z1) ** 2)", (dZ2 @ W2.T) * (1 - np.tanh(Z1) ** 2)),
    ("dA1 * (1 - np.square(A1))", dA1 * (1 - A1**2)),
    ("(Z1 > 0) * dA1", (Z1 > 0) * dA1),
    ("dA1 * (Z1 > 0).astype(float)", dA1 * (Z1 > 0).astype(float)),
    ("dA1 * (Z1 > 0).astype(np.float64)", dA1 * (Z1 > 0)),
    ("dA1 * np.heaviside(Z1, 0)", dA1 * np.heaviside(Z1, 0)),
    ("np.where(Z1 > 0, dA1, 0)", np.where(Z1 > 0, dA1, 0)),
    ("np.where(Z1 > 0, dA1, 0.0)", np.where(Z1 > 0, dA1, 0.0)),
    ("dA1 * np.greater(Z1, 0)", dA1 * (Z1 > 0)),
    ("np.maximum(Z1, 0)", np.maximum(Z1, 0)),
    ("1 / (1 + np.exp(-Z1))", 1 / (1 + np.exp(-Z1))),
    ("np.multiply(dA1, 1 - A1 * A1)", dA1 * (1 - A1 * A1)),
    ("dA1 * ~(Z1 <= 0)", dA1 * ~(Z1 <= 0)),
    ("dA1 * ((Z1 > 0) & (Z1 < 1))", dA1 * ((Z1 > 0) & (Z1 < 1))),
    # biases: sums and means over the batch
    ("dZ2.sum(0)", dZ2.sum(0)),
    ("dZ2.sum(axis=0)", dZ2.sum(axis=0)),
    ("dZ2.sum(axis=0, keepdims=True)", dZ2.sum(axis=0, keepdims=True)),
    ("np.sum(dZ2, axis=0, keepdims=True)", np.sum(dZ2, axis=0, keepdims=True)),
    ("np.sum(dZ2, 0)", np.sum(dZ2, 0)),
    ("np.mean(dZ2, axis=0)", np.mean(dZ2, axis=0)),
    ("dZ2.mean(0) * n", dZ2.mean(0) * n),
    ("np.ones((1, n)) @ dZ2", np.ones((1, n)) @ dZ2),
    ("np.ones((1, X.shape[0])) @ dZ2", np.ones((1, X.shape[0])) @ dZ2),
    ("np.ones_like(dZ2).T @ dZ2", np.ones_like(dZ2).T @ dZ2),
    ("dZ2.sum(axis=(0, 1))", dZ2.sum(axis=(0, 1))),
    ("dZ2.max(axis=1)", dZ2.max(axis=1)),
    ("np.max(dZ2)", np.max(dZ2)),
    ("dZ2.argmax(axis=1)", dZ2.argmax(axis=1)),
    # indexing, slicing, reshaping
    ("X[:, 0]", X[:, 0]),
    ("X[0]", X[0]),
    ("X[-1, :]", X[-1, :]),
    ("X[1:]", X[1:]),
    ("X[::-1]", X[::-1]),
    ("X[:, :1]", X[:, :1]),
    ("X[..., 0]", X[..., 0]),
    ("X[:, None, :]", X[:, None, :]),
    ("X[:, np.newaxis]", X[:, np.newaxis]),
    ("X[[0, 2]]", X[[0, 2]]),
    ("X[[0, 2], 1]", X[[0, 2], 1]),
    ("X[X > 0]", X[X > 0]),
    ("X[np.arange(3), 0]", X[np.arange(3), 0]),
    ("X.shape[0]", X.shape[0]),
    ("X.shape[1]", X.shape[1]),
    ("X.ndim", X.ndim),
    ("X.size", X.size),
    ("d.reshape(-1, 1)", d.reshape(-1, 1)),
    ("d.reshape((-1, 1))", d.reshape((-1, 1))),
    ("np.reshape(d, (1, -1))", np.reshape(d, (1, -1))),
    ("d.ravel()", d.ravel()),
    ("d.flatten()", d.flatten()),
    ("np.expand_dims(d.sum(0), 0)", np.expand_dims(d.sum(0), 0)),
    ("d.sum(0)[None, :]", d.sum(0)[None, :]),
    ("np.squeeze(d.sum(0, keepdims=True))", np.squeeze(d.sum(0, keepdims=True))),
    ("np.atleast_2d(d.sum(0))", np.atleast_2d(d.sum(0))),
    # literals and arithmetic
    ("np.ones((4, 3))", np.ones((4, 3))),
    ("np.zeros([2, 5])", np.zeros([2, 5])),
    ("np.full((2, 2), 0.5)", np.full((2, 2), 0.5)),
    ("np.eye(3)", np.eye(3)),
    ("np.eye(3, 4, 1)", np.eye(3, 4, 1)),
    ("np.array([[1, 2], [3, 4]])", np.array([[1, 2], [3, 4]])),
    ("np.array([1.5, -2e-3, .5, 2.])", np.array([1.5, -2e-3, 0.5, 2.0])),
    ("np.arange(5)", np.arange(5)),
    ("np.arange(1, 10, 2)", np.arange(1, 10, 2)),
    ("-d", -d),
    ("+d", +d),
    ("d**2", d**2),
    ("d ** 2 / 2", d**2 / 2),
    ("2 * d - d / 2", 2 * d - d / 2),
    ("1_000 * d", 1000 * d),
    ("1e-3 * d", 1e-3 * d),
    ("d // 1", d // 1),
    ("d % 1", d % 1),
    ("(Z1 - d[:, :1]) ** 2", (Z1 - d[:, :1]) ** 2),
    ("np.sum((Z1 - Z1.mean()) ** 2) / n", np.sum((Z1 - Z1.mean()) ** 2) / n),
    ("np.sqrt(np.mean(d ** 2))", np.sqrt(np.mean(d**2))),
    ("np.log(np.abs(d) + 1)", np.log(np.abs(d) + 1)),
    ("np.clip(d, -0.1, 0.1)", np.clip(d, -0.1, 0.1)),
    ("d.clip(-0.1, 0.1)", d.clip(-0.1, 0.1)),
    ("np.clip(d, None, 0)", np.clip(d, None, 0)),
    ("np.outer(d[:, 0], X[0])", np.outer(d[:, 0], X[0])),
    ("np.kron(np.eye(2), np.ones((2, 2)))", np.kron(np.eye(2), np.ones((2, 2)))),
    ("np.diag(np.diag(W1.T @ W1))", np.diag(np.diag(W1.T @ W1))),
    ("np.diagflat(d[0])", np.diagflat(d[0])),
    ("np.tile(d.sum(0), (2, 1))", np.tile(d.sum(0), (2, 1))),
    ("np.hstack([np.ones((n, 1)), X])", np.hstack([np.ones((n, 1)), X])),
    ("np.vstack((X, X))", np.vstack((X, X))),
    ("np.concatenate([X, d], axis=1)", np.concatenate([X, d], axis=1)),
    ("np.stack([d, d], axis=0)", np.stack([d, d], axis=0)),
    ("np.pi * d", np.pi * d),
    ("np.e ** 2", np.e**2),
    ("np.sign(d) * np.abs(d)", d),
    ("np.log1p(np.expm1(d))", np.log1p(np.expm1(d))),
    ("X.shape[0] // 2", X.shape[0] // 2),
    ("3 > 2", True),
    ("X.copy()", X),
    ("np.zeros_like(W1) + np.full_like(W1, 2)", np.full_like(W1, 2)),
]


@pytest.mark.parametrize("text, expected", FORMS, ids=[f[0][:40] for f in FORMS])
def test_equivalent_form_equals_plain_numpy(text, expected):
    got = evaluate(text, V, isolated=False)
    assert np.shape(got) == np.shape(expected)
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(expected, dtype=float),
                               rtol=1e-12, atol=1e-12)


def test_forms_agree_in_the_sandbox():
    for text, expected in FORMS[::7]:
        got = evaluate(text, V)
        np.testing.assert_allclose(np.asarray(got, dtype=float),
                                   np.asarray(expected, dtype=float), rtol=1e-12, atol=1e-12)


def test_scalars_come_back_as_python_numbers_and_arrays_as_writable_copies():
    assert isinstance(evaluate("np.sum(X)", V), float)
    assert evaluate("X.shape[0]", V) == n and isinstance(evaluate("X.shape[0]", V), int)
    out = evaluate("X.T", V)
    assert isinstance(out, np.ndarray) and out.flags.writeable
    out[...] = 0  # the lesson's X is not touched
    assert np.abs(V["X"]).sum() > 0


def test_in_process_results_never_write_through_to_lesson_arrays():
    out = evaluate("X", V, isolated=False)
    assert not out.flags.writeable
    with pytest.raises(ValueError):
        out[0, 0] = 1.0


def test_public_api_is_reachable_from_the_package():
    import nntutor

    assert nntutor.evaluate is evaluate
    assert issubclass(nntutor.ExpressionRefused, nntutor.ExpressionError)
    assert nntutor.infer_shape("X.T @ d", {"X": ("n", "in"), "d": ("n", "out")}) == ("in", "out")
