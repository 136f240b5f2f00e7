"""The name screen at 80x24, empty and after a refused name. Accepted after looking at them
(the SVGs in __snapshots__)."""

from __future__ import annotations

from nntutor.serve.app import ServeApp


def app(tmp_path):
    return ServeApp(tmp_path / "class")


async def stop_warm_up(pilot) -> None:
    await pilot.app.workers.wait_for_complete()


def test_name_screen(snap_compare, tmp_path):
    assert snap_compare(app(tmp_path), terminal_size=(80, 24), run_before=stop_warm_up)


def test_name_refused(snap_compare, tmp_path):
    async def refused(pilot) -> None:
        await pilot.pause()
        await pilot.press(*"ada lovelace")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()

    assert snap_compare(app(tmp_path), terminal_size=(80, 24), run_before=refused)
