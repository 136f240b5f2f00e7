"""Pilot tests of the debugger screen on the example scripts: real runs, real state.

Each test starts the debugger on a script, waits for the debugger thread's events to reach
the screen (no timing assertions: `settle` only waits), presses keys and checks where the
script stopped, what the panels show and the exit status the app returns.
"""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path

import numpy as np
import pytest

from nntutor.tui.debugger_app import DebuggerApp, make_debugger_app, run
from nntutor.tui.screens.debugger import DebuggerScreen
from nntutor.tui.widgets.debug_array import ArrayScreen
from nntutor.tui.widgets.debug_error import ErrorPanel
from nntutor.tui.widgets.debug_operations import OperationsPanel
from nntutor.tui.widgets.debug_output import OutputLog
from nntutor.tui.widgets.debug_source import SourceView
from nntutor.tui.widgets.debug_variables import VariablesList

ROOT = Path(__file__).resolve().parents[2]
SIZE = (80, 24)
WAIT_ROUNDS = 2000  # pauses of 10 ms: a generous wait on a busy machine, never an assertion


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)


async def settle(pilot, screen: DebuggerScreen, pauses: int) -> None:
    """Wait until the screen has handled `pauses` stops and the script is not running."""
    for _ in range(WAIT_ROUNDS):
        await pilot.pause(0.01)
        if screen.pauses >= pauses and not screen.running:
            return
    raise AssertionError(f"the debugger did not stop (pauses: {screen.pauses}, wanted {pauses})")


def key(pilot, name: str) -> None:
    """Press a key without `pilot.press`'s wait for an idle CPU, which never comes while the
    script runs in the debugger thread."""
    pilot.app.simulate_key(name)


async def press(pilot, screen: DebuggerScreen, *keys: str) -> None:
    """Press each key and wait for the stop it causes."""
    for name in keys:
        before = screen.pauses
        key(pilot, name)
        await settle(pilot, screen, before + 1)


async def quit_app(pilot) -> None:
    """q, then wait for the app to exit (the debugger thread ends first: no pilot.press here,
    its wait for the screen would race with the exit)."""
    app = pilot.app
    app.simulate_key("q")
    for _ in range(WAIT_ROUNDS):
        await asyncio.sleep(0.01)
        if app.return_value is not None:
            return
    raise AssertionError("the app did not exit after q")


async def until(pilot, condition, what: str) -> None:
    for _ in range(WAIT_ROUNDS):
        await pilot.pause(0.01)
        if condition():
            return
    raise AssertionError(f"never happened: {what}")


def line(screen: DebuggerScreen) -> int:
    return screen.paused.location.lineno


def arrays(screen: DebuggerScreen) -> dict[str, tuple]:
    """name -> (shape, change) as the variables panel lists them."""
    return {a.name: (a.shape, a.change) for a in screen.query_one(VariablesList).arrays}


