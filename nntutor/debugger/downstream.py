"""Re-inferring shapes after a fix: a recorded statement's names, with some arrays given
another shape (by identity), and the recorded statements after an edited one checked in
order, up to and including the failing line. Nothing runs: only the shape rules do.
"""

from __future__ import annotations

import ast
from collections import ChainMap
from dataclasses import dataclass, replace

import numpy as np

from nntutor.shapes import walker as ops_mod
from nntutor.debugger import rewrite as rw
from nntutor.debugger.namespace import UNKNOWN, Namespace
from nntutor.debugger.provenance import RETURNED, Provenance, Record, stand_in
from nntutor.debugger.sizes import Sizes
from nntutor.debugger.source import index_for
from nntutor.shapes import pairs as pairs_mod
from nntutor.shapes.concrete import size_of
from nntutor.shapes.names import NUMPY_NAMES


def _text(node: ast.AST) -> str:
    try:
        return ast.unparse(node).replace('"', "'")
    except Exception:
        return "?"



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


def _is_stand_in(array: np.ndarray) -> bool:
    return array.strides == (0,) * array.ndim and array.ndim > 0



class Changed(dict):
    """id of an array -> the shape it gets with the edit; `was` keeps the shape it had, so
    that another array given the same id after the first was freed is not taken for it."""

    def __init__(self):
        super().__init__()
        self.was: dict[int, tuple] = {}

    def set(self, ident: int, old: tuple, new: tuple) -> None:
        self[ident] = new
        self.was[ident] = tuple(old)

    def pop(self, ident, default=None):
        self.was.pop(ident, None)
        return super().pop(ident, default)

    def of(self, ident, shape_then) -> tuple | None:
        """The new shape of the array `ident`, if the array seen (of `shape_then`) is it."""
        new = self.get(ident)
        if new is None:
            return None
        was = self.was.get(ident)
        if was is not None and shape_then is not None and tuple(shape_then) != was:
            return None  # another array that got a freed array's id
        return new


class Overlay(Namespace):
    """A recorded statement's names, with some arrays given another shape (by identity)."""

    def __init__(self, local, global_, ids: dict, changed: dict, scope: dict | None = None,
                 scope_ids: dict | None = None):
        super().__init__(local, global_)
        self.ids, self.changed = ids, changed
        self.scope, self.scope_ids = scope or {}, scope_ids or {}

    by_name: dict = {}  # names given another shape whatever they hold (an alias edited)
    by_item: dict = {}  # (id of an object, attribute or key) -> (id, shape): an item store edited
    renamed: dict = {}  # `parameters['b1']` -> (old shape, new shape): by name, if it still has
    # the old shape
    sizes: Sizes | None = None  # sizes read from the data's shape (`m = X.shape[1]`)
    lineno = 0  # the line of the statement whose names these are (for `sizes`)

    @classmethod
    def of(cls, record: Record, changed: dict | None = None) -> Overlay:
        """A recorded statement's names, with the arrays `changed` gives another shape."""
        return cls(record.before, record.globals_, record.ids, {} if changed is None else changed,
                   record.scope, record.scope_ids)

    def unchanged(self) -> Overlay:
        """The same statement's names, as they were."""
        return Overlay(self.local, self.global_, self.ids, {}, self.scope, self.scope_ids)

    def name(self, ident: str):
        found = Namespace.name(self, ident)
        if self.sizes is not None:
            size = self.sizes.value(ident, self.lineno, self, found)
            if size is not UNKNOWN:
                return size
        return found

    by_key: dict = {}  # `cache['A1']` -> (id, shape): by its name, while it holds that array

    def value(self, node: ast.AST):
        if self.by_key and isinstance(node, (ast.Attribute, ast.Subscript)):
            key = canonical(node, self)
            if key in self.by_key and self.identity(node) == self.by_key[key][0]:
                return stand_in(self.by_key[key][1])
        if self.by_item and isinstance(node, (ast.Attribute, ast.Subscript)):
            key = _item_key(node, self)
            if key in self.by_item:
                ident, shape = self.by_item[key]
                if self.identity(node) == ident:
                    return stand_in(shape)
        if self.renamed and isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
            key = canonical(node, self)
            if key in self.renamed:
                found = Namespace.value(self, node)
                old, new = self.renamed[key]
                if isinstance(found, np.ndarray) and tuple(found.shape) == old:
                    return stand_in(new)
        if isinstance(node, ast.Name) and node.id in self.by_name:
            ident, shape = self.by_name[node.id]
            held = self.ids.get(node.id, self.scope_ids.get(node.id))
            if held is None:
                found = Namespace.value(self, node)
                held = id(found) if isinstance(found, np.ndarray) else None
            if held == ident:
                return stand_in(shape)
        if isinstance(node, ast.Name) and node.id in self.ids:
            shape = self._new_shape(self.ids[node.id], self.local.get(node.id))
            if shape is not None:
                return stand_in(shape)
        if isinstance(node, (ast.Attribute, ast.Subscript, ast.Name)):
            text = self._recorded_name(node)
            if text in self.scope_ids:
                shape = self._new_shape(self.scope_ids[text], self.scope.get(text))
                if shape is not None:
                    return stand_in(shape)
            if text in self.scope and (not isinstance(node, ast.Name) or
                                       node.id not in self.local):
                # as it was then: the container (or a module's global) may have changed since
                return self.scope[text]
        found = super().value(node)
        if isinstance(found, np.ndarray):
            shape = self._new_shape(id(found), found)
            if shape is not None:
                return stand_in(shape)
            return found
        if found is UNKNOWN and isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
            text = _text(node)
            if text in self.scope:
                return self.scope[text]
        return found

    def _new_shape(self, ident, held) -> tuple | None:
        """The edit's shape for the array `ident` (`held`: the array seen under that id)."""
        shape_then = held.shape if isinstance(held, np.ndarray) else None
        if isinstance(self.changed, Changed):
            return self.changed.of(ident, shape_then)
        return self.changed.get(ident)

    def _recorded_name(self, node: ast.AST) -> str:
        """The name the record knows `node` by (`self.params[name]` is `self.params['b1']`)."""
        text = _text(node)
        if text in self.scope or isinstance(node, ast.Name) or not self.scope:
            return text
        return canonical(node, self) or text

    def identity(self, node: ast.AST) -> int | None:
        """The id of the real array `node` held when the statement ran."""
        if isinstance(node, ast.Name) and node.id in self.ids:
            return self.ids[node.id]
        text = self._recorded_name(node)
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
    outer: tuple = ()  # the learner's calling lines, outermost first: (frame, line)


