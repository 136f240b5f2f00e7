"""Element-wise functions, reductions over an axis, softmax and layer norm, as graph ops."""

from __future__ import annotations

import numpy as np

from nntutor.engine import cells as C
from nntutor.engine import notes
from nntutor.engine.activations import relu, sigmoid, softmax_axis
from nntutor.engine.graph.broadcast import ONE, ShapeClash, broadcast_dims
from nntutor.engine.graph.ops import LN_EPS, Op, _g, args_of


class _Unary(Op):
    """y = f(x) cell by cell: backward is g ⊙ f'(x), a product, not a matmul."""

    def note(self, out, args, p, **shape):
        return notes.activation_forward_note(self.key, args[0], out)

    local = ""  # f'(x) written with {x} and {y}
    local_np = ""

    def text(self, out, args, p):
        x = args[0]
        return (f"{out} = {self.symbol}({x})",
                f"{out} = {self.numpy_call.format(x=x)}")

    def grad_text(self, k, g, out, args, p):
        local = self.local.format(x=_g(args[0]), y=out)
        local_np = self.local_np.format(x=_g(args[0]), y=out)
        return f"∂L/∂{out} ⊙ {local}", f"{g} * {local_np}"

    def grad_note(self, k, out, args, p, **shape):
        return (f"Element-wise: ∂L/∂{args[0]} keeps the shape of {args[0]}, each cell multiplied by "
                f"its own local derivative {self.local.format(x=args[0], y=out)}.")

    def explain_forward(self, step, args, out, i, j):
        return C.activation_cell(self.key, args[0], out, i, j)

    def explain_backward(self, k, step, out, i, j):
        incoming, cached = step.inputs
        return C.activation_grad_cell(self.key, incoming, cached, out, i, j,
                                      cached_is_output="{y}" in self.local_np)


class Identity(_Unary):
    """The linear activation of a dense layer: A = Z, and the gradient passes unchanged."""

    key, symbol, title, numpy_call = "linear", "id", "linear", "{x}"
    local, local_np = "1", "np.ones_like({x})"
    f = staticmethod(lambda z: z)
    grad = None  # the gradient passes unchanged: the dense fast path skips the step


    def forward(self, xs, p):
        return xs[0]

    def backward(self, k, g, xs, y, p):
        return g.copy()


class Exp(_Unary):
    key, symbol, title, numpy_call = "exp", "exp", "exponential", "np.exp({x})"
    local, local_np = "{y}", "{y}"

    def forward(self, xs, p):
        return np.exp(xs[0])

    def backward(self, k, g, xs, y, p):
        return g * y


class Log(_Unary):
    key, symbol, title, numpy_call = "log", "log", "natural log", "np.log({x})"
    local, local_np = "1/{x}", "(1 / {x})"

    def forward(self, xs, p):
        return np.log(xs[0])

    def backward(self, k, g, xs, y, p):
        return g / xs[0]


class Sqrt(_Unary):
    key, symbol, title, numpy_call = "sqrt", "√", "square root", "np.sqrt({x})"
    local, local_np = "1/(2·{y})", "(0.5 / {y})"

    def forward(self, xs, p):
        return np.sqrt(xs[0])

    def backward(self, k, g, xs, y, p):
        return g * (0.5 / y)


class Relu(_Unary):
    key, symbol, title, numpy_call = "relu", "relu", "relu", "np.maximum({x}, 0)"
    local, local_np = "H({x})", "({x} > 0)"
    kink = True
    f = staticmethod(relu)

    @staticmethod
    def grad(g, x, y):
        """G ⊙ H(Z), multiplying by the boolean mask directly (no float copy of the mask)"""
        return g * (x > 0)

    def forward(self, xs, p):
        return relu(xs[0])

    def backward(self, k, g, xs, y, p):
        return g * (xs[0] > 0)

    def grad_note(self, k, out, args, p, **shape):
        return (f"relu passes the gradient where {args[0]} > 0 and blocks it elsewhere (at 0 the "
                f"kink has no derivative; 0 is used, as (Z > 0) gives).")


class Sigmoid(_Unary):
    key, symbol, title, numpy_call = "sigmoid", "σ", "sigmoid", "1 / (1 + np.exp(-{x}))"
    local, local_np = "{y}⊙(1−{y})", "{y} * (1 - {y})"
    f = staticmethod(sigmoid)

    @staticmethod
    def grad(g, x, y):
        return g * (y * (1.0 - y))

    def forward(self, xs, p):
        return sigmoid(xs[0])

    def backward(self, k, g, xs, y, p):
        return g * (y * (1.0 - y))


