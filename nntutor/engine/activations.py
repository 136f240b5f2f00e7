"""Element-wise activations: forward, derivative and the text that explains them.

Each derivative is written the way the seeds compute it: from the activation's output where
that is cheapest (σ' = A⊙(1−A), tanh' = 1−A²), from the pre-activation for relu (H(Z)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z))"""
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_grad(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """σ'(z) = σ(z)·(1 − σ(z)) = A⊙(1 − A)"""
    return a * (1.0 - a)


def tanh_grad(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """tanh'(z) = 1 − tanh²(z) = 1 − A²"""
    return 1.0 - a * a


def relu(z: np.ndarray) -> np.ndarray:
    """relu(z) = z·H(z) = max(0, z)"""
    return np.maximum(z, 0.0)


def relu_grad(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """relu'(z) = H(z): 1 where z > 0, else 0 (the kink at 0 is given 0)"""
    return (z > 0).astype(np.float64)


def identity(z: np.ndarray) -> np.ndarray:
    """linear: A = Z"""
    return z


def identity_grad(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """d/dz z = 1"""
    return np.ones_like(z)


def softmax(z: np.ndarray) -> np.ndarray:
    """softmax(z)ᵢ = e^(zᵢ − max z) / Σⱼ e^(zⱼ − max z), row by row"""
    return softmax_axis(z, 1)


def softmax_axis(z: np.ndarray, axis: int) -> np.ndarray:
    """softmax along `axis`, shifted by the max of each slice so e^z never overflows"""
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@dataclass(frozen=True)
class Activation:
    """An activation with its teaching text; `{z}`/`{a}` stand for the operand names."""

    name: str
    symbol: str  # σ, tanh, relu, id, softmax
    forward: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray] | None
    forward_numpy: str  # e.g. "1 / (1 + np.exp(-{z}))"
    grad_math: str  # e.g. "{a}⊙(1−{a})"
    grad_numpy: str  # e.g. "{a} * (1 - {a})"
    note: str | None = None
    has_kink: bool = False


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid", "σ", sigmoid, sigmoid_grad,
        "1 / (1 + np.exp(-{z}))", "{a}⊙(1−{a})", "{a} * (1 - {a})",
        "The sigmoid's derivative is built from its own output: σ'(Z) = A⊙(1−A), so backward "
        "needs the cached A, not Z. It never exceeds 0.25, which is why deep sigmoid stacks learn "
        "slowly.",
    ),
    "tanh": Activation(
        "tanh", "tanh", np.tanh, tanh_grad,
        "np.tanh({z})", "1−{a}²", "1 - {a}**2",
        "tanh'(Z) = 1 − A², again from the cached output A.",
    ),
    "relu": Activation(
        "relu", "relu", relu, relu_grad,
        "np.maximum({z}, 0)", "H({z})", "({z} > 0)",
        "relu(Z) = Z·H(Z) where H is the Heaviside step, so relu'(Z) = H(Z): the gradient passes "
        "where Z > 0 and is blocked elsewhere. At Z = 0 relu has a kink and no derivative; we use "
        "0 there, as NumPy's (Z > 0) does.",
        has_kink=True,
    ),
    "linear": Activation(
        "linear", "id", identity, identity_grad,
        "{z}", "1", "np.ones_like({z})",
        "A linear (identity) layer passes the gradient through unchanged: ∂A/∂Z = 1.",
    ),
    "softmax": Activation(
        "softmax", "softmax", softmax, None,
        "np.exp({z}) / np.exp({z}).sum(axis=1, keepdims=True)", "", "",
        "Softmax is only allowed as the last layer with the cross-entropy loss: together their "
        "gradient is simply (Ŷ − Y)/n.",
    ),
}
ACTIVATIONS["identity"] = ACTIVATIONS["linear"]


def get_activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"unknown activation {name!r} (known: {known})") from None
