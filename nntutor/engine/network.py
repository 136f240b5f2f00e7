"""A dense network built from an architecture list, as in seed 004:

    [{"input_dim": 2, "output_dim": 4, "activation": "tanh"},
     {"input_dim": 4, "output_dim": 1, "activation": "sigmoid"}]

Layer l (1-based) computes Zl = A(l−1)·Wl + bl and Al = f(Zl), with A0 = X. This module is the
fast path: no recording, just the NumPy work. `trace.py` records the same work step by step
through the op functions of `ops.py`; here their one-line NumPy expressions are written inline,
because a Python call per op costs ~10% on a network as small as XOR's. tests/engine/test_train.py
holds the two paths to bit-identical parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from nntutor.engine.activations import get_activation
from nntutor.engine.init import get_init
from nntutor.engine.losses import get_loss
from nntutor.engine.ops import Elementwise


class ArchitectureError(ValueError):
    """An architecture list that cannot be built; `layer` is the 0-based index at fault."""

    def __init__(self, message: str, layer: int | None = None, key: str | None = None):
        super().__init__(message)
        self.layer = layer
        self.key = key


@dataclass(frozen=True)
class Layer:
    input_dim: int
    output_dim: int
    activation: str


def parse_layer(spec: Any, index: int) -> Layer:
    """A layer from a dict, a Layer, or an (input_dim, output_dim, activation) tuple."""
    if isinstance(spec, Layer):
        return spec
    if isinstance(spec, Mapping):
        missing = [k for k in ("input_dim", "output_dim", "activation") if k not in spec]
        if missing:
            raise ArchitectureError(
                f"layer {index + 1} is missing {', '.join(missing)}", index, missing[0]
            )
        values = (spec["input_dim"], spec["output_dim"], spec["activation"])
    elif isinstance(spec, Sequence) and not isinstance(spec, str) and len(spec) == 3:
        values = tuple(spec)
    else:
        raise ArchitectureError(
            f"layer {index + 1} must be a table with input_dim, output_dim and activation",
            index,
        )
    in_dim, out_dim, activation = values
    for key, size in (("input_dim", in_dim), ("output_dim", out_dim)):
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            raise ArchitectureError(
                f"layer {index + 1} {key} must be a positive whole number, not {size!r}",
                index, key,
            )
    try:
        get_activation(str(activation))
    except ValueError as exc:
        raise ArchitectureError(f"layer {index + 1}: {exc}", index, "activation") from None
    return Layer(int(in_dim), int(out_dim), str(activation))


def parse_architecture(architecture: Iterable[Any]) -> tuple[Layer, ...]:
    """Validate the list: every layer's input_dim must equal the previous output_dim."""
    layers = tuple(parse_layer(spec, i) for i, spec in enumerate(architecture))
    if not layers:
        raise ArchitectureError("the architecture has no layers")
    for i in range(1, len(layers)):
        prev, cur = layers[i - 1], layers[i]
        if cur.input_dim != prev.output_dim:
            raise ArchitectureError(
                f"layer {i + 1} input_dim {cur.input_dim} does not match layer {i} "
                f"output_dim {prev.output_dim}: set layer {i + 1}'s input_dim to "
                f"{prev.output_dim}",
                i, "input_dim",
            )
    for i, layer in enumerate(layers[:-1]):
        if layer.activation == "softmax":
            raise ArchitectureError(
                f"layer {i + 1}: softmax is only supported as the last layer", i, "activation"
            )
    return layers


def default_dims(n_layers: int) -> tuple[str, ...]:
    """Names of the layer widths: in, h1, h2, ..., out."""
    return ("in", *(f"h{i}" for i in range(1, n_layers)), "out")


