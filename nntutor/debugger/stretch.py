"""A broadcast that silently makes a matrix out of two vectors: the shape bug with no error.

`y_hat - y` with y_hat (100, 1) and y (100,) runs, and gives (100, 100): every prediction
minus every target. The loss then averages 10,000 numbers instead of 100 and training goes
wrong without a word. A line doing that gets a warning.
"""

from __future__ import annotations

from nntutor.shapes.walker import Operation
from nntutor.shapes.concrete import fmt, size_of


def stretched(operations: tuple[Operation, ...]) -> list[str]:
    """Warnings for element-wise operations whose result is bigger than both operands,
    between operands of different dimensions (a column against a vector)."""
    found = []
    for op in operations:
        if op.kind not in ("broadcast", "compare", "inplace") or len(op.operands) != 2:
            continue
        a, b = op.operands
        if not a.shape or not b.shape or op.shape is None or len(a.shape) == len(b.shape):
            continue
        if size_of(op.shape) <= max(size_of(a.shape), size_of(b.shape)):
            continue
        shorter = a if len(a.shape) < len(b.shape) else b
        fix = f"{_atom(shorter.text)}.reshape(-1, 1)" if len(shorter.shape) == 1 else ""
        hint = f"; if they hold the same samples, give them one shape (e.g. {fix})" if fix else ""
        found.append(
            f"{op.text} stretches {a.text} {fmt(a.shape)} and {b.text} {fmt(b.shape)} "
            f"into {fmt(op.shape)}{hint}"
        )
    return found


def _atom(text: str) -> str:
    return text if text.replace("_", "").replace(".", "").isalnum() else f"({text})"