class Tanh(_Unary):
    key, symbol, title, numpy_call = "tanh", "tanh", "tanh", "np.tanh({x})"
    local, local_np = "(1−{y}²)", "(1 - {y}**2)"
    f = staticmethod(np.tanh)

    @staticmethod
    def grad(g, x, y):
        return g * (1.0 - y * y)

    def forward(self, xs, p):
        return np.tanh(xs[0])

    def backward(self, k, g, xs, y, p):
        return g * (1.0 - y * y)


class Maximum(Op):
    """y = max(a, b) cell by cell; the gradient goes to whichever was larger (a on a tie)."""

    key, symbol, title = "maximum", "max", "element-wise maximum"
    arity = 2
    differentiable = (True, True)
    kink = True
    broadcasts = True

    def dims(self, arg_dims, sizes, p):
        return broadcast_dims(arg_dims[0], arg_dims[1], sizes, "np.maximum")

    def forward(self, xs, p):
        return np.maximum(xs[0], xs[1])

    def backward(self, k, g, xs, y, p):
        a, b = xs
        return g * (a >= b) if k == 0 else g * (a < b)

    def text(self, out, args, p):
        return f"{out} = max({args[0]}, {args[1]})", f"{out} = np.maximum({args[0]}, {args[1]})"

    def explain_forward(self, step, args, out, i, j):
        return C.binary_cell(args[0], args[1], out, i, j, "max", max)

    def grad_text(self, k, g, out, args, p):
        a, b = _g(args[0]), _g(args[1])
        cond = f"{a} >= {b}" if k == 0 else f"{a} < {b}"
        return f"∂L/∂{out} where {cond}, else 0", f"{g} * ({cond})"


# -- over an axis -------------------------------------------------------------------------
def _axis_text(p) -> str:
    parts = []
    if p.get("axis") is not None:
        parts.append(f"axis={p['axis']}")
    if p.get("keepdims"):
        parts.append("keepdims=True")
    return ", ".join(parts)


def _reduced_dims(dims, p):
    axis = p.get("axis")
    if axis is None:
        return tuple(ONE for _ in dims) if p.get("keepdims") else ()
    axis %= len(dims)
    if p.get("keepdims"):
        return dims[:axis] + (ONE,) + dims[axis + 1:]
    return dims[:axis] + dims[axis + 1:]


def _check_axis(dims, p):
    axis = p.get("axis")
    if axis is not None and not -len(dims) <= axis < len(dims):
        raise ShapeClash(f"axis={axis} does not exist for an array with {len(dims)} axes")


def _spread(g, x, p):
    """Undo a reduction's shape: put the removed axis back and repeat g along it."""
    axis = p.get("axis")
    if axis is None and not p.get("keepdims"):
        return np.broadcast_to(g, x.shape)
    if not p.get("keepdims"):
        g = np.expand_dims(g, axis)
    return np.broadcast_to(g, x.shape)


class Sum(Op):
    key, symbol, title = "sum", "Σ", "sum over an axis"

    def dims(self, arg_dims, sizes, p):
        _check_axis(arg_dims[0], p)
        return _reduced_dims(arg_dims[0], p)

    def forward(self, xs, p):
        return np.sum(xs[0], axis=p.get("axis"), keepdims=bool(p.get("keepdims")))

    def backward(self, k, g, xs, y, p):
        return np.array(_spread(g, xs[0], p), dtype=np.float64)

    def text(self, out, args, p):
        inner = _axis_text(p)
        return (f"{out} = Σ {args[0]}" + (f" over axis {p['axis']}" if p.get("axis") is not None else ""),
                f"{out} = np.sum({args[0]}" + (f", {inner})" if inner else ")"))

    def grad_text(self, k, g, out, args, p):
        axis = p.get("axis")
        spread = g if p.get("keepdims") or axis is None else f"np.expand_dims({g}, {axis})"
        return (f"∂L/∂{out} repeated along the summed axis",
                f"np.broadcast_to({spread}, {args[0]}.shape)")

    def grad_note(self, k, out, args, p, **shape):
        return ("Every cell of the sum counts once, so each summed cell receives the same "
                "gradient: backward REPEATS the gradient along the axis that forward summed.")

    scale_word = ""

    def _cells(self, x, p, i, j):
        """The cells of x summed into result cell (i, j), and the count divided by (mean)."""
        X = C.as2d(x.value)
        axis, keep = p.get("axis"), p.get("keepdims")
        if axis is None:
            cells = [(r, c) for r in range(X.shape[0]) for c in range(X.shape[1])]
        elif axis in (0, -2):
            cells = [(r, j) for r in range(X.shape[0])]
        else:
            row = i if keep else j
            cells = [(row, c) for c in range(X.shape[1])]
        return cells, len(cells) if self.key == "mean" else 1

    def explain_forward(self, step, args, out, i, j):
        x = args[0]
        cells, count = self._cells(x, step.op_params, i, j)
        X = C.as2d(x.value)
        total = float(sum(X[c] for c in cells)) / count
        return C.CellExplanation(
            C.target(out, i, j), f"{len(cells)} cells of {x.name} "
            + ("averaged" if count > 1 else "summed"),
            (f"= " + ("(" if count > 1 else "") + C.join_sum([C.par(X[c]) for c in cells])
             + (f") / {count}" if count > 1 else ""), f"= {C.num(total)}"),
            total, {x.name: C.Marks(cells=frozenset(cells)), out.name: C.one(i, j)})

    def explain_backward(self, k, step, out, i, j):
        g = step.inputs[0]
        p = step.op_params
        G = C.as2d(g.value)
        axis, keep = p.get("axis"), p.get("keepdims")
        if axis is None:
            at = (0, 0)
        elif axis in (0, -2):
            at = (0, j)
        else:
            at = (i, 0) if keep else (0, i)
        count = C.as2d(out.value).size // max(1, G.size) if self.key == "mean" else 1
        value = float(G[at]) / count
        return C.CellExplanation(
            C.target(out, i, j), f"{g.name}{list(at)} repeated back along the reduced axis"
            + (f", divided by the count {count}" if count > 1 else ""),
            (f"= {g.name}[{at[0]}, {at[1]}]" + (f" / {count}" if count > 1 else ""),
             f"= {C.num(value)}"), value, {g.name: C.one(*at), out.name: C.one(i, j)})


