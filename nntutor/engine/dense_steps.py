"""The dense stack as one way to build a graph: each layer is a matmul, a bias add and an
activation, and the loss closes it. Each piece below pairs one op object (its `operation`)
with the text of its steps on a dense stack: `forward` records one step, `backward` the
step(s) of the gradients it sends back. Numbers come from the same calls as `network.py`'s
fast path (nntutor.engine.ops), in the same order, so a traced pass is bit-identical.

`r` is trace._Recorder (names, named dims, Operands, shape algebra); `v` holds every array of
the pass by name (X, Y, XW1, Z1, A1, ..., dA1, dZ1, ...).
"""

from __future__ import annotations

import numpy as np

from nntutor.engine import notes
from nntutor.engine.graph.registry import EXTRA, OPS
from nntutor.engine.ops import BiasAdd, MatMul
from nntutor.engine.step import Operand, format_dims

T = "ᵀ"


def a_name(l: int) -> str:
    return "X" if l == 0 else f"A{l}"


def _grouped(expr: str, operators: str) -> str:
    """Parenthesise a factor that contains an operator, so `dA * (1 - A**2)` reads right."""
    if expr.startswith("(") and expr.endswith(")") or not any(c in expr for c in operators):
        return expr
    return f"({expr})"


class _Piece:
    def __init__(self, net, l: int | None):
        self.net, self.l = net, l
        if l is not None:
            self.a, self.w, self.b = a_name(l - 1), f"W{l}", f"b{l}"
            self.p, self.z, self.act = f"{self.a}W{l}", f"Z{l}", f"A{l}"


class DenseMatMul(_Piece):
    operation = OPS["matmul"]

    def forward(self, r, v):
        l, dims, tape = self.l, self.net.dims, r.tape
        a, W = v[self.a], self.net.params[self.w]
        v[self.p] = p = MatMul.forward(a, W)
        tape.add(
            phase="forward", layer=l, op="matmul", node=self.p,
            title=f"Layer {l}: weighted sums {self.a}·{self.w}",
            formula=f"{self.p} = {self.a}·{self.w}",
            numpy=f"{self.p} = {self.a} @ {self.w}",
            inputs=(r.op(self.a, a), r.op(self.w, W, copy=True)),
            outputs=(r.op(self.p, p),),
            shape_algebra=r.algebra(self.a, "@", self.w, self.p, (a, W, p)),
            note=notes.matmul_forward_note(self.a, self.w, self.p, dims[l - 1], dims[l],
                                           tape.sizes),
            operation=self.operation,
        )

    def backward(self, r, v):
        l, dims, tape, w, an = self.l, self.net.dims, r.tape, self.w, self.a
        dz, a_prev = v[f"dZ{l}"], v[an]
        r.grads[w] = dw = MatMul.backward_weight(dz, a_prev)
        tape.add(
            phase="backward", layer=l, op="matmul_grad_weight", node=w,
            title=f"Layer {l}: gradient of the weights {w}",
            formula=f"∂L/∂{w} = {an}{T}·δ{l}",
            numpy=f"dW{l} = {an}.T @ dZ{l}",
            inputs=(r.op(an, a_prev), r.op(f"dZ{l}", dz)),
            outputs=(r.op(f"dW{l}", dw),),
            shape_algebra=r.algebra(f"{an}.T", "@", f"dZ{l}", f"dW{l}", (a_prev.T, dz, dw)),
            note=notes.weight_gradient_note(an, f"δ{l}", w, dims[l - 1], dims[l], tape.sizes),
            grad_of=(w,),
            operation=self.operation, op_params={"input": 1},
        )
        if l == 1:
            return
        W = self.net.params[w]
        v[f"dA{l - 1}"] = g = MatMul.backward_input(dz, W)
        tape.add(
            phase="backward", layer=l, op="matmul_grad_input", node=an,
            title=f"Layer {l}: pass the gradient back to {an}",
            formula=f"∂L/∂{an} = δ{l}·{w}{T}",
            numpy=f"dA{l - 1} = dZ{l} @ {w}.T",
            inputs=(r.op(f"dZ{l}", dz), r.op(w, W, copy=True)),
            outputs=(r.op(f"dA{l - 1}", g),),
            shape_algebra=r.algebra(f"dZ{l}", "@", f"{w}.T", f"dA{l - 1}", (dz, W.T, g)),
            note=notes.input_gradient_note(f"δ{l}", w, an, dims[l - 1], dims[l], tape.sizes),
            grad_of=(an,),
            operation=self.operation, op_params={"input": 0},
        )


