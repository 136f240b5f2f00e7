"""The tutor in serve mode, driven with Pilot: a name first, per-student progress, resume."""

from __future__ import annotations

from nntutor.serve.app import ServeApp
from nntutor.serve.lesson_screen import ServeLessonScreen
from nntutor.serve.students import read_place
from nntutor.tui.screens.name import NameScreen
from nntutor.tui.screens.picker import PickerScreen

SIZE = (80, 24)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


async def sign_in(pilot, name: str) -> None:
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()


async def test_name_first_then_picker_with_own_store(fixture_lessons, tmp_path):
    app = ServeApp(tmp_path / "class")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, NameScreen)
        assert app.store is None
        await sign_in(pilot, "Ada")
        assert isinstance(app.screen, PickerScreen)
        assert app.student == "Ada"
        assert app.store.path == tmp_path / "class" / "students" / "ada" / "progress.sqlite3"
    # the learner's own home (NNTUTOR_HOME) was never touched
    assert not (tmp_path / "local-home" / "progress.sqlite3").exists()


async def test_a_bad_name_is_refused_with_the_reason(fixture_lessons, tmp_path):
    app = ServeApp(tmp_path / "class")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "a.b")
        assert isinstance(app.screen, NameScreen)
        assert "'.' cannot be used" in str(app.screen.query_one("#name-error").render())
        assert not (tmp_path / "class" / "students").exists()
        await pilot.press("backspace", "backspace", "backspace")
        await sign_in(pilot, "ab")
        assert isinstance(app.screen, PickerScreen)


async def test_no_command_palette(fixture_lessons, tmp_path):
    app = ServeApp(tmp_path / "class")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "ada")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_a_returning_student_continues_at_their_step(fixture_lessons, tmp_path):
    app = ServeApp(tmp_path / "class")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "ada")
        app.screen.open("tiny-net")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ServeLessonScreen)
        await pilot.press("n", "n", "n")
        await pilot.pause()
        assert app.screen.index == 3
    home = tmp_path / "class" / "students" / "ada"
    assert read_place(home).lesson == "tiny-net" and read_place(home).step == 3

    again = ServeApp(tmp_path / "class")
    async with again.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "ADA")
        await pilot.pause()
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(again.screen, ServeLessonScreen)
        assert again.screen.index == 3
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(again.screen, PickerScreen)

    other = ServeApp(tmp_path / "class")
    async with other.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "bob")  # someone else starts at the picker
        await pilot.pause()
        assert isinstance(other.screen, PickerScreen)


async def test_no_blinking_cursor_in_serve_mode(fixture_lessons, tmp_path):
    from textual.widgets import Input

    app = ServeApp(tmp_path / "class")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(Input).cursor_blink is False
        await sign_in(pilot, "ada")
        app.screen.open("tiny-net")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("i")  # type an answer: the answer box has the focus
        await pilot.pause()
        box = app.focused
        assert isinstance(box, Input) and box.cursor_blink is False
