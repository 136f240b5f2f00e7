"""Rewriting the learner's source: one sub-expression replaced, the rest kept as written.

A suggested fix is shown as the learner's own line with one part changed, so these work
on the exact source text (AST columns are UTF-8 byte offsets) and fall back to
`ast.unparse` only when the text cannot be matched.
"""

from __future__ import annotations

import ast
import copy

from nntutor.debugger.source import SourceIndex
from nntutor.shapes.names import NUMPY_NAMES


def normal(text: str) -> str | None:
    """One spelling per expression (or statement), to compare and de-duplicate fixes."""
    try:
        return ast.unparse(ast.parse(text, mode="eval").body)
    except SyntaxError:
        pass
    try:
        return ast.unparse(ast.parse(text))
    except SyntaxError:
        return None


def is_leaf(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.Attribute) and node.attr != "T":
        return is_leaf(node.value)
    if isinstance(node, ast.Subscript):
        return is_leaf(node.value) and isinstance(node.slice, ast.Constant)
    return False


def is_transposed(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "T"


def atom(text: str) -> str:
    """Parenthesise `text` unless it is already a name, call, attribute or subscript."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return f"({text})"
    if isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant)):
        return text
    return f"({text})"


def transposed(text: str) -> str:
    return f"{atom(text)}.T"


def replace_in(node: ast.AST, operand: ast.AST, new_text: str) -> str | None:
    try:
        return swap_text(node, operand, new_text)
    except Exception:
        return None


class _Swap(ast.NodeTransformer):
    def __init__(self, old: ast.AST, new: ast.AST):
        self.old, self.new = old, new

    def visit(self, node):
        if node is self.old:
            return self.new
        return super().visit(node)


def swap_text(node: ast.AST, part: ast.AST, new_text: str) -> str:
    """`node`'s source with the sub-node `part` replaced by `new_text`."""
    new_part = ast.parse(new_text, mode="eval").body
    if node is part:
        return ast.unparse(new_part)
    if isinstance(node, ast.AugAssign) and part is node.target:
        return ast.unparse(ast.AugAssign(new_part, node.op, node.value))
    mapping = {}
    clone = clone_with(node, part, mapping)
    _Swap(mapping[id(part)], new_part).visit(clone)
    return ast.unparse(clone)


def clone_with(node, part, mapping):
    """deepcopy that remembers which copy is `part`."""
    memo: dict = {}
    clone = copy.deepcopy(node, memo)
    mapping[id(part)] = memo.get(id(part), part)
    return clone


def reshape_call(node: ast.Call, dims: list[str], method: bool) -> str:
    func = ast.unparse(node.func)
    if method:
        return f"{func}({', '.join(dims)})"
    first = ast.unparse(node.args[0])
    return f"{func}({first}, ({', '.join(dims)}{',' if len(dims) == 1 else ''}))"


def segment(index: SourceIndex, node: ast.AST) -> str:
    """The exact source of `node` (columns are UTF-8 byte offsets)."""
    lines = index.lines[node.lineno - 1: node.end_lineno]
    if not lines:
        return ast.unparse(node)
    data = [line.encode() for line in lines]
    if len(data) == 1:
        return data[0][node.col_offset: node.end_col_offset].decode(errors="replace")
    data[0] = data[0][node.col_offset:]
    data[-1] = data[-1][: node.end_col_offset]
    return "\n".join(d.decode(errors="replace") for d in data)


def splice(index: SourceIndex, outer: ast.AST, inner: ast.AST, new_text: str) -> str:
    """`outer`'s source with `inner` replaced, collapsed to one line."""
    whole = segment(index, outer)
    part = segment(index, inner)
    start = offset_in(index, outer, inner)
    if start is None or whole[start: start + len(part)] != part:
        return ast.unparse(outer)
    text = whole[:start] + new_text + whole[start + len(part):]
    return " ".join(piece.strip() for piece in text.splitlines())


def offset_in(index: SourceIndex, outer: ast.AST, inner: ast.AST) -> int | None:
    if (inner.lineno, inner.col_offset) < (outer.lineno, outer.col_offset):
        return None
    lines = index.lines[outer.lineno - 1: inner.lineno]
    data = [line.encode() for line in lines]
    if inner.lineno == outer.lineno:
        return len(data[0][outer.col_offset: inner.col_offset].decode(errors="replace"))
    head = data[0][outer.col_offset:].decode(errors="replace")
    middle = [d.decode(errors="replace") for d in data[1:-1]]
    tail = data[-1][: inner.col_offset].decode(errors="replace")
    return len("\n".join([head, *middle, tail]))


def replace_statement(index: SourceIndex, stmt: ast.stmt, node: ast.AST, new_text: str) -> str:
    return splice(index, stmt, node, new_text) if hasattr(node, "lineno") else ast.unparse(stmt)


def source_of(node: ast.AST) -> str:
    """A node's text as `ast.unparse` writes it (the line it goes into keeps the rest)."""
    return ast.unparse(node)


source_text = source_of


def appended(stmt) -> tuple[ast.expr, ast.expr] | None:
    """(the list, the value) of `acts.append(x)` as a statement of its own, x a name, an
    attribute or an item; else None."""
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and \
            call.func.attr == "append" and len(call.args) == 1 and not call.keywords and \
            is_leaf_like(call.args[0]):
        return call.func.value, call.args[0]
    return None


def is_leaf_like(node: ast.AST) -> bool:
    """A name, an attribute chain or an item (`acts[k + 1]` too): something that holds a value."""
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.Attribute):
        return node.attr != "T" and is_leaf_like(node.value)
    if isinstance(node, ast.Subscript):
        return is_leaf_like(node.value) and not isinstance(node.slice, (ast.Slice, ast.Tuple))
    return False


def assignable(stmt: ast.stmt) -> bool:
    """False when the statement assigns to something Python cannot assign to: `x.T = ...`,
    `x.T -= ...`, a call's result. An item of anything can be assigned
    (`grads['dW' + str(l)] = ...`, `W.T[0] = ...`)."""
    targets = stmt.targets if isinstance(stmt, ast.Assign) else \
        [stmt.target] if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) else []
    while targets:
        target = targets.pop()
        if isinstance(target, (ast.Tuple, ast.List)):
            targets.extend(target.elts)
        elif isinstance(target, ast.Starred):
            targets.append(target.value)
        elif isinstance(target, ast.Call) or (isinstance(target, ast.Attribute)
                                              and target.attr == "T"):
            return False
    return True


def product_operands(node: ast.AST):
    """The two operands of a matrix product (`a @ b`, `np.dot(a, b)`, `a.dot(b)`,
    `np.matmul(a, b)`, `np.outer(a, b)`), else None."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return node.left, node.right
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "outer" and isinstance(node.func.value, ast.Name) and \
                node.func.value.id in NUMPY_NAMES:
            return tuple(node.args) if len(node.args) == 2 and not node.keywords else None
        if node.func.attr in ("dot", "matmul"):
            if isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES:
                return tuple(node.args) if len(node.args) == 2 else None
            return (node.func.value, node.args[0]) if len(node.args) == 1 else None
    return None
