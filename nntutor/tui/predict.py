"""Predict-then-reveal: compare a learner's guess of a gradient's shape with the real one.

A guess may use named dimensions, sizes, or a mix, with or without parentheses:
`(h1, out)`, `h1, out`, `(4, 1)`, `4 x 1`, `(h1, 1)`. Each position must match the real
dimension's name or its size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nntutor.engine.step import format_dims

_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+")


@dataclass(frozen=True)
class ShapeVerdict:
    correct: bool
    message: str


def parse_guess(text: str) -> list[str]:
    """The dimension tokens of a guess; raises ValueError with a one-line reason."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("type a shape such as (n, h1) or (8, 4)")
    leftover = _TOKEN.sub("", cleaned)
    if re.sub(r"[\s(),x×*\[\]]", "", leftover):
        bad = re.sub(r"[\s(),x×*\[\]]", "", leftover)[0]
        raise ValueError(f"unexpected {bad!r}: write dimension names or sizes separated by "
                         "commas, e.g. (n, h1)")
    tokens = [t for t in _TOKEN.findall(cleaned) if t != "x"]
    if not tokens:
        raise ValueError("type a shape such as (n, h1) or (8, 4)")
    return tokens


def judge_shape(guess: str, name: str, dims: tuple[str, ...], shape: tuple[int, ...]) -> ShapeVerdict:
    """Is `guess` the shape of `name`, whose named dims are `dims` and sizes `shape`?"""
    real = f"{name} is {format_dims(dims)} = {format_dims(tuple(str(s) for s in shape))}"
    try:
        tokens = parse_guess(guess)
    except ValueError as exc:
        return ShapeVerdict(False, f"Could not read that: {exc}.")
    if len(tokens) != len(dims):
        return ShapeVerdict(False, f"Not quite: you gave {len(tokens)} dimension(s); {real}.")
    wrong = [
        k for k, (t, d, s) in enumerate(zip(tokens, dims, shape))
        if not (t == d or (t.isdigit() and int(t) == s))
    ]
    if not wrong:
        return ShapeVerdict(True, f"Right: {real}.")
    if sorted(tokens) in (sorted(dims), sorted(str(s) for s in shape)):
        return ShapeVerdict(False, f"Not quite: the right dimensions in the wrong order "
                                   f"(a missing transpose?); {real}.")
    return ShapeVerdict(False, f"Not quite: {real}.")


# -- the second question: one cell's value or sign ------------------------------------------
_SIGNS = {"+": 1, "positive": 1, "pos": 1, "plus": 1, "-": -1, "−": -1, "negative": -1,
          "neg": -1, "minus": -1, "0": 0, "zero": 0}
RELATIVE = 0.1  # a value within 10% (or 0.005) counts as right: it is a mental estimate


def pick_cell(value) -> tuple[int, int]:
    """The cell to ask about: the largest in size, so its sign is never a rounding matter."""
    import numpy as np

    grid = np.atleast_2d(np.asarray(value, dtype=float))
    i, j = np.unravel_index(int(np.argmax(np.abs(grid))), grid.shape)
    return int(i), int(j)


def _sign(x: float) -> int:
    return 0 if abs(x) < 1e-12 else (1 if x > 0 else -1)


def judge_value(guess: str, actual: float, cell: str) -> ShapeVerdict:
    """Is `guess` (a sign such as + / - / 0, or a number) right for the cell's value?"""
    text = guess.strip().lower()
    real = f"{cell} = {actual:.4g}"
    if text in _SIGNS:
        want = _sign(actual)
        if _SIGNS[text] == want:
            return ShapeVerdict(True, f"Right sign: {real}.")
        said = {1: "positive", -1: "negative", 0: "zero"}
        return ShapeVerdict(False, f"Not quite: it is {said[want]}.")
    try:
        number = float(text.replace("−", "-"))
    except ValueError:
        return ShapeVerdict(False, "Could not read that: type a sign (+, -, 0) or a number "
                                   "such as -0.03.")
    if abs(number - actual) <= max(RELATIVE * abs(actual), 0.005):
        return ShapeVerdict(True, f"Right: {real}.")
    how = "opposite sign" if _sign(number) == -_sign(actual) != 0 else (
        "too large" if abs(number) > abs(actual) else "too small")
    return ShapeVerdict(False, f"Not quite: {how}.")


def shape_reason(step) -> str:
    """Why the result has its shape: the step's shape algebra in named dims."""
    named = step.shape_algebra[1] if step.shape_algebra else ""
    if not named:
        return ""
    if "@" in named:
        return (f"{named}: in a matrix product the inner dims meet and are summed away; the "
                "outer ones remain.")
    if "→ (1," in named:
        return f"{named}: the sum over the batch keeps one row."
    return f"{named}: element by element, the shape stays."
