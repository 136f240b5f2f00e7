"""OutputLog: what the script printed, stdout plain and stderr in the error colour; and
StdinInput, the line the learner types for the script's input().

Text arrives in pieces (`print("a", x)` writes "a", " ", "[1 2]", "\\n"), so the last line stays
open until a newline ends it, as in a terminal. Only the lines on screen are drawn; the log
keeps the newest MAX_LINES lines and follows the end while it is scrolled to the end.
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
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")


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
        self.dropped = 0

    def write(self, text: str, stream: str = "stdout") -> None:
        """Append `text` (any number of lines, maybe a partial one) from `stream`."""
        if not text:
            return
        follow = self.scroll_y >= self.max_scroll_y
        widest = self.virtual_size.width
        pieces = text.replace("\r\n", "\n").split("\n")
        for i, piece in enumerate(pieces):
            piece = _ANSI.sub("", piece).expandtabs(8)
            restart = "\r" in piece  # a progress line drawn over itself: keep its last state
            piece = piece.rsplit("\r", 1)[-1]
            last = self.lines[-1][1] if self.lines else None
            if i == 0 and self.open and last is not None and stream in (last, "input"):
                # (typed input goes on the prompt's line, as a terminal echoes it)
                self.lines[-1] = (piece if restart else self.lines[-1][0] + piece, last)
            elif i < len(pieces) - 1 or piece:
                self.lines.append((piece, stream))
            widest = max(widest, len(self.lines[-1][0]) if self.lines else 0)
        self.open = not text.endswith("\n")
        if len(self.lines) > MAX_LINES:
            cut = len(self.lines) - MAX_LINES
            del self.lines[:cut]
            self.dropped += cut
        self.virtual_size = Size(widest, len(self.lines))
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
