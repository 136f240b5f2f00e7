"""The losses as graph ops: L = loss(P, Y), a scalar; only P receives a gradient.

The values and gradients are the engine's own (engine/losses.py), so a graph lesson and a
dense lesson with the same loss compute the same numbers. Cross-entropy here is UNFUSED:
its gradient is with respect to the probabilities P (−Y/P/n); the softmax before it has its
own backward step.
"""

from __future__ import annotations

import numpy as np

from nntutor.engine import cells as C
from nntutor.engine import losses as engine_losses
from nntutor.engine.graph.broadcast import ShapeClash, size_of
from nntutor.engine.graph.ops import Op


class LossOp(Op):
    arity = 2
    differentiable = (True, False)

    def __init__(self, name: str, grad):
        self.loss = engine_losses.get_loss(name)
        self.key = f"loss_{name}"
        self.symbol = name
        self.title = f"{name} loss"
        self._grad = grad

    def dims(self, arg_dims, sizes, p):
        a, b = arg_dims
        if [size_of(d, sizes) for d in a] != [size_of(d, sizes) for d in b]:
            raise ShapeClash(f"the {self.symbol} loss compares two arrays of the same shape, not "
                             f"({', '.join(a)}) and ({', '.join(b)})")
        return ()

    def forward(self, xs, p):
        return np.asarray(self.loss.value(xs[0], xs[1]))

    def backward(self, k, g, xs, y, p):
        return self._grad(xs[0], xs[1]) * g

    def text(self, out, args, p):
        return (_named(self.loss.formula, args),
                _named(self.loss.numpy, args).replace("L =", f"{out} =", 1))

    def grad_text(self, k, g, out, args, p):
        formula, numpy = GRAD_TEXT[self.symbol]
        return _named(formula, args), _named(numpy, args)

    def grad_note(self, k, out, args, p, **shape):
        return GRAD_NOTES.get(self.symbol)

    def explain_forward(self, step, args, out, i, j):
        return C.loss_cell(self.symbol, args[0], args[1])

    def explain_backward(self, k, step, out, i, j):
        return _times_incoming(step, lambda yhat, y: C.loss_grad_cell(self.symbol, yhat, y, out,
                                                                      i, j))

    def feeds(self, step, position, i, j):
        if step.phase == "forward":
            return "the loss L", {}
        return super().feeds(step, position, i, j)


class SoftmaxCrossEntropy(LossOp):
    """Softmax and cross-entropy differentiated together, as a dense network's last layer
    does: the step reads P = softmax(Z) and Y, and ∂L/∂Z = (P − Y)/n."""

    def __init__(self):
        super().__init__("cross_entropy", engine_losses.softmax_cross_entropy_grad)
        self.key = "softmax_cross_entropy"

    def explain_backward(self, k, step, out, i, j):
        yhat, y = step.inputs
        return C.loss_grad_cell("softmax_cross_entropy", yhat, y, out, i, j)


def _times_incoming(step, cell):
    """A loss that is not the last line receives a gradient g (a number): the cell times g."""
    if len(step.inputs) == 2:
        return cell(*step.inputs)
    g, yhat, y = step.inputs
    e = cell(yhat, y)
    return C.scaled(e, float(g.value), f"times the incoming {g.name} = {C.num(float(g.value))}")


def _named(text: str, args) -> str:
    """The engine's loss text with the graph's names for the prediction and the target."""
    text = text.replace("Yhat", "\0").replace("Ŷ", "\0").replace("Y", "\1")
    return text.replace("\0", args[0]).replace("\1", args[1])


def cross_entropy_grad(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂L/∂P = −(1/n)·Y/P for L = −(1/n)·Σ Y·log P (P clipped away from 0 as in the value)"""
    return -y / np.clip(p, engine_losses.EPS, None) / p.shape[0]


GRAD_TEXT = {
    "mse": ("(2/n)·(Ŷ − Y)", "2 * (Yhat - Y) / n"),
    "half_sse": ("Ŷ − Y", "Yhat - Y"),
    "bce": ("(1/n)·(−Y/Ŷ + (1−Y)/(1−Ŷ))", "(-Y / Yhat + (1 - Y) / (1 - Yhat)) / n"),
    "cross_entropy": ("−(1/n)·Y/Ŷ", "-Y / Yhat / n"),
}
GRAD_NOTES = {
    "mse": "The loss is a MEAN over the n samples: its gradient carries 1/n once, here.",
    "half_sse": "Summed over the batch: the ½ cancels the 2 of the square and there is no 1/n.",
    "bce": "A mean over the n samples; after a sigmoid most of this fraction cancels.",
    "cross_entropy": ("Unfused: this is ∂L/∂P for the probabilities. Only the true class of each "
                      "row gets a non-zero gradient here; the softmax's own backward spreads it "
                      "over the row. Fused with the softmax it would simplify to (P − Y)/n."),
}
LOSS_OPS = {name: LossOp(name, grad) for name, grad in (
    ("mse", engine_losses.mse_grad), ("half_sse", engine_losses.half_sse_grad),
    ("bce", engine_losses.bce_grad), ("cross_entropy", cross_entropy_grad))}
