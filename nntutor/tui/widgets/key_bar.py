"""KeyBar: every key of the current screen, wrapped over as many lines as it takes.

Textual's Footer keeps to one line and cuts the rest off at 80 columns; the tutor promises
that every key is listed, so this bar wraps instead. Keys are clickable (the mouse works but
is never required). Bindings with `show=False` stay out, as in the Footer.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.widget import Widget

KEY_NAMES = {"right": "→", "left": "←", "up": "↑", "down": "↓", "question_mark": "?",
             "escape": "esc", "enter": "enter", "ctrl+t": "^t", "tab": "tab"}


def key_text(keys: str) -> str:
    """`n,right` -> `n/→`."""
    return "/".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        height: auto;
        width: 1fr;
        dock: bottom;
        background: $footer-background;
        color: $footer-description-foreground;
        padding: 0 1;
    }
    KeyBar > .keybar--key { color: $footer-key-foreground; text-style: bold; }
    """
    COMPONENT_CLASSES = {"keybar--key"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, int, str, object]] = []  # line, x0, x1, action, node
        self._drawn: tuple | None = None  # (width, lines, labels) last laid out

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if self._drawn is not None and self._drawn[2] == self._labels():
            return  # the same keys as drawn: nothing to do (this signal fires often)
        self._drawn = None
        if not self.size.height:  # not laid out yet: the first layout asks for the height
            return
        lines = len(self._lines(max(self.content_region.width, 1)))
        self.refresh(layout=lines != self.size.height)  # re-arrange only when it grows/shrinks

    def _labels(self) -> list[tuple[str, str]]:
        return [(key, description) for key, description, _a, _n in self.items()]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None

    def items(self) -> list[tuple[str, str, str, object]]:
        """(key text, description, action, namespace) of every shown binding, in order."""
        keys: dict[str, list[str]] = {}
        first: dict[str, tuple] = {}
        for namespace, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled:
                continue
            keys.setdefault(binding.action, []).append(binding.key)
            first.setdefault(binding.action, (binding.description, namespace))
        return [(key_text(",".join(keys[action])), description, action, namespace)
                for action, (description, namespace) in first.items()]

    def _lines(self, width: int) -> list[Text]:
        if self._drawn is not None and self._drawn[0] == width:
            return self._drawn[1]
        key_style = self.get_component_rich_style("keybar--key")
        lines: list[Text] = [Text()]
        spans: list[tuple[int, int, int, str, object]] = []
        items = self.items()
        labels = [(key, description) for key, description, _a, _n in items]
        for key, description, action, namespace in items:
            piece = len(key) + 1 + len(description)
            line = lines[-1]
            if line.cell_len and line.cell_len + 2 + piece > width:
                lines.append(Text())
                line = lines[-1]
            elif line.cell_len:
                line.append("  ")
            start = line.cell_len
            line.append(key, key_style)
            line.append(" " + description)
            spans.append((len(lines) - 1, start, line.cell_len, action, namespace))
        self._spans = spans
        self._drawn = (width, lines, labels)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(max(width, 1)))

    def render(self) -> Text:
        return Text("\n").join(self._lines(max(self.content_region.width, 1)))

    @property
    def text(self) -> str:
        return "\n".join(line.plain for line in self._lines(max(self.content_region.width, 1)))

    async def on_click(self, event: events.Click) -> None:
        x = event.x - self.styles.padding.left
        for line, x0, x1, action, namespace in self._spans:
            if line == event.y and x0 <= x < x1:
                await self.app.run_action(action, namespace)
                return

