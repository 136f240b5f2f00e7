"""Opening the exercise and training screens (built by the exercise/training side of the TUI)
from the lesson screen, with a chooser when a lesson has several exercises.

Imports happen here, when a key is pressed, so opening a lesson never pays for them.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from nntutor.tui.widgets.key_bar import KeyBar


class ExerciseChooser(ModalScreen[str | None]):
    """Pick one of a lesson's exercises; returns its id (None: cancelled)."""

    DEFAULT_CSS = """
    ExerciseChooser { align: center middle; }
    ExerciseChooser > OptionList {
        width: 70; max-width: 100%; height: auto; max-height: 80%;
        border: round $accent; background: $panel;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, lesson, solved: set[str]) -> None:
        super().__init__()
        self.lesson = lesson
        self.solved = solved

    def compose(self) -> ComposeResult:
        options = []
        for ex in self.lesson.exercises:
            label = Text("✓ " if ex.id in self.solved else "· ", style="bold")
            label.append(f"{ex.derive}  ")
            label.append(ex.id, style="dim")
            options.append(Option(label, id=ex.id))
        yield OptionList(*options)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.border_title = "Exercises  (enter: open, esc: back)"
        unsolved = [k for k, ex in enumerate(self.lesson.exercises) if ex.id not in self.solved]
        options.highlighted = unsolved[0] if unsolved else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PanelScreen(Screen[None]):
    """A full screen around one panel widget, for panels that come without their own screen."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, panel) -> None:
        super().__init__()
        self.panel = panel

    def compose(self) -> ComposeResult:
        yield self.panel
        yield KeyBar()

    def action_back(self) -> None:
        self.dismiss(None)


def _solved(screen) -> set[str]:
    store = screen.store
    if store is None:
        return set()
    try:
        return set(store.solved(screen.lesson.id))
    except Exception:
        return set()


def _exercise_screen(lesson, exercise, store):
    try:
        from nntutor.tui.screens.exercise import ExerciseScreen
    except ImportError:
        ExerciseScreen = None
    if ExerciseScreen is not None:
        return ExerciseScreen(lesson, exercise, store)
    from nntutor.tui.widgets.exercise_panel import ExercisePanel

    return PanelScreen(ExercisePanel(lesson, exercise, store))


def open_exercise(screen, hint: bool = False) -> None:
    """x: open the exercise (a chooser first when there are several); h: and take a hint."""
    lesson = screen.lesson
    if not lesson.exercises:
        screen.notify("This lesson has no exercises.")
        return

    def start(exercise_id: str | None) -> None:
        if exercise_id is None:
            return
        try:
            pushed = _exercise_screen(lesson, lesson.exercise(exercise_id), screen.store)
        except ImportError as exc:
            screen.notify(f"Exercises are not available in this build ({exc}).",
                          severity="error")
            return
        screen.app.push_screen(pushed, lambda _: screen.refresh_progress())
        if hint:
            pushed.call_after_refresh(_take_hint, pushed)

    if len(lesson.exercises) == 1:
        start(lesson.exercises[0].id)
    else:
        screen.app.push_screen(ExerciseChooser(lesson, _solved(screen)), start)


def _take_hint(pushed) -> None:
    from nntutor.tui.widgets.exercise_panel import ExercisePanel

    panels = pushed.query(ExercisePanel)
    if panels:
        panels.first().action_hint()


def open_training(screen) -> None:
    """t: the training screen for the lesson's network."""
    if screen.lesson.walkthrough is None:
        screen.notify("This lesson has no network to train.")
        return
    try:
        from nntutor.tui.screens.training import TrainingScreen
    except ImportError:
        TrainingScreen = None
    if TrainingScreen is not None:
        screen.app.push_screen(TrainingScreen(screen.lesson))
        return
    try:
        from nntutor.tui.widgets.training_panel import TrainingPanel
    except ImportError as exc:
        screen.notify(f"Training is not available in this build ({exc}).", severity="error")
        return
    screen.app.push_screen(PanelScreen(TrainingPanel(screen.lesson)))
