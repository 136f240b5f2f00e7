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
import time
from dataclasses import dataclass

import numpy as np

from nntutor.shapes import walker as ops_mod
from nntutor.debugger import rewrite as rw
from nntutor.debugger.downstream import (
    Failing, Overlay, array_leaf, canonical, comprehension_item, is_target_node, passed_in,
    stretches, verify, verify_returned,
)
from nntutor.debugger.returned import return_site
from nntutor.debugger.returned import substitutes as returned_substitutes
from nntutor.debugger.events import Location
from nntutor.debugger.namespace import UNKNOWN, Namespace
from nntutor.debugger.origin_edits import candidates, leaves, product_operands
from nntutor.debugger.provenance import Provenance, Record
from nntutor.debugger.source import index_for
from nntutor.shapes import pairs as pairs_mod
from nntutor.shapes.names import NUMPY_NAMES
from nntutor.shapes.concrete import fmt
from nntutor.shapes.fix import Fix

MAX_DEPTH = 2  # statements walked back beyond the one that made a clashing operand
DATA_DEPTH = 6  # ... and further back, for the data only (its layout, where it was made)
MAX_CANDIDATES = 400
TIME_BUDGET_S = 3.0  # a long script's search stops here; the fixes found so far are kept


@dataclass
class Origins:
    fixes: list  # (Fix, score), verified
    stretched: list  # arrays behind the clashing operands made by a broadcast that stretched
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



def forward_partners(provenance: Provenance, param_ident: int, before_step: int,
                     look_back: int = 400) -> set[int]:
    """The arrays a parameter was multiplied with in the forward pass (`x @ W1`: x): the
    first product that used it after it was last written (set up or updated), before
    `before_step`. A weight gradient pairs exactly these with the gradient of the layer's
    output; the products after them (`delta @ W1.T`) are the backward pass."""
    window = [r for r in provenance.records if r.step < before_step][-look_back:]
    writes = [k for k, r in enumerate(window)
              if any(i == param_ident for i, _ in r.written.values())]
    for start in (writes[-1] if writes else 0, writes[-2] if len(writes) > 1 else 0):
        for record in window[start:]:
            found = _partners_in(record, param_ident)
            if found:
                return found
    return set()


def _partners_in(record: Record, param_ident: int) -> set[int]:
    if param_ident not in record.ids.values() and param_ident not in \
            record.scope_ids.values():
        return set()
    index = index_for(record.location.file)
    stmt = index.statement(record.location.lineno) if index is not None else None
    if stmt is None:
        return set()
    view = Overlay.of(record)
    found: set[int] = set()
    for node in ast.walk(stmt):
        operands = product_operands(node)
        if operands is None:
            continue
        sides = [{view.identity(leaf) for leaf in leaves(side)} for side in operands]
        for this, other in ((0, 1), (1, 0)):
            if param_ident in sides[this] and len(leaves(operands[other])) == 1:
                found |= sides[other] - {None, param_ident}
    return found