def rows(screen: DebuggerScreen) -> list[str]:
    listing = screen.query_one(VariablesList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def bar(screen: DebuggerScreen) -> str:
    return str(screen.query_one("#debug-bar").content)


def script_file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


async def test_step_into_over_and_out():
    app = make_debugger_app("examples/xor_training_loop.py", ["3"])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        assert line(screen) == 1 and screen.paused.reason == "start"
        assert screen.source.current == 1
        await press(pilot, screen, "a", "a")  # x (line 41), then y (42): stop before 44
        assert line(screen) == 44
        await press(pilot, screen, "s")  # into glorot()
        assert line(screen) == 19 and screen.paused.location.function == "glorot"
        assert "in glorot()" in bar(screen)
        await press(pilot, screen, "n")
        assert line(screen) == 20
        await press(pilot, screen, "o")  # out: back in the caller, after `w0 = glorot(...)`
        assert line(screen) == 45 and screen.paused.location.function == "<module>"
        assert arrays(screen)["w0"] == ((2, 4), "new")
        await press(pilot, screen, "n")  # over `b0 = np.zeros((1, 4))`
        assert line(screen) == 46
        assert arrays(screen)["b0"] == ((1, 4), "new")
        assert arrays(screen)["w0"] == ((2, 4), "")  # not touched by this step
        assert screen.source.current == 46 and screen.source.cursor_line == 46
        await quit_app(pilot)
    assert app.return_value == 0


async def test_operations_panel_for_the_current_and_the_last_line():
    app = make_debugger_app("examples/xor_training_loop.py", ["3"])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        await press(pilot, screen, "a", "a", "n", "n", "n", "n", "n")  # 44..48, then the loop
        assert line(screen) == 51  # z0 = dense(x, w0, b0)
        await press(pilot, screen, "n", "n")
        assert line(screen) == 53  # z1 = dense(h, w1, b1), after h = np.tanh(z0)
        text = screen.query_one(OperationsPanel).text
        assert "line 53 · next to run" in text
        assert "dense(h, w1, b1)" in text and "dense((4, 4), (4, 1), (1, 1))" in text
        assert "line 52 · just ran, made: h (4, 4) new" in text
        assert "np.tanh((4, 4)) → (4, 4)" in text
        await quit_app(pilot)


async def test_breakpoint_by_key_then_continue_stops_there():
    app = make_debugger_app("examples/iris_three_layer.py")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        for _ in range(37):  # the cursor line, from line 1 down to 38: X2 = sigmoid(X1 @ W2)
            key(pilot, "down")
        await pilot.pause()
        assert screen.source.cursor_line == 38
        await pilot.press("b")
        assert screen.controller.breakpoints == (38,)
        assert 38 in screen.source.breakpoints
        await press(pilot, screen, "c")
        assert line(screen) == 38 and screen.paused.reason == "breakpoint"
        assert arrays(screen)["X1"][0] == (150, 8)
        assert arrays(screen)["W2"][0] == (8, 6)
        first = screen.paused.step
        await press(pilot, screen, "c")  # the next epoch
        assert line(screen) == 38 and screen.paused.step > first
        assert arrays(screen)["W2"] == ((8, 6), "changed")  # updated in place by W2 -= ...
        await pilot.press("b")  # off again (the cursor followed the current line)
        assert screen.controller.breakpoints == ()
        await quit_app(pilot)


async def test_breakpoint_by_clicking_the_gutter():
    app = make_debugger_app("examples/bug_bias_shape.py")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        source = screen.query_one(SourceView)
        for _ in range(13):  # bring line 14 into view
            key(pilot, "down")
        await pilot.pause()
        row = 13 - 1 - int(source.scroll_y)  # line 13: b1 = np.zeros((1, 4))
        assert 0 <= row < source.size.height - 1
        await pilot.click(SourceView, offset=(1, row))
        assert screen.controller.breakpoints == (13,)
        await pilot.click(SourceView, offset=(8, row + 1))  # on the code: moves the cursor
        assert source.cursor_line == 14 and screen.controller.breakpoints == (13,)
        await press(pilot, screen, "c")
        assert line(screen) == 13 and screen.paused.reason == "breakpoint"
        assert set(arrays(screen)) == {"X", "W1"}
        await quit_app(pilot)


async def test_run_to_the_next_array_change():
    app = make_debugger_app("examples/celsius_chain_rule.py")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        await press(pilot, screen, "a")  # imports and rng pass; celsius is the first array
        assert line(screen) == 15 and screen.paused.reason == "array"
        assert arrays(screen) == {"celsius": ((100, 1), "new")}
        assert "an array changed" in bar(screen)
        await press(pilot, screen, "a")
        assert line(screen) == 17
        assert arrays(screen)["fahrenheit"] == ((100, 1), "new")
        assert any(r.startswith("+ fahrenheit") and "(100, 1)" in r for r in rows(screen))
        await quit_app(pilot)


async def test_step_back_restores_the_line_and_the_arrays():
    app = make_debugger_app("examples/xor_training_loop.py", ["3"])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        await press(pilot, screen, "a", "a", "n", "n")
        assert line(screen) == 46 and set(arrays(screen)) == {"x", "y", "w0", "b0"}
        await press(pilot, screen, "left")
        assert line(screen) == 45 and not screen.paused.live
        assert set(arrays(screen)) == {"x", "y", "w0"}
        assert screen.source.current == 45 and screen.source.kind == "history"
        assert "recorded" in bar(screen)
        await press(pilot, screen, "p")
        assert line(screen) == 44 and set(arrays(screen)) == {"x", "y"}
        await press(pilot, screen, "right", "f")
        assert line(screen) == 46 and screen.paused.live
        assert set(arrays(screen)) == {"x", "y", "w0", "b0"}
        await press(pilot, screen, "n")  # and the script runs on from where it was
        assert line(screen) == 47
        await quit_app(pilot)


async def test_variables_panel_shows_shapes_and_opens_a_matrix():
    app = make_debugger_app("examples/xor_training_loop.py", ["3"])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        await press(pilot, screen, "a", "a", "n", "n")
        listed = rows(screen)
        w0_row = next(r for r in listed if r.split()[0] == "w0")
        assert "(2, 4)" in w0_row and "float64" in w0_row
        assert next(r for r in listed if "b0" in r).startswith("+ b0")
        variables = screen.query_one(VariablesList)
        variables.focus()
        variables.highlighted = [a.name for a in variables.arrays].index("w0")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArrayScreen)
        shown = app.screen.query_one("#array-matrix").pane.values
        rng = np.random.default_rng(7)  # the script's own glorot(2, 4, rng)
        assert shown.shape == (2, 4)
        np.testing.assert_allclose(shown, rng.uniform(-1.0, 1.0, size=(2, 4)))
        await pilot.press("escape")
        assert app.screen is screen
        await quit_app(pilot)


