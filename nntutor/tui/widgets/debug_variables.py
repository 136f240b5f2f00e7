"""VariablesList: every array of the current frame, one per line, changed ones marked.

    + X          (100, 2)   float64  new
    ● W1         (2, 3)     float64  changed
      b1         (1, 3)     float64

Enter (or a click) posts `VariablesList.Opened` with the array's `ArrayInfo`; the screen opens
it in the tutor's matrix widget. The highlight stays on the same name from step to step.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from nntutor.debugger.events import ArrayInfo
from nntutor.shapes.concrete import fmt

MARKS = {"new": "+", "changed": "●", "": " "}


CHANGE_STYLES = {"new": "$text-success", "changed": "$text-warning"}


def row_text(info: ArrayInfo, name_width: int, shape_width: int) -> Content:
    """`● W1   (2, 3)   float64  changed` with the marker and the word coloured."""
    colour = CHANGE_STYLES.get(info.change, "")
    return Content.assemble(
        (MARKS.get(info.change, " ") + " ", f"bold {colour}".strip()),
        (info.name.ljust(name_width), "bold" if info.change else ""),
        "  " + fmt(info.shape).ljust(shape_width),
        ("  " + info.dtype.ljust(8), "$text-muted"),
        (" " + info.change if info.change else "", colour),
    )


class VariablesList(OptionList, inherit_bindings=False):
    # OptionList's own keys, without the left/right it inherits: those step through history
    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("enter", "select", "Open", tooltip="open the array as a matrix"),
    ]
    DEFAULT_CSS = """
    VariablesList {
        height: 1fr; border: none; padding: 0; background: $surface; scrollbar-size-vertical: 1;
    }
    VariablesList:focus { border: none; }
    """

    class Opened(Message):
        """The learner asked to see `info` as a matrix."""

        def __init__(self, variables: VariablesList, info: ArrayInfo) -> None:
            super().__init__()
            self.variables, self.info = variables, info

        @property
        def control(self) -> VariablesList:
            return self.variables

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.arrays: tuple[ArrayInfo, ...] = ()

    def show(self, arrays: tuple[ArrayInfo, ...]) -> None:
        """List `arrays`. While the learner is in the list the highlight stays on its name;
        otherwise it goes to the first array the last step touched, so that one is in view."""
        keep = self.highlighted_name()
        if not self.has_focus:
            keep = next((a.name for a in arrays if a.change), keep)
        self.arrays = tuple(arrays)
        name_width = min(max((len(a.name) for a in arrays), default=4), 24)
        shape_width = max((len(fmt(a.shape)) for a in arrays), default=6)
        self.set_options(Option(row_text(a, name_width, shape_width), id=str(i))
                         for i, a in enumerate(self.arrays))
        names = [a.name for a in self.arrays]
        if keep in names:
            self.highlighted = names.index(keep)
        elif self.arrays:
            self.highlighted = 0

    def highlighted_name(self) -> str | None:
        index = self.highlighted
        if index is None or index >= len(self.arrays):
            return None
        return self.arrays[index].name

    def info(self, name: str) -> ArrayInfo | None:
        return next((a for a in self.arrays if a.name == name), None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Opened(self, self.arrays[event.option_index]))
