"""Walking back from a shape error to the line where the wrong shape was born, and fixing it
there, verified downstream.

The clashing operands' arrays are looked up in the provenance record (which statement made
them). At that statement (and, one or two steps further back, at the statements that made
its operands) small edits are tried: a transpose, swapped operands, another reduction
axis or keepdims, another array of the same kind, the neighbouring list item, a reshape's
dims in the other order. Each edit is checked by re-inferring the shapes of the recorded
statements after it, up to and including the failing one; an edit that leaves a clash is
dropped. Nothing is executed: the shapes come from the recorded values' shapes.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass

import numpy as np

from nntutor.debugger import operations as ops_mod
from nntutor.debugger import rewrite as rw
from nntutor.debugger.events import Location
from nntutor.debugger.namespace import UNKNOWN, Namespace
from nntutor.debugger.provenance import Provenance, Record, stand_in
from nntutor.debugger.source import index_for
from nntutor.shapes import pairs as pairs_mod
from nntutor.shapes.concrete import fmt
from nntutor.shapes.fix import Fix
from nntutor.shapes.names import NUMPY_NAMES, REDUCTIONS

MAX_DEPTH = 2  # statements walked back beyond the one that made a clashing operand
MAX_CANDIDATES = 400


class Overlay(Namespace):
    """A recorded statement's names, with some arrays given another shape (by identity)."""

    def __init__(self, local, global_, ids: dict, changed: dict, scope: dict | None = None,
                 scope_ids: dict | None = None):
        super().__init__(local, global_)
        self.ids, self.changed = ids, changed
        self.scope, self.scope_ids = scope or {}, scope_ids or {}

    def value(self, node: ast.AST):
        if isinstance(node, ast.Name) and node.id in self.ids:
            shape = self.changed.get(self.ids[node.id])
            if shape is not None:
                return stand_in(shape)
        if isinstance(node, (ast.Attribute, ast.Subscript, ast.Name)):
            text = _text(node)
            if text in self.scope_ids and self.scope_ids[text] in self.changed:
                return stand_in(self.changed[self.scope_ids[text]])
        found = super().value(node)
        if isinstance(found, np.ndarray):
            shape = self.changed.get(id(found))
            if shape is not None:
                return stand_in(shape)
            return found
        if found is UNKNOWN and isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
            text = _text(node)
            if text in self.scope:
                return self.scope[text]
        return found

    def identity(self, node: ast.AST) -> int | None:
        """The id of the real array `node` held when the statement ran."""
        if isinstance(node, ast.Name) and node.id in self.ids:
            return self.ids[node.id]
        text = _text(node)
        if text in self.scope_ids:
            return self.scope_ids[text]
        found = Namespace.value(self, node)
        return id(found) if isinstance(found, np.ndarray) and not _is_stand_in(found) else None


@dataclass
class Failing:
    """The failing statement, to check a candidate against."""

    stmt: ast.stmt
    frame: object
    is_user_function: object
    index: object


def _is_stand_in(array: np.ndarray) -> bool:
    return array.strides == (0,) * array.ndim and array.ndim > 0


def _text(node: ast.AST) -> str:
    try:
        return ast.unparse(node).replace('"', "'")
    except Exception:
        return "?"


# ---- the walk back ---------------------------------------------------------------------
def leaves(node: ast.AST) -> list[ast.AST]:
    """The array-like leaves of an expression: names, attributes, items (not functions)."""
    found = []

    def walk(n):
        if isinstance(n, ast.Call):
            if isinstance(n.func, ast.Attribute) and not (
                    isinstance(n.func.value, ast.Name) and n.func.value.id in NUMPY_NAMES):
                walk(n.func.value)  # a method's receiver
            for a in n.args:
                walk(a)
            for k in n.keywords:
                walk(k.value)
            return
        if isinstance(n, ast.Attribute) and n.attr == "T":
            walk(n.value)
            return
        if isinstance(n, (ast.Name, ast.Attribute, ast.Subscript)) and rw.is_leaf_like(n):
            found.append(n)
            return
        for child in ast.iter_child_nodes(n):
            walk(child)

    walk(node)
    return found


@dataclass
class Origins:
    fixes: list  # (Fix, score), verified
    stretched: list  # clashing operands made by a broadcast that stretched
    born: dict  # Fix -> "db2 is (64, 1) because line 21 summed over axis=1; ..."


