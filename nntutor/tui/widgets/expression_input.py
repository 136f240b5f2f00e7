"""The answer line: an Input for a NumPy expression that remembers earlier answers.

Up and down walk through the answers already given for this exercise, as in a shell.
Enter posts `Input.Submitted` (handled as `ExpressionInput.Submitted`), every edit
`Input.Changed`; the exercise panel listens to both.
"""

from __future__ import annotations

from typing import Sequence

from textual.binding import Binding
from textual.widgets import Input

MAX_LENGTH = 1000  # the checker refuses long input with a clear line; this only stops pastes


class ExpressionInput(Input):
    DEFAULT_CSS = """
    ExpressionInput { width: 1fr; }
    """

    BINDINGS = [
        Binding("up", "history(-1)", "Earlier answer", show=False),
        Binding("down", "history(1)", "Later answer", show=False),
    ]

    def __init__(self, history: Sequence[str] = (), placeholder: str = "", **kw):
        super().__init__(placeholder=placeholder, max_length=MAX_LENGTH,
                         select_on_focus=False, **kw)
        self.history = list(history)
        self._at = len(self.history)  # len(history) is the line being typed
        self._draft = ""

    def remember(self, answer: str) -> None:
        """Add an answer that was just checked, and go back to a fresh line."""
        if answer and (not self.history or self.history[-1] != answer):
            self.history.append(answer)
        self._at = len(self.history)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._at == len(self.history):
            self._draft = self.value
        self._at = max(0, min(len(self.history), self._at + step))
        self.value = self._draft if self._at == len(self.history) else self.history[self._at]
        self.cursor_position = len(self.value)
