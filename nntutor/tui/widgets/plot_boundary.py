"""The decision boundary of a binary classifier on two inputs (seed 004), TensorFlow
Playground style: every cell is a grid point coloured by P(class 1), the training points
drawn on top as dots in their true class's colour, so misclassified points stand out."""

from __future__ import annotations

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

CLASS_COLOURS = (Color.parse("#e67e22"), Color.parse("#2e86de"))  # class 0, class 1


class BoundaryPlot(Widget):
    """`show(grid)`: grid[r, c] = P(class 1) at the centre of cell (r, c), top row first."""

    DEFAULT_CSS = """
    BoundaryPlot { height: 1fr; width: 1fr; min-height: 6; }
    """

    class Resized(Message):
        """The drawing area changed size: the owner should compute a grid that fits."""

        def __init__(self, plot: "BoundaryPlot"):
            super().__init__()
            self.plot = plot

    def __init__(self, points: np.ndarray, labels: np.ndarray, bounds, **kw):
        super().__init__(**kw)
        self.points = np.asarray(points, dtype=float)  # raw units, (n, 2)
        self.labels = np.asarray(labels).ravel() >= 0.5
        self.bounds = bounds  # ((x0, y0), (x1, y1)) in raw units
        self.grid: np.ndarray | None = None
        self._version = 0  # bumped by show(): the cached picture is stale
        self._cache_key: object = None
        self._cache: list[Strip] = []

    @property
    def grid_size(self) -> tuple[int, int]:
        """(columns, rows) of the drawing area: one grid point per cell, under the title."""
        return max(1, self.size.width), max(1, self.size.height - 1)

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized(self))

    def show(self, grid: np.ndarray | None) -> None:
        # nan (a diverged network) is drawn as undecided, on the boundary
        self.grid = None if grid is None else np.nan_to_num(np.asarray(grid, dtype=float),
                                                            nan=0.5, posinf=1.0, neginf=0.0)
        self._version += 1
        self.refresh()

    def _cells(self, cols: int, rows: int) -> np.ndarray:
        """The majority class of the data points in each cell: -1 none, 0 or 1."""
        (x0, y0), (x1, y1) = self.bounds
        c = np.clip(((self.points[:, 0] - x0) / (x1 - x0) * cols).astype(int), 0, cols - 1)
        r = np.clip(((y1 - self.points[:, 1]) / (y1 - y0) * rows).astype(int), 0, rows - 1)
        ones = np.zeros((rows, cols))
        total = np.zeros((rows, cols))
        np.add.at(total, (r, c), 1)
        np.add.at(ones, (r, c), self.labels.astype(float))
        out = np.full((rows, cols), -1)
        out[total > 0] = (ones[total > 0] * 2 >= total[total > 0]).astype(int)
        return out

    def render_line(self, y: int) -> Strip:
        strips = self._strips()
        return strips[y] if y < len(strips) else Strip.blank(self.size.width)

    def _strips(self) -> list[Strip]:
        """The whole picture as one Strip per line, rebuilt only when something changed."""
        key = (self.size, self._version, self.app.theme)
        if key == self._cache_key:
            return self._cache
        cols, rows = self.grid_size
        variables = self.app.theme_variables
        background = Color.parse(variables.get("surface", variables.get("background", "#000")))
        foreground = Color.parse(variables.get("foreground", "#fff"))
        dots = [c.blend(foreground, 0.35).rich_color for c in CLASS_COLOURS]
        plain = Style(bgcolor=background.rich_color, color=foreground.rich_color)
        # Nine shades per class, from the boundary (faint) to sure (strong).
        shades = [[background.blend(colour, 0.12 + 0.5 * level / 8).rich_color
                   for level in range(9)] for colour in CLASS_COLOURS]
        title = [Segment("decision boundary ", plain + Style(bold=True)),
                 Segment("●", Style(color=CLASS_COLOURS[0].rich_color,
                                    bgcolor=background.rich_color)),
                 Segment(" class 0 ", plain),
                 Segment("●", Style(color=CLASS_COLOURS[1].rich_color,
                                    bgcolor=background.rich_color)),
                 Segment(" class 1", plain)]
        strips = [Strip(title).adjust_cell_length(self.size.width, plain)]
        cells = self._cells(cols, rows)
        grid = self._fit(self.grid, cols, rows)
        styles: dict[tuple[int, int, int], Style] = {}
        for r in range(rows):
            segments: list[Segment] = []
            run_key, run_text = None, ""
            for c in range(cols):
                if grid is None:
                    cls, level = -1, 0
                else:
                    p = float(grid[r, c])
                    cls, level = int(p >= 0.5), int(round(abs(p - 0.5) * 16))
                mark = int(cells[r, c])
                key_rc = (cls, level, mark)
                if key_rc != run_key:
                    if run_text:
                        segments.append(Segment(run_text, styles[run_key]))
                    run_key, run_text = key_rc, ""
                    if key_rc not in styles:
                        bg = background.rich_color if cls < 0 else shades[cls][level]
                        styles[key_rc] = Style(bgcolor=bg, color=dots[mark] if mark >= 0 else None)
                run_text += "●" if mark >= 0 else " "
            if run_text:
                segments.append(Segment(run_text, styles[run_key]))
            strips.append(Strip(segments, cols).adjust_cell_length(self.size.width, plain))
        self._cache_key, self._cache = key, strips
        return strips

    @staticmethod
    def _fit(grid: np.ndarray | None, cols: int, rows: int) -> np.ndarray | None:
        """Nearest-neighbour resample when the widget was resized since the grid was made."""
        if grid is None or grid.shape == (rows, cols):
            return grid
        ri = (np.arange(rows) * grid.shape[0] // rows).clip(0, grid.shape[0] - 1)
        ci = (np.arange(cols) * grid.shape[1] // cols).clip(0, grid.shape[1] - 1)
        return grid[np.ix_(ri, ci)]
