"""Suggested fixes for a failing NumPy operation, checked and ranked.

Every candidate is a rewrite of the failing sub-expression: another variable in scope
(`np.dot(H, W2)` for `np.dot(X, W2)`), a transpose added or removed, the operands swapped,
`keepdims=True` on a reduction, a reshape to a column, a `-1` in a reshape. A candidate is
kept only if the shape rules say the whole statement then runs; the ranking prefers
substitutes that look like what was meant (same number of samples, computed from the
operand it replaces, a similar name) and results with the shape the target should have.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass, field

import numpy as np

from nntutor.shapes import walker as ops_mod
from nntutor.debugger import origin_edits as edits_mod
from nntutor.debugger import origins
from nntutor.debugger import downstream
from nntutor.debugger import rewrite as rw
from nntutor.shapes import concrete as rules
from nntutor.debugger.events import Location
from nntutor.debugger.namespace import UNKNOWN, Namespace
from nntutor.shapes.walker import Failure
from nntutor.shapes.concrete import Shape, fmt, size_of
from nntutor.debugger.source import SourceIndex
from nntutor.shapes import pairs
from nntutor.shapes.fix import Fix, ranked
from nntutor.shapes.names import ELEMENTWISE_1, NUMPY_NAMES

_REDUCTION_NAMES = {"sum", "mean", "max", "min", "prod", "std", "var", "amax", "amin"}


@dataclass
class Context:
    """Everything known about the failing statement and its frame."""

    index: SourceIndex
    stmt: ast.stmt
    unit: ast.AST  # the expression (or augmented assignment) that failed
    failure: Failure
    ns: Namespace
    arrays: dict[str, np.ndarray]  # arrays in scope by name (locals, then module globals)
    is_user_function: object = None
    expected: Shape | None = None  # the shape the statement's target should get, if known
    target: str | None = None
    location: Location | None = None
    caller: CallerContext | None = None
    origin: list = field(default_factory=list)  # (Fix, score) made where the shape was born
    update_gap: bool = False  # an update whose gradient lacks its parameter's shape
    provenance: object = None  # where each array was born (debugger/provenance.py)
    failing: object = None  # downstream.Failing, to re-check other lines that read an array
    parameters: set = field(default_factory=set)  # what the script updates with a gradient
    stretched: bool = False  # a clashing operand was made by a broadcast that stretched
    partners: set | None = None  # cache of _forward_partners


@dataclass
class CallerContext:
    """The learner's line that called the failing function, to suggest a different argument."""

    index: SourceIndex
    stmt: ast.stmt
    call: ast.Call
    ns: Namespace
    arrays: dict[str, np.ndarray]
    location: Location
    parameters: list[str] = field(default_factory=list)


@dataclass
class _Candidate:
    fix: Fix
    score: float
    order: int


def suggest(ctx: Context, checker_fixes: list[tuple[str, str]] = ()) -> tuple[Fix, ...]:
    """Ranked fixes: the best first. `checker_fixes` are (expr, reason) from the checker."""
    found: list[_Candidate] = []
    seen: set[str] = set()
    running = _recurrence_shape(ctx)

    def offer(new_node_text: str, reason: str, origin: str, score: float, label: str = "") -> None:
        key = rw.normal(new_node_text)
        if key is None or key in seen:
            return
        checked = _check(ctx, new_node_text)
        if checked is None:
            return
        line, shape, stretched = checked
        if not _assignable(line):
            return
        score -= 2.0 * stretched  # a row against a column: the fix made a new mistake
        if _rest_breaks(ctx, line):
            score -= 6.0  # a later line of the same block would fail instead
        if running is not None and shape is not None and len(shape) == len(running) and \
                any(a == b for a, b in zip(shape, running)):
            score += 1.0  # `grad = grad @ W.T`: the samples stay on the axis they were on
        seen.add(key)
        if ctx.expected is not None and shape is not None:
            score += 3 if shape == ctx.expected else -2  # e.g. a gradient not shaped like its parameter
        if ctx.update_gap:
            score -= 4  # the update is right; the gradient was made wrong
        if ctx.stretched:
            score -= 2  # the operand itself was made wrong (a column against a row)
        fix = Fix(rw.normal(new_node_text) or new_node_text, reason, origin, line, shape, label)
        found.append(_Candidate(fix, score, len(found)))

    failure = ctx.failure
    node = failure.node
    for expr, reason in checker_fixes:
        offer(expr, reason, "checker", 2.5 - 2.5 * _transposes_fixed_operand(ctx, expr))
    for text, reason, score, label in (_substitutions(ctx) + _nested_substitutions(ctx)
                                       + _nested_reductions(ctx)):
        offer(text, reason, "scope", score, label)
    for text, line, reason, score, where in _definition_fixes(ctx):
        if text not in seen:
            seen.add(text)
            found.append(_Candidate(Fix(text, reason, "definition", line, None, "", where),
                                    score, len(found)))
    if failure.clash.kind == "inner" and len(failure.operand_nodes) == 2:
        _product_fixes(ctx, node, offer)
    if failure.clash.kind == "broadcast":
        _broadcast_fixes(ctx, node, offer)
    if failure.clash.kind == "reshape":
        _reshape_fixes(ctx, node, offer)
    if ctx.caller is not None:
        for fix, score in _loop_recurrence(ctx):
            if fix.expr not in seen:
                seen.add(fix.expr)
                found.append(_Candidate(fix, score, len(found)))
        for fix, score in _caller_substitutions(ctx):
            if fix.expr not in seen:
                seen.add(fix.expr)
                found.append(_Candidate(fix, score, len(found)))
    for fix, score in ctx.origin:
        key = (fix.where.lineno if fix.where else 0, fix.line)
        if key not in seen:
            seen.add(key)
            found.append(_Candidate(fix, score, len(found)))
    found = [c for c in found if _assignable(c.fix.line)]
    return tuple(ranked([(c.fix, c.score, 0) for c in found], 5))