class DenseBiasAdd(_Piece):
    operation = OPS["add"]

    def forward(self, r, v):
        l, b, width = self.l, self.b, self.net.dims[self.l]
        p, B = v[self.p], self.net.params[b]
        v[self.z] = z = BiasAdd.forward(p, B)
        r.tape.add(
            phase="forward", layer=l, op="bias_add", node=self.z,
            title=f"Layer {l}: add the bias {b}",
            formula=f"{self.z} = {self.a}·{self.w} + {b}",
            numpy=f"{self.z} = {self.p} + {b}",
            inputs=(r.op(self.p, p), r.op(b, B, copy=True)),
            outputs=(r.op(self.z, z),),
            shape_algebra=r.algebra(self.p, "+", b, self.z, (p, B, z)),
            note=(
                f"{b} is a single row (1, {width}); NumPy broadcasts it down all n rows, so "
                f"every sample gets the same bias. This broadcast is why the bias gradient will "
                f"be a sum over the batch."
            ),
            operation=self.operation,
        )

    def backward(self, r, v):
        l, b = self.l, self.b
        dz = v[f"dZ{l}"]
        r.grads[b] = db = BiasAdd.backward_bias(dz)
        r.tape.add(
            phase="backward", layer=l, op="bias_add_grad", node=b,
            title=f"Layer {l}: gradient of the bias {b}",
            formula=f"∂L/∂{b} = Σₙ δ{l}   (and ∂L/∂({self.a}·{self.w}) = δ{l} unchanged)",
            numpy=f"db{l} = dZ{l}.sum(axis=0, keepdims=True)",
            inputs=(r.op(f"dZ{l}", dz),),
            outputs=(r.op(f"db{l}", db),),
            shape_algebra=r.algebra(f"dZ{l}", "", None, f"db{l}", (dz, db)),
            note=notes.bias_gradient_note(b, f"δ{l}", f"dZ{l}", self.net.dims[l]),
            grad_of=(b, self.p),
            operation=self.operation, op_params={"input": 1},
        )


class DenseActivation(_Piece):
    def __init__(self, net, l):
        super().__init__(net, l)
        self.elementwise = net._acts[l - 1]
        self.fn = fn = self.elementwise.activation
        # the graph op object of the activation (linear and identity are one)
        self.operation = OPS.get(fn.name) or EXTRA["linear"]

    def forward(self, r, v):
        l, fn, z_name, act_name = self.l, self.fn, self.z, self.act
        z = v[z_name]
        v[act_name] = out = self.elementwise.forward(z)
        shown = f"Ŷ = {act_name}" if l == self.net.depth else act_name
        r.tape.add(
            phase="forward", layer=l, op=fn.name, node=act_name,
            title=f"Layer {l}: activation {fn.name}",
            formula=f"{shown} = {fn.symbol}({z_name})",
            numpy=f"{act_name} = " + fn.forward_numpy.format(z=z_name),
            inputs=(r.op(z_name, z),),
            outputs=(r.op(act_name, out),),
            shape_algebra=r.algebra(z_name, "", None, act_name, (z, out)),
            note=notes.activation_forward_note(fn.name, z_name, act_name),
            operation=self.operation, op_params={"axis": 1} if fn.name == "softmax" else {},
        )

    def backward(self, r, v):
        l, fn, z_name, act_name, net = self.l, self.fn, self.z, self.act, self.net
        if l == net.depth and net.loss.fused_with is not None:
            return  # the fused loss gradient already is dZ
        g, z, out = v[f"dA{l}"], v[z_name], v[act_name]
        v[f"dZ{l}"] = dz = self.elementwise.backward(g, z, out)
        grad_math = _grouped(fn.grad_math.format(z=z_name, a=act_name), "⊙−")
        grad_np = _grouped(fn.grad_numpy.format(z=z_name, a=act_name), "*-+")
        reads = (r.op(f"dA{l}", g),)
        reads += (r.op(z_name, z),) if "{z}" in fn.grad_numpy else (r.op(act_name, out),)
        extra = ""
        if l == net.depth and fn.name == "sigmoid" and net.loss.name == "bce":
            extra = " " + notes.sigmoid_bce_note(act_name, f"dZ{l}", l, out, v["Y"], dz)
        r.tape.add(
            phase="backward", layer=l, op=f"{fn.name}_grad", node=z_name,
            title=f"Layer {l}: through the {fn.name}",
            formula=f"δ{l} = ∂L/∂{z_name} = ∂L/∂{act_name} ⊙ {fn.symbol}'({z_name}) "
            f"= ∂L/∂{act_name} ⊙ {grad_math}",
            numpy=f"dZ{l} = dA{l} * {grad_np}" if fn.name != "linear" else f"dZ{l} = dA{l}",
            inputs=reads,
            outputs=(r.op(f"dZ{l}", dz),),
            shape_algebra=r.algebra(f"dA{l}", "⊙", z_name, f"dZ{l}", (g, z, dz)),
            note=((fn.note or "")
                  + f" The product is element-wise (*), not a matrix product: dZ{l} keeps the "
                  f"shape (n, {net.dims[l]}).") + extra,
            grad_of=(act_name, z_name),
            operation=self.operation, op_params={"input": 0},
        )