def passed_in(failing: Failing, name: str) -> list[tuple[object, ast.expr]]:
    """The argument expressions a parameter `name` of the failing function was given, one
    calling line out at a time (while it is handed on as a parameter): [(frame, argument)],
    innermost first. `forward(self, x)` called as `model.forward(X[batch])` gives X[batch]."""
    found = []
    frame, param = failing.frame, name
    for outer, line in reversed(failing.outer):
        argument = _argument(outer, line, frame, param)
        if argument is None:
            break
        found.append((outer, argument))
        if not isinstance(argument, ast.Name) or argument.id not in _parameters(outer):
            break
        frame, param = outer, argument.id
    return found


def _parameters(frame) -> list[str]:
    code = frame.f_code
    return list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])


def _argument(outer, line: int, frame, param: str) -> ast.expr | None:
    """The expression the calling line `line` of `outer` passed as `param` to `frame`."""
    index = index_for(outer.f_code.co_filename)
    stmt = index.statement(line) if index is not None else None
    name = frame.f_code.co_name
    calls = [n for n in ast.walk(stmt) if isinstance(n, ast.Call) and (
        getattr(n.func, "id", None) == name or getattr(n.func, "attr", None) == name)] \
        if stmt is not None else []
    params = _parameters(frame)
    if len(calls) != 1 or param not in params:
        return None
    call = calls[0]
    if isinstance(call.func, ast.Attribute) and params and params[0] in ("self", "cls"):
        params = params[1:]  # a method: the object is `self`
    for keyword in call.keywords:
        if keyword.arg == param:
            return keyword.value
    at = params.index(param) if param in params else -1
    if 0 <= at < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args):
        return call.args[at]
    return None



def _targets(stmt) -> list:
    if isinstance(stmt, ast.Assign):
        return list(stmt.targets)
    if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        return [stmt.target]
    return []


