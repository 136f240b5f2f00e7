"""ArrayScreen: one array of the stopped frame in the tutor's matrix widget.

    ╭─ W1 (2, 3) float64 · step 14 ─────────────────╮
    │ W1 (2, 3)                                     │
    │         0       1       2                     │
    │ 0  0.0626 -0.0661  0.3202                     │
    │ 1 -0.5370  0.0520  0.5524                     │
    │ underlined: changed by the last step; ...     │
    ╰───────────────────────────────────────────────╯

The heatmap is the tutor's own `MatrixView` (warm positive, cool negative). An array with more
than two axes is shown with its leading axes stacked into rows; enter on a cell gives its exact
value with its real index. The values are the debugger's read-only copy, never the live array.
"""

from __future__ import annotations

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from nntutor.debugger.events import ArrayInfo
from nntutor.shapes.concrete import fmt
from nntutor.tui.widgets.key_bar import KeyBar
from nntutor.tui.widgets.matrix import MatrixView


class ArrayMatrix(MatrixView):
    BINDINGS = [Binding("enter", "select", "Value", tooltip="the exact value of the cell")]


def as_grid(value: np.ndarray) -> tuple[np.ndarray | None, str]:
    """A 2-D float view of `value` for the matrix widget, and a note on how it was made."""
    try:
        grid = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None, f"a {value.dtype} array, which cannot be drawn as numbers"
    if grid.ndim <= 2:
        return grid, ""
    rows = int(np.prod(grid.shape[:-1]))
    return grid.reshape(rows, grid.shape[-1]), \
        f"its first {grid.ndim - 1} axes are stacked into {rows} rows"


def real_index(shape: tuple[int, ...], row: int, col: int) -> tuple[int, ...]:
    """The index in the array of the cell drawn at (row, col) of its 2-D view."""
    if len(shape) <= 2:
        return (col,) if len(shape) == 1 else (row, col)[: len(shape)]
    return (*(int(i) for i in np.unravel_index(row, shape[:-1])), col)


class ArrayScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    ArrayScreen { align: center middle; }
    ArrayScreen > Vertical {
        width: auto; min-width: 40; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ArrayScreen ArrayMatrix { max-height: 1fr; }
    ArrayScreen #array-note { color: $text-muted; width: auto; max-width: 76; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, info: ArrayInfo, previous: np.ndarray | None = None,
                 where: str = "") -> None:
        """`previous`: the array at the stop before (its changed cells are underlined)."""
        super().__init__()
        self.info, self.previous, self.where = info, previous, where

    def compose(self) -> ComposeResult:
        with Vertical():
            yield ArrayMatrix(id="array-matrix")
            yield Static(id="array-note")
        yield KeyBar()

    def on_mount(self) -> None:
        info = self.info
        self.query_one(Vertical).border_title = f"{info.describe()}{self.where}"
        matrix = self.query_one(ArrayMatrix)
        note = self.query_one("#array-note", Static)
        grid, how = (None, "too large for the debugger to keep a copy of") \
            if info.value is None else as_grid(info.value)
        if grid is None:
            matrix.display = False
            note.update(f"{info.name} is {how}.")
            return
        previous = None
        if self.previous is not None and self.previous.shape == info.value.shape:
            previous, _ = as_grid(self.previous)
        matrix.show(info.name, grid, f"{info.name} {fmt(info.shape)}", previous=previous)
        notes = [how] if how else []
        if previous is not None:
            notes.append("underlined: changed by the last step")
        notes.append("arrows move, enter: a cell's exact value")
        note.update("; ".join(notes))
        matrix.focus()

    @on(MatrixView.CellSelected)
    def _cell(self, event: MatrixView.CellSelected) -> None:
        value = self.info.value[real_index(self.info.shape, event.row, event.col)] \
            if self.info.shape else self.info.value[()]
        index = ", ".join(map(str, real_index(self.info.shape, event.row, event.col)))
        shown = repr(value.item()) if hasattr(value, "item") else repr(value)
        self.query_one("#array-note", Static).update(f"{self.info.name}[{index}] = {shown}")

    def action_close(self) -> None:
        self.dismiss(None)
