"""Reading a frame's values without running any of the learner's code.

The debugger must never execute a line twice, nor trigger a property or `__getattr__`
that might have side effects. `Namespace.value` evaluates only the harmless part of an
expression: names, constants, plain attributes (looked up statically), dict/list/tuple
items, `len(...)`, `str(...)`, an array's `.shape`/`.ndim`/`.size`/`.dtype`, and integer
arithmetic. Anything else is `UNKNOWN`.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import operator
import types
from collections.abc import Mapping

import numpy as np

from nntutor.shapes.resolver import NUMBER as _NUMBER
from nntutor.shapes.resolver import UNKNOWN, shape_of  # noqa: F401  (read here by the debugger)

_ARRAY_ATTRS = ("shape", "ndim", "size", "dtype")
_ARITH = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Div: operator.truediv,
}
_SAFE_CALLS = {"len": len, "str": str, "int": int, "float": float, "tuple": tuple, "abs": abs}


def static_attr(obj, attr: str):
    """`obj.attr` without running properties, descriptors or `__getattr__`."""
    if isinstance(obj, types.ModuleType):
        return obj.__dict__.get(attr, UNKNOWN)
    if isinstance(obj, np.ndarray):
        return getattr(obj, attr) if attr in _ARRAY_ATTRS else UNKNOWN
    try:
        value = inspect.getattr_static(obj, attr, UNKNOWN)
    except Exception:  # a hostile __dict__ or metaclass: just don't look
        return UNKNOWN
    if value is UNKNOWN or hasattr(type(value), "__get__"):
        return UNKNOWN  # a method, property or other descriptor
    return value


class Namespace:
    """A frame's names, read-only: locals first, then globals, then builtins."""

    def __init__(self, local: Mapping, global_: Mapping | None = None):
        self.local = local
        self.global_ = global_ if global_ is not None else {}

    @classmethod
    def of_frame(cls, frame) -> Namespace:
        if frame.f_code.co_name == "<module>":
            return cls(frame.f_globals)
        return cls(frame.f_locals, frame.f_globals)

    def name(self, ident: str):
        for scope in (self.local, self.global_):
            if ident in scope:
                return scope[ident]
        return getattr(builtins, ident, UNKNOWN)

    def value(self, node: ast.AST):
        """The value of `node` if it can be read without side effects, else UNKNOWN."""
        try:
            return self._value(node)
        except Exception:
            return UNKNOWN

    def _value(self, node: ast.AST):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Attribute):
            base = self._value(node.value)
            return UNKNOWN if base is UNKNOWN else static_attr(base, node.attr)
        if isinstance(node, ast.Subscript):
            base = self._value(node.value)
            if type(base) not in (dict, list, tuple):
                return UNKNOWN
            key = self._value(node.slice)
            if key is UNKNOWN or isinstance(key, slice):
                return UNKNOWN
            try:
                return base[key]
            except (KeyError, IndexError, TypeError):
                return UNKNOWN
        if isinstance(node, (ast.Tuple, ast.List)):
            items = [self._value(e) for e in node.elts]
            if any(i is UNKNOWN for i in items):
                return UNKNOWN
            return tuple(items) if isinstance(node, ast.Tuple) else items
        if isinstance(node, ast.Slice):
            bounds = (node.lower, node.upper, node.step)
            parts = [None if p is None else self._value(p) for p in bounds]
            parts = [int(p) if isinstance(p, np.integer) else p for p in parts]  # X[i:i + 1]
            if any(p is UNKNOWN or not (p is None or isinstance(p, int)) for p in parts):
                return UNKNOWN
            return slice(*parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = self._value(node.operand)
            if isinstance(v, _NUMBER):
                return -v if isinstance(node.op, ast.USub) else v
            return UNKNOWN
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
            left, right = self._value(node.left), self._value(node.right)
            ok = (isinstance(left, _NUMBER) and isinstance(right, _NUMBER)) or (
                isinstance(left, str) and isinstance(right, str) and isinstance(node.op, ast.Add)
            )
            return _ARITH[type(node.op)](left, right) if ok else UNKNOWN
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            fn = self.name(node.func.id)
            safe = _SAFE_CALLS.get(node.func.id)
            if safe is None or fn is not safe or len(node.args) != 1:
                return UNKNOWN
            arg = self._value(node.args[0])
            if arg is UNKNOWN or (fn is not len and not isinstance(arg, (*_NUMBER, str, tuple))):
                return UNKNOWN
            return fn(arg)
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if isinstance(part, ast.Constant):
                    parts.append(str(part.value))
                elif isinstance(part, ast.FormattedValue) and part.format_spec is None:
                    v = self._value(part.value)
                    if not isinstance(v, (*_NUMBER, str)):
                        return UNKNOWN
                    parts.append(str(v))
                else:
                    return UNKNOWN
            return "".join(parts)
        return UNKNOWN
