"""The one shape walker: a statement split into the operations Python performs, each with
the shape the shared rules give it.

The split comes from the syntax tree, in evaluation order (left operand, right operand,
then the operator; a call's receiver, its arguments, then the call). Shapes come from the
values the line really computed (the assigned or returned value, what the learner's own
functions returned) or from the shape rules applied to the operands' shapes; nothing is
ever evaluated a second time.

What a leaf of the expression (a name, `self.W1`, `params['W1']`, `weights[i]`) stands for
comes from a pluggable `Resolver` (`resolver.py`): the debugger passes a paused frame's
`Namespace`, and `analyse` splits a whole statement, leaving what it cannot tell unknown.
The checker passes a strict resolver (`nntutor.checker.resolver.ExerciseResolver`, an
exercise's named dims) to `walk`: it checks every piece against the exercise's allow-list
and binds each call's arguments, the rules of `rules.py` and `indexing.py` give the shapes,
and the walk stops at the first clash (`Analysis.failure`), which the checker words as its
`ShapeMismatch`.
"""

from __future__ import annotations

import ast
import types
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from nntutor.shapes import concrete as rules
from nntutor.shapes import rules as R
from nntutor.shapes.clash import Invalid
from nntutor.shapes.concrete import Clash, Shape, fmt
from nntutor.shapes.indexing import index as index_rule
from nntutor.shapes.resolver import UNKNOWN, Resolver, shape_of
from nntutor.shapes.stand_in import stand_in

Known = Literal["computed", "inferred", "assumed", "unknown"]

_SYMBOLS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
    ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
}


@dataclass(frozen=True)
class OperandShape:
    """An operand as the learner wrote it, with its shape (() a number, None unknown)."""

    text: str
    shape: Shape | None
    produced_by: int | None = None  # index of the operation that computed it, if any
    literal: str | None = None  # a small number or tuple argument (an axis, a new shape)

    def describe(self) -> str:
        return f"{self.text} {self.shape_text()}"

    def shape_text(self) -> str:
        if self.literal is not None:
            return self.literal
        return "scalar" if self.shape == () else fmt(self.shape)


@dataclass(frozen=True)
class Operation:
    """One operation of a line: `np.dot(X, W1)` with X (100, 2), W1 (2, 3) -> (100, 3)."""

    index: int  # 1-based, in the order Python evaluates them
    text: str  # the sub-expression, e.g. "np.dot(X, W1)"
    kind: str  # "matmul" | "dot" | "broadcast" | "transpose" | "reshape" | "reduce" | ...
    symbol: str  # "@", "np.dot", "+", ".T", "sigmoid", "-="
    operands: tuple[OperandShape, ...]
    shape: Shape | None
    known: Known  # how the result shape is known
    error: str | None = None  # the clash, if the shape rules say this cannot run
    span: tuple[int, int, int, int] | None = None  # (line, col, end_line, end_col) in the file

    def describe(self) -> str:
        """`(100, 2) @ (2, 3) -> (100, 3)`"""
        shapes = [o.shape_text() for o in self.operands]
        infix = not self.symbol[:1].isalnum() and self.symbol[:1] not in "._["
        if infix and len(shapes) == 2:
            lhs = f" {self.symbol} ".join(shapes)
        elif self.kind == "unary" and shapes:
            lhs = f"{self.symbol}{shapes[0]}"
        elif self.kind == "index" and shapes:
            lhs = f"{shapes[0]}[…]"
        elif self.kind == "transpose" and self.symbol == ".T" and shapes:
            lhs = f"{shapes[0]}.T"
        else:
            lhs = f"{self.symbol}({', '.join(shapes)})"
        if self.error:
            return f"{lhs} -> error: {self.error}"
        rhs = fmt(self.shape) if self.shape != () else "scalar"
        return f"{lhs} -> {rhs}"


@dataclass(slots=True)
class _Val:
    text: str | None  # None: read from the node when an operation records it
    node: ast.AST
    value: object = UNKNOWN
    shape: Shape | None = None
    op: int | None = None  # index into ops, when an operation produced it


@dataclass
class Failure:
    """The first operation of a line that cannot run, with the tree nodes to rewrite it."""

    operation: Operation | None  # None when the walk records no operations (`walk`)
    clash: Clash
    node: ast.AST
    operand_nodes: tuple[ast.AST, ...]
    operand_values: tuple[object, ...]
    function: str  # "dot", "matmul", "@", "+", "reshape"...


@dataclass
class Analysis:
    operations: list[Operation] = field(default_factory=list)
    failure: Failure | None = None


