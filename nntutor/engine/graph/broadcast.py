"""Broadcasting in named dimensions, and its reverse: the sum that undoes it in backward.

NumPy aligns shapes on the right; an axis of size 1 (dim "1") is repeated to match the other.
A value that was repeated in forward receives one share of the gradient from every copy, so
backward SUMS the incoming gradient over every broadcast axis (keepdims for the size-1 ones).
"""

from __future__ import annotations

import numpy as np

ONE = "1"


class ShapeClash(ValueError):
    """Two operands whose shapes cannot be combined; the message names both."""


def broadcast_dims(a: tuple[str, ...], b: tuple[str, ...], sizes: dict[str, int],
                   what: str = "+") -> tuple[str, ...]:
    """The named dims of `a <op> b`; ShapeClash when an axis differs and neither is 1."""
    out = []
    width = max(len(a), len(b))
    pa, pb = (ONE,) * (width - len(a)) + a, (ONE,) * (width - len(b)) + b
    for da, db in zip(pa, pb):
        sa, sb = size_of(da, sizes), size_of(db, sizes)
        if sa == sb:
            out.append(da if da != ONE else db)
        elif sa == 1:
            out.append(db)
        elif sb == 1:
            out.append(da)
        else:
            raise ShapeClash(f"shapes {_text(a, sizes)} and {_text(b, sizes)} cannot be "
                             f"combined with {what}: axis {da} ({sa}) against {db} ({sb})")
    return tuple(out)


def size_of(dim: str, sizes: dict[str, int]) -> int:
    if dim == ONE:
        return 1
    if dim.isdigit():
        return int(dim)
    return sizes[dim]


def _text(dims: tuple[str, ...], sizes: dict[str, int]) -> str:
    inner = ", ".join(f"{d}={size_of(d, sizes)}" if not d.isdigit() else d for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"


def reduced_axes(in_shape: tuple[int, ...], out_shape: tuple[int, ...]) -> tuple[int, ...]:
    """Axes of the broadcast result that one operand of shape `in_shape` was repeated over."""
    lead = len(out_shape) - len(in_shape)
    axes = list(range(lead))
    axes += [lead + i for i, s in enumerate(in_shape) if s == 1 and out_shape[lead + i] != 1]
    return tuple(axes)


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum `grad` back down to `shape`: the backward of a broadcast."""
    if grad.shape == tuple(shape):
        return grad
    lead = grad.ndim - len(shape)
    if lead:
        grad = grad.sum(axis=tuple(range(lead)))
    keep = tuple(i for i, s in enumerate(shape) if s == 1 and grad.shape[i] != 1)
    if keep:
        grad = grad.sum(axis=keep, keepdims=True)
    return grad
