"""Weight initialisations used by the seeds, all drawn from a seeded numpy Generator.

Biases always start at zero; only weights are random (that is what breaks the symmetry
between hidden units: with equal weights every unit would learn the same thing).
"""

from __future__ import annotations

import numpy as np


def glorot_uniform(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    """W ~ U(−r, r) with r = √(6 / (fan_in + fan_out))  (Glorot & Bengio, seed 002)"""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def small_normal(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    """W ~ 0.1·N(0, 1)  (seed 004: small, random, different for every unit)"""
    return 0.1 * rng.standard_normal((fan_in, fan_out))


def small_uniform(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    """W ~ 0.1·U(0, 1)"""
    return 0.1 * rng.uniform(0.0, 1.0, size=(fan_in, fan_out))


def standard_normal(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    """W ~ N(0, 1)  (seed 000's np.random.randn)"""
    return rng.standard_normal((fan_in, fan_out))


INITS = {
    "glorot_uniform": glorot_uniform,
    "small_normal": small_normal,
    "small_uniform": small_uniform,
    "standard_normal": standard_normal,
}
ALIASES = {"glorot": "glorot_uniform", "normal": "standard_normal", "randn": "standard_normal"}


def get_init(name: str):
    try:
        return INITS[ALIASES.get(name, name)]
    except KeyError:
        known = ", ".join(sorted(INITS))
        raise ValueError(f"unknown initialisation {name!r} (known: {known})") from None
