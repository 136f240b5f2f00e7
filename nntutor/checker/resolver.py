"""An exercise's variables for the shape walker (`nntutor.shapes.walker`): names stand for
named dims (`X` is `(n, in)`, the batch size `n` a `Sym`), and the exercise's dialect
(`dialect.Dialect`) checks every piece before the shared shape rules run.

The walker asks this resolver for leaves (names, constants, `np.float32`, `X.shape`), for
the allow-listed function a call names with its arguments bound, and for the value an
operation's shape stands for (a `Shaped`, a mask when it holds True/False). Nothing is
computed: an array is only its shape.
"""

from __future__ import annotations

import ast
from typing import Any

from nntutor.checker.dialect import Dialect, _short
from nntutor.checker.errors import ShapeMismatch
from nntutor.checker.syntax import COMPARE_OPS
from nntutor.checker.values import Shaped, is_array, is_mask, is_number, shape_of
from nntutor.shapes import dims as D
from nntutor.shapes.dims import Sym
from nntutor.shapes.walker import Failure

_MASKS = frozenset(COMPARE_OPS.values()) | {"np.greater", "np.less", "np.greater_equal",
                                            "np.less_equal"}


class ExerciseResolver(Dialect):
    strict = True  # the walker stops at what the dialect refuses, never guesses

    walk = None  # the walker's `value_of`, set when a walk starts

    def visit(self, node: ast.AST) -> Any:
        return self.walk(node)

    # -- the resolver's questions -----------------------------------------------------------

    def value(self, node: ast.AST) -> Any:
        kind = type(node)
        visit = _VISITS.get(kind)
        if visit is None:
            visit = _VISITS[kind] = getattr(ExerciseResolver, "visit_" + kind.__name__)
        return visit(self, node)

    def name(self, ident: str) -> Any:
        return self.env.get(ident)

    def shape(self, value: Any) -> tuple | None:
        if type(value) is Shaped:
            return value.shape
        return tuple(shape_of(value)) if is_array(value) else None

    def result(self, symbol: str, shape: tuple, operands: list) -> Shaped:
        """The value an operation's shape stands for; a comparison gives a mask."""
        if symbol in _MASKS:
            return Shaped(shape, True)
        if symbol in ("&", "|", "^", "~"):
            return Shaped(shape, all(is_mask(v) for v in operands))
        return Shaped(shape, symbol in (".T", "[]") and is_mask(operands[0]))

    # -- what an array is here ---------------------------------------------------------------

    def make_array(self, value, dims: tuple, node: ast.AST) -> Shaped:
        return Shaped(dims)

    def mask_count(self, item: Any, node: ast.AST) -> Sym:
        return D.opaque(f"count({_short(self.text(node), 20)})")

    def symbolic(self, sign: str, left, right) -> Any:
        """Named whole numbers (`n`, `X.shape[0]`): kept exact when we can."""
        whole = all(isinstance(v, Sym) or isinstance(v, int) and not isinstance(v, bool)
                    for v in (left, right))
        if not whole:
            return None if not (is_number(left) or is_number(right)) else Shaped(())
        if sign == "*":
            return left * right if isinstance(left, Sym) else right * left
        if sign == "+":
            return D.add(left, right)
        if sign == "-" and isinstance(right, int):
            return D.add(left, -right)
        if sign == "**" and isinstance(left, Sym) and isinstance(right, int) and 0 < right <= 8:
            return D.prod([left] * right)
        if sign == "//" and isinstance(right, int) and right > 0 and isinstance(left, Sym):
            return D.divide(left, right) or D.opaque(f"{left}//{right}")
        return Shaped(())

    # -- a failure, in the checker's words ---------------------------------------------------

    def mismatch_of(self, failure: Failure) -> ShapeMismatch:
        operands = list(zip(failure.operand_values, failure.operand_nodes))
        shapes = [shape_of(v) for v in failure.operand_values]
        return self.mismatch(failure.function, failure.node, operands, shapes, failure.clash)


_VISITS: dict[type, Any] = {}  # node type -> the Dialect method that reads it
