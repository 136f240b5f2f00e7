"""How one cell of a step's result was computed, written out with the numbers.

The op objects call these to explain a cell of their own step (`op.explain(step, i, j)`);
the front ends only ask the op. Each function recomputes the cell from the step's operands,
names the cells of the operands that took part (`marks`) and writes the arithmetic.

    matmul        P[i,j]  = Σₖ A[i,k]·W[k,j]          (row i of A times column j of W)
    broadcast add Z[i,j]  = P[i,j] + b[0,j]
    activation    A[i,j]  = f(Z[i,j])
    loss          L       = the loss formula over every cell of Ŷ and Y
    loss grad     dŶ[i,j] = the loss derivative at Ŷ[i,j], Y[i,j]
    act grad      dZ[i,j] = dA[i,j] · f'(...)[i,j]     (incoming gradient × local derivative)
    column sum    db[0,j] = Σₙ dZ[n,j]                 (the backward of a broadcast)
    weight grad   dW[i,j] = Σₙ A[n,i]·dZ[n,j]          (row i of Aᵀ times column j of δ)
    input grad    dA[i,j] = Σₖ dZ[i,k]·W[j,k]          (row i of δ times column j of Wᵀ)
    sgd           W[i,j]  = W[i,j] − η·dW[i,j]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

# Sums longer than this show their first terms, an ellipsis and the last term.
MAX_TERMS = 6
EPS = 1e-12  # the engine keeps predictions this far from 0 and 1 inside the logs


@dataclass(frozen=True)
class Marks:
    """Cells of one operand that took part: whole rows, whole columns and single cells."""

    rows: frozenset[int] = frozenset()
    cols: frozenset[int] = frozenset()
    cells: frozenset[tuple[int, int]] = frozenset()
    everything: bool = False

    def __contains__(self, cell: tuple[int, int]) -> bool:
        r, c = cell
        return self.everything or r in self.rows or c in self.cols or cell in self.cells


@dataclass(frozen=True)
class CellExplanation:
    """`target` like `XW1[2, 3]`; `lines` the arithmetic, top to bottom; `value` the cell."""

    target: str
    heading: str
    lines: tuple[str, ...]
    value: float
    marks: dict[str, Marks] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join((f"{self.target}: {self.heading}", *self.lines))


def num(v: float) -> str:
    """A number short enough to read in a sum: 4 significant digits, no `-0`."""
    v = float(v)
    if v == 0 or not math.isfinite(v):
        return "0" if v == 0 else str(v)
    return f"{v:.4g}"


def par(v: float) -> str:
    """A factor in a product: negatives in parentheses, `(-0.31)`."""
    text = num(v)
    return f"({text})" if text.startswith("-") else text


def cell_name(name: str, shape: tuple[int, ...], i: int, j: int) -> str:
    if len(shape) == 0:
        return name
    if len(shape) == 1:
        return f"{name}[{j}]"
    return f"{name}[{i}, {j}]"


def as2d(value) -> np.ndarray:
    value = np.asarray(value, dtype=np.float64)
    if value.ndim == 0:
        return value.reshape(1, 1)
    if value.ndim == 1:
        return value.reshape(1, -1)
    return value


def join_sum(terms: list[str]) -> str:
    """`a + b + c`, eliding the middle of a long sum: `a + b + … + z  (50 terms)`."""
    if len(terms) <= MAX_TERMS:
        return " + ".join(terms)
    shown = terms[: MAX_TERMS - 2] + ["…", terms[-1]]
    return " + ".join(shown) + f"   ({len(terms)} terms)"


def dot(row: np.ndarray, col: np.ndarray) -> tuple[str, str, float]:
    """The products `a·b + ...`, their values `p + ...`, and the sum."""
    products = [f"{par(a)}·{par(b)}" for a, b in zip(row, col)]
    values = [par(a * b) for a, b in zip(row, col)]
    return join_sum(products), join_sum(values), float(np.dot(row, col))


def target(operand, i: int, j: int) -> str:
    return cell_name(operand.name, operand.shape, i, j)


def one(i, j) -> Marks:
    return Marks(cells=frozenset({(i, j)}))


# -- products -----------------------------------------------------------------------------
def matmul_cell(a, w, out, i, j) -> CellExplanation:
    A, W = as2d(a.value), as2d(w.value)
    products, values, total = dot(A[i, :], W[:, j])
    return CellExplanation(
        target(out, i, j), f"row {i} of {a.name} times column {j} of {w.name}, summed over k",
        (f"= Σₖ {a.name}[{i}, k]·{w.name}[k, {j}]", f"= {products}", f"= {values}",
         f"= {num(total)}"),
        total,
        {a.name: Marks(rows=frozenset({i})), w.name: Marks(cols=frozenset({j})),
         out.name: one(i, j)})


def weight_grad_cell(a, dz, out, i, j) -> CellExplanation:
    """dW[i,j] = Σₙ A[n,i]·dZ[n,j]: row i of Aᵀ times column j of the gradient."""
    A, D = as2d(a.value), as2d(dz.value)
    products, values, total = dot(A[:, i], D[:, j])
    return CellExplanation(
        target(out, i, j),
        f"row {i} of {a.name}ᵀ (column {i} of {a.name}) times column {j} of {dz.name}, "
        f"summed over the n samples",
        (f"= Σₙ {a.name}[n, {i}]·{dz.name}[n, {j}]", f"= {products}", f"= {values}",
         f"= {num(total)}"),
        total,
        {a.name: Marks(cols=frozenset({i})), dz.name: Marks(cols=frozenset({j})),
         out.name: one(i, j)})


def input_grad_cell(dz, w, out, i, j) -> CellExplanation:
    """dA[i,j] = Σₖ dZ[i,k]·W[j,k]: row i of the gradient times column j of Wᵀ."""
    D, W = as2d(dz.value), as2d(w.value)
    products, values, total = dot(D[i, :], W[j, :])
    return CellExplanation(
        target(out, i, j),
        f"row {i} of {dz.name} times column {j} of {w.name}ᵀ (row {j} of {w.name}), summed",
        (f"= Σₖ {dz.name}[{i}, k]·{w.name}[{j}, k]", f"= {products}", f"= {values}",
         f"= {num(total)}"),
        total,
        {dz.name: Marks(rows=frozenset({i})), w.name: Marks(rows=frozenset({j})),
         out.name: one(i, j)})


# -- broadcasting -------------------------------------------------------------------------
def _at(operand, i, j) -> tuple[int, int]:
    """The cell of a (possibly broadcast) operand that result cell (i, j) reads."""
    rows, cols = as2d(operand.value).shape
    return (0 if rows == 1 else i), (0 if cols == 1 else j)


def binary_cell(a, b, out, i, j, symbol: str, fn) -> CellExplanation:
    """Z[i,j] = A[i,j] ∘ B[i,j], each operand read at its broadcast cell."""
    (ai, aj), (bi, bj) = _at(a, i, j), _at(b, i, j)
    av, bv = float(as2d(a.value)[ai, aj]), float(as2d(b.value)[bi, bj])
    total = float(fn(av, bv))
    if symbol == "+" and as2d(b.value).shape[0] == 1 and as2d(a.value).shape[0] > 1:
        heading = f"{a.name}[{i}, {j}] plus the bias of unit {j} (the same for every row)"
    else:
        heading = f"{a.name}[{ai}, {aj}] {symbol} {b.name}[{bi}, {bj}]"
    if symbol == "max":
        shown = f"= max({num(av)}, {num(bv)})"
        first = f"= max({a.name}[{ai}, {aj}], {b.name}[{bi}, {bj}])"
    else:
        shown = f"= {num(av)} {symbol} {par(bv)}"
        first = f"= {a.name}[{ai}, {aj}] {symbol} {b.name}[{bi}, {bj}]"
    return CellExplanation(
        target(out, i, j), heading, (first, shown, f"= {num(total)}"), total,
        {a.name: one(ai, aj), b.name: one(bi, bj), out.name: one(i, j)})


def column_sum_cell(dz, out, i, j) -> CellExplanation:
    """db[0,j] = Σₙ dZ[n,j]: the backward of a row broadcast."""
    column = as2d(dz.value)[:, j]
    total = float(column.sum())
    return CellExplanation(
        target(out, i, j), f"column {j} of {dz.name} summed over the n = {len(column)} samples",
        (f"= Σₙ {dz.name}[n, {j}]", f"= {join_sum([par(v) for v in column])}",
         f"= {num(total)}"),
        total, {dz.name: Marks(cols=frozenset({j})), out.name: one(i, j)})


def summed_cell(g, out, i, j, scale: float = 1.0, scale_text: str = "") -> CellExplanation:
    """A gradient summed back to a broadcast operand's shape (rows, columns or both)."""
    G = as2d(g.value)
    rows, cols = as2d(out.value).shape
    if rows == 1 and G.shape[0] > 1 and cols == G.shape[1]:
        e = column_sum_cell(g, out, i, j)
        return scaled(e, scale, scale_text) if scale != 1.0 else e
    rsel = range(G.shape[0]) if rows == 1 and G.shape[0] > 1 else [i]
    csel = range(G.shape[1]) if cols == 1 and G.shape[1] > 1 else [j]
    cells = [(r, c) for r in rsel for c in csel]
    total = float(sum(G[r, c] for r, c in cells)) * scale
    return CellExplanation(
        target(out, i, j), f"the {len(cells)} cells of {g.name} that {out.name}[{i}, {j}] was "
        f"copied to, summed" + (f", {scale_text}" if scale_text else ""),
        (f"= {join_sum([par(G[r, c]) for r, c in cells])}" + (f"  × {num(scale)}" if scale != 1.0 else ""),
         f"= {num(total)}"),
        total, {g.name: Marks(cells=frozenset(cells)), out.name: one(i, j)})


