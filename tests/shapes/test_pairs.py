"""Gradient-parameter pairs, from names and from update statements."""

from __future__ import annotations

import ast

import pytest

from nntutor.shapes.pairs import is_parameter, parameter_of, update_pairs

KNOWN = ["W1", "b1", "W2", "b2", "X", "A1", "Z1", "params['W1']", "params['b2']",
         "weights[0]", "weights[1]", "biases[0]", "self.W3", "l1", "l2"]


@pytest.mark.parametrize("gradient, parameter", [
    ("dW1", "W1"), ("grad_W2", "W2"), ("dL_db2", "b2"), ("W1_grad", "W1"), ("db1", "b1"),
    ("grads['W1']", "params['W1']"), ('grads["b2"]', "params['b2']"),
    ("nabla_w[1]", "weights[1]"), ("nabla_b[0]", "biases[0]"), ("grad_W3", "self.W3"),
    ("l1_delta", "l1"), ("l2_error", "l2"),
])
def test_a_gradient_is_paired_with_its_parameter_by_name(gradient, parameter):
    assert parameter_of(gradient, KNOWN) == parameter


@pytest.mark.parametrize("name", ["delta", "dZ9", "X", "grads['W7']"])
def test_names_that_are_no_gradient_of_a_known_array_have_no_pair(name):
    assert parameter_of(name, KNOWN) is None


def test_update_statements_pair_what_they_subtract_with_what_they_update():
    tree = ast.parse(
        "W1 -= lr * dW1\n"
        "b = b - 0.1 * gb\n"
        "params[k] -= lr * grads[k]\n"
        "syn0 += l0.T.dot(l1_delta)\n"
        "x = x + 1\n"
    )
    pairs = update_pairs(tree)
    assert pairs == {"dW1": "W1", "gb": "b", "grads[k]": "params[k]",
                     "l0.T.dot(l1_delta)": "syn0"}
    assert parameter_of("gb", ["b", "X"], pairs) == "b"
    assert is_parameter("W1", pairs) and not is_parameter("X", pairs)
