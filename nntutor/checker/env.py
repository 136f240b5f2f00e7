"""Turning the caller's variables (arrays) or dims (names) into what the interpreter reads.

Lesson arrays are handed over as read-only views, so no expression can change them.
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from nntutor.shapes.dims import Sym
from nntutor.checker.syntax import NUMPY_NAMES
from nntutor.checker.values import Shaped


def check_name(name: object) -> str:
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"variable name {name!r} is not a Python identifier")
    if name.startswith("_"):
        raise ValueError(f"variable name {name!r} may not start with '_'")
    if name in NUMPY_NAMES:
        raise ValueError(f"variable name {name!r} is reserved for NumPy")
    return name


def array_env(variables: Mapping[str, Any]) -> dict[str, Any]:
    """Numbers pass as they are; arrays become read-only views (no copy, no way to write)."""
    env: dict[str, Any] = {}
    for name, value in variables.items():
        check_name(name)
        if isinstance(value, (bool, int, float)) and not isinstance(value, np.generic):
            env[name] = value
        elif isinstance(value, (np.ndarray, np.generic)):
            if value.dtype.kind not in "biuf":
                raise TypeError(f"variable {name!r} holds {value.dtype} values; only real "
                                "numbers can be used in exercises")
            if isinstance(value, np.generic):
                env[name] = value
            else:
                view = np.asarray(value).view()
                view.flags.writeable = False
                env[name] = view
        else:
            raise TypeError(f"variable {name!r} is a {type(value).__name__}; give an array or "
                            "a number")
    return env


def dim_of(d: object) -> int | Sym:
    if isinstance(d, (int, np.integer)) and not isinstance(d, bool):
        if d < 0:
            raise ValueError(f"dimension {d} is negative")
        return int(d)
    if isinstance(d, str):
        d = d.strip()
        if d.isdigit():
            return int(d)
        if d.isidentifier():
            return Sym((d,))
    raise ValueError(f"dimension {d!r} must be a name such as 'n' or a size such as 4")


def dims_env(dims: Mapping[str, Sequence[str | int]]) -> dict[str, Any]:
    """`{"X": ("n", "in"), "n": ()}`: arrays become `Shaped`, scalars a number named after
    themselves (so `np.ones((n, 1))` has shape (n, 1) when n is the batch size)."""
    env: dict[str, Any] = {}
    for name, shape in dims.items():
        check_name(name)
        if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence):
            raise ValueError(f"dims of {name!r} must be a tuple such as ('n', 'in'), "
                             f"not {shape!r}")
        items = tuple(dim_of(d) for d in shape)
        env[name] = Shaped(items) if items else Sym((name,))
    return env
