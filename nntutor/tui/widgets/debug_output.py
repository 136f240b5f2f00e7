"""OutputLog: what the script printed, stdout plain and stderr in the error colour; and
StdinInput, the line the learner types for the script's input().

Text arrives in pieces (`print("a", x)` writes "a", " ", "[1 2]", "\\n"), so the last line stays
open until a newline ends it, as in a terminal. Only the lines on screen are drawn; the log
keeps the newest MAX_LINES lines (each cut at MAX_LINE_CHARS) and follows the end while it is
scrolled to the end. Once lines were dropped, `note` (the count, and where the whole output
is) is its first line.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input

from nntutor.tui.widgets.debug_text import SCROLL_BINDINGS

MAX_LINES = 5000
MAX_LINE_CHARS = 2000
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")


def _shown(piece: str) -> str:
    """A line as the panel keeps it: the last state of a line redrawn with \r, cut short."""
    if "\r" in piece:
        piece = piece.rsplit("\r", 1)[-1]
    return piece[:MAX_LINE_CHARS]


class OutputLog(ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS = SCROLL_BINDINGS  # no left/right: they step through history

    DEFAULT_CSS = """
    OutputLog { height: 1fr; background: $surface; scrollbar-size-vertical: 1; padding: 0 1; }
    OutputLog > .output--stderr { color: $text-error; }
    OutputLog > .output--input { color: $text-accent; text-style: italic; }
    OutputLog > .output--empty { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"output--stderr", "output--input", "output--empty"}

    def __init__(self, *, id: str | None = None, empty: str = "") -> None:
        super().__init__(id=id)
        self.lines: list[tuple[str, str]] = []  # (text, "stdout" | "stderr" | "input")
        self.open = False  # the last line has not been ended by a newline yet
        self.empty = empty
        self.dropped = 0  # lines no longer kept here (or that never reached the panel)
        self.full_output: str | None = None  # the file holding everything, once lines drop

    @property
    def note(self) -> str:
        if not self.dropped:
            return ""
        where = f"; all output is in {self.full_output}" if self.full_output else ""
        return f"… {self.dropped:,} earlier lines not shown here{where}"

    def skipped(self, lines: int, full_output: str | None) -> None:
        """`lines` lines of output were dropped before they reached this panel."""
        if lines:
            self.dropped += lines
            self.full_output = full_output
            self.virtual_size = Size(self.virtual_size.width, len(self.lines) + 1)
            self.refresh()

    def write(self, text: str, stream: str = "stdout") -> None:
        """Append `text` (any number of lines, maybe a partial one) from `stream`."""
        if not text:
            return
        follow = self.scroll_y >= self.max_scroll_y
        # cleaned as a whole (expandtabs restarts its columns at each newline)
        pieces = _ANSI.sub("", text.replace("\r\n", "\n")).expandtabs(8).split("\n")
        lines, start = self.lines, 0
        if len(pieces) > MAX_LINES + 1:  # only the newest can stay: skip the rest's work
            # (when the last line is open, the first piece ends it: not a line of its own)
            self.dropped += len(pieces) - MAX_LINES - 1 - (1 if self.open else 0)
            pieces = pieces[-MAX_LINES - 1:]
            self.open = False
        last = lines[-1][1] if lines else None
        if self.open and last is not None and stream in (last, "input"):
            # the open line goes on (typed input goes on the prompt's line, as a terminal
            # echoes it); a line drawn over itself with \r keeps its last state
            piece = pieces[0]
            joined = _shown(piece) if "\r" in piece else (lines[-1][0] + piece)[:MAX_LINE_CHARS]
            lines[-1] = (joined, last)
            start = 1
        before = len(lines)
        lines.extend([(_shown(piece), stream) for piece in pieces[start:-1]])
        if len(pieces) > start and pieces[-1]:
            lines.append((_shown(pieces[-1]), stream))
        widest = max(self.virtual_size.width,
                     max((len(line) for line, _ in lines[max(0, before - 1):]), default=0))
        self.open = not text.endswith("\n")
        if len(self.lines) > MAX_LINES:
            cut = len(self.lines) - MAX_LINES
            del self.lines[:cut]
            self.dropped += cut
        if self.dropped:
            widest = max(widest, len(self.note))
        self.virtual_size = Size(widest, len(self.lines) + (1 if self.dropped else 0))
        if follow:
            self.scroll_end(animate=False, immediate=False, x_axis=False)
        self.refresh()

    @property
    def text(self) -> str:
        return "\n".join(line for line, _ in self.lines)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self.rich_style
        index = int(self.scroll_y) + y
        if self.dropped:  # the note is line 0
            if index == 0:
                style = base + self.get_component_rich_style("output--empty")
                x = int(self.scroll_x)
                return Strip([Segment(self.note, style)]).crop_extend(x, x + width, base)
            index -= 1
        if not self.lines:
            if y == 0 and self.empty:
                style = base + self.get_component_rich_style("output--empty")
                return Strip([Segment(self.empty, style)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line, stream = self.lines[index]
        style = base
        if stream != "stdout":
            style = base + self.get_component_rich_style(f"output--{stream}")
        x = int(self.scroll_x)
        return Strip([Segment(line, style)]).crop_extend(x, x + width, base)


class StdinInput(Input):
    """The script's standard input: enter sends the line, ctrl+d ends the input."""

    BINDINGS = [
        Binding("ctrl+d", "end_input", "End input", tooltip="end of file on the script's stdin"),
        Binding("escape", "screen.to_source", "Leave", tooltip="back to the source"),
    ]

    class Ended(Message):
        """ctrl+d: end of file on the script's stdin."""

    def action_end_input(self) -> None:
        self.post_message(self.Ended())
