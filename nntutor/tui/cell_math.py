"""How one cell of a step's array was computed, written out with the numbers.

Pure logic (no Textual): given a recorded `Step` and a cell of one of its arrays, say which
numbers produced it and which cells of the other operands took part, so the step view can
write the arithmetic and light those cells up.

    matmul        P[i,j]  = Σₖ A[i,k]·W[k,j]          (row i of A times column j of W)
    bias add      Z[i,j]  = P[i,j] + b[0,j]
    activation    A[i,j]  = f(Z[i,j])
    loss          L       = the loss formula over every cell of Ŷ and Y
    loss grad     dŶ[i,j] = the loss derivative at Ŷ[i,j], Y[i,j]
    act grad      dZ[i,j] = dA[i,j] · f'(...)[i,j]     (incoming gradient × local derivative)
    bias grad     db[0,j] = Σₙ dZ[n,j]                 (column sum)
    weight grad   dW[i,j] = Σₙ A[n,i]·dZ[n,j]          (row i of Aᵀ times column j of δ)
    input grad    dA[i,j] = Σₖ dZ[i,k]·W[j,k]          (row i of δ times column j of Wᵀ)
    sgd           W[i,j]  = W[i,j] − η·dW[i,j]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

# Sums longer than this show their first terms, an ellipsis and the last term.
MAX_TERMS = 6


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
    text = f"{v:.4g}"
    return text


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


def _as2d(value: np.ndarray) -> np.ndarray:
    value = np.asarray(value, dtype=np.float64)
    if value.ndim == 0:
        return value.reshape(1, 1)
    if value.ndim == 1:
        return value.reshape(1, -1)
    return value


def _join_sum(terms: list[str]) -> str:
    """`a + b + c`, eliding the middle of a long sum: `a + b + … + z  (50 terms)`."""
    if len(terms) <= MAX_TERMS:
        return " + ".join(terms)
    shown = terms[: MAX_TERMS - 2] + ["…", terms[-1]]
    return " + ".join(shown) + f"   ({len(terms)} terms)"


def _dot(row: np.ndarray, col: np.ndarray) -> tuple[str, str, float]:
    """The products `a·b + ...`, their values `p + ...`, and the sum."""
    products = [f"{par(a)}·{par(b)}" for a, b in zip(row, col)]
    values = [par(a * b) for a, b in zip(row, col)]
    return _join_sum(products), _join_sum(values), float(np.dot(row, col))


def explain_cell(step, name: str, i: int, j: int, tape=None) -> CellExplanation:
    """Explain cell (i, j) of the array `name` read or written by `step`.

    A cell of the step's result is worked out from the operands; a cell of an operand is
    traced to the step that produced it (when `tape` is given) and to the result cells it feeds.
    """
    output = next((o for o in step.outputs if o.name == name), None)
    operand = output or step.operand(name)  # KeyError names the step and the operand
    grid = _as2d(operand.value)
    if not (0 <= i < grid.shape[0] and 0 <= j < grid.shape[1]):
        raise IndexError(f"{name} is {grid.shape[0]}×{grid.shape[1]}: no cell ({i}, {j})")
    if output is not None:
        explainer = _EXPLAINERS.get(_kind(step.op))
        if explainer is not None:
            return explainer(step, operand, i, j)
    return _explain_operand(step, operand, i, j, tape)


def _kind(op: str) -> str:
    if op.startswith("loss_") and op.endswith("_grad"):
        return "loss_grad"
    if op.startswith("loss_"):
        return "loss"
    if op.endswith("_grad") and op not in (
        "bias_add_grad", "matmul_grad_weight", "matmul_grad_input"
    ):
        return "activation_grad"
    if op in ("sigmoid", "tanh", "relu", "linear", "identity", "softmax"):
        return "activation"
    return op


def _target(operand, i: int, j: int) -> str:
    return cell_name(operand.name, operand.shape, i, j)


# -- forward ------------------------------------------------------------------------------
def _matmul(step, out, i, j):
    a, w = step.inputs
    A, W = _as2d(a.value), _as2d(w.value)
    products, values, total = _dot(A[i, :], W[:, j])
    return CellExplanation(
        _target(out, i, j),
        f"row {i} of {a.name} times column {j} of {w.name}, summed over k",
        (
            f"= Σₖ {a.name}[{i}, k]·{w.name}[k, {j}]",
            f"= {products}",
            f"= {values}",
            f"= {num(total)}",
        ),
        total,
        {a.name: Marks(rows=frozenset({i})), w.name: Marks(cols=frozenset({j})),
         out.name: Marks(cells=frozenset({(i, j)}))},
    )


def _bias_add(step, out, i, j):
    p, b = step.inputs
    pv, bv = _as2d(p.value)[i, j], _as2d(b.value)[0, j]
    total = float(pv + bv)
    return CellExplanation(
        _target(out, i, j),
        f"{p.name}[{i}, {j}] plus the bias of unit {j} (the same for every row)",
        (f"= {p.name}[{i}, {j}] + {b.name}[0, {j}]", f"= {num(pv)} + {par(bv)}", f"= {num(total)}"),
        total,
        {p.name: Marks(cells=frozenset({(i, j)})), b.name: Marks(cells=frozenset({(0, j)})),
         out.name: Marks(cells=frozenset({(i, j)}))},
    )


def _activation(step, out, i, j):
    (z,) = step.inputs
    Z = _as2d(z.value)
    zv = float(Z[i, j])
    op = step.op
    if op == "softmax":
        row = Z[i, :]
        shifted = np.exp(row - row.max())
        value = float(shifted[j] / shifted.sum())
        lines = (
            f"= e^({z.name}[{i}, {j}]) / Σₖ e^({z.name}[{i}, k])   (row {i}, shifted by its max)",
            f"= {num(shifted[j])} / ({_join_sum([num(e) for e in shifted])})",
            f"= {num(shifted[j])} / {num(shifted.sum())}",
        )
        marks = {z.name: Marks(rows=frozenset({i}))}
    else:
        if op == "sigmoid":
            value = 1.0 / (1.0 + math.exp(-zv))
            how = f"= 1 / (1 + e^(−{par(zv)})) = 1 / (1 + {num(math.exp(-zv))})"
        elif op == "tanh":
            value = math.tanh(zv)
            how = f"= tanh({num(zv)})"
        elif op == "relu":
            value = max(zv, 0.0)
            how = f"= max(0, {num(zv)})"
        else:
            value = zv
            how = f"= {num(zv)}   (linear: unchanged)"
        symbol = {"sigmoid": "σ", "tanh": "tanh", "relu": "relu"}.get(op, "id")
        lines = (f"= {symbol}({z.name}[{i}, {j}]) = {symbol}({num(zv)})", how)
        marks = {z.name: Marks(cells=frozenset({(i, j)}))}
    marks[out.name] = Marks(cells=frozenset({(i, j)}))
    return CellExplanation(_target(out, i, j), f"{op} of {z.name}[{i}, {j}]",
                           (*lines, f"= {num(value)}"), value, marks)


def _loss(step, out, i, j):
    yhat, y = step.inputs
    P, Y = _as2d(yhat.value), _as2d(y.value)
    n = P.shape[0]
    loss = step.op[len("loss_"):]
    flat = list(zip(P.ravel().tolist(), Y.ravel().tolist()))
    eps = 1e-12  # the engine keeps predictions this far from 0 and 1 inside the logs
    if loss in ("mse", "half_sse"):
        terms = [f"({num(p)} − {par(t)})²" for p, t in flat]
        total = sum((p - t) ** 2 for p, t in flat)
        value = total / n if loss == "mse" else 0.5 * total
        scale = f"(1/{n})" if loss == "mse" else "½"
        lines = (f"= {scale}·Σ ({yhat.name} − Y)²", f"= {scale}·[{_join_sum(terms)}]")
    elif loss == "bce":
        clip = [(min(max(p, eps), 1 - eps), t) for p, t in flat]
        value = -sum(t * math.log(p) + (1 - t) * math.log(1 - p) for p, t in clip) / n
        terms = [f"({num(t)}·log {num(p)} + {num(1 - t)}·log {num(1 - p)})" for p, t in flat]
        lines = (f"= −(1/{n})·Σ [Y·log {yhat.name} + (1−Y)·log(1−{yhat.name})]",
                 f"= −(1/{n})·[{_join_sum(terms)}]")
    else:
        value = -sum(t * math.log(max(p, eps)) for p, t in flat) / n
        hits = [f"log {num(p)}" for p, t in flat if t]
        lines = (f"= −(1/{n})·Σ Y·log {yhat.name}   (only the true class of each row counts)",
                 f"= −(1/{n})·[{_join_sum(hits)}]")
    return CellExplanation(
        "L", f"the {loss} loss over all {P.size} predictions", (*lines, f"= {num(value)}"),
        value, {yhat.name: Marks(everything=True), y.name: Marks(everything=True)},
    )


# -- backward -----------------------------------------------------------------------------
def _loss_grad(step, out, i, j):
    yhat, y = step.inputs
    P, Y = _as2d(yhat.value), _as2d(y.value)
    n = P.shape[0]
    p, t = float(P[i, j]), float(Y[i, j])
    loss = step.op[len("loss_"):-len("_grad")]
    at = f"{yhat.name}[{i}, {j}] = {num(p)}, Y[{i}, {j}] = {num(t)}"
    if loss == "mse":
        value = 2.0 / n * (p - t)
        lines = (f"= (2/n)·(Ŷ − Y) with n = {n}", f"= (2/{n})·({num(p)} − {par(t)})")
    elif loss == "half_sse":
        value = p - t
        lines = ("= Ŷ − Y   (summed loss: no 1/n)", f"= {num(p)} − {par(t)}")
    elif loss == "bce":
        q = min(max(p, 1e-12), 1 - 1e-12)
        value = ((1 - t) / (1 - q) - t / q) / n
        lines = (f"= (1/n)·(−Y/Ŷ + (1−Y)/(1−Ŷ)) with n = {n}",
                 f"= (1/{n})·(−{par(t)}/{par(p)} + {num(1 - t)}/{num(1 - p)})")
    else:
        value = (p - t) / n
        lines = (f"= (Ŷ − Y)/n with n = {n}", f"= ({num(p)} − {par(t)})/{n}")
    return CellExplanation(
        _target(out, i, j), f"the loss derivative at {at}", (*lines, f"= {num(value)}"), value,
        {yhat.name: Marks(cells=frozenset({(i, j)})), y.name: Marks(cells=frozenset({(i, j)})),
         out.name: Marks(cells=frozenset({(i, j)}))},
    )


def _local_derivative(act: str, z: float | None, a: float | None) -> tuple[str, float]:
    """The activation's derivative at one cell, written out: (text, value)."""
    if act == "sigmoid":
        return f"{num(a)}·(1 − {num(a)})", a * (1 - a)
    if act == "tanh":
        return f"1 − {par(a)}²", 1 - a * a
    if act == "relu":
        return f"H({num(z)})", 1.0 if z > 0 else 0.0
    return "1", 1.0