# ---- verification ----------------------------------------------------------------------
def verify(index, stmt, node, new_text, record: Record, provenance: Provenance,
            failing: Failing):
    """(the corrected line, the new shape of what the statement writes, how many parameters
    change shape, the shape the failing statement now gives, how many broadcasts that stretch
    both operands the edit brought, how many lines that stretched the array it edits it leaves
    as they were) if the edit runs and every recorded statement after it still runs."""
    try:
        line = rw.replace_statement(index, stmt, node, new_text)
        new_stmt = ast.parse(line).body[0]
    except (SyntaxError, IndexError, ValueError):
        return None
    if not rw.assignable(new_stmt):
        return None
    ns = Overlay.of(record)
    item = _display_item(stmt, new_stmt, node) or _comprehension_edit(
        stmt, new_stmt, node, record) or _appended_item(stmt, new_stmt, node, record, ns)
    if item is not None:  # `grads = {"W2": dZ2 @ X.T / n, ...}`: the item edited is the target
        stmt, new_stmt = item
    again = not record.item  # a comprehension's item is edited once, for the item it made
    shape = _statement_shape(new_stmt, ns, failing.is_user_function)
    if shape is None and node is getattr(stmt, "value", None) and (
            rw.normal(new_text) == rw.normal(f"({ast.unparse(node)}).T") or (
            isinstance(node, ast.Attribute) and node.attr == "T"
            and rw.normal(new_text) == rw.normal(ast.unparse(node.value)))):
        # the whole value transposed (or its transpose undone): its recorded shape the
        # other way round
        made = [old for name, (_, old) in record.written.items() if is_target(stmt, name, ns)]
        shape = tuple(reversed(made[0])) if len(made) == 1 else None
    if shape is None:
        return None
    changed = Changed()
    by_name: dict[str, tuple] = {}
    by_item: dict[tuple, tuple] = {}  # (id of the object, attribute or key) -> (id, shape)
    by_key: dict[str, tuple] = {}  # `cache['A1']` -> (id, shape): an item of a new display
    alias = rw.is_leaf_like(getattr(stmt, "value", None) or stmt) and (
        node is stmt.value or (item is not None and rw.normal(_text(node)) ==
                               rw.normal(_text(stmt.value))))
    for name, (ident, old) in record.written.items():
        if shape != old and is_target(stmt, name, ns):
            if alias and name.isidentifier():
                by_name[name] = (ident, shape)  # `X = raw` made `X = raw.T`: raw itself keeps its shape
            elif alias and _alias_item(stmt, name, ns, ident, shape, by_item):
                pass  # `layer['x'] = X` made `layer['x'] = x`: X itself keeps its shape
            elif alias and item is not None:
                # `cache = {"A1": X}` made `{"A1": A1}`: that item, by its name
                by_key[name.replace('"', "'")] = (ident, shape)
            else:
                changed.set(ident, old, shape)
    if not changed and not by_name and not by_item and not by_key:
        return None  # the same shapes as before: the failure would stay
    return _follow(line, shape, record, stmt, new_stmt, node, ns, index, again, alias,
                   changed, by_name, by_item, by_key, provenance, failing)


def verify_returned(index, ret: ast.Return, node, new_text, callee: Record, caller: Record,
                    name: str, provenance: Provenance, failing: Failing):
    """`return Z1, X, Z2, A2` made `return Z1, A1, Z2, A2`, its value unpacked by the caller
    (`Z1, A1, Z2, A2 = forward(...)` recorded as `caller`, `name` the target it gave): like
    `verify`, with the caller's `name` holding an array of the substitute's shape."""
    try:
        line = rw.replace_statement(index, ret, node, new_text)
        substitute = ast.parse(new_text, mode="eval").body
    except (SyntaxError, IndexError, ValueError):
        return None
    found = Overlay.of(callee).value(substitute)
    if not isinstance(found, np.ndarray) or name not in caller.written:
        return None
    ident, old = caller.written[name]
    shape = tuple(found.shape)
    if shape == old:
        return None
    stmt = index_for(caller.location.file).statement(caller.location.lineno)
    ns = Overlay.of(caller)
    return _follow(line, shape, caller, stmt, stmt, None, ns, index_for(caller.location.file),
                   False, False, Changed(), {name: (ident, shape)}, {}, {}, provenance,
                   failing)


