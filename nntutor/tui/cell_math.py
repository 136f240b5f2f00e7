"""How one cell of a step's array was computed: a dispatch to the op that made the step.

Pure logic (no Textual). A cell of the step's result is explained by the step's op object
(`step.operation.explain`, see nntutor/engine/cells.py for the arithmetic it writes); a cell of
an operand is traced to the step that produced it and to the result cells it feeds
(`step.operation.feeds`), so the step view can write the arithmetic and light those cells up.
"""

from __future__ import annotations

from nntutor.engine.cells import (MAX_TERMS, CellExplanation, Marks, as2d, cell_name, num,
                                  par, plain_cell)

__all__ = ["MAX_TERMS", "CellExplanation", "Marks", "cell_name", "explain_cell", "num", "par"]


def explain_cell(step, name: str, i: int, j: int, tape=None) -> CellExplanation:
    """Explain cell (i, j) of the array `name` read or written by `step`.

    A cell of the step's result is worked out from the operands; a cell of an operand is
    traced to the step that produced it (when `tape` is given) and to the result cells it feeds.
    """
    output = next((o for o in step.outputs if o.name == name), None)
    operand = output or step.operand(name)  # KeyError names the step and the operand
    grid = as2d(operand.value)
    if not (0 <= i < grid.shape[0] and 0 <= j < grid.shape[1]):
        raise IndexError(f"{name} is {grid.shape[0]}×{grid.shape[1]}: no cell ({i}, {j})")
    if output is not None:
        if step.operation is not None:
            return step.operation.explain(step, operand, i, j)
        return plain_cell(operand, i, j, step.title, step.inputs)
    return _explain_operand(step, operand, i, j, tape)


def _explain_operand(step, operand, i, j, tape) -> CellExplanation:
    value = float(as2d(operand.value)[i, j])
    target = cell_name(operand.name, operand.shape, i, j)
    lines = []
    if tape is not None:
        producer = next(
            (s for s in tape.steps[: step.index] if any(o.name == operand.name for o in s.outputs)),
            None,
        )
        if producer is None:
            lines.append(f"{operand.name} is given (data or an initial parameter), not computed.")
        else:
            lines.append(
                f"It was computed in step {producer.index + 1} ({producer.title}): "
                f"press g {producer.index + 1} to see how."
            )
    marks = {}
    position = next((k for k, o in enumerate(step.inputs) if o.name == operand.name), None)
    if position is not None and step.operation is not None:
        feeds, marks = step.operation.feeds(step, position, i, j)
        lines.append(f"In this step it feeds {feeds}.")
    marks = {**marks, operand.name: Marks(cells=frozenset({(i, j)}))}
    return CellExplanation(target, f"= {num(value)}, read by this step", tuple(lines), value, marks)
