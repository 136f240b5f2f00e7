"""Small edits of a recorded statement, the kind a learner's slip undoes: a transpose, the
operands of a product swapped, another reduction axis or keepdims, another array of the
frame for a product's operand, the neighbouring list item, a reshape's dims in another
order, a shape literal the other way round. Each comes with a few words for the reason.
"""

from __future__ import annotations

import ast
import itertools

import numpy as np

from nntutor.shapes import walker as ops_mod
from nntutor.debugger import rewrite as rw
from nntutor.debugger.rewrite import product_operands
from nntutor.debugger.downstream import Overlay, _targets, _text, leaves
from nntutor.debugger.provenance import Provenance, Record
from nntutor.debugger.source import index_for
from nntutor.shapes.pairs import is_gradient_name, is_parameter, parameter_of
from nntutor.shapes.names import ELEMENTWISE_1, ELEMENTWISE_2, JOINS, NUMPY_NAMES, REDUCTIONS


# ---- the walk back ---------------------------------------------------------------------


# ---- candidates at one statement --------------------------------------------------------
def candidates(stmt: ast.stmt, record: Record, provenance: Provenance):
    """(node, new text, kind, words, bonus) for small edits of `stmt`'s value."""
    value = stmt.value
    if value is None:
        return
    for node in ast.walk(value):
        product = product_operands(node)
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
                if "1" in texts and len(texts) == 2:
                    # a 1-D sample made a column (or a row) where the code wants it flat
                    source = node.args[0] if _numpy_call(node) else node.func.value
                    yield node, rw.source_of(source), "reshape", \
                        f"reshaped to ({', '.join(texts)})", 1.0
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("randn", "rand") and len(node.args) == 2 and \
                not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args):
            # np.random.randn(n, d) for (d, n): the dims in the other order (not a transpose,
            # which would lay the same random numbers out differently)
            first, second = (rw.source_of(a) for a in node.args)
            reads = _reads(record, _targets(stmt))
            yield node, f"{rw.source_of(node.func)}({second}, {first})", "definition", \
                f"made it ({first}, {second})", 3.0 if reads >= 2 else 1.5
        if isinstance(node, ast.Tuple) and len(node.elts) == 2 and _is_shape_argument(value, node):
            new = f"({rw.source_of(node.elts[1])}, {rw.source_of(node.elts[0])})"
            # rows and columns swapped: the same numbers, laid out the other way; when the
            # array is read on several lines, its layout (not one use) is what is wrong
            reads = _reads(record, _targets(stmt))
            yield node, new, "definition", f"made it {_literal_text(node)}", \
                3.0 if reads >= 2 else 1.5
    if rw.is_leaf_like(value) and _ndim(record, value) == 2 and \
            not any(isinstance(t, (ast.Tuple, ast.List)) for t in _targets(stmt)):
        # `X = raw`: the data kept as it was, where the code after it wants samples the other way
        yield value, f"{rw.source_of(value)}.T", "definition", \
            "kept the samples along the other axis", 0.0
    elif _is_data_definition(stmt, record, provenance, ndim=1):
        # `true_w = np.array([1.5, -2.0])`: a flat vector where a column was meant (the more
        # lines use it element-wise, the likelier its layout, not one use, is the slip)
        uses = _elementwise_uses(record, _text(_targets(stmt)[0]))
        yield value, f"{rw.atom(rw.source_of(value))}.reshape(-1, 1)", "definition", \
            "made it flat", min(1.5 * (uses - 1), 3.0)
    elif _is_data_definition(stmt, record, provenance):
        # `Y = np.eye(k)[labels]`: the data built with its samples along the other axis
        uses = _elementwise_uses(record, _text(_targets(stmt)[0]))
        bonus = min(1.0 * (uses - 1), 2.0)  # used so on several lines: its layout is the slip
        if isinstance(value, ast.Attribute) and value.attr == "T":
            yield value, rw.source_of(value.value), "definition", "transposed it", bonus
        else:
            yield value, f"{rw.atom(rw.source_of(value))}.T", "definition", "built it with the samples " \
                "along the other axis", bonus
    yield from _one_sample(value, stmt, record)
    targets = {_text(t) for t in _targets(stmt)}
    subs = _substitutes(record)
    others = {name: (record.scope_ids.get(name), tuple(a.shape)) for name, a in subs.items()}
    in_products = {id(n) for p in ast.walk(value) if product_operands(p) is not None
                   for operand in product_operands(p) for n in leaves(operand)}
    activation_inputs = _activation_input(value)
    in_products |= activation_inputs
    in_products |= _joined(value)
    for call in ast.walk(value):  # `err * nonlin(l2, deriv=True)`: a derivative's input
        if call is not value and isinstance(call, ast.Call):
            in_products |= _activation_input(call)
    ns = Overlay.of(record)
    in_broadcasts = {id(n) for b in ast.walk(value) if isinstance(b, ast.BinOp)
                     and not isinstance(b.op, ast.MatMult) for side in (b.left, b.right)
                     if rw.is_leaf_like(side) for n in (side,)}
    yield from _flat_against_column(stmt, value, ns, in_broadcasts, record)
    if rw.is_leaf_like(value) and all(isinstance(t, (ast.Attribute, ast.Subscript))
                                      for t in _targets(stmt)):
        in_products.add(id(value))  # `layer['x'] = X`: the input kept for the backward pass
    if isinstance(value, ast.Dict):  # `cache = {"A1": X, ...}`: likewise
        in_products.update(id(v) for v in value.values if rw.is_leaf_like(v))
    stored = rw.appended(stmt)
    if stored is not None:  # `activations.append(x)`: likewise
        in_products.add(id(stored[1]))
    for leaf in leaves(value):
        if id(leaf) in in_broadcasts and id(leaf) not in in_products:
            # `p - y` with y (n,) against p (n, 1): the same numbers laid out as p is
            yield from _same_numbers(leaf, ns, subs, targets, record, provenance)
        if id(leaf) not in in_products:
            continue  # another array in place of one: a product's operand, an activation's input
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
        slot = _display_key(value, leaf)
        updates = _updates(record)
        appending = isinstance(stmt, ast.Expr)  # `acts.append(x)`
        # `A1` that is the input `X` under another name (`return Z1, X, ...`): the slip is
        # where it got that name, not here
        aliased = replaced is not None and any(
            i == replaced and n != text and n.isidentifier() for n, i in record.scope_ids.items())
        for other, array in subs.items():
            if other == text or other in targets or array.ndim != _ndim(record, leaf):
                continue
            if parameter_of(other, [text]) == text:
                continue  # `dZ2 @ dW2.T` for `dZ2 @ W2.T`: a weight's own gradient
            ident = record.scope_ids.get(other)
            bonus = provenance.layer_output_bonus(ident, replaced, others, record.step) \
                if ident else 0.0
            if bonus and id(leaf) in activation_inputs:
                bonus += 1.5  # `np.maximum(X, 0)`: the layer's pre-activation, made from X
            if is_gradient_name(text) != is_gradient_name(other):
                bonus -= 1.5  # a forward value for a gradient, or back: rarely meant
            if is_parameter(text, updates) != is_parameter(other, updates):
                bonus -= 1.5  # a weight in place of an activation (or back): rarely meant
            if isinstance(leaf, ast.Subscript) and not _constant(leaf.slice):
                bonus -= 2.5  # `acts[-l]` follows the loop; one fixed array in its place fits
                # one turn only (the neighbouring item is tried above)
            if slot is not None and slot == other:
                bonus += 1.5  # `{"A1": X}`: the array of the key's name
            if aliased:
                bonus -= 1.5
            if appending and _older(provenance, ident, replaced, record.step):
                bonus -= 3.0  # `zs.append(z)` right after `z = ...`: an older array in its
                # place would store the last turn's value
            yield leaf, other, "substitute", f"used {rw.source_of(leaf)}", bonus


