"""How the shape walker learns what a name stands for.

The walker (`walker.py`) never looks anything up itself: it asks a resolver for the value
of a leaf of the expression (a Name, an Attribute chain such as `self.W1`, a Subscript such
as `params['W1']` or `weights[i]`) and for the object behind a bare name (to tell a NumPy
function from one of the learner's). The debugger's resolver reads a paused frame
(`nntutor.debugger.namespace.Namespace`); any other source of values only has to answer the
same two questions. `UNKNOWN` is the answer "cannot tell without running code".

A strict resolver (`strict = True`, the checker's `ExerciseResolver`) answers more: it may
refuse any piece with its own error, it binds each call to a shape rule (`resolve_call`,
`bind`), does plain-number arithmetic (`arithmetic`, `unary`), sorts an index's items
(`index_key`), gives the shape of one of its values (`shape`) and the value an operation's
shape stands for (`result`). The walker hands it `walk`, to read sub-expressions back.
"""

from __future__ import annotations

import ast
from typing import Protocol

import numpy as np


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN = _Unknown()

NUMBER = (int, float, complex, np.number, np.bool_)


class Resolver(Protocol):
    def value(self, node: ast.AST) -> object:
        """The value of a leaf expression (a name, attribute chain, item, constant), or
        UNKNOWN when it cannot be read without running code."""

    def name(self, ident: str) -> object:
        """The object a bare name is bound to (a function, a module...), or UNKNOWN."""


def shape_of(value) -> tuple[int, ...] | None:
    """An array's shape, () for a number, a nested literal list's shape, else None."""
    if isinstance(value, np.ndarray):
        return tuple(value.shape)
    if isinstance(value, (*NUMBER, bool)):
        return ()
    if isinstance(value, (list, tuple)) and value:
        return _literal_shape(value)
    return None


def _literal_shape(value, depth: int = 0) -> tuple[int, ...] | None:
    if depth > 8:
        return None
    if isinstance(value, (*NUMBER, bool)):
        return ()
    if not isinstance(value, (list, tuple)) or not value:
        return None
    inner = _literal_shape(value[0], depth + 1)
    if inner is None:
        return None
    # check the lengths of the first few rows only: this is a hint, not a validator
    for item in value[1:8]:
        if _literal_shape(item, depth + 1) != inner:
            return None
    return (len(value), *inner)
