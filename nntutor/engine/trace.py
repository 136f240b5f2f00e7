"""Record one forward and backward pass of a Network as a Tape of explained Steps.

The NumPy work is the same calls, in the same order, as the fast path in `network.py`, so a
traced pass and an untraced one produce bit-identical numbers. The dense stack is one way to
build a graph: each layer contributes its matmul, bias add and activation pieces and the loss
its own (nntutor.engine.dense_steps); each piece records its forward step and its backward
step(s). What is here is only the bookkeeping every piece shares: names, named dimensions,
Operands and shape algebra.
"""

from __future__ import annotations

import numpy as np

from nntutor.engine.dense_steps import a_name, pieces, sgd_step
from nntutor.engine.step import Operand, format_dims
from nntutor.engine.tape import Tape


def shape_text(shape) -> str:
    return format_dims(tuple(str(s) for s in shape)) if len(shape) else "()"


class _Recorder:
    """Knows every quantity's name and named dimensions, and builds Operands from them."""

    def __init__(self, net, X: np.ndarray, Y: np.ndarray):
        self.net = net
        self.grads: dict[str, np.ndarray] = {}  # filled by backward, in the order found
        n = net.batch_dim
        self.tape = Tape()
        widths = [net.layers[0].input_dim] + [layer.output_dim for layer in net.layers]
        self.tape.sizes = {n: X.shape[0], "1": 1, **dict(zip(net.dims, widths))}
        d = self.tape.dims
        d["X"] = (n, net.dims[0])
        d["Y"] = (n, net.dims[-1])
        d["L"] = ()
        for l in range(1, net.depth + 1):
            a_prev = self.a_name(l - 1)
            d[f"W{l}"] = d[f"dW{l}"] = net.param_dims(f"W{l}")
            d[f"b{l}"] = d[f"db{l}"] = net.param_dims(f"b{l}")
            d[f"{a_prev}W{l}"] = (n, net.dims[l])
            for name in (f"Z{l}", f"A{l}", f"dZ{l}", f"dA{l}"):
                d[name] = (n, net.dims[l])
        self.d = d

    a_name = staticmethod(a_name)

    def op(self, name: str, value, copy: bool = False) -> Operand:
        arr = np.array(value, dtype=np.float64, copy=True) if copy else np.asarray(value)
        return Operand(name, arr, self.d[name])

    def algebra(self, a: str, sym: str, b: str | None, out: str, values) -> tuple[str, str]:
        """The shape computation in numbers and in named dimensions."""
        shapes = [shape_text(np.shape(v)) for v in values]
        dims = [format_dims(self.dims_of(x)) for x in (a, b, out) if x is not None]
        if b is None:
            return f"{shapes[0]} → {shapes[1]}", f"{dims[0]} → {dims[1]}"
        return (
            f"{shapes[0]} {sym} {shapes[1]} → {shapes[2]}",
            f"{dims[0]} {sym} {dims[1]} → {dims[2]}",
        )

    def dims_of(self, expr: str) -> tuple[str, ...]:
        if expr.endswith(".T"):
            return tuple(reversed(self.d[expr[:-2]]))
        return self.d[expr]


def record_pass(net, X: np.ndarray, Y: np.ndarray, lr: float | None = None) -> Tape:
    """Forward through every piece, backward through them in reverse, then the updates."""
    r = _Recorder(net, X, Y)
    values = {"X": X, "Y": Y}
    graph = pieces(net)
    for piece in graph:
        piece.forward(r, values)
    for piece in reversed(graph):
        piece.backward(r, values)
    if lr is not None:
        for name, grad in r.grads.items():
            sgd_step(r, name, grad, lr)
    return r.tape