class DenseLoss(_Piece):
    def __init__(self, net):
        super().__init__(net, None)
        self.loss = net.loss
        self.operation = OPS[f"loss_{self.loss.name}"]
        self.yhat = f"A{net.depth}"

    def forward(self, r, v):
        loss, yhat = self.loss, self.yhat
        a, Y = v[yhat], v["Y"]
        r.tape.loss = value = loss.value(a, Y)
        r.tape.add(
            phase="forward", layer=None, op=f"loss_{loss.name}", node="L",
            title=f"Loss: {loss.name}",
            formula=loss.formula + f"   (Ŷ = {yhat})",
            numpy=loss.numpy.replace("Yhat", yhat),
            inputs=(r.op(yhat, a), r.op("Y", Y)),
            outputs=(Operand("L", np.asarray(value), ()),),
            shape_algebra=r.algebra(yhat, "vs", "Y", "L", (a, Y, np.asarray(value))),
            note=None,
            operation=self.operation,
        )

    def backward(self, r, v):
        loss, yhat, L = self.loss, self.yhat, self.net.depth
        a, Y = v[yhat], v["Y"]
        fused = loss.fused_with is not None
        g_name = f"dZ{L}" if fused else f"dA{L}"
        v[g_name] = g = loss.grad(a, Y)
        r.tape.add(
            phase="backward", layer=None, op=f"loss_{loss.name}_grad", node="L",
            title="Loss gradient: where backward starts",
            formula=loss.grad_formula + (f"   (δ{L})" if fused else ""),
            numpy=loss.grad_numpy.replace("dYhat", g_name).replace("dZ =", f"{g_name} =")
            .replace("Yhat", yhat),
            inputs=(r.op(yhat, a), r.op("Y", Y)),
            outputs=(r.op(g_name, g),),
            shape_algebra=r.algebra(yhat, "−", "Y", g_name, (a, Y, g)),
            note=(notes.mse_gradient_note(*a.shape, self.net.dims[-1]) if loss.name == "mse"
                  else notes.BCE_NOTE if loss.name == "bce" else loss.note),
            grad_of=(yhat, f"Z{L}") if fused else (yhat,),
            operation=EXTRA["softmax_cross_entropy"] if fused else self.operation,
            op_params={"input": 0},
        )


def sgd_step(r, name: str, grad: np.ndarray, lr: float) -> None:
    """Update one parameter in place and record it (the SGD op)."""
    params = r.net.params
    before = params[name].copy()
    params[name] -= lr * grad
    r.tape.add(
        phase="update", layer=int(name[1:]), op="sgd", node=name,
        title=f"Update {name}",
        formula=f"{name} ← {name} − η·∂L/∂{name}   (η = {lr:g})",
        numpy=f"{name} -= lr * d{name}",
        inputs=(Operand(name, before, r.d[name]), r.op(f"d{name}", grad)),
        outputs=(r.op(name, params[name], copy=True),),
        shape_algebra=r.algebra(name, "−", f"d{name}", name, (before, grad, before)),
        note=(
            f"Subtract: the gradient points uphill. d{name} has {name}'s shape "
            f"{format_dims(r.d[name])}, which is the quickest check that it is right."
        ),
        operation=EXTRA["sgd"], op_params={"lr": float(lr)},
    )


def pieces(net) -> list[_Piece]:
    """The dense stack as a graph, in forward order."""
    out: list[_Piece] = []
    for l in range(1, net.depth + 1):
        out += [DenseMatMul(net, l), DenseBiasAdd(net, l), DenseActivation(net, l)]
    return out + [DenseLoss(net)]
