"""Matrices: number formatting, heat colours readable in both themes, drawing only what is
visible, the cell cursor, and the MatrixView widget's keys and clicks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App
from textual.color import Color

from nntutor.tui.widgets.matrix import (
    CELL,
    CELL_W,
    HEADER,
    LEVELS,
    MatrixPane,
    MatrixView,
    cell_colors,
    contrast,
    format_cell,
    heat_levels,
)
from nntutor.tui.widgets.step_layout import fit_widths, glyphs, operand_title

DARK, LIGHT = Color(30, 30, 30), Color(250, 250, 250)


@pytest.mark.parametrize("value,text", [
    (0.0, "0"), (0.5, "0.5000"), (-0.12345, "-0.1235"), (12.3456, "12.346"),
    (-123.456, "-123.46"), (-4.1234e-4, "-4.1e-4"), (12345.0, "1.2e4"), (-1.5e-10, "-1e-10"),
    (9.99996, "10.0000"), (float("nan"), "nan"), (float("-inf"), "-inf"),
])
def test_format_cell(value, text):
    assert format_cell(value) == text


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True, width=64))
def test_every_number_fits_its_cell_and_reads_back_close(value):
    text = format_cell(value)
    assert len(text) <= CELL
    if np.isfinite(value) and value != 0 and 1e-3 <= abs(value) < 1e4:
        assert float(text) == pytest.approx(value, rel=2e-3, abs=1e-4)


def test_heat_levels_keep_sign_and_order_of_magnitude():
    grid = np.array([[0.0, 1.0, -1.0, 0.25], [np.nan, -0.01, 0.5, np.inf]])
    levels = heat_levels(grid)
    assert levels[0, 0] == 0 and levels[1, 0] == 0 and levels[1, 3] == 0
    assert levels[0, 1] == LEVELS and levels[0, 2] == -LEVELS
    assert 0 < levels[0, 3] < levels[1, 2] < LEVELS
    assert levels[1, 1] < 0
    assert (heat_levels(np.zeros((2, 2))) == 0).all()


@pytest.mark.parametrize("background", [DARK, LIGHT])
def test_cell_text_contrasts_with_its_colour_in_both_themes(background):
    for level in range(-LEVELS, LEVELS + 1):
        for marked in (False, True):
            fg, bg = cell_colors(level, background, marked)
            assert contrast(fg, bg) >= 4.5, (level, marked)  # WCAG AA for text
    warm = cell_colors(LEVELS, background)[1]
    cool = cell_colors(-LEVELS, background)[1]
    assert warm.r > warm.b and cool.b > cool.r  # sign is the hue


def test_a_pane_formats_only_the_cells_it_draws():
    pane = MatrixPane()
    pane.show("W", np.arange(64 * 64, dtype=float).reshape(64, 64) / 100, "W (a,b)=(64,64)")
    assert pane.gutter == 3  # "63" and a space
    width = 3 + 3 * CELL_W
    text = pane.text(width=width, height=HEADER + 5)
    lines = text.splitlines()
    assert lines[0] == "W (a,b)=(64,64)"
    assert lines[1].split() == ["↕", "0", "1", "2›"]
    assert lines[2].split() == ["0", "0", "0.0100", "0.0200"]
    assert len(lines) == HEADER + 5
    assert len(pane._texts) == 5 * 3  # not 4096
    pane.move(40, 61, width, HEADER + 5)
    assert pane.cursor == (40, 61) and (pane.row0, pane.col0) == (36, 59)
    assert pane.text(width, HEADER + 5).splitlines()[-1].split()[0] == "40"
    assert pane.cell_at(3 + CELL_W + 1, HEADER + 4, width, HEADER + 5) == (40, 60)
    assert pane.cell_at(0, 0, width, HEADER + 5) is None


def test_a_parameter_update_underlines_the_cells_that_changed():
    pane = MatrixPane()
    before = np.array([[1.0, 2.0], [3.0, 4.0]])
    after = before.copy()
    after[1, 0] = 2.5
    pane.show("W1", after, "W1", result=True, previous=before)
    assert pane.changed.tolist() == [[False, False], [True, False]]


class Host(App):
    def compose(self):
        yield MatrixView(id="m")

    def on_mount(self):
        self.query_one(MatrixView).show("Z1", np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]),
                                        "Z1 (n,h1)=(2,3)")
        self.query_one(MatrixView).focus()
        self.selected = []

    def on_matrix_view_cell_selected(self, event: MatrixView.CellSelected):
        self.selected.append((event.name, event.row, event.col))


async def test_matrix_view_keys_and_click_select_cells():
    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        view = app.query_one(MatrixView)
        await pilot.press("down", "right", "right", "enter")
        assert app.selected == [("Z1", 1, 2)]
        await pilot.click(view, offset=(2 + CELL_W + 2, HEADER))
        assert app.selected[-1] == ("Z1", 0, 1) and view.pane.cursor == (0, 1)


def test_layout_helpers():
    assert glyphs("matmul") == ("@", "=") and glyphs("relu_grad") == ("⊙f'", "=")
    assert glyphs("loss_bce") == ("vs", "→") and glyphs("tanh") == ("", "tanh→")

    class Operand:
        name, dims, shape = "W1", ("in", "h1"), (2, 3)

    assert operand_title(Operand) == "W1 (in,h1)=(2,3)"
    assert fit_widths([18, 26, 26], 80, [2, 2, 2]) == [18, 26, 26]
    assert fit_widths([26, 26, 26], 70, [2, 2, 2]) == [18, 26, 26]  # the result keeps its own
    assert fit_widths([18, 402, 402], 70, [2, 2, 2]) == [18, 26, 26]  # whole cells only
