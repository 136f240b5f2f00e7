"""Hypothesis strategies shared by the test suite."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st


@st.composite
def distinct_sizes(draw, count: int, low: int = 2, high: int = 7):
    """`count` different sizes, so no two dimensions can be swapped by luck."""
    return draw(st.lists(st.integers(low, high), min_size=count, max_size=count, unique=True))


@st.composite
def arrays(draw, shape, scale: float = 1.0):
    seed = draw(st.integers(0, 2**32 - 1))
    return scale * np.random.default_rng(seed).standard_normal(shape)


seeds = st.integers(0, 2**32 - 1)
