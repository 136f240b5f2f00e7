"""SourceView: the learner's script with line numbers, breakpoints and the current line.

    ●  26   H = sigmoid(np.dot(X, W1) + b1)
       27 ▶ Y_hat = sigmoid(np.dot(X, W2) + b2)      <- the line about to run
       28   loss = np.mean((Y_hat - Y) ** 2)

The gutter holds a breakpoint dot, the line number and the marker of the current line (▶ live,
◆ a recorded step shown again, ✗ the line that raised, ■ the last step after the script ended).
A click on the gutter posts `SourceView.GutterClicked`; a click on the code moves the cursor
line (where `b` puts a breakpoint). Only the lines on screen are drawn (Textual's line API);
long lines are cut with "…" rather than scrolled sideways, the operations panel shows them whole.
Colours come from the theme (component classes), so dark and light both read.
"""

from __future__ import annotations

import io
import keyword
import tokenize

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

MARKERS = {"live": "▶", "history": "◆", "exception": "✗", "finished": "■"}
_TOKEN_KINDS = {tokenize.STRING: "string", tokenize.COMMENT: "comment", tokenize.NUMBER: "number"}
# Python 3.12+ (PEP 701) splits an f-string into FSTRING_START, its parts and FSTRING_END
# where 3.11 gives one STRING token: both are drawn as one string, so every version agrees.
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)


def token_spans(text: str) -> dict[int, list[tuple[int, int, str]]]:
    """{line: [(start col, end col, kind)]} for keywords, strings, comments and numbers.

    A file that does not tokenize (the learner's syntax error) is simply left plain.
    """
    spans: dict[int, list[tuple[int, int, str]]] = {}
    fstrings: list[tuple[int, int]] = []  # where each open f-string started
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == _FSTRING_START:
                fstrings.append(tok.start)
                continue
            if fstrings:
                if tok.type == _FSTRING_END:
                    start = fstrings.pop()
                    if not fstrings:
                        _add_span(spans, start, tok.end, "string")
                continue
            kind = _TOKEN_KINDS.get(tok.type)
            if kind is None and tok.type == tokenize.NAME and keyword.iskeyword(tok.string):
                kind = "keyword"
            if kind is None:
                continue
            _add_span(spans, tok.start, tok.end, kind)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return spans


def _add_span(spans: dict, begin: tuple[int, int], end: tuple[int, int], kind: str) -> None:
    (row0, col0), (row1, col1) = begin, end
    for row in range(row0, row1 + 1):  # a triple-quoted string spans lines
        start = col0 if row == row0 else 0
        stop = col1 if row == row1 else 10_000
        spans.setdefault(row, []).append((start, stop, kind))


def byte_to_char(line: str, col: int) -> int:
    """An ast column (UTF-8 bytes) as a character index of `line`."""
    return len(line.encode()[:col].decode(errors="replace"))


