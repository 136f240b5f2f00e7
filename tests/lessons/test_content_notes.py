"""Every size-dependent claim of a pitfall note is computed again here with NumPy.

When a note says a spelling does not line up, NumPy must raise for those sizes; when it says the
spelling runs, it must run, and when it says the numbers are not the gradient they must differ.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from nntutor.engine import notes
from nntutor.engine.network import Network
from nntutor.lessons.loader import find_lesson
from nntutor.lessons.runtime import trace_lesson

from tests.lessons.conftest import LESSON_IDS

SIZES = [dict(n=n, i=i, o=o) for n, i, o in itertools.product((2, 3, 6, 8), (3, 8), (1, 3, 8))]


def _arrays(sizes, rng):
    A = rng.standard_normal((sizes["n"], sizes["i"]))
    D = rng.standard_normal((sizes["n"], sizes["o"]))
    W = rng.standard_normal((sizes["i"], sizes["o"]))
    return A, D, W


def _claims(text: str, spelling: str) -> str:
    sentence = next(s for s in re.split(r"(?<=\.) ", text) if s.startswith(spelling))
    return sentence


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "n{n}-in{i}-out{o}".format(**s))
def test_weight_gradient_note_tells_which_spellings_line_up(sizes):
    rng = np.random.default_rng(sum(sizes.values()))
    A, D, _ = _arrays(sizes, rng)
    grad = A.T @ D
    text = notes.weight_gradient_note("A1", "δ2", "W2", "i", "o", sizes)
    spellings = {"δ2ᵀ·A1": lambda: D.T @ A, "δ2·A1ᵀ": lambda: D @ A.T, "A1·δ2": lambda: A @ D}
    for spelling, compute in spellings.items():
        said = _claims(text, spelling)
        if "does not line up" in said:
            with pytest.raises(ValueError):
                compute()
        else:
            value = compute()  # the note says it runs: it must
            shape = tuple(int(v) for v in re.search(r"= \((\d+), (\d+)\)", said).groups())
            assert value.shape == shape, said
            if "no shape error warns you" in said:
                assert value.shape == grad.shape and not np.allclose(value, grad), said
            else:
                assert value.shape != grad.shape, said


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: "n{n}-in{i}-out{o}".format(**s))
def test_input_gradient_note_tells_which_spellings_line_up(sizes):
    rng = np.random.default_rng(sum(sizes.values()) + 1)
    _, D, W = _arrays(sizes, rng)
    grad = D @ W.T
    text = notes.input_gradient_note("δ2", "W2", "A1", "i", "o", sizes)
    for spelling, compute in {"δ2·W2": lambda: D @ W, "W2·δ2ᵀ": lambda: W @ D.T}.items():
        said = _claims(text, spelling)
        if "does not line up" in said:
            with pytest.raises(ValueError):
                compute()
        else:
            value = compute()
            if "no shape error warns you" in said:
                assert value.shape == grad.shape and not np.allclose(value, grad), said
            else:
                assert value.shape != grad.shape, said


def test_iris_layer_2_note_says_the_transposed_product_runs_silently():
    """h1 = h2 = 8: the case the old note got wrong ("does not even line up")."""
    tape = trace_lesson(find_lesson("three-layer-iris"))
    step = next(s for s in tape if s.op == "matmul_grad_weight" and s.node == "W2")
    assert tape.sizes["h1"] == tape.sizes["h2"] == 8
    assert "δ2ᵀ·A1 runs" in step.note and "no shape error warns you" in step.note
    assert "δ2·A1ᵀ runs here, because h2 = h1 = 8" in step.note
    values = tape.values()
    A1, dZ2 = values["A1"], values["dZ2"]
    assert (dZ2.T @ A1).shape == values["dW2"].shape
    assert not np.allclose(dZ2.T @ A1, values["dW2"])
    assert (dZ2 @ A1.T).shape == (6, 6)


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_every_weight_and_input_note_of_every_lesson_is_true(lesson_id):
    tape = trace_lesson(find_lesson(lesson_id))
    values = tape.values()
    for step in tape:
        if step.op == "matmul_grad_weight":
            l = int(step.node[1:])
            A = values["X" if l == 1 else f"A{l - 1}"]
            D = values[f"dZ{l}"]
            for spelling, compute in ((f"δ{l}ᵀ·", lambda: D.T @ A), (f"δ{l}·", lambda: D @ A.T),
                                      ("·δ", lambda: A @ D)):
                said = next(s for s in re.split(r"(?<=\.) ", step.note)
                            if spelling in s.split(" ")[0])
                if "does not line up" in said:
                    with pytest.raises(ValueError):
                        compute()
                else:
                    compute()


def test_softmax_forward_note_does_not_claim_element_by_element():
    text = notes.activation_forward_note("softmax", "Z2", "A2")
    assert "not element by element" in text and "whole row" in text
    net = Network([(3, 4, "relu"), (4, 3, "softmax")], loss="cross_entropy")
    tape = net.trace(np.random.default_rng(0).standard_normal((5, 3)), np.eye(3)[[0, 1, 2, 0, 1]])
    step = next(s for s in tape if s.op == "softmax")
    assert "row by row" in step.note
    Z = tape.values()["Z2"].copy()
    before = net._acts[1].activation.forward(Z)
    Z[0, 0] += 1.0  # one input changes the whole row of outputs
    after = net._acts[1].activation.forward(Z)
    assert np.all(before[0] != after[0]) and np.allclose(before[1:], after[1:])
    assert "element by element" in notes.activation_forward_note("sigmoid", "Z1", "A1")


def test_bias_note_ones_like_is_a_row_and_the_sum_is_a_column_product():
    text = notes.bias_gradient_note("b2", "δ2", "dZ2", "h2")
    assert "(1, h2) row shaped like b2" in text and "(n, 1) column of ones" in text
    rng = np.random.default_rng(1)
    dZ, b = rng.standard_normal((5, 3)), np.zeros((1, 3))
    assert np.ones_like(b).shape == (1, 3)
    assert np.array_equal(np.ones_like(b) * dZ, dZ)  # multiplying by it changes nothing
    np.testing.assert_allclose(np.ones((5, 1)).T @ dZ, dZ.sum(axis=0, keepdims=True))


@pytest.mark.parametrize("n,out", [(6, 3), (4, 1)])
def test_mse_note_counts_the_entries_and_what_np_mean_would_do(n, out):
    text = notes.mse_gradient_note(n, out)
    rng = np.random.default_rng(2)
    Yhat, Y = rng.standard_normal((n, out)), rng.standard_normal((n, out))
    L = np.sum((Yhat - Y) ** 2) / n
    if out == 1:
        assert "equals np.mean" in text
        assert np.isclose(np.mean((Yhat - Y) ** 2), L)
    else:
        assert f"{n * out} entries" in text and f"{out} times more" in text
        assert np.isclose(np.mean((Yhat - Y) ** 2) * out, L)
    assert "both" not in text and " m " not in text  # no column-layout talk in lesson 1


def test_moons_sigmoid_step_shows_the_cross_entropy_cancellation():
    tape = trace_lesson(find_lesson("deep-network-moons"))
    step = next(s for s in tape if s.op == "sigmoid_grad")
    assert "cancel" in step.note
    v = tape.values()
    gap = float(re.search(r"by at most ([0-9.e+-]+)", step.note).group(1))
    assert np.max(np.abs(v["dZ5"] - (v["A5"] - v["Y"]) / len(v["Y"]))) <= max(gap, 1e-300) * 1.06
    assert "round-off only" in step.note and gap < 1e-15


def test_cancellation_note_says_when_a_saturated_output_loses_the_digits():
    from nntutor.engine.activations import sigmoid_grad
    from nntutor.engine.losses import bce_grad

    Z = np.array([[40.0], [0.3]])  # σ(40) is 1.0 in float64: A⊙(1 − A) is exactly 0
    A, Y = 1 / (1 + np.exp(-Z)), np.array([[0.0], [1.0]])
    dZ = bce_grad(A, Y) * sigmoid_grad(Z, A)
    text = notes.sigmoid_bce_note("A5", "dZ5", 5, A, Y, dZ)
    assert "lost its digits" in text and "round-off only" not in text
    assert abs(dZ[0, 0] - (A[0, 0] - Y[0, 0]) / 2) > 0.4  # the factored form gives 0, not ½
