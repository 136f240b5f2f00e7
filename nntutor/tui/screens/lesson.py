"""The lesson screen: the prose beside a live step view of the lesson's network.

    ┌ lesson title · step 5 of 27 · forward ─────────────────────────────┐
    │ X ─@W1→ XW1 ─+b1→ Z1 ─σ→ A1 ...            (GraphStrip)             │
    │ prose (Markdown)        │ StepView: formula, NumPy, shapes, arrays │
    └ footer: every key ─────────────────────────────────────────────────┘

The step view has the focus when the screen opens, so `n` steps at once. Below 110 columns the
prose folds away and `l` swaps between it and the step view.

The tape is either given (tests) or built by `nntutor.lessons.runtime.trace_lesson` in a
thread worker, so loading a dataset (scikit-learn for moons) never freezes the screen. It
records the forward pass, the backward pass, and the gradient-descent update of every
parameter with the lesson's learning rate.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from nntutor.tui.screens import companions
from nntutor.tui.widgets.graph_strip import GraphStrip
from nntutor.tui.widgets.key_bar import KeyBar
from nntutor.tui.widgets.step_view import StepView

WIDE = 110  # columns from which the prose sits beside the step view


def lesson_markdown(lesson) -> str:
    parts = [f"# {lesson.title}", lesson.summary]
    for section in lesson.sections:
        parts += [f"## {section.title}", section.body]
    return "\n\n".join(parts)


class LessonScreen(Screen[None]):
    DEFAULT_CSS = """
    LessonScreen { layout: vertical; }
    LessonScreen #lesson-bar { height: 1; padding: 0 1; background: $panel; color: $text; }
    LessonScreen #graph { padding: 0 1; }
    LessonScreen #lesson-body { height: 1fr; }
    LessonScreen #prose { width: 2fr; height: 1fr; padding: 0 1;
                          border-right: vkey $panel-lighten-2; }
    LessonScreen #step-view { width: 3fr; }
    LessonScreen #step-placeholder { width: 3fr; height: 1fr; content-align: center middle;
                                     color: $text-muted; }
    """
    HELP_TITLE = "Lesson keys"
    BINDINGS = [
        Binding("n,right", "next", "Next", tooltip="next step"),
        Binding("p,left", "previous", "Prev",
                tooltip="previous step (the screen returns exactly to that step)"),
        Binding("f", "jump('forward')", "Fwd", tooltip="start of the forward pass"),
        Binding("b", "jump('backward')", "Bwd", tooltip="start of the backward pass"),
        Binding("e", "jump('end')", "End", tooltip="last step"),
        Binding("g", "go_to", "Go", tooltip="go to step N"),
        Binding("x", "exercise", "Exercise",
                tooltip="the lesson's exercises, from the first one not yet solved"),
        Binding("h", "hint", "Hint", tooltip="open that exercise and take its next hint"),
        Binding("t", "training", "Train", tooltip="train the network, live loss plot"),
        Binding("r", "toggle_predict", "Predict",
                tooltip="ask me the shape of each gradient before showing it (on/off)"),
        Binding("l", "toggle_prose", "Text", tooltip="show or hide the lesson text"),
        Binding("question_mark", "help", "Help", tooltip="this help"),
        Binding("escape", "back", "Back",
                tooltip="clear an explanation, leave a matrix, or back to the lesson list"),
        Binding("q", "app.quit", "Quit", tooltip="quit nntutor"),
    ]
    MATRIX_KEYS = [
        Binding("enter", "", "", tooltip="pick a cell of the result; enter again: how it was "
                "computed, with the numbers (the cells it used light up)"),
        Binding("tab", "", "", tooltip="the next array (shift+tab: the previous one)"),
        Binding("up,down,left,right", "", "", tooltip="move the cell cursor (pageup/pagedown: "
                "ten rows, home/end: the row's ends; the mouse wheel scrolls)"),
        Binding("escape", "", "", tooltip="clear the explanation, then back to stepping"),
        Binding("ctrl+t", "", "", tooltip="switch between the dark and light theme"),
    ]

    predict: reactive[bool] = reactive(False)
    prose_shown: reactive[bool | None] = reactive(None)  # None: automatic (wide: shown)

    def __init__(self, lesson, tape=None, store=None) -> None:
        super().__init__()
        self.lesson = lesson
        self.tape = tape
        self.store = store
        self.index = 0
        self.load_error: str | None = None

    # -- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="lesson-bar")
        yield GraphStrip(id="graph")
        with Horizontal(id="lesson-body"):
            with VerticalScroll(id="prose"):
                yield Static(id="prose-text")
            yield StepView(id="step-view")
            yield Static(id="step-placeholder")
        yield KeyBar()

    def on_mount(self) -> None:
        from rich.markdown import Markdown

        self.query_one("#prose-text", Static).update(Markdown(lesson_markdown(self.lesson)))
        self.step_view.focus()
        if self.tape is not None:
            self.set_tape(self.tape)
        elif self.lesson.walkthrough is None and getattr(self.lesson, "graph", None) is None:
            self._placeholder("This lesson has no network to step through: read the text "
                              "(l) and try its exercises (x).")
            self.prose_shown = True
        else:
            self._placeholder("Building the network and tracing one pass…")
            self.load_tape()
        self._apply_layout()

    def on_resize(self) -> None:
        self._apply_layout()

    @property
    def wide(self) -> bool:
        return self.size.width >= WIDE

    def watch_prose_shown(self) -> None:
        self._apply_layout()

    def _apply_layout(self) -> None:
        if not self.is_mounted:
            return
        prose = self.query_one("#prose")
        has_steps = self.tape is not None
        shown = self.prose_shown
        if self.wide:
            prose.display = True if shown is None else shown
            prose.styles.width = "2fr" if has_steps else "1fr"
            self.step_view.display = has_steps
        else:
            prose.display = bool(shown)
            prose.styles.width = "1fr"
            self.step_view.display = has_steps and not prose.display
        self.query_one("#step-placeholder").display = (
            not has_steps and not (prose.display and not self.wide))
        self._update_bar()

    def _placeholder(self, message: str) -> None:
        self.query_one("#step-placeholder", Static).update(message)

    @property
    def step_view(self) -> StepView:
        return self.query_one(StepView)

    @property
    def graph(self) -> GraphStrip:
        return self.query_one(GraphStrip)

    # -- the tape -----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="trace")
    def load_tape(self) -> None:
        try:
            from nntutor.lessons.runtime import trace_lesson

            # with the learning rate: after backward come the update steps W ← W − η·dW
            network = self.lesson.walkthrough or self.lesson.graph
            tape = trace_lesson(self.lesson, lr=network.lr)
        except Exception as exc:  # shown on screen, one line
            self.app.call_from_thread(self._tape_failed, f"{type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self.set_tape, tape)

    def _tape_failed(self, message: str) -> None:
        self.load_error = message
        self._placeholder(f"Could not build this lesson's network: {message}")

    def set_tape(self, tape) -> None:
        self.tape = tape
        self.graph.set_tape(tape)
        self.step_view.set_tape(tape)
        self._apply_layout()
        self.go(0)
        self.step_view.focus()
        # it was hidden until now; focus again once it is laid out, so `n` works at once
        self.call_after_refresh(self.step_view.focus)

    def go(self, index: int) -> None:
        """Show step `index` (clamped), in the step view and the graph strip."""
        if self.tape is None:
            return
        self.index = max(0, min(len(self.tape) - 1, index))
        step = self.tape[self.index]
        self.step_view.show(self.index)
        self.graph.show_step(step.node, self.tape.gradient_received(self.index))
        self._update_bar()

    def _update_bar(self) -> None:
        bar = Text.assemble((self.lesson.title, "bold"))
        if self.tape is not None:
            step = self.tape[self.index]
            bar.append(" · update (gradient descent)" if step.phase == "update"
                       else f" · {step.phase} pass")
            if self.tape.loss is not None and self.index >= (self.tape.first_of("backward") or 0):
                bar.append(f" · L = {self.tape.loss:.4g}")
        if self.lesson.exercises:
            bar.append(f" · exercises {len(self.solved())}/{len(self.lesson.exercises)}")
        if self.predict:
            bar.append(" · predict on", "bold")
        if not self.wide and self.prose_shown:
            bar.append(" · text (l: steps)")
        label = self.query_one("#lesson-bar", Static)
        if label.content != bar:  # most steps leave it as it was: no redraw
            label.update(bar, layout=False)

    def solved(self) -> set[str]:
        if self.store is None:
            return set()
        try:
            return set(self.store.solved(self.lesson.id)) & {e.id for e in self.lesson.exercises}
        except Exception:  # progress is a courtesy here; never block the lesson
            return set()

    def refresh_progress(self) -> None:
        self._update_bar()

    def _need_tape(self) -> bool:
        if self.tape is None:
            self.notify(self.load_error or "The network is still being built…",
                        severity="warning" if self.load_error is None else "error")
            return False
        if not self.wide and self.prose_shown:
            self.prose_shown = False  # stepping brings the steps back into view
        return True

    # -- actions ------------------------------------------------------------------------
    def action_next(self) -> None:
        if not self._need_tape():
            return
        if self.index >= len(self.tape) - 1:
            self.notify("That was the last step. t: train this network · x: exercise · "
                        "f: start again", title="End of the pass")
            return
        following = self.tape[self.index + 1]
        if self.predict and following.phase == "backward":
            from nntutor.tui.screens.predict import PredictScreen

            def reveal(correct: bool | None) -> None:
                self.go(following.index)

            self.app.push_screen(PredictScreen(following, self.tape.sizes), reveal)
            return
        self.go(self.index + 1)

    def action_previous(self) -> None:
        if not self._need_tape():
            return
        if self.index == 0:
            self.notify("This is the first step.")
            return
        self.go(self.index - 1)

    def action_jump(self, where: str) -> None:
        if not self._need_tape():
            return
        if where == "end":
            self.go(len(self.tape) - 1)
            return
        index = self.tape.first_of(where)
        self.go(0 if index is None else index)

    def action_go_to(self) -> None:
        if not self._need_tape():
            return
        from nntutor.tui.screens.goto import GoToScreen

        def chosen(index: int | None) -> None:
            if index is not None:
                self.go(index)

        self.app.push_screen(GoToScreen(len(self.tape), self.index), chosen)

    def action_toggle_predict(self) -> None:
        self.predict = not self.predict
        self.notify("Before each backward step you will be asked the shape of the gradient."
                    if self.predict else "Shape questions off.", title="Predict")
        self._update_bar()

    def action_toggle_prose(self) -> None:
        shown = self.query_one("#prose").display
        self.prose_shown = not shown
        if self.prose_shown and not self.wide:
            self.query_one("#prose").focus()
        elif not self.prose_shown:
            self.step_view.focus()

    def action_back(self) -> None:
        if self.tape is not None and (self.step_view.clear_explanation()
                                      or self.step_view.leave_cells()):
            return
        if self.focused is not self.step_view and self.step_view.display:
            self.step_view.focus()
            return
        if not self.wide and self.prose_shown:
            self.prose_shown = False
            self.step_view.focus()
            return
        from nntutor.tui.screens.picker import PickerScreen

        if any(isinstance(s, PickerScreen) for s in self.app.screen_stack):
            self.dismiss(None)

    def action_help(self) -> None:
        from nntutor.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(
            self, extra=[("In a matrix", self.MATRIX_KEYS)], legend=True))

    @on(GraphStrip.NodeClicked)
    def _node_clicked(self, event: GraphStrip.NodeClicked) -> None:
        """Jump to the step of that node: in the current phase if it has one there."""
        if self.tape is None:
            return
        steps = [s for s in self.tape if s.node == event.node]
        if not steps:
            return
        phase = self.tape[self.index].phase
        same = [s for s in steps if s.phase == phase]
        self.go((same or steps)[0].index)

    async def action_exercise(self) -> None:
        await companions.open_exercise(self)

    async def action_hint(self) -> None:
        await companions.open_exercise(self, hint=True)

    def action_training(self) -> None:
        companions.open_training(self)