def _rule_broken(name: str, kind: str, expected) -> str:
    """The rule of thumb the line broke, in words, when the kind of slip says which."""
    stems = pairs_mod._stripped(pairs_mod._split(name.replace('"', "'"))[1]) or [""]
    item = pairs_mod._split(name.replace('"', "'"))[2]
    bias = any(s[:1].lower() == "b" for s in stems) or "'b" in item
    if kind == "reduction" and expected is not None and bias:
        return "; a bias gradient sums over the batch axis (one number per unit)"
    if kind == "substitute" and expected is not None:
        return "; a weight gradient pairs the layer's input with the gradient of its output"
    if kind == "definition":
        return "; the samples are laid out along the other axis elsewhere"
    return ""


def origin_fixes(failure, stmt, frame, provenance: Provenance, is_user_function,
                 expected_of, failing_expected=None) -> Origins:
    """Verified fixes at the statements that made the clashing operands (and their inputs).

    `expected_of(text, record)` gives the shape an array should have (a gradient: its
    parameter's), or None.
    """
    ns = Namespace.of_frame(frame)
    failing = Failing(stmt, frame, is_user_function, index_for(frame.f_code.co_filename))
    seen_records: set[int] = set()
    queue: list[tuple[Record, str, int, float]] = []
    for operand in failure.operand_nodes:
        for leaf in leaves(operand):
            value = ns.value(leaf)
            if not isinstance(value, np.ndarray):
                continue
            born = provenance.born(value)
            if born is not None:
                queue.append((born[0], born[1], 0, False))
    found = Origins([], [], {})
    out, stretched_operands = found.fixes, found.stretched
    tried = 0
    while queue:
        record, name, depth, below = queue.pop(0)
        if record.step in seen_records:
            continue
        seen_records.add(record.step)
        index = index_for(record.location.file)
        origin = index.statement(record.location.lineno) if index is not None else None
        if origin is None or not isinstance(origin, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            continue
        stretch = _stretched(origin, record, is_user_function)
        if stretch and depth == 0:
            stretched_operands.append(name)
        below = below or stretch  # a stretching broadcast at or after this line
        expected = expected_of(name, record)
        for node, new_text, kind, words, bonus in candidates(origin, record, provenance):
            tried += 1
            if tried > MAX_CANDIDATES:
                break
            checked = _verify(index, origin, node, new_text, record, provenance, failing)
            if checked is None:
                continue
            line, shape, changed_params, result = checked
            strong = expected is not None or kind in ("reshape", "definition")
            score = (3.0 if strong else 0.5) + bonus - (0.5 * depth)
            if below:
                score += 2.5  # undoes the mistake that made a broadcast stretch
            if expected is not None:
                score += 4.0 if shape == expected else -2.0
            if failing_expected is not None and result is not None and result != failing_expected:
                score -= 3.0
            score -= 3.0 * changed_params
            where = Location(record.location.file, record.location.lineno,
                             record.location.function, record.location.source)
            born = (f"{name} is {fmt(_recorded_shape(record, name))} because line "
                    f"{record.location.lineno} {words}{_rule_broken(name, kind, expected)}")
            reason = (f"{born}. With this change it is {fmt(shape)}"
                      + (", the shape of its parameter" if expected is not None
                         and shape == expected else "") + ".")
            fix = Fix(rw.normal(new_text) or new_text, reason, "origin", line, shape, "", where)
            out.append((fix, score))
            found.born[fix] = born
        if depth < MAX_DEPTH:
            for leaf in leaves(origin.value if hasattr(origin, "value") else origin):
                sub = Overlay(record.before, record.globals_, record.ids, {}, record.scope,
                              record.scope_ids)
                ident = sub.identity(leaf)
                if ident is None:
                    continue
                birth = provenance.born_id(ident)
                if birth is not None and birth.step < record.step:
                    written = next((n for n, (i, _) in birth.written.items() if i == ident), None)
                    if written is not None:
                        queue.append((birth, written, depth + 1, below))
                        continue
                for r in reversed(provenance.records):
                    if r.step < record.step and any(i == ident for i, _ in r.written.values()):
                        written = next(n for n, (i, _) in r.written.items() if i == ident)
                        queue.append((r, written, depth + 1, below))
                        break
    return found


def _stretched(stmt, record: Record, is_user_function) -> bool:
    """Did the statement broadcast two arrays into something bigger than both (a column
    against a row: `(1, 70) - (70, 1)` gives (70, 70))?"""
    ns = Overlay(record.before, record.globals_, record.ids, {}, record.scope, record.scope_ids)
    analysis = ops_mod.analyse(stmt, ns, assume_user_elementwise=True,
                               is_user_function=is_user_function)
    for op in analysis.operations:
        if op.kind not in ("broadcast", "compare") or len(op.operands) != 2 or op.shape is None:
            continue
        a, b = (o.shape for o in op.operands)
        if not a or not b:
            continue
        if _size(op.shape) > max(_size(a), _size(b)):
            return True
    return False


def _size(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _recorded_shape(record: Record, name: str):
    found = record.written.get(name)
    return found[1] if found else None


# ---- candidates at one statement --------------------------------------------------------
def candidates(stmt: ast.stmt, record: Record, provenance: Provenance):
    """(node, new text, kind, words, bonus) for small edits of `stmt`'s value."""
    value = stmt.value
    if value is None:
        return
    for node in ast.walk(value):
        product = _product_operands(node)
        if product is not None:
            a, b = product
            for ta, tb, swap in itertools.product((False, True), repeat=3):
                if not (ta or tb or swap):
                    continue
                ta_text = _toggle(a) if ta else rw.source_of(a)
                tb_text = _toggle(b) if tb else rw.source_of(b)
                first, second = (tb_text, ta_text) if swap else (ta_text, tb_text)
                new = _rebuild_product(node, first, second)
                if new is None:
                    continue
                words = "swapped the operands of a product" if swap else \
                    "multiplied without the right transpose"
                yield node, new, "swap" if swap and not (ta or tb) else "transpose", words, \
                    (0.5 if (ta + tb + swap) == 1 else -0.5)
        reduction = _reduction(node)
        if reduction is not None:
            axis_kw, keep_kw, _ = reduction
            reduced = node.args[0] if _numpy_call(node) and node.args else node.func.value
            ndim = _ndim_of(stmt, record, reduced)
            current = axis_kw.value.value if axis_kw is not None and isinstance(
                axis_kw.value, ast.Constant) else None
            keeps = keep_kw is not None and isinstance(keep_kw.value, ast.Constant) and \
                keep_kw.value.value is True
            for axis in range(ndim or 0):
                for keep in (keeps, not keeps):
                    if axis == current and keep == keeps:
                        continue
                    new = _with_reduction(node, axis, keep)
                    what = f"summed over axis={current}" if current is not None else "summed"
                    if axis == current:
                        what += " without keepdims=True" if keep else " with keepdims=True"
                    yield node, new, "reduction", what, 1.5 if axis != current and keep == keeps \
                        else 1.0
        if isinstance(node, ast.Call) and _method_or_np(node, "reshape"):
            args = _reshape_args(node)
            if args and len(args) >= 2:
                texts = [rw.source_of(a) for a in args]
                for perm in itertools.permutations(range(len(texts))):
                    if list(perm) == list(range(len(texts))):
                        continue
                    new = _with_reshape(node, [texts[i] for i in perm])
                    yield node, new, "reshape", f"reshaped to ({', '.join(texts)})", 1.5
        if isinstance(node, ast.Tuple) and len(node.elts) == 2 and _is_shape_argument(value, node):
            new = f"({rw.source_of(node.elts[1])}, {rw.source_of(node.elts[0])})"
            # rows and columns swapped: the same numbers, laid out the other way; when the
            # array is read on several lines, its layout (not one use) is what is wrong
            reads = _reads(record, _targets(stmt))
            yield node, new, "definition", f"made it {_literal_text(node)}", \
                3.0 if reads >= 2 else 1.5
    targets = {_text(t) for t in _targets(stmt)}
    subs = _substitutes(record)
    others = {name: (record.scope_ids.get(name), tuple(a.shape)) for name, a in subs.items()}
    in_products = {id(n) for p in ast.walk(value) if _product_operands(p) is not None
                   for operand in _product_operands(p) for n in leaves(operand)}
    ns = Overlay(record.before, record.globals_, record.ids, {}, record.scope, record.scope_ids)
    for leaf in leaves(value):
        if id(leaf) not in in_products:
            continue  # another array in place of one: for a product's operand only
        text = _text(leaf)
        if text in targets:
            continue
        if isinstance(leaf, ast.Subscript) and not _constant(leaf.slice):
            index_text = rw.source_of(leaf.slice)
            for delta in ("- 1", "+ 1"):
                shifted = _shift(index_text, delta)
                new = f"{rw.source_of(leaf.value)}[{shifted}]"
                yield leaf, new, "index", f"used {rw.source_of(leaf)}", 2.0
        replaced = ns.identity(leaf)
        for other, array in subs.items():
            if other == text or other in targets or array.ndim != _ndim(record, leaf):
                continue
            ident = record.scope_ids.get(other)
            bonus = provenance.layer_output_bonus(ident, replaced, others) if ident else 0.0
            yield leaf, other, "substitute", f"used {rw.source_of(leaf)}", bonus


def _reads(record: Record, targets) -> int:
    """On how many lines of the file the statement's target is read."""
    index = index_for(record.location.file)
    if index is None:
        return 0
    names = {_text(t) for t in targets}
    lines = set()
    for node in ast.walk(index.tree):
        if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and isinstance(
                getattr(node, "ctx", None), ast.Load) and _text(node) in names:
            lines.add(node.lineno)
    return len(lines)


def _constant(node) -> bool:
    return isinstance(node, ast.Constant) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant))


