"""OperationsPanel: the current line split into its operations, in the order Python runs them.

    line 27 · next to run (shapes inferred from the operands)
      Y_hat = sigmoid(np.dot(X, W2) + b2)
       1 np.dot(X, W2)   np.dot((100, 2), (3, 1)) → error: inner dimensions 2 and 3 differ
    line 26 · just ran: H (100, 3) new
       1 np.dot(X, W1)   np.dot((100, 2), (2, 3)) → (100, 3)
      ...

The operations come from the events (`Paused.operations` for the line about to run,
`LineExecuted.operations` for the one that just ran, with the shapes it really computed): the
panel never evaluates anything.
"""

from __future__ import annotations

from textual.content import Content

from nntutor.debugger.events import LineExecuted, Paused
from nntutor.shapes.walker import Operation
from nntutor.shapes.concrete import fmt
from nntutor.tui.widgets.debug_text import Line, TextPanel

TEXT_COLUMN = 30  # an operation's text longer than this puts its shapes on the next line
HOW = {"history": "recorded step", "exception": "raised here",
       "finished": "the last recorded step"}


def shapes_text(op: Operation) -> str:
    """`np.dot((100, 2), (2, 3)) → (100, 3)`: describe() with an arrow for the eye."""
    return op.describe().replace(" -> ", " → ")


def operation_lines(operations) -> list[Line]:
    if not operations:
        return [(Content.styled("  no operations on arrays in this line", "$text-muted"), 4)]
    width = min(max(len(op.text) for op in operations), TEXT_COLUMN)
    lines: list[Line] = []
    for op in operations:
        number = (f"  {op.index:>2} ", "$text-muted")
        style = "$text-error" if op.error else ("$text-muted" if op.known == "unknown" else "")
        shapes = (shapes_text(op), style)
        if len(op.text) <= TEXT_COLUMN:
            lines.append((Content.assemble(number, (op.text.ljust(width), "bold"), "  ", shapes),
                          width + 7))
        else:
            lines.append((Content.assemble(number, (op.text, "bold")), 5))
            lines.append((Content.assemble("       ", shapes), 7))
    return lines


def panel_lines(paused: Paused | None, executed: LineExecuted | None) -> list[Line]:
    if paused is None:
        return [(Content.styled("Starting the script…", "$text-muted"), 0)]
    where = paused.location
    how = HOW.get(paused.reason, "next to run")
    if paused.live:
        how += " (shapes inferred from the operands)"
    lines: list[Line] = [
        (Content.assemble((f"line {where.lineno}", "bold $text-accent"), f" · {how}"), 2),
        (Content.styled(f"  {where.source}", "$text"), 4),
    ]
    lines += operation_lines(paused.operations)
    if executed is not None and paused.live:
        made = ", ".join(f"{a.name} {fmt(a.shape)} {a.change}".rstrip() for a in executed.arrays)
        head = f" · just ran, made: {made}" if made else " · just ran"
        lines += [(Content(""), 0),
                  (Content.assemble((f"line {executed.location.lineno}", "bold $text-accent"),
                                    head), 2),
                  (Content.styled(f"  {executed.location.source}", "$text"), 4)]
        lines += operation_lines(executed.operations)
    return lines


class OperationsPanel(TextPanel):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(panel_lines(None, None), id=id)

    def show(self, paused: Paused | None, executed: LineExecuted | None) -> None:
        self.set_lines(panel_lines(paused, executed))
