"""Losses: the value, the gradient with respect to the prediction Ŷ, and their text.

Ŷ and Y are (n, out). Every gradient here is ∂L/∂Ŷ, the gradient that starts the backward pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

# Predictions are kept this far from 0 and 1 inside the logs of the cross-entropies.
EPS = 1e-12


def mse(yhat: np.ndarray, y: np.ndarray) -> float:
    """L = (1/n)·Σᵢⱼ (Ŷᵢⱼ − Yᵢⱼ)²"""
    d = yhat - y
    return float(np.sum(d * d) / yhat.shape[0])


def mse_grad(yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂L/∂Ŷ = (2/n)·(Ŷ − Y)"""
    return (2.0 / yhat.shape[0]) * (yhat - y)


def half_sse(yhat: np.ndarray, y: np.ndarray) -> float:
    """L = ½·Σᵢⱼ (Ŷᵢⱼ − Yᵢⱼ)², summed over the batch"""
    d = yhat - y
    return float(0.5 * np.sum(d * d))


def half_sse_grad(yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂L/∂Ŷ = Ŷ − Y"""
    return yhat - y


def bce(yhat: np.ndarray, y: np.ndarray) -> float:
    """L = −(1/n)·Σ [Y·log Ŷ + (1 − Y)·log(1 − Ŷ)]"""
    p = np.clip(yhat, EPS, 1.0 - EPS)
    return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)) / yhat.shape[0])


def bce_grad(yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂L/∂Ŷ = (1/n)·(−Y/Ŷ + (1 − Y)/(1 − Ŷ))"""
    p = np.clip(yhat, EPS, 1.0 - EPS)
    return (1.0 / yhat.shape[0]) * ((1.0 - y) / (1.0 - p) - y / p)


def cross_entropy(yhat: np.ndarray, y: np.ndarray) -> float:
    """L = −(1/n)·Σᵢⱼ Yᵢⱼ·log Ŷᵢⱼ, Y one-hot, Ŷ = softmax(Z)"""
    p = np.clip(yhat, EPS, 1.0)
    return float(-np.sum(y * np.log(p)) / yhat.shape[0])


def softmax_cross_entropy_grad(yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂L/∂Z = (1/n)·(Ŷ − Y): softmax and cross-entropy differentiated together"""
    return (yhat - y) / yhat.shape[0]


@dataclass(frozen=True)
class Loss:
    name: str
    value: Callable[[np.ndarray, np.ndarray], float]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    formula: str
    numpy: str
    grad_formula: str
    grad_numpy: str
    note: str
    # True when `grad` is already ∂L/∂Z of a fused last activation (softmax + cross-entropy).
    fused_with: str | None = None


LOSSES: dict[str, Loss] = {
    "mse": Loss(
        "mse", mse, mse_grad,
        "L = (1/n)·Σ (Ŷ − Y)²", "L = np.sum((Yhat - Y) ** 2) / n",
        "∂L/∂Ŷ = (2/n)·(Ŷ − Y)", "dYhat = 2 * (Yhat - Y) / n",
        "The loss sums the squares of every entry and divides by n only, so its gradient carries "
        "1/n once, here. Dividing by n again later makes a gradient n times too small; leaving "
        "the 1/n out makes it n times too large.",
    ),
    "half_sse": Loss(
        "half_sse", half_sse, half_sse_grad,
        "L = ½·Σ (Ŷ − Y)²", "L = 0.5 * np.sum((Yhat - Y) ** 2)",
        "∂L/∂Ŷ = Ŷ − Y", "dYhat = Yhat - Y",
        "Half the squared error, SUMMED over the batch: the ½ cancels the 2 of the square, and "
        "there is no 1/n, so gradients grow with the batch size and the learning rate must be "
        "small (0.001 for XOR).",
    ),
    "bce": Loss(
        "bce", bce, bce_grad,
        "L = −(1/n)·Σ [Y·log Ŷ + (1−Y)·log(1−Ŷ)]",
        "L = -np.sum(Y * np.log(Yhat) + (1 - Y) * np.log(1 - Yhat)) / n",
        "∂L/∂Ŷ = (1/n)·(−Y/Ŷ + (1−Y)/(1−Ŷ))",
        "dYhat = (-Y / Yhat + (1 - Y) / (1 - Yhat)) / n",
        "Binary cross-entropy is a mean over the n samples: the 1/n is applied once, here. Ŷ is "
        "clipped to [1e-12, 1 − 1e-12] so log(0) never appears.",
    ),
    "cross_entropy": Loss(
        "cross_entropy", cross_entropy, softmax_cross_entropy_grad,
        "L = −(1/n)·Σ Y·log Ŷ", "L = -np.sum(Y * np.log(Yhat)) / n",
        "δ = ∂L/∂Z = (Ŷ − Y)/n", "dZ = (Yhat - Y) / n",
        "Softmax followed by cross-entropy has the simplest gradient of all: (Ŷ − Y)/n with "
        "respect to the pre-activation Z. The Jacobian of softmax never has to be built.",
        fused_with="softmax",
    ),
}
ALIASES = {"half_squared_error": "half_sse", "binary_cross_entropy": "bce", "ce": "cross_entropy"}


def canonical_loss(name: str) -> str:
    """`binary_cross_entropy` -> `bce`; a name that is not a loss comes back unchanged."""
    return ALIASES.get(name, name)


def get_loss(name: str) -> Loss:
    try:
        return LOSSES[ALIASES.get(name, name)]
    except KeyError:
        known = ", ".join(sorted(LOSSES))
        raise ValueError(f"unknown loss {name!r} (known: {known})") from None
