"""Small edits of an expression's text, the kind a learner's slip undoes.

Each edit keeps the learner's own spelling everywhere else: it replaces character spans of
the typed text (never re-prints the whole tree). Used for shape-error fixes (around the
failing operation) and by the diagnosis (over a whole answer or reference).
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass

from typing import TYPE_CHECKING

from nntutor.shapes.names import NUMPY_NAMES, REDUCTIONS

if TYPE_CHECKING:  # a parsed expression: .text, .tree, .span(node), .segment(node)
    from nntutor.checker.syntax import Parsed

ATOMS = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant, ast.Tuple, ast.List)
PRODUCTS = {"@", "np.dot", "np.matmul", "dot", "np.inner"}


@dataclass(frozen=True)
class Mutation:
    expr: str
    kind: str  # add_transpose remove_transpose swap_operands keepdims reshape sum_batch ...
    edits: int  # how many separate slips it undoes
    what: str  # a few words for the reason, e.g. "transpose X"


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def atom(parsed: Parsed, node: ast.AST) -> str:
    text = parsed.segment(node)
    return text if isinstance(node, ATOMS) else f"({text})"


def is_numpy_call(node: ast.AST, names: set[str]) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES
            and node.func.attr in names)


def is_method_call(node: ast.AST, names: set[str]) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and not (isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES)
            and node.func.attr in names)


def toggle_transpose(parsed: Parsed, node: ast.AST) -> tuple[tuple[int, int, str], str, str]:
    """(edit, kind, words): drop an existing transpose, or add `.T`."""
    start, end = parsed.span(node)
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return (start, end, atom(parsed, node.value)), "remove_transpose", \
            f"drop the transpose of {parsed.segment(node.value)}"
    if is_numpy_call(node, {"transpose"}) and len(node.args) == 1 and not node.keywords:
        return (start, end, atom(parsed, node.args[0])), "remove_transpose", \
            f"drop the transpose of {parsed.segment(node.args[0])}"
    if is_method_call(node, {"transpose"}) and not node.args and not node.keywords:
        return (start, end, atom(parsed, node.func.value)), "remove_transpose", \
            f"drop the transpose of {parsed.segment(node.func.value)}"
    return (start, end, atom(parsed, node) + ".T"), "add_transpose", \
        f"transpose {parsed.segment(node)}"


def swap(parsed: Parsed, a: ast.AST, b: ast.AST) -> list[tuple[int, int, str]]:
    (sa, ea), (sb, eb) = parsed.span(a), parsed.span(b)
    return [(sa, ea, parsed.segment(b)), (sb, eb, parsed.segment(a))]


def product_fixes(parsed: Parsed, node: ast.AST, a: ast.AST, b: ast.AST) -> list[Mutation]:
    """For `a @ b` that fails: transposes, a swap, both, or `*` meant element-wise."""
    out = []
    for swapped, ta, tb in itertools.product((False, True), repeat=3):
        if not (swapped or ta or tb):
            continue
        edits, words, kinds = [], [], []
        if swapped:
            words.append("swap the operands")
            kinds.append("swap_operands")
        for flag, operand in ((ta, a), (tb, b)):
            if flag:
                edit, kind, what = toggle_transpose(parsed, operand)
                edits.append(edit)
                words.append(what)
                kinds.append(kind)
        text = apply_edits(parsed.text, edits)
        if swapped:
            text = _swap_in(text, parsed, a, b, edits)
        out.append(Mutation(text, kinds[0] if len(kinds) == 1 else "+".join(kinds),
                            len(kinds), " and ".join(words)))
    elementwise = f"({atom(parsed, a)} * {atom(parsed, b)})"
    start, end = parsed.span(node)
    if isinstance(node, ast.BinOp):
        elementwise = elementwise[1:-1]
        between = parsed.text[parsed.span(a)[1]:parsed.span(b)[0]].replace("@", "*", 1)
        text = parsed.text[:parsed.span(a)[1]] + between + parsed.text[parsed.span(b)[0]:]
    else:
        text = parsed.text[:start] + elementwise + parsed.text[end:]
    out.append(Mutation(text, "elementwise", 1, "multiply element-wise with *"))
    return out


def outer_span(parsed: Parsed, node: ast.AST) -> tuple[int, int]:
    """The node's span with the brackets written around it: `(2 * (A2 - Y) / n)`, not the
    `2 * (A2 - Y) / n` inside (a call's own brackets, as in `f(x)`, are not taken)."""
    text = parsed.text
    start, end = parsed.span(node)
    while True:
        i, j = start - 1, end
        while i >= 0 and text[i] == " ":
            i -= 1
        while j < len(text) and text[j] == " ":
            j += 1
        if i < 0 or j >= len(text) or text[i] != "(" or text[j] != ")":
            return start, end
        k = i - 1
        while k >= 0 and text[k] == " ":
            k -= 1
        if k >= 0 and (text[k].isalnum() or text[k] in "_)]"):
            return start, end  # f(x): the call's brackets
        start, end = i, j + 1


def operator_index(parsed: Parsed, node: ast.AST) -> int | None:
    """Where the operator of `a @ b` (or `a + b`, `a < b`) is in the text, for pointing at it."""
    if isinstance(node, ast.BinOp):
        left, right = node.left, node.right
    elif isinstance(node, ast.Compare) and len(node.comparators) == 1:
        left, right = node.left, node.comparators[0]
    else:
        return None
    start, end = parsed.span(left)[1], parsed.span(right)[0]
    for i in range(start, end):
        if parsed.text[i] not in " ()\n\\":
            return i
    return None


def _swap_in(text: str, parsed: Parsed, a: ast.AST, b: ast.AST, edits) -> str:
    """Swap the (possibly already edited) operand texts of a and b, each keeping the brackets
    it needs where it lands: `(2 * d / n) @ A.T` becomes `A.T @ (2 * d / n)`."""
    (sa, ea), (sb, eb) = parsed.span(a), parsed.span(b)
    new = {(s, e): r for s, e, r in edits}
    ta = new.get((sa, ea), parsed.segment(a))
    tb = new.get((sb, eb), parsed.segment(b))
    (oa, pa), (ob, pb) = outer_span(parsed, a), outer_span(parsed, b)
    rest = [e for e in edits if (e[0], e[1]) not in ((sa, ea), (sb, eb))]
    return apply_edits(parsed.text, rest + [(oa, pa, _bracketed(tb)), (ob, pb, _bracketed(ta))])


def _bracketed(text: str) -> str:
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return f"({text})"
    return text if isinstance(node, ATOMS) or (
        isinstance(node, ast.Attribute)) else f"({text})"


def broadcast_fixes(parsed: Parsed, node: ast.AST, operands: list[ast.AST],
                    shapes: list[tuple], batch) -> list[Mutation]:
    """For `a + b` (or any element-wise op) that fails to broadcast."""
    out = []
    for operand in operands:
        if (is_numpy_call(operand, REDUCTIONS) or is_method_call(operand, REDUCTIONS)) and not any(
                k.arg == "keepdims" for k in operand.keywords):
            start, end = parsed.span(operand)
            sep = ", " if operand.args or operand.keywords else ""
            out.append(Mutation(parsed.text[:end - 1] + f"{sep}keepdims=True" + parsed.text[end - 1:],
                                "keepdims", 1,
                                f"keep the reduced axis of {parsed.segment(operand)} "
                                "with keepdims=True"))
    for operand in operands:
        edit, kind, what = toggle_transpose(parsed, operand)
        out.append(Mutation(apply_edits(parsed.text, [edit]), kind, 1, what))
    for operand, shape in zip(operands, shapes):
        start, end = parsed.span(operand)
        if len(shape) == 1:
            for new, words in ((".reshape(-1, 1)", "a column"), (".reshape(1, -1)", "a row")):
                out.append(Mutation(parsed.text[:start] + atom(parsed, operand) + new
                                    + parsed.text[end:], "reshape", 1,
                                    f"make {parsed.segment(operand)} {words}"))
        for axis, d in enumerate(shape):
            if batch is not None and d == batch and len(shape) > 1:
                out.append(Mutation(parsed.text[:start] + atom(parsed, operand)
                                    + f".sum(axis={axis}, keepdims=True)" + parsed.text[end:],
                                    "sum_batch", 1,
                                    f"sum {parsed.segment(operand)} over the batch (axis {axis})"))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and len(operands) == 2:
        a, b = operands
        between = parsed.text[parsed.span(a)[1]:parsed.span(b)[0]].replace("*", "@", 1)
        out.append(Mutation(parsed.text[:parsed.span(a)[1]] + between
                            + parsed.text[parsed.span(b)[0]:], "matmul", 1,
                            "use @ for a matrix product"))
    return out


def reshape_fixes(parsed: Parsed, node: ast.Call) -> list[Mutation]:
    """`d.reshape(3, 7)` that can't hold d's elements: let one dim be -1."""
    args = list(node.args)
    if len(args) == 1 and isinstance(args[0], (ast.Tuple, ast.List)):
        args = list(args[0].elts)
    elif is_numpy_call(node, {"reshape"}):
        args = list(args[1].elts) if len(args) > 1 and isinstance(args[1], (ast.Tuple, ast.List)) \
            else args[1:]
    out = []
    for arg in args:
        start, end = parsed.span(arg)
        if parsed.segment(arg) != "-1":
            out.append(Mutation(parsed.text[:start] + "-1" + parsed.text[end:], "reshape", 1,
                                f"let NumPy work out the dim now written {parsed.segment(arg)}"))
    return out


def transpose_each(parsed: Parsed, operands: list[ast.AST]) -> list[Mutation]:
    out = []
    for operand in operands:
        edit, kind, what = toggle_transpose(parsed, operand)
        out.append(Mutation(apply_edits(parsed.text, [edit]), kind, 1, what))
    return out


# -- whole-expression mutations for the diagnosis -------------------------------------------

def products(parsed: Parsed) -> list[tuple[ast.AST, ast.AST, ast.AST]]:
    """Every matrix product in the expression: (node, left operand, right operand)."""
    found = []
    for node in ast.walk(parsed.tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            found.append((node, node.left, node.right))
        elif (is_numpy_call(node, {"dot", "matmul"}) and len(node.args) == 2) or (
                is_method_call(node, {"dot"}) and len(node.args) == 1):
            a, b = (node.args if len(node.args) == 2 else (node.func.value, node.args[0]))
            found.append((node, a, b))
    return found


def swaps_and_transposes(parsed: Parsed) -> list[Mutation]:
    """Each matrix product with its operands swapped, or one operand's transpose toggled."""
    out = []
    for node, a, b in products(parsed):
        out.append(Mutation(_swap_in(parsed.text, parsed, a, b, []), "swap_operands", 1,
                            f"swap {parsed.segment(a)} and {parsed.segment(b)}"))
        out.extend(transpose_each(parsed, [a, b]))
    return out


def factors(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return factors(node.left) + factors(node.right)
    if is_numpy_call(node, {"multiply"}) and len(node.args) == 2 and not node.keywords:
        return factors(node.args[0]) + factors(node.args[1])
    return [node]


def _is_product(node: ast.AST) -> bool:
    return (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult)) or (
        is_numpy_call(node, {"multiply"}) and len(node.args) == 2 and not node.keywords)


def dropped_factors(parsed: Parsed) -> list[tuple[Mutation, list[ast.AST]]]:
    """The expression with one or two factors of a product left out, and which ones (with,
    for a left-out A, its partner 1 - A when the product has one: judged together)."""
    inside_chain: set[int] = set()  # products that are part of a longer product
    for node in ast.walk(parsed.tree):
        if _is_product(node):
            children = (node.left, node.right) if isinstance(node, ast.BinOp) else node.args
            inside_chain.update(id(c) for c in children if _is_product(c))
    out = []
    for node in ast.walk(parsed.tree):
        if not _is_product(node) or id(node) in inside_chain:
            continue
        fs = factors(node)
        start, end = parsed.span(node)
        for k in (1, 2):
            for drop in itertools.combinations(range(len(fs)), k):
                keep = [f for i, f in enumerate(fs) if i not in drop]
                if not keep:
                    continue
                new = " * ".join(atom(parsed, f) for f in keep)
                new = f"({new})" if len(keep) > 1 else new
                text = parsed.text[:start] + new + parsed.text[end:]
                removed = [fs[i] for i in drop]
                what = " and ".join(parsed.segment(f) for f in removed)
                partners = [_partner(parsed, f, fs) for f in removed]
                out.append((Mutation(text, "drop_factor", k, f"without {what}"),
                            removed + [p for p in partners if p is not None]))
    return out


def _partner(parsed: Parsed, factor: ast.AST, chain: list[ast.AST]) -> ast.AST | None:
    """For A in A * (1 - A) (the sigmoid's derivative), the (1 - A) beside it."""
    text = parsed.segment(factor)
    for other in chain:
        if (isinstance(other, ast.BinOp) and isinstance(other.op, ast.Sub)
                and isinstance(other.left, ast.Constant) and other.left.value == 1
                and parsed.segment(other.right) == text):
            return other
    return None


def looks_like_derivative(nodes: list[ast.AST]) -> bool:
    """An activation's derivative: a mask (Z > 0), np.heaviside, 1 - A**2, A * (1 - A)..."""
    for top in nodes:
        for n in ast.walk(top):
            if isinstance(n, ast.Compare):
                return True
            if is_numpy_call(n, {"heaviside", "greater", "greater_equal", "where", "sign"}):
                return True
            if (isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub)
                    and isinstance(n.left, ast.Constant) and n.left.value == 1):
                return True
    return False


def reduction_axes(parsed: Parsed) -> list[tuple[Mutation, ast.Call, int]]:
    """Each reduction (`np.sum(x)`, `x.sum(axis=1)`) over one given axis instead, keeping it
    (keepdims=True): (the expression so changed, the reduction, the axis)."""
    out = []
    for node in ast.walk(parsed.tree):
        numpy_call = is_numpy_call(node, REDUCTIONS)
        if not (numpy_call or is_method_call(node, REDUCTIONS)):
            continue
        operand = node.args[0] if numpy_call and node.args else node.func.value
        if numpy_call and not node.args:
            continue
        start, end = parsed.span(node)
        head = parsed.text[start:parsed.span(node.func)[1]]
        for axis in range(4):
            args = ([parsed.segment(operand)] if numpy_call else []) + [
                f"axis={axis}", "keepdims=True"]
            text = parsed.text[:start] + f"{head}({', '.join(args)})" + parsed.text[end:]
            out.append((Mutation(text, "reduce_axis", 1, f"sum over axis {axis} only"), node,
                        axis))
    return out