class Mean(Sum):
    key, symbol, title = "mean", "mean", "mean over an axis"

    def forward(self, xs, p):
        return np.mean(xs[0], axis=p.get("axis"), keepdims=bool(p.get("keepdims")))

    def backward(self, k, g, xs, y, p):
        count = xs[0].size // max(1, np.size(y))
        return np.array(_spread(g, xs[0], p), dtype=np.float64) / count

    def text(self, out, args, p):
        inner = _axis_text(p)
        return (f"{out} = mean of {args[0]}" + (f" over axis {p['axis']}" if p.get("axis") is not None else ""),
                f"{out} = np.mean({args[0]}" + (f", {inner})" if inner else ")"))

    def grad_text(self, k, g, out, args, p):
        formula, np_line = super().grad_text(k, g, out, args, p)
        return (formula + ", divided by the count averaged",
                np_line + f" / {args[0]}.shape[{p['axis']}]" if p.get("axis") is not None
                else np_line + f" / {args[0]}.size")

    def grad_note(self, k, out, args, p, **shape):
        return ("A mean is a sum divided by the count, so each averaged cell receives the "
                "incoming gradient divided by the count.")


class Softmax(Op):
    """P = e^Z / Σ e^Z along an axis.  ∂L/∂Z = P ⊙ (G − Σ(G ⊙ P) along that axis)."""

    key, symbol, title = "softmax", "softmax", "softmax"

    def dims(self, arg_dims, sizes, p):
        _check_axis(arg_dims[0], p)
        return arg_dims[0]

    def forward(self, xs, p):
        return softmax_axis(xs[0], p.get("axis", -1))

    def backward(self, k, g, xs, y, p):
        axis = p.get("axis", -1)
        return y * (g - np.sum(g * y, axis=axis, keepdims=True))

    def text(self, out, args, p):
        axis = p.get("axis", -1)
        return (f"{out} = e^{_g(args[0])} / Σ e^{_g(args[0])} along axis {axis}",
                f"{out} = softmax({args[0]}, axis={axis})")

    def grad_text(self, k, g, out, args, p):
        axis = p.get("axis", -1)
        return (f"{out} ⊙ (∂L/∂{out} − Σ(∂L/∂{out} ⊙ {out}) along axis {axis})",
                f"{out} * ({g} - np.sum({g} * {out}, axis={axis}, keepdims=True))")

    def note(self, out, args, p, **shape):
        dims = shape.get("dims")
        if p.get("axis", -1) in (1, -1) and dims and len(dims[0]) == 2:
            return notes.activation_forward_note("softmax", args[0], out)  # row by row
        return (f"Softmax is NOT element-wise: every output cell depends on the whole slice along "
                f"axis {p.get('axis', -1)}; each slice of {out} sums to 1.")

    def grad_note(self, k, out, args, p, **shape):
        return ("The softmax Jacobian is diag(P) − P·Pᵀ per slice; multiplied by the incoming "
                "gradient it becomes P ⊙ (G − Σ G⊙P), so the matrix never has to be built.")

    def explain_forward(self, step, args, out, i, j):
        return C.softmax_cell(args[0], out, i, j, step.op_params.get("axis", -1))

    def feeds(self, step, position, i, j):
        out = step.result
        if step.op_params.get("axis", -1) in (0, -2):
            return f"column {j} of {out.name}", {out.name: C.Marks(cols=frozenset({j}))}
        return f"row {i} of {out.name}", {out.name: C.Marks(rows=frozenset({i}))}

    def explain_backward(self, k, step, out, i, j):
        g, y = step.inputs
        G, P = C.as2d(g.value), C.as2d(y.value)
        by_column = step.op_params.get("axis", -1) in (0, -2)
        gl, pl = (G[:, j], P[:, j]) if by_column else (G[i, :], P[i, :])
        inner = float(np.dot(gl, pl))
        value = float(P[i, j] * (G[i, j] - inner))
        where = f"column {j}" if by_column else f"row {i}"
        marks = (C.Marks(cols=frozenset({j})) if by_column else C.Marks(rows=frozenset({i})))
        return C.CellExplanation(
            C.target(out, i, j), f"{y.name}[{i}, {j}] times ({g.name}[{i}, {j}] minus the "
            f"{y.name}-weighted mean of {g.name} over {where})",
            (f"= {y.name}[{i}, {j}]·({g.name}[{i}, {j}] − Σₖ {g.name}·{y.name} over {where})",
             f"= {C.num(P[i, j])}·({C.num(G[i, j])} − {C.par(inner)})", f"= {C.num(value)}"),
            value, {g.name: marks, y.name: marks, out.name: C.one(i, j)})


