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
