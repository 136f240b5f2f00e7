"""Predict, then see: before a backward step, the shape of the gradient it makes, then the
value (or just the sign) of one of its cells.

Nothing of the step is shown until the learner has committed an answer to both questions. A
wrong answer is explained (for the shape, which dims meet in which product; for the cell,
which row and column are multiplied) and may be tried once more; after that the real answer
is shown. Enter after the last verdict reveals the step; escape skips the questions.
The box sits at the top of the screen, so it never covers the step's pitfall text.

Dismissed with True (both right), False (something wrong), or None (skipped).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from nntutor.tui.predict import judge_shape, judge_value, pick_cell, shape_reason

TRIES = 2  # a wrong prediction may be retried once


class PredictScreen(ModalScreen[bool | None]):
    DEFAULT_CSS = """
    PredictScreen { align: center top; }
    PredictScreen > Vertical {
        width: 72; max-width: 100%; height: auto; border: round $warning;
        background: $panel; padding: 0 1; margin-top: 2;
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
        self.stage = "shape"  # shape -> value -> done
        self.tries = 0
        self.verdict = None  # the shape question's final verdict
        self.value_verdict = None
        self.cell = pick_cell(step.result.value)

    @property
    def target(self):
        return self.step.result

    @property
    def cell_name(self) -> str:
        i, j = self.cell
        return f"{self.target.name}[{i}, {j}]"

    def compose(self) -> ComposeResult:
        known = ", ".join(f"{k} = {v}" for k, v in self.sizes.items() if k != "1")
        with Vertical():
            yield Static(Text.assemble(("Next: ", "bold"), self.step.title))
            yield Static(self._question(), id="predict-question")
            if known:
                yield Static(Text(f"sizes: {known}", style="dim"))
            yield Input(placeholder="(…, …)", id="predict-input", compact=True)
            yield Static("", id="predict-verdict")

    def _question(self) -> Text:
        t = self.target
        if self.stage == "shape":
            return Text.assemble("1/2  What shape will ", (t.name, "bold"), " have?  ",
                                 ("named dims like (n, h1), or sizes like (8, 4)", "dim"))
        return Text.assemble("2/2  The cell ", (self.cell_name, "bold reverse"),
                             " (it will be highlighted): its sign or its value?  ",
                             ("+, -, 0 or a number", "dim"))

    def on_mount(self) -> None:
        self.query_one(Vertical).border_title = "Predict, then see"
        self.query_one(Input).cursor_blink = False
        self.query_one(Input).focus()

    def _say(self, text: Text, right: bool | None) -> None:
        label = self.query_one("#predict-verdict", Static)
        label.set_class(right is True, "-right")
        label.set_class(right is False, "-wrong")
        label.update(text)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if self.stage == "done":
            self.dismiss(self.correct)
            return
        if self.stage == "shape":
            self._judge_shape(event.value)
        else:
            self._judge_value(event.value)

    def _judge_shape(self, guess: str) -> None:
        t = self.target
        verdict = judge_shape(guess, t.name, t.dims, t.shape)
        if verdict.message.startswith("Could not read"):
            self._say(Text(verdict.message), None)
            return
        self.tries += 1
        if not verdict.correct and self.tries < TRIES:
            # say which dims, not the answer: the named shape algebra without the result
            reason = shape_reason(self.step)
            known = reason.split("→")[0].strip() if reason else ""
            self._say(Text.assemble(("✗ Not yet. ", "bold"),
                                    f"The operands are {known}. " if known else "",
                                    "Which dims meet and disappear, which remain? One more "
                                    "try."), False)
            self.query_one(Input).value = ""
            return
        self.verdict = verdict
        why = "" if verdict.correct else "\n" + shape_reason(self.step)
        self.stage, self.tries = "value", 0
        self.query_one("#predict-question", Static).update(self._question())
        self.query_one(Input).value = ""
        self.query_one(Input).placeholder = "+, -, 0 or a number"
        self._say(Text.assemble(("✓ " if verdict.correct else "✗ ", "bold"), verdict.message,
                                why), verdict.correct)

    def _explanation(self):
        from nntutor.tui.cell_math import explain_cell

        try:
            return explain_cell(self.step, self.target.name, *self.cell)
        except (KeyError, IndexError, ValueError):
            return None

    def _judge_value(self, guess: str) -> None:
        import numpy as np

        i, j = self.cell
        actual = float(np.atleast_2d(self.target.value)[i, j])
        verdict = judge_value(guess, actual, self.cell_name)
        if verdict.message.startswith("Could not read"):
            self._say(Text(verdict.message), None)
            return
        self.tries += 1
        explained = self._explanation()
        if not verdict.correct and self.tries < TRIES:
            how = f" It is {explained.heading}." if explained else ""
            self._say(Text.assemble(("✗ ", "bold"), verdict.message, how, " One more try."),
                      False)
            self.query_one(Input).value = ""
            return
        self.value_verdict = verdict
        self.stage = "done"
        lines = "\n".join(explained.lines) if explained else f"{self.cell_name} = {actual:.4g}"
        self._say(Text.assemble(("✓ " if verdict.correct else "✗ ", "bold"), verdict.message,
                                "\n", lines, ("\nenter: show the step", "dim")),
                  verdict.correct)

    @property
    def correct(self) -> bool | None:
        if self.verdict is None:
            return None
        return self.verdict.correct and bool(self.value_verdict and self.value_verdict.correct)

    def action_skip(self) -> None:
        self.dismiss(self.correct if self.stage == "done" else None)
