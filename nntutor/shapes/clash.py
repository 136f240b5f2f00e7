"""The one clash type: operands whose shapes cannot meet.

`why` says it with `{0}`, `{1}`... standing for the operands' text (the checker fills them
in); `pairs` is ((operand, axis), (operand, axis)) for two dims that disagree; `kind` is
"inner" (a product's shared dim), "broadcast", "reshape", "axis", "ndim" or "join"; `axes`
lists every dim taking part, with its size, for the debugger's words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClashAxis:
    """One dimension taking part in a clash: operand position, axis (from the left), size."""

    operand: int
    axis: int
    size: object


class Clash(Exception):
    def __init__(self, why: str, clash=None, *, kind: str = "", axes: tuple = (),
                 summary: str | None = None):
        super().__init__(why)
        self.why = why
        self.clash = clash  # the pair of (operand, axis) that disagree, when there is one
        self.kind = kind
        self.axes = tuple(axes)
        self.summary = summary if summary is not None else why

    @property
    def pairs(self):
        return self.clash


class Invalid(Exception):
    """An argument of the wrong kind or value (not a shape problem)."""
