"""`nntutor debug --plain`: the debugger's events printed as a readable trace.

    12 │ H = sigmoid(np.dot(X, W1) + b1)            H (100, 3) float64 new
    20 │ for step in range(STEPS):
    21 │     Z = H @ W2 + b2                         Z (100, 1) float64 changed
       … loop at line 20 repeated 1997 more times (first 3 shown); changed: W1, b1, W2, b2

Colour only when writing to a terminal (and NO_COLOR is not set); piped output is plain.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from nntutor.debugger.events import (
    Called, Event, ExceptionRaised, Finished, LineExecuted, LoopSummarised, Notice, Output,
    Returned, ShapeExplanation,
)
from nntutor.debugger.script import load
from nntutor.debugger.session import Session
from nntutor.debugger.shape_rules import fmt
from nntutor.debugger.tracer import Options

_WIDTH = 100


class _Style:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled and text else text


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class PlainPrinter:
    """Turns events into lines of text (trace on `out`, tracebacks on `err`)."""

    def __init__(self, out: TextIO, err: TextIO, *, colour: bool | None = None, script_file: str = ""):
        self.out = out
        self.err = err
        self.style = _Style(use_colour(out) if colour is None else colour)
        self.script_file = script_file
        self._held: LineExecuted | None = None  # a `return` line waits for its Returned event

    def __call__(self, event: Event) -> None:
        held, self._held = self._held, None
        if held is not None:
            if isinstance(event, Returned) and event.location == held.location:
                self._line(held, returned=("yields " if event.yielded else "returns ") + event.description)
                return
            self._line(held)
        if isinstance(event, LineExecuted):
            if event.location.source.startswith(("return", "yield")):
                self._held = event
                return
            self._line(event)
        elif isinstance(event, Called):
            self._called(event)
        elif isinstance(event, Returned):
            if event.location.function == "<module>":
                return
            verb = " yielded " if event.yielded else " returned "
            self._write(f"{self._gutter(None)}{self._indent(event.depth)}"
                        f"{self.style('⇐ ' + event.location.function + verb + event.description, '2')}")
        elif isinstance(event, LoopSummarised):
            self._loop(event)
        elif isinstance(event, Output):
            stream = self.out if event.stream == "stdout" else self.err
            stream.write(event.text)
        elif isinstance(event, Notice):
            self._write(self.style(f"note: {event.text}", "33"))
        elif isinstance(event, ExceptionRaised):
            self._exception(event)
        elif isinstance(event, Finished):
            self._write(self.style(f"finished: exit status {event.exit_status}", "2"))
            self.out.flush()

    # ---- pieces -----------------------------------------------------------------------
    def _write(self, text: str) -> None:
        self.out.write(text + "\n")

    def _gutter(self, lineno: int | None, file: str = "") -> str:
        where = "" if lineno is None else str(lineno)
        if file and self.script_file and file != self.script_file:
            where = f"{os.path.basename(file)}:{where}"
        return self.style(f"{where:>6} │ ", "2")

    @staticmethod
    def _indent(depth: int) -> str:
        return "    " * depth

    def _line(self, event: LineExecuted, returned: str | None = None) -> None:
        source = " " * event.location.indent + event.location.source
        text = self._gutter(event.location.lineno, event.location.file) + self._indent(event.depth) + source
        plain_len = 9 + 4 * event.depth + len(source)
        notes = [self._array(a) for a in event.arrays]
        if returned is not None:
            notes.append(self.style(returned, "36"))
        tail = ", ".join(notes)
        if tail:
            tail_len = len(", ".join(f"{a.describe()} {a.change}" for a in event.arrays)) + (
                len(returned) + 10 if returned else 0)
            if plain_len + 4 + tail_len <= _WIDTH:
                text += " " * max(2, 56 - plain_len) + "→ " + tail if plain_len < 56 else "   → " + tail
            else:
                text += ("\n" + self._gutter(None) + self._indent(event.depth)
                         + " " * event.location.indent + "  → " + tail)
        self._write(text)
        for op in event.operations:
            self._write(f"{self._gutter(None)}{self._indent(event.depth)}    "
                        f"{self.style(f'[{op.index}]', '2')} {op.text}   {op.describe()}")

    def _array(self, info) -> str:
        mark = self.style(info.change, "33" if info.change == "changed" else "32")
        return f"{self.style(info.name, '1')} {fmt(info.shape)} {info.dtype} {mark}".rstrip()

    def _called(self, event: Called) -> None:
        shapes = {a.name: fmt(a.shape) for a in event.arguments}
        names = event.parameters or tuple(shapes)
        args = ", ".join(f"{n} {shapes[n]}" if n in shapes else n for n in names)
        head = f"{event.location.function}({args})"
        if event.location.function == "<module>":  # the learner's own module, being imported
            head = f"import {os.path.basename(event.location.file)}"
        self._write(f"{self._gutter(None)}{self._indent(event.depth - 1 if event.depth else 0)}"
                    f"{self.style(('↳ ' if head.startswith('import ') else '↳ call ') + head, '36')}")

    def _loop(self, event: LoopSummarised) -> None:
        names = [a.name for a in event.changed]
        changed = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        text = (f"… loop at line {event.location.lineno} repeated {event.more} more times "
                f"(first {event.shown} shown)")
        if changed:
            text += f"; changed: {changed}"
        self._write(f"{self._gutter(None)}{self._indent(event.depth)}{self.style(text, '35')}")

    def _exception(self, event: ExceptionRaised) -> None:
        self.out.flush()
        if event.explanation is not None:
            for line in render_explanation(event.explanation, self.style):
                self._write(line)
            return
        self.err.write(event.traceback)
        self.err.flush()


def render_explanation(ex: ShapeExplanation, style=None) -> list[str]:
    """The shape error as lines of text: place, failing sub-expression, operands, clash, fixes."""
    style = style or _Style(False)
    loc = ex.location
    where = f"{os.path.basename(loc.file)}:{loc.lineno}"
    if loc.function != "<module>":
        where += f" in {loc.function}()"
    lines = [style(f"shape error at {where}", "1;31"), f"    {loc.source}"]
    caret = _caret(ex)
    if caret:
        lines.append("    " + style(caret, "31"))
    lines.append(f"  failing operation: {style(ex.failing, '1')}   ({ex.operation})")
    width = max((len(o.text) for o in ex.operands), default=0)
    for operand in ex.operands:
        lines.append(f"    {operand.text.ljust(width)}  {operand.shape_text()}")
    lines.append(f"  {style(ex.clash, '31')}")
    lines.append(f"  {ex.why}")
    for hint in ex.hints:
        lines.append(f"  {hint}")
    if ex.fixes:
        lines.append("  suggested fixes, most likely first:")
        for number, fix in enumerate(ex.fixes, 1):
            lines.append(f"    {number}. {style(fix.sentence(), '32')}")
            where_fix = f" (line {fix.where.lineno})" if fix.where is not None else ""
            lines.append(f"       the line becomes{where_fix}: {fix.line}")
    else:
        lines.append("  no fix found automatically: compare the shapes above with what each axis means.")
    for caller in ex.called_from:
        lines.append(f"  called from line {caller.lineno}: {caller.source}")
    lines.append(style(f"  NumPy said: {ex.error}", "2"))
    return lines


def _caret(ex: ShapeExplanation) -> str:
    span = ex.span
    if span is None or span[0] != span[2] or span[0] != ex.location.lineno:
        return ""
    import linecache

    line = linecache.getline(ex.location.file, span[0]).rstrip("\n")
    data = line.encode()
    start = len(data[: span[1]].decode(errors="replace"))
    end = len(data[: span[3]].decode(errors="replace"))
    indent = len(line) - len(line.lstrip())
    if start < indent or end <= start:
        return ""
    return " " * (start - indent) + "^" * (end - start)


def run_plain(
    path: str,
    args: list[str],
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    operations: bool = False,
    show_iterations: int | None = 3,
    colour: bool | None = None,
) -> int:
    """Run the script with the plain trace; returns the script's exit status.

    Raises ScriptError (one line) if the script cannot be run at all.
    """
    script = load(path)
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    printer = PlainPrinter(out, err, colour=colour, script_file=script.path)
    shown = "all iterations" if show_iterations is None else f"first {show_iterations} iterations of each loop"
    printer._write(printer.style(f"nntutor debug: {script.shown} (plain trace; {shown})", "2"))
    session = Session(script, args, printer,
                      Options(show_iterations=show_iterations, operations=operations))
    return session.run()
