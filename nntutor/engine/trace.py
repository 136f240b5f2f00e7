"""Record one forward and backward pass of a Network as a Tape of explained Steps.

The NumPy work is the same calls, in the same order, as the fast path in `network.py`, so a
traced pass and an untraced one produce bit-identical numbers. What is added here is only
the bookkeeping: names, named dimensions, formulas, NumPy lines and pitfall notes.
"""

from __future__ import annotations

import numpy as np

from nntutor.engine import notes
from nntutor.engine.graph.registry import EXTRA, OPS
from nntutor.engine.ops import BiasAdd, MatMul
from nntutor.engine.step import Operand, format_dims
from nntutor.engine.tape import Tape

T = "ᵀ"


def shape_text(shape) -> str:
    return format_dims(tuple(str(s) for s in shape)) if len(shape) else "()"


class _Recorder:
    """Knows every quantity's name and named dimensions, and builds Operands from them."""

    def __init__(self, net, X: np.ndarray, Y: np.ndarray):
        self.net = net
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

    @staticmethod
    def a_name(l: int) -> str:
        return "X" if l == 0 else f"A{l}"

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


def _dim(r: "_Recorder", l: int) -> str:
    """`in = 2`: a width's name with its size, for the notes."""
    name = r.net.dims[l]
    return f"{name} = {r.tape.sizes[name]}"


def _grouped(expr: str, operators: str) -> str:
    """Parenthesise a factor that contains an operator, so `dA * (1 - A**2)` reads right."""
    if expr.startswith("(") and expr.endswith(")") or not any(c in expr for c in operators):
        return expr
    return f"({expr})"


def _op(activation: str):
    """The graph op object of a dense layer's activation (linear and identity are one)."""
    return OPS.get(activation) or EXTRA["linear"]


