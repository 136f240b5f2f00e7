"""Does a piece of text give an exercise's answer away?

Feedback for a wrong answer, a hint before the last rung, a live preview: none of them may
write the reference expression, or a part of it that is more than a given name. A part is
a sub-expression of the reference with at least one operation in it (`A1 * (1 - A1)`,
`W2.T`... but not `dZ2`) that the prompt does not already show. Text is compared without
spaces, so `A1*(1-A1)` and `A1 * (1 - A1)` are the same leak.
"""

from __future__ import annotations

import ast
import re

# Shorter parts are too common to count as giving anything away (`1 - A`, `X.T`).
MIN_PART = 7


_SAME = str.maketrans({"⊙": "*", "·": "*", "−": "-", "ᵀ": ".T", "²": "**2"})


def _squash(text: str) -> str:
    """No spaces, one spelling of each operator (`A1⊙(1 − A1)` is `A1*(1-A1)`)."""
    return re.sub(r"\s+", "", text.translate(_SAME))


def _factors(node: ast.AST) -> list[ast.AST]:
    """The factors of a chain of `*` (left-associative in the tree: a * b * c)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _factors(node.left) + _factors(node.right)
    return [node]


def _text(node: ast.AST) -> str:
    text = ast.unparse(node)
    return f"({text})" if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.Mult) \
        and not isinstance(node.op, ast.Pow) else text


def answer_parts(reference: str, prompt: str = "") -> list[str]:
    """The reference and its telling sub-expressions, squashed, longest first."""
    try:
        tree = ast.parse(reference.strip(), mode="eval")
    except SyntaxError:
        return [_squash(reference)]
    shown = _squash(prompt)
    parts = {_squash(reference)}
    candidates = []
    for node in ast.walk(tree.body):
        if isinstance(node, (ast.BinOp, ast.Call, ast.Compare, ast.UnaryOp)):
            candidates.append(ast.unparse(node))
        factors = _factors(node)
        for i in range(len(factors)):  # every run of a product chain: A1 * (1 - A1)
            for j in range(i + 2, len(factors) + 1):
                candidates.append("*".join(_text(f) for f in factors[i:j]))
    for candidate in candidates:
        text = _squash(candidate)
        if len(text) >= MIN_PART and text not in shown:
            parts.add(text)
    return sorted(parts, key=len, reverse=True)


def gives_away(text: str, reference: str, prompt: str = "") -> bool:
    """Does `text` write the reference or one of its telling parts?"""
    squashed = _squash(text).replace("**", "^^")
    for part in answer_parts(reference, prompt):
        if part.replace("**", "^^") in squashed or _strip_parens(part) in squashed:
            return True
    return False


def _strip_parens(part: str) -> str:
    return part[1:-1] if part.startswith("(") and part.endswith(")") else part


def without_answer(text: str, reference: str, prompt: str = "") -> str:
    """`text` without the sentences (or formula lines) that give the answer away."""
    kept: list[str] = []
    for sentence in re.split(r"(?<=[.!?:])\s+|\n", text.strip()):
        if not sentence.strip():
            continue
        if gives_away(sentence, reference, prompt):
            if kept and kept[-1].endswith(":"):  # "Write it so:" lost what followed
                kept[-1] = kept[-1][:-1].rstrip() + "."
            continue
        kept.append(sentence.strip())
    return " ".join(kept)
