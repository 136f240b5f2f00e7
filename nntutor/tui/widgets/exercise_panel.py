"""One exercise: the prompt, the answer line with a live shape preview, the verdict, the hints.

As the learner types, the expression's shape is inferred in the exercise's named dimensions
(`X.T @ d` → `(in, out)`); a clash says which operands and which dims, never the corrected
expression. Enter checks the answer in a thread worker through the exercise session
(`nntutor.tutor.exercise_session`), which records it. Hints come one at a time (h), from a
nudge to a worked step; the reference answer is shown only by "show answer" (a), after a
confirmation, or once the exercise is solved.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from nntutor.store import REVEALED, ProgressStore
from nntutor.tutor.exercise_session import ExerciseSession
from nntutor.tui.widgets.exercise_text import (
    VERDICT_TITLES,
    diagnosis_label,
    reflow,
    same_shape,
    shape_text,
)
from nntutor.tui.widgets.expression_input import ExpressionInput


class ExercisePanel(Widget, can_focus=True):
    """Attributes down (lesson, exercise, store), messages up (`Checked`)."""

    DEFAULT_CSS = """
    ExercisePanel { layout: vertical; height: 1fr; padding: 0 1; }
    ExercisePanel #exercise-head { height: 1; }
    ExercisePanel #exercise-title { width: 1fr; text-style: bold; }
    ExercisePanel #exercise-mark { width: auto; color: $text-muted; }
    ExercisePanel.-solved #exercise-mark { color: $text-success; text-style: bold; }
    ExercisePanel #exercise-derive { color: $text-accent; text-style: bold; }
    ExercisePanel #exercise-vars { color: $text-muted; margin-bottom: 1; }
    ExercisePanel #exercise-entry { height: auto; }
    ExercisePanel #exercise-entry Button { width: auto; min-width: 8; margin: 1 0 0 1; }
    ExercisePanel #exercise-preview { height: auto; min-height: 1; padding-left: 2; }
    ExercisePanel #exercise-feedback { height: 1fr; margin-top: 1; }
    ExercisePanel #exercise-feedback > Static { margin-bottom: 1; }
    ExercisePanel #exercise-verdict.-correct { border-left: thick $success; padding-left: 1; }
    ExercisePanel #exercise-verdict.-wrong { border-left: thick $error; padding-left: 1; }
    ExercisePanel #exercise-hints { color: $text; }
    ExercisePanel #exercise-answer { border-left: thick $accent; padding-left: 1; }
    """

    BINDINGS = [
        # Page keys work even while typing: the verdict and hints may not fit at 80x24.
        Binding("pagedown", "scroll_feedback(1)", "Scroll down", show=False),
        Binding("pageup", "scroll_feedback(-1)", "Scroll up", show=False),
    ]

    class Checked(Message):
        """An answer was checked; `verdict` is the checker's Verdict (verdict, diagnosis...)."""

        def __init__(self, panel: "ExercisePanel", answer: str, verdict):
            super().__init__()
            self.panel = panel
            self.answer = answer
            self.verdict = verdict

        @property
        def control(self) -> "ExercisePanel":
            return self.panel

    class _Result(Message):
        """From the check worker to the panel."""

        def __init__(self, answer: str, verdict, error: str | None, store_error: str | None):
            super().__init__()
            self.answer = answer
            self.verdict = verdict
            self.error = error
            self.store_error = store_error

    def __init__(self, lesson, exercise, store: ProgressStore | None, *, position: str = "",
                 **kw):
        super().__init__(**kw)
        self.lesson = lesson
        self.exercise = exercise
        self.store = store if store is not None else ProgressStore.in_memory()
        self.position = position  # e.g. "2 of 6", shown in the title when given
        self.session = ExerciseSession(lesson, exercise, self.store)
        self.checking = False
        self.last_verdict = None
        self.preview_kind = "empty"  # empty | ok | other_shape | incomplete | clash | refused

    # -- layout -------------------------------------------------------------------------
    @property
    def hints_shown(self) -> int:
        return self.session.hints_shown

    @property
    def answer_shown(self) -> bool:
        return self.session.revealed

    @property
    def solved(self) -> bool:
        return self.session.finished

    @property
    def attempt_count(self) -> int:
        return len(self.session.attempts)

    def compose(self) -> ComposeResult:
        ex = self.exercise
        with Horizontal(id="exercise-head"):
            title = f"Exercise {self.position} · {ex.id}" if self.position else f"Exercise {ex.id}"
            yield Static(title, id="exercise-title", markup=False)
            yield Static(self._mark_text(), id="exercise-mark", markup=False)
        yield Static(Content.assemble("Derive ", (ex.derive, "bold"), ", shape ",
                                      shape_text(ex.result_dims)), id="exercise-derive")
        yield Static(reflow(ex.prompt), id="exercise-prompt", markup=False)
        yield Static(self._variables_text(), id="exercise-vars")
        with Horizontal(id="exercise-entry"):
            yield ExpressionInput(
                history=[a.answer for a in self.session.attempts],
                placeholder="a NumPy expression over the names above, then Enter",
                id="exercise-input",
            )
            yield Button("Check", id="exercise-check", compact=True, variant="primary")
            yield Button("Hint", id="exercise-hint", compact=True)
            yield Button("Answer", id="exercise-reveal", compact=True)
        yield Static(id="exercise-preview")
        with VerticalScroll(id="exercise-feedback", can_focus=False):
            yield Static(id="exercise-verdict")
            yield Static(id="exercise-hints")
            yield Static(id="exercise-answer")

    def on_mount(self) -> None:
        self._warm_up()
        self.set_class(self.solved, "-solved")
        self.query_one("#exercise-verdict", Static).display = False
        self._show_preview("")
        self._show_hints()
        self._show_answer()
        self._warn()
        if self.session.attempts:
            last = self.session.attempts[-1]
            self._verdict_box().update(Content.assemble(
                ("Last time: ", "$text-muted"), (last.answer, "bold"),
                (f"  {last.verdict}, {diagnosis_label(last.diagnosis)}", "$text-muted")))

    def _variables_text(self) -> Content:
        parts: list = [("You have: ", "$text-muted")]
        for i, var in enumerate(self.exercise.variables):
            if i:
                parts.append(" · ")
            parts.append((var.name, "bold $text"))
            parts.append(" " + (shape_text(var.dims) if var.dims else "scalar"))
        if "n" not in {v.name for v in self.exercise.variables}:
            parts += [" · ", ("n", "bold $text"), " batch size"]
        parts.append(" · np")
        return Content.assemble(*parts)

    def _mark_text(self) -> str:
        tries = f"{self.attempt_count} attempt{'s' if self.attempt_count != 1 else ''}"
        if self.hints_shown:
            tries += f" · {self.hints_shown} hint{'s' if self.hints_shown != 1 else ''}"
        if self.session.outcome == REVEALED:
            return f"✓ revealed · {tries}"
        return f"✓ solved · {tries}" if self.solved else tries

    def _warn(self) -> None:
        """A store that failed: say so once, keep going."""
        if self.session.warning:
            self.notify(self.session.warning, severity="warning")
            self.session.warning = None

    @property
    def input(self) -> ExpressionInput:
        return self.query_one("#exercise-input", ExpressionInput)

    def focus_input(self) -> None:
        self.input.focus()

    # -- live shape preview -------------------------------------------------------------
    @on(Input.Changed, "#exercise-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_preview(event.value)

    def _show_preview(self, text: str) -> None:
        kind, content = self.preview(text)
        self.preview_kind = kind
        self.query_one("#exercise-preview", Static).update(content)

    def preview(self, text: str) -> tuple[str, Content]:
        """(kind, what to show) for the text typed so far: its shape, or what clashes."""
        p = self.session.preview(text)
        if p.kind == "empty":
            return "empty", Content.styled("shape preview: type an answer above", "$text-muted")
        if p.kind in ("clash", "refused"):
            return p.kind, Content.assemble(("✗ ", "$text-error bold"), (p.message, "$text-error"))
        if p.kind == "incomplete":
            return p.kind, Content.assemble(("… ", "$text-muted"), (p.message, "$text-muted"))
        if p.kind == "error":
            return p.kind, Content.assemble(("✗ ", "$text-warning bold"),
                                            (p.message, "$text-warning"))
        if p.kind == "ok":
            return "ok", Content.assemble(("shape ", "$text-muted"), (shape_text(p.shape), "bold"),
                                          ("  ✓ the shape asked for" if p.wanted else "",
                                           "$text-success"))
        return "other_shape", Content.assemble(
            ("shape ", "$text-muted"), (shape_text(p.shape), "bold $text-warning"),
            ("  but ", "$text-muted"), (self.exercise.derive, "$text-muted"),
            (f" is {shape_text(p.wanted)}", "$text-muted"))

    # -- checking -----------------------------------------------------------------------
    @on(Input.Submitted, "#exercise-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_check()

    @on(Button.Pressed, "#exercise-check")
    def _check_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_check()

    def action_check(self) -> None:
        answer = self.input.value.strip()
        if not answer:
            self._show_preview("")
            self.query_one("#exercise-preview", Static).update(
                Content.styled("type an answer first, then press Enter", "$text-warning"))
            return
        if self.checking:
            return
        self.checking = True
        self._verdict_box().update(
            Content.styled(f"checking {answer} …", "$text-muted"))
        self._check(answer)

    @work(thread=True, group="exercise-warm-up")
    def _warm_up(self) -> None:
        """Start the checker's sandbox while the learner reads the prompt: the first check
        then answers in milliseconds instead of paying the worker's ~0.3 s start."""
        from nntutor.checker.sandbox import warm_up

        warm_up()

    @work(thread=True, exclusive=True, group="exercise-check")
    def _check(self, answer: str) -> None:
        try:
            verdict = self.session.check(answer)
        except Exception as exc:  # a broken lesson must not take the app down
            self.post_message(self._Result(answer, None, f"this exercise cannot be checked: "
                                                         f"{exc}", None))
            return
        self.post_message(self._Result(answer, verdict, None, None))

    @on(_Result)
    def _result(self, message: _Result) -> None:
        message.stop()
        self.checking = False
        if message.error:
            self._verdict_box().update(
                Content.styled(message.error, "$text-error"))
            return
        self._warn()
        verdict = message.verdict
        self.last_verdict = verdict
        self.input.remember(message.answer)
        self.set_class(self.solved, "-solved")
        self.query_one("#exercise-mark", Static).update(self._mark_text())
        self._show_verdict(message.answer, verdict)
        self._show_hints()
        self._show_answer()
        self.query_one("#exercise-feedback", VerticalScroll).scroll_home(animate=False)
        self.post_message(self.Checked(self, message.answer, verdict))

    def _verdict_box(self) -> Static:
        """The verdict area, shown from the first thing it has to say."""
        box = self.query_one("#exercise-verdict", Static)
        box.display = True
        return box

    def _show_verdict(self, answer: str, verdict) -> None:
        box = self._verdict_box()
        correct = verdict.verdict == "correct"
        box.set_class(correct, "-correct")
        box.set_class(not correct, "-wrong")
        title = VERDICT_TITLES.get(verdict.verdict, verdict.verdict)
        parts: list = [(title, "bold $text-success" if correct else "bold $text-error")]
        if not correct and verdict.diagnosis not in ("", verdict.verdict):
            parts.append((f": {diagnosis_label(verdict.diagnosis)}", "bold $text-error"))
        if len(answer) <= 30:  # a long answer stays in the input; echoing it would wrap
            parts += [("   ", ""), (answer, "$text-muted")]
        said = self.session.feedback(verdict)
        words = said.note or said.message
        if words:
            parts.append("\n" + reflow(words))
        expected = getattr(verdict, "expected_shape", None)
        got = getattr(verdict, "got_shape", None)
        if not correct and expected is not None:
            parts.append(("\nexpected ", "$text-muted"))
            parts.append((shape_text(expected), "bold"))
            if got is not None:  # an answer that does not compute has no shape to show
                parts.append(("  got ", "$text-muted"))
                same = shape_text(got) == shape_text(expected)
                parts.append((shape_text(got), "bold" if same else "bold $text-error"))
        box.update(Content.assemble(*parts))

    def action_scroll_feedback(self, direction: int) -> None:
        box = self.query_one("#exercise-feedback", VerticalScroll)
        if direction > 0:
            box.scroll_page_down(animate=False)
        else:
            box.scroll_page_up(animate=False)

    # -- hints and the answer ------------------------------------------------------------
    @on(Button.Pressed, "#exercise-hint")
    def _hint_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_hint()

    def action_hint(self) -> None:
        """The next rung of the hint ladder, from a nudge to a worked step."""
        if self.session.take_hint() is None:
            self.notify("No more hints. The reference answer: the Answer button (a), which "
                        "asks first." if not self.session.answer_visible
                        else "No more hints: the reference answer is shown.")
            return
        self._warn()
        self.query_one("#exercise-mark", Static).update(self._mark_text())
        self._show_hints()
        self.query_one("#exercise-feedback", VerticalScroll).scroll_end(animate=False)

    @on(Button.Pressed, "#exercise-reveal")
    def _reveal_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_show_answer()

    def action_show_answer(self) -> None:
        """The reference answer, after the learner confirms; solving it later counts as
        revealed, not solved."""
        if self.session.answer_visible:
            self._show_answer()
            self.query_one("#exercise-feedback", VerticalScroll).scroll_end(animate=False)
            return
        from nntutor.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.session.reveal()
            self._warn()
            self._show_hints()
            self._show_answer()
            self.query_one("#exercise-feedback", VerticalScroll).scroll_end(animate=False)

        self.app.push_screen(ConfirmScreen(
            "Show the reference answer? The exercise will then count as revealed, not "
            "solved, when you answer it.", yes="Show it", no="Keep trying"), answered)

    def _show_hints(self) -> None:
        hints = self.session.hints
        box = self.query_one("#exercise-hints", Static)
        parts: list = []
        for i, hint in enumerate(self.session.shown_hints(), start=1):
            if parts:
                parts.append("\n")
            parts += [(f"Hint {i}/{len(hints)}: ", "bold $text-accent"), reflow(hint)]
        if self.hints_shown and not self.session.answer_visible:
            more = ("next hint: the Hint button, or h when not typing"
                    if self.session.more_hints
                    else "no more hints; the Answer button (a) shows the reference answer")
            parts.append((f"\n({more})", "$text-muted"))
        box.update(Content.assemble(*parts))
        box.display = bool(parts)

    @property
    def answer_visible(self) -> bool:
        return self.session.answer_visible

    def _show_answer(self) -> None:
        box = self.query_one("#exercise-answer", Static)
        self.query_one("#exercise-reveal", Button).display = not self.answer_visible
        box.display = self.answer_visible
        if not self.answer_visible:
            box.update("")
            return
        parts: list = [("Reference answer: ", "bold"),
                       (self.session.reference, "bold $text-accent")]
        explanation = getattr(self.exercise, "explanation", "")
        if explanation:
            parts.append("\n" + reflow(explanation))
        box.update(Content.assemble(*parts))