def _follow(line, shape, record, stmt, new_stmt, node, ns, index, again, alias, changed,
            by_name, by_item, by_key, provenance: Provenance, failing: Failing):
    """The recorded statements after the edited one, and the failing one, checked with the
    edit's shapes: `verify`'s answer, or None if one of them no longer runs."""
    sizes = Sizes(index)  # `m = X.shape[1]` follows an edit of X
    stretched = 0  # broadcasts that stretch both operands, made by the edit
    renamed: dict[str, tuple] = {}  # name -> (its shape then, its shape with the edit)
    returned: set[int] = set()  # arrays a function returned in another shape with the edit
    covered = {record.step}  # the statements seen again with the edit
    regrown: set[str] = set()  # parameters an update gives another shape
    for later in provenance.after(record):
        later_index = index_for(later.location.file)
        later_stmt = later_index.statement(later.location.lineno) if later_index else None
        if later_stmt is None:
            continue
        view = Overlay.of(later, changed)
        view.by_name, view.by_item, view.by_key = by_name, by_item, by_key
        if later_index is index:
            view.sizes, view.lineno = sizes, later.location.lineno
        ran = later_stmt
        if by_item:
            _unpacked(later_stmt, view, by_item, by_name)
        if again and later.location.lineno == record.location.lineno and \
                later.location.file == record.location.file:
            ran = new_stmt  # the edited line, run again (a loop's next turn)
        elif _is_list_comprehension(later_stmt):
            # `biases = [b - eta * nb for b, nb in zip(biases, nabla_b)]`: item by item
            if not _comprehension_items(later_stmt, later, changed, renamed,
                                        failing.is_user_function):
                return None
            continue
        elif not any(array_leaf(view, leaf)[1] in changed or _text(leaf) in by_name
                     or (by_item and _item_key(leaf, view) in by_item)
                     or (by_key and canonical(leaf, view) in by_key)
                     for leaf in leaves(later_stmt)) and not (
                view.sizes is not None and sizes.changed_in(later_stmt, view)):
            continue
        analysis = ops_mod.analyse(ran, view, assume_user_elementwise=True,
                                   is_user_function=failing.is_user_function)
        if analysis.failure is not None:
            return None
        covered.add(later.step)
        grown = stretches(analysis)
        if grown:
            before = Overlay.of(later)
            grown -= stretches(ops_mod.analyse(ran, before, assume_user_elementwise=True,
                                               is_user_function=failing.is_user_function))
            stretched += max(grown, 0)
        new_shape = _top_shape(ran, analysis, view)
        for name, (ident, old) in later.written.items():
            if not is_target(later_stmt, name, view) or new_shape is None:
                continue
            if ran is new_stmt and alias and not name.isidentifier() and \
                    _alias_item(later_stmt, name, view, ident, new_shape, by_item):
                continue  # the edited store, in another turn: that object's item only
            if name == RETURNED:
                if new_shape != old:
                    changed.set(ident, old, new_shape)
                    returned.add(ident)
                continue
            if new_shape != old:
                changed.set(ident, old, new_shape)
                renamed[name.replace('"', "'")] = (old, new_shape)
                if _is_update(later_stmt) and _shape(view.value(later_stmt.targets[0])) \
                        not in (None, new_shape):
                    regrown.add(name)  # `b = b - lr * db` gives the parameter another shape
            elif ident not in returned:  # (a call's value is known from its `return`)
                changed.pop(ident, None)
                renamed.pop(name.replace('"', "'"), None)
    local, global_ = Namespace.of_frame(failing.frame).local, \
        Namespace.of_frame(failing.frame).global_
    by_name = {**by_name, **_arguments_again(failing, changed, by_name, by_item, by_key)}
    view = Overlay(local, global_, {}, changed)
    view.by_name, view.by_item, view.by_key = by_name, by_item, by_key
    if failing.index is index:
        view.sizes, view.lineno = sizes, failing.stmt.lineno
    analysis = ops_mod.analyse(failing.stmt, view, assume_user_elementwise=True,
                               is_user_function=failing.is_user_function)
    if analysis.failure is not None and renamed:
        # the recorded statements ended iterations ago (a loop's later turns run untraced):
        # the variables they wrote, still holding the shapes they had, take the new ones
        view = Overlay(local, global_, {}, changed)
        view.by_name, view.by_item, view.renamed = by_name, by_item, renamed
        view.by_key = by_key
        if failing.index is index:
            view.sizes, view.lineno = sizes, failing.stmt.lineno
        analysis = ops_mod.analyse(failing.stmt, view, assume_user_elementwise=True,
                                   is_user_function=failing.is_user_function)
    if analysis.failure is not None:
        return None
    stretched += stretches(analysis)
    result = _top_shape(failing.stmt, analysis, view) if _targets(failing.stmt) else None
    updates = pairs_mod.update_pairs(failing.index.tree) if failing.index else {}
    params = sum(1 for name in record.written if is_target(stmt, name, ns)
                 and pairs_mod.is_parameter(name, updates)) + len(regrown)
    left = _stretches_left(provenance, record, node, ns, covered, failing) \
        if node is not None else 0
    left += rest_breaks(failing, failing.stmt, view)
    params += _sample_sized(updates, view, Overlay(local, global_, {}, {}))
    return line, shape, params, result, stretched, left


