"""TextPanel: scrolling lines of styled text that wrap with a hanging indent.

    1. did you mean `np.dot(H, W2)`, the hidden layer's output? H is (100, 3),
       computed from X on line 26 ...

Each line comes with the indent its continuation lines get. The wrapping is done when the
text is measured and drawn, for the width it is drawn at, so it never lags behind a resize.
Up/down/page keys scroll; left/right are left to the screen.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

Line = tuple[Content, int]  # the text, and the indent of its wrapped continuation lines


def hang(content: Content, indent: int, width: int) -> list[Content]:
    """`content` wrapped to `width`, continuation lines indented by `indent`."""
    if content.cell_length <= width:
        return [content]
    if width <= indent + 10:  # too narrow to indent: plain folding
        return content.wrap(max(width, 1))
    first, *rest = content.wrap(width - indent)
    return [first, *(line.pad_left(indent) for line in rest)]


class HangingText(Widget):
    """The lines, wrapped for whatever width the widget is given."""

    DEFAULT_CSS = "HangingText { height: auto; width: 1fr; }"

    def __init__(self, lines: list[Line]) -> None:
        super().__init__()
        self.lines = list(lines)
        self._cache: tuple[int, list[Content]] | None = None

    def set_lines(self, lines: list[Line]) -> None:
        self.lines = list(lines)
        self._cache = None
        self.refresh(layout=True)

    def wrapped(self, width: int) -> list[Content]:
        if self._cache is None or self._cache[0] != width:
            out: list[Content] = []
            for content, indent in self.lines:
                out += hang(content, indent, width)
            self._cache = (width, out)
        return self._cache[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.wrapped(width))

    def render(self) -> Content:
        return Content("\n").join(self.wrapped(self.content_region.width))


# Vertical scrolling only: left and right step through history on the debugger screen.
SCROLL_BINDINGS = [
    Binding("up", "scroll_up", "Scroll up", show=False),
    Binding("down", "scroll_down", "Scroll down", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("home", "scroll_home", "Top", show=False),
    Binding("end", "scroll_end", "End", show=False),
]


class TextPanel(VerticalScroll, inherit_bindings=False, can_focus=True):
    DEFAULT_CSS = """
    TextPanel { height: 1fr; background: $surface; padding: 0 1; scrollbar-size-vertical: 1; }
    """
    BINDINGS = SCROLL_BINDINGS

    def __init__(self, lines: list[Line] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = HangingText(lines)

    def compose(self):
        yield self.body

    @property
    def lines(self) -> list[Line]:
        return self.body.lines

    def set_lines(self, lines: list[Line]) -> None:
        self.body.set_lines(lines)
        self.scroll_home(animate=False)

    @property
    def text(self) -> str:
        """The panel's text, one entry per line before wrapping (for tests and search)."""
        return "\n".join(content.plain for content, _ in self.lines)
