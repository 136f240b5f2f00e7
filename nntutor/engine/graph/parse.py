"""Forward lines (`Z1 = X @ W1 + b1`) to graph nodes, through the checker's allow-list.

Each right-hand side is screened and parsed by `nntutor.checker.syntax.parse` (printable
ASCII, size limits, an allow-list of syntax): lesson text is never evaluated. The tree is
then walked here, and every operation becomes a node whose named dims are inferred, so a
shape clash is reported at its line and column before anything is computed.
"""

from __future__ import annotations

import ast
import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from nntutor.engine.graph.broadcast import ShapeClash
from nntutor.engine.graph.ops import Op, _g
from nntutor.engine.graph.registry import BINARY, FUNCTIONS, METHODS, NUMPY_FUNCTIONS, OPS

ASSIGN = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*=(?!=)")


def _p(name: str) -> str:
    return _g(name)


class GraphError(ValueError):
    """A forward line that cannot become a graph: `line` and `col` count from 1."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(f"line {line}, column {col}: {message}")
        self.line, self.col, self.message = line, col, message


@dataclass
class Node:
    """One value of the graph: an input, a parameter, a constant, or an op's result."""

    index: int
    name: str
    kind: str  # "input" | "param" | "const" | "op"
    dims: tuple[str, ...]
    op: Op | None = None
    args: tuple[int, ...] = ()
    p: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    col: int | None = None
    value: float | None = None  # a constant's value


