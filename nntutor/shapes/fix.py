"""The one Fix type and the one ranking, for the exercise checker and the debugger alike.

A fix is a claim: whoever makes one has inferred the shapes again with it (in the
checker: the whole expression; in the debugger: the line, and every recorded line after
the one it changes). The ranking weighs the same evidence everywhere: a higher score
first (the shape the result should have, a gradient with its parameter's shape, a likely
slip), then fewer separate edits, then the kind of edit (a missing transpose is the most
common slip), then the order found.
"""

from __future__ import annotations

from dataclasses import dataclass

PRIORITY = ["keepdims", "add_transpose", "remove_transpose", "swap_operands", "reshape",
            "elementwise", "matmul", "sum_batch"]


@dataclass(frozen=True)
class Fix:
    """A corrected expression (or line) and why it is likely what was meant."""

    expr: str  # the corrected expression (checker: the whole answer; debugger: the part)
    reason: str
    # the kind of edit: add_transpose, swap_operands, keepdims... (checker); where the
    # debugger found it: scope, definition, origin, checker, transpose, swap, keepdims, reshape
    kind: str = ""
    line: str = ""  # debugger: the whole corrected statement
    shape: tuple | None = None  # the shape the fixed expression has
    label: str = ""  # what a substitute is, in words: "the hidden layer's output"
    where: object = None  # debugger: the line to change when it is not the failing one

    @property
    def origin(self) -> str:
        return self.kind

    def sentence(self) -> str:
        """did you mean `np.dot(H, W2)`, the hidden layer's output? H is (100, 3) ..."""
        label = f", {self.label}" if self.label else ""
        return f"did you mean `{self.expr}`{label}? {self.reason}".rstrip()

    def to_dict(self) -> dict:
        """expr, reason, kind, and whichever of the others are set (for JSON)."""
        out = {"expr": self.expr, "reason": self.reason, "kind": self.kind}
        if self.line:
            out["line"] = self.line
        if self.shape is not None:
            out["shape"] = list(self.shape)
        if self.label:
            out["label"] = self.label
        return out


def priority(kind: str) -> int:
    first = kind.split("+")[0]
    return PRIORITY.index(first) if first in PRIORITY else len(PRIORITY)


def rank_key(score: float, edits: int = 0, kind: str = "", order: int = 0) -> tuple:
    """Sort by this, ascending: the best fix first."""
    return (-score, edits, priority(kind), order)


def ranked(candidates: list[tuple[Fix, float, int]], limit: int = 5) -> list[Fix]:
    """(fix, score, edits) -> the best `limit` fixes, best first."""
    keyed = [(rank_key(score, edits, fix.kind, i), fix)
             for i, (fix, score, edits) in enumerate(candidates)]
    return [fix for _, fix in sorted(keyed, key=lambda item: item[0])[:limit]]