def origin_fixes(failure, stmt, frame, provenance: Provenance, is_user_function,
                 expected_of, failing_expected=None, param_of=None, outer=()) -> Origins:
    """Verified fixes at the statements that made the clashing operands (and their inputs).

    `expected_of(text, record)` gives the shape an array should have (a gradient: its
    parameter's), or None; `param_of(text, record)` the id of a gradient's parameter array.
    """
    ns = Namespace.of_frame(frame)
    failing = Failing(stmt, frame, is_user_function, index_for(frame.f_code.co_filename),
                      tuple(outer))
    queue: list[tuple[Record, str, int, float]] = []
    for operand in failure.operand_nodes:
        for leaf in leaves(operand):
            value = ns.value(leaf)
            if not isinstance(value, np.ndarray):
                continue
            born = provenance.born(value)
            if born is None or _first_seen_after_a_call(born[0]):
                # made while a loop ran untraced (or inside a call whose lines ran so):
                # where its name got this shape
                name = canonical(leaf, ns)
                named = provenance.shape_born(name, tuple(value.shape)) if name else None
                born = named or born
            if isinstance(leaf, ast.Name) and leaf.id in frame.f_code.co_varnames[
                    :frame.f_code.co_argcount + frame.f_code.co_kwonlyargcount]:
                # a parameter given a value made on a calling line that never finished
                # (`model.forward(X[batch])`): the arrays that argument was made from
                queue.extend(_from_arguments(failing, leaf.id, provenance))
            if born is not None:
                queue.append((born[0], born[1], 0, False))
                alias = provenance.passed_on(value, born[0])
                if alias is not None:  # `X = raw`: the line that named it may be the slip
                    queue.append((alias[0], alias[1], 0, False))
                named = _named(provenance, id(value), getattr(leaf, "id", None),
                               born[0].step, 1 << 62)
                stored = _unpacked_item(named, leaf.id, value, provenance) if named else None
                if stored is not None:  # `X, H = acts`: where acts[1] was stored
                    queue.append(stored)
            if isinstance(leaf, (ast.Attribute, ast.Subscript)):
                # `activations[-1]` that `activations.append(x)` stored: where it was stored
                stored = _stored(provenance, canonical(leaf, ns), id(value), 1 << 62,
                                 _container(leaf, ns))
                if stored is not None:
                    queue.append((stored, canonical(leaf, ns), 0, False))
    found = Origins([], [], {})
    sites = _walk_back(queue, provenance, is_user_function, found.stretched)
    deadline = time.monotonic() + TIME_BUDGET_S
    tried = 0
    # every site's own edits first (a transpose, an axis, a dims order), then the arrays that
    # might stand in for one operand: a long list at one site must not starve the others
    for substitutes in (False, True):
        # the edits most likely to be the fix are checked first, whatever line they are on:
        # checking costs time, and the time is bounded
        queue = []
        for site in sites:
            record, name, depth, below, origin, index = site
            expected = expected_of(name, record)
            param = param_of(name, record) if substitutes and param_of is not None else None
            partners = forward_partners(provenance, param, record.step) if param else set()
            returning = return_site(origin, record, name, provenance) \
                if substitutes and depth <= MAX_DEPTH else None
            if returning is not None:  # `Z1, A1, Z2, A2 = forward(...)`: its `return` line
                for new_text, words, bonus in returned_substitutes(returning, provenance):
                    prior = 0.5 + bonus - 0.5 * depth + 2.5 * below
                    queue.append((prior, len(queue), site, None, returning, new_text,
                                  "returned", words, bonus))
            for node, new_text, kind, words, bonus in candidates(origin, record, provenance):
                if (kind == "substitute") != substitutes:
                    continue
                if depth > MAX_DEPTH and kind != "definition":
                    continue  # far back: only the data's own layout
                if kind == "substitute" and partners:
                    # the gradient of `x @ W1` pairs x with the output's gradient: put x in,
                    # never take it out
                    bonus += 3.0 if record.scope_ids.get(new_text) in partners else 0.0
                    bonus -= 3.0 if Overlay.of(record).identity(node) in partners else 0.0
                strong = expected is not None or kind in ("reshape", "definition")
                prior = (3.0 if strong else 0.5) + bonus - 0.5 * depth + 2.5 * below
                queue.append((prior, len(queue), site, expected, node, new_text, kind, words,
                              bonus))
        queue.sort(key=lambda item: (-item[0], item[1]))
        for _, _, site, expected, node, new_text, kind, words, bonus in queue:
            record, name, depth, below, origin, index = site
            tried += 1
            if tried > MAX_CANDIDATES or time.monotonic() > deadline:
                break
            if kind == "returned":  # made in the function that returned it
                checked = verify_returned(node.index, node.ret, node.element, new_text,
                                          node.callee, node.caller, node.name, provenance,
                                          failing)
                made = node.callee.location
                where = Location(made.file, node.ret.lineno, made.function,
                                 node.index.statement_text(node.ret.lineno))
            else:
                checked = verify(index, origin, node, new_text, record, provenance, failing)
                where = Location(record.location.file, record.location.lineno,
                                 record.location.function, record.location.source)
            if checked is None:
                continue
            line, shape, changed_params, result, stretched, left = checked
            strong = expected is not None or kind in ("reshape", "definition")
            score = (3.0 if strong else 0.5) + bonus - (0.5 * depth)
            if kind == "definition":
                score += 0.75 * depth  # the data as first laid out, not a later step of it
            if below:
                score += 2.5  # undoes the mistake that made a broadcast stretch
            if expected is not None:
                score += 4.0 if shape == expected else -2.0
            if failing_expected is not None and result is not None and \
                    result != failing_expected:
                score -= 3.0
            score -= 3.0 * changed_params + 3.0 * stretched + 6.0 * left
            born = (f"{name} is {fmt(_recorded_shape(record, name))} because line "
                    f"{where.lineno} {words}{_rule_broken(name, kind, expected)}")
            reason = (f"{born}. With this change it is {fmt(shape)}"
                      + (", the shape of its parameter" if expected is not None
                         and shape == expected else "") + ".")
            fix = Fix(rw.normal(new_text) or new_text, reason, "origin", line, shape, "", where)
            found.fixes.append((fix, score))
            found.born[fix] = born
    return found


