"""The debugger screen under stress: ctrl+c, a flood of output; and the picker after the
terminal grows. Real runs; waits are generous loops, never timing assertions."""

from __future__ import annotations

import asyncio
import os
import tempfile
import textwrap
from pathlib import Path

import pytest

from nntutor.tui.debugger_app import make_debugger_app
from nntutor.tui.widgets import debug_output
from nntutor.tui.widgets.debug_output import OutputLog

from .test_debugger_screen import WAIT_ROUNDS, key, quit_app, settle, until


def script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "script.py"
    path.write_text(textwrap.dedent(body))
    return str(path)


async def wait_running(pilot, screen) -> None:
    await until(pilot, lambda: screen.shows_running, "the script running")


@pytest.mark.parametrize("body", [
    """\
    total = 0
    while True:
        total += 1
    """,
    """\
    import numpy as np
    def work():
        x = np.zeros(3)
        while True:
            x = x + 1
    work()
    """,
], ids=["top-level-loop", "loop-in-a-function"])
async def test_ctrl_c_while_running_interrupts_the_script_and_the_app_stays(tmp_path, body):
    app = make_debugger_app(script(tmp_path, body))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        key(pilot, "c")
        await wait_running(pilot, screen)
        key(pilot, "ctrl+c")
        await until(pilot, lambda: screen.finished is not None, "the script ending")
        await pilot.pause()
        assert screen.error is not None and screen.error.exc_type == "KeyboardInterrupt"
        assert screen.exit_status == 130
        assert app.return_value is None and app.screen is screen  # no quit prompt, still open
        assert "KeyboardInterrupt" in str(app.screen.query_one("#debug-bar").render())
        await quit_app(pilot)
    assert app.exit_status == 130


async def test_ctrl_c_while_the_script_waits_for_input(tmp_path):
    app = make_debugger_app(script(tmp_path, """\
        name = input("your name? ")
        print("hello", name)
        """))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        key(pilot, "c")
        log = screen.query_one(OutputLog)
        await until(pilot, lambda: log.open and "your name?" in log.text, "the prompt")
        key(pilot, "ctrl+c")
        await until(pilot, lambda: screen.finished is not None, "the script ending")
        assert screen.error.exc_type == "KeyboardInterrupt" and screen.exit_status == 130
        assert "hello" not in log.text
        await quit_app(pilot)


async def test_ctrl_c_at_a_stop_interrupts_at_that_line(tmp_path):
    app = make_debugger_app(script(tmp_path, """\
        a = 1
        b = 2
        """))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        key(pilot, "ctrl+c")
        await until(pilot, lambda: screen.finished is not None, "the script ending")
        assert screen.error.exc_type == "KeyboardInterrupt"
        assert screen.error.location.lineno == 1
        await quit_app(pilot)


async def test_a_flood_of_output_keeps_a_bounded_tail_and_the_whole_output_in_a_file(
        tmp_path, monkeypatch):
    lines = 30_000
    monkeypatch.setattr(debug_output, "MAX_LINES", 1000)
    app = make_debugger_app(script(tmp_path, f"""\
        for i in range({lines}):
            print("line", i, "x" * 60)
        """))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        key(pilot, "c")
        for _ in range(WAIT_ROUNDS * 5):
            await asyncio.sleep(0.01)
            if screen.finished is not None:
                break
        await pilot.pause(0.3)
        log = screen.query_one(OutputLog)
        assert screen.finished is not None
        assert len(log.lines) <= 1000
        assert log.lines[-1][0] == f"line {lines - 1} " + "x" * 60
        assert log.dropped + len(log.lines) == lines  # every line shown or counted
        assert f"{log.dropped:,} earlier lines" in log.note
        path = log.full_output
        assert path and path in log.note
        await quit_app(pilot)
    with open(path, encoding="utf-8") as handle:
        saved = handle.read().splitlines()
    assert len(saved) == lines and saved[1234] == "line 1234 " + "x" * 60
    os.unlink(path)


async def test_short_output_leaves_no_file_behind(tmp_path, monkeypatch):
    # a private temporary folder: other programs (and other tests' apps) write to /tmp too
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    before = set(Path(tempfile.gettempdir()).glob("nntutor-output-*"))
    assert before == set()
    app = make_debugger_app(script(tmp_path, 'print("hi")\n'))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.debugger
        await settle(pilot, screen, 1)
        key(pilot, "c")
        await until(pilot, lambda: screen.finished is not None, "the end")
        assert screen.query_one(OutputLog).lines == [("hi", "stdout")]
        await quit_app(pilot)
    assert set(Path(tempfile.gettempdir()).glob("nntutor-output-*")) == before


@pytest.mark.parametrize("small", [(20, 8), (40, 12)])
async def test_the_picker_shows_its_whole_list_after_the_terminal_grows(tmp_path, small):
    from nntutor.tui.app import make_app
    from nntutor.tui.widgets.lesson_browser import LessonBrowser

    app = make_app(home=tmp_path)
    async with app.run_test(size=small) as pilot:
        browser = app.screen.query_one(LessonBrowser)
        await pilot.press("end")  # the last entry: in a small window the list scrolls
        if small == (40, 12):
            assert browser.list_top > 0
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        lines, _ = browser._list_lines()
        rows = browser.size.height - browser.top - browser.bottom
        assert len(lines) <= rows  # it all fits now...
        assert browser.list_top == 0  # ...and is all shown
        assert browser._entry_at(0) == 0 and browser._entry_at(len(lines) - 1) == \
            len(browser.entries) - 1
