"""Shapes in named dimensions, clashes explained, and fixes that really fix the shape."""

from __future__ import annotations

import pytest

from nntutor import infer_shape as public_infer_shape
from nntutor.checker.errors import ExpressionRefused, InvalidArgument, ShapeMismatch, UnknownName
from nntutor.checker.shapes import infer_shape
from tests.checker.lesson import DIMS

NET = {**DIMS, "d": ("n", "out"), "v": ("h1",), "M": ("n", "n")}


@pytest.mark.parametrize("expr, shape", [
    ("X.T @ d", ("in", "out")),
    ("np.dot(dZ2, W2.T)", ("n", "h1")),
    ("np.dot(dZ2, W2.T) * (1 - A1**2)", ("n", "h1")),
    ("X @ W1 + b1", ("n", "h1")),
    ("A1 * v", ("n", "h1")),
    ("d.sum(0)", ("out",)),
    ("d.sum(axis=0, keepdims=True)", (1, "out")),
    ("np.mean(d, axis=1)", ("n",)),
    ("np.sum(d)", ()),
    ("d.sum(0) / n", ("out",)),
    ("np.ones((n, 1))", ("n", 1)),
    ("np.ones((X.shape[0], 1))", ("n", 1)),
    ("np.ones((1, n)) @ d", (1, "out")),
    ("X[:, 0]", ("n",)),
    ("X[0]", ("in",)),
    ("X[:5]", (5, "in")),
    ("X[1:] - X[:-1]", ("n-1", "in")),
    ("X[:, None, :]", ("n", 1, "in")),
    ("X[..., 0]", ("n",)),
    ("X.reshape(-1, 1)", ("n*in", 1)),
    ("X.reshape(-1)", ("n*in",)),
    ("X.ravel().reshape(n, -1)", ("n", "in")),
    ("X.shape[0]", ()),
    ("X.size", ()),
    ("np.einsum('ni,nh->ih', X, dZ1)", ("in", "h1")),
    ("np.einsum('ij,ik', X, d)", ("in", "out")),
    ("(Z1 > 0) * dA1", ("n", "h1")),
    ("np.where(Z1 > 0, dA1, 0)", ("n", "h1")),
    ("np.outer(v, v)", ("h1", "h1")),
    ("np.concatenate([X, d], axis=1)", ("n", "in+out")),
    ("np.hstack([np.ones((n, 1)), X])", ("n", "in+1")),
    ("np.ones((4, 3)) @ np.ones((3, 2))", (4, 2)),
    ("M @ M", ("n", "n")),
    ("np.tensordot(X, d, axes=([0], [0]))", ("in", "out")),
    ("np.transpose(X)", ("in", "n")),
    ("X.transpose(1, 0)", ("in", "n")),
    ("(X.T @ d).T", ("out", "in")),
    ("np.zeros_like(W1)", ("in", "h1")),
    ("np.eye(3)", (3, 3)),
])
def test_named_shapes(expr, shape):
    assert infer_shape(expr, NET) == shape


def test_public_name_and_concrete_int_dims():
    assert public_infer_shape is infer_shape
    assert infer_shape("X.T @ W2", {"X": (100, 3), "W2": (100, 1)}) == (3, 1)
    assert infer_shape("X + b", {"X": ("n", 4), "b": (4,)}) == ("n", 4)
    assert infer_shape("X + b", {"X": ("n", 4), "b": (1, 4)}) == ("n", 4)


def test_named_dims_never_match_by_coincidence():
    # a name is not any particular number, and two names are never equal
    for expr, dims in [("X @ W", {"X": ("n", "in"), "W": (3, "h")}),
                       ("A + B", {"A": ("n", "h1"), "B": ("h1", "n")}),
                       ("A + B", {"A": ("n",), "B": ("m",)})]:
        with pytest.raises(ShapeMismatch):
            infer_shape(expr, dims)


def test_a_named_dim_never_broadcasts_like_1():
    assert infer_shape("A + B", {"A": ("n", "h1"), "B": (1, "h1")}) == ("n", "h1")
    with pytest.raises(ShapeMismatch):
        infer_shape("A + B", {"A": ("n", "h1"), "B": ("k", "h1")})


def test_matmul_clash_is_explained_with_structure():
    with pytest.raises(ShapeMismatch) as info:
        infer_shape("X @ dZ1", NET)
    e = info.value
    assert e.op == "@"
    assert e.node_text == "X @ dZ1"
    assert e.operands == [("X", ("n", "in")), ("dZ1", ("n", "h1"))]
    assert e.clash.dims == ("in", "n") and e.clash.axes == (1, 0) and e.clash.operands == (0, 1)
    assert "X has in columns but dZ1 has n rows" in e.message
    assert "\n" not in e.message
    assert e.fixes[0].expr == "X.T @ dZ1" and e.fixes[0].kind == "add_transpose"
    assert "(in, h1)" in e.fixes[0].reason


