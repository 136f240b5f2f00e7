"""The debugger's events: plain data, shared by the plain printer and the Textual screen.

The debugger thread emits them in order through one callback; no event holds a live frame
or a reference to the learner's own (mutable) arrays: every array value is a read-only copy.

    Called       a learner's function was entered
    LineExecuted a line ran to its end: the arrays it created or changed, its operations
    Returned     a learner's function returned (the shapes of what it returned)
    LoopSummarised  a loop ran more iterations than are shown (plain mode)
    Output       the script wrote to stdout/stderr (only when output is captured)
    Notice       something the learner should know (history trimmed, script finished...)
    Paused       the debugger stopped and waits for a command (interactive mode)
    ExceptionRaised  the script ended with an uncaught exception (with a shape explanation)
    Finished     the script ended: its exit status
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, Union

import numpy as np

from nntutor.shapes.walker import Operation, OperandShape
from nntutor.shapes.concrete import Shape, fmt

if TYPE_CHECKING:
    from nntutor.shapes.fix import Fix  # the one Fix type, shared with the checker

Change = Literal["new", "changed", ""]


@dataclass(frozen=True)
class Location:
    """A line of the learner's code."""

    file: str  # absolute path
    lineno: int
    function: str  # "<module>" or the function's name
    source: str  # the statement as one line (a compound statement's header only)
    indent: int = 0  # columns of indentation inside its function (a loop body: 4)

    @property
    def short(self) -> str:
        """`xor.py:12`"""
        return f"{os.path.basename(self.file)}:{self.lineno}"


@dataclass(frozen=True)
class ArrayInfo:
    """An array of the frame: name, shape, dtype, and whether the last step touched it."""

    name: str  # "W1", "params['W1']", "self.W1"
    shape: Shape
    dtype: str
    change: Change = ""
    value: np.ndarray | None = field(default=None, compare=False, repr=False)  # read-only copy

    @property
    def changed(self) -> bool:
        return bool(self.change)

    def unmarked(self) -> ArrayInfo:
        return replace(self, change="") if self.change else self

    def describe(self) -> str:
        """`W1 (2, 4) float64`"""
        return f"{self.name} {fmt(self.shape)} {self.dtype}"


@dataclass(frozen=True)
class ShapeExplanation:
    """Why a NumPy operation refused its operands, and how to fix it."""

    location: Location
    error: str  # what NumPy said: "ValueError: shapes (100,2) and (3,1) not aligned: ..."
    failing: str  # the smallest failing sub-expression, "np.dot(X, W2)"
    span: tuple[int, int, int, int] | None  # where it is in the file (line, col, end_line, end_col)
    operation: str  # in words: "matrix product", "element-wise +", "reshape"
    operands: tuple[OperandShape, ...]
    clash: str  # "inner dimensions 2 and 3 differ"
    why: str  # the rule that was broken, with the operands' names
    hints: tuple[str, ...]  # e.g. "W2 expects 3 inputs per sample; X gives 2"
    fixes: tuple[Fix, ...]  # most likely first
    called_from: tuple[Location, ...] = ()  # the learner's calls that led here, outermost first


@dataclass(frozen=True)
class Called:
    """A learner's function was entered, with its array arguments."""

    location: Location  # the function's `def` line
    depth: int  # 0 for the script's top level
    arguments: tuple[ArrayInfo, ...]  # the array arguments
    parameters: tuple[str, ...] = ()  # every parameter's name, in order


@dataclass(frozen=True)
class LineExecuted:
    """A line ran to its end: the arrays it created or changed, its operations."""

    step: int  # increases by one for every line the debugger looked at
    location: Location
    depth: int
    arrays: tuple[ArrayInfo, ...]  # created or changed by this line
    operations: tuple[Operation, ...] = ()  # filled when operations are requested


@dataclass(frozen=True)
class Returned:
    """A learner's function returned (or a generator yielded)."""

    location: Location  # the line that returned
    depth: int
    values: tuple[ArrayInfo, ...]  # the returned array(s): "return" or "return[0]"...
    description: str  # "(4, 4) float64", "a tuple of 3 arrays", "None", "a float"
    yielded: bool = False  # a generator's `yield` (it will resume), not its return


@dataclass(frozen=True)
class LoopSummarised:
    """A loop ran more iterations than are shown (plain mode)."""

    location: Location  # the loop's header line
    depth: int
    shown: int  # iterations traced in full
    more: int  # iterations run without being shown
    changed: tuple[ArrayInfo, ...]  # arrays those hidden iterations changed


@dataclass(frozen=True)
class Output:
    """The script wrote to stdout or stderr (only when output is captured)."""

    stream: Literal["stdout", "stderr"]
    text: str


@dataclass(frozen=True)
class Notice:
    """Something the learner should know (history trimmed, a warning...)."""

    text: str
    kind: str = "info"  # "info" | "history" | "warning"


@dataclass(frozen=True)
class Paused:
    """The debugger is stopped before `location` runs (or shows a recorded step)."""

    step: int
    location: Location
    depth: int
    # "start" | "step" | "breakpoint" | "array" | "pause" | "history" | "finished" | "exception"
    reason: str
    arrays: tuple[ArrayInfo, ...]  # every array of the frame, marked if the last step touched it
    operations: tuple[Operation, ...]  # the current line's operations, shapes inferred
    stack: tuple[Location, ...]  # the learner's frames, outermost first
    live: bool  # False when showing a recorded step or after the script ended
    oldest_step: int  # how far back the history goes
    newest_step: int


@dataclass(frozen=True)
class ExceptionRaised:
    """The script ended with an uncaught exception."""

    location: Location | None  # the learner's line that raised (None if outside their code)
    exc_type: str  # "ValueError"
    message: str
    traceback: str  # formatted like Python's own, without the debugger's frames
    explanation: ShapeExplanation | None  # set for a shape error


@dataclass(frozen=True)
class Finished:
    """The script ended: its exit status and how."""

    exit_status: int
    how: Literal["completed", "exit", "exception", "quit"]


Event = Union[
    Called, LineExecuted, Returned, LoopSummarised, Output, Notice, Paused, ExceptionRaised,
    Finished,
]


def __getattr__(name: str):
    """`events.Fix`, imported when first asked for (only an explanation has fixes)."""
    if name == "Fix":
        from nntutor.shapes.fix import Fix

        return Fix
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