async def test_shape_error_stops_and_explains_with_the_fix():
    app = make_debugger_app("examples/bug_skipped_hidden_layer.py")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        await press(pilot, screen, "c")
        await until(pilot, lambda: screen.finished is not None, "the script ends")
        assert screen.paused.reason == "exception" and line(screen) == 27
        assert screen.source.current == 27 and screen.source.kind == "exception"
        assert screen.panels.active == "error"
        text = screen.query_one(ErrorPanel).text
        assert "Shape error at bug_skipped_hidden_layer.py:27" in text
        assert "failing operation: np.dot(X, W2)" in text
        assert "X   (100, 2)" in text and "W2  (3, 1)" in text
        assert "inner dimensions 2 and 3 differ" in text
        assert "1. did you mean `np.dot(H, W2)`, the hidden layer's output?" in text
        assert "the line becomes: Y_hat = sigmoid(np.dot(H, W2) + b2)" in text
        assert screen.source.error_span[0] == 27
        assert "ValueError on line 27: exit status 1" in bar(screen)
        await quit_app(pilot)
    assert app.return_value == 1


async def test_error_inside_a_function_names_the_caller():
    app = make_debugger_app("examples/bug_backward_transpose.py")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        await press(pilot, screen, "c")
        await until(pilot, lambda: screen.finished is not None, "the script ends")
        assert line(screen) == 13 and screen.paused.location.function == "backward"
        text = screen.query_one(ErrorPanel).text
        assert "failing operation: H @ delta_out" in text
        assert "H.T @ delta_out" in text
        assert "called from line 29" in text
        await quit_app(pilot)
    assert app.return_value == 1


async def test_stdin_lines_reach_the_script(tmp_path):
    path = script_file(tmp_path, "ask.py", """\
        import numpy as np
        rows = int(input("rows? "))
        name = input("name? ")
        grid = np.ones((rows, 2))
        print(name, grid.shape)
        """)
    app = make_debugger_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        key(pilot, "c")
        output = screen.query_one(OutputLog)
        await until(pilot, lambda: "rows? " in output.text, "the prompt is shown")
        assert screen.panels.active == "output"  # the prompt brought the output panel up
        await until(pilot, lambda: "waiting for input? i types it" in bar(screen),
                    "the bar says the script may be waiting for input")
        await pilot.press("i")
        assert screen.panels.active == "output" and app.focused.id == "stdin"
        await pilot.press("3", "enter")
        await until(pilot, lambda: "name? " in output.text, "the second prompt")
        await pilot.press("s", "a", "n", "enter")  # letters the screen also binds
        await until(pilot, lambda: screen.finished is not None, "the script ends")
        assert output.text.splitlines() == ["rows? 3", "name? san", "san (3, 2)"]
        assert screen.finished.exit_status == 0
        await pilot.press("escape")
        await quit_app(pilot)
    assert app.return_value == 0


async def test_output_panel_and_finished_state():
    app = make_debugger_app("examples/xor_training_loop.py", ["3"])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        await press(pilot, screen, "c")
        await until(pilot, lambda: screen.finished is not None, "the script ends")
        assert screen.finished.how == "completed"
        assert screen.panels.active == "output"
        assert "loss after 3 steps:" in screen.query_one(OutputLog).text
        assert "finished: exit status 0" in bar(screen)
        assert screen.check_action("step", ("over",)) is False  # no stepping after the end
        assert screen.check_action("history", (-1,)) is True
        await quit_app(pilot)
    assert app.return_value == 0


