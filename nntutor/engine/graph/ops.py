"""The ops of a graph: each one object with forward, backward and its teaching text side by side.

An op is stateless; what one use of it needs (an axis, an exponent) is passed as `p`, a dict
of plain values recorded on the tape. For an op with inputs x₀, x₁, … and output Y:

    forward(xs, p)                  -> Y
    backward(k, g, xs, y, p)        -> ∂L/∂xₖ given g = ∂L/∂Y (at Y's broadcast shape: the graph
                                       sums it down to xₖ's shape, see broadcast.py)
    text(out, args, p)              -> (formula, NumPy line) of the forward step
    grad_text(k, g, out, args, p)   -> (formula, NumPy expression) of ∂L/∂xₖ
    dims(arg_dims, sizes, p)        -> the output's named dims (ShapeClash when they do not fit)
    note / grad_note                -> the pitfall of the step, or None

`key` is the op's name everywhere: on the tape (`Step.op`), in gradcheck and in lessons.
Backward never mutates g; every result is a fresh array.
"""

from __future__ import annotations

import re

import numpy as np

from nntutor.engine import cells as C
from nntutor.engine import notes
from nntutor.engine.graph.broadcast import ShapeClash, broadcast_dims, size_of
from nntutor.engine.step import Operand

EPS = 1e-12  # the losses keep predictions this far from 0 and 1 inside their logs
LN_EPS = 1e-5  # layer norm: added to the variance before the square root


_ATOM = re.compile(r"^([\w.]+|[A-Za-z_][\w.]*\(([^()]|\([^()]*\))*\))$")


def _g(expr: str) -> str:
    """Parenthesise an operand that is itself an expression: `(A1W2+b2)`, not `sqrt(d)`."""
    return expr if _ATOM.match(expr) else f"({expr})"


class Op:
    key = ""
    symbol = ""
    title = ""
    arity = 1
    differentiable: tuple[bool, ...] = (True,)
    kink = False  # has a point without a derivative (relu, maximum): gradcheck skips it
    broadcasts = False  # combines its inputs with NumPy broadcasting (+ - * / maximum)

    def dims(self, arg_dims, sizes, p):
        return arg_dims[0]

    def note(self, out, args, p, **shape) -> str | None:
        return None

    def grad_note(self, k, out, args, p, **shape) -> str | None:
        return None

    # -- one cell of this op's step, with the numbers (engine.cells) ----------------------
    def explain(self, step, out, i: int, j: int) -> C.CellExplanation:
        if step.phase == "forward":
            return self.explain_forward(step, args_of(step), out, i, j)
        return self.explain_backward(step.op_params.get("input", 0), step, out, i, j)

    def explain_forward(self, step, args, out, i, j) -> C.CellExplanation:
        return C.plain_cell(out, i, j, f"{self.title} of {', '.join(a.name for a in args)}",
                            args)

    def explain_backward(self, k, step, out, i, j) -> C.CellExplanation:
        return C.plain_cell(out, i, j, f"the gradient through the {self.title}", step.inputs)

    def feeds(self, step, position: int, i: int, j: int) -> tuple[str, dict]:
        """Which cells of the step's result one operand cell flows into (default: the same)."""
        out = step.result
        return C.cell_name(out.name, out.shape, i, j), {out.name: C.one(i, j)}

    def __repr__(self) -> str:
        return f"<op {self.key}>"


# -- arithmetic with broadcasting ---------------------------------------------------------
def args_of(step) -> list[Operand]:
    """The forward operands of a step, with any constant argument put back in its place."""
    args = list(step.inputs)
    for k, (label, value) in sorted(step.op_params.get("constants", {}).items()):
        args.insert(k, Operand(label, np.asarray(value), ()))
    return args


