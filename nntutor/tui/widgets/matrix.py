"""Matrices as heatmaps that draw only the cells on screen.

`MatrixPane` is the drawing: one named array in a rectangle, line by line. Line 0 is the
title (`W1 (in,h1)=(2,25)`), line 1 the column indices, then one line per row with its index
in a gutter. Only the rows and columns that fit are ever formatted or styled, so a 64×64
array costs what its visible cells cost; the pane scrolls in whole rows and columns and keeps
its cell cursor in view. Colour is a tint of the background: warm for positive, cool for
negative, stronger for larger |value| relative to the largest in the array, with black or
white text picked for contrast, so it reads in light and dark themes alike.

`MatrixView` is a focusable widget around one pane (arrows move the cursor, enter posts
`MatrixView.CellSelected`, a click selects). The step view draws several panes itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from nntutor.tui.cell_math import Marks

CELL = 7  # characters of a number
GAP = 1  # blank after each number
CELL_W = CELL + GAP
HEADER = 2  # title line + column-index line
LEVELS = 8  # heat levels per sign
WARM = Color(232, 89, 60)
COOL = Color(52, 120, 230)
MARK = Color(250, 200, 40)
DARK_TEXT = Color(0, 0, 0)  # pure black or white: some text colour always reaches 4.5:1
LIGHT_TEXT = Color(255, 255, 255)


def _short_exp(v: float) -> str:
    """`-4.1e-4`, `1.2e5`: scientific notation without the padding of the exponent."""
    mantissa, exponent = f"{v:.1e}".split("e")
    text = f"{mantissa}e{int(exponent)}"
    if len(text) > CELL:
        mantissa, exponent = f"{v:.0e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def format_cell(v: float) -> str:
    """A number in at most CELL (7) characters, with 4 decimals where they fit."""
    if v != v:
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    a = abs(v)
    if v == 0:
        return "0"
    if a < 1e-3 or a >= 1e4:
        return _short_exp(v)
    for limit, decimals in ((10, 4), (100, 3), (1000, 2), (1e4, 1)):
        if a < limit:
            text = f"{v:.{decimals}f}"
            # rounding can carry into one more digit (9.99996 -> 10.0000)
            return text if len(text) <= CELL else f"{v:.{decimals - 1}f}"
    return _short_exp(v)


def heat_levels(grid: np.ndarray) -> np.ndarray:
    """−LEVELS..LEVELS per cell: the sign, and a square-root-compressed |value| relative to the
    largest finite |value| of the grid (0 for zeros and non-finite values)."""
    finite = np.isfinite(grid)
    clean = np.where(finite, grid, 0.0)
    magnitude = np.abs(clean)
    scale = float(magnitude.max()) if magnitude.size else 0.0
    if scale == 0:
        return np.zeros(grid.shape, dtype=np.int8)
    levels = np.ceil(np.sqrt(np.minimum(magnitude / scale, 1.0)) * LEVELS)
    return (np.sign(clean) * levels).astype(np.int8)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    def luminance(c: Color) -> float:
        def channel(v: int) -> float:
            v = v / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def cell_colors(level: int, background: Color, marked: bool = False) -> tuple[Color, Color]:
    """(text, background) of a cell: the heat tint over `background`, and whichever of dark or
    light text contrasts more with it."""
    if marked:
        bg = MARK
    elif level == 0:
        bg = background
    else:
        bg = background.blend(WARM if level > 0 else COOL, 0.12 + 0.68 * abs(level) / LEVELS)
    fg = max((DARK_TEXT, LIGHT_TEXT), key=lambda text: contrast(text, bg))
    return fg, bg


def _padded(segments: list[Segment], length: int, width: int, style: Style) -> list[Segment]:
    """Segments of `length` cells padded (or cut) to exactly `width`."""
    if length < width:
        return segments + [Segment(" " * (width - length), style)]
    if length > width:
        return list(Strip(segments, length).crop(0, width))
    return segments


@dataclass
class PaneStyles:
    """The rich styles a pane is drawn with (taken from the hosting widget's CSS)."""

    base: Style
    background: Color
    title: Style
    result: Style
    index: Style
    focused_title: Style


class MatrixPane:
    """One array, drawn into a `width` × `height` rectangle on demand."""

    def __init__(self) -> None:
        self.quantity = ""
        self.title = ""
        self.is_result = False
        self.values = np.zeros((1, 1))
        self.levels = np.zeros((1, 1), dtype=np.int8)
        self.changed: np.ndarray | None = None
        self.marks: Marks | None = None
        self.cursor = (0, 0)
        self.row0 = 0  # first row shown
        self.col0 = 0  # first column shown
        self._texts: dict[tuple[int, int], str] = {}
        self._strips: dict[tuple, list[Segment]] = {}  # drawn rows, by position
        self._palette: dict[tuple, Style] = {}
        self._palette_bg: Color | None = None

    # -- data ---------------------------------------------------------------------------
    def show(self, quantity: str, value, title: str, *, result: bool = False,
             previous=None) -> None:
        """Display `value`; `previous` (same shape) marks the cells this step changed."""
        arr = np.asarray(value, dtype=np.float64)
        grid = arr.reshape(1, 1) if arr.ndim == 0 else arr.reshape(1, -1) if arr.ndim == 1 else arr
        self.quantity, self.title, self.is_result = quantity, title, result
        self.values = grid
        self.levels = heat_levels(grid)
        self.changed = None
        if previous is not None:
            prev = np.asarray(previous, dtype=np.float64).reshape(grid.shape)
            self.changed = ~((prev == grid) | (np.isnan(prev) & np.isnan(grid)))
        self.marks = None
        self.cursor, self.row0, self.col0 = (0, 0), 0, 0
        self._texts.clear()
        self._strips.clear()

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.values.shape[0]), int(self.values.shape[1])

    @property
    def gutter(self) -> int:
        """Columns taken by the row indices on the left."""
        return len(str(max(self.shape[0] - 1, 0))) + 1

    @property
    def natural_width(self) -> int:
        """Width that shows every column and the whole title."""
        return max(self.gutter + self.shape[1] * CELL_W, len(self.title) + 1)

    @property
    def natural_height(self) -> int:
        return HEADER + self.shape[0]

    def set_marks(self, marks: Marks | None) -> None:
        self.marks = marks
        self._strips.clear()

    def visible(self, width: int, height: int) -> tuple[int, int]:
        """How many (rows, columns) fit in width × height."""
        return max(1, height - HEADER), max(1, (width - self.gutter) // CELL_W)

    # -- cursor and scrolling -------------------------------------------------------------
    def move(self, drow: int, dcol: int, width: int, height: int) -> None:
        rows, cols = self.shape
        r, c = self.cursor
        self.cursor = (max(0, min(rows - 1, r + drow)), max(0, min(cols - 1, c + dcol)))
        self.keep_in_view(width, height)
        self._strips.clear()

    def keep_in_view(self, width: int, height: int) -> None:
        vis_rows, vis_cols = self.visible(width, height)
        r, c = self.cursor
        if r < self.row0:
            self.row0 = r
        elif r >= self.row0 + vis_rows:
            self.row0 = r - vis_rows + 1
        if c < self.col0:
            self.col0 = c
        elif c >= self.col0 + vis_cols:
            self.col0 = c - vis_cols + 1

    def scroll(self, drow: int, dcol: int, width: int, height: int) -> None:
        vis_rows, vis_cols = self.visible(width, height)
        rows, cols = self.shape
        self.row0 = max(0, min(rows - vis_rows, self.row0 + drow))
        self.col0 = max(0, min(cols - vis_cols, self.col0 + dcol))
        self._strips.clear()

    def cell_at(self, x: int, y: int, width: int, height: int) -> tuple[int, int] | None:
        """The (row, col) drawn at (x, y) inside the pane, or None."""
        vis_rows, vis_cols = self.visible(width, height)
        if y < HEADER or x < self.gutter:
            return None
        row, col = self.row0 + y - HEADER, self.col0 + (x - self.gutter) // CELL_W
        if y - HEADER < vis_rows and (x - self.gutter) // CELL_W < vis_cols and \
                row < self.shape[0] and col < self.shape[1]:
            return row, col
        return None

    # -- drawing ------------------------------------------------------------------------
    def _text(self, r: int, c: int) -> str:
        text = self._texts.get((r, c))
        if text is None:
            text = self._texts[(r, c)] = format_cell(float(self.values[r, c])).rjust(CELL)
        return text

    def _cell_style(self, level: int, background: Color, marked: bool, cursor: bool,
                    changed: bool) -> Style:
        if background != self._palette_bg:
            self._palette.clear()
            self._palette_bg = background
        key = (level, marked, cursor, changed)
        style = self._palette.get(key)
        if style is None:
            fg, bg = cell_colors(level, background, marked)
            style = Style(color=fg.rich_color, bgcolor=bg.rich_color, bold=cursor or changed,
                          underline=changed, reverse=cursor)
            self._palette[key] = style
        return style

    def line(self, y: int, width: int, height: int, styles: PaneStyles,
             focused: bool = False) -> Strip:
        """Line y (0-based) of the pane, exactly `width` cells wide."""
        return Strip(self.segments(y, width, height, styles, focused), width)

    def segments(self, y: int, width: int, height: int, styles: PaneStyles,
                 focused: bool = False) -> list[Segment]:
        """Line y as Segments totalling exactly `width` cells (no Strip built: the caller
        joins several panes into one line)."""
        base = styles.base
        if y == 0:
            style = styles.focused_title if focused else (
                styles.result if self.is_result else styles.title)
            title = self.title if len(self.title) <= width else self.title[: width - 1] + "…"
            return _padded([Segment(title, base + style)], len(title), width, base)
        vis_rows, vis_cols = self.visible(width, height)
        rows, cols = self.shape
        first, end = self.col0, min(cols, self.col0 + vis_cols)
        gutter = self.gutter
        if y == 1:
            more_rows = "↕" if vis_rows < rows else " "
            head = more_rows.rjust(gutter - 1) + ("‹" if first > 0 else " ")
            head += "".join(str(c).rjust(CELL) + " " * GAP for c in range(first, end))
            head = (head[:-1] + ("›" if end < cols else " "))[:width]
            return _padded([Segment(head, base + styles.index)], len(head), width, base)
        r = self.row0 + y - HEADER
        if y - HEADER >= vis_rows or r >= rows:
            return [Segment(" " * width, base)]
        key = (r, first, end, width, focused, styles.background.rgb)
        segments = self._strips.get(key)
        if segments is None:
            segments = [Segment(str(r).rjust(gutter - 1) + " ", base + styles.index)]
            blank = Style(bgcolor=styles.background.rich_color)
            marks, changed, levels = self.marks, self.changed, self.levels
            cur_r, cur_c = self.cursor
            gap = " " * GAP
            for c in range(first, end):
                style = self._cell_style(
                    int(levels[r, c]), styles.background,
                    marks is not None and (r, c) in marks,
                    focused and r == cur_r and c == cur_c,
                    changed is not None and bool(changed[r, c]))
                segments.append(Segment(self._text(r, c), style))
                segments.append(Segment(gap, blank))
            segments = _padded(segments, gutter + (end - first) * CELL_W, width, base)
            self._strips[key] = segments
        return segments

    def text(self, width: int, height: int) -> str:
        """The pane as plain text, as drawn at this size (for tests)."""
        plain = PaneStyles(Style(), Color(0, 0, 0), Style(), Style(), Style(), Style())
        return "\n".join(self.line(y, width, height, plain).text.rstrip()
                         for y in range(min(height, self.natural_height)))


class MatrixView(Widget, can_focus=True):
    """A focusable MatrixPane: arrows move the cell cursor, enter (or a click) selects a cell."""

    DEFAULT_CSS = """
    MatrixView { height: auto; width: auto; max-height: 100%; background: $surface; }
    MatrixView > .matrix--title { text-style: bold; color: $text; }
    MatrixView > .matrix--result { text-style: bold; color: $text-accent; }
    MatrixView > .matrix--focused { text-style: bold; background: $accent; color: $text; }
    MatrixView > .matrix--index { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"matrix--title", "matrix--result", "matrix--focused", "matrix--index"}
    BINDINGS = [
        Binding("up", "move(-1, 0)", "Cell up", show=False),
        Binding("down", "move(1, 0)", "Cell down", show=False),
        Binding("left", "move(0, -1)", "Cell left", show=False),
        Binding("right", "move(0, 1)", "Cell right", show=False),
        Binding("enter", "select", "Explain cell"),
    ]

    class CellSelected(Message):
        """The learner asked about cell (row, col) of the array `name`."""

        def __init__(self, view: "MatrixView", name: str, row: int, col: int) -> None:
            super().__init__()
            self.view, self.name, self.row, self.col = view, name, row, col

        @property
        def control(self) -> "MatrixView":
            return self.view

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.pane = MatrixPane()

    def show(self, quantity: str, value, title: str, **kw) -> None:
        self.pane.show(quantity, value, title, **kw)
        self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        return self.pane.natural_width

    def get_content_height(self, container, viewport, width: int) -> int:
        return self.pane.natural_height

    def pane_styles(self) -> PaneStyles:
        base = self.rich_style
        background = Color.from_rich_color(base.bgcolor) if base.bgcolor else Color(0, 0, 0)
        get = self.get_component_rich_style
        return PaneStyles(base, background, get("matrix--title"), get("matrix--result"),
                          get("matrix--index"), get("matrix--focused"))

    def render_line(self, y: int) -> Strip:
        return self.pane.line(y, self.size.width, self.size.height, self.pane_styles(),
                              self.has_focus)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, drow: int, dcol: int) -> None:
        self.pane.move(drow, dcol, self.size.width, self.size.height)
        self.refresh()

    def action_select(self) -> None:
        r, c = self.pane.cursor
        self.post_message(self.CellSelected(self, self.pane.quantity, r, c))

    def on_click(self, event: events.Click) -> None:
        cell = self.pane.cell_at(event.x, event.y, self.size.width, self.size.height)
        if cell is not None:
            self.focus()
            self.pane.cursor = cell
            self.pane.set_marks(self.pane.marks)
            self.refresh()
            self.action_select()
