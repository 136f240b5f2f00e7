"""ErrorPanel: the exception that ended the script, and for a shape error why and the fix.

    Shape error at bug_skipped_hidden_layer.py:27
      Y_hat = sigmoid(np.dot(X, W2) + b2)
                      ^^^^^^^^^^^^^
    failing operation: np.dot(X, W2)  (matrix product (np.dot))
      X   (100, 2)
      W2  (3, 1)
    inner dimensions 2 and 3 differ
    np.dot(X, W2) pairs each row of X (2 numbers) with each column of W2 ...
    suggested fixes, most likely first:
      1. did you mean `np.dot(H, W2)`, the hidden layer's output? H is (100, 3) ...
         the line becomes: Y_hat = sigmoid(np.dot(H, W2) + b2)

The same parts, in the same order, as the plain trace (`nntutor debug --plain`) prints from
the same `ShapeExplanation`. Any other exception shows Python's own traceback.
"""

from __future__ import annotations

import linecache
import os

from textual.content import Content

from nntutor.debugger.events import ExceptionRaised, ShapeExplanation
from nntutor.tui.widgets.debug_source import byte_to_char
from nntutor.tui.widgets.debug_text import Line, TextPanel

NO_ERROR = ("No exception so far. When a NumPy operation refuses its operands' shapes, the "
            "script stops on it and this panel explains the clash and suggests a fix.")


def caret(ex: ShapeExplanation) -> str | None:
    """`^^^^` under the failing part of the line (the line shown without its indentation)."""
    span = ex.span
    if span is None or span[0] != span[2] or span[0] != ex.location.lineno:
        return None
    line = linecache.getline(ex.location.file, span[0]).rstrip("\n")
    start, end = byte_to_char(line, span[1]), byte_to_char(line, span[3])
    indent = len(line) - len(line.lstrip())
    if start < indent or end <= start:
        return None
    return " " * (start - indent) + "^" * (end - start)


def explanation_lines(ex: ShapeExplanation) -> list[Line]:
    loc = ex.location
    where = f"{os.path.basename(loc.file)}:{loc.lineno}"
    if loc.function != "<module>":
        where += f" in {loc.function}()"
    lines: list[Line] = [(Content.styled(f"Shape error at {where}", "bold $text-error"), 0),
                         (Content.styled(f"  {loc.source}", "$text"), 4)]
    mark = caret(ex)
    if mark is not None:
        lines.append((Content.styled(f"  {mark}", "bold $text-error"), 2))
    lines.append((Content.assemble("failing operation: ", (ex.failing, "bold"),
                                   (f"  ({ex.operation})", "$text-muted")), 2))
    width = max((len(o.text) for o in ex.operands), default=0)
    for operand in ex.operands:
        lines.append((Content.assemble("  ", (operand.text.ljust(width), "bold"), "  ",
                                       operand.shape_text()), 4))
    lines.append((Content.styled(ex.clash, "bold $text-error"), 2))
    lines.append((Content(ex.why), 2))
    lines += [(Content(hint), 2) for hint in ex.hints]
    if ex.fixes:
        lines.append((Content.styled("suggested fixes, most likely first:", "bold"), 0))
        for number, fix in enumerate(ex.fixes, 1):
            lines.append((Content.assemble(f"  {number}. ", (fix.sentence(), "$text-success")),
                          5))
            where_fix = f" (line {fix.where.lineno})" if fix.where is not None else ""
            lines.append((Content.assemble(f"     the line becomes{where_fix}: ",
                                           (fix.line, "bold")), 7))
    else:
        lines.append((Content("no fix found automatically: compare the shapes above with what "
                              "each axis means."), 2))
    for caller in ex.called_from:
        lines.append((Content(f"called from line {caller.lineno}: {caller.source}"), 4))
    lines.append((Content.styled(f"NumPy said: {ex.error}", "$text-muted"), 2))
    return lines


def error_lines(event: ExceptionRaised | None) -> list[Line]:
    if event is None:
        return [(Content.styled(NO_ERROR, "$text-muted"), 0)]
    if event.explanation is not None:
        return explanation_lines(event.explanation)
    where = f" at {event.location.short}" if event.location is not None else ""
    head = Content.styled(f"{event.exc_type}{where}: {event.message}", "bold $text-error")
    return [(head, 2), (Content(""), 0),
            *((Content(line), 4) for line in event.traceback.rstrip().splitlines())]


class ErrorPanel(TextPanel):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(error_lines(None), id=id)

    def show(self, event: ExceptionRaised | None) -> None:
        self.set_lines(error_lines(event))