class LayerNorm(Op):
    """Y = (X − μ) / √(σ² + ε) per row, μ and σ² over the feature axis (the last).

    With X̂ = Y and s = √(σ² + ε):  ∂L/∂X = (G − mean(G) − X̂ ⊙ mean(G ⊙ X̂)) / s, means per row."""

    key, symbol, title = "layer_norm", "LN", "layer norm"

    def forward(self, xs, p):
        x = xs[0]
        mu = x.mean(axis=-1, keepdims=True)
        d = x - mu
        return d / np.sqrt((d * d).mean(axis=-1, keepdims=True) + LN_EPS)

    def backward(self, k, g, xs, y, p):
        x = xs[0]
        d = x - x.mean(axis=-1, keepdims=True)
        s = np.sqrt((d * d).mean(axis=-1, keepdims=True) + LN_EPS)
        return (g - g.mean(axis=-1, keepdims=True)
                - y * (g * y).mean(axis=-1, keepdims=True)) / s

    def text(self, out, args, p):
        x = args[0]
        return (f"{out} = ({x} − μ) / √(σ² + ε), μ and σ² of each row of {x}",
                f"{out} = ({x} - {x}.mean(axis=-1, keepdims=True)) / "
                f"np.sqrt({x}.var(axis=-1, keepdims=True) + {LN_EPS:g})")

    def grad_text(self, k, g, out, args, p):
        x = args[0]
        return (f"(∂L/∂{out} − mean(∂L/∂{out}) − {out} ⊙ mean(∂L/∂{out} ⊙ {out})) / √(σ² + ε)",
                f"({g} - {g}.mean(axis=-1, keepdims=True) - {out} * ({g} * {out})"
                f".mean(axis=-1, keepdims=True)) / np.sqrt({x}.var(axis=-1, keepdims=True) + "
                f"{LN_EPS:g})")

    def note(self, out, args, p, **shape):
        return (f"Each row (one sample) is normalised over its own features: every row of {out} "
                f"has mean 0 and variance 1 (up to ε).")

    def grad_note(self, k, out, args, p, **shape):
        return ("μ and σ² depend on every cell of the row, so the gradient is not just G/s: the "
                "two means subtract what flows back through μ and through σ².")

    def explain_forward(self, step, args, out, i, j):
        x = args[0]
        row = C.as2d(x.value)[i, :]
        mu, var = float(row.mean()), float(row.var())
        s = float(np.sqrt(var + LN_EPS))
        value = (float(row[j]) - mu) / s
        return C.CellExplanation(
            C.target(out, i, j), f"{x.name}[{i}, {j}] normalised by the mean and spread of row {i}",
            (f"= ({x.name}[{i}, {j}] − μ) / √(σ² + ε)   with μ, σ² of row {i}",
             f"= ({C.num(row[j])} − {C.par(mu)}) / √({C.num(var)} + {LN_EPS:g})",
             f"= {C.num(value)}"), value,
            {x.name: C.Marks(rows=frozenset({i})), out.name: C.one(i, j)})

    def feeds(self, step, position, i, j):
        out = step.result
        return f"row {i} of {out.name}", {out.name: C.Marks(rows=frozenset({i}))}