def _from_arguments(failing: Failing, name: str, provenance: Provenance) -> list:
    chain = passed_in(failing, name)
    if not chain:
        return []
    outer, argument = chain[-1]
    ns = Namespace.of_frame(outer)
    found = []
    for sub in ast.walk(argument):  # (`X[batch]`: X and batch)
        if not isinstance(sub, (ast.Name, ast.Attribute, ast.Subscript)):
            continue
        value = ns.value(sub)
        born = provenance.born(value) if isinstance(value, np.ndarray) else None
        if born is not None:
            found.append((born[0], born[1], 1, False))
    return found


def _first_seen_after_a_call(record: Record) -> bool:
    """Was the array first seen when a call of the learner's returned (`net.train(X, Y)`)?
    Then the line that made it ran untraced inside that call."""
    index = index_for(record.location.file)
    stmt = index.statement(record.location.lineno) if index is not None else None
    value = stmt.value if isinstance(stmt, (ast.Expr, ast.Assign)) else None
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    if isinstance(func, ast.Attribute) and isinstance(
            Overlay.of(record).value(func.value), np.ndarray):
        return False  # `grad.sum(axis=1)`: an array's own method
    return not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id in NUMPY_NAMES)


def _walk_back(queue: list, provenance: Provenance, is_user_function, stretched: list) -> list:
    """The statements that made the clashing operands, and (MAX_DEPTH steps back) those
    that made their inputs: (record, name, depth, stretch at or after it, statement, index)."""
    seen_records: set[int] = set()
    sites = []
    while queue:
        record, name, depth, below = queue.pop(0)
        if record.step in seen_records:
            continue
        seen_records.add(record.step)
        index = index_for(record.location.file)
        origin = index.statement(record.location.lineno) if index is not None else None
        if origin is None or not (isinstance(origin, (ast.Assign, ast.AugAssign, ast.AnnAssign))
                                  or _appends(origin, name)):
            continue
        record = comprehension_item(origin, record, name) or record
        stretch = _stretched(origin, record, is_user_function)
        if stretch:  # (at any depth: the operand was made wrong upstream of the failing line)
            stretched.append(name)
        below = below or stretch  # a stretching broadcast at or after this line
        sites.append((record, name, depth, below, origin, index))
        if depth >= DATA_DEPTH:
            continue
        sub = Overlay.of(record)
        for leaf in leaves(origin.value if hasattr(origin, "value") else origin):
            leaf, ident = array_leaf(sub, leaf)  # `X[idx]`: X, as it was laid out
            if ident is None:
                continue
            held_as = canonical(leaf, sub)
            stored = _stored(provenance, held_as, ident, record.step, _container(leaf, sub))
            if stored is not None:  # `layer['x'] = X`: where the item was given that array
                queue.append((stored, held_as, depth + 1, below))
            birth = provenance.born_id(ident)
            if birth is not None and birth.step < record.step:
                written = next((n for n, (i, _) in birth.written.items() if i == ident), None)
                if written is not None:
                    queue.append((birth, written, depth + 1, below))
                    named = _named(provenance, ident, held_as, birth.step, record.step)
                    if named is not None and held_as != written:
                        # `X = raw`, then `X` read: the line that named it may be the slip
                        queue.append((named, held_as, depth + 1, below))
                    continue
            for r in reversed(provenance.records):
                if r.step < record.step and any(i == ident for i, _ in r.written.values()):
                    written = next(n for n, (i, _) in r.written.items() if i == ident)
                    queue.append((r, written, depth + 1, below))
                    break
    return sites



