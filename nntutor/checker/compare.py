"""Numeric comparisons of an answer's values with the expected ones, instance by instance.

Tolerances: `rtol=1e-6`, and `atol` one billionth of the largest expected magnitude, so a
sum computed in another order passes but a factor of (1 + 1e-4) does not.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from nntutor.engine.tolerance import RTOL, close  # noqa: F401  (the one rule, re-exported)


def as_float(v) -> np.ndarray:
    return np.asarray(v, dtype=np.float64)


def all_close(gots, expecteds) -> bool:
    return all(close(g, e) for g, e in zip(gots, expecteds))


def non_finite(got, expected) -> bool:
    """nan or inf in the answer where the expected values are finite."""
    g, e = as_float(got), as_float(expected)
    if g.shape != e.shape:
        return bool(not np.all(np.isfinite(g)))
    return bool(np.any(~np.isfinite(g) & np.isfinite(e)))


def scale(got, expected) -> float | None:
    """The c with c * got == expected, when there is one (least squares, then checked)."""
    g, e = as_float(got), as_float(expected)
    if g.shape != e.shape or not np.all(np.isfinite(g)):
        return None
    gg = float(np.vdot(g, g))
    if gg == 0.0:
        return None
    c = float(np.vdot(g, e)) / gg
    return c if c != 0.0 and close(c * g, e) else None


def same(values: list[float], targets: list[float], tol: float = 1e-6) -> bool:
    return all(abs(v - t) <= tol * max(1.0, abs(t)) for v, t in zip(values, targets))


def nice(c: float) -> str:
    """2, 1/2, 0.37 — the simplest honest way to print a factor."""
    f = Fraction(c).limit_denominator(12)
    if abs(float(f) - c) <= 1e-6 * max(1.0, abs(c)):
        return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"
    return f"{c:.3g}"


def largest_difference(got, expected) -> tuple[float, tuple[int, ...]]:
    g, e = as_float(got), as_float(expected)
    diff = np.abs(g - e)
    diff = np.where(np.isnan(diff), np.inf, diff)
    at = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    return float(diff[at] if diff.ndim else diff), tuple(int(i) for i in at)