def expressions(stmt: ast.stmt) -> list[ast.expr]:
    """The expressions a statement evaluates, in order (a loop header: its iterable)."""
    if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.Expr, ast.Return)):
        return [stmt.value] if stmt.value is not None else []
    if isinstance(stmt, ast.AugAssign):
        return [stmt]  # handled as one in-place operation
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        return [stmt.iter]
    if isinstance(stmt, (ast.While, ast.If, ast.Assert)):
        return [stmt.test]
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return [item.context_expr for item in stmt.items]
    return []


def analyse(
    stmt: ast.stmt,
    ns: Resolver,
    *,
    result: object = UNKNOWN,
    returns: tuple[tuple[str, object], ...] = (),
    assume_user_elementwise: bool = False,
    is_user_function=None,
) -> Analysis:
    """Split `stmt` into operations with shapes.

    `result` is the value the statement really produced (the assigned or returned value);
    `returns` the values the learner's own functions returned while it ran, in order;
    `assume_user_elementwise` lets an unknown user function keep its first argument's shape
    (used only to locate a failure inside a line that raised).
    """
    walker = _Walker(ns, returns, assume_user_elementwise, is_user_function)
    for expr in expressions(stmt):
        try:
            top = walker.visit(expr)
        except _Stop:
            break
        if result is not UNKNOWN and top.op is not None and expr is expressions(stmt)[-1]:
            walker.settle(top, result)
    return Analysis(walker.ops, walker.failure)


def walk(expr: ast.expr, ns: Resolver, *, record: bool = False) -> tuple[object, Analysis]:
    """One expression under `ns`: its value as `ns` makes values (UNKNOWN when an
    operation fails), and the first failing operation as `failure` (with `record`, every
    operation in `operations`)."""
    walker = _Walker(ns, (), False, None)
    walker.record = record
    try:
        value = walker.visit(expr).value
    except _Stop:
        value = UNKNOWN
    return value, Analysis([op for op in walker.ops if op is not None], walker.failure)


class _Stop(Exception):
    """Raised once the first failing operation is found: later ones never ran."""


