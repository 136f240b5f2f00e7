"""The exercise screen driven as a learner would: typing, checking, hints, moving on,
and the progress that is still there in the next session."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from nntutor.engine.network import Layer
from nntutor.lessons.model import Exercise, Lesson, Variable, Walkthrough, WrongAnswer
from nntutor.store import ProgressStore
from nntutor.tui.screens.exercise import ExerciseScreen
from nntutor.tui.widgets.exercise_panel import ExercisePanel
from nntutor.tui.widgets.exercise_text import reflow, shape_text
from nntutor.tui.widgets.expression_input import ExpressionInput

LESSON_ID = "tui-test-xor"

DW1 = Exercise(
    id="dw1", prompt="With δ1 = ∂L/∂Z1 known,\nwrite ∂L/∂W1.", derive="∂L/∂W1",
    target="dW1",
    variables=(Variable("X", ("n", "in"), "X"), Variable("dZ1", ("n", "h1"), "dZ1")),
    answer="X.T @ dZ1",
    hints=("Same recipe as any dense layer.", "W1 is (in, h1); X is (n, in).", "X.T @ dZ1"),
    wrong=(WrongAnswer("dZ1.T @ X", "Right numbers, wrong orientation: put X.T on the left."),),
    result_dims=("in", "h1"), line=1, explanation="Xᵀ sums over the samples.",
)
DB1 = Exercise(
    id="db1", prompt="Write ∂L/∂b1.", derive="∂L/∂b1", target="db1",
    variables=(Variable("dZ1", ("n", "h1"), "dZ1"),),
    answer="np.sum(dZ1, axis=0, keepdims=True)", hints=("Sum over the batch.",), wrong=(),
    result_dims=("1", "h1"), line=2,
)
WALK = Walkthrough((Layer(2, 4, "tanh"), Layer(4, 1, "sigmoid")), "xor", "glorot_uniform", 0,
                   "half_sse", None, 0.5, 100, ("in", "h1", "out"), 4, None, None)
LESSON = Lesson(LESSON_ID, "XOR for tests", "", (), (), WALK, (DW1, DB1), Path("t.toml"))


class Host(App):
    """A bare app that opens one exercise screen over its own progress store."""

    def __init__(self, home: Path, exercise: str = "dw1", lesson: Lesson = LESSON):
        super().__init__()
        self.home = home
        self.exercise_id = exercise
        self.lesson = lesson
        self.checked: list[ExercisePanel.Checked] = []

    def on_mount(self) -> None:
        self.store = ProgressStore.open(self.home)
        self.push_screen(ExerciseScreen(self.lesson, self.exercise_id, self.store))

    def on_exercise_panel_checked(self, message: ExercisePanel.Checked) -> None:
        self.checked.append(message)

    def on_unmount(self) -> None:
        self.store.close()


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def type_answer(pilot, text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


async def check(app, pilot, text: str) -> None:
    panel = app.screen.query_one(ExercisePanel)
    panel.focus_input()
    panel.input.value = text  # as if pasted; typing key by key is tested with the preview
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


# -- words --------------------------------------------------------------------------------
def test_reflow_joins_wrapped_lines_and_keeps_formulas():
    assert reflow("one\ntwo\n\n    z = x·w\nthree") == "one two\n\n    z = x·w\nthree"
    assert shape_text(("in", "h1")) == "(in, h1)" and shape_text(("n",)) == "(n,)"
    assert shape_text(()) == "()"


# -- the live preview -----------------------------------------------------------------------
async def test_live_preview_follows_the_typing(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(ExercisePanel)
        assert app.focused is panel  # the screen opens reading: n, p, h are keys
        await pilot.press("enter")  # start typing
        assert app.focused is panel.input
        assert panel.preview_kind == "empty"
        await type_answer(pilot, "X")
        assert panel.preview_kind == "other_shape"
        assert "(n, in)" in text_of(app, "#exercise-preview")
        await type_answer(pilot, ".T")
        assert "(in, n)" in text_of(app, "#exercise-preview")
        await type_answer(pilot, " @")
        assert panel.preview_kind == "incomplete"
        await type_answer(pilot, " dZ1")
        assert panel.preview_kind == "ok"
        shown = text_of(app, "#exercise-preview")
        assert "(in, h1)" in shown and "the shape asked for" in shown
        panel.input.value = ""
        await type_answer(pilot, "X @ dZ1")
        assert panel.preview_kind == "clash"
        shown = text_of(app, "#exercise-preview")
        assert "(n, in)" in shown and "(n, h1)" in shown  # which operands clash
        assert "X.T @ dZ1" not in shown and "try" not in shown  # never the corrected answer
        panel.input.value = "np.load('x')"
        await pilot.pause()
        assert panel.preview_kind == "refused"
        assert "np.load" in text_of(app, "#exercise-preview")
        assert app.store.attempts(LESSON_ID, "dw1") == []  # previews are not attempts


# -- checking -------------------------------------------------------------------------------
async def test_a_wrong_answer_shows_the_lessons_words_and_is_stored(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await check(app, pilot, "dZ1.T @ X")
        verdict = text_of(app, "#exercise-verdict")
        assert "Not yet: missing transpose" in verdict
        assert "put X.T on the left" in verdict  # the tailored feedback, not the generic one
        assert "expected (in, h1)" in verdict and "got (h1, in)" in verdict
        (attempt,) = app.store.attempts(LESSON_ID, "dw1")
        assert (attempt.answer, attempt.verdict, attempt.diagnosis) == (
            "dZ1.T @ X", "wrong", "missing_transpose")
        assert app.store.solved(LESSON_ID) == set()
        panel = app.screen.query_one(ExercisePanel)
        assert not panel.answer_visible and not panel.query_one("#exercise-answer").display
        assert app.checked[-1].verdict.diagnosis == "missing_transpose"
        assert "1 attempt" in text_of(app, "#exercise-mark")
        assert app.focused is panel.input  # try again straight away


async def test_a_refused_and_an_empty_answer(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")  # nothing typed: nothing checked, nothing stored
        await app.workers.wait_for_complete()
        assert "type an answer first" in text_of(app, "#exercise-preview")
        await check(app, pilot, "X.__class__")
        assert "Refused" in text_of(app, "#exercise-verdict")
        assert [(a.verdict, a.diagnosis) for a in app.store.attempts(LESSON_ID, "dw1")] == [
            ("refused", "refused")]


async def test_a_right_answer_is_solved_and_shows_the_reference(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await check(app, pilot, "dZ1.T @ X")
        await check(app, pilot, "np.dot(X.T, dZ1)")  # an equivalent form is right too
        assert "Correct" in text_of(app, "#exercise-verdict")
        assert app.store.solved(LESSON_ID) == {"dw1"}
        assert [a.verdict for a in app.store.attempts(LESSON_ID, "dw1")] == ["wrong", "correct"]
        panel = app.screen.query_one(ExercisePanel)
        assert panel.solved and panel.has_class("-solved")
        assert "✓ solved · 2 attempts" in text_of(app, "#exercise-mark")
        answer = text_of(app, "#exercise-answer")
        assert "Reference answer: X.T @ dZ1" in answer and "sums over the samples" in answer
        assert "1/2 solved" in text_of(app, "#exercise-bar-title")
        assert app.focused is panel  # solved: single keys work, n moves on
        await pilot.press("n")
        assert app.screen.query_one(ExercisePanel).exercise.id == "db1"


# -- hints and the answer -----------------------------------------------------------------
async def test_hints_go_from_a_nudge_to_a_worked_step_never_the_answer(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(ExercisePanel)
        await pilot.press("i")
        await type_answer(pilot, "h")  # typed into the answer, not a hint
        assert panel.input.value == "h" and panel.hints_shown == 0
        await pilot.press("escape")  # done typing: keys work again
        assert app.focused is panel
        # the lesson's third hint IS the answer: it is not a rung of the ladder
        assert panel.session.hints[:2] == DW1.hints[:2] and len(panel.session.hints) == 3
        assert panel.session.hints[2].startswith("Worked step")
        for taken in (1, 2, 3):
            await pilot.press("h")
            hints = text_of(app, "#exercise-hints")
            assert f"Hint {taken}/3" in hints
            assert "X.T @ dZ1" not in hints and "X.T@dZ1" not in hints
            assert not panel.answer_visible
            assert app.store.hints_taken(LESSON_ID, "dw1") == taken
        assert "(in, n) @ (n, h1) → (in, h1)" in text_of(app, "#exercise-hints")
        await pilot.press("h")  # no more hints: nothing stored, no answer
        assert app.store.hints_taken(LESSON_ID, "dw1") == 3 and not panel.answer_visible
        assert "3 hints" in text_of(app, "#exercise-mark")


async def test_the_answer_is_shown_only_after_confirming_and_then_counts_as_revealed(tmp_path):
    from nntutor.tui.screens.confirm import ConfirmScreen

    app = Host(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(ExercisePanel)
        await pilot.press("a")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep trying
        assert not panel.answer_visible and not app.store.revealed(LESSON_ID, "dw1")
        await pilot.press("a")
        await pilot.press("y")
        assert panel.answer_visible
        assert "Reference answer: X.T @ dZ1" in text_of(app, "#exercise-answer")
        assert app.store.revealed(LESSON_ID, "dw1")
        await check(app, pilot, "X.T @ dZ1")
        assert app.store.outcomes(LESSON_ID) == {"dw1": "revealed"}
        assert "✓ revealed" in text_of(app, "#exercise-mark")
        assert "0/2 solved · 1 revealed · 1 left" in text_of(app, "#exercise-bar-title")


async def test_the_hint_button_works_with_the_mouse(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#exercise-hint")
        assert app.screen.query_one(ExercisePanel).hints_shown == 1


# -- moving between exercises and back ------------------------------------------------------
async def test_previous_next_and_escape(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("p")  # already the first
        assert screen.panel.exercise.id == "dw1"
        await pilot.press("n")
        assert screen.panel.exercise.id == "db1"
        assert "Exercise 2 of 2" in text_of(app, "#exercise-title")
        assert app.focused is screen.panel and screen.panel.input.value == ""
        assert "(n, h1)" in text_of(app, "#exercise-vars")
        assert "n batch size" in text_of(app, "#exercise-vars")  # n is offered everywhere
        await pilot.press("i", "n", "p")  # typing: the letters go into the answer
        assert screen.panel.input.value == "np" and screen.panel.exercise.id == "db1"
        await pilot.press("escape")
        screen.panel.input.value = ""
        await type_answer(pilot, "dZ1.T")  # reading: any other key starts the answer
        assert screen.panel.input.value == "dZ1.T" and app.focused is screen.panel.input
        await pilot.press("escape", "p")
        assert screen.panel.exercise.id == "dw1"
        await pilot.press("escape")
        assert app.screen is not screen


async def test_the_key_bar_shows_the_keys_of_the_mode_and_q_quits(tmp_path):
    from nntutor.tui.widgets.key_bar import KeyBar

    app = Host(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar).text
        for key in ("enter/i Type answer", "n Next exercise", "p Prev", "h Hint", "a Answer",
                    "q Quit", "esc Back"):
            assert key in bar
        await pilot.press("enter")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar).text
        assert "esc Done typing" in bar and "n Next" not in bar and "q Quit" not in bar
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code is not None or not app.is_running


# -- progress across sessions -------------------------------------------------------------
async def test_progress_is_there_in_the_next_session(tmp_path):
    first = Host(tmp_path)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await check(first, pilot, "dZ1.T @ X")
        await check(first, pilot, "X.T @ dZ1")
        await pilot.press("h")  # focus is on the panel after solving
    second = Host(tmp_path)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = second.screen.query_one(ExercisePanel)
        assert panel.solved and panel.hints_shown == 1
        assert "✓ solved · 2 attempts" in text_of(second, "#exercise-mark")
        assert "1/2 solved" in text_of(second, "#exercise-bar-title")
        assert "Last time: X.T @ dZ1" in text_of(second, "#exercise-verdict")
        assert "Reference answer" in text_of(second, "#exercise-answer")
        await pilot.press("i")
        assert isinstance(second.focused, ExpressionInput)
        await pilot.press("up")  # the earlier answers are one key away
        assert panel.input.value == "X.T @ dZ1"
        await pilot.press("up")
        assert panel.input.value == "dZ1.T @ X"
        await pilot.press("down", "down")
        assert panel.input.value == ""


async def test_a_corrupt_store_does_not_stop_the_exercise(tmp_path):
    (tmp_path / "progress.sqlite3").write_bytes(b"garbage" * 500)
    app = Host(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "moved it to" in app.store.notice
        await check(app, pilot, "X.T @ dZ1")
        assert app.store.solved(LESSON_ID) == {"dw1"}


async def test_an_exercise_that_cannot_be_computed_says_so(tmp_path):
    broken = Exercise(
        id="broken", prompt="p", derive="∂L/∂W1", target="dW1",
        variables=(Variable("Q", ("n", "in"), "no_such_quantity"),), answer="Q.T",
        hints=(), wrong=(), result_dims=("in", "n"), line=1)
    lesson = Lesson("broken-lesson", "Broken", "", (), (), WALK, (broken,), Path("b.toml"))
    app = Host(tmp_path, "broken", lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await check(app, pilot, "Q.T")
        assert "this exercise cannot be checked" in text_of(app, "#exercise-verdict")
        assert "no_such_quantity" in text_of(app, "#exercise-verdict")
        assert app.store.attempts("broken-lesson", "broken") == []  # not the learner's fault
        assert not app.screen.query_one(ExercisePanel).checking  # Enter works again