class _Binary(Op):
    arity = 2
    differentiable = (True, True)
    broadcasts = True
    fn = None

    def dims(self, arg_dims, sizes, p):
        return broadcast_dims(arg_dims[0], arg_dims[1], sizes, self.symbol)

    def explain_forward(self, step, args, out, i, j):
        return C.binary_cell(args[0], args[1], out, i, j, self.symbol, self.fn)

    def feeds(self, step, position, i, j):
        out = step.result
        if step.phase != "forward":
            rows, cols = C.as2d(out.value).shape
            if rows == 1 and C.as2d(step.inputs[0].value).shape[0] > 1:
                return f"{out.name}[0, {j}]", {out.name: C.one(0, j)}
            return super().feeds(step, position, i, j)
        rows, cols = C.as2d(step.inputs[position].value).shape
        full_rows, full_cols = C.as2d(out.value).shape
        if rows == 1 and full_rows > 1 and cols == full_cols:
            return f"column {j} of {out.name}", {out.name: C.Marks(cols=frozenset({j}))}
        if cols == 1 and full_cols > 1 and rows == full_rows:
            return f"row {i} of {out.name}", {out.name: C.Marks(rows=frozenset({i}))}
        return super().feeds(step, position, i, j)

    def explain_backward(self, k, step, out, i, j):
        """g ⊙ (∂/∂ this argument), summed back over any axis it was broadcast along."""
        g = step.inputs[0]
        if C.as2d(g.value).shape != C.as2d(out.value).shape:
            sign = -1.0 if (self.key == "sub" and k == 1) else 1.0
            if self.key in ("add", "sub"):
                return C.summed_cell(g, out, i, j, sign, "negated" if sign < 0 else "")
            return C.plain_cell(out, i, j, f"{g.name} times the local derivative, summed over "
                                f"the broadcast axis", step.inputs)
        return self._grad_cell(k, step, g, out, i, j)

    def _grad_cell(self, k, step, g, out, i, j):
        gv = float(C.as2d(g.value)[i, j])
        local, text, marks = self.local(k, step, i, j)
        value = gv * local
        marks = {**marks, g.name: C.one(i, j), out.name: C.one(i, j)}
        return C.CellExplanation(
            C.target(out, i, j), f"incoming gradient {g.name}[{i}, {j}] times the local derivative",
            (f"= {g.name}[{i}, {j}] · {text}", f"= {C.par(gv)} · {C.par(local)}",
             f"= {C.num(value)}"), value, marks)

    def local(self, k, step, i, j):
        return 1.0, "1", {}

    def text(self, out, args, p):
        a, b = args
        return f"{out} = {_g(a)} {self.symbol} {_g(b)}", f"{out} = {_g(a)} {self.symbol} {_g(b)}"


class Add(_Binary):
    key, symbol, title = "add", "+", "add"
    fn = staticmethod(lambda a, b: a + b)

    def forward(self, xs, p):
        return xs[0] + xs[1]

    def backward(self, k, g, xs, y, p):
        return g.copy()

    def grad_text(self, k, g, out, args, p):
        return f"∂L/∂{out} (a sum passes its gradient on unchanged)", g


class Sub(_Binary):
    key, symbol, title = "sub", "-", "subtract"
    fn = staticmethod(lambda a, b: a - b)

    def local(self, k, step, i, j):
        return (1.0, "1", {}) if k == 0 else (-1.0, "(−1)", {})

    def forward(self, xs, p):
        return xs[0] - xs[1]

    def backward(self, k, g, xs, y, p):
        return g.copy() if k == 0 else -g

    def grad_text(self, k, g, out, args, p):
        return (f"∂L/∂{out}", g) if k == 0 else (f"−∂L/∂{out}", f"-{g}")


def _read(step, name_index, i, j):
    """The value of a read operand at the cell result (i, j) uses, with its mark."""
    o = step.inputs[name_index]
    r, c = C.as2d(o.value).shape
    at = (0 if r == 1 else i, 0 if c == 1 else j)
    return o, float(C.as2d(o.value)[at]), {o.name: C.one(*at)}


class Mul(_Binary):
    key, symbol, title = "mul", "*", "multiply element by element"
    fn = staticmethod(lambda a, b: a * b)

    def local(self, k, step, i, j):
        if len(step.inputs) < 2:  # the other factor is a constant
            value = step.op_params.get("constants", {}).get(1 - k, ("c", 1.0))
            return float(value[1]), value[0], {}
        o, v, marks = _read(step, 1, i, j)
        return v, f"{o.name}[{i}, {j}]", marks

    def forward(self, xs, p):
        return xs[0] * xs[1]

    def backward(self, k, g, xs, y, p):
        return g * xs[1 - k]

    def grad_text(self, k, g, out, args, p):
        other = _g(args[1 - k])
        return f"∂L/∂{out} ⊙ {other}", f"{g} * {other}"

    def grad_note(self, k, out, args, p, **shape):
        return ("An element-wise product sends each factor the incoming gradient times the OTHER "
                "factor (*, not @).")