def scaled(e: CellExplanation, scale: float, text: str) -> CellExplanation:
    value = e.value * scale
    return CellExplanation(e.target, e.heading + f", {text}", (*e.lines[:-1], f"= {num(e.value)} × {num(scale)}",
                                                               f"= {num(value)}"), value, e.marks)


# -- element-wise -------------------------------------------------------------------------
SYMBOLS = {"sigmoid": "σ", "tanh": "tanh", "relu": "relu"}


def activation_cell(key: str, z, out, i, j) -> CellExplanation:
    Z = as2d(z.value)
    zv = float(Z[i, j])
    if key == "sigmoid":
        value = 1.0 / (1.0 + math.exp(-zv))
        how = f"= 1 / (1 + e^(−{par(zv)})) = 1 / (1 + {num(math.exp(-zv))})"
    elif key == "tanh":
        value = math.tanh(zv)
        how = f"= tanh({num(zv)})"
    elif key == "relu":
        value = max(zv, 0.0)
        how = f"= max(0, {num(zv)})"
    elif key in ("exp", "log", "sqrt"):
        value = {"exp": math.exp, "log": math.log, "sqrt": math.sqrt}[key](zv)
        how = f"= {key}({num(zv)})"
    elif key == "neg":
        value = -zv
        how = f"= −{par(zv)}"
    else:
        value = zv
        how = f"= {num(zv)}   (linear: unchanged)"
    symbol = SYMBOLS.get(key, key if key in ("exp", "log", "sqrt", "neg") else "id")
    return CellExplanation(
        target(out, i, j), f"{key} of {z.name}[{i}, {j}]",
        (f"= {symbol}({z.name}[{i}, {j}]) = {symbol}({num(zv)})", how, f"= {num(value)}"),
        value, {z.name: one(i, j), out.name: one(i, j)})


