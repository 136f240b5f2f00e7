"""The lesson screen driven with Pilot: stepping, jumping, explaining cells, predicting shapes."""

from __future__ import annotations

import pytest

from nntutor.tui.app import make_app
from nntutor.tui.screens.goto import GoToScreen
from nntutor.tui.screens.help import HelpScreen
from nntutor.tui.screens.lesson import LessonScreen
from nntutor.tui.screens.predict import PredictScreen
from nntutor.tui.widgets.graph_strip import GraphStrip
from nntutor.tui.widgets.key_bar import KeyBar
from nntutor.tui.widgets.matrix import CELL_W, HEADER
from nntutor.tui.widgets.step_view import StepView

from .conftest import deep_lesson, deep_tape


def app_for(lesson, tape, tmp_path, **kw):
    return make_app(lesson=lesson, tape=tape, home=tmp_path / "home", **kw)


def view_state(screen: LessonScreen) -> tuple:
    """Everything the learner sees of the step: step view text, graph strip, bar."""
    top, bottom = screen.graph.lines()
    bar = str(screen.query_one("#lesson-bar").content)
    return screen.step_view.snapshot(), top.plain, bottom.plain, bar


async def test_opens_with_the_step_view_focused_so_n_steps_at_once(tiny_lesson, tiny_tape,
                                                                   tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert isinstance(app.focused, StepView)
        assert screen.step_view.index == 0
        await pilot.press("n")
        assert screen.index == 1 and screen.step_view.index == 1
        assert "Step 2 of 15 · forward · Layer 1: add the bias b1" in screen.step_view.text()
        await pilot.press("right", "right", "left")
        assert screen.index == 2


async def test_whole_pass_forward_and_backward_then_back_to_identical_screens(
        tiny_lesson, tiny_tape, tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        seen = [view_state(screen)]
        for _ in range(len(tiny_tape) - 1):
            await pilot.press("n")
            seen.append(view_state(screen))
        assert screen.index == len(tiny_tape) - 1
        assert tiny_tape[screen.index].phase == "backward"
        phases = [s.phase for s in tiny_tape]
        assert "forward" in phases and "backward" in phases
        await pilot.press("n")  # past the end: stays, says so
        assert screen.index == len(tiny_tape) - 1
        for index in range(len(tiny_tape) - 1, -1, -1):
            assert view_state(screen) == seen[index], f"step {index + 1} differs on the way back"
            if index:
                await pilot.press("p")
        assert screen.index == 0
        # all distinct: a view that never changed would also "return identically"
        assert len({state[0] for state in seen}) == len(tiny_tape)


async def test_matrices_show_the_steps_operands_with_shapes(tiny_lesson, tiny_tape, tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.screen.step_view
        shown = view.visible_panes
        assert [p.quantity for p in shown] == ["X", "W1", "XW1"]
        assert [p.title for p in shown] == ["X (n,in)=(4,2)", "W1 (in,h1)=(2,3)",
                                            "XW1 (n,h1)=(4,3)"]
        assert shown[2].is_result and not shown[0].is_result
        assert (shown[2].values == tiny_tape[0].result.value).all()
        text = view.text()
        assert "W1 (in,h1)=(2,3)" in text and "XW1 (n,h1)=(4,3)" in text
        assert "NumPy   XW1 = X @ W1" in text
        assert "Shapes  (4, 2) @ (2, 3) → (4, 3)   named  (n, in) @ (in, h1) → (n, h1)" in text
        W1 = tiny_tape[0].inputs[1].value
        assert f"{W1[1, 2]:.4f}" in text  # every cell fits at 80 columns here
        assert "▎ Pitfall: Each row of X is one sample" in text
        await pilot.press("b")
        assert [p.quantity for p in view.visible_panes] == ["A2", "Y", "dA2"]
        assert "backward starts at the loss (∂L/∂L = 1)   →   gradient leaving: dA2" in view.text()
        await pilot.press("n", "n")  # db2
        assert "gradient arriving: dZ2   →   leaving: db2" in view.text()


async def test_jumps_and_go_to_step(tiny_lesson, tiny_tape, tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("b")
        assert screen.index == tiny_tape.first_of("backward") == 7
        await pilot.press("e")
        assert screen.index == len(tiny_tape) - 1
        await pilot.press("f")
        assert screen.index == 0
        await pilot.press("g")
        assert isinstance(app.screen, GoToScreen)
        await pilot.press("9", "9", "enter")
        assert isinstance(app.screen, GoToScreen)  # stays open with the reason
        error = str(app.screen.query_one("#goto-error").content)
        assert error == "there is no step 99: the steps go from 1 to 15"
        await pilot.press("backspace", "backspace", "7", "enter")
        assert app.screen is screen and screen.index == 6
        assert "Step 7 of 15" in screen.step_view.text()
        await pilot.press("g", "escape")
        assert app.screen is screen and screen.index == 6


async def test_explain_a_cell_with_the_keyboard(tiny_lesson, tiny_tape, tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        view = screen.step_view
        await pilot.press("enter")  # cell mode, in the result
        assert view.active == 2 and view.visible_panes[2].quantity == "XW1"
        await pilot.press("down", "down", "right")
        assert view.visible_panes[2].cursor == (2, 1)
        assert screen.index == 0  # the arrows moved the cursor, not the step
        await pilot.press("enter")
        X, W = tiny_tape[0].inputs[0].value, tiny_tape[0].inputs[1].value
        e = view.explanation
        assert e.target == "XW1[2, 1]"
        assert e.value == pytest.approx(X[2] @ W[:, 1])
        text = view.text()
        assert "▎ XW1[2, 1]: row 2 of X times column 1 of W1, summed over k" in text
        assert f"= {X[2] @ W[:, 1]:.4g}" in text
        assert view.marks["X"].rows == {2} and view.marks["W1"].cols == {1}
        await pilot.press("escape")  # the explanation goes, the note comes back
        assert view.explanation is None and "▎ Pitfall:" in view.text()
        assert view.marks["X"] is None and view.active == 2
        await pilot.press("escape")  # out of cell mode: arrows step again
        assert view.active is None and isinstance(app.focused, StepView)
        await pilot.press("right")
        assert screen.index == 1


async def test_tab_moves_between_the_arrays(tiny_lesson, tiny_tape, tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.screen.step_view
        await pilot.press("tab")
        assert view.active == 0
        await pilot.press("tab", "down", "enter")
        assert view.active == 1 and view.explanation.target == "W1[1, 0]"
        assert "W1 is given (data or an initial parameter), not computed." in view.text()
        await pilot.press("shift+tab")
        assert view.active == 0


async def test_explain_a_backward_cell_by_clicking_it(tiny_lesson, tiny_tape, tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        step = next(s for s in tiny_tape if s.op == "tanh_grad")
        screen.go(step.index)
        await pilot.pause()
        view = screen.step_view
        layout = view.layout()
        _, k, x, _w = next(c for c in layout.columns
                           if c[0] == "pane" and view.visible_panes[c[1]].quantity == "dZ1")
        gutter = view.visible_panes[k].gutter
        # row 1, column 1 of dZ1 (+1 for the view's left padding)
        await pilot.click(view, offset=(1 + x + gutter + CELL_W + 3, layout.top + HEADER + 1))
        dA, A = step.inputs[0].value, step.inputs[1].value
        e = view.explanation
        assert e.target == "dZ1[1, 1]"
        assert "incoming gradient dA1[1, 1] times the local derivative" in e.heading
        assert e.value == pytest.approx(dA[1, 1] * (1 - A[1, 1] ** 2))
        assert view.marks["dA1"].cells == {(1, 1)}
        assert view.active == k


async def test_graph_strip_shows_the_gradient_flowing_back(tiny_lesson, tiny_tape, tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        strip = screen.query_one(GraphStrip)
        top, bottom = strip.lines()
        assert top.plain == "X ─@W1→ XW1 ─+b1→ Z1 ─tanh→ A1 ─@W2→ A1W2 ─+b2→ Z2 ─σ→ A2 ─bce→ L"
        assert "∇" not in bottom.plain
        assert bottom.plain.index("▲") == top.plain.index("XW1") + 1

        def marked() -> set[str]:
            t, b = strip.lines()
            return {name for name in ("A1W2", "XW1", "W1", "W2", "b1", "b2", "Z1", "Z2", "A1",
                                      "A2")
                    if b.plain[t.plain.index(name + " ") if name in ("A1", "Z1")
                               else t.plain.index(name)] in "∇"}

        await pilot.press("b")  # the loss gradient: only A2 has its gradient
        assert strip.current == "L"
        assert strip.received == {"A2"}
        await pilot.press("e")
        assert strip.received == tiny_tape.gradient_received(len(tiny_tape) - 1)
        assert {"W1", "b1", "W2", "b2", "Z1", "Z2", "A1", "A2"} <= strip.received
        await pilot.press("f")
        assert strip.received == set() and strip.current == "XW1"
        # a click on a node jumps to its step (padding 1 + the column of "Z2")
        await pilot.click(strip, offset=(1 + top.plain.index("Z2"), 0))
        assert screen.index == 4 and tiny_tape[4].node == "Z2"
        await pilot.press("b")
        await pilot.click(strip, offset=(1 + top.plain.index("Z2"), 0))
        assert tiny_tape[screen.index].phase == "backward"
        assert tiny_tape[screen.index].node == "Z2" and tiny_tape[screen.index].op == "sigmoid_grad"


async def test_predict_the_shape_then_a_cell_before_a_backward_step(tiny_lesson, tiny_tape,
                                                                     tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("r")
        assert screen.predict and "predict on" in str(screen.query_one("#lesson-bar").content)
        first = tiny_tape.first_of("backward")
        screen.go(first + 1)  # next: db2, shape (1, out)
        await pilot.press("n")
        question = app.screen
        assert isinstance(question, PredictScreen) and question.target.name == "db2"
        await pilot.press(*"(n, out)", "enter")  # wrong: explained, one more try
        said = str(question.query_one("#predict-verdict").content)
        assert "Not yet" in said and "(n, out)" in said and "(1, out)" not in said
        assert question.stage == "shape" and screen.index == first + 1  # nothing revealed
        await pilot.press(*"(1, out)", "enter")
        assert "✓ Right: db2 is (1, out) = (1, 1)" in str(
            question.query_one("#predict-verdict").content)
        assert question.stage == "value" and screen.index == first + 1
        assert "db2[0, 0]" in str(question.query_one("#predict-question").content)
        actual = float(tiny_tape[first + 2].result.value[0, 0])  # -0.00855
        await pilot.press("+", "enter")  # the wrong sign: which column, which sum
        said = str(question.query_one("#predict-verdict").content)
        assert "Not quite: it is negative" in said and "column 0 of dZ2" in said
        await pilot.press("-", "enter")
        said = str(question.query_one("#predict-verdict").content)
        assert "Right sign" in said and f"{actual:.4g}" in said
        assert screen.index == first + 1  # still not revealed until enter
        await pilot.press("enter")
        assert app.screen is screen and screen.index == first + 2
        assert screen.step_view.pane("db2").marks is not None  # the cell is lit
        await pilot.press("n")  # dW2: (h1, out)
        await pilot.press(*"h1, out", "enter")
        assert app.screen.stage == "value"
        await pilot.press("escape")  # skip the cell question: the step is shown
        assert screen.index == first + 3
        await pilot.press("f", "e")  # the jump passes backward steps: say they were skipped
        assert "predictions skipped by the jump" in str(screen.query_one("#lesson-bar").content)
        await pilot.press("r", "f", "n")  # off again: no question
        assert app.screen is screen and screen.index == 1


async def test_help_lists_every_key_of_the_lesson(tiny_lesson, tiny_tape, tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(KeyBar).text
        for key in ("n/→ Next", "p/← Prev", "f Fwd", "b Bwd", "e End", "g Go", "x Exercise",
                    "h Hint", "t Train", "r Predict", "l Text", "? Help", "q Quit"):
            assert key in bar, key
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.table()
        keys = [str(c) for c in table.columns[0]._cells]
        for key in ("n / →", "p / ←", "f", "b", "e", "g", "x", "h", "t", "r", "l", "?", "q"):
            assert key in keys, key
        await pilot.press("escape")
        assert isinstance(app.screen, LessonScreen)


async def test_prose_folds_away_at_80_columns_and_sits_beside_when_wide(tiny_lesson, tiny_tape,
                                                                        tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        prose = screen.query_one("#prose")
        assert not prose.display and screen.step_view.display
        await pilot.press("l")
        assert prose.display and not screen.step_view.display
        await pilot.press("n")  # stepping brings the steps back
        assert not prose.display and screen.step_view.display and screen.index == 1
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        prose = screen.query_one("#prose")
        assert prose.display and screen.step_view.display
        assert prose.region.right <= screen.step_view.region.x
        await pilot.press("l")
        assert not prose.display and screen.step_view.display


async def test_the_tape_is_traced_in_a_worker_when_not_given(tiny_lesson, tmp_path):
    app = make_app(lesson=tiny_lesson, home=tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.tape is not None and len(screen.tape) == 19  # 7 + 8 + 4 updates
        assert screen.tape[-1].phase == "update" and screen.tape[-1].op == "sgd"
        assert screen.step_view.display
        assert app.focused is screen.step_view
        await pilot.press("n")
        assert screen.index == 1


async def test_a_lesson_without_a_network_still_opens(only_fixture_lessons, tmp_path):
    from nntutor.lessons.loader import load_lesson_file

    lesson = load_lesson_file(only_fixture_lessons / "second-step.toml")
    app = make_app(lesson=lesson, home=tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert screen.tape is None
        assert screen.query_one("#prose").display
        await pilot.press("n", "x", "t")
        assert isinstance(app.screen, LessonScreen)
        messages = [n.message for n in app._notifications]
        assert "This lesson has no exercises." in messages
        assert "This lesson has no network to train." in messages


async def test_deep_network_with_large_arrays_steps_and_scrolls(tmp_path):
    tape = deep_tape(rows=64)
    app = app_for(deep_lesson(), tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go(6)  # A2W3 = A2 @ W3: (64, 50) @ (50, 50)
        await pilot.pause()
        view = screen.step_view
        pane = view.pane("W3")
        assert pane.shape == (50, 50)
        layout = view.layout()
        assert layout.height < 50
        visible_rows, visible_cols = pane.visible(view._pane_column(1, layout)[3], layout.height)
        assert visible_cols < 50
        # only the cells on screen were formatted: 64x50 + 50x50 + 64x50 are not
        assert len(pane._texts) == visible_rows * visible_cols
        await pilot.press("tab", "tab")  # into W3
        assert view.visible_panes[view.active] is pane
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", *["down"] * 5, "end")
        assert pane.cursor == (45, 49)
        assert pane.row0 > 0 and pane.col0 > 0  # the cursor was kept in view
        assert f"{tape[6].inputs[1].value[45, 49]:.4f}" in view.text()


async def test_a_failing_trace_is_shown_not_raised(tiny_lesson, tmp_path, monkeypatch):
    from nntutor.lessons import runtime

    def broken(lesson, **kwargs):
        raise ValueError("the xor data could not be built")

    monkeypatch.setattr(runtime, "trace_lesson", broken)
    app = make_app(lesson=tiny_lesson, home=tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        placeholder = str(screen.query_one("#step-placeholder").content)
        assert placeholder == ("Could not build this lesson's network: ValueError: the xor data "
                               "could not be built")
        await pilot.press("n")
        assert screen.tape is None and isinstance(app.screen, LessonScreen)


async def test_resizing_keeps_every_step_drawable(tmp_path):
    tape = deep_tape(rows=16)
    app = app_for(deep_lesson(), tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        for size in ((140, 40), (60, 18), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert screen.query_one("#prose").display == (size[0] >= 110)
            for index in range(0, len(tape), 5):
                screen.go(index)
                text = screen.step_view.text()
                assert f"Step {index + 1} of {len(tape)}" in text
                assert all(len(line) <= screen.step_view.content_region.width
                           for line in text.splitlines())


async def test_help_lists_each_key_once(tiny_lesson, tiny_tape, tmp_path):
    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        keys = [str(c) for c in app.screen.table().columns[0]._cells if str(c)]
        singles = [k for cell in keys for k in cell.split(" / ")]
        assert singles.count("esc") == 1 and len(singles) == len(set(singles))


async def test_x_opens_the_exercise_of_the_step_on_screen(tmp_path):
    from nntutor.lessons.loader import find_lesson
    from nntutor.lessons.runtime import trace_lesson
    from nntutor.tui.screens.exercise import ExerciseScreen

    lesson = find_lesson("two-layer-backprop", ())
    tape = trace_lesson(lesson)
    app = app_for(lesson, tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        step = next(s for s in tape if s.phase == "backward" and s.result.name == "dA1")
        screen.go(step.index)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen) and app.screen.exercise.id == "da1"
        await pilot.press("escape")
        screen.go(0)  # a forward step: no exercise derives it, the first unsolved opens
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.exercise.id == lesson.exercises[0].id


async def test_the_step_view_lays_out_again_on_resize_and_on_the_text_toggle(tmp_path):
    from nntutor.lessons.loader import find_lesson
    from nntutor.lessons.runtime import trace_lesson

    lesson = find_lesson("two-layer-backprop", ())
    app = app_for(lesson, trace_lesson(lesson), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        view = screen.step_view
        await pilot.pause()
        narrow = view.content_region.width
        assert view._layout_size[0] == narrow
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        # drawn for the new width at once, not clipped until the next step
        assert view._layout is not None and view._layout_size == (
            view.content_region.width, view.content_region.height)
        assert view.content_region.width >= 70  # at 120 columns the matrices get the room
        assert screen.query_one("#prose").display
        wide = view.content_region.width
        await pilot.press("l")  # the text folds away: the steps take the whole width
        await pilot.pause()
        assert view.content_region.width > wide
        assert view._layout_size[0] == view.content_region.width
        text = view.text()
        assert all(len(line) <= view.content_region.width for line in text.splitlines())


async def test_the_text_panel_follows_the_step(tmp_path):
    from nntutor.lessons.loader import find_lesson
    from nntutor.lessons.runtime import trace_lesson
    from nntutor.tutor.sections import section_for

    lesson = find_lesson("two-layer-backprop", ())
    tape = trace_lesson(lesson)
    app = app_for(lesson, tape, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.pause()
        step = next(s for s in tape if s.op == "sigmoid_grad")
        screen.go(step.index)
        await pilot.pause()
        k = section_for(lesson.sections, step)
        assert "sigmoid" in lesson.sections[k].title.lower()
        prose = screen.query_one("#prose")
        target = screen.query_one(f"#prose-section-{k}")
        assert prose.scroll_y > 0 and abs(target.virtual_region.y - prose.scroll_y) <= 1


async def test_the_bar_says_when_the_stepped_batch_is_not_the_training_data(tmp_path):
    from nntutor.lessons.loader import find_lesson

    lesson = find_lesson("chain-rule", ())
    app = make_app(lesson=lesson, home=tmp_path / "home")  # traced in the worker
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e")
        bar = str(screen.query_one("#lesson-bar").content)
        n = screen.tape.sizes["n"]
        assert f"stepping n = {n} of {screen.train_rows} training rows" in bar
        assert f"on these {n} rows, not the training loss over all {screen.train_rows}" in bar
        assert "exercises 0/6" in bar  # the count survives at 80 columns: the bar wraps


async def test_the_light_theme_is_remembered(tiny_lesson, tiny_tape, tmp_path):
    from nntutor.tutor.settings import load_settings

    app = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
    assert load_settings(tmp_path / "home") == {"theme": "textual-light"}
    again = app_for(tiny_lesson, tiny_tape, tmp_path)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "textual-light"
    given = app_for(tiny_lesson, tiny_tape, tmp_path, theme="textual-dark")  # --theme wins
    async with given.run_test(size=(80, 24)):
        assert given.theme == "textual-dark"