def _substitutes(record: Record) -> dict:
    """Arrays of the frame a leaf may be replaced by, with a small bonus for a layer's output
    (computed from another candidate: an activation over its pre-activation)."""
    return dict(record.scope)


def _numpy_call(node: ast.Call) -> bool:
    return isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES


def _ndim_of(stmt, record: Record, node) -> int | None:
    """The number of dims of a sub-expression of a recorded statement, from its shapes."""
    direct = _ndim(record, node)
    if direct is not None:
        return direct
    ns = Overlay(record.before, record.globals_, record.ids, {}, record.scope, record.scope_ids)
    analysis = ops_mod.analyse(stmt, ns, assume_user_elementwise=True)
    wanted = rw.normal(ast.unparse(node))
    for op in analysis.operations:
        if rw.normal(op.text) == wanted and op.shape is not None:
            return len(op.shape)
    return None


def _ndim(record: Record, leaf) -> int | None:
    ns = Overlay(record.before, record.globals_, record.ids, {}, record.scope, record.scope_ids)
    value = ns.value(leaf)
    return value.ndim if isinstance(value, np.ndarray) else None


def _shift(index_text: str, delta: str) -> str:
    try:
        node = ast.parse(index_text, mode="eval").body
    except SyntaxError:
        return f"{index_text} {delta}"
    if isinstance(node, ast.BinOp) and isinstance(node.right, ast.Constant) and isinstance(
            node.op, (ast.Add, ast.Sub)) and isinstance(node.right.value, int):
        k = node.right.value * (1 if isinstance(node.op, ast.Add) else -1)
        k += 1 if delta == "+ 1" else -1
        base = rw.source_text(node.left)
        return base if k == 0 else f"{base} {'+' if k > 0 else '-'} {abs(k)}"
    return f"{index_text} {delta}"


