"""Gradient-parameter pairs: a gradient has its parameter's shape.

Learners name a gradient after its parameter (`dW1`/`W1`, `grad_W2`/`W2`, `dL_db`/`b`,
`W1_grad`/`W1`, `grads['W1']`/`params['W1']`, `nabla_w[i]`/`weights[i]`), and they pair
them in the update (`W -= lr * dW`, `W = W - lr * dW`, `params[k] -= lr * grads[k]`,
`syn0 += l0.T.dot(l1_delta)`). Both are read here from names and syntax only.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

_PREFIXES = (r"dL_?d", r"dJ_?d", r"grad_?", r"nabla_?", r"d_?", r"g_?")
_SUFFIXES = (r"_grad", r"_gradient", r"grad", r"_error", r"_err", r"_delta")
_CONTAINERS = re.compile(r"^(grads?|gradients?|dparams|d_params|nabla_?\w*|g\w*)$")


def _stripped(name: str) -> list[str]:
    """The parameter names a gradient name may stand for: dW1 -> W1, grad_b -> b..."""
    out = []
    for prefix in _PREFIXES:
        match = re.match(rf"^{prefix}(\w+)$", name)
        if match:
            out.append(match.group(1))
    for suffix in _SUFFIXES:
        match = re.match(rf"^(\w+?){suffix}$", name)
        if match:
            out.append(match.group(1))
    return out


def is_gradient_name(text: str) -> bool:
    """dZ2, grad_h, delta, l1_delta, grads['W1']: a name for a gradient (by the spelling
    rules above)."""
    base = text.replace('"', "'").split("[", 1)[0].split(".")[-1]
    return bool(_stripped(base)) or base.startswith(("delta", "error", "err")) or \
        bool(_CONTAINERS.match(base) and base[:1] in "gdn")


def _split(text: str) -> tuple[str, str, str]:
    """`self.grads['W1']` -> ("self.", "grads", "['W1']"); `dW1` -> ("", "dW1", "")."""
    match = re.match(r"^((?:\w+\.)*)(\w+)((?:\[.*\])?)$", text.replace('"', "'"))
    return (match.group(1), match.group(2), match.group(3)) if match else ("", text, "")


def parameter_of(gradient: str, known: Iterable[str],
                 updates: dict[str, str] | None = None) -> str | None:
    """The parameter among `known` names that `gradient` is the gradient of, else None."""
    known = [k.replace('"', "'") for k in known]
    gradient = gradient.replace('"', "'")
    if updates and gradient in updates and updates[gradient] in known:
        return updates[gradient]
    owner, base, item = _split(gradient)
    if item:  # grads['W1'] -> params['W1'], p['W1'];  nabla_w[0] -> weights[0], w[0]
        stems = _stripped(base) or [""]
        for name in known:
            o, b, i = _split(name)
            if i != item or b == base or _CONTAINERS.match(b) or _stripped(b):
                continue
            if stems == [""] or any(b.lower().startswith(s.lower()[:1]) for s in stems if s):
                return name
        if _CONTAINERS.match(base):
            for name in known:
                o, b, i = _split(name)
                if i == item and b != base and not _CONTAINERS.match(b):
                    return name
        key = re.match(r"^\['(\w+)'\]$", item)
        for stem in _stripped(key.group(1)) if key else ():
            # grads['db1'] -> parameters['b1'] (the keys spelt like the plain names)
            for name in known:
                o, b, i = _split(name)
                if i == f"['{stem}']" and b != base and not _CONTAINERS.match(b) and \
                        not _stripped(b):
                    return name
        return None
    for stem in _stripped(base):
        # the exact spelling first (grad_x -> x, then self.x), then another case (dw -> W)
        for exact, candidate in [(True, stem)] + [(False, c) for c in (
                stem.upper(), stem.lower(), stem.capitalize()) if c != stem]:
            for name in (f"{owner}{candidate}", candidate):
                if name in known and name != gradient:
                    return name
            if not owner and exact:  # grad_x in a method: the gradient of self.x
                if f"self.{candidate}" in known:
                    return f"self.{candidate}"
                attributes = [k for k in known if k.endswith(f".{candidate}")]
                if len(attributes) == 1:
                    return attributes[0]
    return None


def update_pairs(tree: ast.AST) -> dict[str, str]:
    """gradient text -> parameter text, from every update statement in `tree`:
    `P -= lr * G`, `P += G`, `P = P - lr * G` (G: the one array-like term that is not P)."""
    pairs: dict[str, str] = {}
    for node in ast.walk(tree):
        target, value = None, None
        if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Sub, ast.Add)):
            target, value = node.target, node.value
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.value, ast.BinOp) and isinstance(node.value.op, (ast.Sub, ast.Add))
              and ast.unparse(node.value.left) == ast.unparse(node.targets[0])):
            target, value = node.targets[0], node.value.right
        if target is None or not isinstance(target, (ast.Name, ast.Attribute, ast.Subscript)):
            continue
        term = _gradient_term(value)
        if term is not None and ast.unparse(term) != ast.unparse(target):
            pairs[ast.unparse(term).replace('"', "'")] = ast.unparse(target).replace('"', "'")
    return pairs


def _gradient_term(value: ast.AST) -> ast.AST | None:
    """`lr * dW` -> dW; `dW` -> dW; `l1.T.dot(delta)` -> the whole expression."""
    if isinstance(value, (ast.Name, ast.Attribute, ast.Subscript)):
        return value
    if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Mult, ast.Div)):
        left, right = value.left, value.right
        scalar = lambda n: isinstance(n, ast.Constant) or (  # noqa: E731
            isinstance(n, (ast.Name, ast.Attribute))  # lr, self.lr
            and (n.id if isinstance(n, ast.Name) else n.attr).lower() in (
                "lr", "alpha", "eta", "learning_rate", "step", "rate", "mu"))
        if scalar(left) and not scalar(right):
            return _gradient_term(right)
        if scalar(right) and not scalar(left):
            return _gradient_term(left)
    if isinstance(value, ast.Call):
        return value
    return None


def is_parameter(text: str, updates: dict[str, str]) -> bool:
    """A name the script updates with a gradient (its shape is the architecture's)."""
    text = text.replace('"', "'")
    return text in updates.values()