async def test_exit_status_of_sys_exit(tmp_path):
    app = make_debugger_app(script_file(tmp_path, "leave.py", "import sys\nsys.exit(3)\n"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        await press(pilot, screen, "c")
        await until(pilot, lambda: screen.finished is not None, "the script ends")
        assert "exit status 3" in bar(screen)
        await quit_app(pilot)
    assert app.return_value == 3 and app.exit_status == 3


def test_run_returns_the_scripts_exit_status(tmp_path, monkeypatch):
    """`run` (what `nntutor debug` calls), driven headless: continue, then quit."""
    path = script_file(tmp_path, "fails.py", "import numpy as np\nraise SystemExit(4)\n")

    async def drive(pilot):
        screen = pilot.app.debugger
        await settle(pilot, screen, 1)
        key(pilot, "c")
        await until(pilot, lambda: screen.finished is not None, "the script ends")
        key(pilot, "q")

    real_run = DebuggerApp.run
    monkeypatch.setattr(DebuggerApp, "run", lambda self: real_run(
        self, headless=True, size=SIZE, auto_pilot=drive))
    assert run(path, []) == 4


async def test_quit_while_the_script_runs_ends_the_thread(tmp_path):
    path = script_file(tmp_path, "forever.py", """\
        import numpy as np
        w = np.zeros(3)
        while True:
            w = w + 1
        """)
    app = make_debugger_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        key(pilot, "c")
        await until(pilot, lambda: screen.shows_running, "the screen says the script runs")
        assert "running…" in bar(screen)
        assert screen.check_action("step", ("over",)) is False
        assert screen.check_action("pause", ()) is True
        await press(pilot, screen, "space")  # pause
        assert screen.paused.reason == "pause" and line(screen) in (3, 4)
        assert arrays(screen)["w"][0] == (3,)
        key(pilot, "c")
        await until(pilot, lambda: screen.running, "the script runs again")
        await quit_app(pilot)
        assert screen.done
    assert app.return_value == 0


async def test_history_budget_notice_is_a_notification():
    app = make_debugger_app("examples/iris_three_layer.py", memory_budget=4_000)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        seen = []
        original = screen.notify
        screen.notify = lambda message, **kw: (seen.append(message), original(message, **kw))
        await settle(pilot, screen, 1)
        await press(pilot, screen, "a", "a", "a", "a")
        assert any("history: dropped" in message for message in seen)
        await quit_app(pilot)


async def test_help_lists_every_key():
    app = make_debugger_app("examples/bug_bias_shape.py")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        await pilot.press("question_mark")
        await pilot.pause()
        from nntutor.tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        table = app.screen.table()
        keys = [str(cell) for cell in table.columns[0]._cells]
        meanings = " ".join(str(cell) for cell in table.columns[1]._cells)
        for name in ("n", "s", "o", "c", "a", "← / p", "→ / f", "space", "b", "t", "i", "?", "q"):
            assert name in keys
        assert "run to the next line that creates or changes an array" in meanings
        await pilot.press("escape")
        assert app.screen is screen
        await quit_app(pilot)


def test_a_missing_script_is_one_clear_error():
    from nntutor.debugger.script import ScriptError

    with pytest.raises(ScriptError, match="script not found: nowhere.py"):
        make_debugger_app("nowhere.py")


async def test_an_array_with_three_axes_is_stacked_and_a_cell_gives_its_real_index(tmp_path):
    path = script_file(tmp_path, "cube.py", """\
        import numpy as np
        cube = np.arange(24.0).reshape(2, 3, 4)
        done = True
        """)
    app = make_debugger_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        await press(pilot, screen, "a")
        assert arrays(screen) == {"cube": ((2, 3, 4), "new")}
        await pilot.press("t", "enter")
        assert isinstance(app.screen, ArrayScreen)
        matrix = app.screen.query_one("#array-matrix")
        assert matrix.pane.values.shape == (6, 4)
        note = app.screen.query_one("#array-note")
        assert "its first 2 axes are stacked into 6 rows" in str(note.content)
        await pilot.press("down", "down", "down", "down", "right", "right", "enter")
        assert str(note.content) == "cube[1, 1, 2] = 18.0"  # row 4 of the stack: [1, 1]
        await pilot.press("escape")
        await quit_app(pilot)


def test_real_index_of_a_stacked_cell():
    from nntutor.tui.widgets.debug_array import as_grid, real_index

    assert real_index((2, 3, 4), 4, 2) == (1, 1, 2)
    assert real_index((5, 2), 3, 1) == (3, 1)
    assert real_index((7,), 0, 6) == (6,)
    grid, note = as_grid(np.array(["a", "b"]))
    assert grid is None and "cannot be drawn as numbers" in note


def test_event_pipe_coalesces_a_flood_into_one_message():
    from nntutor.tui.widgets.debug_bridge import EventPipe

    class Target:
        posted = 0

        def post_message(self, message):
            self.posted += 1

    target = Target()
    pipe = EventPipe(target)
    for number in range(1000):
        pipe(number)
    assert target.posted == 1
    assert pipe.drain() == list(range(1000))
    pipe("after")
    assert target.posted == 2 and pipe.drain() == ["after"]
