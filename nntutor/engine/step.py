"""Step events: what one operation of a forward or backward pass did, with its own explanation.

A Step is the single unit shown by every front end (the TUI step view, `nntutor trace`),
so the text it carries is written once, here in the engine, and shown verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

import numpy as np

Phase = Literal["forward", "backward", "update"]


def format_dims(dims: tuple[str, ...]) -> str:
    """`("n", "h1")` -> `(n, h1)`; a 1-tuple keeps its comma as NumPy prints shapes."""
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(dims) + ")"


@dataclass(frozen=True, init=False)
class Operand:
    """One array that an operation read or wrote, with its named dimensions."""

    name: str
    value: np.ndarray
    dims: tuple[str, ...]

    def __init__(self, name: str, value: np.ndarray, dims: tuple[str, ...]):
        self.__dict__.update(name=name, value=value, dims=dims)  # see Step.__init__

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.value.shape)

    def describe(self) -> str:
        """`X: (n, in) = (4, 2)`, the way the seeds annotate every array."""
        shape = self.shape
        shape_text = format_dims(tuple(str(s) for s in shape)) if shape else "()"
        if not self.dims:
            return f"{self.name}: scalar"
        return f"{self.name}: {format_dims(self.dims)} = {shape_text}"


@dataclass(frozen=True, init=False)
class Step:
    """One recorded operation.

    `inputs` are what the operation read (for a backward step, the gradient arriving first),
    `outputs` what it produced (for a backward step, the gradients leaving it).
    `node` names the graph node the step belongs to (`Z1`, `A1`, `L`...) so a front end can
    highlight it; `shape_algebra` is the shape computation in numbers and in named dimensions.
    `operation` is the op object that did the work (it explains a cell of the result) and
    `op_params` its parameters as data (`{"lr": 0.1}`, `{"axis": 1}`, `{"input": 0}`);
    `line` is the forward line (from 1) a graph step comes from.
    """

    index: int
    phase: Phase
    layer: int | None
    op: str
    title: str
    formula: str
    numpy: str
    inputs: tuple[Operand, ...]
    outputs: tuple[Operand, ...]
    node: str
    shape_algebra: tuple[str, str] = ("", "")
    note: str | None = None
    grad_of: tuple[str, ...] = field(default=())
    operation: Any = field(default=None, compare=False, repr=False)
    op_params: Mapping[str, Any] = field(default_factory=dict, compare=False)
    line: int | None = None

    def __init__(self, index: int, phase: Phase, layer: int | None, op: str, title: str,
                 formula: str, numpy: str, inputs: tuple[Operand, ...],
                 outputs: tuple[Operand, ...], node: str,
                 shape_algebra: tuple[str, str] = ("", ""), note: str | None = None,
                 grad_of: tuple[str, ...] = (), operation: Any = None,
                 op_params: Mapping[str, Any] | None = None, line: int | None = None):
        # one dict update instead of a frozen __setattr__ per field: a traced pass builds
        # dozens of steps, and the generated frozen __init__ cost more than the NumPy work
        self.__dict__.update(
            index=index, phase=phase, layer=layer, op=op, title=title, formula=formula,
            numpy=numpy, inputs=inputs, outputs=outputs, node=node, shape_algebra=shape_algebra,
            note=note, grad_of=grad_of, operation=operation,
            op_params={} if op_params is None else op_params, line=line)

    @property
    def result(self) -> Operand:
        return self.outputs[0]

    def operand(self, name: str) -> Operand:
        for o in self.inputs + self.outputs:
            if o.name == name:
                return o
        raise KeyError(f"step {self.index} ({self.title}) has no operand {name!r}")
