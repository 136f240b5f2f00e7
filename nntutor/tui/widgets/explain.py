"""The words under the arrays: a step's pitfall note, or how one selected cell was computed.

The arithmetic itself comes from `nntutor.tui.cell_math.explain_cell`; this module only
lays it out as text for the step view to draw.
"""

from __future__ import annotations

from rich.text import Text

from nntutor.tui.cell_math import CellExplanation

HINT = "enter: pick a cell of the result and see how it was computed"


def explanation_text(explanation: CellExplanation) -> Text:
    """`XW1[2, 1]: row 2 of X times column 1 of W1, summed` and the lines of arithmetic."""
    text = Text.assemble((explanation.target, "bold"), ": ", explanation.heading)
    for line in explanation.lines:
        text.append("\n" + line)
    text.append("\n(esc: back to the note · arrows + enter: another cell)", "dim")
    return text


def note_text(note: str | None) -> Text:
    """The step's pitfall note, or the hint about cells when the step has none."""
    if not note:
        return Text.assemble((HINT, "dim"))
    return Text.assemble(("Pitfall: ", "bold"), note.strip())
