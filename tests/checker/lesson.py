"""Lesson-like data for the checker tests: a two-layer network's forward and backward pass.

`instances()` gives several instantiations with different, non-square sizes per dim (as the
lesson layer will), each with "__sizes__"; `DIMS` names every variable's dims.
"""

from __future__ import annotations

import numpy as np

DIMS = {
    "X": ("n", "in"), "Y": ("n", "out"), "W1": ("in", "h1"), "b1": (1, "h1"),
    "W2": ("h1", "out"), "b2": (1, "out"), "Z1": ("n", "h1"), "A1": ("n", "h1"),
    "S1": ("n", "h1"), "Z2": ("n", "out"), "dZ2": ("n", "out"), "dA1": ("n", "h1"),
    "dZ1": ("n", "h1"), "n": (),
}
SIZES = [(7, 3, 5, 2), (11, 4, 6, 3), (13, 2, 9, 4)]  # (n, in, h1, out), all different


def two_layer(rng: np.random.Generator, n: int, n_in: int, h1: int, out: int) -> dict:
    """tanh hidden layer, linear output, mean squared error; S1 is a sigmoid of Z1."""
    X = rng.standard_normal((n, n_in))
    Y = rng.standard_normal((n, out))
    W1, b1 = rng.standard_normal((n_in, h1)), rng.standard_normal((1, h1))
    W2, b2 = rng.standard_normal((h1, out)), rng.standard_normal((1, out))
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2 + b2
    dZ2 = (Z2 - Y) / n
    dA1 = dZ2 @ W2.T
    return {
        "X": X, "Y": Y, "W1": W1, "b1": b1, "W2": W2, "b2": b2, "Z1": Z1, "A1": A1,
        "S1": 1 / (1 + np.exp(-Z1)), "Z2": Z2, "dZ2": dZ2, "dA1": dA1,
        "dZ1": dA1 * (1 - A1**2), "n": n,
        "__sizes__": {"n": n, "in": n_in, "h1": h1, "out": out},
    }


def instances(seed: int = 0, sizes=SIZES) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [two_layer(rng, *s) for s in sizes]


def variables(seed: int = 0) -> dict:
    """One instance without its sizes: what `evaluate` takes."""
    inst = instances(seed)[0]
    inst.pop("__sizes__")
    return inst