def _sample_sized(updates: dict, view, before) -> int:
    """How many more parameters have an axis as long as the data has samples with the edit
    than without (fewer: negative). A network's sizes never follow the sample count:
    `W1 = randn(n_h, n_x)` with `n_x = X.shape[0]` of data laid out the wrong way does."""
    samples = _sample_count(before, updates)
    if samples is None:
        return 0
    count = 0
    for text in set(updates.values()):
        try:
            node = ast.parse(text, mode="eval").body
        except SyntaxError:
            continue
        for ns, sign in ((view, 1), (before, -1)):
            held = ns.value(node)
            if isinstance(held, np.ndarray) and samples in held.shape:
                count += sign
    return count


def _sample_count(ns, updates: dict) -> int | None:
    """The longest axis among the frame's arrays that are not parameters (the samples),
    if it is long enough to tell apart from a layer's size."""
    params = set(updates.values())
    sizes = [max(a.shape) for name, a in ns.local.items()
             if isinstance(a, np.ndarray) and a.ndim and name not in params]
    longest = max(sizes, default=0)
    return longest if longest >= 50 else None


_COMPOUND = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try,
             ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
REST_LIMIT = 40  # statements looked at after the failing one


def rest_breaks(failing: Failing, ran: ast.stmt, view: Namespace) -> bool:
    """Would a statement after the failing one in its block (the rest of the loop's turn:
    `b1 -= lr * db1` two lines on) fail, with `ran` in the failing one's place and `view`'s
    shapes? A fix that only moves the failure further down is no fix. Nothing runs: each
    statement's target takes the shape the rules give it (unknown after a compound one)."""
    body = _block_of(failing.index.tree, failing.stmt) if failing.index else None
    if body is None:
        return False
    assigned: dict = {}
    rest = Overlay(ChainMap(assigned, view.local), view.global_, {}, getattr(view, "changed", {}))
    for name in ("by_name", "by_item", "by_key", "sizes", "lineno"):
        setattr(rest, name, getattr(view, name, getattr(Overlay, name)))
    after = body[body.index(failing.stmt) + 1:][:REST_LIMIT]
    for stmt in [ran] + after:
        if isinstance(stmt, _COMPOUND):
            for node in ast.walk(stmt):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    assigned[node.id] = UNKNOWN
            continue
        analysis = ops_mod.analyse(stmt, rest, assume_user_elementwise=True,
                                   is_user_function=failing.is_user_function)
        if analysis.failure is not None:
            return stmt is not ran
        shape = _top_shape(stmt, analysis, rest) if not isinstance(stmt, ast.AugAssign) else None
        if stmt is not ran and _is_update(stmt) and shape is not None and \
                _shape(rest.value(stmt.targets[0])) not in (None, shape):
            return True  # `W2 = W2 - lr * dW2` would give the parameter another shape
        for target in _targets(stmt):
            if isinstance(target, ast.Name) and not isinstance(stmt, ast.AugAssign):
                assigned[target.id] = stand_in(shape) if shape is not None else UNKNOWN
            elif isinstance(target, (ast.Tuple, ast.List)):
                for node in ast.walk(target):
                    if isinstance(node, ast.Name):
                        assigned[node.id] = UNKNOWN
    return False


