"""Shapes in named dimensions, without the learner's numbers.

    infer_shape("X.T @ d", {"X": ("n", "in"), "d": ("n", "out")})  ->  ("in", "out")

Dims may be names (compared symbolically: `n` never equals `in`, whatever their sizes) or
ints (the step debugger passes real shapes such as `{"X": (100, 2)}`); a scalar variable
has dims `()`. On a clash, `ShapeMismatch` says which operation, which operands and which
dims, and carries a ranked list of fixes, each a whole corrected expression whose shape
was inferred again before it was offered.

The shapes come from the shape engine's one walker (`nntutor.shapes.walker.walk`), reading
the names through `resolver.ExerciseResolver`; nothing is evaluated.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from typing import Any

from nntutor.shapes import dims as D
from nntutor.shapes import mutations as M
from nntutor.shapes.dims import Sym
from nntutor.checker.env import dim_of, dims_env
from nntutor.checker.errors import ExpressionError, Fix, InvalidArgument, ShapeMismatch
from nntutor.checker.resolver import ExerciseResolver
from nntutor.checker.limits import DEFAULT_LIMITS, Limits
from nntutor.checker.syntax import Parsed, parse
from nntutor.checker.values import Shaped
from nntutor.shapes.fix import ranked
from nntutor.shapes.walker import walk

MAX_FIXES = 5


def infer_shape(expr: str, dims: Mapping[str, Sequence[str | int]], *,
                expected: Sequence[str | int] | None = None, batch_dim: str = "n",
                limits: Limits = DEFAULT_LIMITS) -> tuple[str | int, ...]:
    """The shape of `expr` in the names of `dims` (ints stay ints); `()` for a scalar.

    Raises ShapeMismatch (with `.fixes`, ranked; those giving `expected` first), or another
    ExpressionError when the text is refused, malformed or names an unknown variable.
    """
    parsed = parse(expr, limits)
    env = dims_env(dims)
    want = None if expected is None else tuple(dim_of(d) for d in expected)
    try:
        shape = shape_of_parsed(parsed, env, limits)
    except ShapeMismatch as exc:
        exc.fixes = suggest_fixes(parsed, exc, env, want, batch_dim, limits)
        raise
    return tuple(D.text(d) for d in shape)


def shape_of_parsed(parsed: Parsed, env: Mapping[str, Any], limits: Limits) -> tuple:
    """The shape walker on an exercise's names; a clash becomes the checker's ShapeMismatch."""
    shape, failure, resolver = _walked(parsed, env, limits)
    if failure is not None:
        raise resolver.mismatch_of(failure)
    return shape


def _walked(parsed: Parsed, env: Mapping[str, Any], limits: Limits):
    """(shape, None, resolver), or (None, the walk's Failure, resolver) on a clash; other
    refusals raise as they are."""
    resolver = ExerciseResolver(parsed, env, limits)
    value, analysis = walk(parsed.tree, resolver)
    if analysis.failure is not None:
        return None, analysis.failure, resolver
    if isinstance(value, Shaped):
        return value.shape, None, resolver
    if isinstance(value, (int, float, Sym)):
        return (), None, resolver
    what = "a tuple" if isinstance(value, tuple) else "not an array"
    shown = f" {D.shape_text(value)}" if isinstance(value, tuple) and all(
        isinstance(v, (int, Sym)) for v in value) else ""
    raise InvalidArgument(f"`{parsed.text.strip()}` gives {what}{shown}; an answer is an array "
                          "or a number")


def _find(parsed: Parsed, span: tuple[int, int] | None) -> ast.AST | None:
    if span is None:
        return None
    for node in ast.walk(parsed.tree):
        if hasattr(node, "lineno") and parsed.span(node) == tuple(span):
            return node
    return None


def _operand_nodes(parsed: Parsed, spans) -> list[ast.AST]:
    nodes = [_find(parsed, s) for s in spans]
    return [n for n in nodes if n is not None]


def candidates(parsed: Parsed, exc: ShapeMismatch, env, batch) -> list[M.Mutation]:
    node = _find(parsed, exc.span)
    operands = _operand_nodes(parsed, exc.operand_spans)
    if node is None or len(operands) != len(exc.operand_spans):
        return []
    shapes = exc.raw_shapes or [tuple(_dim(d) for d in dims) for _, dims in exc.operands]
    if exc.op in M.PRODUCTS and len(operands) == 2:
        return M.product_fixes(parsed, node, *operands)
    if exc.op in ("reshape", "np.reshape") and isinstance(node, ast.Call):
        return M.reshape_fixes(parsed, node)
    if exc.op == "index":
        return []
    if exc.op in ("np.einsum", "np.concatenate", "np.stack", "np.hstack", "np.vstack",
                  "np.tensordot", "np.kron", "np.outer", "np.inner"):
        return M.transpose_each(parsed, operands)
    return M.broadcast_fixes(parsed, node, operands, shapes, batch)


def _dim(d):
    try:
        return dim_of(d)
    except ValueError:  # a derived dim such as n-1
        return D.opaque(str(d))


def suggest_fixes(parsed: Parsed, exc: ShapeMismatch, env, expected, batch_dim: str | None,
                  limits: Limits) -> list[Fix]:
    """Candidate edits around the failing operation that infer a shape again, best first."""
    batch = Sym((batch_dim,)) if batch_dim else None
    found: list[tuple[Fix, float, int]] = []
    seen = {parsed.text}
    for mutation in candidates(parsed, exc, env, batch):
        if mutation.expr in seen:
            continue
        seen.add(mutation.expr)
        try:  # a candidate that still clashes is dropped: no need to word its clash
            shape, failure, _ = _walked(parse(mutation.expr, limits), env, limits)
        except ExpressionError:
            continue
        if failure is not None:
            continue
        hit = expected is not None and tuple(shape) == tuple(expected)
        reason = f"{mutation.what}: the result is {D.shape_text(shape)}"
        found.append((Fix(mutation.expr.strip(), reason, mutation.kind), 3.0 * hit,
                      mutation.edits))
    return ranked(found, MAX_FIXES)
