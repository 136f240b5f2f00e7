"""StepView: one recorded operation, drawn as a single Line API widget.

    Step 5 of 27 · forward · Layer 2: weighted sums A1·W2
    A1W2 = A1·W2
    NumPy   A1W2 = A1 @ W2
    Shapes  (8, 4) @ (4, 1) → (8, 1)   named  (n, h1) @ (h1, out) → (n, out)

    A1 (n,h1)=(8,4)           W2 (h1,out)=(4,1)      A1W2 (n,out)=(8,1)
    [heatmap]            @    [heatmap]          =   [heatmap]

    ▎ Pitfall: ... (or the explanation of a selected cell)

Everything is drawn by this one widget from a layout computed once per step and size: the
text lines, the operands side by side (each a MatrixPane that formats only its visible
cells), the operator glyphs, and the note at the bottom. Stepping therefore never mounts,
removes or re-arranges widgets; it only redraws this widget's lines. `show(i)` is a pure
function of the tape and i, so stepping back to a step draws exactly what was there.

Cell mode (enter or tab): arrows move a cursor in the selected array, tab picks the next
array, enter explains the cell (`nntutor.tui.cell_math`) and lights up the cells it used;
escape leaves. Outside cell mode the arrow keys are left to the screen (previous/next step).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.color import Color
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from nntutor.tui.cell_math import CellExplanation, explain_cell
from nntutor.tui.widgets.explain import explanation_text, note_text
from nntutor.tui.widgets.matrix import HEADER, MatrixPane, PaneStyles
from nntutor.tui.widgets.step_layout import (
    MIN_PANE_ROWS,
    Layout,
    fit_widths,
    flow_text,
    glyphs,
    operand_title,
)
from nntutor.tui.widgets.wrap import text_lines, wrap

POOL = 3  # a step reads at most two arrays and writes one


class StepView(Widget, can_focus=True):
    """The current step of a Tape, with its operands as heatmaps."""

    DEFAULT_CSS = """
    StepView { height: 1fr; width: 1fr; padding: 0 1; background: $surface; }
    StepView > .step--title { text-style: bold; color: $text-accent; }
    StepView > .step--dim { color: $text-muted; }
    StepView > .step--strong { text-style: bold; }
    StepView > .step--flow { color: $text-warning; }
    StepView > .step--note { color: $text-warning; }
    StepView > .step--explain { color: $text-accent; }
    StepView > .step--glyph { text-style: bold; color: $text-muted; }
    StepView > .matrix--title { text-style: bold; color: $text; }
    StepView > .matrix--result { text-style: bold; color: $text-accent; }
    StepView > .matrix--focused { text-style: bold; background: $accent; color: $text; }
    StepView > .matrix--index { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "step--title", "step--dim", "step--strong", "step--flow", "step--note", "step--explain",
        "step--glyph", "matrix--title", "matrix--result", "matrix--focused", "matrix--index",
    }
    BINDINGS = [
        Binding("enter", "enter", "Cells", tooltip="choose a cell of the result (enter again: "
                "explain how it was computed)"),
        Binding("tab", "next_pane", "Next array", show=False,
                tooltip="in cell mode: the next array"),
        Binding("shift+tab", "previous_pane", "Previous array", show=False),
        Binding("up", "move(-1, 0)", "Cell up", show=False),
        Binding("down", "move(1, 0)", "Cell down", show=False),
        Binding("left", "move(0, -1)", "Cell left", show=False),
        Binding("right", "move(0, 1)", "Cell right", show=False),
        Binding("pageup", "move(-10, 0)", "Rows up", show=False),
        Binding("pagedown", "move(10, 0)", "Rows down", show=False),
        Binding("home", "move(0, -1000000)", "Row start", show=False),
        Binding("end", "move(0, 1000000)", "Row end", show=False),
    ]

    class Explained(Message):
        """A cell was explained (or the explanation cleared: `explanation` is None)."""

        def __init__(self, explanation: CellExplanation | None) -> None:
            super().__init__()
            self.explanation = explanation

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.tape = None
        self.index = 0
        self.panes = [MatrixPane() for _ in range(POOL)]
        self.shown = 0  # panes in use for this step
        self.active: int | None = None  # pane in cell mode
        self.explanation: CellExplanation | None = None
        self._layout: Layout | None = None
        self._layout_size: tuple[int, int] | None = None
        self._styles: dict[str, Style] | None = None
        self._pane_styles: PaneStyles | None = None
        self._note_memo: dict = {}  # the last note drawn, by (explanation, note, width)

    # -- data ---------------------------------------------------------------------------
    def set_tape(self, tape) -> None:
        self.tape = tape
        self.show(0)

    @property
    def step(self):
        return self.tape[self.index]

    def show(self, index: int) -> None:
        if self.tape is None:
            return
        self.index = max(0, min(len(self.tape) - 1, index))
        step = self.tape[self.index]
        arrays = list(step.inputs) + list(step.outputs)
        results = {id(o) for o in step.outputs}
        inputs = {o.name: o for o in step.inputs}
        for pane, operand in zip(self.panes, arrays):
            is_result = id(operand) in results
            previous = inputs.get(operand.name) if is_result else None
            pane.show(operand.name, operand.value, operand_title(operand), result=is_result,
                      previous=None if previous is None else previous.value)
        self.shown = min(len(arrays), POOL)
        self.active = None
        self.explanation = None
        self._invalidate()

    def pane(self, name: str) -> MatrixPane:
        """The pane showing `name` (the result when the name appears twice)."""
        found = [p for p in self.panes[: self.shown] if p.quantity == name]
        if not found:
            raise KeyError(f"step {self.index + 1} shows no array named {name!r}")
        return found[-1]

    @property
    def visible_panes(self) -> list[MatrixPane]:
        return self.panes[: self.shown]

    # -- explain ------------------------------------------------------------------------
    def explain(self, name: str, row: int, col: int) -> CellExplanation:
        """Explain a cell of the array `name`; light up the cells the computation used."""
        explanation = explain_cell(self.step, name, row, col, tape=self.tape)
        self.explanation = explanation
        for pane in self.visible_panes:
            pane.set_marks(explanation.marks.get(pane.quantity))
        self._invalidate()
        self.post_message(self.Explained(explanation))
        return explanation

    def highlight(self, name: str, row: int, col: int) -> None:
        """Light up one cell of the array `name` (the cell a prediction was about)."""
        from nntutor.tui.cell_math import Marks

        self.pane(name).set_marks(Marks(cells=frozenset({(row, col)})))
        self._invalidate()

    def clear_explanation(self) -> bool:
        """Back to the note; False when there was nothing to clear."""
        if self.explanation is None:
            return False
        self.explanation = None
        for pane in self.visible_panes:
            pane.set_marks(None)
        self._invalidate()
        self.post_message(self.Explained(None))
        return True

    def leave_cells(self) -> bool:
        """Leave cell mode; False when not in it."""
        if self.active is None:
            return False
        self.active = None
        self._invalidate()
        self.refresh_bindings()
        return True

    # -- keys ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.tape is None:
            return False
        if action == "move":
            return self.active is not None  # else the arrows belong to the screen
        if action == "previous_pane":
            return self.active is not None
        return True

    def _activate(self, k: int) -> None:
        self.active = k % self.shown
        self._invalidate()
        self.refresh_bindings()

    def action_enter(self) -> None:
        if self.active is None:
            self._activate(self.shown - 1)  # the result
            return
        pane = self.panes[self.active]
        self.explain(pane.quantity, *pane.cursor)

    def action_next_pane(self) -> None:
        if self.active is not None and self.active == self.shown - 1:
            self.leave_cells()
            raise SkipAction()  # let tab move the focus on
        self._activate(0 if self.active is None else self.active + 1)

    def action_previous_pane(self) -> None:
        self._activate(self.active - 1)

    def action_move(self, drow: int, dcol: int) -> None:
        layout = self.layout()
        pane = self.panes[self.active]
        _, _, _, width = self._pane_column(self.active, layout)
        pane.move(drow, dcol, width, layout.height)
        self.refresh()

    def _pane_column(self, k: int, layout: Layout) -> tuple[str, int, int, int]:
        return next(c for c in layout.columns if c[0] == "pane" and c[1] == k)

    def _pane_at(self, x: int, y: int) -> tuple[int, int, int] | None:
        """(pane index, x, y inside it) under widget offset (x, y)."""
        layout = self.layout()
        x -= self.styles.padding.left
        if not layout.top <= y < layout.top + layout.height:
            return None
        for kind, k, left, width in layout.columns:
            if kind == "pane" and left <= x < left + width:
                return k, x - left, y - layout.top
        return None

    def on_click(self, event: events.Click) -> None:
        hit = self._pane_at(event.x, event.y)
        if hit is None:
            return
        k, x, y = hit
        layout = self.layout()
        width = self._pane_column(k, layout)[3]
        cell = self.panes[k].cell_at(x, y, width, layout.height)
        if cell is None:
            return
        self.focus()
        self.active = k
        self.panes[k].cursor = cell
        self.refresh_bindings()
        self.explain(self.panes[k].quantity, *cell)

    def _scroll(self, event: events.MouseEvent, rows: int) -> None:
        hit = self._pane_at(event.x, event.y)
        if hit is None:
            return
        k = hit[0]
        layout = self.layout()
        width = self._pane_column(k, layout)[3]
        if event.shift:
            self.panes[k].scroll(0, rows, width, layout.height)
        else:
            self.panes[k].scroll(rows, 0, width, layout.height)
        event.stop()
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(event, 3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(event, -3)

    # -- layout -------------------------------------------------------------------------
    def _invalidate(self) -> None:
        self._layout = None
        self.refresh()

    def on_resize(self) -> None:
        self._invalidate()  # lay out again for the new size, and draw it

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._pane_styles = None
        self._note_memo = {}
        self._layout = None

    def on_focus(self) -> None:
        self._pane_styles, self._note_memo = None, {}
        self._invalidate()

    def on_blur(self) -> None:
        self._pane_styles, self._note_memo = None, {}
        self._invalidate()

    def style(self, name: str) -> Style:
        if self._styles is None:
            self._styles = {}
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def pane_styles(self) -> PaneStyles:
        """The styles of this widget, computed once per style change (not once per line)."""
        if self._pane_styles is None:
            base = self.rich_style
            background = Color.from_rich_color(base.bgcolor) if base.bgcolor else Color(0, 0, 0)
            self._pane_styles = PaneStyles(base, background, self.style("matrix--title"),
                                           self.style("matrix--result"),
                                           self.style("matrix--index"),
                                           self.style("matrix--focused"))
        return self._pane_styles

    def _wrap(self, text: Text, width: int) -> list[Strip]:
        """Text as lines of exactly `width` cells, word-wrapped."""
        base = self.pane_styles().base
        return [Strip(line, width) for line in wrap(text_lines(text), width, base)]

    def header_pieces(self) -> list[list[tuple[str, Style]]]:
        """The text lines above the arrays, as (text, style) pieces."""
        step = self.step
        dim, strong, plain = self.style("step--dim"), self.style("step--strong"), Style()
        numbers, named = step.shape_algebra
        lines = [
            [(f"Step {self.index + 1} of {len(self.tape)} · {step.phase} · {step.title}",
              self.style("step--title"))],
            [(step.formula, plain)],
            [("NumPy   ", dim), (step.numpy, strong)],
            [("Shapes  ", dim), (numbers, plain), ("   named  ", dim), (named, plain)],
        ]
        if step.phase == "backward":
            lines.append([(flow_text(step), self.style("step--flow"))])
        return lines

    def _header_line(self, pieces: list[tuple[str, Style]], width: int) -> list[Strip]:
        """One header line: straight to Segments when it fits, wrapped by rich otherwise."""
        base = self.pane_styles().base
        length = sum(cell_len(text) for text, _ in pieces)
        if length <= width and not any("\n" in text for text, _ in pieces):
            segments = [Segment(text, base + style) for text, style in pieces]
            segments.append(Segment(" " * (width - length), base))
            return [Strip(segments, width)]
        return self._wrap(Text.assemble(*pieces), width)

    def note_lines(self, width: int) -> list[Strip]:
        """The note (or the explanation) wrapped to `width`, behind a coloured bar."""
        key = (id(self.explanation), self.step.note, width)
        if self._note_memo.get("key") == key:
            return list(self._note_memo["lines"])
        if self.explanation is not None:
            text, bar = explanation_text(self.explanation), self.style("step--explain")
        else:
            text, bar = note_text(self.step.note), self.style("step--note")
        body = self._wrap(text, width - 2)
        prefix = Strip([Segment("▎ ", self.pane_styles().base + bar)])
        lines = [Strip.join([prefix, line]) for line in body]
        self._note_memo = {"key": key, "lines": lines}
        return list(lines)

    def layout(self) -> Layout:
        width = max(20, self.content_region.width)
        height = max(1, self.content_region.height)
        # keyed by the size too: a resize (or the text panel folding) may repaint before
        # on_resize runs, and a layout made for the old width would stay clipped
        if self._layout is not None and self._layout_size == (width, height):
            return self._layout
        self._layout_size = (width, height)
        if self.tape is None:
            self._layout = Layout([], 0, 0)
            return self._layout
        header: list[Strip] = []
        for pieces in self.header_pieces():
            header += self._header_line(pieces, width)
        panes = self.visible_panes
        between, before_result = glyphs(self.step.op)
        n_in = len(self.step.inputs)
        glyph_texts = [before_result if k + 1 == n_in else between for k in range(self.shown - 1)]
        glyph_w = sum(len(g) + 2 for g in glyph_texts)
        widths = fit_widths([p.natural_width for p in panes], width - glyph_w,
                            [p.gutter for p in panes])
        columns, x = [], 0
        for k, pane in enumerate(panes):
            columns.append(("pane", k, x, widths[k]))
            x += widths[k]
            if k < len(glyph_texts):
                columns.append(("glyph", k, x, len(glyph_texts[k]) + 2))
                x += len(glyph_texts[k]) + 2
        self._glyphs = glyph_texts
        note = self.note_lines(width)
        top = len(header) + 1
        want = max(p.natural_height for p in panes)
        room = height - top
        # the note keeps up to all its lines while the arrays keep MIN_PANE_ROWS rows
        note_room = max(0, room - (HEADER + MIN_PANE_ROWS) - 1)
        if want + 1 + len(note) > room:
            if len(note) > note_room:
                note = note[:note_room]
                if note:
                    note[-1] = note[-1].crop(0, width - 1).adjust_cell_length(width - 1) + Strip(
                        [Segment("…", self.pane_styles().base)])
            ops = max(HEADER + 1, min(want, room - (len(note) + 1 if note else 0)))
        else:
            ops = want
        for k, pane in enumerate(panes):
            pane.keep_in_view(widths[k], ops)
        self._layout = Layout(header, top, ops, columns, note, top + ops + 1)
        return self._layout

    # -- drawing ------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        base = self.pane_styles().base
        if self.tape is None:
            return Strip.blank(width, base)
        layout = self.layout()
        if y < len(layout.header):
            return layout.header[y]
        if layout.top <= y < layout.top + layout.height:
            return self._operands_line(y - layout.top, layout, width)
        k = y - layout.note_top
        if 0 <= k < len(layout.note):
            return layout.note[k]
        return Strip.blank(width, base)

    def _operands_line(self, y: int, layout: Layout, width: int) -> Strip:
        styles = self.pane_styles()
        segments: list[Segment] = []
        focused = self.has_focus
        used = 0
        glyph_style = styles.base + self.style("step--glyph")
        for kind, k, _x, w in layout.columns:
            if kind == "pane":
                segments += self.panes[k].segments(y, w, layout.height, styles,
                                                   focused and self.active == k)
            else:
                text = self._glyphs[k] if y == HEADER else ""
                segments.append(Segment(f" {text} ".ljust(w), glyph_style))
            used += w
        if used < width:
            segments.append(Segment(" " * (width - used), styles.base))
        elif used > width:  # never planned so, but a line must be exactly `width`
            return Strip(segments, used).crop(0, width)
        return Strip(segments, width)

    # -- for tests ----------------------------------------------------------------------
    def text(self) -> str:
        """The lines as drawn now, as plain text."""
        return "\n".join(self.render_line(y).text.rstrip()
                         for y in range(self.content_region.height))

    def snapshot(self) -> str:
        """What this view shows (its text and the arrays behind it), to compare two visits."""
        parts = [self.text(), f"active={self.active}"]
        for pane in self.visible_panes:
            parts += [pane.title, repr(pane.values.tolist()), str(pane.marks),
                      str(pane.cursor)]
        return "\n".join(parts)

    @property
    def marks(self) -> dict:
        return {p.quantity: p.marks for p in self.visible_panes}