def _assignable(line: str) -> bool:
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return True
    return all(rw.assignable(stmt) for stmt in tree.body)


# ---- candidates ------------------------------------------------------------------------
def _substitutions(ctx: Context):
    """Replace one operand by another array in scope that makes the operation run."""
    failure = ctx.failure
    out = []
    for position, operand in enumerate(failure.operand_nodes):
        value = failure.operand_values[position]
        if not isinstance(value, np.ndarray) or not rw.is_leaf(operand):
            continue
        name = ast.unparse(operand)
        targets = _target_texts(ctx.stmt)
        if isinstance(ctx.stmt, ast.AugAssign) and name.replace('"', "'") in targets:
            continue  # `W2 -= lr * dW2`: what the line updates is not the mistake
        others = {n: (id(a), tuple(a.shape)) for n, a in ctx.arrays.items()}
        partners = _forward_partners(ctx)
        for other, array in ctx.arrays.items():
            if other == name or array is value or array.ndim != value.ndim:
                continue
            if other.replace('"', "'") in targets:
                continue  # the value the line is computing, from the last time round
            if any(array is v for v in failure.operand_values):
                continue  # `a - x` where `a` holds x itself: nothing would be computed
            new = rw.replace_in(failure.node, operand, _last_item(ctx, other))
            if new is None or not _runs_alone(ctx, failure, position, array):
                continue
            # a substitute differs only where the clash is: same samples, same units elsewhere
            kept = [i for i in range(value.ndim) if not _clashing(failure, position, i)]
            if any(array.shape[i] != value.shape[i] for i in kept):
                continue
            score = 1.0 + 1.5 * len(kept)
            score += _name_likeness(name, other)
            label, reason, bonus = _describe_substitute(
                ctx.index, ctx.stmt.lineno, other, array, name, position, failure.function)
            product = failure.function in ("dot", "matmul", "@")
            if _parameter(ctx, name):
                bonus = 0.0  # a layer's output is made from the data, not in a weight's place
            elif ctx.provenance is not None and product:
                if id(value) in ctx.provenance.ancestors(id(array)) and bonus < 3.0:
                    # computed from the operand it replaces, however many lines later
                    if failure.function in ("dot", "matmul", "@") and position == 0:
                        label = "the hidden layer's output"
                    bonus = 3.0
                score += ctx.provenance.layer_output_bonus(id(array), id(value), others)
            score += bonus
            if _parameter(ctx, other) or _parameter(ctx, name):
                score -= 1.5  # a weight in place of an activation (or back) is rarely meant
            if pairs.is_gradient_name(name) != pairs.is_gradient_name(other):
                score -= 1.5  # a forward value for a gradient, or back: rarely meant
                if _only_gradient(ctx.stmt, operand):
                    score -= 2.0  # `dA = W @ A_prev`: a gradient computed from no gradient
            used = {ast.unparse(n).replace('"', "'") for n in ast.walk(ctx.stmt)}
            if other.replace('"', "'") in used:
                score -= 1.0  # it is already in the line: dropping one array for another twice
            if name.replace('"', "'") in targets:
                score -= 1.0  # the value a recurrence (delta = f(delta)) starts from
            if _fixed_where_born(ctx, value):
                score -= 2.0  # the operand can be made right where it was made
            if partners:  # the gradient of `x @ W` pairs x with the output's gradient
                score += 3.0 * (id(array) in partners) - 3.0 * (id(value) in partners)
            out.append((new, reason, score, label))
    return out


def _only_gradient(stmt, operand) -> bool:
    """Is `operand` the only gradient read by a statement that computes a gradient?"""
    targets = _target_texts(stmt)
    if not targets or not all(pairs.is_gradient_name(t) for t in targets):
        return False
    value = getattr(stmt, "value", None)
    read = [n for n in ast.walk(value) if isinstance(n, (ast.Name, ast.Attribute, ast.Subscript))
            and rw.is_leaf_like(n) and pairs.is_gradient_name(ast.unparse(n))] \
        if value is not None else []
    return all(ast.unparse(n) == ast.unparse(operand) for n in read) and bool(read)


def _forward_partners(ctx: Context) -> set[int]:
    """The arrays the parameter this line updates (`syn2 += ...`) or computes the gradient
    of (`dW2 = ...`) was multiplied with in the forward pass."""
    if ctx.partners is None:
        ctx.partners = set()
        for target in _target_texts(ctx.stmt) if ctx.provenance is not None else ():
            param = target if isinstance(ctx.stmt, ast.AugAssign) and _parameter(ctx, target) \
                else pairs.parameter_of(target, list(ctx.arrays))
            array = ctx.arrays.get(param) if param else None
            if isinstance(array, np.ndarray):
                ctx.partners = origins.forward_partners(ctx.provenance, id(array), 1 << 62)
                break
    return ctx.partners