def _activation_grad(step, out, i, j):
    incoming, cached = step.inputs
    act = step.op[: -len("_grad")]
    g = float(_as2d(incoming.value)[i, j])
    c = float(_as2d(cached.value)[i, j])
    z, a = (c, None) if cached.name.startswith("Z") else (None, c)
    text, local = _local_derivative(act, z, a)
    value = g * local
    symbol = {"sigmoid": "σ", "tanh": "tanh", "relu": "relu"}.get(act, "id")
    return CellExplanation(
        _target(out, i, j),
        f"incoming gradient {incoming.name}[{i}, {j}] times the local derivative "
        f"{symbol}'[{i}, {j}]",
        (
            f"= {incoming.name}[{i}, {j}] · {symbol}'   with {cached.name}[{i}, {j}] = {num(c)}",
            f"= {par(g)} · {text}",
            f"= {par(g)} · {par(local)}",
            f"= {num(value)}",
        ),
        value,
        {incoming.name: Marks(cells=frozenset({(i, j)})),
         cached.name: Marks(cells=frozenset({(i, j)})),
         out.name: Marks(cells=frozenset({(i, j)}))},
    )


def _bias_grad(step, out, i, j):
    (dz,) = step.inputs
    column = _as2d(dz.value)[:, j]
    total = float(column.sum())
    return CellExplanation(
        _target(out, i, j),
        f"column {j} of {dz.name} summed over the n = {len(column)} samples",
        (f"= Σₙ {dz.name}[n, {j}]", f"= {_join_sum([par(v) for v in column])}", f"= {num(total)}"),
        total,
        {dz.name: Marks(cols=frozenset({j})), out.name: Marks(cells=frozenset({(i, j)}))},
    )


