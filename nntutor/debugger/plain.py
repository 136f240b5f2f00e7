"""`nntutor debug --plain`: the debugger's events printed as a readable trace.

    12 │ H = sigmoid(np.dot(X, W1) + b1)            H (100, 3) float64 new
    20 │ for step in range(STEPS):
    21 │     Z = H @ W2 + b2                         Z (100, 1) float64 changed
       … loop at line 20 repeated 1997 more times (first 3 shown); changed: W1, b1, W2, b2

Colour only when writing to a terminal (and NO_COLOR is not set); piped output is plain.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import TextIO

from nntutor.debugger.events import (
    Called, Event, ExceptionRaised, Finished, LineExecuted, LoopSummarised, Notice, Output,
    Returned, ShapeExplanation,
)
from nntutor.debugger.script import load
from nntutor.debugger.session import Session
from nntutor.shapes.concrete import fmt
from nntutor.debugger.tracer import Options

_WIDTH = 100  # a line with its arrays longer than this puts the arrays on the next line
_NOTES_AT = 56  # the column the arrays start at, when the code is shorter


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
    """Turns events into lines of text (the trace on `out`, Python's tracebacks on `err`)."""

    def __init__(self, out: TextIO, err: TextIO, *, colour: bool | None = None,
                 script_file: str = ""):
        self.out = out
        self.err = err
        self.style = _Style(use_colour(out) if colour is None else colour)
        self.script_file = script_file
        self._held: LineExecuted | None = None  # a `return` line waits for its Returned event
        self.closed = False  # the reader went away (`... | head`)
        self.on_closed = lambda: None  # what to do then (run_plain: stop the script)
        self.script_out: HeldOutput | None = None  # the script's stdout, held per trace line

    def __call__(self, event: Event) -> None:
        held, self._held = self._held, None
        if held is not None:
            if isinstance(event, Returned) and event.location == held.location:
                verb = "yields " if event.yielded else "returns "
                self._line(held, returned=verb + event.description)
                return
            self._line(held)
        if isinstance(event, LineExecuted):
            if event.location.source.startswith(("return", "yield")):
                self._held = event
            else:
                self._line(event)
        elif isinstance(event, Called):
            self._called(event)
        elif isinstance(event, Returned):
            self._returned(event)
        elif isinstance(event, LoopSummarised):
            self._loop(event)
        elif isinstance(event, Output) and not self.closed:
            (self.out if event.stream == "stdout" else self.err).write(event.text)
        elif isinstance(event, Notice):
            label = "warning" if event.kind == "warning" else "note"
            self._write(self.style(f"{label}: {event.text}", "33"))
        elif isinstance(event, ExceptionRaised):
            self._release()
            self._exception(event)
        elif isinstance(event, Finished):
            self._release()
            self._write(self.style(f"finished: exit status {event.exit_status}", "2"))
            self._flush()

    # ---- pieces -----------------------------------------------------------------------
    def _write(self, text: str) -> None:
        if self.closed:
            return
        try:
            self.out.write(text + "\n")
        except BrokenPipeError:
            self.closed = True
            self.on_closed()
        self._release()

    def _release(self) -> None:
        """The script's output so far, now that the trace line that made it is printed."""
        if self.script_out is not None and not self.closed:
            try:
                self.script_out.release()
            except BrokenPipeError:
                self.closed = True
                self.on_closed()

    def _gutter(self, lineno: int | None = None, file: str = "") -> str:
        where = "" if lineno is None else str(lineno)
        if file and self.script_file and file != self.script_file:
            where = f"{os.path.basename(file)}:{where}"
        return self.style(f"{where:>6} │ ", "2")

    @staticmethod
    def _indent(depth: int) -> str:
        return "    " * max(depth, 0)

    def _line(self, event: LineExecuted, returned: str | None = None) -> None:
        location = event.location
        code = self._indent(event.depth) + " " * location.indent + location.source
        notes = [(f"{a.name} {fmt(a.shape)} {a.dtype} {a.change}".rstrip(), self._array(a))
                 for a in event.arrays]
        if returned is not None:
            notes.append((returned, self.style(returned, "36")))
        text = self._gutter(location.lineno, location.file) + code
        if notes:
            plain_tail = ", ".join(raw for raw, _ in notes)
            tail = "→ " + ", ".join(styled for _, styled in notes)
            used = 9 + len(code)
            if used + 4 + len(plain_tail) <= _WIDTH:
                text += " " * max(3, _NOTES_AT - used) + tail
            else:  # too long for one line: the arrays go under it
                text += "\n" + self._gutter() + self._indent(event.depth) + " " * location.indent
                text += "  " + tail
        self._write(text)
        for op in event.operations:
            number = self.style(f"[{op.index}]", "2")
            self._write(f"{self._gutter()}{self._indent(event.depth)}    {number} {op.text}"
                        f"   {op.describe()}")

    def _array(self, info) -> str:
        mark = self.style(info.change, "33" if info.change == "changed" else "32")
        return f"{self.style(info.name, '1')} {fmt(info.shape)} {info.dtype} {mark}".rstrip()

    def _called(self, event: Called) -> None:
        location = event.location
        if location.function == "<module>":  # one of the learner's own modules, imported
            head = f"↳ import {os.path.basename(location.file)}"
        else:
            shapes = {a.name: fmt(a.shape) for a in event.arguments}
            names = event.parameters or tuple(shapes)
            args = ", ".join(f"{n} {shapes[n]}" if n in shapes else n for n in names)
            head = f"↳ call {location.function}({args})"
        self._write(self._gutter() + self._indent(event.depth - 1) + self.style(head, "36"))

    def _returned(self, event: Returned) -> None:
        if event.location.function == "<module>":
            return
        verb = "yielded" if event.yielded else "returned"
        text = f"⇐ {event.location.function} {verb} {event.description}"
        self._write(self._gutter() + self._indent(event.depth) + self.style(text, "2"))

    def _loop(self, event: LoopSummarised) -> None:
        names = [a.name for a in event.changed]
        changed = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        text = (f"… loop at line {event.location.lineno} repeated {event.more} more times "
                f"(first {event.shown} shown)")
        if changed:
            text += f"; changed: {changed}"
        self._write(self._gutter() + self._indent(event.depth) + self.style(text, "35"))

    def _flush(self) -> None:
        if not self.closed:
            try:
                self.out.flush()
            except BrokenPipeError:
                self.closed = True

    def _exception(self, event: ExceptionRaised) -> None:
        self._flush()
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
        lines.append("  no fix found automatically: compare the shapes above with what each "
                     "axis means.")
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
    shown = "all iterations"
    if show_iterations is not None:
        shown = f"first {show_iterations} iterations of each loop"
    printer._write(printer.style(f"nntutor debug: {script.shown} (plain trace; {shown})", "2"))
    session = Session(script, args, printer,
                      Options(show_iterations=show_iterations, operations=operations))
    printer.on_closed = session.tracer.set_quit  # nobody reads the trace: stop the script
    saved = sys.stdout
    held = printer.script_out = sys.stdout = HeldOutput(saved)
    try:
        status = session.run()
    finally:
        if sys.stdout is held:
            sys.stdout = saved
        printer.script_out = None
        with contextlib.suppress(BrokenPipeError):
            held.release()
    if printer.closed:
        _silence(out)
        return 141  # as if ended by SIGPIPE, the way `cmd | head` ends other tools
    return status


class HeldOutput(io.TextIOBase):
    """The script's stdout in plain mode: what a line prints is held until the trace line of
    that line is printed, so the output comes after the line that made it. A prompt (text
    not ending a line, flushed, as `input()` does) is let through at once."""

    def __init__(self, target: TextIO):
        self.target = target
        self.parts: list[str] = []
        self.pid = os.getpid()

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        if self.parts and (not self.parts[-1].endswith("\n") or os.getpid() != self.pid):
            self.release()  # a prompt, or a forked child about to exit
        self.target.flush()

    def release(self) -> None:
        if self.parts:
            text, self.parts = "".join(self.parts), []
            self.target.write(text)

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        """The target stays open (it is the process's stdout); nothing to flush when collected."""

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    @property
    def encoding(self):  # type: ignore[override]
        return getattr(self.target, "encoding", "utf-8")

    @property
    def buffer(self):
        self.release()
        return self.target.buffer


def _silence(stream: TextIO) -> None:
    """Point a closed pipe at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass
