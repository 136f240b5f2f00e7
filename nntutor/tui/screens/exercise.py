"""The exercise screen: one exercise of a lesson at a time, with previous / next.

Two modes, always shown in the key bar and by the answer line's highlight, never hidden in
the focus: reading (the screen opens so) where single keys work, n next exercise, p previous,
h hint, a show the answer, q quit, and enter or i start typing; typing, where every key goes
to the answer line, enter checks and escape hands the keys back. While reading, any other
printable key starts the answer with that character (`A1.T @ dZ2` can be typed at once;
only the screen's own letters are commands).
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Static

from nntutor.store import ProgressStore, StoreError
from nntutor.tui.widgets.exercise_panel import ExercisePanel
from nntutor.tui.widgets.expression_input import ExpressionInput
from nntutor.tui.widgets.key_bar import KeyBar


class ExerciseScreen(Screen[None]):
    """`app.push_screen(ExerciseScreen(lesson, exercise_or_id, store))`."""

    DEFAULT_CSS = """
    ExerciseScreen { layout: vertical; }
    ExerciseScreen > #exercise-bar { height: auto; background: $panel; }
    ExerciseScreen #exercise-bar-title { width: 1fr; padding: 0 1; text-style: bold; }
    ExerciseScreen #exercise-bar Button { width: auto; min-width: 8; margin-left: 1; }
    """

    HELP_TITLE = "Exercise keys"
    BINDINGS = [
        Binding("enter,i", "type", "Type answer", tooltip="start typing your answer"),
        Binding("escape", "keys", "Done typing",
                tooltip="leave the answer line (it keeps what you typed)"),
        Binding("n", "move(1)", "Next exercise", tooltip="the next exercise of the lesson"),
        Binding("p", "move(-1)", "Prev", tooltip="the previous exercise"),
        Binding("h", "hint", "Hint", tooltip="the next hint, from a nudge to a worked step"),
        Binding("a", "show_answer", "Answer",
                tooltip="show the reference answer (asks first; it then counts as revealed)"),
        Binding("question_mark", "help", "Help", tooltip="this help"),
        Binding("escape", "back", "Back", tooltip="back to the lesson"),
        Binding("q", "app.quit", "Quit", tooltip="quit nntutor"),
    ]
    # Keys that act only while reading: while typing they are letters of the answer.
    READING = {"type", "move", "hint", "show_answer", "help", "back", "app.quit", "quit"}

    def __init__(self, lesson, exercise, store: ProgressStore | None, **kw):
        super().__init__(**kw)
        if not lesson.exercises:
            raise ValueError(f"lesson {lesson.id!r} has no exercises")
        self.lesson = lesson
        # Without a store (a test, a broken install) progress lives for this screen only.
        self.store = store if store is not None else ProgressStore.in_memory()
        exercise_id = exercise if isinstance(exercise, str) else exercise.id
        self.index = [ex.id for ex in lesson.exercises].index(lesson.exercise(exercise_id).id)

    @property
    def exercise(self):
        return self.lesson.exercises[self.index]

    @property
    def panel(self) -> ExercisePanel:
        return self.query_one(ExercisePanel)

    def compose(self) -> ComposeResult:
        with Horizontal(id="exercise-bar"):
            yield Static(self._bar_title(), id="exercise-bar-title", markup=False)
            yield Button("◀ Prev", id="exercise-prev", compact=True)
            yield Button("Next ▶", id="exercise-next", compact=True)
        yield self._make_panel()
        yield KeyBar()

    def _make_panel(self) -> ExercisePanel:
        position = f"{self.index + 1} of {len(self.lesson.exercises)}"
        return ExercisePanel(self.lesson, self.exercise, self.store, position=position)

    def _bar_title(self) -> str:
        from nntutor.tutor.progress import lesson_progress

        try:
            label = lesson_progress(self.lesson, self.store).label()
        except StoreError:
            return self.lesson.title
        return f"{self.lesson.title} · {label}"

    def on_mount(self) -> None:
        self._sync_buttons()
        self.panel.focus()

    def _sync_buttons(self) -> None:
        self.query_one("#exercise-prev", Button).disabled = self.index == 0
        self.query_one("#exercise-next", Button).disabled = (
            self.index == len(self.lesson.exercises) - 1)

    # -- actions ------------------------------------------------------------------------
    async def action_move(self, step: int) -> None:
        """Go to the previous (-1) or next (+1) exercise of the lesson."""
        target = self.index + step
        if not 0 <= target < len(self.lesson.exercises):
            self.notify("that was the " + ("first" if step < 0 else "last") + " exercise")
            return
        self.index = target
        await self.panel.remove()
        await self.mount(self._make_panel(), before=self.query_one(KeyBar))
        self._sync_buttons()
        self.panel.focus()

    @property
    def typing(self) -> bool:
        return isinstance(self.focused, ExpressionInput)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape means "done typing" on the answer line and "back" everywhere else; the
        # single-letter keys are letters while typing. The key bar lists what applies.
        if action == "keys":
            return self.typing
        if action in self.READING:
            return not self.typing
        return True

    def on_key(self, event: events.Key) -> None:
        """Reading: a printable key that is not one of the screen's keys starts the answer."""
        if self.typing or not event.is_printable or not event.character:
            return
        if event.key in {k.strip() for b in self.BINDINGS for k in b.key.split(",")}:
            return  # n, p, h, a, i, q, ?: the screen's commands
        event.stop()
        event.prevent_default()
        field = self.panel.input
        self.panel.focus_input()
        field.value += event.character
        field.cursor_position = len(field.value)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def action_keys(self) -> None:
        """Escape on the answer line: keep the answer, hand the keys to the panel."""
        self.panel.focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_type(self) -> None:
        self.panel.focus_input()

    def action_hint(self) -> None:
        self.panel.action_hint()

    def action_show_answer(self) -> None:
        self.panel.action_show_answer()

    def action_help(self) -> None:
        from nntutor.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self))

    @on(Button.Pressed, "#exercise-prev")
    async def _prev(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_move(-1)

    @on(Button.Pressed, "#exercise-next")
    async def _next(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_move(1)

    @on(ExercisePanel.Checked)
    def _checked(self, event: ExercisePanel.Checked) -> None:
        self.query_one("#exercise-bar-title", Static).update(self._bar_title())
        if event.verdict.verdict == "correct":
            # Solved: hand the keys over, so n moves on at once (i to keep typing).
            self.panel.focus()
