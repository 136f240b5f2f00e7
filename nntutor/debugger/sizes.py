"""Sizes read from the data's shape (`m = X.shape[1]`, `n, d = X.shape`, `n_x = len(X)`),
worked out again when an edit gives the data another shape.

A fix that lays the data out the other way (`X = raw.T`) is only right if the layer sizes
and sample counts taken from it follow: checking the statements after the edit with the old
`m` would reject it. A size is recomputed only when its one assignment in the script, read
with the shapes as they were, gives the value the statement saw (so a later reassignment or
a loop that changed it is never second-guessed). Nothing runs: only `Namespace.value` reads.
"""

from __future__ import annotations

import ast
import copy

import numpy as np

from nntutor.debugger.namespace import UNKNOWN, Namespace

_SHAPE_ATTRS = frozenset({"shape", "size", "ndim"})


def _reads_a_shape(value: ast.AST) -> bool:
    for node in ast.walk(value):
        if isinstance(node, ast.Attribute) and node.attr in _SHAPE_ATTRS:
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id == "len":
            return True
    return False


class Sizes:
    """The sizes of one file taken from shapes, each from its one assignment in its scope
    (the file's `SourceIndex` knows the assignments)."""

    def __init__(self, index):
        self.index = index
        self._busy: set[str] = set()

    def definition(self, name: str, lineno: int) -> tuple[ast.expr, int | None] | None:
        """(the value, the name's place in a tuple target) of the one assignment of `name`
        in the scope of line `lineno`, if it reads a shape."""
        if self.index is None:
            return None
        scope = self.index.scope_of(lineno)
        found = self.index.assignments(name, scope)
        if not found and scope:
            # `def init(n_x, n_h)` called with the module's `n_x = X.shape[0]`: the same
            # size under the same name (checked below: it must give the value seen)
            found = self.index.assignments(name, 0)
        if len(found) != 1 or not _reads_a_shape(found[0][1]):
            return None
        stmt = self.index.statement(found[0][0])
        if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
            return None
        target = stmt.targets[0]
        if isinstance(target, ast.Name):
            return stmt.value, None
        if isinstance(target, (ast.Tuple, ast.List)):
            places = [i for i, t in enumerate(target.elts)
                      if isinstance(t, ast.Name) and t.id == name]
            return (stmt.value, places[0]) if len(places) == 1 else None
        return None

    def changed_in(self, stmt: ast.stmt, view) -> bool:
        """Does `stmt` read a size that the edit seen by `view` changes?"""
        return any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and
                   self.value(n.id, stmt.lineno, view, Namespace.name(view, n.id))
                   is not UNKNOWN for n in ast.walk(stmt))

    def value(self, name: str, lineno: int, view, recorded) -> object:
        """The size `name` (read on line `lineno`) has with the edit seen by `view`, or
        UNKNOWN when it keeps the value `recorded` (or cannot be worked out)."""
        if not isinstance(recorded, int) or isinstance(recorded, bool) or name in self._busy:
            return UNKNOWN  # (busy: a size read from another size read from it)
        definition = self.definition(name, lineno)
        if definition is None:
            return UNKNOWN
        value, position = definition
        self._busy.add(name)
        try:
            return self._again(value, position, view, recorded)
        finally:
            self._busy.discard(name)

    def _again(self, value, position, view, recorded) -> object:
        then = _evaluate(value, position, view.unchanged())
        if then != recorded:
            return UNKNOWN  # not the assignment that gave the value seen: don't guess
        now = _evaluate(value, position, view)
        if not isinstance(now, int) or isinstance(now, bool) or now == recorded:
            return UNKNOWN
        return now


def _evaluate(value: ast.expr, position: int | None, view) -> object:
    """`value` read with `view`'s arrays (their shapes as the view gives them)."""
    bound: dict = {}

    def held(node) -> ast.Name | None:
        """A name standing for the array `node` reads, if the view gives one."""
        array = view.value(node)
        if not isinstance(array, np.ndarray):
            return None
        name = f"_size{len(bound)}"
        bound[name] = array
        return ast.Name(id=name, ctx=ast.Load())

    class _Bind(ast.NodeTransformer):
        def visit_Attribute(self, node):  # X.shape, X.size, X.ndim
            name = held(node.value) if node.attr in _SHAPE_ATTRS else None
            if name is None:
                return self.generic_visit(node)
            return ast.copy_location(ast.Attribute(value=name, attr=node.attr,
                                                   ctx=ast.Load()), node)

        def visit_Call(self, node):  # len(X)
            is_len = isinstance(node.func, ast.Name) and node.func.id == "len" and \
                len(node.args) == 1
            name = held(node.args[0]) if is_len else None
            if name is None:
                return self.generic_visit(node)
            return ast.copy_location(ast.Call(func=node.func, args=[name], keywords=[]), node)

    rewritten = _Bind().visit(copy.deepcopy(value))
    if not bound:
        return UNKNOWN
    found = Namespace({**bound}, _Fallback(view)).value(rewritten)
    if position is None:
        return found
    if isinstance(found, tuple) and 0 <= position < len(found):
        return found[position]
    return UNKNOWN


class _Fallback(dict):
    """Other names (plain numbers) as the view reads them."""

    def __init__(self, view):
        super().__init__()
        self.view = view

    def __contains__(self, ident) -> bool:
        return self.view.value(ast.Name(id=ident, ctx=ast.Load())) is not UNKNOWN

    def __getitem__(self, ident):
        return self.view.value(ast.Name(id=ident, ctx=ast.Load()))
