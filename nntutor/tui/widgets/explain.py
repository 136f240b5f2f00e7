"""ExplainPanel: the arithmetic behind one selected cell, or the step's pitfall note.

The panel shows, by default, the note the engine attached to the step (a dimension pitfall).
When the learner selects a cell, it shows `nntutor.tui.cell_math.explain_cell` instead, until
`clear_explanation()` (escape) brings the note back.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from nntutor.tui.cell_math import CellExplanation


class ExplainPanel(Static):
    DEFAULT_CSS = """
    ExplainPanel {
        height: auto;
        width: 1fr;
        padding: 0 1;
        margin-top: 1;
        border-left: thick $warning;
        color: $text;
    }
    ExplainPanel.-explaining { border-left: thick $accent; }
    ExplainPanel.-empty { display: none; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.note: str | None = None
        self.explanation: CellExplanation | None = None

    def show_note(self, note: str | None) -> None:
        self.note, self.explanation = note, None
        self._redraw()

    def show_explanation(self, explanation: CellExplanation) -> None:
        self.explanation = explanation
        self._redraw()

    def clear_explanation(self) -> None:
        self.explanation = None
        self._redraw()

    @property
    def text(self) -> str:
        return self._content().plain

    def _content(self) -> Text:
        if self.explanation is not None:
            e = self.explanation
            text = Text.assemble((e.target, "bold"), ": ", e.heading, "\n")
            text.append("\n".join(e.lines))
            text.append("\n(esc: back to the note)", "dim")
            return text
        if self.note:
            return Text.assemble(("Pitfall: ", "bold"), self.note.strip(),
                                 ("\nTab to a matrix, arrows to a cell, enter: how it was computed",
                                  "dim"))
        return Text.assemble(("Tab to a matrix, arrows to a cell, enter: how it was computed",
                              "dim"))

    def _redraw(self) -> None:
        self.set_class(self.explanation is not None, "-explaining")
        self.update(self._content())