def test_the_smallest_failing_subexpression_is_named():
    with pytest.raises(ShapeMismatch) as info:
        infer_shape("np.dot(dZ2, W2) * (1 - A1**2) + b1", NET)
    assert info.value.op == "np.dot"
    assert info.value.node_text == "np.dot(dZ2, W2)"
    assert info.value.fixes[0].expr == "np.dot(dZ2, W2.T) * (1 - A1**2) + b1"


def test_broadcast_clash_names_both_dims():
    with pytest.raises(ShapeMismatch) as info:
        infer_shape("A1 + A1.T", NET)
    e = info.value
    assert e.op == "+" and set(e.clash.dims) == {"n", "h1"}
    assert "can't broadcast" in e.message and "A1.T is (h1, n)" in e.message


@pytest.mark.parametrize("expr, dims, expected, first_fix, kind", [
    ("X @ dZ1", NET, None, "X.T @ dZ1", "add_transpose"),
    ("dZ2 @ W2", NET, None, "dZ2 @ W2.T", "add_transpose"),
    ("X.T.T @ dZ1", NET, None, "X.T @ dZ1", "remove_transpose"),
    ("np.dot(W2.T, dZ2)", NET, ("n", "h1"), "np.dot(dZ2, W2.T)", "swap_operands"),
    ("d - d.sum(axis=1)", NET, None, "d - d.sum(axis=1, keepdims=True)", "keepdims"),
    ("A1 - np.mean(A1, axis=1)", NET, None, "A1 - np.mean(A1, axis=1, keepdims=True)",
     "keepdims"),
    ("A1 * np.ones(n)", NET, ("n", "h1"), "A1 * np.ones(n).reshape(-1, 1)", "reshape"),
    ("X.reshape(n, 3)", NET, None, "X.reshape(n, -1)", "reshape"),
    ("W2 - d", NET, ("h1", "out"), "W2 - d.sum(axis=0, keepdims=True)", "sum_batch"),
    ("X @ W2", {"X": (100, 2), "W2": (3, 2)}, None, "X @ W2.T", "add_transpose"),
])
def test_ranked_fixes(expr, dims, expected, first_fix, kind):
    with pytest.raises(ShapeMismatch) as info:
        infer_shape(expr, dims, expected=expected)
    fixes = info.value.fixes
    assert fixes, "no fix offered"
    assert fixes[0].expr == first_fix and fixes[0].kind == kind
    for fix in fixes:  # every fix is a whole expression whose shape infers again
        shape = infer_shape(fix.expr, dims)
        assert f"{shape}".count(",") >= 0 and fix.reason
        if expected is not None and fix is fixes[0]:
            assert shape == tuple(expected)
    assert len({f.expr for f in fixes}) == len(fixes)


def test_no_fix_is_offered_when_none_works():
    with pytest.raises(ShapeMismatch) as info:
        infer_shape("X @ W2", {"X": (100, 2), "W2": (3, 1)})
    assert info.value.fixes == []
    assert "X is (100, 2), W2 is (3, 1)" in info.value.message


def test_fixes_keep_the_learners_own_spelling():
    with pytest.raises(ShapeMismatch) as info:
        infer_shape("np.dot( dZ2,W2 )*(1-A1**2)", NET)
    assert info.value.fixes[0].expr == "np.dot( dZ2,W2.T )*(1-A1**2)"


@pytest.mark.parametrize("expr, error", [
    ("X.__class__", ExpressionRefused),
    ("np.load", ExpressionRefused),
    ("Q @ X", UnknownName),
    ("X.shape", InvalidArgument),
    ("X.sum(axis=2)", ShapeMismatch),
    ("d.reshape(3, 7)", ShapeMismatch),
    ("X[0, 0, 0]", ShapeMismatch),
])
def test_other_errors(expr, error):
    with pytest.raises(error):
        infer_shape(expr, NET)


def test_unknown_name_lists_what_is_available():
    with pytest.raises(UnknownName) as info:
        infer_shape("x.T @ d", {"X": ("n", "in"), "d": ("n", "out")})
    assert info.value.suggestion == "X"
    assert "available: X, d, np" in info.value.message


@pytest.mark.parametrize("dims", [{"X": "n,in"}, {"X": ("n", -1)}, {"X": ("n in",)},
                                  {"np": ("n",)}, {"_X": ("n",)}])
def test_bad_dims_are_the_callers_error(dims):
    with pytest.raises(ValueError):
        infer_shape("1", dims)