class _Walker:
    def __init__(self, ns, returns, assume, is_user_function):
        self.ns = ns
        # a resolver that also says what the expression may write (an exercise's dialect)
        self.dialect = ns if getattr(ns, "strict", False) else None
        self.record = True  # every operation, not only the failing one
        self.text = ns.text if self.dialect is not None else _text
        if self.dialect is not None:
            ns.walk = self.value_of
        self.returns = deque(returns)
        self.assume = assume
        self.is_user_function = is_user_function or _is_plain_function
        self.ops: list[Operation] = []
        self.failure: Failure | None = None

    # -- bookkeeping ---------------------------------------------------------------------
    def _add(self, node, kind, symbol, operands: list[_Val], shape, known, error=None) -> int:
        op = Operation(
            index=len(self.ops) + 1,
            text=self.text(node),
            kind=kind,
            symbol=symbol,
            operands=tuple(
                OperandShape(self.text(v.node) if v.text is None else v.text, v.shape,
                             None if v.op is None else v.op + 1, _literal(v.value))
                for v in operands
            ),
            shape=shape,
            known=known,
            error=error,
            span=_span(node),
        )
        self.ops.append(op)
        return len(self.ops) - 1

    def settle(self, top: _Val, value) -> None:
        """The statement's real result replaces what was inferred for its last operation."""
        shape = shape_of(value)
        if shape is None or top.op is None:
            return
        self.ops[top.op] = replace(self.ops[top.op], shape=shape, known="computed", error=None)

    def value_of(self, node: ast.AST) -> object:
        """The walk as a strict resolver sees it: the value of a sub-expression."""
        return self.visit(node).value

    def _apply(self, node, kind, symbol, operands, fn_name, rule, args, by_name=False,
               invalid=None):
        """Run a shape rule; on a clash record the failure and stop the walk.

        With a dialect, the result is the value the dialect makes of the shape (an array
        known by its shape), and `invalid` turns a rule's refusal into the dialect's error."""
        # a rule by name reads known non-array arguments (a dtype, subscripts) from `args`
        if self.dialect is None and any(v.shape is None and not (
                by_name and v.value is not UNKNOWN) for v in operands):
            index = self._add(node, kind, symbol, operands, None, "unknown")
            return _Val(self.text(node), node, UNKNOWN, None, index)
        try:
            shape = rule(*args)
        except Clash as clash:
            operation = None
            if self.record:
                index = self._add(node, kind, symbol, operands, None, "unknown", clash.summary)
                operation = self.ops[index]
            self.failure = Failure(
                operation, clash, node, tuple(v.node for v in operands),
                tuple(v.value for v in operands), fn_name,
            )
            raise _Stop from None
        except Invalid as exc:
            if self.dialect is not None:
                raise invalid(exc) from None
            shape = None  # not a shape problem: the shape stays unknown
        if self.dialect is not None:
            if self.record:
                index = self._add(node, kind, symbol, operands, shape, "inferred")
            else:
                self.ops.append(None)
                index = len(self.ops) - 1
            value = self.dialect.result(symbol, shape, [v.value for v in operands])
            return _Val(None, node, value, shape, index)
        known = "inferred" if shape is not None else "unknown"
        index = self._add(node, kind, symbol, operands, shape, known)
        return _Val(self.text(node), node, UNKNOWN, shape, index)

    def _made(self, node, value) -> _Val:
        """A value the dialect computed without a shape rule (plain numbers, `len(X)`)."""
        return _Val(None, node, value, self.ns.shape(value))

    # -- the walk ------------------------------------------------------------------------
    def visit(self, node: ast.AST) -> _Val:
        kind = type(node)
        method = _VISITS.get(kind)
        if method is None:
            method = _VISITS[kind] = getattr(_Walker, "visit_" + kind.__name__, _Walker._leaf)
        return method(self, node)

    def _leaf(self, node) -> _Val:
        value = self.ns.value(node)
        if self.dialect is not None:
            return _Val(None, node, value, self.ns.shape(value))
        return _Val(self.text(node), node, value, shape_of(value) if value is not UNKNOWN else None)

    visit_Name = visit_Constant = _leaf

    def visit_Attribute(self, node):
        if self.dialect is not None:
            return self._strict_attribute(node)
        if node.attr == "T":
            base = self.visit(node.value)
            return self._apply(node, "transpose", ".T", [base], "transpose", _transpose,
                               (base.shape,))
        leaf = self._leaf(node)
        if leaf.value is UNKNOWN:
            self.visit(node.value)  # still show operations inside the object expression
        return leaf

    def visit_Subscript(self, node):
        if self.dialect is not None:
            return self._strict_subscript(node)
        leaf = self._leaf(node)
        if leaf.value is not UNKNOWN:
            return leaf  # an item of a dict, list or tuple
        base = self.visit(node.value)
        key = self.ns.value(node.slice)
        if key is UNKNOWN:
            self.visit(node.slice)
            return self._apply(node, "index", "[]", [base], "index", lambda s: None, (base.shape,))
        return self._apply(node, "index", "[]", [base], "index", rules.index, (base.shape, key))

    def visit_Tuple(self, node):
        leaf = self._leaf(node)
        if leaf.value is UNKNOWN:
            items = [self.visit(elt) for elt in node.elts]
            if self.dialect is None and items and all(i.shape for i in items):
                # `[X, np.ones((1, m))]`: arrays known by their shapes, for a join to read
                arrays = [i.value if isinstance(i.value, np.ndarray) else stand_in(i.shape)
                          for i in items]
                value = tuple(arrays) if isinstance(node, ast.Tuple) else arrays
                return _Val(leaf.text, node, value, None)
        return leaf

    visit_List = visit_Tuple

    def visit_BinOp(self, node):
        left = self.visit(node.left)
        right = self.visit(node.right)
        symbol = _SYMBOLS.get(type(node.op), "?")
        if self.dialect is not None:
            return self._strict_operator(node, symbol, left, right)
        if isinstance(node.op, ast.MatMult):
            return self._apply(node, "matmul", "@", [left, right], "@", rules.matmul,
                               (left.shape, right.shape))
        return self._apply(node, "broadcast", symbol, [left, right], symbol, rules.broadcast,
                           (left.shape, right.shape))

    def visit_UnaryOp(self, node):
        operand = self.visit(node.operand)
        if self.dialect is not None:
            return self._strict_unary(node, operand)
        if isinstance(node.op, ast.Not):
            return _Val(self.text(node), node)
        if operand.shape is None or operand.shape == ():
            return _Val(self.text(node), node, self.ns.value(node), operand.shape)
        symbol = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~"}[type(node.op)]
        return self._apply(node, "unary", symbol, [operand], symbol, lambda s: s, (operand.shape,))

    def visit_Compare(self, node):
        left = self.visit(node.left)
        if self.dialect is not None:  # the dialect allows one comparison
            right = self.visit(node.comparators[0])
            return self._strict_operator(node, _SYMBOLS[type(node.ops[0])], left, right)
        rights = [self.visit(c) for c in node.comparators]
        if len(rights) != 1:
            return _Val(self.text(node), node)
        symbol = _SYMBOLS.get(type(node.ops[0]), "?")
        if left.shape is None and rights[0].shape is None:
            return _Val(self.text(node), node)
        return self._apply(node, "compare", symbol, [left, rights[0]], symbol, rules.broadcast,
                           (left.shape, rights[0].shape))

    def visit_AugAssign(self, node):
        target = self._leaf(node.target)
        value = self.visit(node.value)
        symbol = _SYMBOLS.get(type(node.op), "?") + "="
        if isinstance(node.op, ast.MatMult):
            rule, fn = rules.matmul, "@"
        else:
            rule, fn = rules.broadcast, symbol
        return self._apply(node, "inplace", symbol, [target, value], fn, _inplace(rule),
                           (target.shape, value.shape))

    def visit_Call(self, node):
        if self.dialect is not None:
            return self._strict_call(node)
        func = node.func
        receiver = None
        name, family = self.text(func), "call"
        if isinstance(func, ast.Attribute):
            owner = self.ns.value(func.value)
            if _is_numpy_module(owner):
                name, family = func.attr, "numpy"
            else:
                receiver = self.visit(func.value)
                if receiver.shape is not None and receiver.shape != () and isinstance(
                    receiver.value, (np.ndarray, type(UNKNOWN))
                ):
                    name, family = func.attr, "method"
                else:
                    name, family = func.attr, "call"
        elif isinstance(func, ast.Name):
            fn = self.ns.name(func.id)
            if _is_numpy_callable(fn):
                name, family = getattr(fn, "__name__", func.id), "numpy"
            elif self.is_user_function(fn):
                name, family = func.id, "user"
            else:
                name, family = func.id, "builtin"
        args = [self.visit(a) for a in node.args if not isinstance(a, ast.Starred)]
        kwargs = {k.arg: self.visit(k.value) for k in node.keywords if k.arg is not None}
        operands = ([receiver] if family == "method" and receiver is not None else []) + args
        values = [v.value if v.value is not UNKNOWN and not isinstance(v.value, np.ndarray)
                  else None for v in operands]
        kw_values = {k: (v.value if v.value is not UNKNOWN else None) for k, v in kwargs.items()}
        shapes = [v.shape for v in operands]
        symbol = {"method": "." + name}.get(family, name)
        if family == "numpy":
            symbol = self.text(func) if isinstance(func, ast.Attribute) else "np." + name
        computed = self._returned(name) if family in ("user", "call") else UNKNOWN
        if computed is not UNKNOWN:
            index = self._add(node, "call", symbol, operands, shape_of(computed), "computed")
            return _Val(self.text(node), node, UNKNOWN, shape_of(computed), index)
        if family in ("numpy", "method"):
            if name in rules.CONSTRUCTORS and family == "numpy":
                return self._apply(node, "constructor", symbol, operands, name,
                                   rules.constructor, (name, values, kw_values))
            kind = _kind_of(name)
            return self._apply(node, kind, symbol, operands, name, _call_rule,
                               (name, shapes, values, kw_values), by_name=True)
        if family == "user":
            first = next((v.shape for v in operands if v.shape), None)
            if self.assume and first is not None:
                index = self._add(node, "call", symbol, operands, first, "assumed")
                return _Val(self.text(node), node, UNKNOWN, first, index)
            index = self._add(node, "call", symbol, operands, None, "unknown")
            return _Val(self.text(node), node, UNKNOWN, None, index)
        if family == "call":  # a method of some object (rng.uniform, self.forward...)
            drawn = rules.random_call(name, [v.value if v.value is not UNKNOWN else None
                                             for v in args], kw_values)
            if drawn is not None and _is_random_generator(self.ns.value(func.value)
                                                          if isinstance(func, ast.Attribute)
                                                          else None):
                index = self._add(node, "call", symbol, operands, drawn, "inferred")
                return _Val(self.text(node), node, UNKNOWN, drawn, index)
            index = self._add(node, "call", symbol, operands, None, "unknown")
            return _Val(self.text(node), node, UNKNOWN, None, index)
        if family == "builtin":  # len(X), float(n), int(...): a number the resolver can read
            value = self.ns.value(node)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return _Val(self.text(node), node, value, ())
        return _Val(self.text(node), node)  # print, range...: not an array operation

    # -- the same walk under a dialect: the dialect checks, the shared rules decide ------
    def _strict_attribute(self, node):
        d = self.dialect
        if node.attr != "T" or d.is_numpy(node.value) or d.is_linalg(node.value):
            return self._leaf(node)  # np.float32, X.shape, X.ndim...: values, not operations
        base = self.visit(node.value)
        d.need_array(base.value, node.value, ".T")
        return self._apply(node, "transpose", ".T", [base], "transpose",
                           lambda s: R.transpose([s], {})[0], (base.shape,))

    def _strict_subscript(self, node):
        d = self.dialect
        base = self.visit(node.value)
        key = self.visit(node.slice)
        if isinstance(base.value, (tuple, list)):
            return self._made(node, d.index_sequence(base.value, key.value, node))
        kinds, _ = d.index_key(base.value, key.value, node)
        return self._apply(node, "index", "[]", [base], "index",
                           lambda s: index_rule(s, kinds)[0], (base.shape,),
                           invalid=lambda exc: d.index_invalid(node, exc))

    def _strict_operator(self, node, symbol, left, right):
        number = self.dialect.arithmetic(symbol, left.value, right.value, node,
                                         left.node, right.node)
        if number is not None:
            return self._made(node, number)
        if symbol == "@":
            return self._apply(node, "matmul", "@", [left, right], "@", _matmul,
                               (left.shape, right.shape))
        kind = "compare" if isinstance(node, ast.Compare) else "broadcast"
        return self._apply(node, kind, symbol, [left, right], symbol, _broadcast,
                           (left.shape, right.shape))

    def _strict_unary(self, node, operand):
        symbol = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~"}[type(node.op)]
        number = self.dialect.unary(symbol, operand.value, node)
        if number is not None:
            return self._made(node, number)
        return self._apply(node, "unary", symbol, [operand], symbol, lambda s: s,
                           (operand.shape,))

    def _strict_call(self, node):
        d = self.dialect
        found = d.resolve_call(node)
        if found is None:
            return self._made(node, d.length(node))
        func, self_value, self_node = found
        _, operands, opts = d.bind(func, node, self_value, self_node)
        vals = [_Val(None, n, v, d.shape(v)) for v, n in operands]
        return self._apply(node, _kind_of(func.name.rpartition(".")[2]), func.name, vals,
                           func.op, lambda *shapes: func.rule(list(shapes), opts)[0],
                           tuple(v.shape for v in vals),
                           invalid=lambda exc: d.call_invalid(func, node, exc))

    def _returned(self, name: str):
        for i, (fn, value) in enumerate(self.returns):
            if fn == name:
                del self.returns[i]
                return value
        return UNKNOWN


