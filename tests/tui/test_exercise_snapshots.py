"""Snapshots at 80x24 of an exercise result and of the training screen before training.
Accepted only after looking at them (see the SVGs in __snapshots__)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from nntutor.engine.network import Layer
from nntutor.lessons.model import Exercise, Lesson, Variable, Walkthrough, WrongAnswer
from nntutor.store import ProgressStore
from nntutor.tui.screens.exercise import ExerciseScreen
from nntutor.tui.screens.training import TrainingScreen
from nntutor.tui.widgets.exercise_panel import ExercisePanel
from nntutor.tui.widgets.training_panel import TrainingPanel

EXERCISE = Exercise(
    id="dw1", prompt="With δ1 = ∂L/∂Z1 in hand, finish the backward pass:\nwrite ∂L/∂W1.",
    derive="∂L/∂W1", target="dW1",
    variables=(Variable("X", ("n", "in"), "X"), Variable("dZ1", ("n", "h1"), "dZ1")),
    answer="X.T @ dZ1",
    hints=("Same recipe as any dense layer: input transposed, times δ.",
           "W1 is (in, h1), X is (n, in), δ1 is (n, h1).", "X.T @ dZ1"),
    wrong=(WrongAnswer("dZ1.T @ X", "Right numbers, wrong orientation: this is (h1, in),\n"
                                    "the transpose of W1. Put X's transpose on the left."),),
    result_dims=("in", "h1"), line=1, explanation="Xᵀ is (in, n): the product sums over n.",
)


def xor_lesson(walk: Walkthrough) -> Lesson:
    return Lesson("snap-xor", "A dense layer and XOR", "", (), (), walk, (EXERCISE,),
                  Path("snap.toml"))


XOR = Walkthrough((Layer(2, 4, "tanh"), Layer(4, 1, "sigmoid")), "xor", "glorot_uniform", 0,
                  "half_sse", None, 0.5, 100, ("in", "h1", "out"), 4, None, None)
CELSIUS = Walkthrough((Layer(1, 2, "linear"), Layer(2, 1, "linear")), "celsius",
                      "small_uniform", 0, "mse", None, 0.05, 2000, ("in", "h1", "out"), 4,
                      None, None)


class ExerciseHost(App):
    def __init__(self, home: Path):
        super().__init__()
        self.home = home

    def on_mount(self) -> None:
        self.store = ProgressStore.open(self.home)
        self.push_screen(ExerciseScreen(xor_lesson(XOR), "dw1", self.store))


class TrainingHost(App):
    def on_mount(self) -> None:
        self.push_screen(TrainingScreen(Lesson("snap-c", "Celsius to Fahrenheit", "", (), (),
                                               CELSIUS, (), Path("c.toml"))))


def answer(text: str, then: tuple[str, ...] = ()):
    async def run_before(pilot) -> None:
        await pilot.pause()
        panel = pilot.app.screen.query_one(ExercisePanel)
        panel.input.cursor_blink = False  # a blinking cursor would make the picture random
        panel.input.value = text
        panel.focus_input()  # the screen opens reading; enter then checks the answer
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*then)
        await pilot.pause()
    return run_before


def test_wrong_answer_result(snap_compare, tmp_path):
    assert snap_compare(ExerciseHost(tmp_path), terminal_size=(80, 24),
                        run_before=answer("dZ1.T @ X"))


def test_solved_after_a_hint(snap_compare, tmp_path):
    assert snap_compare(ExerciseHost(tmp_path), terminal_size=(80, 24),
                        run_before=answer("np.dot(X.T, dZ1)", then=("h",)))


def test_training_screen_before_training(snap_compare):
    async def run_before(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        panel = pilot.app.screen.query_one(TrainingPanel)
        for _ in range(50):
            if panel.snapshot is not None:
                break
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(TrainingHost(), terminal_size=(80, 24), run_before=run_before)


def test_show_answer_asks_first(snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.screen.query_one(ExercisePanel).input.cursor_blink = False
        await pilot.press("h", "a")
        await pilot.pause()

    assert snap_compare(ExerciseHost(tmp_path), terminal_size=(80, 24), run_before=run_before)