def _targets(stmt) -> list:
    if isinstance(stmt, ast.Assign):
        return list(stmt.targets)
    if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        return [stmt.target]
    return []


def _product_operands(node):
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return node.left, node.right
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr in ("dot", "matmul"):
            if isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES:
                return tuple(node.args) if len(node.args) == 2 else None
            return (node.func.value, node.args[0]) if len(node.args) == 1 else None
    return None


def _rebuild_product(node, first: str, second: str) -> str | None:
    if isinstance(node, ast.BinOp):
        return f"{rw.atom(first)} @ {rw.atom(second)}"
    func = node.func
    if isinstance(func.value, ast.Name) and func.value.id in NUMPY_NAMES:
        return f"{rw.source_of(func)}({first}, {second})"
    return f"{rw.atom(first)}.{func.attr}({second})"


def _toggle(node) -> str:
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return rw.source_of(node.value)
    return rw.transposed(rw.source_of(node))


def _method_or_np(node: ast.Call, name: str) -> bool:
    return isinstance(node.func, ast.Attribute) and node.func.attr == name


def _reduction(node):
    """(axis keyword, keepdims keyword, ndim of the reduced array) for a reduction call."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in REDUCTIONS):
        return None
    axis = next((k for k in node.keywords if k.arg == "axis"), None)
    keep = next((k for k in node.keywords if k.arg == "keepdims"), None)
    numpy_call = isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES
    positional = node.args[1] if numpy_call and len(node.args) > 1 else (
        node.args[0] if not numpy_call and node.args else None)
    if positional is not None:
        axis = ast.keyword("axis", positional)
    return axis, keep, None


def _with_reduction(node: ast.Call, axis: int, keep: bool) -> str:
    numpy_call = isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES
    args = [rw.source_of(a) for a in node.args[:1 if numpy_call else 0]]
    others = [f"{k.arg}={rw.source_of(k.value)}" for k in node.keywords
              if k.arg not in ("axis", "keepdims")]
    parts = args + [f"axis={axis}"] + (["keepdims=True"] if keep else []) + others
    return f"{rw.source_of(node.func)}({', '.join(parts)})"


def _reshape_args(node: ast.Call):
    numpy_call = isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES
    args = list(node.args[1:] if numpy_call else node.args)
    if len(args) == 1 and isinstance(args[0], (ast.Tuple, ast.List)):
        args = list(args[0].elts)
    if not all(isinstance(a, (ast.Constant, ast.UnaryOp, ast.Name)) for a in args):
        return None
    return args


def _with_reshape(node: ast.Call, dims: list[str]) -> str:
    numpy_call = isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES
    if numpy_call:
        return f"{rw.source_of(node.func)}({rw.source_of(node.args[0])}, ({', '.join(dims)}))"
    return f"{rw.source_of(node.func)}({', '.join(dims)})"


def _is_shape_argument(value, node: ast.Tuple) -> bool:
    """`(2, n)` given as a shape: np.zeros((2, n)), rng.normal(size=(2, n))..."""
    for call in ast.walk(value):
        if isinstance(call, ast.Call):
            if any(k.value is node and k.arg in ("size", "shape") for k in call.keywords):
                return True
            if call.args and call.args[0] is node:
                return True
    return False


def _literal_text(node) -> str:
    return rw.source_of(node)


# ---- verification ----------------------------------------------------------------------
def _verify(index, stmt, node, new_text, record: Record, provenance: Provenance,
            failing: Failing):
    """(the corrected line, the new shape of what the statement writes, how many parameters
    change shape) if the edit runs and every recorded statement after it still runs."""
    try:
        line = rw.replace_statement(index, stmt, node, new_text)
        new_stmt = ast.parse(line).body[0]
    except (SyntaxError, IndexError, ValueError):
        return None
    if not rw.assignable(new_stmt):
        return None
    ns = Overlay(record.before, record.globals_, record.ids, {}, record.scope, record.scope_ids)
    shape = _statement_shape(new_stmt, ns, failing.is_user_function)
    if shape is None:
        return None
    changed: dict[int, tuple] = {}
    for name, (ident, old) in record.written.items():
        if shape != old and _is_target(stmt, name):
            changed[ident] = shape
    if not changed:
        return None  # the same shapes as before: the failure would stay
    for later in provenance.after(record):
        later_index = index_for(later.location.file)
        later_stmt = later_index.statement(later.location.lineno) if later_index else None
        if later_stmt is None:
            continue
        view = Overlay(later.before, later.globals_, later.ids, changed, later.scope,
                       later.scope_ids)
        if not any(view.identity(leaf) in changed for leaf in leaves(later_stmt)):
            continue
        analysis = ops_mod.analyse(later_stmt, view, assume_user_elementwise=True,
                                   is_user_function=failing.is_user_function)
        if analysis.failure is not None:
            return None
        new_shape = _top_shape(later_stmt, analysis, view)
        for name, (ident, old) in later.written.items():
            if not _is_target(later_stmt, name) or new_shape is None:
                continue
            if new_shape != old:
                changed[ident] = new_shape
            else:
                changed.pop(ident, None)
    view = Overlay(Namespace.of_frame(failing.frame).local,
                   Namespace.of_frame(failing.frame).global_, {}, changed)
    analysis = ops_mod.analyse(failing.stmt, view, assume_user_elementwise=True,
                               is_user_function=failing.is_user_function)
    if analysis.failure is not None:
        return None
    result = _top_shape(failing.stmt, analysis, view) if _targets(failing.stmt) else None
    updates = pairs_mod.update_pairs(failing.index.tree) if failing.index else {}
    params = sum(1 for name in record.written if _is_target(stmt, name)
                 and pairs_mod.is_parameter(name, updates))
    return line, shape, params, result


def _is_target(stmt, name: str) -> bool:
    return any(_text(t) == name.replace('"', "'") for t in _targets(stmt))


def _statement_shape(stmt, ns, is_user_function):
    analysis = ops_mod.analyse(stmt, ns, assume_user_elementwise=True,
                               is_user_function=is_user_function)
    if analysis.failure is not None:
        return None
    return _top_shape(stmt, analysis, ns)


def _top_shape(stmt, analysis, ns):
    value = getattr(stmt, "value", None)
    if isinstance(stmt, ast.AugAssign):
        target = ns.value(stmt.target)
        return tuple(target.shape) if isinstance(target, np.ndarray) else None
    if value is None:
        return None
    wanted = rw.normal(ast.unparse(value))
    for op in reversed(analysis.operations):
        if rw.normal(op.text) == wanted:
            return op.shape
    found = ns.value(value)
    return tuple(found.shape) if isinstance(found, np.ndarray) else None