class SourceView(ScrollView, can_focus=True, inherit_bindings=False):
    DEFAULT_CSS = """
    SourceView { background: $surface; overflow-x: hidden; scrollbar-size-vertical: 1; }
    SourceView > .source--gutter { color: $text-muted; }
    SourceView > .source--breakpoint { color: $error; text-style: bold; }
    SourceView > .source--current { background: $accent 35%; }
    SourceView > .source--marker { color: $accent; text-style: bold; }
    SourceView > .source--history { background: $secondary 35%; }
    SourceView > .source--exception { background: $error 30%; }
    SourceView > .source--finished { background: $panel-lighten-2; }
    SourceView > .source--cursor { background: $boost; }
    SourceView > .source--span { color: $error; text-style: bold underline; }
    SourceView > .source--keyword { color: $text-accent; text-style: bold; }
    SourceView > .source--string { color: $text-success; }
    SourceView > .source--comment { color: $text-muted; text-style: italic; }
    SourceView > .source--number { color: $text-warning; }
    """
    COMPONENT_CLASSES = {
        "source--gutter", "source--breakpoint", "source--current", "source--marker",
        "source--history", "source--exception", "source--finished", "source--cursor",
        "source--span", "source--keyword", "source--string", "source--comment",
        "source--number",
    }
    BINDINGS = [
        Binding("up", "cursor(-1)", "Line up", show=False),
        Binding("down", "cursor(1)", "Line down", show=False),
        Binding("pageup", "cursor(-10)", "Page up", show=False),
        Binding("pagedown", "cursor(10)", "Page down", show=False),
        Binding("home", "cursor_to('first')", "First line", show=False),
        Binding("end", "cursor_to('last')", "Last line", show=False),
    ]

    cursor_line: reactive[int] = reactive(1)

    class GutterClicked(Message):
        """The gutter of `line` was clicked: toggle a breakpoint there."""

        def __init__(self, view: SourceView, line: int) -> None:
            super().__init__()
            self.view, self.line = view, line

        @property
        def control(self) -> SourceView:
            return self.view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.path = ""
        self.lines: list[str] = []
        self.spans: dict[int, list[tuple[int, int, str]]] = {}
        self.current: int | None = None
        self.kind = "live"
        self.breakpoints: frozenset[int] = frozenset()
        self.error_span: tuple[int, int, int, int] | None = None
        self._centred_for = Size(0, 0)  # the size the current line was last centred for
        self._following = True  # keep the current line in view until the learner scrolls

    # -- what is shown ------------------------------------------------------------------
    def show_file(self, path: str, text: str) -> None:
        if path == self.path:
            return
        self.path = path
        self.lines = [line.replace("\t", " ") for line in text.splitlines()] or [""]
        self.spans = token_spans(text)
        self.error_span = None
        self.cursor_line = 1
        self.virtual_size = Size(self.size.width, len(self.lines))
        self.refresh()

    def set_current(self, line: int | None, kind: str = "live") -> None:
        """Mark `line` as the current one (and bring it into view with the cursor on it)."""
        self.current, self.kind = line, kind
        self._following = True
        if line is not None:
            self.cursor_line = line
            self.center(line)
        self.refresh()

    def set_breakpoints(self, lines) -> None:
        self.breakpoints = frozenset(lines)
        self.refresh()

    def set_error_span(self, span: tuple[int, int, int, int] | None) -> None:
        self.error_span = span
        self.refresh()

    @property
    def gutter_width(self) -> int:
        """Breakpoint dot, number, marker, one blank."""
        return len(str(len(self.lines))) + 4

    def center(self, line: int) -> None:
        """Scroll so `line` has a few lines of context above it (when it is out of view)."""
        height = self.scrollable_content_region.height or self.size.height
        top = int(self.scroll_y)
        context = max(1, min(3, height // 4))
        self._centred_for = self.size
        if height and top + context <= line - 1 < top + height - context:
            return
        top = max(0, line - 1 - max(context, height // 3))
        self.scroll_to(y=top, animate=False, immediate=True)

    def line_at(self, y: int) -> int | None:
        line = int(self.scroll_y) + y + 1
        return line if 1 <= line <= len(self.lines) else None

    # -- drawing ------------------------------------------------------------------------
    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.lines))

    def render_lines(self, crop):
        # A new height (the panels grew for an error) must keep the current line in view.
        # Textual does not always send Resize when a layout change follows a scroll, so the
        # size is checked where it cannot be missed: when the lines are drawn.
        # Keyed on the size the line was centred for (not the size last drawn): a centring
        # that ran on a stale size is redone once the real size arrives; a learner who
        # scrolled away on purpose is left alone until the size changes again.
        if self.current is not None and (self.size != self._centred_for or (
                self._following and not self._in_view(self.current))):
            self.call_later(self._keep_current)
        return super().render_lines(crop)

    def _in_view(self, line: int) -> bool:
        top, height = int(self.scroll_y), self.size.height
        return not height or top <= line - 1 < top + height

    def on_mouse_scroll_down(self, event) -> None:
        self._following = False  # the learner looks elsewhere: stop pulling the view back

    def on_mouse_scroll_up(self, event) -> None:
        self._following = False

    def _keep_current(self) -> None:
        if self.current is not None:
            self.center(self.current)

    def watch_cursor_line(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self.rich_style
        line = self.line_at(y)
        if line is None:
            return Strip.blank(width, base)
        text = self._line_text(line, base)
        row = self._row_style(line)
        segments = list(text.render(self.app.console))
        strip = Strip(segments).crop_extend(0, width, base)
        if text.cell_len > width:  # cut long lines visibly
            more = Segment("…", base + self.get_component_rich_style("source--gutter"))
            strip = Strip([*strip.crop(0, width - 1), more])
        if row is not None and row.bgcolor is not None:
            band = Style(bgcolor=row.bgcolor)  # over the token colours, keeping them
            strip = Strip([Segment(chars, (style or base) + band, control)
                           for chars, style, control in strip], strip.cell_length)
        return strip

    def _row_style(self, line: int) -> Style | None:
        if line == self.current:
            return self.get_component_rich_style(f"source--{self._kind_class()}")
        if line == self.cursor_line and self.has_focus:
            return self.get_component_rich_style("source--cursor")
        return None

    def _kind_class(self) -> str:
        return "current" if self.kind == "live" else self.kind

    def _line_text(self, line: int, base: Style) -> Text:
        style = self.get_component_rich_style
        number = str(line).rjust(len(str(len(self.lines))))
        text = Text(no_wrap=True, end="", style=base)
        text.append("●" if line in self.breakpoints else " ", style("source--breakpoint"))
        text.append(number, style("source--gutter"))
        marker = MARKERS.get(self.kind, "▶") if line == self.current else " "
        text.append(marker, style("source--marker"))
        text.append(" ")
        code = Text(self.lines[line - 1], no_wrap=True, end="")
        for start, end, kind in self.spans.get(line, ()):
            code.stylize(style(f"source--{kind}"), start, end)
        span = self.error_span
        if span is not None and span[0] <= line <= span[2]:
            raw = self.lines[line - 1]
            start = byte_to_char(raw, span[1]) if line == span[0] else len(raw) - len(raw.lstrip())
            end = byte_to_char(raw, span[3]) if line == span[2] else len(raw)
            code.stylize(style("source--span"), start, end)
        text.append_text(code)
        return text

    # -- keys and mouse -----------------------------------------------------------------
    def action_cursor(self, delta: int) -> None:
        self._following = False
        self.cursor_line = max(1, min(len(self.lines), self.cursor_line + delta))
        self.scroll_to_region_line(self.cursor_line)

    def action_cursor_to(self, where: str) -> None:
        self._following = False
        self.cursor_line = 1 if where == "first" else len(self.lines)
        self.scroll_to_region_line(self.cursor_line)

    def scroll_to_region_line(self, line: int) -> None:
        height = self.scrollable_content_region.height or self.size.height
        top = int(self.scroll_y)
        if line - 1 < top:
            self.scroll_to(y=line - 1, animate=False, immediate=True)
        elif height and line - 1 >= top + height:
            self.scroll_to(y=line - height, animate=False, immediate=True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        line = self.line_at(event.y)
        if line is None:
            return
        if event.x < self.gutter_width:
            self.post_message(self.GutterClicked(self, line))
        else:
            self.cursor_line = line
