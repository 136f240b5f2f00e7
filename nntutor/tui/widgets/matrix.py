"""MatrixView: one named array as a heatmap, drawing only the rows and columns on screen.

A Line API widget: `render_line(y)` builds the Strip of one visible line from a cached row
Strip, so a 64×64 array costs what its visible cells cost. Line 0 is the title
(`W1 (in, h1) = (2, 25)`), line 1 the column indices, then one line per row, each with its
row index in a fixed gutter. Cell colour is a tint of the background: warm for positive,
cool for negative, stronger for larger |value| (relative to the largest |value| shown).

Keys when focused: arrows move the cell cursor, enter explains the cell (posts
`MatrixView.CellSelected`), home/end jump along the row. A click selects and explains too.
"""

from __future__ import annotations

import math

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from nntutor.tui.cell_math import Marks

CELL = 8  # characters of a number
GAP = 1  # blank between two numbers
HEADER = 2  # title line + column-index line
LEVELS = 8  # heat levels per sign
WARM = Color(232, 89, 60)
COOL = Color(52, 120, 230)
MARK = Color(250, 200, 40)


def format_cell(v: float) -> str:
    """A number in at most CELL characters, keeping 4 decimals where they fit."""
    if v != v:
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    a = abs(v)
    if v == 0:
        return "0"
    if a < 1e-3 or a >= 1e5:
        return f"{v:.1e}"
    if a < 10:
        return f"{v:.4f}"
    if a < 100:
        return f"{v:.3f}"
    if a < 1000:
        return f"{v:.2f}"
    return f"{v:.1f}"


def heat_level(v: float, scale: float) -> int:
    """−LEVELS..LEVELS: the sign and a square-root-compressed magnitude of v / scale."""
    if scale <= 0 or v == 0 or not math.isfinite(v):
        return 0
    level = math.ceil(math.sqrt(min(abs(v) / scale, 1.0)) * LEVELS)
    return level if v > 0 else -level