def _transposes_fixed_operand(ctx: Context, expr: str) -> bool:
    """Does `expr` transpose an operand that a verified fix makes right where it was made
    (`Y.T` here, when the one-hot `Y` was built the wrong way round)?"""
    for operand, value in zip(ctx.failure.operand_nodes, ctx.failure.operand_values):
        if isinstance(value, np.ndarray) and isinstance(operand, ast.Name) and \
                f"{operand.id}.T" in expr and _fixed_where_born(ctx, value) and \
                ctx.index.elementwise_uses(operand.id) >= 2:
            return True  # (used element-wise on other lines too: its layout is the slip)
    return False


def _fixed_where_born(ctx: Context, value) -> bool:
    """Is there a verified fix on the line that made `value` (so the operand itself, not its
    use here, is what was wrong)?"""
    if ctx.provenance is None or not ctx.origin:
        return False
    born = ctx.provenance.born(value)
    if born is None:
        return False
    line = born[0].location
    return any(fix.where is not None and fix.where.lineno == line.lineno
               and fix.where.file == line.file for fix, _ in ctx.origin)


_ITEM = re.compile(r"^(?P<base>[A-Za-z_][\w.]*)\[(?P<i>\d+)\]$")


def _last_item(ctx: Context, name: str) -> str:
    """`acts[1]` spelt `acts[-1]` when it is the last item of a list the script appends to:
    the list grows as the loop runs, and the newest item is what each round means."""
    match = _ITEM.match(name)
    if match is None:
        return name
    base = match.group("base")
    try:
        items = ctx.ns.value(ast.parse(base, mode="eval").body)
    except SyntaxError:
        return name
    if not isinstance(items, list) or len(items) < 2 or int(match.group("i")) != len(items) - 1:
        return name
    grows = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                and n.func.attr in ("append", "extend") and ast.unparse(n.func.value) == base
                for n in ast.walk(ctx.index.tree))
    return f"{base}[-1]" if grows else name


def _nested_substitutions(ctx: Context):
    """`syn1 += l0.T.dot(l2_delta)` that cannot fit back, `h.T @ dh + reg * W1` that cannot
    be added: another array for an operand of the product that computes the update (or one
    side of the sum), which must come out in the shape of the other side."""
    failure = ctx.failure
    kind = failure.operation.kind
    if kind not in ("inplace", "broadcast") or len(failure.operand_nodes) != 2:
        return []
    out = []
    partners = _forward_partners(ctx)
    sides = ((1, 0),) if kind == "inplace" else ((0, 1), (1, 0))
    for side, other_side in sides:
        _nested_in(ctx, failure, side, other_side, partners, out)
    return out


def _nested_in(ctx: Context, failure, side: int, other_side: int, partners: set, out: list):
    want = failure.operation.operands[other_side].shape
    for product in ast.walk(failure.operand_nodes[side]):
        operands = rw.product_operands(product) or (
            _activation_argument(ctx, product) if failure.operation.kind == "broadcast"
            else None)
        for operand in operands or ():
            leaf = operand.value if rw.is_transposed(operand) else operand
            value = ctx.ns.value(leaf)
            if not isinstance(value, np.ndarray) or not rw.is_leaf(leaf):
                continue
            name = ast.unparse(leaf)
            for other, array in ctx.arrays.items():
                if other == name or array is value or array.ndim != value.ndim:
                    continue
                if pairs.parameter_of(other, [name]) == name:
                    continue  # `dW2.T @ dZ2` for `W2.T @ dZ2`: a weight's own gradient
                new = rw.replace_in(failure.node, leaf, other)
                if new is None:
                    continue
                score = 2.5 + _name_likeness(name, other)
                if _parameter(ctx, other) or _parameter(ctx, name):
                    score -= 1.5
                if failure.operation.kind == "broadcast" and _parameter(ctx, name):
                    score -= 1.5  # the weight a gradient flows back through is not the slip
                if pairs.is_gradient_name(name) != pairs.is_gradient_name(other):
                    score -= 1.5  # a forward value for a gradient, or back: rarely meant
                # the update's value (a gradient) must have the shape of what it updates
                if ctx.provenance is not None:  # an activation over its pre-activation
                    others = {n: (id(a), tuple(a.shape)) for n, a in ctx.arrays.items()}
                    score += ctx.provenance.layer_output_bonus(id(array), id(value), others)
                grown = _value_shape(ctx, new)
                if want is not None and grown is not None:
                    score += 3.0 if grown == tuple(want) else -2.0
                if failure.operation.kind == "broadcast" and want is not None and \
                        tuple(array.shape) == tuple(want):
                    score += 1.0  # an element-wise partner of the same shape, not stretched
                if partners:  # the gradient of `x @ W` pairs x with the output's gradient
                    score += 3.0 * (id(array) in partners) - 3.0 * (id(value) in partners)
                out.append((new, f"{other} is {fmt(tuple(array.shape))} and is in scope.",
                            score, ""))


