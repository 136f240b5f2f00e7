"""The hint ladder of an exercise: from a nudge to a worked step, never the answer itself.

The rungs are the lesson's own hints, except any that write the reference answer (or a
telling part of it: see `leaks`), then one worked step made from the reference: the
operations it performs, in order, each with its shapes in named dims, but without the
variables' names (a lesson whose last hint is its own "Worked step: ..." keeps that one
instead). Writing the answer down is the separate, confirmed "show answer" action.
"""

from __future__ import annotations

import ast

from nntutor.tutor.leaks import gives_away

WORKED = "Worked step"

_ELEMENTWISE = {ast.Mult: "an element-wise product", ast.Add: "an element-wise sum",
                ast.Sub: "an element-wise difference", ast.Div: "an element-wise division"}


def ladder(exercise) -> tuple[str, ...]:
    """The hints to show one at a time, gentlest first, the worked step last."""
    rungs = [h for h in exercise.hints if not gives_away(h, exercise.answer, exercise.prompt)]
    if rungs and rungs[-1].startswith(WORKED):
        return tuple(rungs)  # the lesson wrote its own worked step
    worked = worked_step(exercise.answer, exercise.dims)
    if worked:
        rungs.append(worked)
    return tuple(rungs)


def _shape(node: ast.AST, dims) -> str | None:
    from nntutor.checker.errors import ExpressionError
    from nntutor.checker.shapes import infer_shape

    try:
        shape = infer_shape(ast.unparse(node), dims)
    except (ExpressionError, ValueError):
        return None
    if not shape:
        return "a number"
    return "(" + ", ".join(str(d) for d in shape) + (",)" if len(shape) == 1 else ")")


def _describe(node: ast.AST, dims) -> str | None:
    """One operation in words with its shapes, or None for a name or a constant."""
    out = _shape(node, dims)
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return f"a transpose: {_shape(node.value, dims)} → {out}"
    if isinstance(node, ast.BinOp):
        left, right = _shape(node.left, dims), _shape(node.right, dims)
        if isinstance(node.op, ast.MatMult):
            return f"a matrix product: {left} @ {right} → {out}"
        if isinstance(node.op, ast.Pow):
            return f"a power, element by element: {left} → {out}"
        what = _ELEMENTWISE.get(type(node.op))
        if what is None:
            return None
        if "a number" in (left, right) and left != right:
            verb = {ast.Mult: "a scaling by a number", ast.Div: "a division by a number",
                    ast.Sub: "a subtraction with a number", ast.Add: "an addition of a number"}
            return f"{verb[type(node.op)]}: {out}"
        return f"{what}: {left} and {right} → {out}"
    if isinstance(node, ast.Compare):
        return f"a comparison giving a 0/1 mask: {out}"
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else ast.unparse(node.func)
        axis = next((ast.unparse(k.value) for k in node.keywords if k.arg == "axis"), None)
        keep = any(k.arg == "keepdims" for k in node.keywords)
        source = node.func.value if (isinstance(node.func, ast.Attribute)
                                     and name in ("sum", "mean") and not node.args) else \
            (node.args[0] if node.args else None)
        start = _shape(source, dims) if source is not None else None
        over = f" over axis {axis}" if axis is not None else ""
        kept = ", keeping it as a 1" if keep else ""
        if name in ("sum", "mean"):
            return f"a {name}{over}{kept}: {start} → {out}"
        if name == "einsum":
            return f"an einsum over the given axes → {out}"
        return f"a call of {name} → {out}"
    return None


def _post_order(node: ast.AST):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.expr,)) and not isinstance(child, ast.keyword):
            yield from _post_order(child)
    yield node


def worked_step(reference: str, dims) -> str:
    """`Worked step: 1. a transpose: (n, h1) → (h1, n); 2. a matrix product ...`."""
    try:
        tree = ast.parse(reference.strip(), mode="eval").body
    except SyntaxError:
        return ""
    steps = []
    for node in _post_order(tree):
        if isinstance(node, ast.Attribute) and node.attr != "T":
            continue  # `X.sum` on its own is part of the call
        text = _describe(node, dims)
        if text:
            steps.append(text)
    if not steps:
        return ""
    listed = "; ".join(f"{k}. {s}" for k, s in enumerate(steps, start=1))
    return (f"{WORKED}: the answer takes {len(steps)} operation"
            f"{'s' if len(steps) > 1 else ''}, in this order: {listed}. Which of your arrays "
            "has each shape?")