def _named(provenance: Provenance, ident: int, name: str | None, after: int,
           before: int) -> Record | None:
    """The latest statement between steps `after` and `before` that gave the array `ident`
    the plain name `name` without making it."""
    if name is None or not name.isidentifier():
        return None
    for record in reversed(provenance.records):
        if after < record.step < before:
            written = record.written.get(name)
            if written is not None and written[0] == ident:
                return record
    return None


def _stored(provenance: Provenance, name: str | None, ident: int, before: int,
            container=None) -> Record | None:
    """The latest statement before step `before` that stored the array `ident` (made
    elsewhere) as the attribute or item `name` (`self.x = x`, `layer['x'] = X`) of the
    same object (`layer` is another dict in each turn of a loop over layers)."""
    if not name or name.isidentifier():
        return None
    for record in reversed(provenance.records):
        if record.step >= before:
            continue
        held = record.written.get(name)
        if held is None or held[0] != ident:
            continue
        index = index_for(record.location.file)
        stmt = index.statement(record.location.lineno) if index is not None else None
        value = getattr(stmt, "value", None)
        view = Overlay.of(record)
        targets = [t for t in getattr(stmt, "targets", [getattr(stmt, "target", None)])
                   if t is not None and is_target_node(t, name, view)]
        if _display_stores(stmt, name) or _appends(stmt, name):
            return record  # `cache = {"A1": X, ...}`, `acts.append(x)`: stored here
        if value is None or not rw.is_leaf_like(value) or not targets:
            continue
        owner = _container(targets[0], view)
        if container is not None and owner is not None and owner is not container:
            continue  # the same name, another layer's dict
        return record
    return None


def _unpacked_item(record: Record, name: str, value, provenance: Provenance):
    """`X, H = acts` gave `name` (H) the list's item acts[1]: the statement that stored it
    there (`acts.append(X)`), as a site, if recorded."""
    index = index_for(record.location.file)
    stmt = index.statement(record.location.lineno) if index is not None else None
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], (ast.Tuple, ast.List))
            and isinstance(stmt.value, ast.Name)):
        return None
    places = [i for i, t in enumerate(stmt.targets[0].elts)
              if isinstance(t, ast.Name) and t.id == name]
    if len(places) != 1:
        return None
    item = f"{stmt.value.id}[{places[0]}]"
    stored = _stored(provenance, item, id(value), record.step)
    return (stored, item, 0, False) if stored is not None else None


def _display_stores(stmt, name: str) -> bool:
    """Does `stmt` make a dict display whose item `name` is a plain name or item
    (`cache = {"Z1": Z1, "A1": X}` stores X as `cache['A1']`)?"""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name) and isinstance(stmt.value, ast.Dict)):
        return False
    for key, value in zip(stmt.value.keys, stmt.value.values):
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and \
                f"{stmt.targets[0].id}[{key.value!r}]" == name.replace('"', "'"):
            return rw.is_leaf_like(value)
    return False


def _appends(stmt, name: str) -> bool:
    """Is `stmt` `acts.append(x)` and `name` an item of `acts`?"""
    found = rw.appended(stmt)
    return found is not None and name.startswith(ast.unparse(found[0]) + "[")


def _container(node, ns) -> object:
    """The object an attribute or item belongs to (`layer` in `layer['x']`), if readable."""
    if isinstance(node, (ast.Attribute, ast.Subscript)):
        held = ns.value(node.value)
        return None if held is UNKNOWN else held
    return None


def _stretched(stmt, record: Record, is_user_function) -> bool:
    """Did the statement broadcast two arrays into something bigger than both (a column
    against a row: `(1, 70) - (70, 1)` gives (70, 70))?"""
    ns = Overlay.of(record)
    return stretches(ops_mod.analyse(stmt, ns, assume_user_elementwise=True,
                                     is_user_function=is_user_function)) > 0



def _recorded_shape(record: Record, name: str):
    found = record.written.get(name)
    return found[1] if found else None
