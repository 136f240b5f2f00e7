"""Predict-then-reveal: before a backward step, guess the shape of the gradient it produces.

Enter checks the guess and shows the verdict; a second enter (or esc) reveals the step.
Esc before answering skips the question. Returns True/False for a judged guess, None if skipped.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from nntutor.tui.predict import judge_shape


class PredictScreen(ModalScreen[bool | None]):
    DEFAULT_CSS = """
    PredictScreen { align: center middle; }
    PredictScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: round $warning;
        background: $panel; padding: 0 1;
    }
    PredictScreen #predict-verdict { height: auto; margin-top: 1; }
    PredictScreen #predict-verdict.-right { color: $text-success; }
    PredictScreen #predict-verdict.-wrong { color: $text-error; }
    """
    BINDINGS = [Binding("escape", "skip", "Skip")]

    def __init__(self, step, sizes: dict[str, int] | None = None) -> None:
        super().__init__()
        self.step = step
        self.sizes = sizes or {}
        self.verdict = None

    @property
    def target(self):
        return self.step.result

    def compose(self) -> ComposeResult:
        t = self.target
        known = ", ".join(f"{k} = {v}" for k, v in self.sizes.items() if k != "1")
        with Vertical():
            yield Static(Text.assemble(("Next: ", "bold"), self.step.title))
            yield Static(Text.assemble(
                "What shape will ", (t.name, "bold"), " have?  ",
                ("named dims like (n, h1), or sizes like (8, 4)", "dim")))
            if known:
                yield Static(Text(f"sizes: {known}", style="dim"))
            yield Input(placeholder="(…, …)", id="predict-input", compact=True)
            yield Static("", id="predict-verdict")

    def on_mount(self) -> None:
        self.query_one(Vertical).border_title = "Predict the gradient's shape"
        self.query_one(Input).cursor_blink = False
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if self.verdict is not None:
            self.dismiss(self.verdict.correct)
            return
        t = self.target
        verdict = judge_shape(event.value, t.name, t.dims, t.shape)
        label = self.query_one("#predict-verdict", Static)
        if verdict.message.startswith("Could not read"):
            label.update(verdict.message)
            return
        self.verdict = verdict
        label.set_class(verdict.correct, "-right")
        label.set_class(not verdict.correct, "-wrong")
        label.update(Text.assemble(("✓ " if verdict.correct else "✗ ", "bold"), verdict.message,
                                   ("\nenter: show the step", "dim")))

    def action_skip(self) -> None:
        self.dismiss(None if self.verdict is None else self.verdict.correct)
