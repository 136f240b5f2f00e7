"""Where a step's pieces go: the operator glyphs, the arrays' titles and widths, the layout.

Pure functions of a Step and a size, used by StepView (and testable without a screen).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.strip import Strip

from nntutor.tui.widgets.matrix import CELL_W

MIN_PANE_ROWS = 3  # the arrays keep at least this many rows when the note is long

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
    if op.startswith("loss_"):
        return ("vs", "→")
    if op.endswith("_grad"):
        return ("⊙f'", "=")
    return ("", f"{op}→")


def operand_title(operand) -> str:
    """`W1 (in,h1)=(2,3)`: the name, the named dims and the sizes."""
    if not operand.dims:
        return f"{operand.name}  scalar"
    numbers = ",".join(str(s) for s in operand.shape)
    return f"{operand.name} ({','.join(operand.dims)})=({numbers})"


def flow_text(step) -> str:
    """For a backward step: which gradient arrives and which leave."""
    arriving = [o.name for o in step.inputs if o.name.startswith("d")]
    leaving = ", ".join(o.name for o in step.outputs)
    if arriving:
        return f"gradient arriving: {', '.join(arriving)}   →   leaving: {leaving}"
    return f"backward starts at the loss (∂L/∂L = 1)   →   gradient leaving: {leaving}"


def fit_widths(natural: list[int], available: int, gutters: list[int]) -> list[int]:
    """Natural widths when they fit; otherwise small arrays keep theirs and the wide ones share
    the rest equally, snapped down to whole cells."""
    widths = list(natural)
    if sum(natural) <= available:
        return widths
    order = sorted(range(len(natural)), key=lambda k: natural[k])
    left, count = available, len(natural)
    for k in order:
        share = left // count
        widths[k] = min(natural[k], max(share, gutters[k] + CELL_W))
        left -= widths[k]
        count -= 1
    for k, (width, full) in enumerate(zip(widths, natural)):
        if width < full:
            widths[k] = gutters[k] + max(1, (width - gutters[k]) // CELL_W) * CELL_W
    # snapping left room: hand it back a whole cell at a time to the arrays still clipped
    left = available - sum(widths)
    grew = True
    while grew:
        grew = False
        for k in reversed(range(len(widths))):  # the result first
            if widths[k] < natural[k] and left >= CELL_W:
                step = min(CELL_W, natural[k] - widths[k])
                widths[k] += step
                left -= step
                grew = True
    return widths


@dataclass
class Layout:
    """Where everything goes for one step at one size."""

    header: list[Strip]
    top: int  # first line of the operands
    height: int  # lines of the operands
    columns: list[tuple[str, int, int, int]] = field(default_factory=list)  # kind, index, x, w
    note: list[Strip] = field(default_factory=list)
    note_top: int = 0