def record_pass(net, X: np.ndarray, Y: np.ndarray, lr: float | None = None) -> Tape:
    r = _Recorder(net, X, Y)
    tape, dims = r.tape, net.dims
    L = net.depth
    cache = []
    a = X
    # -- forward ---------------------------------------------------------------------
    for l in range(1, L + 1):
        a_name, w, b = r.a_name(l - 1), f"W{l}", f"b{l}"
        p_name, z_name, act_name = f"{a_name}W{l}", f"Z{l}", f"A{l}"
        W, B = net.params[w], net.params[b]
        act = net._acts[l - 1]
        p = MatMul.forward(a, W)
        tape.add(
            phase="forward", layer=l, op="matmul", node=p_name,
            title=f"Layer {l}: weighted sums {a_name}·{w}",
            formula=f"{p_name} = {a_name}·{w}",
            numpy=f"{p_name} = {a_name} @ {w}",
            inputs=(r.op(a_name, a), r.op(w, W, copy=True)),
            outputs=(r.op(p_name, p),),
            shape_algebra=r.algebra(a_name, "@", w, p_name, (a, W, p)),
            note=notes.matmul_forward_note(a_name, w, p_name, dims[l - 1], dims[l], tape.sizes),
            operation=OPS["matmul"],
        )
        z = BiasAdd.forward(p, B)
        tape.add(
            phase="forward", layer=l, op="bias_add", node=z_name,
            title=f"Layer {l}: add the bias {b}",
            formula=f"{z_name} = {a_name}·{w} + {b}",
            numpy=f"{z_name} = {p_name} + {b}",
            inputs=(r.op(p_name, p), r.op(b, B, copy=True)),
            outputs=(r.op(z_name, z),),
            shape_algebra=r.algebra(p_name, "+", b, z_name, (p, B, z)),
            note=(
                f"{b} is a single row (1, {dims[l]}); NumPy broadcasts it down all n rows, so "
                f"every sample gets the same bias. This broadcast is why the bias gradient will "
                f"be a sum over the batch."
            ),
            operation=OPS["add"],
        )
        out = act.forward(z)
        fn = act.activation
        shown = f"Ŷ = {act_name}" if l == L else act_name
        tape.add(
            phase="forward", layer=l, op=fn.name, node=act_name,
            title=f"Layer {l}: activation {fn.name}",
            formula=f"{shown} = {fn.symbol}({z_name})",
            numpy=f"{act_name} = " + fn.forward_numpy.format(z=z_name),
            inputs=(r.op(z_name, z),),
            outputs=(r.op(act_name, out),),
            shape_algebra=r.algebra(z_name, "", None, act_name, (z, out)),
            note=notes.activation_forward_note(fn.name, z_name, act_name),
            operation=_op(fn.name), op_params={"axis": 1} if fn.name == "softmax" else {},
        )
        cache.append((a, z, out))
        a = out

    yhat_name = f"A{L}"
    loss = net.loss
    value = loss.value(a, Y)
    tape.loss = value
    tape.add(
        phase="forward", layer=None, op=f"loss_{loss.name}", node="L",
        title=f"Loss: {loss.name}",
        formula=loss.formula + f"   (Ŷ = {yhat_name})",
        numpy=loss.numpy.replace("Yhat", yhat_name),
        inputs=(r.op(yhat_name, a), r.op("Y", Y)),
        outputs=(Operand("L", np.asarray(value), ()),),
        shape_algebra=r.algebra(yhat_name, "vs", "Y", "L", (a, Y, np.asarray(value))),
        note=None,
        operation=OPS[f"loss_{loss.name}"],
    )

    # -- backward --------------------------------------------------------------------
    grads: dict[str, np.ndarray] = {}
    g = loss.grad(a, Y)
    fused = loss.fused_with is not None
    g_name = f"dZ{L}" if fused else f"dA{L}"
    tape.add(
        phase="backward", layer=None, op=f"loss_{loss.name}_grad", node="L",
        title="Loss gradient: where backward starts",
        formula=loss.grad_formula + (f"   (δ{L})" if fused else ""),
        numpy=loss.grad_numpy.replace("dYhat", g_name).replace("dZ =", f"{g_name} =")
        .replace("Yhat", yhat_name),
        inputs=(r.op(yhat_name, a), r.op("Y", Y)),
        outputs=(r.op(g_name, g),),
        shape_algebra=r.algebra(yhat_name, "−", "Y", g_name, (a, Y, g)),
        note=(notes.mse_gradient_note(*a.shape, dims[-1]) if loss.name == "mse" else
              notes.BCE_NOTE if loss.name == "bce" else loss.note),
        grad_of=(yhat_name, f"Z{L}") if fused else (yhat_name,),
        operation=EXTRA["softmax_cross_entropy"] if fused else OPS[f"loss_{loss.name}"],
        op_params={"input": 0},
    )
    for l in range(L, 0, -1):
        a_prev, z, out = cache[l - 1]
        a_name, w, b = r.a_name(l - 1), f"W{l}", f"b{l}"
        p_name, z_name, act_name = f"{a_name}W{l}", f"Z{l}", f"A{l}"
        fn = net._acts[l - 1].activation
        if not (l == L and fused):
            dz = net._acts[l - 1].backward(g, z, out)
            grad_math = _grouped(fn.grad_math.format(z=z_name, a=act_name), "⊙−")
            grad_np = _grouped(fn.grad_numpy.format(z=z_name, a=act_name), "*-+")
            reads = (r.op(f"dA{l}", g),)
            reads += (r.op(z_name, z),) if "{z}" in fn.grad_numpy else (r.op(act_name, out),)
            tape.add(
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
                f"shape (n, {dims[l]}).")
                + (" " + notes.sigmoid_bce_note(act_name, f"dZ{l}", l, out, Y, dz)
                   if l == L and fn.name == "sigmoid" and loss.name == "bce" else ""),
                grad_of=(act_name, z_name),
                operation=_op(fn.name), op_params={"input": 0},
            )
        else:
            dz = g
        db = BiasAdd.backward_bias(dz)
        grads[b] = db
        tape.add(
            phase="backward", layer=l, op="bias_add_grad", node=b,
            title=f"Layer {l}: gradient of the bias {b}",
            formula=f"∂L/∂{b} = Σₙ δ{l}   (and ∂L/∂({a_name}·{w}) = δ{l} unchanged)",
            numpy=f"db{l} = dZ{l}.sum(axis=0, keepdims=True)",
            inputs=(r.op(f"dZ{l}", dz),),
            outputs=(r.op(f"db{l}", db),),
            shape_algebra=r.algebra(f"dZ{l}", "", None, f"db{l}", (dz, db)),
            note=notes.bias_gradient_note(b, f"δ{l}", f"dZ{l}", dims[l]),
            grad_of=(b, p_name),
            operation=OPS["add"], op_params={"input": 1},
        )
        dw = MatMul.backward_weight(dz, a_prev)
        grads[w] = dw
        tape.add(
            phase="backward", layer=l, op="matmul_grad_weight", node=w,
            title=f"Layer {l}: gradient of the weights {w}",
            formula=f"∂L/∂{w} = {a_name}{T}·δ{l}",
            numpy=f"dW{l} = {a_name}.T @ dZ{l}",
            inputs=(r.op(a_name, a_prev), r.op(f"dZ{l}", dz)),
            outputs=(r.op(f"dW{l}", dw),),
            shape_algebra=r.algebra(f"{a_name}.T", "@", f"dZ{l}", f"dW{l}", (a_prev.T, dz, dw)),
            note=notes.weight_gradient_note(a_name, f"δ{l}", w, dims[l - 1], dims[l],
                                            tape.sizes),
            grad_of=(w,),
            operation=OPS["matmul"], op_params={"input": 1},
        )
        if l > 1:
            W = net.params[w]
            g = MatMul.backward_input(dz, W)
            tape.add(
                phase="backward", layer=l, op="matmul_grad_input", node=a_name,
                title=f"Layer {l}: pass the gradient back to {a_name}",
                formula=f"∂L/∂{a_name} = δ{l}·{w}{T}",
                numpy=f"dA{l - 1} = dZ{l} @ {w}.T",
                inputs=(r.op(f"dZ{l}", dz), r.op(w, W, copy=True)),
                outputs=(r.op(f"dA{l - 1}", g),),
                shape_algebra=r.algebra(f"dZ{l}", "@", f"{w}.T", f"dA{l - 1}", (dz, W.T, g)),
                note=notes.input_gradient_note(f"δ{l}", w, a_name, dims[l - 1], dims[l],
                                               tape.sizes),
                grad_of=(a_name,),
                operation=OPS["matmul"], op_params={"input": 0},
            )

    # -- update (optional) ------------------------------------------------------------
    if lr is not None:
        for name, grad in grads.items():
            before = net.params[name].copy()
            net.params[name] -= lr * grad
            tape.add(
                phase="update", layer=int(name[1:]), op="sgd", node=name,
                title=f"Update {name}",
                formula=f"{name} ← {name} − η·∂L/∂{name}   (η = {lr:g})",
                numpy=f"{name} -= lr * d{name}",
                inputs=(Operand(name, before, r.d[name]), r.op(f"d{name}", grad)),
                outputs=(r.op(name, net.params[name], copy=True),),
                shape_algebra=r.algebra(name, "−", f"d{name}", name, (before, grad, before)),
                note=(
                    f"Subtract: the gradient points uphill. d{name} has {name}'s shape "
                    f"{format_dims(r.d[name])}, which is the quickest check that it is right."
                ),
                operation=EXTRA["sgd"], op_params={"lr": float(lr)},
            )
    return tape
