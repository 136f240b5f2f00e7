"""When two arrays count as the same number: one rule for the checker, the lesson validator
and the engine's own comparisons.

`rtol = 1e-6`, and an absolute tolerance of one billionth of the largest expected magnitude
(at least 1e-9), so a sum computed in another order passes but a factor of (1 + 1e-4) does not.
"""

from __future__ import annotations

import numpy as np

RTOL = 1e-6
ATOL_SCALE = 1e-9


def atol_for(expected) -> float:
    e = np.asarray(expected, dtype=np.float64)
    finite = np.abs(e[np.isfinite(e)])
    return ATOL_SCALE * max(1.0, float(finite.max()) if finite.size else 1.0)


def close(got, expected) -> bool:
    """Same shape and every entry within the tolerance (NaN equals NaN)."""
    g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape:
        return False
    return bool(np.allclose(g, e, rtol=RTOL, atol=atol_for(e), equal_nan=True))