class Div(_Binary):
    key, symbol, title = "div", "/", "divide element by element"
    fn = staticmethod(lambda a, b: a / b)

    def local(self, k, step, i, j):
        consts = step.op_params.get("constants", {})
        if k == 0:
            if 1 in consts:
                return 1.0 / consts[1][1], f"1/{consts[1][0]}", {}
            o, v, marks = _read(step, 1, i, j)
            return 1.0 / v, f"1/{C.par(v)}", marks
        if 0 in consts:
            a, am = consts[0][1], {}
            b_op, b, bm = _read(step, 1, i, j)
        else:
            _, a, am = _read(step, 1, i, j)
            b_op, b, bm = _read(step, 2, i, j)
        return -a / (b * b), f"−{C.par(a)}/{C.par(b)}²", {**am, **bm}

    def forward(self, xs, p):
        return xs[0] / xs[1]

    def backward(self, k, g, xs, y, p):
        a, b = xs
        return g / b if k == 0 else -g * a / (b * b)

    def grad_text(self, k, g, out, args, p):
        a, b = _g(args[0]), _g(args[1])
        if k == 0:
            return f"∂L/∂{out} / {b}", f"{g} / {b}"
        return f"−∂L/∂{out} ⊙ {a} / {b}²", f"-{g} * {a} / {b}**2"


class Pow(Op):
    """Y = X**c for a constant c: ∂Y/∂X = c·X^(c−1)."""

    key, symbol, title = "pow", "**", "power"

    def forward(self, xs, p):
        c = p["exponent"]
        return xs[0] * xs[0] if c == 2 else xs[0] ** c

    def backward(self, k, g, xs, y, p):
        c = p["exponent"]
        return g * (2.0 * xs[0]) if c == 2 else g * (c * xs[0] ** (c - 1))

    def text(self, out, args, p):
        return f"{out} = {_g(args[0])}**{p['exponent']:g}", f"{out} = {_g(args[0])}**{p['exponent']:g}"

    def grad_text(self, k, g, out, args, p):
        c, x = p["exponent"], _g(args[0])
        return f"∂L/∂{out} ⊙ {c:g}·{x}^{c - 1:g}", f"{g} * {c:g} * {x}**{c - 1:g}"

    def explain_forward(self, step, args, out, i, j):
        x = args[0]
        c, v = step.op_params["exponent"], float(C.as2d(x.value)[i, j])
        value = v ** c
        return C.CellExplanation(C.target(out, i, j), f"{x.name}[{i}, {j}] to the power {c:g}",
                                 (f"= {C.par(v)}^{c:g}", f"= {C.num(value)}"), value,
                                 {x.name: C.one(i, j), out.name: C.one(i, j)})

    def explain_backward(self, k, step, out, i, j):
        g, x = step.inputs
        c = step.op_params["exponent"]
        gv, xv = float(C.as2d(g.value)[i, j]), float(C.as2d(x.value)[i, j])
        local = c * xv ** (c - 1)
        value = gv * local
        return C.CellExplanation(
            C.target(out, i, j), f"incoming gradient {g.name}[{i}, {j}] times {c:g}·x^{c - 1:g}",
            (f"= {C.par(gv)} · {c:g}·{C.par(xv)}^{c - 1:g}", f"= {C.par(gv)} · {C.par(local)}",
             f"= {C.num(value)}"), value,
            {g.name: C.one(i, j), x.name: C.one(i, j), out.name: C.one(i, j)})


