"""The lesson picker driven with Pilot: lessons in course order with progress, broken files
with their errors, opening a lesson and coming back, and a launch that stays light."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from nntutor.store import ProgressStore
from nntutor.tui.app import make_app
from nntutor.tui.screens.exercise import ExerciseScreen
from nntutor.tui.screens.help import HelpScreen
from nntutor.tui.screens.lesson import LessonScreen
from nntutor.tui.screens.picker import PickerScreen, curriculum_order, layer_order


def option_texts(screen: PickerScreen) -> list[str]:
    return screen.browser.entry_texts()


def details(screen: PickerScreen) -> str:
    return screen.browser.details_text()


async def test_picker_lists_lessons_in_course_order_and_broken_files(only_fixture_lessons,
                                                                     tmp_path):
    app = make_app(home=tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        texts = option_texts(screen)
        # second-step (file s...) needs tiny-net (file t...), so it comes after it
        assert texts[0] == "1. Tiny network  ← next\n0/1 solved · 1 left"
        header = str(screen.browser.header)
        assert "Overall 0/1 solved · 1 left · next: 1. Tiny network" in header
        assert texts[1] == "2. After the tiny one\nno exercises"
        assert texts[2] == "broken.toml\n⚠ broken: 2 problems"
        shown = details(screen)
        assert "A 2-3-1 tanh/sigmoid network stepped one operation at a time." in shown
        assert "Network  2-3-1 tanh/sigmoid on xor, loss bce" in shown  # layer order
        assert "· ∂L/∂W2  (dw2)" in shown
        await pilot.press("down")
        shown = details(screen)
        assert "Prerequisites\n  · Tiny network" in shown
        await pilot.press("down")
        shown = details(screen)
        assert "This lesson file could not be loaded" in shown
        assert '3:1: title in the lesson must be a string, not the number 42' in shown
        await pilot.press("enter")  # a broken file does not open; it says why
        assert app.screen is screen
        messages = [n.message for n in app._notifications]
        assert any("broken.toml:1:1: the lesson is missing 'section'" in m and
                   m.endswith("(and 1 more)") for m in messages), messages


async def test_progress_from_the_store_shows_in_the_picker(only_fixture_lessons, tmp_path):
    home = tmp_path / "home"
    with ProgressStore.open(home) as store:
        store.record_attempt("tiny-net", "dw2", "A1.T @ dZ2", "correct", "")
    app = make_app(home=home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert option_texts(screen)[0] == "1. Tiny network\n✓ 1/1 solved"
        assert "Exercises  ✓ 1/1 solved\n  ✓ ∂L/∂W2  (dw2)" in details(screen)
        assert "every exercise done" in str(screen.browser.header)
        await pilot.press("down")
        assert "Prerequisites\n  ✓ Tiny network" in details(screen)


async def test_open_a_lesson_step_and_come_back(only_fixture_lessons, tmp_path):
    app = make_app(home=tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        await pilot.press("enter")
        lesson_screen = app.screen
        assert isinstance(lesson_screen, LessonScreen)
        assert lesson_screen.lesson.id == "tiny-net"
        await app.workers.wait_for_complete()  # the pass is traced in a worker
        await pilot.pause()
        await pilot.press("n", "n")
        assert lesson_screen.index == 2
        await pilot.press("escape")
        assert app.screen is picker


async def test_exercise_and_hint_from_the_lesson_update_progress(only_fixture_lessons,
                                                                tmp_path):
    home = tmp_path / "home"
    app = make_app(home=home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        lesson_screen = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("h")
        exercise_screen = app.screen
        assert isinstance(exercise_screen, ExerciseScreen)
        assert exercise_screen.exercise.id == "dw2"
        assert exercise_screen.panel.hints_shown == 1
        assert app.store.hints_taken("tiny-net", "dw2") == 1
        # solve it the way the exercise screen records it, then go back
        app.store.record_attempt("tiny-net", "dw2", "A1.T @ dZ2", "correct", "")
        exercise_screen.dismiss(None)
        await pilot.pause()
        assert app.screen is lesson_screen
        assert "exercises 1/1" in str(lesson_screen.query_one("#lesson-bar").content)
        lesson_screen.dismiss(None)
        await pilot.pause()
        assert option_texts(app.screen)[0] == "1. Tiny network\n✓ 1/1 solved"


async def test_keys_line_and_help_on_the_picker(only_fixture_lessons, tmp_path):
    app = make_app(home=tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        browser = app.screen.browser
        assert browser.keys_text() == "enter Open lesson   ? Help   q Quit"
        # the keys are clickable: "? Help" starts after "enter Open lesson   "
        await pilot.click(browser, offset=(1 + len("enter Open lesson   "), 23))
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.table()
        keys = [str(c) for c in table.columns[0]._cells]
        descriptions = [str(c) for c in table.columns[1]._cells]
        for key in ("enter", "↑", "↓", "home", "end", "pageup", "?", "q", "ctrl+t"):
            assert key in keys, key
        assert "open the highlighted lesson" in descriptions
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("down", "up", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("q")
    assert app.return_code == 0


def test_progress_labels_and_course_order():
    from nntutor.tutor.progress import LessonProgress

    assert LessonProgress("l", "L", 0, (), ()).label() == "no exercises"
    assert LessonProgress("l", "L", 3, ("a",), ()).label() == "1/3 solved · 2 left"
    assert LessonProgress("l", "L", 3, ("a", "b"), ("c",)).label() == "2/3 solved · 1 revealed"
    assert LessonProgress("l", "L", 2, ("a", "b"), ()).label() == "✓ 2/2 solved"
    assert layer_order(["tanh", "sigmoid"]) == "tanh/sigmoid"
    assert layer_order(["relu"] * 4 + ["sigmoid"]) == "4×relu/sigmoid"

    class L:
        def __init__(self, id, pre=()):
            self.id, self.prerequisites = id, pre

    lessons = [L("c", ("b",)), L("a"), L("b", ("a", "missing")), L("x", ("x",))]
    assert [l.id for l in curriculum_order(lessons)] == ["a", "b", "c", "x"]


def test_launching_the_picker_imports_no_scikit_learn_and_no_lesson_runtime(tmp_path):
    script = textwrap.dedent(f"""
        import asyncio, sys
        from nntutor.tui.app import make_app
        async def main():
            app = make_app(home={str(tmp_path)!r})
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                assert type(app.screen).__name__ == "PickerScreen", app.screen
        asyncio.run(main())
        heavy = [m for m in ("sklearn", "nntutor.lessons.runtime", "nntutor.engine.trace",
                             "nntutor.tui.screens.lesson") if m in sys.modules]
        print("heavy:", heavy)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "heavy: []" in out.stdout


async def test_a_revealed_exercise_is_not_called_solved_in_the_picker(only_fixture_lessons,
                                                                      tmp_path):
    home = tmp_path / "home"
    with ProgressStore.open(home) as store:
        store.record_reveal("tiny-net", "dw2")
        store.record_attempt("tiny-net", "dw2", "A1.T @ dZ2", "correct", "")
    app = make_app(home=home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert option_texts(screen)[0] == "1. Tiny network\n0/1 solved · 1 revealed"
        assert "◐ ∂L/∂W2  (dw2)  (answer shown)" in details(screen)
        assert "Overall 0/1 solved · 1 revealed · 0 left" in str(screen.browser.header)