class Builder:
    def __init__(self, inputs, params, sizes):
        self.nodes: list[Node] = []
        self.by_name: dict[str, int] = {}
        self.sizes = sizes
        for name, dims in inputs.items():
            self._leaf(name, "input", tuple(dims))
        for name, spec in params.items():
            self._leaf(name, "param", tuple(spec.dims))

    def _leaf(self, name, kind, dims):
        for d in dims:
            if d != "1" and not d.isdigit() and d not in self.sizes:
                raise GraphError(0, 0, f"{name} uses the dimension {d!r}, which has no size "
                                       f"(give it one in sizes)")
        self.by_name[name] = len(self.nodes)
        self.nodes.append(Node(len(self.nodes), name, kind, dims))

    # -- lines -------------------------------------------------------------------------
    def line(self, number: int, text: str) -> None:
        from nntutor.checker.errors import ExpressionError
        from nntutor.checker.syntax import parse

        code = text.split("#", 1)[0]
        if not code.strip():
            return
        match = ASSIGN.match(code)
        if not match:
            raise GraphError(number, 1, "each line assigns one name: NAME = expression")
        target, start = match.group(1), match.end()
        if target in self.by_name:
            what = {"input": "an input", "param": "a parameter"}.get(
                self.nodes[self.by_name[target]].kind, "already computed on an earlier line")
            raise GraphError(number, match.start(1) + 1,
                             f"{target} is {what}; give each computed value a new name")
        rhs = code[start:]
        try:
            parsed = parse(rhs)
        except ExpressionError as exc:
            col = start + (exc.column or 1)
            message = re.sub(r" at (line \d+, )?column \d+", "", exc.message)
            raise GraphError(number, col, message) from None
        self.number, self.parsed, self.shift = number, parsed, start
        index = self.expr(parsed.tree)
        node = self.nodes[index]
        if node.kind != "op" or node.name in self.by_name:
            # `H = X` or `c = 2`: an alias gets its own node so every line names a value
            index = self._add(OPS["add"], (index, self._const(0.0)), {}, parsed.tree)
            node = self.nodes[index]
        node.name = target
        self.by_name[target] = index

    def col(self, node: ast.AST) -> int:
        return self.shift + self.parsed.span(node)[0] + 1

    def fail(self, node: ast.AST, message: str) -> GraphError:
        return GraphError(self.number, self.col(node), message)

    # -- expressions -------------------------------------------------------------------
    def expr(self, node: ast.AST) -> int:
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            return self._const(float(node.value))
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            arg = self.expr(node.operand)
            if self.nodes[arg].kind == "const":
                return self._const(-self.nodes[arg].value, self.parsed.segment(node))
            return self._add(OPS["neg"], (arg,), {}, node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
            return self.expr(node.operand)
        if isinstance(node, ast.Attribute) and node.attr == "T":
            return self._add(OPS["transpose"], (self.expr(node.value),), {}, node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(node, f"{self.parsed.segment(node)!r} is not one of the operations a "
                              f"graph line may use ({', '.join(sorted(FUNCTIONS))}, + - * / @ "
                              f"**, .T)")

    def name(self, node: ast.Name) -> int:
        if node.id in self.by_name:
            return self.by_name[node.id]
        if node.id in self.sizes:  # a dimension's size used as a number: sqrt(d)
            return self._const(float(self.sizes[node.id]), node.id)
        close = difflib.get_close_matches(node.id, list(self.by_name), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise self.fail(node, f"{node.id} is not defined: not an input, a parameter, a size, "
                              f"or a name computed on an earlier line{hint}")

    def binop(self, node: ast.BinOp) -> int:
        a, b = self.expr(node.left), self.expr(node.right)
        na, nb = self.nodes[a], self.nodes[b]
        if isinstance(node.op, ast.Pow):
            if nb.kind != "const":
                raise self.fail(node.right, "an exponent must be a number, as in Z**2")
            if na.kind == "const":
                return self._const(na.value ** nb.value, self.parsed.segment(node))
            return self._add(OPS["pow"], (a,), {"exponent": nb.value}, node)
        sign = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/",
                ast.MatMult: "@"}.get(type(node.op))
        if sign is None:
            raise self.fail(node, "graph lines use + - * / @ and ** only")
        if na.kind == "const" and nb.kind == "const" and sign != "@":
            x, y = na.value, nb.value
            value = {"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else math.inf}[sign]
            return self._const(value, self.parsed.segment(node))
        return self._add(BINARY[sign], (a, b), {}, node)

    def call(self, node: ast.Call) -> int:
        func = node.func
        args = list(node.args)
        if isinstance(func, ast.Name):
            name = func.id
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in ("np", "numpy"):
            name = func.attr
            if name not in NUMPY_FUNCTIONS:
                raise self.fail(node, f"np.{name} is not a graph op here")
        elif isinstance(func, ast.Attribute) and func.attr in METHODS:
            name, args = func.attr, [func.value, *args]
        else:
            raise self.fail(node, f"{self.parsed.segment(func)} is not a graph op here")
        if name not in FUNCTIONS:
            raise self.fail(node, f"{name} is not a graph op (the ops are: "
                                  f"{', '.join(sorted(FUNCTIONS))})")
        op, arity, allowed = FUNCTIONS[name]
        if len(args) != arity:
            raise self.fail(node, f"{name} takes {arity} array argument{'s' * (arity > 1)}, "
                                  f"not {len(args)}")
        p = {}
        for kw in node.keywords:
            if kw.arg not in allowed:
                raise self.fail(kw.value, f"{name} takes no {kw.arg}= here"
                                + (f" (only {', '.join(allowed)})" if allowed else ""))
            p[kw.arg] = self.literal(kw.value, kw.arg)
        if name == "sqrt" or name in ("exp", "log"):
            inner = self.expr(args[0])
            if self.nodes[inner].kind == "const":
                v = self.nodes[inner].value
                fn = {"sqrt": math.sqrt, "exp": math.exp, "log": math.log}[name]
                return self._const(fn(v) if v > 0 or name == "exp" else math.nan,
                                   self.parsed.segment(node))
            return self._add(op, (inner,), p, node)
        if name == "softmax":
            p.setdefault("axis", -1)
        return self._add(op, tuple(self.expr(a) for a in args), p, node)

    def literal(self, node: ast.AST, what: str):
        if what == "keepdims":
            if isinstance(node, ast.Constant) and isinstance(node.value, bool):
                return node.value
            raise self.fail(node, "keepdims is True or False")
        sign = 1
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            sign, node = -1, node.operand
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return sign * node.value
        raise self.fail(node, "axis is a whole number, as in axis=1")

    # -- nodes -------------------------------------------------------------------------
    def _const(self, value: float, name: str | None = None) -> int:
        text = name.replace(" ", "") if name else f"{value:g}"
        self.nodes.append(Node(len(self.nodes), text, "const", (), value=value))
        return len(self.nodes) - 1

    def _add(self, op: Op, args: tuple[int, ...], p: dict, node: ast.AST) -> int:
        arg_dims = [self.nodes[a].dims for a in args]
        try:
            dims = op.dims(arg_dims, self.sizes, p)
        except ShapeClash as exc:
            raise self.fail(node, str(exc)) from None
        name = self._name(op, args, node)
        self.nodes.append(Node(len(self.nodes), name, "op", tuple(dims), op, args, p,
                               self.number, self.col(node)))
        return len(self.nodes) - 1

    def _name(self, op: Op, args, node) -> str:
        """`XW1` for a product of two names (as the dense tape says), else the text itself."""
        names = [self.nodes[a].name for a in args]
        if op.key == "matmul" and all(n.isidentifier() for n in names):
            name = names[0] + names[1]
        elif isinstance(node, ast.BinOp) and len(names) == 2:
            name = f"{_p(names[0])}{op.symbol}{_p(names[1])}"
        else:
            name = self.parsed.segment(node).replace(" ", "")
        taken = {n.name for n in self.nodes}
        base, k = name, 2
        while name in taken:
            name, k = f"{base}#{k}", k + 1
        return name
