"""The `?` help screen: every key of the screen it was opened from, and what the colours mean.

Built from the screens' own BINDINGS, so the help can never disagree with the keys.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {"question_mark": "?", "right": "→", "left": "←", "up": "↑", "down": "↓",
             "enter": "enter", "escape": "esc", "tab": "tab", "shift+tab": "shift+tab"}

LEGEND = (
    ("Heatmap", "warm cells are positive, cool cells negative; the stronger the colour, the "
                "larger |value| compared with the largest in that array."),
    ("Yellow cells", "the cells that took part in the computation you asked to explain."),
    ("Underlined", "a value that this step changed (a parameter update)."),
    ("Graph strip", "▲ marks the current operation; ∇ a node whose gradient has arrived, so the "
                    "gradient is seen flowing back from L toward X."),
)


def key_label(keys: str) -> str:
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of escape, q, ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]], legend: bool = False) -> None:
        super().__init__()
        self.sections = sections
        self.legend = legend

    @classmethod
    def for_screen(cls, screen, extra: list[tuple[str, list[Binding]]] = (),
                   legend: bool = False) -> "HelpScreen":
        title = getattr(screen, "HELP_TITLE", "Keys")
        return cls([(title, list(screen.BINDINGS)), *extra], legend=legend)

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=True):
            yield Static(self.table(), id="help-keys")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).border_title = "Help  (esc to close)"
        self.query_one(VerticalScroll).focus()

    def table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        seen: set[str] = set()  # each key once: the first place it is described wins
        for title, bindings in self.sections:
            table.add_row(Text(title, style="bold underline"), "")
            for binding in bindings:
                if isinstance(binding, tuple):
                    binding = Binding(*binding)
                keys = [k.strip() for k in binding.key.split(",") if k.strip() not in seen]
                if not keys:
                    continue
                seen.update(keys)
                table.add_row(key_label(",".join(keys)),
                              binding.tooltip or binding.description or binding.action)
            table.add_row("", "")
        if self.legend:
            table.add_row(Text("Colours", style="bold underline"), "")
            for name, meaning in LEGEND:
                table.add_row(name, meaning)
        return table

    def action_close(self) -> None:
        self.dismiss(None)
