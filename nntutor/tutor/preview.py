"""The live shape preview of a half-typed answer: its shape in named dims, or the clash.

It says what is wrong with what was typed, never how to write it right: the checker's fix
suggestions (`A1.T @ dA2`) are the answer, so they belong to the hint ladder, not here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preview:
    """`kind`: empty | ok | other_shape | incomplete | refused | clash | error."""

    kind: str
    message: str = ""
    shape: tuple | None = None  # what was typed, in named dims
    wanted: tuple | None = None  # the shape the exercise asks for
    column: int | None = None  # where the clash is, 1-based, when known


def preview(text: str, dims, wanted: tuple | None) -> Preview:
    from nntutor.checker.errors import (
        ExpressionError,
        ExpressionRefused,
        ExpressionSyntaxError,
        ShapeMismatch,
    )
    from nntutor.checker.shapes import infer_shape

    if not text.strip():
        return Preview("empty", "type an answer above")
    try:
        shape = infer_shape(text, dims)
    except ShapeMismatch as err:
        return Preview("clash", err.message, column=getattr(err, "column", None))
    except ExpressionRefused as err:
        return Preview("refused", err.message)
    except ExpressionSyntaxError as err:  # half-typed expressions are normal while typing
        return Preview("incomplete", err.message)
    except ExpressionError as err:
        return Preview("error", err.message)
    except Exception as err:  # the preview must never take the screen down
        return Preview("error", f"shape preview failed: {err}")
    wanted = tuple(wanted) if wanted else None
    if wanted is None or [str(d) for d in shape] == [str(d) for d in wanted]:
        return Preview("ok", "", tuple(shape), wanted)
    return Preview("other_shape", "", tuple(shape), wanted)