def _activation_argument(ctx: Context, node) -> tuple | None:
    """`relu2deriv(layer_0)`, `np.tanh(z)`: the one array an activation (or its derivative)
    is applied to, which another layer's array may have been taken for."""
    if not isinstance(node, ast.Call) or len(node.args) != 1 or node.keywords:
        return None
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
            func.value.id in NUMPY_NAMES:
        return (node.args[0],) if func.attr in ELEMENTWISE_1 else None
    if isinstance(func, ast.Name) and ctx.is_user_function is not None and \
            ctx.is_user_function(ctx.ns.value(func)):
        return (node.args[0],)
    return None


def _nested_reductions(ctx: Context):
    """`b += np.sum(d, axis=1, keepdims=True) * lr` that cannot fit back: the reduction
    inside the update over another axis (a bias gradient sums over the batch axis)."""
    failure = ctx.failure
    if failure.operation.kind != "inplace" or len(failure.operand_nodes) != 2:
        return []
    target = failure.operand_values[0]
    out = []
    for node in ast.walk(failure.operand_nodes[1]):
        found = edits_mod.reduction_keywords(node)
        if found is None:
            continue
        numpy_call = edits_mod.numpy_call(node)
        reduced = ctx.ns.value(node.args[0] if numpy_call and node.args else node.func.value)
        if not isinstance(reduced, np.ndarray):
            continue
        keep = found[1] is not None and getattr(found[1].value, "value", False) is True
        for axis in range(reduced.ndim):
            for keepdims in {keep, True}:
                new = rw.replace_in(failure.node, node,
                                    edits_mod.with_reduction(node, axis, keepdims))
                if new is None:
                    continue
                grown = _value_shape(ctx, new)
                if not isinstance(target, np.ndarray) or grown is None:
                    continue
                score = 2.5 + (3.0 if grown == tuple(target.shape) else -2.0)
                out.append((new, f"summing over axis {axis} gives {fmt(grown)}, the shape of "
                            f"{ast.unparse(failure.operand_nodes[0])}.", score, ""))
    return out


def _value_shape(ctx: Context, stmt_text: str):
    """The shape of an augmented assignment's right-hand side, from the frame's shapes."""
    try:
        stmt = ast.parse(stmt_text).body[0]
    except (SyntaxError, IndexError):
        return None
    value = getattr(stmt, "value", None)
    if value is None:
        return None
    analysis = ops_mod.analyse(ast.Expr(value), ctx.ns, assume_user_elementwise=True,
                               is_user_function=ctx.is_user_function)
    if analysis.failure is not None:
        return None
    wanted = rw.normal(ast.unparse(value))
    return next((op.shape for op in reversed(analysis.operations)
                 if rw.normal(op.text) == wanted), None)


def _parameter(ctx: Context, text: str) -> bool:
    """`W2`, or `weights[1]` when the script updates `weights[k]`."""
    text = text.replace('"', "'")
    if text in ctx.parameters:
        return True
    head = text.split("[", 1)[0]
    return "[" in text and any(p.split("[", 1)[0] == head and "[" in p for p in ctx.parameters)


def _target_texts(stmt) -> set[str]:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else \
        [stmt.target] if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) else []
    return {ast.unparse(t).replace('"', "'") for t in targets}


def _describe_substitute(index, before, other, array, replaced, position, function):
    """Say what the substitute is; a layer's output computed from the replaced operand scores."""
    definition = _definition(index, other, before)
    shape = fmt(tuple(array.shape))
    if definition is None:
        return "", f"{other} is {shape} and is in scope.", 0.0
    line, value = definition
    source = index.statement_text(line, limit=70)
    reads = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
    has_product = any(
        (isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult))
        or (isinstance(n, ast.Call) and isinstance(n.func, (ast.Attribute, ast.Name))
            and getattr(n.func, "attr", getattr(n.func, "id", "")) in ("dot", "matmul"))
        for n in ast.walk(value)
    )
    if replaced in reads and has_product:
        if function in ("dot", "matmul", "@") and position == 0:
            label = "the hidden layer's output"
        else:
            label = f"the layer output computed from {replaced}"
        return label, f"{other} is {shape}, computed from {replaced} on line {line}: {source}", 3.0
    bonus = 1.0 if line < before else 0.0
    return "", f"{other} is {shape}, computed on line {line}: {source}", bonus


