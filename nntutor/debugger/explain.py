"""A NumPy shape error, explained: where, which operands, which dimensions, and the fix.

Given the exception and its traceback, the innermost frame of the learner's own code is
the place to look. Its statement is split into operations, the shape rules run over them
with the frame's real shapes, and the first one that cannot run is the smallest failing
sub-expression. Nothing is re-executed. Fixes come from one generator shared with the
exercise checker (`nntutor.shapes.mutations`), from the frame's other arrays, and from the
lines where the clashing operands were born (`origins.py`); each is checked with the
frame's real shapes, and an earlier line's fix with every recorded line after it.
"""

from __future__ import annotations

import ast
import re

import numpy as np

from nntutor.debugger import fixes as fixes_mod
from nntutor.shapes import walker as ops_mod
from nntutor.debugger import origins
from nntutor.debugger.arrays import collect
from nntutor.debugger.events import Location, ShapeExplanation
from nntutor.debugger.namespace import Namespace
from nntutor.shapes.resolver import shape_of
from nntutor.shapes.walker import Failure
from nntutor.debugger.source import SourceIndex, index_for
from nntutor.debugger.traceback_text import frame_column
from nntutor.shapes import mutations as M
from nntutor.shapes import pairs
from nntutor.shapes.concrete import fmt
from nntutor.shapes.expression import Expression

# What NumPy says when shapes do not fit (a line without one of these is not a shape error
# unless the shape rules find the clash themselves).
_NUMPY_SHAPE_MESSAGES = re.compile(
    r"not aligned|could not be broadcast|mismatch in its core dimension|cannot reshape"
    r"|shape mismatch|input operand has more dimensions|non-broadcastable output"
    r"|all the input array dimensions|must have same number of dimensions"
)

_OPERATION_WORDS = {
    "matmul": "matrix product",
    "dot": "matrix product (np.dot)",
    "broadcast": "element-wise",
    "compare": "element-wise comparison",
    "inplace": "in-place update",
    "reshape": "reshape",
    "reduce": "reduction",
    "index": "indexing",
    "transpose": "transpose",
}


def learner_frames(tb, is_learner_file) -> list[tuple[object, int]]:
    """(frame, line) for each traceback entry in the learner's own files, outermost first."""
    found = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if is_learner_file(code.co_filename):
            found.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return found


def explain(exc: BaseException, frames: list[tuple[object, int]], is_learner_object=None,
            is_user_function=None, provenance=None) -> ShapeExplanation | None:
    """Explain `exc` if it is a shape error raised by the learner's line, else None."""
    if not frames or not isinstance(exc, (ValueError, IndexError, TypeError)):
        return None
    frame, lineno = frames[-1]
    index = index_for(frame.f_code.co_filename)
    stmt = index.statement_at(lineno, frame_column(frame)) if index is not None else None
    if stmt is None:
        return None
    ns = Namespace.of_frame(frame)
    analysis = None
    unit = None
    for expr in ops_mod.expressions(stmt) + _comprehension_parts(stmt):
        single = stmt if isinstance(expr, ast.AugAssign) else ast.Expr(expr)
        found = ops_mod.analyse(single, ns, assume_user_elementwise=True,
                                is_user_function=is_user_function)
        if found.failure is not None:
            analysis, unit = found, expr
            break
    message = f"{type(exc).__name__}: {exc}"
    numpy_says_shapes = bool(_NUMPY_SHAPE_MESSAGES.search(str(exc)))
    location = _location(frame, stmt, index)
    called_from = tuple(_caller_locations(frames[:-1]))
    if analysis is None:
        if not numpy_says_shapes:
            return None
        return _unlocated(exc, stmt, index, ns, location, called_from, is_learner_object,
                          is_user_function)
    if not (numpy_says_shapes or isinstance(exc, ValueError)):
        return None
    failure = analysis.failure
    arrays = _arrays_in_scope(frame, is_learner_object)
    ctx = fixes_mod.Context(
        index=index, stmt=stmt, unit=unit, failure=failure, ns=ns, arrays=arrays,
        is_user_function=is_user_function, location=location,
    )
    ctx.target, ctx.expected = _expected_shape(stmt, ns, _all_arrays(frame, is_learner_object),
                                               index)
    ctx.caller = _caller(frames, frame, is_learner_object)
    checker_fixes = _shared_edits(failure)
    updates = pairs.update_pairs(index.tree)
    ctx.parameters = set(updates.values())
    if provenance is not None:
        ctx.update_gap, gradients = _update_gap(stmt, ns)
        known_now = _all_arrays(frame, is_learner_object)

        def expected_of(name, record):
            ident = record.written.get(name, (None,))[0]
            if ident in gradients:
                return gradients[ident]
            near = provenance.names_near(record.step)
            param = pairs.parameter_of(name, list(record.scope) + list(near) + list(known_now),
                                       updates)
            if param in record.scope:
                return tuple(record.scope[param].shape)
            if param in near:  # as it was then (it may have been stretched since)
                return provenance.shape_at(param, record.step)
            if param in known_now:
                return tuple(known_now[param].shape)
            return None

        def param_of(name, record):
            param = pairs.parameter_of(name, list(record.scope), updates)
            return record.scope_ids.get(param) if param is not None else None

        found = origins.origin_fixes(failure, stmt, frame, provenance, is_user_function,
                                     expected_of, ctx.expected, param_of, tuple(frames[:-1]))
        ctx.origin = found.fixes
        ctx.provenance = provenance
        ctx.failing = origins.Failing(stmt, frame, is_user_function, index, tuple(frames[:-1]))
        # an operand made by a stretching broadcast is itself wrong: fix where it was made
        ctx.stretched = bool(found.stretched)
    fixes = fixes_mod.suggest(ctx, checker_fixes)
    names = [o.text for o in failure.operation.operands]
    hints = _hints(failure, names)
    if provenance is not None and fixes and fixes[0] in found.born:
        hints = (found.born[fixes[0]] + ".",) + hints  # where the wrong shape was born
    return ShapeExplanation(
        location=location,
        error=message,
        failing=failure.operation.text,
        span=failure.operation.span,
        operation=_words(failure),
        operands=failure.operation.operands,
        clash=_clash_words(failure, names),
        why=_why(failure, names),
        hints=hints,
        fixes=fixes,
        called_from=called_from,
    )