def _block_of(tree, stmt) -> list | None:
    """The statement list `stmt` sits in."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and any(s is stmt for s in body):
                return body
    return None


def _arguments_again(failing: Failing, changed, by_name, by_item, by_key) -> dict:
    """The failing function's parameters whose argument, on a calling line that never
    finished (`model.forward(X[batch])`), has another shape with the edit: name -> (id, shape)."""
    found = {}
    for param in _parameters(failing.frame):
        held = failing.frame.f_locals.get(param)
        chain = passed_in(failing, param) if isinstance(held, np.ndarray) else []
        if not chain or isinstance(chain[-1][1], ast.Name):
            continue  # (a plain name there is known by its id already)
        outer, argument = chain[-1]
        namespace = Namespace.of_frame(outer)
        view = Overlay(namespace.local, namespace.global_, {}, changed)
        view.by_name, view.by_item, view.by_key = by_name, by_item, by_key
        analysis = ops_mod.analyse(ast.Expr(argument), view, assume_user_elementwise=True,
                                   is_user_function=failing.is_user_function)
        shape = _top_shape(ast.Expr(argument), analysis, view) \
            if analysis.failure is None else None
        if shape is not None and shape != tuple(held.shape):
            found[param] = (id(held), shape)
    return found


def _stretches_left(provenance: Provenance, record: Record, node, ns, covered: set,
                    failing: Failing) -> int:
    """The lines, other than those the edit was checked on, that read an array the edit
    replaces in a broadcast that stretches both operands: `y` flat against a column in the
    loss and again in the gradient; turning one use into a column leaves the other wrong."""
    idents = {ns.identity(leaf) for leaf in leaves(node)} - {None}
    if not idents:
        return 0
    lines = set()
    for other in provenance.records:
        if other.step in covered or not idents & provenance.read_ids(other):
            continue
        where = (other.location.file, other.location.lineno)
        if where in lines or where == (record.location.file, record.location.lineno):
            continue
        if _recorded_stretches(other, failing):
            lines.add(where)
    return len(lines)


def _recorded_stretches(record: Record, failing: Failing) -> int:
    """How many broadcasts that stretch both operands the statement made (worked out once)."""
    if record.stretches is None:
        index = index_for(record.location.file)
        stmt = index.statement(record.location.lineno) if index is not None else None
        record.stretches = 0
        if stmt is not None:
            view = Overlay.of(record)
            record.stretches = stretches(ops_mod.analyse(
                stmt, view, assume_user_elementwise=True,
                is_user_function=failing.is_user_function))
    return record.stretches


def _unpacked(stmt, view, by_item: dict, by_name: dict) -> None:
    """`X, H = acts` after `acts.append(X)` was edited: H takes the edited item's shape."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], (ast.Tuple, ast.List))
            and isinstance(stmt.value, ast.Name)):
        return
    owner = Namespace.value(view, stmt.value)
    if not isinstance(owner, (list, tuple)):
        return
    for i, target in enumerate(stmt.targets[0].elts):
        if isinstance(target, ast.Name) and (id(owner), i) in by_item:
            by_name[target.id] = by_item[(id(owner), i)]


def array_leaf(view, leaf) -> tuple[ast.AST, int | None]:
    """The leaf that names the array `leaf` reads, and that array's id: for `X[idx]` (a
    batch drawn from an array), X."""
    ident = view.identity(leaf)
    while ident is None and isinstance(leaf, ast.Subscript):
        leaf = leaf.value
        ident = view.identity(leaf)
    return leaf, ident


def _shape(value) -> tuple | None:
    return tuple(value.shape) if isinstance(value, np.ndarray) else None


def _is_update(stmt) -> bool:
    """`W = W - lr * dW`, `params[k] = params[k] - lr * grads[k]`: a parameter's update."""
    return isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
        isinstance(stmt.value, ast.BinOp) and isinstance(stmt.value.op, (ast.Sub, ast.Add)) \
        and _text(stmt.value.left) == _text(stmt.targets[0])


def stretches(analysis) -> int:
    """How many element-wise operations broadcast two arrays into something bigger than
    both (a column against a row: `(1, 70) - (70, 1)` gives (70, 70)): almost always a slip."""
    count = 0
    for op in analysis.operations:
        if op.kind not in ("broadcast", "compare") or len(op.operands) != 2 or op.shape is None:
            continue
        a, b = (o.shape for o in op.operands)
        if a and b and size_of(op.shape) > max(size_of(a), size_of(b)):
            count += 1
    return count



def _appended_item(stmt, new_stmt, node, record: Record, ns):
    """`acts.append(x)` made `acts.append(a)`: as the item it stored, before and after
    (`acts[2] = x`, `acts[2] = a`)."""
    old, new = rw.appended(stmt), rw.appended(new_stmt)
    if old is None or new is None or node is not old[1]:
        return None
    ident = ns.identity(node)
    owner = _text(old[0])
    names = [n for n, (i, _) in record.written.items()
             if i == ident and n.replace('"', "'").startswith(owner + "[")]
    if len(names) != 1:
        return None
    try:
        before = ast.parse(f"{names[0]} = {_text(old[1])}").body[0]
        after = ast.parse(f"{names[0]} = {_text(new[1])}").body[0]
    except SyntaxError:
        return None
    return before, after