def _weight_grad(step, out, i, j):
    a, dz = step.inputs
    A, D = _as2d(a.value), _as2d(dz.value)
    products, values, total = _dot(A[:, i], D[:, j])
    return CellExplanation(
        _target(out, i, j),
        f"row {i} of {a.name}ᵀ (column {i} of {a.name}) times column {j} of {dz.name}, "
        f"summed over the n samples",
        (f"= Σₙ {a.name}[n, {i}]·{dz.name}[n, {j}]", f"= {products}", f"= {values}",
         f"= {num(total)}"),
        total,
        {a.name: Marks(cols=frozenset({i})), dz.name: Marks(cols=frozenset({j})),
         out.name: Marks(cells=frozenset({(i, j)}))},
    )


def _input_grad(step, out, i, j):
    dz, w = step.inputs
    D, W = _as2d(dz.value), _as2d(w.value)
    products, values, total = _dot(D[i, :], W[j, :])
    return CellExplanation(
        _target(out, i, j),
        f"row {i} of {dz.name} times column {j} of {w.name}ᵀ (row {j} of {w.name}), summed",
        (f"= Σₖ {dz.name}[{i}, k]·{w.name}[{j}, k]", f"= {products}", f"= {values}",
         f"= {num(total)}"),
        total,
        {dz.name: Marks(rows=frozenset({i})), w.name: Marks(rows=frozenset({j})),
         out.name: Marks(cells=frozenset({(i, j)}))},
    )


