"""TextPanel: scrolling lines of styled text that wrap with a hanging indent.

    1. did you mean `np.dot(H, W2)`, the hidden layer's output? H is (100, 3),
       computed from X on line 26 ...

Each line comes with the indent its continuation lines get, and is wrapped again whenever
the panel's width changes. Up/down/page keys scroll; left/right are left to the screen.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

Line = tuple[Content, int]  # the text, and the indent of its wrapped continuation lines


def hang(content: Content, indent: int, width: int) -> list[Content]:
    """`content` wrapped to `width`, continuation lines indented by `indent`."""
    if width <= indent + 10 or content.cell_length <= width:
        return [content]
    first, *rest = content.wrap(width - indent)
    return [first, *(line.pad_left(indent) for line in rest)]


class TextPanel(VerticalScroll, inherit_bindings=False, can_focus=True):
    DEFAULT_CSS = """
    TextPanel { height: 1fr; background: $surface; padding: 0 1; scrollbar-size-vertical: 1; }
    TextPanel > Static { width: 1fr; }
    """
    BINDINGS = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "End", show=False),
    ]

    def __init__(self, lines: list[Line] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Line] = list(lines)
        self._width: int | None = None  # the width the text was wrapped to; None: not yet

    def compose(self):
        yield Static()

    def set_lines(self, lines: list[Line]) -> None:
        self.lines = list(lines)
        self._width = None
        self._wrap()
        self.scroll_home(animate=False)

    def on_mount(self) -> None:
        self._wrap()

    def on_resize(self) -> None:
        self._wrap()

    def _wrap(self) -> None:
        # the padding, and a column for a scrollbar that may come with the text
        width = self.size.width - self.styles.gutter.width - 1
        if not self.is_mounted or width == self._width:
            return
        self._width = width
        wrapped: list[Content] = []
        for content, indent in self.lines:
            wrapped += hang(content, indent, width) if width > 0 else [content]
        self.query_one(Static).update(Content("\n").join(wrapped))

    @property
    def text(self) -> str:
        """The panel's text, one entry per line before wrapping (for tests and search)."""
        return "\n".join(content.plain for content, _ in self.lines)