_VISITS: dict[type, object] = {}  # node type -> the _Walker method that visits it


def _matmul(a, b):
    return R.matmul([a, b], {})[0]


def _broadcast(a, b):
    return R.broadcast([a, b], {})[0]


def _literal(value) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, tuple) and len(value) <= 6 and all(isinstance(v, int) for v in value):
        return fmt(value)
    return None


def _call_rule(name, shapes, values, kwargs):
    return rules.call_or_random(name, shapes, values, kwargs)


def _is_random_generator(value) -> bool:
    return type(value).__name__ in ("Generator", "RandomState")


def _transpose(shape):
    return rules.transpose(shape)


def _inplace(rule):
    def inplace(target, value):
        out = rule(target, value)
        if target is not None and out != target:
            raise Clash(kind="broadcast", why=f"the result {fmt(out)} does not fit back into {fmt(target)}")
        return out
    return inplace


def _kind_of(name: str) -> str:
    if name in ("dot", "matmul"):
        return name
    if name in ("reshape", "ravel", "flatten"):
        return "reshape"
    if name in ("transpose",):
        return "transpose"
    if name in rules.REDUCTIONS or name in rules.ARG_REDUCTIONS:
        return "reduce"
    if name in rules.ELEMENTWISE_2 or name == "where":
        return "broadcast"
    return "numpy"


def _is_numpy_module(value) -> bool:
    return isinstance(value, types.ModuleType) and (
        value.__name__ == "numpy" or value.__name__.startswith("numpy.")
    )


def _is_numpy_callable(value) -> bool:
    module = getattr(value, "__module__", None) or ""
    return callable(value) and (module == "numpy" or module.startswith("numpy."))


def _is_plain_function(value) -> bool:
    return isinstance(value, types.FunctionType) and not _is_numpy_callable(value)


def _text(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:
        return "?"


def _span(node: ast.AST) -> tuple[int, int, int, int] | None:
    if not hasattr(node, "lineno"):
        return None
    return (node.lineno, node.col_offset, node.end_lineno or node.lineno, node.end_col_offset or 0)
