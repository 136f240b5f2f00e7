"""The first screen of `nntutor serve`: the visitor types the name their progress is kept under.

The rule for a valid name is not this screen's: it is handed `check`, which returns the
reason a name is refused (one line) or None.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static


class NameScreen(Screen[None]):
    """Ask for a name; post `NameScreen.Entered` once `check` accepts it."""

    DEFAULT_CSS = """
    NameScreen { align: center middle; }
    NameScreen > Vertical {
        width: 60; max-width: 100%; height: auto; border: round $accent; padding: 0 1;
    }
    NameScreen #name-intro { height: auto; margin-bottom: 1; }
    NameScreen #name-error { color: $text-error; height: auto; }
    """

    class Entered(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, check: Callable[[str], str | None], title: str = "nntutor") -> None:
        super().__init__()
        self.check = check
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text.assemble(
                ("Backpropagation, one operation at a time.\n\n", "bold"),
                "Type your name and press enter. Your progress is kept under this name: "
                "type the same name next time to continue where you left off.\n",
                ("Letters, digits, - and _, at most 32 characters.", "dim")), id="name-intro")
            yield Input(placeholder="your name", id="name-input", max_length=32)
            yield Static("", id="name-error")

    def on_mount(self) -> None:
        self.query_one(Vertical).border_title = self.heading
        box = self.query_one(Input)
        box.cursor_blink = False
        box.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        problem = self.check(name)
        if problem is not None:
            self.query_one("#name-error", Static).update(problem)
            return
        self.query_one("#name-error", Static).update("")
        self.post_message(self.Entered(name))