class MatrixView(ScrollView, can_focus=True):
    """A named array with its shape, drawn as a heatmap; cells selectable for "explain"."""

    DEFAULT_CSS = """
    MatrixView {
        height: auto;
        max-height: 100%;
        width: auto;
        scrollbar-size: 1 1;
        background: $surface;
        overflow: auto auto;
    }
    MatrixView > .matrix--title { text-style: bold; color: $text; }
    MatrixView:focus > .matrix--title { background: $accent; color: $text; }
    MatrixView > .matrix--result { text-style: bold; color: $text-accent; }
    MatrixView > .matrix--index { color: $text-muted; }
    MatrixView > .matrix--cursor { text-style: reverse bold; }
    """
    COMPONENT_CLASSES = {"matrix--title", "matrix--result", "matrix--index", "matrix--cursor"}
    BINDINGS = [
        Binding("up", "move(-1, 0)", "Cell up", show=False),
        Binding("down", "move(1, 0)", "Cell down", show=False),
        Binding("left", "move(0, -1)", "Cell left", show=False),
        Binding("right", "move(0, 1)", "Cell right", show=False),
        Binding("home", "move(0, -1000000)", "Row start", show=False),
        Binding("end", "move(0, 1000000)", "Row end", show=False),
        Binding("enter", "explain", "Explain cell"),
    ]

    cursor: reactive[tuple[int, int]] = reactive((0, 0), layout=False, repaint=False)

    class CellSelected(Message):
        """The learner asked how cell (row, col) of `name` was computed."""

        def __init__(self, view: "MatrixView", name: str, row: int, col: int) -> None:
            super().__init__()
            self.view = view
            self.name = name
            self.row = row
            self.col = col

        @property
        def control(self) -> "MatrixView":
            return self.view

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.quantity = ""
        self.title = ""
        self.is_result = False
        self.values = np.zeros((0, 0))
        self.changed: np.ndarray | None = None
        self.marks: Marks | None = None
        self._scale = 0.0
        self._texts: list[list[str]] = []
        self._rows: dict[int, Strip] = {}
        self._palette: dict[tuple, Style] = {}
        self._palette_key: tuple | None = None
        self._gutter = 2

    # -- data ---------------------------------------------------------------------------
    def show(self, quantity: str, value, title: str, *, result: bool = False,
             previous=None) -> None:
        """Display `value` as `quantity`; `previous` (same shape) marks the cells that changed."""
        arr = np.asarray(value, dtype=np.float64)
        grid = arr.reshape(1, 1) if arr.ndim == 0 else arr.reshape(1, -1) if arr.ndim == 1 else arr
        self.quantity, self.title, self.is_result = quantity, title, result
        self.values = grid
        self.changed = None
        if previous is not None:
            prev = np.asarray(previous, dtype=np.float64).reshape(grid.shape)
            self.changed = ~np.isclose(prev, grid, rtol=0, atol=0, equal_nan=True)
        finite = grid[np.isfinite(grid)]
        self._scale = float(np.abs(finite).max()) if finite.size else 0.0
        self._texts = [[format_cell(v) for v in row] for row in grid.tolist()]
        self._gutter = len(str(max(grid.shape[0] - 1, 0))) + 1
        self.marks = None
        rows, cols = grid.shape
        self.set_reactive(MatrixView.cursor, (min(self.cursor[0], rows - 1),
                                              min(self.cursor[1], cols - 1)))
        self._rows.clear()
        self.virtual_size = Size(self.natural_width, rows + HEADER)
        self.refresh(layout=True)

    @property
    def natural_width(self) -> int:
        """Width that shows every column (and the whole title) without scrolling."""
        body = self._gutter + self.values.shape[1] * (CELL + GAP)
        return max(body, len(self.title))

    @property
    def gutter(self) -> int:
        return self._gutter

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.values.shape)  # type: ignore[return-value]

    def set_marks(self, marks: Marks | None) -> None:
        """Light up the cells that took part in the explained computation (None: clear)."""
        self.marks = marks
        self._rows.clear()
        self.refresh()

    def visible_text(self) -> str:
        """The lines currently drawn, as plain text (for tests and snapshots)."""
        return "\n".join(self.render_line(y).text for y in range(self.size.height))

    # -- cursor -------------------------------------------------------------------------
    def action_move(self, drow: int, dcol: int) -> None:
        rows, cols = self.shape
        r, c = self.cursor
        self.cursor = (max(0, min(rows - 1, r + drow)), max(0, min(cols - 1, c + dcol)))

    def watch_cursor(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        self._rows.pop(old[0], None)
        self._rows.pop(new[0], None)
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        r, c = self.cursor
        view_w = self.scrollable_content_region.width - self._gutter
        view_h = self.scrollable_content_region.height - HEADER
        x, y = self.scroll_x, self.scroll_y
        left, right = c * (CELL + GAP), (c + 1) * (CELL + GAP)
        if left < x:
            x = left
        elif right > x + view_w:
            x = right - view_w
        if r < y:
            y = r
        elif view_h > 0 and r >= y + view_h:
            y = r - view_h + 1
        self.scroll_to(x, y, animate=False)

    def action_explain(self) -> None:
        r, c = self.cursor
        self.post_message(self.CellSelected(self, self.quantity, r, c))

    def on_click(self, event: events.Click) -> None:
        cell = self.cell_at(event.x, event.y)
        if cell is not None:
            self.focus()
            self.cursor = cell
            self.action_explain()

    def cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        """The (row, col) drawn at widget offset (x, y), or None outside the cells."""
        row = int(self.scroll_y) + y - HEADER
        if y < HEADER or x < self._gutter:
            return None
        col = (int(self.scroll_x) + x - self._gutter) // (CELL + GAP)
        rows, cols = self.shape
        if 0 <= row < rows and 0 <= col < cols:
            return row, col
        return None

    # -- drawing ------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette.clear()
        self._rows.clear()

    def _styles(self) -> tuple[Style, Color]:
        base = self.rich_style
        background = Color.from_rich_color(base.bgcolor) if base.bgcolor else Color(0, 0, 0)
        key = (background.rgb, self.has_focus)
        if key != self._palette_key:
            self._palette.clear()
            self._rows.clear()
            self._palette_key = key
        return base, background

    def _cell_style(self, level: int, background: Color, flags: tuple[bool, bool, bool]) -> Style:
        key = (level, flags)
        style = self._palette.get(key)
        if style is None:
            marked, cursor, changed = flags
            if marked:
                bg = MARK
            elif level == 0:
                bg = background
            else:
                tint = WARM if level > 0 else COOL
                bg = background.blend(tint, 0.12 + 0.68 * abs(level) / LEVELS)
            fg = Color(20, 20, 20) if bg.brightness > 0.55 else Color(240, 240, 240)
            style = Style(color=fg.rich_color, bgcolor=bg.rich_color,
                          bold=cursor or changed, underline=changed, reverse=cursor)
            self._palette[key] = style
        return style

    def _row_strip(self, r: int, background: Color) -> Strip:
        strip = self._rows.get(r)
        if strip is None:
            segments = []
            blank = Style(bgcolor=background.rich_color)
            cur_r, cur_c = self.cursor
            marks = self.marks
            for c, text in enumerate(self._texts[r]):
                flags = (
                    marks is not None and (r, c) in marks,
                    self.has_focus and r == cur_r and c == cur_c,
                    self.changed is not None and bool(self.changed[r, c]),
                )
                style = self._cell_style(heat_level(self.values[r, c], self._scale),
                                         background, flags)
                segments.append(Segment(text.rjust(CELL), style))
                segments.append(Segment(" " * GAP, blank))
            strip = Strip(segments, len(self._texts[r]) * (CELL + GAP))
            self._rows[r] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        base, background = self._styles()
        width = self.scrollable_content_region.width
        if y == 0:
            style = self.get_component_rich_style(
                "matrix--result" if self.is_result else "matrix--title")
            return Strip([Segment(self.title, base + style)]).adjust_cell_length(width, base)
        index_style = base + self.get_component_rich_style("matrix--index")
        gutter = self._gutter
        scroll_x, scroll_y = int(self.scroll_x), int(self.scroll_y)
        body_w = max(0, width - gutter)
        if y == 1:
            cols = self.shape[1]
            first = scroll_x // (CELL + GAP)
            last = min(cols, (scroll_x + body_w) // (CELL + GAP) + 1)
            offset = first * (CELL + GAP)
            header = "".join(str(c).rjust(CELL) + " " * GAP for c in range(first, last))
            body = Strip([Segment(header, index_style)]).crop(scroll_x - offset,
                                                              scroll_x - offset + body_w)
            return Strip.join([Strip.blank(gutter, base), body]).adjust_cell_length(width, base)
        r = scroll_y + y - HEADER
        if r >= self.shape[0]:
            return Strip.blank(width, base)
        label = Strip([Segment(str(r).rjust(gutter - 1) + " ", index_style)])
        body = self._row_strip(r, background).crop(scroll_x, scroll_x + body_w)
        return Strip.join([label, body]).adjust_cell_length(width, base)
