"""The training screen: a lesson's network learning its data, full screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from nntutor.tui.widgets.key_bar import KeyBar
from nntutor.tui.widgets.training_panel import TrainingPanel


class TrainingScreen(Screen[None]):
    """Push with `app.push_screen(TrainingScreen(lesson))`; escape goes back (and stops)."""

    DEFAULT_CSS = """
    TrainingScreen { layout: vertical; }
    TrainingScreen > #training-screen-title {
        height: 1; background: $panel; color: $foreground; text-style: bold; padding: 0 1;
    }
    TrainingScreen > TrainingPanel { padding: 0 1; }
    """

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, lesson, **kw):
        super().__init__(**kw)
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        yield Static(f"{self.lesson.title} · training", id="training-screen-title", markup=False)
        yield TrainingPanel(self.lesson, id="training-panel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(TrainingPanel).focus()

    @property
    def panel(self) -> TrainingPanel:
        return self.query_one(TrainingPanel)

    def action_back(self) -> None:
        self.panel.stop()
        self.dismiss(None)
