"""Issue 11's shape items on non-square sizes: swapped operands keep their brackets, errors
point at the operator, and the learner spellings len / true_divide / multi_dot / einsum
(optimize=True) get shapes and values."""

from __future__ import annotations

import numpy as np
import pytest

from nntutor.checker.errors import ShapeMismatch
from nntutor.checker.evaluator import evaluate_local
from nntutor.checker.shapes import infer_shape
from nntutor.shapes import concrete
from nntutor.shapes.clash import Clash

DIMS = {"A1": ("n", "h"), "A2": ("n", "o"), "Y": ("n", "o"), "X": ("n", "i"), "n": ()}


def test_a_swapped_product_keeps_the_brackets_its_operands_need():
    with pytest.raises(ShapeMismatch) as err:
        infer_shape("(2 * (A2 - Y) / n) @ A1.T", DIMS, expected=("h", "o"))
    best = err.value.fixes[0]
    assert (best.expr, best.kind) == ("A1.T @ (2 * (A2 - Y) / n)", "swap_operands")


def test_a_shape_error_points_at_the_operator():
    with pytest.raises(ShapeMismatch) as err:
        infer_shape("(A1 + 1) @ A2", DIMS)
    assert err.value.column == 10 and "at column 10" in err.value.message


@pytest.mark.parametrize("expr, shape", [
    ("A1.T @ A2 / len(X)", ("h", "o")),
    ("np.true_divide(A2, Y)", ("n", "o")),
    ("np.linalg.multi_dot([A1.T, A2])", ("h", "o")),
    ("np.linalg.multi_dot([X.T, A1, A1.T, A2])", ("i", "o")),
    ("np.einsum('nh,no->ho', A1, A2, optimize=True)", ("h", "o")),
])
def test_learner_spellings_have_shapes(expr, shape):
    assert infer_shape(expr, DIMS) == shape


def test_learner_spellings_have_numpys_values():
    rng = np.random.default_rng(4)
    A1, A2, X = rng.normal(size=(7, 3)), rng.normal(size=(7, 2)), rng.normal(size=(7, 5))
    env = {"A1": A1, "A2": A2, "X": X}
    assert np.allclose(evaluate_local("A1.T @ A2 / len(X)", env), A1.T @ A2 / 7)
    assert np.allclose(evaluate_local("np.linalg.multi_dot([X.T, A1, A1.T, A2])", env),
                       X.T @ A1 @ A1.T @ A2)
    assert np.allclose(evaluate_local("np.true_divide(A1, 4)", env), A1 / 4)
    assert np.allclose(evaluate_local("np.einsum('nh,no->ho', A1, A2, optimize=True)", env),
                       A1.T @ A2)


def test_multi_dot_names_the_pair_that_does_not_fit():
    with pytest.raises(ShapeMismatch) as err:
        infer_shape("np.linalg.multi_dot([A1.T, A2, X])", DIMS)
    assert err.value.clash.dims == ("o", "n")


def test_the_debugger_joins_and_chains_arrays_by_numpys_rules():
    a, b = np.ones((3, 2)), np.ones((4, 2))
    assert concrete.call("concatenate", [None], [[a, b]], {"axis": 0}) == (7, 2)
    assert concrete.call("stack", [None], [[a, a]], {}) == (2, 3, 2)
    assert concrete.call("multi_dot", [None], [[a.T, np.ones((3, 5))]], {}) == (2, 5)
    with pytest.raises(Clash):
        concrete.call("concatenate", [None], [[a, np.ones((4, 3))]], {"axis": 0})


def test_random_draws_have_the_shape_of_their_size():
    assert concrete.random_call("normal", [0, 1], {"size": (2, 5)}) == (2, 5)
    assert concrete.random_call("rand", [3, 4], {}) == (3, 4)
    assert concrete.random_call("random", [(3, 1)], {}) == (3, 1)
    assert concrete.random_call("uniform", [-1, 1, (6, 2)], {}) == (6, 2)
