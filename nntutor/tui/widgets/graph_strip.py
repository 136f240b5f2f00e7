"""GraphStrip: the whole network on one line, the current op highlighted, gradients marked.

    X ─@W1→ XW1 ─+b1→ Z1 ─relu→ A1 ─@W2→ A1W2 ─+b2→ Z2 ─σ→ A2 ─bce→ L
                                        ∇      ∇    ∇     ∇

The first line is the chain of quantities with the parameters on the edges; the second line
puts ▲ under the node of the current step and ∇ under every node whose gradient has arrived,
so stepping backward shows the gradient flowing from L toward X. The strip scrolls sideways
by itself to keep the current node in view.

A graph lesson (forward lines) can fork: a value used again further on. The chain then has a
line of branches under it, an arc from the value to every later step that uses it again:

    X ─@W1→ XW1 ─+b1→ Z1 ─relu→ A1 ─@W2→ A1W2 ─+b2→ Z2 ─relu→ relu(Z2) ─+→ H ─mse→ L
                                └──────────────────────────────────────────┘
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


DENSE_OPS = {"matmul", "bias_add", "sigmoid", "tanh", "relu", "linear", "identity", "softmax"}


def is_graph_tape(tape) -> bool:
    """A tape recorded from forward lines (its steps know their line) rather than a stack."""
    return any(getattr(step, "line", None) for step in tape.steps)


def _symbol(step) -> str:
    if step.op.startswith("loss_"):
        return step.op[len("loss_"):]
    operation = getattr(step, "operation", None)
    symbol = getattr(operation, "symbol", "") or step.op
    return SYMBOLS.get(step.op, symbol)


def graph_nodes(tape) -> tuple[list[Node | str], list[tuple[str, str]]]:
    """The forward steps of a graph as a chain, and its branches: (earlier node, later node)
    for every input that is not the step just before (a fork: the value is used again)."""
    chain: list[Node | str] = []
    placed: set[str] = set()
    branches: list[tuple[str, str]] = []
    prev = None
    for step in tape.steps:
        if step.phase != "forward":
            break
        names = [o.name for o in step.inputs]
        if prev in names or not names:
            main = prev
        else:  # a new strand: start it from its first input, drawn again if seen before
            main = names[0]
            chain += (["   "] if chain else []) + [Node(main, main)]
            placed.add(main)
        others = [n for n in names if n != main]
        leaves = [n for n in others if n not in placed]
        branches += [(n, step.node) for n in others if n in placed]
        label = _symbol(step) + ("".join(leaves) if step.op in ("matmul", "add", "sub", "mul",
                                                               "div") else "")
        chain += [f" ─{label}→ ", Node(step.node, step.node)]
        placed.add(step.node)
        prev = step.node
    return chain, branches


MAX_BRANCH_ROWS = 2


def branch_lines(chain: list[Node | str], branches: list[tuple[str, str]]) -> list[str]:
    """Arcs under the chain, └───┘ from each value to its later use; arcs that would overlap
    go on a second row (from the third on they share rows, ┴ where they meet)."""
    centre: dict[str, int] = {}
    x = 0
    for part in chain:
        width = len(part) if isinstance(part, str) else len(part.label)
        if not isinstance(part, str):
            centre.setdefault(part.name, x + (width - 1) // 2)
        x += width
    rows: list[list[tuple[int, int]]] = []
    for src, dst in branches:
        if src not in centre or dst not in centre:
            continue
        a, b = sorted((centre[src], centre[dst]))
        free = next((row for row in rows if all(b <= c or d <= a for c, d in row)), None)
        if free is None and len(rows) < MAX_BRANCH_ROWS:
            free = []
            rows.append(free)
        (free if free is not None else rows[-1]).append((a, b))
    return [_arcs(row, x) for row in rows]


def branch_line(chain: list[Node | str], branches: list[tuple[str, str]]) -> str:
    """All the arcs on one row (for plain output)."""
    lines = branch_lines(chain, branches)
    return lines[0] if len(lines) == 1 else "".join(
        max(cs, key=lambda c: c != " ") for cs in zip(*lines)) if lines else ""


def _arcs(arcs: list[tuple[int, int]], width: int) -> str:
    flags: dict[int, set[str]] = {}
    for a, b in arcs:
        flags.setdefault(a, set()).update({"up", "right"})
        flags.setdefault(b, set()).update({"up", "left"})
        for col in range(a + 1, b):
            flags.setdefault(col, set()).update({"left", "right"})
    shapes = {frozenset({"up", "right"}): "└", frozenset({"up", "left"}): "┘",
              frozenset({"left", "right"}): "─", frozenset({"up", "left", "right"}): "┴",
              frozenset({"up"}): "│"}
    return "".join(shapes.get(frozenset(flags.get(col, ())), " ") for col in range(width))


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
        self.branches: list[tuple[str, str]] = []
        self._rows = 0  # lines of branches under the chain
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
        if is_graph_tape(tape):
            self.chain, self.branches = graph_nodes(tape)
        else:
            self.chain, self.branches = network_nodes(tape), []
        self._rows = len(branch_lines(self.chain, self.branches))
        self.styles.height = 2 + self._rows
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

    def branch_pieces(self) -> list[list[tuple[str, str]]]:
        """The lines of branches (forks), none for a chain without any."""
        return [[(line, "param")] for line in branch_lines(self.chain, self.branches)]

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

    def window(self) -> tuple[str, ...]:
        """The lines as drawn (plain text), scrolled to keep the current node in view: the
        chain and the markers, with the branches between them when the graph forks."""
        return tuple(self.render_line(y).text for y in range(2 + self._rows))

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
            rows = (top, *self.branch_pieces(), bottom)
            for pieces in rows:
                strip = Strip([Segment(t, base + styles[k]) for t, k in pieces], total)
                strips.append(strip.crop(self._offset, self._offset + width)
                              .adjust_cell_length(width, base))
            ellipsis = Segment("…", base + styles["param"])
            if self._offset > 0:
                strips[0] = Strip([ellipsis]) + strips[0].crop(1)
            if self._offset + width < total:
                strips[0] = strips[0].crop(0, width - 1) + Strip([ellipsis])
            self._strips = tuple(strips)
        return self._strips[y] if y < len(self._strips) else Strip.blank(width)
