"""Mistakes in what a function hands back: `return Z1, X, Z2, A2` where the hidden layer's
output `A1` belongs, unpacked by the caller (`Z1, A1, Z2, A2 = forward(...)`).

The array the caller calls `A1` was born long before (it is the input), so walking back from
it never reaches the return statement. Here, for a caller's tuple-unpacking of a call of the
learner's function, the matching element of the function's `return` tuple is found, and
other arrays of that function's frame are proposed in its place (checked by
`downstream.verify_returned`).
"""

from __future__ import annotations

import ast
import types
from dataclasses import dataclass

from nntutor.debugger import rewrite as rw
from nntutor.debugger.provenance import Provenance, Record
from nntutor.debugger.source import index_for


@dataclass
class ReturnSite:
    """An element of a function's return tuple, as the caller received it."""

    index: object  # the function's file's SourceIndex
    ret: ast.Return
    element: ast.expr
    callee: Record  # the function's last recorded statement before it returned
    caller: Record  # the caller's unpacking statement
    name: str  # the caller's name for the element


def return_site(stmt, record: Record, name: str, provenance: Provenance) -> ReturnSite | None:
    """The return-tuple element that `stmt` (`a, b, c = f(...)`) unpacked into `name`."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Tuple) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name)):
        return None
    targets = stmt.targets[0].elts
    places = [i for i, t in enumerate(targets) if isinstance(t, ast.Name) and t.id == name]
    function = record.globals_.get(stmt.value.func.id)
    if len(places) != 1 or not isinstance(function, types.FunctionType):
        return None
    code = function.__code__
    index = index_for(code.co_filename)
    definition = index.statement(code.co_firstlineno) if index is not None else None
    if not isinstance(definition, ast.FunctionDef):
        return None
    returns = [n for n in _own_nodes(definition) if isinstance(n, ast.Return)]
    if len(returns) != 1 or not isinstance(returns[0].value, ast.Tuple) or \
            len(returns[0].value.elts) != len(targets):
        return None
    element = returns[0].value.elts[places[0]]
    if not rw.is_leaf_like(element):
        return None
    callee = None  # the call ran after the caller's statement began (a later step)
    for r in provenance.after(record):
        inside = r.location.file == code.co_filename and r.location.function == \
            code.co_name and definition.lineno <= r.location.lineno <= definition.end_lineno
        if inside:
            callee = r
        elif callee is not None and r.location.function == record.location.function:
            break  # back in the caller
    if callee is None:
        return None
    return ReturnSite(index, returns[0], element, callee, record, name)


def _own_nodes(definition: ast.FunctionDef):
    """The nodes of a function's body, not those of functions defined inside it."""
    stack = list(definition.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                 ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def substitutes(site: ReturnSite, provenance: Provenance):
    """(new text, words, bonus) for each array of the function's frame that might belong
    in the element's place: the caller's own name for it, and a layer's output computed from
    the element (an activation rather than its pre-activation), first."""
    record = site.callee
    held = record.scope
    text = ast.unparse(site.element)
    replaced = record.scope_ids.get(text)
    if replaced is None or text not in held:
        return
    ndim = held[text].ndim
    ident = site.caller.written.get(site.name, (None,))[0]
    twice = any(i == ident for n, i in site.caller.scope_ids.items() if n != site.name)
    others = {n: (record.scope_ids.get(n), tuple(a.shape)) for n, a in held.items()}
    for other, array in held.items():
        if other == text or array.ndim != ndim or not other.isidentifier():
            continue
        held_id = record.scope_ids.get(other)
        bonus = provenance.layer_output_bonus(held_id, replaced, others, record.step) \
            if held_id is not None else 0.0
        if other == site.name:
            bonus += 1.5  # `return ..., X, ...` unpacked as A1: the array of that name
        if twice:
            bonus += 4.0  # the caller now holds one array under two names (X and A1)
        yield other, f"returned {text} as {site.name}", bonus
