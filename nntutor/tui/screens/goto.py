"""The `g` dialog: go to step N (1-based, as the step view counts)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


def parse_step(text: str, total: int) -> int:
    """The 0-based index of step `text` (1..total); ValueError with a one-line reason."""
    text = text.strip()
    if not text.lstrip("-").isdigit():
        raise ValueError(f"type a whole number from 1 to {total}")
    number = int(text)
    if not 1 <= number <= total:
        raise ValueError(f"there is no step {number}: the steps go from 1 to {total}")
    return number - 1


class GoToScreen(ModalScreen[int | None]):
    """Returns the chosen 0-based step index, or None when cancelled."""

    DEFAULT_CSS = """
    GoToScreen { align: center middle; }
    GoToScreen > Vertical {
        width: 44; height: auto; border: round $accent; background: $panel; padding: 0 1;
    }
    GoToScreen #goto-error { color: $text-error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, total: int, current: int) -> None:
        super().__init__()
        self.total = total
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Go to step (1–{self.total}, now {self.current + 1}):")
            yield Input(placeholder=f"1–{self.total}", id="goto-input", compact=True)
            yield Static("", id="goto-error")

    def on_mount(self) -> None:
        self.query_one(Vertical).border_title = "Go to step"
        self.query_one(Input).cursor_blink = False
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            index = parse_step(event.value, self.total)
        except ValueError as exc:
            self.query_one("#goto-error", Static).update(str(exc))
            return
        self.dismiss(index)

    def action_cancel(self) -> None:
        self.dismiss(None)
