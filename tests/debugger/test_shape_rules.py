"""The debugger's shape rules agree with NumPy itself: same result shape, same refusals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nntutor.shapes import concrete as rules

shapes = st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple)
nonscalar = st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)


def numpy_says(fn, *arrays):
    try:
        return fn(*arrays).shape  # zeros: no overflow warnings
    except ValueError:
        return "error"


def rule_says(fn, *shapes_):
    try:
        return fn(*shapes_)
    except rules.Clash:
        return "error"


@settings(max_examples=150, deadline=None)
@given(shapes, shapes)
def test_broadcast(a, b):
    assert rule_says(rules.broadcast, a, b) == numpy_says(np.add, np.zeros(a), np.zeros(b))


@settings(max_examples=150, deadline=None)
@given(nonscalar, nonscalar)
def test_matmul(a, b):
    assert rule_says(rules.matmul, a, b) == numpy_says(np.matmul, np.zeros(a), np.zeros(b))


@settings(max_examples=150, deadline=None)
@given(shapes, shapes)
def test_dot(a, b):
    expected = numpy_says(np.dot, np.zeros(a), np.zeros(b))
    assert rule_says(rules.dot, a, b) == expected


@settings(max_examples=100, deadline=None)
@given(nonscalar, st.lists(st.integers(-1, 6), min_size=1, max_size=3).map(tuple))
def test_reshape(a, new):
    assert rule_says(rules.reshape, a, new) == numpy_says(lambda x: x.reshape(new), np.zeros(a))


@settings(max_examples=100, deadline=None)
@given(nonscalar, st.data())
def test_reductions(a, data):
    axis = data.draw(st.one_of(st.none(), st.integers(-len(a), len(a) - 1)))
    keepdims = data.draw(st.booleans())
    assert rules.reduce(a, axis, keepdims) == np.zeros(a).sum(axis=axis, keepdims=keepdims).shape


def test_a_clash_names_the_dimensions_that_disagree():
    with pytest.raises(rules.Clash) as clash:
        rules.dot((100, 2), (3, 1))
    assert clash.value.kind == "inner" and clash.value.summary == "inner dimensions 2 and 3 differ"
    assert [(c.operand, c.axis, c.size) for c in clash.value.axes] == [(0, 1, 2), (1, 0, 3)]
    with pytest.raises(rules.Clash) as clash:
        rules.broadcast((100, 3), (1, 4))
    assert [(c.operand, c.axis, c.size) for c in clash.value.axes] == [(0, 1, 3), (1, 1, 4)]


def test_calls_by_name():
    assert rules.call("tanh", [(4, 3)], [None], {}) == (4, 3)
    assert rules.call("sum", [(4, 3)], [None], {"axis": 0, "keepdims": True}) == (1, 3)
    assert rules.call("reshape", [(4, 3), (), ()], [None, 2, -1], {}) == (2, 6)
    assert rules.call("transpose", [(4, 3, 2)], [None], {}) == (2, 3, 4)
    assert rules.call("maximum", [(4, 3), ()], [None, 0.0], {}) == (4, 3)
    assert rules.call("unheard_of", [(4, 3)], [None], {}) is None
    assert rules.index((10, 4), (slice(None, 3), 0)) == (3,)
    assert rules.fmt((3,)) == "(3,)" and rules.fmt(None) == "?"


@pytest.mark.parametrize("name, values, kwargs, expected", [
    ("zeros", [(2, 3)], {}, (2, 3)), ("ones", [4], {}, (4,)), ("full", [(2, 2), 7], {}, (2, 2)),
    ("eye", [3], {}, (3, 3)), ("eye", [3, 5], {}, (3, 5)), ("identity", [4], {}, (4, 4)),
    ("arange", [5], {}, (5,)), ("arange", [2, 11, 3], {}, (3,)), ("linspace", [0, 1], {}, (50,)),
    ("linspace", [0, 1, 7], {}, (7,)), ("arange", [0.5], {}, None),
])
def test_constructors(name, values, kwargs, expected):
    assert rules.constructor(name, values, kwargs) == expected
    if expected is not None:
        assert getattr(np, name)(*values, **kwargs).shape == expected