def local_derivative(key: str, z: float | None, a: float | None) -> tuple[str, float]:
    """An element-wise function's derivative at one cell, written out: (text, value)."""
    if key == "sigmoid":
        return f"{num(a)}·(1 − {num(a)})", a * (1 - a)
    if key == "tanh":
        return f"1 − {par(a)}²", 1 - a * a
    if key == "relu":
        return f"H({num(z)})", 1.0 if z > 0 else 0.0
    if key == "exp":
        return num(a), a
    if key == "log":
        return f"1/{par(z)}", 1.0 / z
    if key == "sqrt":
        return f"1/(2·{num(a)})", 0.5 / a
    return "1", 1.0


def activation_grad_cell(key: str, incoming, cached, out, i, j, cached_is_output: bool):
    g = float(as2d(incoming.value)[i, j])
    c = float(as2d(cached.value)[i, j])
    z, a = (None, c) if cached_is_output else (c, None)
    text, local = local_derivative(key, z, a)
    value = g * local
    symbol = SYMBOLS.get(key, key if key in ("exp", "log", "sqrt") else "id")
    return CellExplanation(
        target(out, i, j),
        f"incoming gradient {incoming.name}[{i}, {j}] times the local derivative "
        f"{symbol}'[{i}, {j}]",
        (f"= {incoming.name}[{i}, {j}] · {symbol}'   with {cached.name}[{i}, {j}] = {num(c)}",
         f"= {par(g)} · {text}", f"= {par(g)} · {par(local)}", f"= {num(value)}"),
        value,
        {incoming.name: one(i, j), cached.name: one(i, j), out.name: one(i, j)})


def softmax_cell(z, out, i, j, axis: int = 1) -> CellExplanation:
    Z = as2d(z.value)
    if axis in (0, -2) and Z.ndim == 2:
        line = Z[:, j]
        k, where, marks = i, f"column {j}", Marks(cols=frozenset({j}))
        index = f"{z.name}[k, {j}]"
    else:
        line = Z[i, :]
        k, where, marks = j, f"row {i}", Marks(rows=frozenset({i}))
        index = f"{z.name}[{i}, k]"
    shifted = np.exp(line - line.max())
    value = float(shifted[k] / shifted.sum())
    lines = (f"= e^({z.name}[{i}, {j}]) / Σₖ e^({index})   ({where}, shifted by its max)",
             f"= {num(shifted[k])} / ({join_sum([num(e) for e in shifted])})",
             f"= {num(shifted[k])} / {num(shifted.sum())}", f"= {num(value)}")
    return CellExplanation(target(out, i, j), f"softmax of {z.name}[{i}, {j}]", lines, value,
                           {z.name: marks, out.name: one(i, j)})