def _definition_fixes(ctx: Context):
    """The operand was created with the wrong shape: change the line that made it.

    Only for an operand created from a literal shape (`np.zeros((1, 4))`,
    `rng.normal(size=(4, 1))`), resized on its clashing axis to what the other operand has.
    """
    failure = ctx.failure
    axes = failure.clash.axes
    if failure.clash.kind not in ("inner", "broadcast") or len(axes) != 2:
        return
    for mine, theirs in ((axes[0], axes[1]), (axes[1], axes[0])):
        operand = failure.operand_nodes[mine.operand]
        value = failure.operand_values[mine.operand]
        if not isinstance(operand, ast.Name) or not isinstance(value, np.ndarray):
            continue
        index, name, before, function = _made_where(ctx, operand.id)
        definition = _definition(index, name, before)
        if definition is None:
            continue
        line, expr = definition
        shape_node = _literal_shape_node(expr, tuple(value.shape))
        if shape_node is None:
            continue
        new_shape = list(value.shape)
        new_shape[mine.axis] = theirs.size
        fake = np.broadcast_to(np.zeros((), dtype=value.dtype), tuple(new_shape))
        if not _runs_alone(ctx, failure, mine.operand, fake):
            continue
        if _check(ctx, ast.unparse(failure.node), override={operand.id: fake}) is None:
            continue
        new_expr = rw.swap_text(expr, shape_node, fmt(tuple(new_shape)))
        fixed_line = rw.replace_statement(index, index.statement(line), expr, new_expr)
        other = failure.operation.operands[theirs.operand].text
        reason = (f"{name} is created {fmt(tuple(value.shape))} on line {line}; "
                  f"{fmt(tuple(new_shape))} matches the {theirs.size} of {other}.")
        score = 4.0 if (failure.clash.kind == "inner" and mine.operand == 0) else 5.25
        if _parameter(ctx, name) or _parameter(ctx, operand.id):
            score -= 3.0  # a parameter's shape is the network's; the data feeding it is wrong
        if ctx.provenance is not None and ctx.failing is not None and \
                downstream.resize_breaks_others(ctx.provenance, id(value), tuple(new_shape),
                                                ctx.failing):
            continue  # another line that reads it would fail instead
        where = Location(index.path, line, function, index.statement_text(line))
        yield new_expr, fixed_line, reason, score, where


def _made_where(ctx: Context, name: str) -> tuple[SourceIndex, str, int, str]:
    """Where to look for the line that made `name`: its own function, or, for a parameter,
    the caller's scope and the name of the argument it was given."""
    caller = ctx.caller
    if caller is not None and name in caller.parameters:
        argument = _argument_for(caller.call, caller.parameters, name)
        if isinstance(argument, ast.Name):
            return caller.index, argument.id, caller.stmt.lineno, caller.location.function
    function = ctx.location.function if ctx.location else ""
    return ctx.index, name, ctx.stmt.lineno, function


def _literal_shape_node(expr: ast.AST, shape: tuple[int, ...]) -> ast.AST | None:
    """The `(1, 4)` in `np.zeros((1, 4))` or `rng.normal(0, 1, size=(1, 4))`, if it is there."""
    if not isinstance(expr, ast.Call):
        for sub in ast.walk(expr):  # `rng.standard_normal((2, 3)) * 0.5`
            if isinstance(sub, ast.Call):
                return _literal_shape_node(sub, shape)
        return None
    candidates = [k.value for k in expr.keywords if k.arg in ("size", "shape")] + list(expr.args)
    for node in candidates:
        if isinstance(node, ast.Tuple) and len(node.elts) == len(shape) and all(
            isinstance(e, ast.Constant) and e.value == s for e, s in zip(node.elts, shape)
        ):
            return node
    return None


def _product_fixes(ctx: Context, node: ast.AST, offer) -> None:
    """A matrix product whose inner dimensions differ: transpose, un-transpose, swap."""
    a, b = ctx.failure.operand_nodes
    ta, tb = ast.unparse(a), ast.unparse(b)
    build = _product_builder(node)
    if build is None:
        return
    va, vb = ctx.failure.operand_values[0], ctx.failure.operand_values[1]
    sa = fmt(tuple(va.shape)) if isinstance(va, np.ndarray) else "?"
    sb = fmt(tuple(vb.shape)) if isinstance(vb, np.ndarray) else "?"
    if rw.is_transposed(b):
        plain_b = ast.unparse(b.value)
        offer(build(ta, plain_b), f"{plain_b} without the transpose lines up with {ta} {sa}.",
              "transpose", 2.5)
    else:
        offer(build(ta, rw.transposed(tb)),
              f"{tb}.T turns {sb} around so its rows meet {ta}'s columns.", "transpose", 2.5)
    if rw.is_transposed(a):
        plain_a = ast.unparse(a.value)
        offer(build(plain_a, tb), f"{plain_a} without the transpose lines up with {tb} {sb}.",
              "transpose", 2.5)
    else:
        offer(build(rw.transposed(ta), tb),
              f"{ta}.T turns {sa} around so its columns meet {tb}'s rows.", "transpose", 2.5)
    offer(build(tb, ta), f"the product is not commutative: {tb} {sb} first, then {ta} {sa}.",
          "swap", 1.0)


def _broadcast_fixes(ctx: Context, node: ast.AST, offer) -> None:
    for position, operand in enumerate(ctx.failure.operand_nodes):
        text = ast.unparse(operand)
        if isinstance(operand, ast.Call) and _reduction_name(operand) and not any(
            k.arg == "keepdims" for k in operand.keywords
        ):
            fixed = copy.deepcopy(operand)
            fixed.keywords.append(ast.keyword("keepdims", ast.Constant(True)))
            offer(rw.swap_text(node, operand, ast.unparse(fixed)),
                  "keepdims=True keeps the summed axis as size 1, so it lines up for broadcasting.",
                  "keepdims", 3.0)
        value = ctx.failure.operand_values[position]
        shape = _operand_shape(ctx, position)
        if shape is not None and len(shape) == 1:
            offer(rw.swap_text(node, operand, f"{rw.atom(text)}.reshape(-1, 1)"),
                  f"{text}.reshape(-1, 1) makes {fmt(shape)} a column ({shape[0]}, 1) that "
                  "broadcasts along the rows.", "reshape", 1.5)
        if shape is not None and len(shape) == 2 and not isinstance(value, (int, float)):
            if rw.is_transposed(operand):
                plain = ast.unparse(operand.value)
                offer(rw.swap_text(node, operand, plain),
                      f"without the transpose {plain} is {fmt(shape[::-1])}.", "transpose", 1.0)
            else:
                offer(rw.swap_text(node, operand, rw.transposed(text)),
                      f"{text}.T is {fmt(shape[::-1])}.", "transpose", 1.0)


