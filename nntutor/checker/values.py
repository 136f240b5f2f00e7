"""What an expression's parts can be while it is interpreted.

When evaluating, arrays are real NumPy arrays. When inferring shapes, an array is a
`Shaped` (its dims, and whether it is a True/False mask) and a scalar lesson variable
such as `n` is a `Sym`, so `np.ones((n, 1))` has shape `(n, 1)`.
"""

from __future__ import annotations

import numpy as np

from nntutor.shapes.dims import Sym


class Shaped:
    """An array known only by its shape; `mask` when it holds True/False (a comparison)."""

    __slots__ = ("mask", "shape")

    def __init__(self, shape: tuple, mask: bool = False):
        self.shape = tuple(shape)
        self.mask = mask

    def __repr__(self) -> str:
        return f"Shaped{self.shape}"


class DType:
    """A dtype named in `.astype(...)`: `float`, `np.float32`, ..."""

    __slots__ = ("dtype", "name")

    def __init__(self, name: str, dtype):
        self.name = name
        self.dtype = np.dtype(dtype)


class Module:
    """The `np` name itself (only its allowed attributes are reachable)."""


NUMPY = Module()


def is_number(v) -> bool:
    """A plain Python number (bools count), handled exactly without NumPy."""
    return isinstance(v, (int, float)) and not isinstance(v, np.generic)


def is_array(v) -> bool:
    """Anything that behaves as an array operand: arrays, NumPy scalars, numbers, names."""
    return isinstance(v, (np.ndarray, np.generic, Shaped, Sym)) or is_number(v)


def shape_of(v) -> tuple:
    if isinstance(v, Shaped):
        return v.shape
    if isinstance(v, np.ndarray):
        return v.shape
    return ()


def is_mask(v) -> bool:
    if isinstance(v, Shaped):
        return v.mask
    if isinstance(v, (np.ndarray, np.generic)):
        return v.dtype == np.bool_
    return isinstance(v, bool)


def describe(v) -> str:
    """What a value is, in a learner's words, for 'expected an array, got ...' messages."""
    if isinstance(v, str):
        return "a text string"
    if isinstance(v, tuple):
        return "a tuple"
    if isinstance(v, list):
        return "a list"
    if v is None:
        return "None"
    if v is Ellipsis:
        return "'...'"
    if isinstance(v, slice):
        return "a slice"
    if isinstance(v, DType):
        return f"the type {v.name}"
    if isinstance(v, Module):
        return "the NumPy module"
    if is_number(v) or isinstance(v, (np.generic, Sym)) or isinstance(v, Shaped) and not v.shape:
        return "a number"
    return "an array"
