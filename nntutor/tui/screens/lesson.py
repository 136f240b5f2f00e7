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
PROSE_MAX = 48  # the prose beside the steps never takes more columns than this


class LessonScreen(Screen[None]):
    DEFAULT_CSS = """
    LessonScreen { layout: vertical; }
    LessonScreen #lesson-bar { height: auto; padding: 0 1; background: $panel; color: $text; }
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
        self.note = ""  # a passing remark in the bar (predict mode), until the next step
        self.train_rows: int | None = None  # rows the network trains on, when traced here

    # -- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="lesson-bar")
        yield GraphStrip(id="graph")
        with Horizontal(id="lesson-body"):
            with VerticalScroll(id="prose"):
                yield Static(id="prose-text")  # the title and summary
                for k, _ in enumerate(self.lesson.sections):
                    yield Static(id=f"prose-section-{k}", classes="prose-section")
            yield StepView(id="step-view")
            yield Static(id="step-placeholder")
        yield KeyBar()

    def on_mount(self) -> None:
        from rich.markdown import Markdown

        lesson = self.lesson
        self.query_one("#prose-text", Static).update(
            Markdown(f"# {lesson.title}\n\n{lesson.summary}"))
        self._prose_filled = 0
        self._fill_prose()
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
            # the text keeps a reading width; the matrices get the rest of a wide terminal
            prose.styles.width = min(PROSE_MAX, self.size.width // 3) if has_steps else "1fr"
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
            from nntutor.lessons.runtime import trace_lesson, training_rows

            # with the learning rate: after backward come the update steps W ← W − η·dW
            network = self.lesson.walkthrough or self.lesson.graph
            tape = trace_lesson(self.lesson, lr=network.lr)
            self.train_rows = training_rows(self.lesson)
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
        self.note = ""
        step = self.tape[self.index]
        self.step_view.show(self.index)
        self.graph.show_step(step.node, self.tape.gradient_received(self.index))
        self._follow_section(step)
        self._update_bar()

    PROSE_PER_TICK = 8_000  # characters of prose rendered per turn of the event loop

    def _fill_prose(self) -> None:
        """Render the sections a few thousand characters at a time, the rest on later turns
        of the event loop: a long lesson's text never keeps the keys (q) waiting."""
        from rich.markdown import Markdown

        sections, budget = self.lesson.sections, self.PROSE_PER_TICK
        while self._prose_filled < len(sections) and budget > 0:
            k = self._prose_filled
            section = sections[k]
            self.query_one(f"#prose-section-{k}", Static).update(
                Markdown(f"## {section.title}\n\n{section.body}"))
            budget -= len(section.body) + len(section.title)
            self._prose_filled += 1
        if self._prose_filled < len(sections):
            self.set_timer(0.02, self._fill_prose)

    def _follow_section(self, step) -> None:
        """Bring the section of the text that goes with this step to the top of the panel."""
        from nntutor.tutor.sections import section_for

        k = section_for(self.lesson.sections, step)
        if k is None or k == getattr(self, "section", None):
            return
        self.section = k
        target = self.query_one(f"#prose-section-{k}")
        self.query_one("#prose", VerticalScroll).scroll_to_widget(target, top=True,
                                                                  animate=False)

    def _update_bar(self) -> None:
        bar = Text.assemble((self.lesson.title, "bold"))
        if self.tape is not None:
            step = self.tape[self.index]
            bar.append(" · update (gradient descent)" if step.phase == "update"
                       else f" · {step.phase} pass")
            n = self.tape.sizes.get("n") if getattr(self.tape, "sizes", None) else None
            part = self.train_rows is not None and n is not None and n < self.train_rows
            if part:  # the steps run on a small batch, training on all the rows
                bar.append(f" · stepping n = {n} of {self.train_rows} training rows")
            if self.tape.loss is not None and self.index >= (self.tape.first_of("backward") or 0):
                bar.append(f" · L = {self.tape.loss:.4g}")
                if part:
                    bar.append(f" on these {n} rows, not the training loss over all "
                               f"{self.train_rows}", "italic")
        if self.lesson.exercises:
            bar.append(f" · exercises {self.progress_text()}")
        if self.predict:
            bar.append(" · predict on", "bold")
        if self.note:
            bar.append(f" · {self.note}", "italic")
        if not self.wide and self.prose_shown:
            bar.append(" · text (l: steps)")
        label = self.query_one("#lesson-bar", Static)
        if label.content != bar:  # most steps leave it as it was: no redraw
            # a bar too long for the width wraps (never cut: the count and the step stay)
            lines = -(-bar.cell_len // max(1, self.size.width - 2))
            label.update(bar, layout=lines != getattr(self, "_bar_lines", 1))
            self._bar_lines = lines

    def solved(self) -> set[str]:
        if self.store is None:
            return set()
        try:
            return set(self.store.solved(self.lesson.id)) & {e.id for e in self.lesson.exercises}
        except Exception:  # progress is a courtesy here; never block the lesson
            return set()

    def progress_text(self) -> str:
        """`2/6` or `2/6 (1 revealed)`: solved alone, and solved after seeing the answer."""
        total = len(self.lesson.exercises)
        if self.store is None:
            return f"0/{total}"
        from nntutor.tutor.progress import lesson_progress

        try:
            p = lesson_progress(self.lesson, self.store)
        except Exception:  # progress is a courtesy here; never block the lesson
            return f"0/{total}"
        return f"{len(p.solved)}/{total}" + (f" ({len(p.revealed)} revealed)" if p.revealed
                                             else "")

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

            question = PredictScreen(following, self.tape.sizes)

            def reveal(correct: bool | None) -> None:
                self.go(following.index)
                if correct is not None:
                    self.step_view.highlight(following.result.name, *question.cell)

            self.app.push_screen(question, reveal)
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
            self.jump_to(len(self.tape) - 1)
            return
        index = self.tape.first_of(where)
        self.jump_to(0 if index is None else index)

    def jump_to(self, index: int) -> None:
        """Go to `index`, saying so when predict mode had questions on the steps jumped."""
        start = self.index
        self.go(index)
        if self.predict and self.index > start + 1:
            skipped = sum(1 for k in range(start + 1, self.index + 1)
                          if self.tape[k].phase == "backward")
            if skipped:
                self.note = (f"{skipped} prediction{'s' if skipped > 1 else ''} skipped by the "
                             "jump")
                self._update_bar()

    def action_go_to(self) -> None:
        if not self._need_tape():
            return
        from nntutor.tui.screens.goto import GoToScreen

        def chosen(index: int | None) -> None:
            if index is not None:
                self.jump_to(index)

        self.app.push_screen(GoToScreen(len(self.tape), self.index), chosen)

    def action_toggle_predict(self) -> None:
        # said in the bar, not in a toast that would cover the step's pitfall
        self.predict = not self.predict
        self.note = ("before each backward step: its shape, then one cell" if self.predict
                     else "predictions off")
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