def _reshape_fixes(ctx: Context, node: ast.AST, offer) -> None:
    """A reshape that cannot fit: let NumPy work out one dimension with -1."""
    if not isinstance(node, ast.Call):
        return
    shape = _operand_shape(ctx, 0)
    if shape is None:
        return
    total = int(np.prod(shape)) if shape else 1
    args = list(node.args)
    method = isinstance(node.func, ast.Attribute) and not _is_numpy_func(ctx, node.func)
    dims_nodes = args if method else args[1:]
    if len(dims_nodes) == 1 and isinstance(dims_nodes[0], (ast.Tuple, ast.List)):
        dims_nodes = list(dims_nodes[0].elts)
    values = [ctx.ns.value(d) for d in dims_nodes]
    if not values or any(not isinstance(v, int) for v in values):
        return
    for i in range(len(values)):
        rest = 1
        for j, v in enumerate(values):
            if j != i:
                rest *= v
        if rest and total % rest == 0:
            new_dims = [("-1" if j == i else ast.unparse(d)) for j, d in enumerate(dims_nodes)]
            fixed = rw.reshape_call(node, new_dims, method)
            shown = list(values)
            shown[i] = total // rest
            offer(fixed, f"-1 lets NumPy work out that axis: {total} numbers make "
                  f"{fmt(tuple(shown))}.", "reshape", 2.0)


def _loop_recurrence(ctx: Context):
    """`out = X` then `for layer in layers: out = layer.forward(X)`: a loop meant to hand each
    layer's output to the next passes the same input every time. The fix passes the loop's
    running value: the first layer still gets X, each later one what came before it. Offered
    only when the argument is the failing operation's operand inside the called function."""
    caller = ctx.caller
    stmt = caller.stmt
    clashing = {o.id for o in ctx.failure.operand_nodes if isinstance(o, ast.Name)}
    passed = {id(_argument_for(caller.call, caller.parameters, p)) for p in clashing
              if p in caller.parameters}
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)):
        return
    running = stmt.targets[0].id
    loop = _enclosing_for(caller.index.tree, stmt)
    if loop is None or running in {n.id for n in ast.walk(stmt.value) if isinstance(n, ast.Name)}:
        return
    start = _assigned_just_before(caller.index.tree, loop, running)
    if start is None and running in _parameters_of(caller.index.tree, loop):
        start = ""  # `def forward(self, x): for layer in ...: x = layer.forward(X)`
    if start is None:
        yield from _unfed_loop(ctx, loop, passed, running)
        return
    assigned_in_loop = {n.id for node in ast.walk(loop) if isinstance(node, (ast.Assign,
                        ast.AugAssign)) for t in (node.targets if isinstance(node, ast.Assign)
                                                  else [node.target])
                        for n in ast.walk(t) if isinstance(n, ast.Name)}
    for arg in caller.call.args:
        if not isinstance(arg, ast.Name) or id(arg) not in passed or arg.id == running or \
                arg.id in assigned_in_loop or (start and arg.id != start):
            continue
        new_call = rw.swap_text(caller.call, arg, running)
        line = rw.replace_statement(caller.index, stmt, caller.call, new_call)
        reason = (f"the loop should pass each step's {running} on to the next; this line "
                  f"passes {arg.id} every time")
        yield Fix(new_call, reason, "scope", line, None, "the previous layer's output",
                  caller.location), 6.0


def _unfed_loop(ctx: Context, loop: ast.For, passed: set, running: str):
    """`for layer in self.layers: out = layer.forward(x)` then `return x`: each step's
    result is kept under a name the loop never reads, so every layer gets the input. The fix
    gives the result the argument's name."""
    caller = ctx.caller
    stmt = caller.stmt
    read_in_loop = {n.id for n in ast.walk(loop) if isinstance(n, ast.Name)
                    and isinstance(n.ctx, ast.Load)}
    if running in read_in_loop:
        return
    assigned = {n.id for n in ast.walk(loop) if isinstance(n, ast.Name)
                and isinstance(n.ctx, ast.Store)}
    for arg in caller.call.args:
        if not isinstance(arg, ast.Name) or id(arg) not in passed or arg.id in assigned:
            continue
        if arg.id not in _parameters_of(caller.index.tree, loop) and \
                _assigned_just_before(caller.index.tree, loop, arg.id) is None:
            continue
        line = rw.replace_statement(caller.index, stmt, stmt.targets[0], arg.id)
        reason = (f"the loop should pass each step's result on to the next; this line keeps "
                  f"it as {running}, which the loop never reads, so every step gets {arg.id}")
        yield Fix(arg.id, reason, "scope", line, None, "the previous layer's output",
                  caller.location), 6.0


def _parameters_of(tree: ast.AST, loop: ast.For) -> set[str]:
    """The parameters of the (innermost) function the loop is in."""
    found = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                child is loop for child in ast.walk(node)):
            if found is None or node.lineno > found.lineno:
                found = node
    if found is None:
        return set()
    args = found.args
    return {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}