class Neg(Op):
    key, symbol, title = "neg", "-", "negate"

    def forward(self, xs, p):
        return -xs[0]

    def backward(self, k, g, xs, y, p):
        return -g

    def text(self, out, args, p):
        return f"{out} = −{_g(args[0])}", f"{out} = -{_g(args[0])}"

    def grad_text(self, k, g, out, args, p):
        return f"−∂L/∂{out}", f"-{g}"

    def explain_forward(self, step, args, out, i, j):
        return C.activation_cell("neg", args[0], out, i, j)

    def explain_backward(self, k, step, out, i, j):
        return C.summed_cell(step.inputs[0], out, i, j, -1.0, "negated")


class MatMul(Op):
    """Y = A·B.  ∂L/∂A = G·Bᵀ (transpose on the right), ∂L/∂B = Aᵀ·G (on the left)."""

    key, symbol, title = "matmul", "@", "matrix product"
    arity = 2
    differentiable = (True, True)

    def forward(self, xs, p):
        return xs[0] @ xs[1]

    def backward(self, k, g, xs, y, p):
        return g @ xs[1].T if k == 0 else xs[0].T @ g

    def dims(self, arg_dims, sizes, p):
        a, b = arg_dims
        if len(a) != 2 or len(b) != 2:
            raise ShapeClash("@ here multiplies two matrices (2-D arrays)")
        if size_of(a[1], sizes) != size_of(b[0], sizes):
            raise ShapeClash(f"@ needs the inner sizes to agree: ({a[0]}, {a[1]}) @ "
                             f"({b[0]}, {b[1]}) has {a[1]} = {size_of(a[1], sizes)} against "
                             f"{b[0]} = {size_of(b[0], sizes)}")
        return (a[0], b[1])

    def text(self, out, args, p):
        a, b = _g(args[0]), _g(args[1])
        return f"{out} = {a}·{b}", f"{out} = {a} @ {b}"

    def grad_text(self, k, g, out, args, p):
        if k == 0:
            b = args[1]
            if b.endswith(".T"):  # (Kᵀ)ᵀ = K
                return f"∂L/∂{out}·{b[:-2]}", f"{g} @ {b[:-2]}"
            return f"∂L/∂{out}·{_g(b)}ᵀ", f"{g} @ {_g(b)}.T"
        a = args[0]
        if a.endswith(".T"):
            return f"{a[:-2]}·∂L/∂{out}", f"{a[:-2]} @ {g}"
        return f"{_g(a)}ᵀ·∂L/∂{out}", f"{_g(a)}.T @ {g}"

    def note(self, out, args, p, **shape):
        dims, sizes = shape.get("dims"), shape.get("sizes")
        if dims and sizes and not any("." in a for a in args):
            (rows, inner), (_, cols) = dims[0], dims[1]
            return notes.matmul_forward_note(args[0], args[1], out, inner, cols, sizes, rows)
        return (f"Each row of {args[0]} meets each column of {args[1]}; the shared inner axis is "
                f"summed away.")

    def explain_forward(self, step, args, out, i, j):
        return C.matmul_cell(args[0], args[1], out, i, j)

    def explain_backward(self, k, step, out, i, j):
        if k == 0:  # reads (G, B): G·Bᵀ
            return C.input_grad_cell(step.inputs[0], step.inputs[1], out, i, j)
        return C.weight_grad_cell(step.inputs[0], step.inputs[1], out, i, j)  # reads (A, G)

    def feeds(self, step, position, i, j):
        out = step.result
        if step.phase == "forward" or step.op_params.get("input") == 0:
            if position == 0:
                return f"row {i} of {out.name}", {out.name: C.Marks(rows=frozenset({i}))}
            col = j if step.phase == "forward" else i
            return f"column {col} of {out.name}", {out.name: C.Marks(cols=frozenset({col}))}
        if position == 0:
            return f"row {j} of {out.name}", {out.name: C.Marks(rows=frozenset({j}))}
        return f"column {j} of {out.name}", {out.name: C.Marks(cols=frozenset({j}))}

    def grad_note(self, k, out, args, p, **shape):
        dims, sizes, g = shape.get("dims"), shape.get("sizes"), shape.get("grad")
        if dims and sizes and g and not any("." in a for a in args):
            # the size-aware notes: which wrong spellings run for THIS step's sizes
            (rows, inner), (_, cols) = dims[0], dims[1]
            if k == 0:
                return notes.input_gradient_note(g, args[1], args[0], inner, cols, sizes, rows)
            return notes.weight_gradient_note(args[0], g, args[1], inner, cols, sizes, rows)
        if k == 0:
            return (f"Transpose {args[1]} and put it on the RIGHT: the gradient of {args[0]} must "
                    f"have {args[0]}'s shape.")
        return (f"The transpose goes on the LEFT: {args[0]}ᵀ·∂L/∂{out} sums over the rows "
                f"(the samples) and has {args[1]}'s shape.")


