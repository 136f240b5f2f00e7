"""The primitive ops of a dense network, forward and backward side by side.

Samples are in ROWS: X is (n, in), W is (in, out), Z = X·W + b is (n, out).
Each backward returns fresh arrays and never mutates the incoming gradient.
The network's fast path and its traced path both call these functions, which is why the two
give bit-identical parameters.
"""

from __future__ import annotations

import numpy as np

from nntutor.engine.activations import Activation


class MatMul:
    """Y = A·W.  Backward: ∂L/∂A = G·Wᵀ (transpose on the right), ∂L/∂W = Aᵀ·G (on the left)."""

    name = "matmul"

    @staticmethod
    def forward(a: np.ndarray, w: np.ndarray) -> np.ndarray:
        return a @ w

    @staticmethod
    def backward_input(g: np.ndarray, w: np.ndarray) -> np.ndarray:
        return g @ w.T

    @staticmethod
    def backward_weight(g: np.ndarray, a: np.ndarray) -> np.ndarray:
        return a.T @ g


class BiasAdd:
    """Z = P + b with b (1, out) broadcast over the n rows.

    Backward: ∂L/∂P = G; ∂L/∂b = Σ over the batch of G, kept (1, out) with keepdims.
    """

    name = "bias_add"

    @staticmethod
    def forward(p: np.ndarray, b: np.ndarray) -> np.ndarray:
        return p + b

    @staticmethod
    def backward_bias(g: np.ndarray) -> np.ndarray:
        return g.sum(axis=0, keepdims=True)


class Elementwise:
    """A = f(Z) element by element.  Backward: ∂L/∂Z = G ⊙ f'(Z) (a product, not a matmul).

    The kernels are the graph op's own (`engine.graph` Relu, Sigmoid, Tanh, Identity), bound
    once: this sits on the training hot path. `fast_backward` is None for the identity, whose
    gradient passes unchanged (multiplying by ones is exact; the fast path skips the work)."""

    name = "activation"

    def __init__(self, activation: Activation):
        from nntutor.engine.graph.registry import EXTRA, OPS

        self.activation = activation
        kind = "linear" if activation.name == "identity" else activation.name
        self.op = OPS.get(kind) or EXTRA.get(kind)
        self.forward = self.op.f if self.op is not None and hasattr(self.op, "f") \
            else activation.forward
        grad = getattr(self.op, "grad", None) if self.op is not None else None
        self.fast_backward = grad
        self.backward = grad if grad is not None else _through


def _through(g: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return g.copy()