def _enclosing_for(tree: ast.AST, stmt: ast.stmt) -> ast.For | None:
    found = None
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and any(child is stmt for child in ast.walk(node)):
            if found is None or node.lineno > found.lineno:
                found = node  # the innermost
    return found


def _assigned_just_before(tree: ast.AST, loop: ast.For, name: str) -> str | None:
    """`out = X` as the statement right before the loop (or one of the two before): X."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list) or loop not in body:
            continue
        at = body.index(loop)
        for before in reversed(body[max(0, at - 2):at]):
            if isinstance(before, ast.Assign) and len(before.targets) == 1 and \
                    isinstance(before.targets[0], ast.Name) and before.targets[0].id == name:
                return before.value.id if isinstance(before.value, ast.Name) else None
        return None
    return None


def _caller_substitutions(ctx: Context):
    """The failure is inside the learner's function and an operand is one of its parameters:
    suggest passing another of the caller's arrays at the call."""
    caller = ctx.caller
    failure = ctx.failure
    for position, operand in enumerate(failure.operand_nodes):
        if not isinstance(operand, ast.Name) or operand.id not in caller.parameters:
            continue
        arg_node = _argument_for(caller.call, caller.parameters, operand.id)
        value = failure.operand_values[position]
        if arg_node is None or not isinstance(value, np.ndarray):
            continue
        passed = ast.unparse(arg_node)
        given = {ast.unparse(a) for a in [*caller.call.args, *(k.value for k in
                                                                caller.call.keywords)]}
        for other, array in caller.arrays.items():
            if other == passed or array is value or array.ndim != value.ndim:
                continue
            if other in given:
                continue  # `compute_cost(A2, A2)`: one array for two parameters
            kept = [i for i in range(value.ndim) if not _clashing(failure, position, i)]
            if any(array.shape[i] != value.shape[i] for i in kept):
                continue
            if not _runs_alone(ctx, failure, position, array):
                continue
            if _check(ctx, ast.unparse(failure.node), override={operand.id: array}) is None:
                continue
            new_call = rw.swap_text(caller.call, arg_node, other)
            line = rw.replace_statement(caller.index, caller.stmt, caller.call, new_call)
            label, reason, bonus = _describe_substitute(
                caller.index, caller.stmt.lineno, other, array, passed, position, failure.function)
            reason = f"pass {other} as {operand.id}: " + reason
            score = 1.0 + 1.5 * len(kept) + _name_likeness(passed, other) + bonus + 0.5
            if not rw.is_leaf(arg_node):
                score -= 1.0  # a computed argument is less likely a mix-up of two variables
            if passed.replace('"', "'") in _target_texts(caller.stmt):
                score -= 1.0  # `grad = layer.backward(grad)`: the recurrence's own value
            if ctx.provenance is not None:  # an activation over its pre-activation
                others = {n: (id(a), tuple(a.shape)) for n, a in caller.arrays.items()}
                passed_value = caller.ns.value(arg_node)
                score += ctx.provenance.layer_output_bonus(
                    id(array), id(passed_value) if isinstance(passed_value, np.ndarray)
                    else None, others)
            yield Fix(new_call, reason, "scope", line, None, label, caller.location), score


# ---- checking a candidate --------------------------------------------------------------
def _check(ctx: Context, new_node_text: str,
           override: dict | None = None) -> tuple[str, Shape | None, int] | None:
    """(the corrected statement, the new sub-expression's shape, how many broadcasts in it
    stretch both operands or spread a value over an updated array) if it would run, else
    None."""
    unit_text = _replace_in_unit(ctx, new_node_text)
    if unit_text is None:
        return None
    try:
        if isinstance(ctx.unit, ast.stmt):
            stmt = ast.parse(unit_text).body[0]
        else:
            stmt = ast.Expr(ast.parse("(" + unit_text + ")", mode="eval").body)
    except SyntaxError:
        return None
    ns = ctx.ns if not override else Namespace(_Layered(override, ctx.ns), {})
    analysis = ops_mod.analyse(stmt, ns, assume_user_elementwise=True,
                               is_user_function=ctx.is_user_function)
    if analysis.failure is not None:
        return None
    wanted = rw.normal(new_node_text)
    shape = next((op.shape for op in analysis.operations if rw.normal(op.text) == wanted), None)
    line = rw.replace_statement(ctx.index, ctx.stmt, ctx.failure.node, new_node_text)
    return line, shape, downstream.stretches(analysis) + _update_broadcasts(analysis)


def _recurrence_shape(ctx: Context) -> tuple | None:
    """The shape the target has now, when the line computes it from itself (a gradient
    passed back through the layers: `grad = grad @ W.T`)."""
    targets = _target_texts(ctx.stmt)
    value = getattr(ctx.stmt, "value", None)
    if len(targets) != 1 or value is None or isinstance(ctx.stmt, ast.AugAssign):
        return None
    if not any(ast.unparse(n).replace('"', "'") in targets for n in ast.walk(value)):
        return None
    held = ctx.ns.value(ctx.stmt.targets[0]) if isinstance(ctx.stmt, ast.Assign) else None
    return tuple(held.shape) if isinstance(held, np.ndarray) else None


