"""Words for the exercise panel: shapes in named dimensions, diagnosis labels, and lesson text
reflowed for a narrow terminal. Plain functions, no Textual."""

from __future__ import annotations

import re
from typing import Iterable

# Short labels for the checker's stable diagnosis codes (`nntutor check --json`).
DIAGNOSIS_LABELS = {
    "correct": "correct",
    "shape_mismatch": "shape mismatch",
    "missing_transpose": "missing transpose",
    "extra_transpose": "one transpose too many",
    "swapped_operands": "operands swapped",
    "mean_vs_sum": "mean instead of sum (off by the batch size)",
    "scale_error": "off by a constant factor",
    "sign_error": "sign error",
    "missing_activation_derivative": "missing activation derivative",
    "wrong_values": "wrong values",
    "numeric_error": "numeric error (nan or inf)",
    "syntax_error": "not a valid expression",
    "unknown_name": "unknown name",
    "refused": "refused",
}

VERDICT_TITLES = {
    "correct": "✓ Correct",
    "wrong": "✗ Not yet",
    "invalid": "✗ Cannot check this",
    "refused": "✗ Refused",
}


def diagnosis_label(code: str) -> str:
    return DIAGNOSIS_LABELS.get(code, code.replace("_", " "))


def shape_text(shape: object) -> str:
    """`(in, out)` for a tuple of dims (names, numbers or products), `()` for a scalar;
    a string is taken as already written."""
    if shape is None:
        return "?"
    if isinstance(shape, str):
        return shape
    dims = [str(d) for d in shape]  # type: ignore[union-attr]
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(dims) + ")"


def same_shape(shape: Iterable[object], dims: Iterable[str]) -> bool:
    return [str(d) for d in shape] == [str(d) for d in dims]


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of a lesson string into paragraphs that wrap to the screen.

    Blank lines separate paragraphs; indented lines (formulas, code) are kept as they are.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.split("\n")
        out: list[str] = []
        for line in lines:
            if line.startswith(("    ", "\t")) or not out or out[-1].startswith(("    ", "\t")):
                out.append(line.rstrip())
            else:
                out[-1] = f"{out[-1]} {line.strip()}"
        paragraphs.append("\n".join(line if line.startswith(("    ", "\t")) else line.strip()
                                    for line in out))
    return "\n\n".join(p for p in paragraphs if p)
