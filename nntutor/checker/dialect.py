"""What an exercise may write, and what each piece of it means: the allow-list's rules
for names, attributes, calls and their arguments, indexing and plain-number arithmetic, and
the error each refusal raises.

Two walks read an exercise through this dialect: the value evaluator
(`interpreter.Interpreter`, NumPy runs) and the shape walker (`nntutor.shapes.walker`, through
`resolver.ExerciseResolver`: names stand for named dims, nothing runs). A subclass says what
an array is (`make_array`, `transpose`, `mask_count`) and how an operation is applied; the
checks and their messages are written once, here.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from nntutor.checker import catalog as C
from nntutor.checker.errors import (
    Clash,
    ExpressionError,
    ExpressionRefused,
    InvalidArgument,
    NumericError,
    ShapeMismatch,
    UnknownName,
)
from nntutor.checker.limits import Limits, approx
from nntutor.checker.syntax import NUMPY_NAMES, Parsed, column_of, where
from nntutor.checker.values import (
    NUMPY, DType, Shaped, describe, is_array, is_mask, is_number, shape_of,
)
from nntutor.shapes import dims as D
from nntutor.shapes.dims import Sym
from nntutor.shapes.mutations import operator_index
from nntutor.shapes.rules import RuleClash

BUILTIN_HINTS = {
    "sum": "use np.sum(...) or X.sum(axis=0)", "abs": "use np.abs(...)",
    "max": "use np.max(...), or np.maximum(a, b) for two arrays",
    "min": "use np.min(...), or np.minimum(a, b) for two arrays",
"pow": "use ** or np.power", "range": "use np.arange",
    "float": "use .astype(float)", "int": "use .astype(int)", "round": "not needed here",
    "print": "the value is shown for you",
}
NOT_AVAILABLE = "is not available in exercises"
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."



class Dialect:
    """The exercise's rules, shared by the evaluator and the shape walker's resolver.

    `visit(node)` gives the value of a sub-expression (a NumPy array when evaluating, a
    `Shaped` when inferring); the visit_* methods here handle what is not an array operation.
    """

    def __init__(self, parsed: Parsed, env: Mapping[str, Any], limits: Limits):
        self.parsed = parsed
        self.env = env
        self.limits = limits

    def visit(self, node: ast.AST) -> Any:
        raise NotImplementedError

    def make_array(self, value: list | tuple, dims: tuple, node: ast.AST) -> Any:
        """A literal list as an array of `dims`."""
        raise NotImplementedError

    def transpose(self, value: Any, node: ast.Attribute) -> Any:
        raise NotImplementedError

    def mask_count(self, item: Any, node: ast.AST) -> Any:
        """How many entries of a True/False index are True."""
        raise NotImplementedError

    def where(self, node: ast.AST) -> str:
        return self.parsed.where(node)

    def text(self, node: ast.AST) -> str:
        return self.parsed.segment(node)

    def visit_Constant(self, node: ast.Constant) -> Any:
        return node.value

    def visit_Tuple(self, node: ast.Tuple) -> tuple:
        return tuple(self.visit(e) for e in node.elts)

    def visit_List(self, node: ast.List) -> list:
        return [self.visit(e) for e in node.elts]

    def visit_Slice(self, node: ast.Slice) -> slice:
        parts = [None if n is None else self.visit(n) for n in (node.lower, node.upper, node.step)]
        for part, n in zip(parts, (node.lower, node.upper, node.step)):
            if part is not None:
                self.whole(part, n, "a slice bound")
        return slice(*parts)

    def visit_Name(self, node: ast.Name) -> Any:
        name = node.id
        if name in self.env:
            return self.env[name]
        if name in NUMPY_NAMES:
            return NUMPY
        raise self.unknown(name, node)

    def unknown(self, name: str, node: ast.AST) -> ExpressionError:
        if name in BUILTIN_HINTS or hasattr(builtins, name):
            hint = BUILTIN_HINTS.get(name)
            return ExpressionRefused(
                f"refused: built-in '{name}' {self.where(node)} {NOT_AVAILABLE}"
                + (f" ({hint})" if hint else ""), column=self.parsed.column(node))
        available = sorted(self.env) + ["np"]
        close = difflib.get_close_matches(name, available, n=1, cutoff=0.6)
        lower = [a for a in available if a.lower() == name.lower()]
        return UnknownName(name, available, column=self.parsed.column(node),
                           suggestion=(lower or close or [None])[0])

    # -- attributes and calls ---------------------------------------------------------------

    def is_numpy(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in NUMPY_NAMES and node.id not in self.env

    def is_linalg(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "linalg" and self.is_numpy(
            node.value)

    def visit_Attribute(self, node: ast.Attribute) -> Any:
        attr = node.attr
        if self.is_linalg(node.value) or (self.is_numpy(node.value) and attr == "linalg"):
            raise InvalidArgument(f"np.linalg.multi_dot {self.where(node)} is a function: call "
                                  "it, as in np.linalg.multi_dot([A, B, C])")
        if self.is_numpy(node.value):
            if attr in C.NP_FUNCTIONS:
                raise InvalidArgument(f"np.{attr} {self.where(node)} is a function: call it, "
                                      f"as in {C.NP_FUNCTIONS[attr].signature}")
            if attr in C.NP_DTYPES:
                return DType(f"np.{attr}", C.NP_DTYPES[attr])
            return C.NP_CONSTANTS[attr]
        value = self.visit(node.value)
        self.need_array(value, node.value, f".{attr}")
        if attr in C.ARRAY_METHODS:
            raise InvalidArgument(f".{attr} {self.where(node)} is a method: call it, as in "
                                  f"X{C.ARRAY_METHODS[attr].signature}")
        shape = shape_of(value)
        if attr == "T":
            return self.transpose(value, node)
        if attr == "shape":
            return tuple(shape)
        if attr == "ndim":
            return len(shape)
        return D.prod(shape)  # size

    def need_array(self, value: Any, node: ast.AST, what: str) -> None:
        if not isinstance(value, (np.ndarray, np.generic, Shaped)):
            raise InvalidArgument(f"{what} needs an array, but `{_short(self.text(node))}` "
                                  f"{self.where(node)} is {describe(value)}")


    def visit_Call(self, node: ast.Call) -> Any:
        found = self.resolve_call(node)
        if found is None:
            return self.length(node)
        func, self_value, self_node = found
        bound, operands, opts = self.bind(func, node, self_value, self_node)
        return self.apply(func, bound, operands, opts, node)

    def apply(self, func: C.Func, bound: dict, operands: list, opts: dict, node: ast.AST) -> Any:
        raise NotImplementedError

    def resolve_call(self, node: ast.Call) -> tuple[C.Func, Any, ast.AST | None] | None:
        """The allow-listed function a call names, with its receiver (a method's array);
        None for `len(...)`."""
        f = node.func
        self_value = self_node = None
        if isinstance(f, ast.Attribute) and self.is_linalg(f.value):
            func = C.NP_LINALG[f.attr]  # the syntax check let only these through
        elif isinstance(f, ast.Attribute) and self.is_numpy(f.value):
            func = C.NP_FUNCTIONS.get(f.attr)
            if func is None:
                raise InvalidArgument(f"np.{f.attr} {self.where(node)} can't be called"
                                      + (f"; use .astype(np.{f.attr})" if f.attr in C.NP_DTYPES
                                         else ""))
        elif isinstance(f, ast.Attribute):
            func = C.ARRAY_METHODS.get(f.attr)
            if func is None:
                raise InvalidArgument(f".{f.attr} {self.where(f)} is not a method: write "
                                      f"`{_short(self.text(f))}` without ()")
            self_node = f.value
            self_value = self.visit(self_node)
            self.need_array(self_value, self_node, f".{f.attr}()")
        elif isinstance(f, ast.Name) and f.id == "len" and "len" not in self.env:
            return None
        elif isinstance(f, ast.Name):
            if f.id in self.env:
                raise InvalidArgument(f"'{f.id}' {self.where(f)} is {describe(self.env[f.id])}, "
                                      "not a function")
            if f.id in NUMPY_NAMES:
                raise InvalidArgument(f"np {self.where(f)} is the NumPy module; call one of its "
                                      "functions, as in np.sum(X)")
            raise self.unknown(f.id, f)
        else:
            raise InvalidArgument(f"`{_short(self.text(f))}` {self.where(f)} can't be called: "
                                  "only NumPy functions and array methods can")
        return func, self_value, self_node

    def length(self, node: ast.Call) -> Any:
        """`len(X)`: the number of rows (the batch size n for samples in rows)."""
        if len(node.args) != 1 or node.keywords:
            raise InvalidArgument(f"len {self.where(node)} takes one array, as in len(X)")
        value = self.visit(node.args[0])
        self.need_array(value, node.args[0], "len()")
        shape = shape_of(value)
        if not shape:
            raise InvalidArgument(f"len() {self.where(node)} needs an array with at least one "
                                  "dim; a number has no length")
        return shape[0]

    def bind(self, func: C.Func, node: ast.Call, self_value, self_node):
        """Match arguments to the allow-listed parameters; anything else is refused."""
        params = [p for p in func.params if p.name != "self"]
        positional = [p for p in params if p.positional]
        given: dict[str, ast.AST] = {}
        extra: list[ast.AST] = []
        for i, arg in enumerate(node.args):
            if i < len(positional):
                given[positional[i].name] = arg
            elif func.varargs is not None:
                extra.append(arg)
            else:
                names = ", ".join(p.name for p in positional)
                raise InvalidArgument(
                    f"{func.name} {self.where(node)} takes at most {len(positional)} "
                    f"positional argument{'s' if len(positional) != 1 else ''} ({names}); "
                    f"got {len(node.args)}")
        for kw in node.keywords:
            p = func.param(kw.arg)
            if p is None or not p.keyword or p.name == "self":
                allowed = ", ".join(func.keywords) or "none"
                raise ExpressionRefused(
                    f"refused: keyword '{kw.arg}' {self.where(kw.value)} is not accepted by "
                    f"{func.name} in exercises (allowed: {allowed})",
                    column=self.parsed.column(kw.value))
            if kw.arg in given:
                raise InvalidArgument(f"{func.name} {self.where(node)} got '{kw.arg}' twice")
            given[kw.arg] = kw.value
        bound: dict[str, Any] = {}
        operands: list[tuple[Any, ast.AST]] = []
        opts: dict[str, Any] = {}
        if self_node is not None:
            bound["self"] = self_value
            operands.append((self_value, self_node))
        for p in params:
            if p.name not in given:
                if p.default is C.REQUIRED:
                    raise InvalidArgument(f"{func.name} {self.where(node)} needs its '{p.name}' "
                                          f"argument: {func.signature}")
                bound[p.name] = p.default
                if p.kind not in ("array", "optarray", "arrays"):
                    opts[p.name] = p.default
                continue
            arg = given[p.name]
            value = self.coerce(p.kind, self.argument(p.kind, arg), arg, func)
            self.collect(p.kind, p.name, value, arg, bound, operands, opts)
        if func.varargs is not None:
            v = func.varargs
            if v.kind == "array":  # einsum operands, each its own operand
                values = [self.coerce("array", self.visit(a), a, func) for a in extra]
                bound[v.name] = values
                operands.extend(zip(values, extra))
            else:  # .reshape(2, 3) and .reshape((2, 3)) alike; .transpose() is None
                raw = [self.visit(a) for a in extra]
                if len(raw) == 1 and isinstance(raw[0], (tuple, list)) or (
                        len(raw) == 1 and raw[0] is None):
                    raw = raw[0]
                elif not raw:
                    if v.kind == "newshape":
                        raise InvalidArgument(f"{func.name} {self.where(node)} needs the new "
                                              "shape, as in X.reshape(-1, 1)")
                    raw = None
                else:
                    raw = tuple(raw)
                value = self.coerce(v.kind, raw, node, func)
                bound[v.name] = opts[v.name] = value
        return bound, operands, opts

    def argument(self, kind: str, node: ast.AST) -> Any:
        if kind == "dtype" and isinstance(node, ast.Name) and node.id in C.BUILTIN_DTYPES \
                and node.id not in self.env:
            return DType(node.id, C.BUILTIN_DTYPES[node.id])
        return self.visit(node)

    def collect(self, kind, name, value, node, bound, operands, opts) -> None:
        bound[name] = value
        if kind == "array" or kind == "optarray" and value is not None:
            operands.append((value, node))
        elif kind == "arrays":
            elts = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node] * len(value)
            operands.extend(zip(value, elts))
        elif kind != "optarray":
            opts[name] = value

    # -- argument kinds ---------------------------------------------------------------------

    def whole(self, value: Any, node: ast.AST, what: str) -> Any:
        """A whole number (or a named dim), bounded by `max_int`."""
        if isinstance(value, Sym):
            return value
        if isinstance(value, np.integer):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            hint = (" (use // to divide whole numbers)" if isinstance(node, ast.BinOp)
                    and isinstance(node.op, ast.Div) else "")
            raise InvalidArgument(f"{what} must be a whole number, but `{_short(self.text(node))}`"
                                  f" {self.where(node)} is {describe(value)}{hint}")
        if abs(value) > self.limits.max_int:
            raise ExpressionRefused(f"refused: {what} {value} {self.where(node)} is larger than "
                                    f"{approx(self.limits.max_int)}", column=self.parsed.column(node))
        return value

    def coerce(self, kind: str, value: Any, node: ast.AST, func: C.Func) -> Any:
        if kind in ("array", "optarray"):
            if value is None and kind == "optarray":
                return None
            if isinstance(value, (list, tuple)):
                return self.literal_array(value, node)
            if not is_array(value):
                raise InvalidArgument(f"{func.name} needs an array, but `{_short(self.text(node))}`"
                                      f" {self.where(node)} is {describe(value)}")
            return value
        if kind == "arrays":
            if not isinstance(value, (list, tuple)) or not value:
                raise InvalidArgument(f"{func.name} needs a list of arrays, as in [a, b], "
                                      f"{self.where(node)}")
            return [self.coerce("array", v, node, func) for v in value]
        if kind == "axis":
            if value is None:
                return None
            if isinstance(value, (tuple, list)):
                return tuple(self.small_int(v, node, "an axis") for v in value)
            return self.small_int(value, node, "an axis")
        if kind == "axes":
            if value is None:
                return None
            if not isinstance(value, (tuple, list)):
                value = (value,)
            return tuple(self.small_int(v, node, "an axis") for v in value)
        if kind in ("shape", "newshape"):
            if not isinstance(value, (tuple, list)):
                return (self.whole(value, node, "a shape entry"),)
            nodes = node.elts if isinstance(node, (ast.Tuple, ast.List)) and len(
                node.elts) == len(value) else [node] * len(value)
            return tuple(self.whole(v, n, "a shape entry") for v, n in zip(value, nodes))
        if kind == "bool":
            if isinstance(value, (bool, np.bool_)) or value in (0, 1) and is_number(value):
                return bool(value)
            raise InvalidArgument(f"{func.name} {self.where(node)}: expected True or False")
        if kind == "int":
            return None if value is None else self.whole(value, node, "a count")
        if kind == "number":
            if is_number(value) or isinstance(value, (np.generic, Sym)) or (
                    isinstance(value, Shaped) and not value.shape):
                return value
            raise InvalidArgument(f"{func.name} needs a single number {self.where(node)}, "
                                  f"not {describe(value)}")
        if kind == "subscripts":
            if not isinstance(value, str):
                raise InvalidArgument(f"np.einsum needs its subscripts first, as in "
                                      f"np.einsum('ij,jk->ik', A, B) {self.where(node)}")
            return value
        if kind == "dtype":
            if not isinstance(value, DType):
                raise InvalidArgument(f".astype needs a type such as float or np.float64 "
                                      f"{self.where(node)}")
            return value.dtype
        if kind == "tdaxes":
            if isinstance(value, (tuple, list)) and len(value) == 2:
                return tuple(tuple(self.small_int(a, node, "an axis") for a in
                                   (v if isinstance(v, (tuple, list)) else (v,))) for v in value)
            return self.small_int(value, node, "axes")
        raise AssertionError(kind)

    def small_int(self, value: Any, node: ast.AST, what: str) -> int:
        value = self.whole(value, node, what)
        if isinstance(value, Sym):
            raise InvalidArgument(f"{what} must be a number such as 0 or 1 {self.where(node)}")
        return value

    def literal_array(self, value: list | tuple, node: ast.AST) -> Any:
        """`[1, 2]`, `[[1, 0], [0, 1]]`, `[a, b]`: a rectangular nest of numbers or arrays."""
        def shape(v):
            if isinstance(v, (list, tuple)):
                inner = [shape(x) for x in v]
                if any(s != inner[0] for s in inner):
                    raise InvalidArgument(f"the list {self.where(node)} is not rectangular")
                return (len(v),) + (inner[0] if inner else ())
            if not is_array(v):
                raise InvalidArgument(f"a list used as an array {self.where(node)} may only hold"
                                      f" numbers or arrays, not {describe(v)}")
            return tuple(shape_of(v))
        return self.make_array(value, shape(value), node)

    # -- a clash, in the checker's words ------------------------------------------------------

    def mismatch(self, op: str, node: ast.AST, operands: list, shapes: list,
                 clash: RuleClash) -> ShapeMismatch:
        texts = [self.text(n) for _, n in operands]

        def fill(m: re.Match) -> str:
            i = int(m.group(1))
            return _short(texts[i], 40) if i < len(texts) else "an index"

        why = _PLACEHOLDER.sub(fill, clash.why)
        described = ", ".join(f"{_short(t, 40)} is {D.shape_text(s)}" for t, s in
                              zip(texts, shapes))
        node_text = self.text(node)
        at = operator_index(self.parsed, node)  # point at the operator, not the left operand
        where_text = self.where(node) if at is None else where(self.parsed.text, at)
        column = self.parsed.column(node) if at is None else column_of(self.parsed.text, at)[1]
        message = (f"shapes don't fit for {op} in `{_short(node_text)}` {where_text}: "
                   f"{described}; {why}")
        info = None
        if clash.clash is not None:
            (i, ai), (j, aj) = clash.clash
            info = Clash((D.text(shapes[i][ai]), D.text(shapes[j][aj])), (ai, aj), (i, j))
        exc = ShapeMismatch(
            message, op=op, node_text=node_text,
            operands=[(t, tuple(D.text(d) for d in s)) for t, s in zip(texts, shapes)],
            clash=info, column=column, span=self.parsed.span(node),
            operand_spans=tuple(self.parsed.span(n) for _, n in operands))
        exc.raw_shapes = [tuple(s) for s in shapes]
        return exc

    # -- operators --------------------------------------------------------------------------

    def arithmetic(self, sign: str, left, right, node, lnode, rnode) -> Any:
        """Refuse what an operator can't take; the result when both sides are plain numbers
        (or a named number, see `symbolic`); None for an array operation (its rule decides)."""
        for value, n in ((left, lnode), (right, rnode)):
            if isinstance(value, (tuple, list, str)):  # [X] * 10**9 would build it in Python
                raise ExpressionRefused(f"refused: {sign} on {describe(value)} "
                                        f"(`{_short(self.text(n))}` {self.where(n)}): operators "
                                        "work on arrays and numbers only",
                                        column=self.parsed.column(n))
            if not is_array(value):
                raise InvalidArgument(f"{sign} can't be used on {describe(value)} "
                                      f"(`{_short(self.text(n))}` {self.where(n)})")
        if is_number(left) and is_number(right):
            return self.plain(sign, left, right, node)
        if isinstance(left, Sym) or isinstance(right, Sym):
            return self.symbolic(sign, left, right)
        return None

    def symbolic(self, sign: str, left, right) -> Any:
        """Arithmetic on a named whole number (`n`); None: the array rule decides."""
        return None

    def plain(self, sign: str, a, b, node: ast.AST) -> Any:
        """Python-number arithmetic with bignums refused before they are built."""
        ints = isinstance(a, int) and isinstance(b, int)
        bits = self.limits.max_int_bits
        try:
            if ints and sign == "*" and a.bit_length() + b.bit_length() > bits + 1:
                raise self.too_big(f"{a} * {b}", node)
            if ints and sign == "**" and b > 0 and abs(a) > 1 and (
                    b > self.limits.max_exponent or (abs(a).bit_length() - 1) * b > bits):
                raise self.too_big(f"{a}**{b}", node)
            result = C.OPERATORS[sign](a, b)
        except ZeroDivisionError:
            raise NumericError(f"division by zero in `{_short(self.text(node))}` "
                               f"{self.where(node)}", column=self.parsed.column(node)) from None
        except OverflowError:
            raise NumericError(f"`{_short(self.text(node))}` {self.where(node)} is too large "
                               "for a float", column=self.parsed.column(node)) from None
        except TypeError as exc:
            raise InvalidArgument(f"{sign} {self.where(node)}: {exc}") from None
        if isinstance(result, complex):
            raise NumericError(f"`{_short(self.text(node))}` {self.where(node)} is not a real "
                               "number", column=self.parsed.column(node))
        if isinstance(result, int) and result.bit_length() > bits:
            raise self.too_big(_short(self.text(node)), node)
        return result

    def too_big(self, what: str, node: ast.AST) -> ExpressionRefused:
        return ExpressionRefused(f"refused: {what} {self.where(node)} would be a whole number "
                                 f"beyond 2^{self.limits.max_int_bits}",
                                 column=self.parsed.column(node))

    def unary(self, sign: str, value, node: ast.UnaryOp) -> Any:
        """The result of a unary operator on a number; None on an array (its rule decides)."""
        if not is_array(value):
            raise InvalidArgument(f"unary {sign} can't be used on {describe(value)} "
                                  f"{self.where(node)}")
        if isinstance(value, Sym):
            return Shaped(()) if sign != "+" else value
        if is_number(value):
            if sign == "~" and not isinstance(value, int):
                raise InvalidArgument(f"~ {self.where(node)} needs a whole number or a mask")
            return {"-": lambda v: -v, "+": lambda v: +v, "~": lambda v: ~v}[sign](value)
        return None

    # -- indexing ---------------------------------------------------------------------------

    def index_key(self, base, key, node: ast.Subscript) -> tuple[list, tuple]:
        """`base[key]` on an array: each item sorted into its kind for the indexing rule,
        with the key as NumPy takes it."""
        self.need_array(base, node.value, "indexing")
        items = key if isinstance(key, tuple) else (key,)
        nodes = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        kinds, concrete_key = [], []
        for item, n in zip(items, nodes):
            kind, item = self.index_item(item, n)
            kinds.append(kind)
            concrete_key.append(item)
        return kinds, tuple(concrete_key)

    def index_invalid(self, node: ast.AST, exc: Exception) -> InvalidArgument:
        return InvalidArgument(f"indexing {self.where(node)}: {exc}")

    def call_invalid(self, func: C.Func, node: ast.AST, exc: Exception) -> InvalidArgument:
        return InvalidArgument(f"{func.name} {self.where(node)}: {exc}")

    def index_item(self, item: Any, node: ast.AST) -> tuple[tuple, Any]:
        if item is None:
            return ("new",), None
        if item is Ellipsis:
            return ("ellipsis",), Ellipsis
        if isinstance(item, slice):
            return ("slice", item), item
        if isinstance(item, list):
            item = self.literal_array(item, node)
        if isinstance(item, (np.ndarray, Shaped)) or isinstance(item, np.generic) and not \
                isinstance(item, np.integer):
            mask = is_mask(item)
            if not mask and isinstance(item, (np.ndarray, np.generic)) and item.dtype.kind not in "iu":
                raise InvalidArgument(f"index arrays must hold whole numbers or True/False "
                                      f"{self.where(node)}")
            shape = shape_of(item)
            if not mask:
                return ("array", shape, None), item
            count = self.mask_count(item, node)
            return ("array", shape, count), item
        return ("int", self.whole(item, node, "an index")), item

    def index_sequence(self, base: tuple | list, key: Any, node: ast.Subscript) -> Any:
        """`X.shape[0]`, `X.shape[::-1]`: plain Python indexing of a short tuple."""
        if isinstance(key, slice):
            return base[key]
        key = self.whole(key, node.slice, "an index")
        if isinstance(key, Sym) or not -len(base) <= key < len(base):
            raise InvalidArgument(f"index {D.text(key)} {self.where(node.slice)} is out of range "
                                  f"for `{_short(self.text(node.value))}`, which has {len(base)} "
                                  "entries")
        return base[key]