def _older(provenance: Provenance, ident, than, step: int) -> bool:
    """Was the array `ident` made before the array `than` (both as held at `step`)?"""
    mine = provenance.made(ident, step) if ident is not None else None
    theirs = provenance.made(than, step) if than is not None else None
    return mine is not None and theirs is not None and mine.step < theirs.step


def _elementwise_uses(record: Record, name: str) -> int:
    index = index_for(record.location.file)
    return index.elementwise_uses(name) if index is not None else 1


def _updates(record: Record) -> dict:
    """The file's gradient -> parameter pairs (`W -= lr * dW`)."""
    index = index_for(record.location.file)
    return index.update_pairs() if index is not None else {}


def _joined(value) -> set[int]:
    """`np.vstack([X, ones])`: the arrays a join stacks (another layer's array may have been
    taken for one of them)."""
    found = set()
    for node in ast.walk(value):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES \
                and node.func.attr in JOINS | {"column_stack", "row_stack"} and node.args \
                and isinstance(node.args[0], (ast.List, ast.Tuple)):
            found.update(id(e) for e in node.args[0].elts if rw.is_leaf_like(e))
    return found


def _one_sample(value, stmt, record: Record):
    """`x = inputs[i]` (a flat row) where the code after it wants the sample 2-D:
    `inputs[i:i + 1]` keeps it a (1, d) row; `X[:, i]` becomes the column `X[:, i:i + 1]`."""
    if not isinstance(value, ast.Subscript) or _ndim(record, value.value) != 2:
        return
    targets = _targets(stmt)
    if len(targets) != 1 or not isinstance(targets[0], ast.Name):
        return
    written = record.written.get(targets[0].id)
    if written is None or len(written[1]) != 1:
        return
    base = rw.source_of(value.value)
    index = value.slice
    if not isinstance(index, (ast.Slice, ast.Tuple)) and not _constant_slice(index):
        i = rw.source_of(index)
        yield value, f"{base}[{i}:{rw.atom(i)} + 1]", "reshape", \
            "took one sample as a flat vector", 1.0
    elif isinstance(index, ast.Tuple) and len(index.elts) == 2 and \
            isinstance(index.elts[0], ast.Slice) and index.elts[0].lower is None and \
            index.elts[0].upper is None and not isinstance(index.elts[1], ast.Slice):
        i = rw.source_of(index.elts[1])
        yield value, f"{base}[:, {i}:{rw.atom(i)} + 1]", "reshape", \
            "took one sample as a flat vector", 1.0