def _display_item(stmt, new_stmt, node):
    """For an edit inside one item of a dict or list display assigned to one name, the item
    as an assignment of its own, before and after (`grads['W2'] = dZ2 @ X.T / n`)."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(new_stmt, ast.Assign)
            and isinstance(stmt.value, (ast.Dict, ast.List, ast.Tuple))
            and type(new_stmt.value) is type(stmt.value)):
        return None
    old_items = stmt.value.values if isinstance(stmt.value, ast.Dict) else stmt.value.elts
    new_items = new_stmt.value.values if isinstance(new_stmt.value, ast.Dict) \
        else new_stmt.value.elts
    if len(old_items) != len(new_items):
        return None
    for i, item in enumerate(old_items):
        if not any(n is node for n in ast.walk(item)):
            continue
        if isinstance(stmt.value, ast.Dict):
            key = stmt.value.keys[i]
            if key is None:
                return None
            key_text = ast.unparse(key)
        else:
            key_text = str(i)
        target = f"{ast.unparse(stmt.targets[0])}[{key_text}]"
        try:
            before = ast.parse(f"{target} = {ast.unparse(item)}").body[0]
            after = ast.parse(f"{target} = {ast.unparse(new_items[i])}").body[0]
        except SyntaxError:
            return None
        return before, after
    return None


def is_target(stmt, name: str, ns: Namespace | None = None) -> bool:
    """Does `stmt` assign to `name` (`grads['dW2']`, also written `grads['dW' + str(l)]`
    while `l` is 2)?"""
    if name == RETURNED:
        return isinstance(stmt, ast.Return)
    return any(is_target_node(t, name, ns) for t in _targets(stmt))


def _item_key(node: ast.AST, ns: Namespace) -> tuple | None:
    """(id of the object, attribute or key) for `layer['x']` or `self.x`, if readable."""
    if isinstance(node, ast.Attribute):
        owner, key = Namespace.value(ns, node.value), node.attr
    elif isinstance(node, ast.Subscript) and not isinstance(node.slice, (ast.Slice, ast.Tuple)):
        owner, key = Namespace.value(ns, node.value), ns.value(node.slice)
        if isinstance(owner, list) and isinstance(key, int) and -len(owner) <= key < 0:
            key += len(owner)  # `acts[-1]` is the last item, whatever its number
    else:
        return None
    if owner is UNKNOWN or isinstance(owner, np.ndarray) or not isinstance(key, (str, int)):
        return None
    return id(owner), key


def _alias_item(stmt, name: str, ns, ident: int, shape: tuple, by_item: dict) -> bool:
    """An item or attribute store (`layer['x'] = X`) given another array: record the new
    shape for that object's item (by_item), never for the array it held. False if the
    target cannot be read."""
    for target in _targets(stmt):
        if is_target_node(target, name, ns):
            key = _item_key(target, ns)
            if key is not None:
                by_item[key] = (ident, shape)
                return True
    return False


def is_target_node(target: ast.AST, name: str, ns: Namespace | None = None) -> bool:
    """Is the assignment target `target` the array named `name`?"""
    name = name.replace('"', "'")
    return _text(target) == name or (ns is not None and canonical(target, ns) == name)


def canonical(node: ast.AST, ns: Namespace) -> str | None:
    """The name the debugger gives what `node` stands for: `grads['dW' + str(l)]` is
    `grads['dW2']` while `l` is 2, `weights[-1]` is `weights[2]` for a list of three."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = canonical(node.value, ns)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, ast.Subscript) and not isinstance(node.slice, (ast.Slice, ast.Tuple)):
        base = canonical(node.value, ns)
        key = ns.value(node.slice)
        if base is None or not isinstance(key, (str, int)) or isinstance(key, bool):
            return None
        if isinstance(key, int) and key < 0:
            held = ns.value(node.value)
            if not isinstance(held, (list, tuple)) or -key > len(held):
                return None
            key += len(held)
        return f"{base}[{key!r}]"
    return None



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


def resize_breaks_others(provenance: Provenance, ident: int, shape: tuple, failing: Failing,
                         limit: int = 300) -> bool:
    """Would giving the array `ident` the shape `shape` (where it was created) break another
    recorded statement that read it? A data array made square to fit one product usually
    breaks the line before or after that reads it the right way round."""
    checked = 0
    for record in list(provenance.records):
        if ident not in record.ids.values() and ident not in record.scope_ids.values():
            continue
        index = index_for(record.location.file)
        stmt = index.statement(record.location.lineno) if index is not None else None
        if stmt is None:
            continue
        view = Overlay(record.before, record.globals_, record.ids, {ident: shape},
                       record.scope, record.scope_ids)
        if not any(view.identity(leaf) == ident for leaf in leaves(stmt)):
            continue
        checked += 1
        if checked > limit:
            break
        if ops_mod.analyse(stmt, view, assume_user_elementwise=True,
                           is_user_function=failing.is_user_function).failure is not None:
            return True
    return False


def _is_list_comprehension(stmt) -> bool:
    return isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
        isinstance(stmt.value, ast.ListComp) and len(stmt.value.generators) == 1


