"""Snapshots at 80x24 of the debugger screen: stopped inside the training loop (variables, then
the operations of the current line), an array opened as a matrix, the shape-error screen,
and the stopped screen in the light theme. Accepted only after looking at them.

Deterministic: the examples are seeded, the script path is relative to the repository (the
working directory is set to it), the screenshot is taken only once the debugger has stopped,
and nothing on screen tells the time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nntutor.tui.debugger_app import make_debugger_app
from tests.tui.test_debugger_screen import WAIT_ROUNDS, press, settle

ROOT = Path(__file__).resolve().parents[2]
SIZE = (80, 24)
XOR = "examples/xor_training_loop.py"
# x, y; then w0, b0, w1, b1, the loop header, z0 and h: stopped before z1 = dense(h, w1, b1)
TO_LINE_53 = ("a", "a", "n", "n", "n", "n", "n", "n", "n")


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)


def stepping(*keys: str):
    """A run_before that waits for the first stop, then presses `keys`, each to its stop."""
    async def run_before(pilot) -> None:
        screen = pilot.app.debugger
        await settle(pilot, screen, 1)
        await press(pilot, screen, *keys)
        await steady(pilot, screen)
    return run_before


def laid_out(screen) -> bool:
    """The layout has caught up with the last stop: the current line is in view (the source
    follows a change of its height a frame later)."""
    source = screen.source
    top = int(source.scroll_y)
    return source.current is None or top <= source.current - 1 < top + source.size.height


async def steady(pilot, screen) -> None:
    """Wait until the layout holds still for a few frames (a wait, never an assertion)."""
    still = 0
    for _ in range(WAIT_ROUNDS):
        await pilot.pause(0.02)
        still = still + 1 if laid_out(screen) else 0
        if still >= 3:
            return
    source = screen.source
    raise AssertionError(f"the screen never settled: current line {source.current}, top "
                         f"{source.scroll_y}, height {source.size.height}")


def test_stopped_in_the_training_loop(snap_compare):
    app = make_debugger_app(XOR, ["3"])
    assert snap_compare(app, run_before=stepping(*TO_LINE_53), terminal_size=SIZE)


def test_operations_of_the_current_line(snap_compare):
    app = make_debugger_app(XOR, ["3"])
    assert snap_compare(app, run_before=stepping(*TO_LINE_53), press=["t", "t"],
                        terminal_size=SIZE)


def test_array_as_a_matrix(snap_compare):
    app = make_debugger_app(XOR, ["3"])
    # into the variables, up from h to z0 (4, 4), open it
    assert snap_compare(app, run_before=stepping(*TO_LINE_53), press=["t", "up", "enter"],
                        terminal_size=SIZE)


def test_shape_error(snap_compare):
    app = make_debugger_app("examples/bug_skipped_hidden_layer.py")
    assert snap_compare(app, run_before=stepping("c"), terminal_size=SIZE)


def test_stopped_light_theme(snap_compare):
    app = make_debugger_app(XOR, ["3"], theme="textual-light")
    assert snap_compare(app, run_before=stepping(*TO_LINE_53), terminal_size=SIZE)
