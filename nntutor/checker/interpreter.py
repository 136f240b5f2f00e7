"""The value evaluator: one walk over a checked syntax tree, with NumPy arrays and numbers.

Before each operation its shape rule (`nntutor.shapes.rules`, the rules the shape walker
uses to infer shapes) runs on the operands' shapes; the result's element count and the
work are checked against the limits, and only then does NumPy run. What an exercise may
write, and the error each refusal raises, is the `dialect.Dialect` both walks share.
"""

from __future__ import annotations

import ast
import time
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from nntutor.checker import catalog as C
from nntutor.checker.dialect import Dialect
from nntutor.checker.errors import ExpressionError, ExpressionRefused, InvalidArgument
from nntutor.checker.limits import Budget, Limits
from nntutor.checker.syntax import BINARY_OPS, COMPARE_OPS, UNARY_OPS, Parsed
from nntutor.checker.values import shape_of
from nntutor.shapes import dims as D
from nntutor.shapes.indexing import index as index_rule
from nntutor.shapes.rules import RuleClash, RuleInvalid, broadcast, matmul, transpose


class Interpreter(Dialect):
    def __init__(self, parsed: Parsed, env: Mapping[str, Any], *, limits: Limits,
                 deadline: float | None = None):
        super().__init__(parsed, env, limits)
        self.deadline = deadline
        self.budget = Budget(limits)

    def run(self) -> Any:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self.visit(self.parsed.tree)

    def visit(self, node: ast.AST) -> Any:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ExpressionRefused(f"refused: the expression took longer than "
                                    f"{self.limits.seconds:g} s")
        return getattr(self, "visit_" + type(node).__name__)(node)

    # -- what an array is here --------------------------------------------------------------

    def make_array(self, value: list | tuple, dims: tuple, node: ast.AST) -> Any:
        self.budget.charge(D.prod(dims), 0, "a list")
        try:
            return np.array(value)
        except (ValueError, TypeError) as exc:
            raise InvalidArgument(f"the list {self.where(node)} can't be an array: {exc}") from None

    def transpose(self, value: Any, node: ast.Attribute) -> Any:
        transpose([shape_of(value)], {})
        return np.transpose(value)

    def mask_count(self, item: Any, node: ast.AST) -> int:
        return int(np.count_nonzero(item))

    # -- applying an operation --------------------------------------------------------------

    def apply(self, func: C.Func, bound: dict, operands: list, opts: dict, node: ast.AST) -> Any:
        shapes = [shape_of(v) for v, _ in operands]
        try:
            shape, work = func.rule(shapes, opts)
        except RuleClash as clash:
            raise self.mismatch(func.op, node, operands, shapes, clash) from None
        except RuleInvalid as exc:
            raise self.call_invalid(func, node, exc) from None
        return self.compute(lambda: func.impl(bound), shape, work, func.name, node)

    def compute(self, thunk, shape: tuple, work: int, name: str, node: ast.AST) -> Any:
        elements = D.prod(shape)
        self.budget.charge(elements, work, f"the result of {name}")
        try:
            result = thunk()
        except MemoryError:
            raise ExpressionRefused(f"refused: {name} {self.where(node)} ran out of memory") \
                from None
        except (ValueError, TypeError, IndexError, ArithmeticError) as exc:
            raise InvalidArgument(f"{name} {self.where(node)}: {exc}") from None
        got = np.shape(result)
        if got != tuple(shape):
            raise ExpressionError(f"internal error: {name} gave shape {got}, expected "
                                  f"{tuple(shape)}; please report this expression")
        if isinstance(result, (np.ndarray, np.generic)) and result.dtype.kind not in "biuf":
            raise InvalidArgument(f"{name} {self.where(node)} gave {result.dtype} values; "
                                  "exercises use real numbers")
        return result

    # -- operators --------------------------------------------------------------------------

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        sign = BINARY_OPS[type(node.op)]
        left, right = self.visit(node.left), self.visit(node.right)
        return self.operate(sign, left, right, node, node.left, node.right)

    def visit_Compare(self, node: ast.Compare) -> Any:
        sign = COMPARE_OPS[type(node.ops[0])]
        left, right = self.visit(node.left), self.visit(node.comparators[0])
        return self.operate(sign, left, right, node, node.left, node.comparators[0])

    def operate(self, sign: str, left, right, node, lnode, rnode) -> Any:
        number = self.arithmetic(sign, left, right, node, lnode, rnode)
        if number is not None:
            return number
        operands = [(left, lnode), (right, rnode)]
        shapes = [shape_of(left), shape_of(right)]
        rule = matmul if sign == "@" else broadcast
        try:
            shape, work = rule(shapes, {})
        except RuleClash as clash:
            raise self.mismatch(sign, node, operands, shapes, clash) from None
        fn = C.OPERATORS[sign]
        return self.compute(lambda: fn(left, right), shape, work, sign, node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Any:
        sign = UNARY_OPS[type(node.op)]
        value = self.visit(node.operand)
        number = self.unary(sign, value, node)
        if number is not None:
            return number
        fn = {"-": np.negative, "+": np.positive, "~": np.invert}[sign]
        shape = shape_of(value)
        return self.compute(lambda: fn(value), shape, D.prod(shape), f"unary {sign}", node)

    # -- indexing ---------------------------------------------------------------------------

    def visit_Subscript(self, node: ast.Subscript) -> Any:
        base = self.visit(node.value)
        key = self.visit(node.slice)
        if isinstance(base, (tuple, list)):
            return self.index_sequence(base, key, node)
        kinds, key = self.index_key(base, key, node)
        shapes = [shape_of(base)]
        try:
            shape, work = index_rule(shapes[0], kinds)
        except RuleClash as clash:
            raise self.mismatch("index", node, [(base, node.value)], shapes, clash) from None
        except RuleInvalid as exc:
            raise self.index_invalid(node, exc) from None
        return self.compute(lambda: base[key], shape, work, "indexing", node)