def _constant_slice(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _display_key(value, leaf) -> str | None:
    """The key `leaf` is stored under in a dict display (`{"A1": X}`: "A1")."""
    if not isinstance(value, ast.Dict):
        return None
    for key, item in zip(value.keys, value.values):
        if item is leaf and isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    return None



def _activation_input(value) -> set[int]:
    """`np.maximum(X, 0)`, `np.tanh(X)`, `sigmoid(X)`: the array an activation is applied to
    (a layer's pre-activation, which another array may have been taken for)."""
    if not isinstance(value, ast.Call) or not value.args:
        return set()
    func = value.func
    numpy = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
        func.value.id in NUMPY_NAMES
    if numpy and func.attr not in ELEMENTWISE_1 | ELEMENTWISE_2:
        return set()
    if not numpy and not isinstance(func, ast.Name):
        return set()
    return {id(a) for a in value.args if rw.is_leaf_like(a)}


def _flat_against_column(stmt, value, ns, in_broadcasts: set, record: Record):
    """`a2 - y` with y (n,) and a2 (n, 1) makes an (n, n) table: y as a column (or a row, to
    match a row) is what was meant."""
    operands = {}
    for node in ast.walk(value):
        if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.MatMult):
            operands[id(node.left)] = node.right
            operands[id(node.right)] = node.left
    analysis = None
    for leaf in leaves(value):
        if id(leaf) not in in_broadcasts or id(leaf) not in operands:
            continue
        held = ns.value(leaf)
        if not isinstance(held, np.ndarray) or held.ndim != 1:
            continue
        if analysis is None:
            analysis = ops_mod.analyse(stmt, ns, assume_user_elementwise=True)
        partner = rw.normal(ast.unparse(operands[id(leaf)]))
        shape = next((o.shape for op in analysis.operations for o in op.operands
                      if rw.normal(o.text) == partner and o.shape is not None), None)
        if shape is None:
            found = ns.value(operands[id(leaf)])
            shape = tuple(found.shape) if isinstance(found, np.ndarray) else None
        text = rw.source_of(leaf)
        # used so on other lines too: turning this one use into a column leaves the others
        uses = _elementwise_uses(record, text)
        bonus = 2.0 - min(2.0 * (uses - 1), 4.0)
        if shape == (held.shape[0], 1):
            yield leaf, f"{text}[:, None]", "reshape", f"used the flat {text} against a column", \
                bonus
        elif shape == (1, held.shape[0]):
            yield leaf, f"{text}[None, :]", "reshape", f"used the flat {text} against a row", \
                bonus


def _same_numbers(leaf, ns, subs: dict, targets: set, record: Record, provenance: Provenance):
    """Arrays of the frame made from `leaf` (or it from them) holding as many numbers in
    another shape (`y_col = y.reshape(-1, 1)` for `y`): an element-wise operand in the
    layout its partner expects."""
    held = ns.value(leaf)
    ident = ns.identity(leaf)
    if not isinstance(held, np.ndarray) or held.ndim == 0 or ident is None:
        return
    text = _text(leaf)
    for other, array in subs.items():
        if other == text or other in targets or array.shape == held.shape or \
                array.size != held.size:
            continue
        other_ident = record.scope_ids.get(other)
        if other_ident is None or not (ident in provenance.ancestors(other_ident, 1) or
                                       other_ident in provenance.ancestors(ident, 1)):
            continue
        yield leaf, other, "substitute", f"used {rw.source_of(leaf)}", \
            1.0 if other.startswith(text) or text.startswith(other) else 0.0


