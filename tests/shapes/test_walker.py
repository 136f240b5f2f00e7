"""The shape walker asks a resolver for its leaves: any object with `value(node)` and
`name(ident)` will do, not only a paused frame; the checker's strict resolver walks an
exercise's named dims with the same walker and the same rules."""

import ast

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nntutor.shapes.walker as W
from nntutor.checker.env import dims_env
from nntutor.checker.errors import InvalidArgument, UnknownName
from nntutor.checker.limits import DEFAULT_LIMITS
from nntutor.checker.resolver import ExerciseResolver
from nntutor.checker.syntax import parse
from nntutor.shapes import concrete
from nntutor.shapes.clash import Clash
from nntutor.shapes.dims import shape_text
from nntutor.shapes.resolver import UNKNOWN


class DictResolver:
    """Leaves from a plain dict: names, and `params['W1']`-style items."""

    def __init__(self, values):
        self.values = values

    def name(self, ident):
        return {"np": np, **self.values}.get(ident, UNKNOWN)

    def value(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Subscript):
            base = self.value(node.value)
            key = self.value(node.slice)
            if isinstance(base, dict) and key in base:
                return base[key]
        return UNKNOWN


def stmt(text):
    return ast.parse(text).body[0]


def test_items_of_a_dict_get_their_shapes_from_the_resolver():
    params = {"W1": np.zeros((2, 3)), "b1": np.zeros((1, 3))}
    ns = DictResolver({"X": np.zeros((5, 2)), "params": params})
    analysis = W.analyse(stmt("h = X @ params['W1'] + params['b1']"), ns)
    assert analysis.failure is None
    assert [op.shape for op in analysis.operations] == [(5, 3), (5, 3)]


def test_a_clash_is_reported_with_the_resolved_operands():
    ns = DictResolver({"X": np.zeros((5, 2)), "params": {"W1": np.zeros((3, 2))}})
    analysis = W.analyse(stmt("h = X @ params['W1']"), ns)
    assert analysis.failure is not None
    assert [o.shape for o in analysis.failure.operation.operands] == [(5, 2), (3, 2)]
    assert analysis.failure.function == "@"


def test_an_unresolved_leaf_leaves_the_shape_unknown_not_wrong():
    analysis = W.analyse(stmt("h = X @ W"), DictResolver({"X": np.zeros((5, 2))}))
    assert analysis.failure is None
    assert analysis.operations[-1].shape is None


# -- the same walker on an exercise's names (the checker's strict resolver) -------------------

NAMED = {"X": ("n", "in"), "W1": ("in", "h1"), "d": ("n", "h1"), "n": ()}


def exercise(text, dims=NAMED, record=True):
    parsed = parse(text, DEFAULT_LIMITS)
    return W.walk(parsed.tree, ExerciseResolver(parsed, dims_env(dims), DEFAULT_LIMITS),
                  record=record)


def test_an_exercise_is_walked_operation_by_operation_in_named_dims():
    value, analysis = exercise("(X @ W1).T @ d / n")
    assert analysis.failure is None
    assert shape_text(value.shape) == "(h1, h1)"
    assert [(op.symbol, shape_text(op.shape)) for op in analysis.operations] == [
        ("@", "(n, h1)"), (".T", "(h1, n)"), ("@", "(h1, h1)"), ("/", "(h1, h1)")]


def test_an_exercise_clash_is_the_rules_clash_with_the_operands_it_names():
    value, analysis = exercise("np.sum(X @ d, axis=0)", record=False)
    assert analysis.operations == [] and analysis.failure is not None
    failure = analysis.failure
    assert failure.function == "@" and failure.operation is None
    assert [ast.unparse(n) for n in failure.operand_nodes] == ["X", "d"]
    assert failure.clash.pairs == ((0, 1), (1, 0))  # in of X against n of d
    assert "{0}" in failure.clash.why  # the checker fills in the operands' text


def test_the_strict_resolver_refuses_what_an_exercise_may_not_write():
    with pytest.raises(UnknownName):
        exercise("X @ W2")
    with pytest.raises(InvalidArgument):
        exercise("np.sum(X, axis=0, keepdims=2)")


def test_comparisons_make_masks_that_index_rows():
    value, analysis = exercise("X[d.sum(axis=1) > 0]")
    assert value.mask is False and shape_text(value.shape) == "(count(d.sum(axis=1) > 0), in)"


# -- the debugger's words on the shared rules: basic indexing agrees with NumPy ---------------

keys = st.lists(st.one_of(st.integers(-4, 4), st.none(),
                          st.builds(slice, st.one_of(st.none(), st.integers(-4, 4)),
                                    st.one_of(st.none(), st.integers(-4, 4)),
                                    st.sampled_from([None, 1, 2, -1]))),
                max_size=3).map(tuple)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple), keys)
def test_basic_indexing_agrees_with_numpy(shape, key):
    try:
        expected = np.zeros(shape)[key].shape
    except IndexError:
        expected = "error"
    try:
        got = concrete.index(shape, key)
    except Clash as clash:
        got = "error"
        assert clash.kind in ("axis", "ndim")
    assert got == expected