def _sgd(step, out, i, j):
    before, grad = step.inputs
    b, g = float(_as2d(before.value)[i, j]), float(_as2d(grad.value)[i, j])
    found = re.search(r"η = ([-+0-9.eE]+)", step.formula)
    lr = found.group(1) if found else "η"
    value = b - float(lr) * g if found else float(_as2d(out.value)[i, j])
    return CellExplanation(
        _target(out, i, j),
        f"one gradient-descent step on {out.name}[{i}, {j}]",
        (f"= {out.name}[{i}, {j}] − η·{grad.name}[{i}, {j}]   (η = {lr})",
         f"= {num(b)} − {lr}·{par(g)}", f"= {num(value)}"),
        value,
        {grad.name: Marks(cells=frozenset({(i, j)}))},
    )


_EXPLAINERS = {
    "matmul": _matmul,
    "bias_add": _bias_add,
    "activation": _activation,
    "loss": _loss,
    "loss_grad": _loss_grad,
    "activation_grad": _activation_grad,
    "bias_add_grad": _bias_grad,
    "matmul_grad_weight": _weight_grad,
    "matmul_grad_input": _input_grad,
    "sgd": _sgd,
}


# -- operands -----------------------------------------------------------------------------
def _feeds(step, operand, i, j) -> tuple[str, dict[str, Marks]]:
    """Which cells of the result this operand cell flows into."""
    kind = _kind(step.op)
    position = [o.name for o in step.inputs].index(operand.name)
    out = step.result
    if kind in ("matmul", "matmul_grad_input"):
        if position == 0:
            return f"row {i} of {out.name}", {out.name: Marks(rows=frozenset({i}))}
        if kind == "matmul":
            return f"column {j} of {out.name}", {out.name: Marks(cols=frozenset({j}))}
        return f"column {i} of {out.name}", {out.name: Marks(cols=frozenset({i}))}
    if kind == "matmul_grad_weight":
        if position == 0:
            return f"row {j} of {out.name}", {out.name: Marks(rows=frozenset({j}))}
        return f"column {j} of {out.name}", {out.name: Marks(cols=frozenset({j}))}
    if kind == "bias_add_grad":
        return f"{out.name}[0, {j}]", {out.name: Marks(cells=frozenset({(0, j)}))}
    if kind == "bias_add" and position == 1:
        return f"column {j} of {out.name}", {out.name: Marks(cols=frozenset({j}))}
    if kind == "loss":
        return "the loss L", {}
    if kind == "activation" and step.op == "softmax":
        return f"row {i} of {out.name}", {out.name: Marks(rows=frozenset({i}))}
    return cell_name(out.name, out.shape, i, j), {out.name: Marks(cells=frozenset({(i, j)}))}


def _explain_operand(step, operand, i, j, tape) -> CellExplanation:
    value = float(_as2d(operand.value)[i, j])
    target = _target(operand, i, j)
    lines = []
    if tape is not None:
        producer = next(
            (s for s in tape.steps[: step.index] if any(o.name == operand.name for o in s.outputs)),
            None,
        )
        if producer is None:
            lines.append(f"{operand.name} is given (data or an initial parameter), not computed.")
        else:
            lines.append(
                f"It was computed in step {producer.index + 1} ({producer.title}): "
                f"press g {producer.index + 1} to see how."
            )
    feeds, marks = ("", {})
    if any(o.name == operand.name for o in step.inputs):
        feeds, marks = _feeds(step, operand, i, j)
        lines.append(f"In this step it feeds {feeds}.")
    marks = {**marks, operand.name: Marks(cells=frozenset({(i, j)}))}
    return CellExplanation(target, f"= {num(value)}, read by this step", tuple(lines), value, marks)