def _is_data_definition(stmt, record: Record, provenance: Provenance, ndim: int = 2) -> bool:
    """A module-level name given a 2-D array made from the data, not from the parameters'
    products: `Y = np.eye(k)[labels]`, `X = np.array([x1, x2])`, `X = data[:, :2]`."""
    targets = _targets(stmt)
    if len(targets) != 1 or not isinstance(targets[0], ast.Name) or \
            isinstance(stmt, ast.AugAssign):
        return False
    if record.location.function not in ("<module>", None) and not _builds_array(stmt.value):
        return False  # in a function: only an array built from lists (`np.array(xs, ndmin=2)`)
    written = record.written.get(targets[0].id)
    if written is None or len(written[1]) != ndim:
        return False
    if ndim == 1 and record.location.function not in ("<module>", None):
        return False
    return not any(product_operands(n) is not None for n in ast.walk(stmt.value)) and \
        not any(_learner_call(n) for n in ast.walk(stmt.value)) and \
        not _from_products(record, provenance)


def _from_products(record: Record, provenance: Provenance, depth: int = 4) -> bool:
    """Was an array the statement read computed, a few statements back, by a product
    (`exp_scores = np.exp(Z2)` with `Z2 = A1 @ W2 + b2`): a network's value, not data?"""
    frontier = [(ident, record.step) for ident in provenance.read_ids(record)]
    seen: set[int] = set()
    for _ in range(depth):
        step = []
        for ident, then in frontier:
            made = provenance.made(ident, then)
            index = index_for(made.location.file) if made is not None else None
            stmt = index.statement(made.location.lineno) if index is not None else None
            value = getattr(stmt, "value", None)
            if value is None:
                continue
            if any(product_operands(n) is not None for n in ast.walk(value)):
                return True
            step += [(i, made.step) for i in provenance.read_ids(made) if i not in seen]
            seen.update(i for i, _ in step)
        frontier = step
    return False


_DATA_METHODS = frozenset({"reshape", "astype", "copy", "ravel", "flatten", "transpose",
                           "mean", "std", "sum", "max", "min", "squeeze"})
_DATA_BUILTINS = frozenset({"len", "int", "float", "list", "range", "zip", "sorted", "abs"})


def _learner_call(node) -> bool:
    """A call of something other than NumPy, an array method or a plain builtin
    (`model.forward(X)`: a network's output, not data)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    root = func
    while isinstance(root, ast.Attribute):
        root = root.value
    if isinstance(root, ast.Name) and root.id in NUMPY_NAMES:
        return False
    if isinstance(func, ast.Attribute):
        return func.attr not in _DATA_METHODS
    return not (isinstance(func, ast.Name) and func.id in _DATA_BUILTINS)


def _builds_array(value) -> bool:
    inner = value.value if isinstance(value, ast.Attribute) and value.attr == "T" else value
    return isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and \
        isinstance(inner.func.value, ast.Name) and inner.func.value.id in NUMPY_NAMES and \
        inner.func.attr in ("array", "asarray", "column_stack", "vstack", "hstack")


def _substitutes(record: Record) -> dict:
    """Arrays of the frame a leaf may be replaced by, each once: an array held under several
    names (`A_prev` and `caches[1][0]`) is offered by its simplest name."""
    best: dict = {}
    for name in record.scope:
        ident = record.scope_ids.get(name, name)
        kept = best.get(ident)
        if kept is None or _simpler(name, kept):
            best[ident] = name
    return {name: record.scope[name] for name in best.values()}


def _simpler(name: str, other: str) -> bool:
    def cost(n: str):
        return (not n.isidentifier(), n.count("[") + n.count("."), len(n))
    return cost(name) < cost(other)



def _numpy_call(node: ast.Call) -> bool:
    return isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES



def _ndim_of(stmt, record: Record, node) -> int | None:
    """The number of dims of a sub-expression of a recorded statement, from its shapes."""
    direct = _ndim(record, node)
    if direct is not None:
        return direct
    ns = Overlay.of(record)
    analysis = ops_mod.analyse(stmt, ns, assume_user_elementwise=True)
    wanted = rw.normal(ast.unparse(node))
    for op in analysis.operations:
        if rw.normal(op.text) == wanted and op.shape is not None:
            return len(op.shape)
    return None



def _ndim(record: Record, leaf) -> int | None:
    ns = Overlay.of(record)
    value = ns.value(leaf)
    return value.ndim if isinstance(value, np.ndarray) else None



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


# used by the failing line's own fixes too (fixes.py)
reduction_keywords = _reduction
with_reduction = _with_reduction
numpy_call = _numpy_call
