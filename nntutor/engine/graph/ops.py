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

from nntutor.engine.graph.broadcast import ShapeClash, broadcast_dims, size_of

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

    def note(self, out, args, p) -> str | None:
        return None

    def grad_note(self, k, out, args, p) -> str | None:
        return None

    def __repr__(self) -> str:
        return f"<op {self.key}>"


# -- arithmetic with broadcasting ---------------------------------------------------------
class _Binary(Op):
    arity = 2
    differentiable = (True, True)
    broadcasts = True

    def dims(self, arg_dims, sizes, p):
        return broadcast_dims(arg_dims[0], arg_dims[1], sizes, self.symbol)

    def text(self, out, args, p):
        a, b = args
        return f"{out} = {_g(a)} {self.symbol} {_g(b)}", f"{out} = {_g(a)} {self.symbol} {_g(b)}"


class Add(_Binary):
    key, symbol, title = "add", "+", "add"

    def forward(self, xs, p):
        return xs[0] + xs[1]

    def backward(self, k, g, xs, y, p):
        return g.copy()

    def grad_text(self, k, g, out, args, p):
        return f"∂L/∂{out} (a sum passes its gradient on unchanged)", g


class Sub(_Binary):
    key, symbol, title = "sub", "-", "subtract"

    def forward(self, xs, p):
        return xs[0] - xs[1]

    def backward(self, k, g, xs, y, p):
        return g.copy() if k == 0 else -g

    def grad_text(self, k, g, out, args, p):
        return (f"∂L/∂{out}", g) if k == 0 else (f"−∂L/∂{out}", f"-{g}")


class Mul(_Binary):
    key, symbol, title = "mul", "*", "multiply element by element"

    def forward(self, xs, p):
        return xs[0] * xs[1]

    def backward(self, k, g, xs, y, p):
        return g * xs[1 - k]

    def grad_text(self, k, g, out, args, p):
        other = _g(args[1 - k])
        return f"∂L/∂{out} ⊙ {other}", f"{g} * {other}"

    def grad_note(self, k, out, args, p):
        return ("An element-wise product sends each factor the incoming gradient times the OTHER "
                "factor (*, not @).")


class Div(_Binary):
    key, symbol, title = "div", "/", "divide element by element"

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

    def note(self, out, args, p):
        return (f"Each row of {args[0]} meets each column of {args[1]}; the shared inner axis is "
                f"summed away.")

    def grad_note(self, k, out, args, p):
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

    def grad_note(self, k, out, args, p):
        return "A transpose only moves numbers: its gradient is the incoming gradient transposed back."


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
