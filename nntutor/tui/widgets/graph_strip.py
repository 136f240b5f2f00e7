"""GraphStrip: the whole network on one line, the current op highlighted, gradients marked.

    X ─@W1→ XW1 ─+b1→ Z1 ─relu→ A1 ─@W2→ A1W2 ─+b2→ Z2 ─σ→ A2 ─bce→ L
                                        ∇      ∇    ∇     ∇

The first line is the chain of quantities with the parameters on the edges; the second line
puts ▲ under the node of the current step and ∇ under every node whose gradient has arrived,
so stepping backward shows the gradient flowing from L toward X. The strip scrolls sideways
by itself to keep the current node in view.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

SYMBOLS = {"sigmoid": "σ", "tanh": "tanh", "relu": "relu", "linear": "id", "identity": "id",
           "softmax": "softmax"}


@dataclass(frozen=True)
class Node:
    name: str  # the graph node name used by Step.node / Tape.gradient_received
    label: str  # what is drawn
    param: bool = False  # a parameter on an edge (W1, b1)


def network_nodes(tape) -> list[Node | str]:
    """The chain read off the tape's forward steps: Nodes and the connecting edge text."""
    chain: list[Node | str] = []
    for step in tape.steps:
        if step.phase != "forward":
            break
        if step.op == "matmul":
            a, w = step.inputs
            if not chain:
                chain.append(Node(a.name, a.name))
            chain += [" ─@", Node(w.name, w.name, param=True), "→ ", Node(step.node, step.node)]
        elif step.op == "bias_add":
            b = step.inputs[1]
            chain += [" ─+", Node(b.name, b.name, param=True), "→ ", Node(step.node, step.node)]
        elif step.op.startswith("loss_"):
            chain += [f" ─{step.op[len('loss_'):]}→ ", Node("L", "L")]
        else:
            chain += [f" ─{SYMBOLS.get(step.op, step.op)}→ ", Node(step.node, step.node)]
    return chain


class GraphStrip(Widget):
    """Two lines: the network chain and the markers under it."""

    DEFAULT_CSS = """
    GraphStrip {
        height: 2;
        width: 1fr;
        background: $boost;
    }
    GraphStrip > .graph--node { color: $text; }
    GraphStrip > .graph--param { color: $text-muted; }
    GraphStrip > .graph--current { background: $accent; color: $text; text-style: bold; }
    GraphStrip > .graph--gradient { color: $text-warning; text-style: bold; }
    """
    COMPONENT_CLASSES = {"graph--node", "graph--param", "graph--current", "graph--gradient"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.chain: list[Node | str] = []
        self.current: str | None = None
        self.received: set[str] = set()
        self._offset = 0
        self._styles: dict | None = None
        self._strips: tuple[Strip, Strip] | None = None

    class NodeClicked(Message):
        """The learner clicked a node of the strip (to jump to its step)."""

        def __init__(self, node: str) -> None:
            super().__init__()
            self.node = node

    def node_at(self, x: int) -> str | None:
        """The node drawn at column x of the content, or None."""
        at = self._offset + x
        pos = 0
        for part in self.chain:
            width = len(part) if isinstance(part, str) else len(part.label)
            if not isinstance(part, str) and pos <= at < pos + width:
                return part.name
            pos += width
        return None

    def on_click(self, event: events.Click) -> None:
        node = self.node_at(event.x - self.styles.padding.left)
        if node is not None:
            self.post_message(self.NodeClicked(node))

    def set_tape(self, tape) -> None:
        self.chain = network_nodes(tape)
        self.current, self.received, self._offset = None, set(), 0
        self._strips = None
        self.refresh()

    def show_step(self, node: str | None, received: set[str]) -> None:
        self.current, self.received = node, set(received)
        self._strips = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles, self._strips = None, None

    def on_resize(self) -> None:
        self._strips = None

    def pieces(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The chain line and the marker line as (text, style name) pieces."""
        top: list[tuple[str, str]] = []
        bottom: list[tuple[str, str]] = []
        for part in self.chain:
            if isinstance(part, str):
                top.append((part, "param"))
                bottom.append((" " * len(part), "node"))
                continue
            got = part.name in self.received
            if part.name == self.current:
                kind = "current"
            elif got:
                kind = "gradient"
            else:
                kind = "param" if part.param else "node"
            top.append((part.label, kind))
            marker = "▲" if part.name == self.current else "∇" if got else " "
            bottom.append((marker.center(len(part.label)), "gradient" if got else "node"))
        return top, bottom

    def lines(self) -> tuple[Text, Text]:
        """The full (unscrolled) chain line and marker line, styled."""
        styles = self._graph_styles()
        top, bottom = self.pieces()
        return (Text.assemble(*((t, styles[k]) for t, k in top)),
                Text.assemble(*((t, styles[k]) for t, k in bottom)))

    def _graph_styles(self) -> dict:
        if self._styles is None:
            self._styles = {k: self.get_component_rich_style(f"graph--{k}")
                            for k in ("node", "param", "current", "gradient")}
        return self._styles

    def _current_span(self) -> tuple[int, int] | None:
        x = 0
        for part in self.chain:
            width = len(part) if isinstance(part, str) else len(part.label)
            if not isinstance(part, str) and part.name == self.current:
                return x, x + width
            x += width
        return None

    def window(self) -> tuple[str, str]:
        """The two lines as drawn (plain text), scrolled to keep the current node in view."""
        top, bottom = self.render_line(0).text, self.render_line(1).text
        return top, bottom

    def _scroll(self, total: int, width: int) -> None:
        span = self._current_span()
        if total <= width:
            self._offset = 0
        elif span is not None:
            start, end = span
            if start < self._offset + 2 or end > self._offset + width - 2:
                self._offset = max(0, min(total - width, start - width // 3))

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if self._strips is None:
            base = self.rich_style
            styles = self._graph_styles()
            top, bottom = self.pieces()
            total = sum(len(t) for t, _ in top)
            self._scroll(total, width)
            strips = []
            for pieces in (top, bottom):
                strip = Strip([Segment(t, base + styles[k]) for t, k in pieces], total)
                strips.append(strip.crop(self._offset, self._offset + width)
                              .adjust_cell_length(width, base))
            ellipsis = Segment("…", base + styles["param"])
            if self._offset > 0:
                strips[0] = Strip([ellipsis]) + strips[0].crop(1)
            if self._offset + width < total:
                strips[0] = strips[0].crop(0, width - 1) + Strip([ellipsis])
            self._strips = (strips[0], strips[1])
        return self._strips[y] if y < 2 else Strip.blank(width)
