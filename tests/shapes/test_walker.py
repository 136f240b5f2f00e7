"""The shape walker asks a resolver for its leaves: any object with `value(node)` and
`name(ident)` will do, not only a paused frame."""

import ast

import numpy as np

import nntutor.shapes.walker as W
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