def _comprehension_parts(stmt) -> list:
    """What a comprehension computes per item (`p - lr * g` in `tuple(p - lr * g for p, g in
    zip(params, grads))`): the failing frame may be the comprehension's own, holding p and g."""
    found = []
    for node in ast.walk(stmt):
        if isinstance(node, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
            found.append(node.elt)
        elif isinstance(node, ast.DictComp):
            found += [node.key, node.value]
    return found


def _caller_locations(frames):
    for frame, line in frames:
        index = index_for(frame.f_code.co_filename)
        stmt = index.statement(line) if index is not None else None
        if stmt is not None:
            yield _location(frame, stmt, index)


def _location(frame, stmt, index: SourceIndex) -> Location:
    return Location(frame.f_code.co_filename, stmt.lineno, frame.f_code.co_name,
                    index.statement_text(stmt.lineno))


def _arrays_in_scope(frame, is_learner_object) -> dict[str, np.ndarray]:
    """The arrays a fix may use: a function's own locals (a module-level array is rarely what
    a function meant; the caller's line is where to pass another one), else the globals."""
    check = is_learner_object or (lambda v: False)
    if frame.f_code.co_name != "<module>":
        return collect(frame.f_locals, check)
    return collect(frame.f_globals, check)


def _all_arrays(frame, is_learner_object) -> dict[str, np.ndarray]:
    """Every array the frame can name, its own first (to know what a gradient's shape is)."""
    check = is_learner_object or (lambda v: False)
    found = collect(frame.f_globals, check)
    if frame.f_code.co_name != "<module>":
        found = {**found, **collect(frame.f_locals, check)}
    return found


def _expected_shape(stmt, ns: Namespace, arrays: dict,
                    index: SourceIndex | None = None) -> tuple[str | None, tuple | None]:
    """The shape the statement's target should get: its current shape (a loop assigns it
    again), or for a gradient `dW2` / `grad_W2` / `dL_dW2`, the shape of `W2`.

    Not for a pair whose forward value another loop assigned (`A` after a loop over layers
    holds the last layer's output; `dA` in the backward loop is another layer's)."""
    target = None
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        target = stmt.target
    if target is None or isinstance(target, (ast.Tuple, ast.List)):
        return None, None
    name = ast.unparse(target)
    # a gradient (dW2, grad_W2, grads['W2'], nabla_w[0], l1_delta) has its parameter's shape
    parameter = pairs.parameter_of(name, list(arrays), pairs.update_pairs(stmt))
    if parameter is not None and _set_in_another_loop(index, parameter, stmt):
        return name, None
    if parameter is not None and parameter.replace('"', "'") != name.replace('"', "'"):
        found = {k.replace('"', "'"): a for k, a in arrays.items()}.get(parameter)
        if found is not None:
            return name, tuple(found.shape)
    current = ns.value(target)
    recurrence = name in {ast.unparse(n) for n in ast.walk(stmt.value)} and not \
        pairs.update_pairs(stmt)  # `delta = (W.T @ delta) * sp` changes its shape on purpose
    if isinstance(current, np.ndarray) and not recurrence:
        return name, tuple(current.shape)
    for pattern in (r"^dL_?d(.+)$", r"^grad_(.+)$", r"^d_?(.+)$", r"^(.+)_grad$"):
        match = re.match(pattern, name)
        if not match:
            continue
        for candidate in (match.group(1), match.group(1).upper(), match.group(1).lower()):
            for known, array in arrays.items():  # W2, self.W2, params['W2']
                if known == candidate or known.endswith((f".{candidate}", f"[{candidate!r}]")):
                    return name, tuple(array.shape)
    return name, None


def _set_in_another_loop(index: SourceIndex | None, name: str, stmt) -> bool:
    """Is `name` (a plain name) assigned inside a loop that does not hold `stmt`?"""
    if index is None or not name.isidentifier():
        return False
    inside = [span for span in index.loops.values() if span.header <= stmt.lineno <= span.last]
    for line, _ in index.assignments(name, index.scope_of(stmt.lineno)):
        for span in index.loops.values():
            if span.header < line <= span.last and span not in inside:
                return True
    return False


def _update_gap(stmt, ns: Namespace) -> tuple[bool, dict]:
    """For an update `P -= lr * G` whose gradient G does not have P's shape: (True, {id of
    G's array: P's shape}). The mistake is then where G was made, not in the update."""
    pairs_found = pairs.update_pairs(stmt)
    gradients = {}
    for gradient, parameter in pairs_found.items():
        try:
            g = ns.value(ast.parse(gradient, mode="eval").body)
            p = ns.value(ast.parse(parameter, mode="eval").body)
        except SyntaxError:
            continue
        if isinstance(g, np.ndarray) and isinstance(p, np.ndarray) and g.shape != p.shape:
            gradients[id(g)] = tuple(p.shape)
    return bool(gradients), gradients


def _caller(frames, frame, is_learner_object) -> fixes_mod.CallerContext | None:
    """The learner's line that called the failing function, if that is where the fix goes."""
    if len(frames) < 2 or frame.f_code.co_name == "<module>":
        return None
    outer, line = frames[-2]
    index = index_for(outer.f_code.co_filename)
    stmt = index.statement(line) if index is not None else None
    if stmt is None:
        return None
    name = frame.f_code.co_name
    call = next((n for n in ast.walk(stmt) if isinstance(n, ast.Call) and (
        getattr(n.func, "id", None) == name or getattr(n.func, "attr", None) == name)), None)
    if call is None:
        return None
    code = frame.f_code
    parameters = list(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    if parameters and parameters[0] == "self" and isinstance(call.func, ast.Attribute):
        parameters = parameters[1:]
    return fixes_mod.CallerContext(
        index=index, stmt=stmt, call=call, ns=Namespace.of_frame(outer),
        arrays=_arrays_in_scope(outer, is_learner_object),
        location=_location(outer, stmt, index), parameters=parameters,
    )


def _shared_edits(failure: Failure) -> list[tuple[str, str]]:
    """The edits the exercise checker would try on the failing sub-expression (one fix
    generator, `nntutor.shapes.mutations`), as (new sub-expression, what it does); the
    caller checks each against the frame's real shapes before offering it."""
    node = failure.node
    if isinstance(node, ast.AugAssign) or not hasattr(node, "lineno"):
        return []
    try:
        expr = Expression(ast.unparse(node))
    except SyntaxError:
        return []
    top = expr.tree
    operands = [expr.find(ast.unparse(o)) for o in failure.operand_nodes]
    if any(o is None for o in operands):
        return []
    if failure.clash.kind == "inner" and len(operands) == 2:
        found = M.product_fixes(expr, top, *operands)
    elif failure.clash.kind == "broadcast":
        shapes = [o.shape or () for o in failure.operation.operands]
        found = M.broadcast_fixes(expr, top, operands, shapes, None)
    elif failure.clash.kind == "reshape" and isinstance(top, ast.Call):
        found = M.reshape_fixes(expr, top)
    else:
        found = []
    return [(m.expr, m.what) for m in found]


def _words(failure: Failure) -> str:
    kind = failure.operation.kind
    words = _OPERATION_WORDS.get(kind, kind)
    if kind in ("broadcast", "compare", "inplace"):
        return f"{words} {failure.operation.symbol}"
    return words


def _clash_words(failure: Failure, names: list[str]) -> str:
    clash = failure.clash
    if clash.kind == "broadcast" and len(clash.axes) >= 2:
        parts = [f"{clash_axis.size} in {names[clash_axis.operand]} (axis {clash_axis.axis})"
                 for clash_axis in clash.axes]
        return "sizes differ: " + " vs ".join(parts)
    return clash.summary


def _why(failure: Failure, names: list[str]) -> str:
    clash = failure.clash
    shapes = [o.shape for o in failure.operation.operands]
    if clash.kind == "inner" and len(names) == 2:
        a, b = names
        ka = clash.axes[0].size
        kb = clash.axes[1].size
        rows = "each row of" if shapes[0] and len(shapes[0]) >= 2 else "the vector"
        cols = "each column of" if shapes[1] and len(shapes[1]) >= 2 else "the vector"
        return (f"{failure.operation.text} pairs {rows} {a} ({ka} number{'s' * (ka != 1)}) with {cols} {b} "
                f"({kb} number{'s' * (kb != 1)}): a product needs the two counts to be equal.")
    if clash.kind == "broadcast":
        shown = ", ".join(f"{n} {fmt(s)}" for n, s in zip(names, shapes))
        if failure.operation.kind == "inplace" and "fit back" in clash.summary:
            return (f"{failure.operation.text}: {clash.summary}; an in-place update cannot "
                    "change a shape.")
        return (f"element-wise {failure.operation.symbol} lines the shapes up from the right "
                f"({shown}); on every axis the sizes must be equal, or one of them 1 (it is then "
                "repeated).")
    if clash.kind == "reshape":
        name = names[0] if names else "the array"
        shape = fmt(shapes[0] if shapes else None)
        return (f"{name} {shape}: {clash.summary}; a reshape only rearranges the numbers, it "
                "cannot add or drop any.")
    return clash.summary


def _hints(failure: Failure, names: list[str]) -> tuple[str, ...]:
    clash = failure.clash
    shapes = [o.shape for o in failure.operation.operands]
    if clash.kind != "inner" or len(shapes) != 2 or not shapes[0] or not shapes[1]:
        return ()
    a, b = names
    hints = []
    if len(shapes[1]) == 2:
        hints.append(f"{b} expects {shapes[1][0]} inputs (its rows); {a} gives "
                     f"{shapes[0][-1]} (its columns).")
    return tuple(hints)


def _unlocated(exc, stmt, index, ns, location, called_from, is_learner_object,
               is_user_function=None) -> ShapeExplanation:
    """NumPy says shapes, but the rules cannot point at an operation: narrow it down to the
    one NumPy call they do not know (np.vstack, np.concatenate...), and list its arrays."""
    node = stmt
    span = None
    unknown = []
    for expr in ops_mod.expressions(stmt):
        single = stmt if isinstance(expr, ast.AugAssign) else ast.Expr(expr)
        analysis = ops_mod.analyse(single, ns, assume_user_elementwise=True,
                                   is_user_function=is_user_function)
        unknown += [op for op in analysis.operations
                    if op.known == "unknown"]
    unknown = [op for op in unknown if op.symbol.startswith(("np.", "."))]
    if len(unknown) == 1 and unknown[0].span is not None:
        span = unknown[0].span
        node = next((n for n in ast.walk(stmt) if ops_mod._span(n) == span), stmt)
    operands = []
    seen = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id not in seen:
            value = ns.name(sub.id)
            if isinstance(value, np.ndarray):
                seen.add(sub.id)
                operands.append(ops_mod.OperandShape(sub.id, shape_of(value)))
    return ShapeExplanation(
        location=location,
        error=f"{type(exc).__name__}: {exc}",
        failing=ast.unparse(node) if node is not stmt else location.source,
        span=span,
        operation="NumPy operation",
        operands=tuple(operands),
        clash=str(exc),
        why="NumPy refused these shapes for the reason above (the shape rules here do not "
            "cover this function).",
        hints=(),
        fixes=(),
        called_from=called_from,
    )