def _rest_breaks(ctx: Context, line: str) -> bool:
    if ctx.failing is None:
        return False
    try:
        new_stmt = ast.parse(line.strip()).body[0]
    except (SyntaxError, IndexError):
        return False
    return downstream.rest_breaks(ctx.failing, new_stmt, ctx.ns)


def _update_broadcasts(analysis) -> int:
    """`W += lr * g` with g of another shape than W (a (1, 1) spread over W): the update runs,
    but a gradient has its parameter's shape, so this is a slip too."""
    count = 0
    for op in analysis.operations:
        if op.kind == "inplace" and len(op.operands) == 2:
            target, value = (o.shape for o in op.operands)
            if target is not None and value not in (None, (), target):
                count += 1
        elif op.kind == "broadcast" and len(op.operands) == 2 and op.operands[0].produced_by \
                is not None and op.operands[1].produced_by is not None:
            # `W2.dot(d2.T) * sigmoid_deriv(a1)`: a computed (1, 1) spread over a (4, 4)
            # layer where the product was meant to have the layer's shape
            a, b = (o.shape for o in op.operands)
            if a and b and len(a) == len(b) and a != b and 1 in (size_of(a), size_of(b)):
                count += 1
    return count


class _Layered(dict):
    """Names in `top` hide the namespace's own (to try a variable with another shape)."""

    def __init__(self, top: dict, ns: Namespace):
        super().__init__(top)
        self.ns = ns

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or self.ns.name(key) is not UNKNOWN

    def __getitem__(self, key):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        value = self.ns.name(key)
        if value is UNKNOWN:
            raise KeyError(key)
        return value


def _runs_alone(ctx: Context, failure: Failure, position: int, array: np.ndarray) -> bool:
    """Would the failing operation itself run with `array` in place of operand `position`?"""
    shapes = []
    for i, value in enumerate(failure.operand_values):
        shapes.append(tuple(array.shape) if i == position else _operand_shape(ctx, i))
    if any(s is None for s in shapes):
        return False
    try:
        if failure.function in ("@", "matmul"):
            rules.matmul(shapes[0], shapes[1])
        elif failure.function == "dot":
            rules.dot(shapes[0], shapes[1])
        elif failure.operation.kind in ("broadcast", "compare"):
            rules.broadcast(*shapes)
        elif failure.operation.kind == "inplace":
            if rules.broadcast(*shapes) != shapes[0]:
                return False
        else:
            return False
    except rules.Clash:
        return False
    return True


def _operand_shape(ctx: Context, position: int) -> Shape | None:
    operands = ctx.failure.operation.operands
    return operands[position].shape if position < len(operands) else None


def _clashing(failure: Failure, position: int, axis: int) -> bool:
    return any(a.operand == position and a.axis == axis for a in failure.clash.axes)


# ---- small text helpers ----------------------------------------------------------------


def _name_likeness(a: str, b: str) -> float:
    """W1/W2, b1/b2, z0/z1: same letters, different digits; or one edit apart."""
    strip = lambda s: re.sub(r"\d+", "", s)  # noqa: E731
    if strip(a) == strip(b) and strip(a):
        return 1.5
    if len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1:
        return 1.0
    return 0.0


def _definition(index: SourceIndex, name: str, before: int):
    """The last assignment to `name` before line `before` (else the first one after), in the
    same function as line `before`."""
    found = index.assignments(name, index.scope_of(before))
    earlier = [item for item in found if item[0] < before]
    if earlier:
        return earlier[-1]
    return found[0] if found else None


def _reduction_name(call: ast.Call) -> str | None:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name if name in _REDUCTION_NAMES else None


def _is_numpy_func(ctx: Context, func: ast.Attribute) -> bool:
    owner = ctx.ns.value(func.value)
    if owner is UNKNOWN:
        return False
    return getattr(owner, "__name__", "").split(".")[0] == "numpy"


def _product_builder(node: ast.AST):
    """How to write `a` times `b` the way the learner did (`@`, np.dot, np.matmul, a.dot)."""
    if isinstance(node, ast.BinOp):
        return lambda a, b: f"{rw.atom(a)} @ {rw.atom(b)}"
    if isinstance(node, ast.Call):
        func = ast.unparse(node.func)
        method_dot = isinstance(node.func, ast.Attribute) and node.func.attr == "dot"
        if method_dot and len(node.args) == 1 and not func.startswith(("np.", "numpy.")):
            return lambda a, b: f"{rw.atom(a)}.dot({b})"
        return lambda a, b: f"{func}({a}, {b})"
    if isinstance(node, ast.AugAssign):
        return None
    return None


def _argument_for(call: ast.Call, parameters: list[str], name: str) -> ast.AST | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    position = parameters.index(name)
    return call.args[position] if position < len(call.args) else None


def _replace_in_unit(ctx: Context, new_text: str) -> str | None:
    node = ctx.failure.node
    if not hasattr(node, "lineno"):
        return None
    if ctx.unit is node:
        return new_text
    whole = rw.segment(ctx.index, ctx.unit)
    part = rw.segment(ctx.index, node)
    start = rw.offset_in(ctx.index, ctx.unit, node)
    if start is None or whole[start: start + len(part)] != part:
        return None
    return whole[:start] + new_text + whole[start + len(part):]