class Transpose(Op):
    key, symbol, title = "transpose", "ᵀ", "transpose"

    def forward(self, xs, p):
        return xs[0].T

    def backward(self, k, g, xs, y, p):
        return g.T.copy()

    def dims(self, arg_dims, sizes, p):
        return tuple(reversed(arg_dims[0]))

    def text(self, out, args, p):
        return f"{out} = {_g(args[0])}ᵀ", f"{out} = {_g(args[0])}.T"

    def grad_text(self, k, g, out, args, p):
        return f"(∂L/∂{out})ᵀ", f"{g}.T"

    def grad_note(self, k, out, args, p, **shape):
        return "A transpose only moves numbers: its gradient is the incoming gradient transposed back."

    def explain_forward(self, step, args, out, i, j):
        return _moved(args[0], out, i, j)

    def explain_backward(self, k, step, out, i, j):
        return _moved(step.inputs[0], out, i, j)

    def feeds(self, step, position, i, j):
        out = step.result
        return C.cell_name(out.name, out.shape, j, i), {out.name: C.one(j, i)}


def _moved(x, out, i, j):
    if np.ndim(x.value) < 2:  # a 1-D array is its own transpose
        value = float(C.as2d(x.value)[i, j])
        return C.CellExplanation(C.target(out, i, j), f"{x.name}[{j}] (a 1-D array is its own "
                                 f"transpose)", (f"= {C.num(value)}",), value,
                                 {x.name: C.one(i, j), out.name: C.one(i, j)})
    value = float(C.as2d(x.value)[j, i])
    return C.CellExplanation(C.target(out, i, j), f"{x.name}[{j}, {i}], moved across the diagonal",
                             (f"= {x.name}[{j}, {i}]", f"= {C.num(value)}"), value,
                             {x.name: C.one(j, i), out.name: C.one(i, j)})


class Fork(Op):
    """∂L/∂X = the sum of the gradients arriving from each use of X."""

    key, symbol, title = "fork", "+", "add the branches"

    def explain(self, step, out, i, j):
        values = [float(C.as2d(p.value)[i, j]) for p in step.inputs]
        total = float(sum(values))
        return C.CellExplanation(
            C.target(out, i, j), f"the {len(values)} branches' gradients at [{i}, {j}], added",
            ("= " + " + ".join(f"{p.name}[{i}, {j}]" for p in step.inputs),
             f"= {C.join_sum([C.par(v) for v in values])}", f"= {C.num(total)}"),
            total, {**{p.name: C.one(i, j) for p in step.inputs}, out.name: C.one(i, j)})


class SGD(Op):
    """θ ← θ − η·∂L/∂θ; the learning rate η is the step's op_params["lr"]."""

    key, symbol, title = "sgd", "−", "gradient-descent update"

    def explain(self, step, out, i, j):
        before, grad = step.inputs
        return C.sgd_cell(before, grad, out, i, j, step.op_params.get("lr"))


def reads(op: Op, k: int) -> tuple:
    """What the backward of input k reads besides the incoming gradient: arg indices and "y"."""
    return READS.get(op.key, lambda k: tuple(range(op.arity)))(k)


READS = {
    "add": lambda k: (), "sub": lambda k: (), "neg": lambda k: (), "transpose": lambda k: (),
    "sum": lambda k: (), "mean": lambda k: (0,), "mul": lambda k: (1 - k,),
    "div": lambda k: (1,) if k == 0 else (0, 1), "matmul": lambda k: (1,) if k == 0 else (0,),
    "exp": lambda k: ("y",), "sqrt": lambda k: ("y",), "sigmoid": lambda k: ("y",),
    "tanh": lambda k: ("y",), "softmax": lambda k: ("y",), "layer_norm": lambda k: (0, "y"),
}
