"""StepView: one recorded operation, with its formula, NumPy line, shapes and arrays.

    Step 5 of 27 · forward · Layer 2: weighted sums A1·W2
    A1W2 = A1·W2
    NumPy   A1W2 = A1 @ W2
    Shapes  (8, 4) @ (4, 1) → (8, 1)      named  (n, h1) @ (h1, out) → (n, out)
    [A1]  @  [W2]  =  [A1W2]                (MatrixViews, heatmaps)
    Pitfall: ... / the explanation of a selected cell

The view owns a fixed pool of MatrixViews and reuses them from step to step (no widget is
mounted or removed while stepping), so a step costs a few Strip rebuilds. `show(i)` is a pure
function of the tape and i: stepping back to a step redraws exactly what was there.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from nntutor.engine.step import format_dims
from nntutor.tui.cell_math import Marks, explain_cell
from nntutor.tui.widgets.explain import ExplainPanel
from nntutor.tui.widgets.matrix import CELL, GAP, MatrixView

CELL_W = CELL + GAP

POOL = 3  # a step reads at most two arrays and writes one

# The operator drawn between the operands, and before the result.
GLYPHS = {
    "matmul": ("@", "="),
    "bias_add": ("+", "="),
    "matmul_grad_weight": ("ᵀ@", "="),
    "matmul_grad_input": ("@ᵀ", "="),
    "bias_add_grad": ("", "Σₙ→"),
    "sgd": ("−η·", "="),
}


def glyphs(op: str) -> tuple[str, str]:
    if op in GLYPHS:
        return GLYPHS[op]
    if op.startswith("loss_") and op.endswith("_grad"):
        return ("vs", "→")
    if op.startswith("loss_"):
        return ("vs", "→")
    if op.endswith("_grad"):
        return ("⊙f'", "=")
    return ("", f"{op}→")


def operand_title(operand) -> str:
    shape = operand.shape
    if not operand.dims:
        return f"{operand.name}  scalar"
    numbers = ",".join(str(s) for s in shape)
    dims = ",".join(operand.dims)
    return f"{operand.name} ({dims})=({numbers})"


class StepView(Vertical, can_focus=True):
    """The current step of a Tape. Left/right are left to the screen (previous/next step).

    The arrays take the height left over by the text lines and the note below them, and
    scroll inside themselves, so the note (or a cell's explanation) is always in view.
    """

    DEFAULT_CSS = """
    StepView { height: 1fr; padding: 0 1; }
    StepView:focus { background-tint: $foreground 3%; }
    StepView #step-title { text-style: bold; color: $text-accent; }
    StepView .step-line { height: auto; }
    StepView #operands { height: 1fr; min-height: 4; margin-top: 1; }
    StepView #operands > MatrixView { max-height: 100%; }
    StepView .glyph { width: auto; padding: 2 1 0 1; text-style: bold; color: $text-muted; }
    StepView #flow { color: $text-warning; }
    StepView ExplainPanel { max-height: 9; overflow-y: auto; }
    """
    BINDINGS = [
        Binding("enter", "focus_result", "Cells", show=False,
                tooltip="move into the result matrix"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.tape = None
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static(id="step-title", classes="step-line")
        yield Static(id="step-formula", classes="step-line")
        yield Static(id="step-numpy", classes="step-line")
        yield Static(id="step-shapes", classes="step-line")
        yield Static(id="flow", classes="step-line")
        with Horizontal(id="operands"):
            for k in range(POOL):
                yield MatrixView(id=f"m{k}")
                if k < POOL - 1:
                    yield Static("", id=f"g{k}", classes="glyph")
        yield ExplainPanel(id="explain")

    # -- data ---------------------------------------------------------------------------
    def set_tape(self, tape) -> None:
        self.tape = tape
        self.show(0)

    @property
    def step(self):
        return self.tape[self.index]

    @property
    def matrices(self) -> list[MatrixView]:
        return [self.query_one(f"#m{k}", MatrixView) for k in range(POOL)]

    def matrix(self, name: str) -> MatrixView:
        """The visible MatrixView showing `name` (the result when the name appears twice)."""
        found = [m for m in self.matrices if m.display and m.quantity == name]
        if not found:
            raise KeyError(f"step {self.index + 1} shows no array named {name!r}")
        return found[-1]

    def show(self, index: int) -> None:
        tape = self.tape
        if tape is None:
            return
        self.index = max(0, min(len(tape) - 1, index))
        step = tape[self.index]
        total = len(tape)
        self.query_one("#step-title", Static).update(
            Text(f"Step {self.index + 1} of {total} · {step.phase} · {step.title}"))
        self.query_one("#step-formula", Static).update(Text(step.formula))
        self.query_one("#step-numpy", Static).update(
            Text.assemble(("NumPy   ", "dim"), (step.numpy, "bold")))
        numbers, named = step.shape_algebra
        self.query_one("#step-shapes", Static).update(
            Text.assemble(("Shapes  ", "dim"), numbers, ("   named  ", "dim"), named))
        flow = self.query_one("#flow", Static)
        if step.phase == "backward":
            arriving = [o.name for o in step.inputs if o.name.startswith("d")]
            leaving = ", ".join(o.name for o in step.outputs)
            text = (f"gradient arriving: {', '.join(arriving)}   →   leaving: {leaving}"
                    if arriving else f"backward starts here   →   leaving: {leaving}")
            flow.update(Text(text))
            flow.display = True
        else:
            flow.display = False
        self._show_operands(step)
        self.query_one(ExplainPanel).show_note(step.note)
        self._fit_widths()

    def _show_operands(self, step) -> None:
        between, before_result = glyphs(step.op)
        shown = list(step.inputs) + list(step.outputs)
        results = {id(o) for o in step.outputs}
        inputs_by_name = {o.name: o for o in step.inputs}
        for k, view in enumerate(self.matrices):
            if k < len(shown):
                operand = shown[k]
                is_result = id(operand) in results
                previous = inputs_by_name.get(operand.name) if is_result else None
                title = operand_title(operand)
                view.show(operand.name, operand.value, title, result=is_result,
                          previous=None if previous is None else previous.value)
                view.display = True
            else:
                view.display = False
        n_in = len(step.inputs)
        for k in range(POOL - 1):
            glyph = self.query_one(f"#g{k}", Static)
            if k + 1 >= len(shown):
                glyph.display = False
                continue
            glyph.display = True
            glyph.update(before_result if k + 1 == n_in else between)

    def on_resize(self) -> None:
        self._fit_widths()

    def _fit_widths(self) -> None:
        """Give each array its natural width; when they do not fit, share what is left."""
        views = [m for m in self.matrices if m.display]
        if not views:
            return
        glyph_w = sum(len(str(g.content)) + 2 for g in self.query(".glyph") if g.display)
        available = max(20, self.content_region.width - glyph_w)
        natural = [m.natural_width + 1 for m in views]  # +1 for a vertical scrollbar
        widths = list(natural)
        if sum(natural) > available:
            # small arrays keep their width; the wide ones split the remainder equally
            order = sorted(range(len(views)), key=lambda k: natural[k])
            left, count = available, len(views)
            for k in order:
                share = left // count
                widths[k] = min(natural[k], max(share, 12))
                left -= widths[k]
                count -= 1
        for view, width, full in zip(views, widths, natural):
            if width < full:  # show whole cells only
                body = width - 1 - view.gutter
                width = view.gutter + max(1, body // CELL_W) * CELL_W + 1
            view.styles.width = width

    # -- explain ------------------------------------------------------------------------
    def explain(self, name: str, row: int, col: int):
        """Explain a cell of the array `name` of the current step; light up the cells used."""
        explanation = explain_cell(self.step, name, row, col, tape=self.tape)
        self.query_one(ExplainPanel).show_explanation(explanation)
        for view in self.matrices:
            if view.display:
                view.set_marks(explanation.marks.get(view.quantity))
        return explanation

    def clear_explanation(self) -> bool:
        """Back to the note; False when there was nothing to clear."""
        panel = self.query_one(ExplainPanel)
        if panel.explanation is None:
            return False
        panel.clear_explanation()
        for view in self.matrices:
            view.set_marks(None)
        return True

    @on(MatrixView.CellSelected)
    def _cell_selected(self, event: MatrixView.CellSelected) -> None:
        event.stop()
        self.explain(event.name, event.row, event.col)

    def action_focus_result(self) -> None:
        views = [m for m in self.matrices if m.display]
        if views:
            views[-1].focus()

    # -- for tests and the screen -------------------------------------------------------
    def snapshot(self) -> str:
        """Everything this view shows, as text (to compare two visits of the same step)."""
        parts = [str(self.query_one(f"#{i}", Static).content) for i in
                 ("step-title", "step-formula", "step-numpy", "step-shapes")]
        flow = self.query_one("#flow", Static)
        parts.append(str(flow.content) if flow.display else "")
        for view in self.matrices:
            if view.display:
                parts.append(view.title)
                parts.append(repr(view.values.tolist()))
                parts.append(str(view.marks))
        parts.append(self.query_one(ExplainPanel).text)
        return "\n".join(parts)

    @property
    def marks(self) -> dict[str, Marks | None]:
        return {m.quantity: m.marks for m in self.matrices if m.display}