def _comprehension_items(stmt, record: Record, changed: dict, renamed: dict,
                         is_user_function) -> bool:
    """Re-check a recorded list comprehension item by item (each with its loop variables
    bound as they were); False if an item no longer runs."""
    element = ast.Expr(value=stmt.value.elt)
    ast.copy_location(element, stmt.value.elt)
    for name, (ident, old) in record.written.items():
        item = comprehension_item(stmt, record, name)
        if item is None:
            continue
        view = Overlay.of(item, changed)
        if not any(view.identity(leaf) in changed for leaf in leaves(stmt.value.elt)):
            continue
        analysis = ops_mod.analyse(element, view, assume_user_elementwise=True,
                                   is_user_function=is_user_function)
        if analysis.failure is not None:
            return False
        shape = _top_shape(element, analysis, view)
        if shape is not None and shape != old:
            changed.set(ident, old, shape)
            renamed[name.replace('"', "'")] = (old, shape)
    return True


def comprehension_item(stmt, record: Record, name: str) -> Record | None:
    """`grads_b = [d.sum(axis=0) for d in deltas]` seen for the item `name` (grads_b[2]):
    the record with the loop variables bound to what made that item (no code runs: the
    iterable must be a list, a range, or zip/enumerate of lists)."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.value, ast.ListComp) and len(stmt.value.generators) == 1):
        return None
    gen = stmt.value.generators[0]
    base = _text(stmt.targets[0])
    if gen.ifs or not name.startswith(base + "[") or not name.endswith("]"):
        return None
    try:
        k = int(name[len(base) + 1:-1])
    except ValueError:
        return None
    ns = Overlay.of(record)
    held: dict[int, int] = {}  # id of a recorded stand-in -> id of the real array it stands for
    item = _item(gen.iter, ns, k, held)
    if item is _NONE:
        return None
    bound: dict = {}
    if not _bind(gen.target, item, bound):
        return None
    ids = {n: held.get(id(v), id(v)) for n, v in bound.items() if isinstance(v, np.ndarray)}
    return replace(record, before={**record.before, **bound}, ids={**record.ids, **ids},
                   item=name)


_NONE = object()


def _item(node, ns, k, held: dict):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        if node.func.id == "zip":
            parts = [_item(a, ns, k, held) for a in node.args]
            return _NONE if any(p is _NONE for p in parts) else tuple(parts)
        if node.func.id == "enumerate" and len(node.args) == 1:
            inner = _item(node.args[0], ns, k, held)
            return _NONE if inner is _NONE else (k, inner)
        if node.func.id == "range" and ns.name("range") is range and 1 <= len(node.args) <= 3:
            bounds = [ns.value(a) for a in node.args]
            if all(isinstance(b, int) and not isinstance(b, bool) for b in bounds) and \
                    (len(bounds) < 3 or bounds[2] != 0):
                numbers = range(*bounds)
                return numbers[k] if 0 <= k < len(numbers) else _NONE
        return _NONE
    if not rw.is_leaf_like(node):
        return _NONE
    items = ns.value(node)
    if isinstance(items, (list, tuple)) and 0 <= k < len(items):
        item = ast.Subscript(value=node, slice=ast.Constant(k), ctx=ast.Load())
        recorded = ns.value(item)  # as it was when the statement ran (the list may have
        if recorded is UNKNOWN:  # been refilled since)
            return items[k]
        ident = ns.identity(item)
        if isinstance(recorded, np.ndarray) and ident is not None:
            held[id(recorded)] = ident
        return recorded
    return _NONE


def _bind(target, value, out: dict) -> bool:
    if isinstance(target, ast.Name):
        out[target.id] = value
        return True
    if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, tuple) \
            and len(value) == len(target.elts):
        return all(_bind(t, v, out) for t, v in zip(target.elts, value))
    return False


def _comprehension_edit(stmt, new_stmt, node, record: Record):
    """The edited comprehension as an assignment of the one item it was seen for."""
    if not record.item or not isinstance(getattr(stmt, "value", None), ast.ListComp) or \
            not isinstance(getattr(new_stmt, "value", None), ast.ListComp):
        return None
    if not any(n is node for n in ast.walk(stmt.value.elt)):
        return None
    try:
        before = ast.parse(f"{record.item} = {ast.unparse(stmt.value.elt)}").body[0]
        after = ast.parse(f"{record.item} = {ast.unparse(new_stmt.value.elt)}").body[0]
    except SyntaxError:
        return None
    return before, after