def plain_cell(out, i, j, how: str, reads=()) -> CellExplanation:
    """A cell whose arithmetic is too wide to write out: say how, give the value."""
    value = float(as2d(out.value)[i, j])
    marks = {o.name: Marks(everything=True) for o in reads}
    marks[out.name] = one(i, j)
    return CellExplanation(target(out, i, j), how, (f"= {num(value)}",), value, marks)


# -- losses -------------------------------------------------------------------------------
def loss_cell(loss: str, yhat, y) -> CellExplanation:
    P, Y = as2d(yhat.value), as2d(y.value)
    n = P.shape[0]
    flat = list(zip(P.ravel().tolist(), Y.ravel().tolist()))
    if loss in ("mse", "half_sse"):
        terms = [f"({num(p)} − {par(t)})²" for p, t in flat]
        total = sum((p - t) ** 2 for p, t in flat)
        value = total / n if loss == "mse" else 0.5 * total
        scale = f"(1/{n})" if loss == "mse" else "½"
        lines = (f"= {scale}·Σ ({yhat.name} − {y.name})²", f"= {scale}·[{join_sum(terms)}]")
    elif loss == "bce":
        clip = [(min(max(p, EPS), 1 - EPS), t) for p, t in flat]
        value = -sum(t * math.log(p) + (1 - t) * math.log(1 - p) for p, t in clip) / n
        terms = [f"({num(t)}·log {num(p)} + {num(1 - t)}·log {num(1 - p)})" for p, t in flat]
        lines = (f"= −(1/{n})·Σ [Y·log {yhat.name} + (1−Y)·log(1−{yhat.name})]",
                 f"= −(1/{n})·[{join_sum(terms)}]")
    else:
        value = -sum(t * math.log(max(p, EPS)) for p, t in flat) / n
        hits = [f"log {num(p)}" for p, t in flat if t]
        lines = (f"= −(1/{n})·Σ Y·log {yhat.name}   (only the true class of each row counts)",
                 f"= −(1/{n})·[{join_sum(hits)}]")
    return CellExplanation(
        "L", f"the {loss} loss over all {P.size} predictions", (*lines, f"= {num(value)}"),
        value, {yhat.name: Marks(everything=True), y.name: Marks(everything=True)})


def loss_grad_cell(loss: str, yhat, y, out, i, j) -> CellExplanation:
    """`loss` is mse, half_sse, bce, cross_entropy (unfused, ∂L/∂P) or softmax_cross_entropy."""
    P, Y = as2d(yhat.value), as2d(y.value)
    n = P.shape[0]
    p, t = float(P[i, j]), float(Y[i, j])
    at = f"{yhat.name}[{i}, {j}] = {num(p)}, {y.name}[{i}, {j}] = {num(t)}"
    if loss == "mse":
        value = 2.0 / n * (p - t)
        lines = (f"= (2/n)·(Ŷ − Y) with n = {n}", f"= (2/{n})·({num(p)} − {par(t)})")
    elif loss == "half_sse":
        value = p - t
        lines = ("= Ŷ − Y   (summed loss: no 1/n)", f"= {num(p)} − {par(t)}")
    elif loss == "bce":
        q = min(max(p, EPS), 1 - EPS)
        value = ((1 - t) / (1 - q) - t / q) / n
        lines = (f"= (1/n)·(−Y/Ŷ + (1−Y)/(1−Ŷ)) with n = {n}",
                 f"= (1/{n})·(−{par(t)}/{par(p)} + {num(1 - t)}/{num(1 - p)})")
    elif loss == "cross_entropy":
        value = -t / max(p, EPS) / n
        lines = (f"= −(1/n)·Y/P with n = {n}", f"= −{par(t)}/{par(p)}/{n}")
    else:
        value = (p - t) / n
        lines = (f"= (Ŷ − Y)/n with n = {n}", f"= ({num(p)} − {par(t)})/{n}")
    return CellExplanation(
        target(out, i, j), f"the loss derivative at {at}", (*lines, f"= {num(value)}"), value,
        {yhat.name: one(i, j), y.name: one(i, j), out.name: one(i, j)})


def sgd_cell(before, grad, out, i, j, lr: float | None) -> CellExplanation:
    b, g = float(as2d(before.value)[i, j]), float(as2d(grad.value)[i, j])
    value = b - lr * g if lr is not None else float(as2d(out.value)[i, j])
    shown = f"{lr:g}" if lr is not None else "η"
    return CellExplanation(
        target(out, i, j), f"one gradient-descent step on {out.name}[{i}, {j}]",
        (f"= {out.name}[{i}, {j}] − η·{grad.name}[{i}, {j}]   (η = {shown})",
         f"= {num(b)} − {shown}·{par(g)}", f"= {num(value)}"),
        value, {grad.name: one(i, j)})