class Network:
    """Parameters W1, b1, ..., WL, bL of a dense network, and its fast forward/backward.

    `dims` names the widths (default in, h1, ..., out); the batch dimension is `n`.
    """

    batch_dim = "n"

    def __init__(
        self,
        architecture: Iterable[Any],
        loss: str = "mse",
        init: str = "glorot_uniform",
        seed: int = 0,
        dims: Sequence[str] | None = None,
    ):
        self.layers = parse_architecture(architecture)
        self.loss = get_loss(loss)
        if self.loss.fused_with and self.layers[-1].activation != self.loss.fused_with:
            raise ArchitectureError(
                f"loss {self.loss.name} needs a {self.loss.fused_with} last layer, "
                f"not {self.layers[-1].activation}",
                len(self.layers) - 1, "activation",
            )
        if self.layers[-1].activation == "softmax" and not self.loss.fused_with:
            raise ArchitectureError(
                "a softmax last layer needs the cross_entropy loss", len(self.layers) - 1
            )
        self.dims = tuple(dims) if dims is not None else default_dims(len(self.layers))
        if len(self.dims) != len(self.layers) + 1:
            raise ArchitectureError(
                f"{len(self.layers)} layers need {len(self.layers) + 1} dimension names "
                f"(got {len(self.dims)})"
            )
        self.init_name = init
        self.seed = seed
        init_fn = get_init(init)
        rng = np.random.default_rng(seed)
        self.params: dict[str, np.ndarray] = {}
        for l, layer in enumerate(self.layers, start=1):
            self.params[f"W{l}"] = init_fn(rng, layer.input_dim, layer.output_dim)
            self.params[f"b{l}"] = np.zeros((1, layer.output_dim))
        self._acts = [Elementwise(get_activation(layer.activation)) for layer in self.layers]
        self._keys = [(f"W{l}", f"b{l}") for l in range(1, len(self.layers) + 1)]
        # the training hot path's per-layer tuple: names, activation and its fast gradient
        self._fast = [(wk, bk, act.forward, act.fast_backward)
                      for (wk, bk), act in zip(self._keys, self._acts)]

    # -- shapes and names -----------------------------------------------------------
    @property
    def depth(self) -> int:
        return len(self.layers)

    def param_dims(self, name: str) -> tuple[str, ...]:
        l = int(name[1:])
        if name[0] == "W":
            return (self.dims[l - 1], self.dims[l])
        return ("1", self.dims[l])

    # -- the fast path ----------------------------------------------------------------
    def forward(self, X: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Return the cache [(A_prev, Z, A)] of every layer; the prediction is cache[-1][2]."""
        cache = []
        a = X
        params = self.params
        for (wk, bk), act in zip(self._keys, self._acts):
            z = a @ params[wk] + params[bk]  # MatMul.forward then BiasAdd.forward, inlined
            out = act.forward(z)
            cache.append((a, z, out))
            a = out
        return cache

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.forward(X)[-1][2]

    def loss_value(self, X: np.ndarray, Y: np.ndarray) -> float:
        return self.loss.value(self.predict(X), Y)

    def backward(self, cache, Y: np.ndarray) -> dict[str, np.ndarray]:
        """Gradients of the loss for every parameter, last layer first."""
        grads: dict[str, np.ndarray] = {}
        params = self.params
        g = self.loss.grad(cache[-1][2], Y)
        fused = self.loss.fused_with is not None
        for i in range(self.depth - 1, -1, -1):
            a_prev, z, a = cache[i]
            wk, bk = self._keys[i]
            dz = g if (fused and i == self.depth - 1) else self._acts[i].backward(g, z, a)
            # BiasAdd.backward_bias, MatMul.backward_weight and .backward_input, inlined
            grads[bk] = dz.sum(axis=0, keepdims=True)
            grads[wk] = a_prev.T @ dz
            if i:
                g = dz @ params[wk].T
        return grads

    def gradients(self, X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        return self.backward(self.forward(X), Y)

    def apply(self, grads: Mapping[str, np.ndarray], lr: float) -> None:
        """Gradient descent, in place: θ ← θ − η·∂L/∂θ, in the order backward produced them."""
        for name, grad in grads.items():
            self.params[name] -= lr * grad

    def train_step(self, X: np.ndarray, Y: np.ndarray, lr: float, want_loss: bool = False):
        """One gradient-descent step; with `want_loss`, return the loss measured by this
        step's own forward pass (before the update), which costs no extra pass.

        The same arithmetic as forward + backward + apply, in the same order, but each layer's
        parameters are updated as soon as its gradients exist (after Wᵀ has carried the
        gradient back), as a hand-written loop does: no gradient dict on the hot path."""
        params, layers = self.params, self._fast
        cache = []
        a = X
        for wk, bk, f, _ in layers:
            z = a @ params[wk] + params[bk]
            out = f(z)
            cache.append((a, z, out))
            a = out
        loss = self.loss
        g = loss.grad(a, Y)
        last = len(layers) - 1 if loss.fused_with is not None else -1
        for i in range(len(layers) - 1, -1, -1):
            a_prev, z, out = cache[i]
            wk, bk, _, back = layers[i]
            dz = g if (i == last or back is None) else back(g, z, out)
            W = params[wk]
            db = dz.sum(axis=0, keepdims=True)
            dW = a_prev.T @ dz
            if i:
                g = dz @ W.T
            params[bk] -= lr * db
            W -= lr * dW
        return loss.value(a, Y) if want_loss else None

    def trace(self, X: np.ndarray, Y: np.ndarray, lr: float | None = None):
        """Record one forward and backward pass (and the update when `lr` is given)."""
        from nntutor.engine.trace import record_pass

        return record_pass(self, X, Y, lr)

    def copy(self) -> "Network":
        clone = object.__new__(Network)
        clone.__dict__.update(self.__dict__)
        clone.params = {k: v.copy() for k, v in self.params.items()}
        return clone

    def __repr__(self) -> str:
        sizes = "-".join(str(s) for s in [self.layers[0].input_dim] + [l.output_dim for l in self.layers])
        acts = "/".join(l.activation for l in self.layers)
        return f"Network({sizes} {acts}, loss={self.loss.name}, init={self.init_name})"
