"""Finite-difference gradient checking, per parameter and per op.

The numeric derivative is the central difference of seed 002's `prime`:
    f'(x) ≈ (f(x + ε) − f(x − ε)) / 2ε
and the comparison is CS231n's relative error, entry by entry, with an absolute floor:
    rel = |a − b| / max(floor, |a| + |b|),   floor = ABS_FLOOR·max(1, |f|)
The numeric derivative itself carries a round-off of about 1e-16·|f|/ε ≈ 1e-11·|f|, so an
entry smaller than the floor cannot be resolved relatively: without the floor, the correct
gradient of a net with weights ×0.1 (entries ~1e-9) reads as a relative error of 1e-3.
A parameter's error is its worst entry. A gradient with the right numbers in the wrong shape
((3,) for a (1, 3) bias) is compared by value and passes with a warning about the shape. relu has no derivative at 0: an entry whose ±ε
evaluations see a different relu on/off pattern straddles the kink and is counted as a kink,
not as a failure.

Two ways in:
    gradcheck(net, X, Y)                      # a Network: every parameter and every op
    gradcheck(loss_fn, params, grads)         # your own code: loss_fn(params) -> float
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np

from nntutor.engine.activations import ACTIVATIONS
from nntutor.engine.losses import LOSSES
from nntutor.engine.ops import BiasAdd, Elementwise, MatMul

DEFAULT_EPS = 1e-5
# One op in float64 agrees to better than 1e-7. A whole network's loss goes through many ops,
# and an entry whose gradient is tiny (1e-4) loses digits to round-off in f(x ± ε): for
# parameters 1e-6 is the honest bar (CS231n: below 1e-6 is right, above 1e-4 is a bug).
OP_TOL = 1e-7
DEFAULT_TOL = 1e-6
# |a| + |b| below ABS_FLOOR·max(1, |f|) is compared against that floor instead: 1e-5 keeps the
# finite-difference round-off (~1e-11·|f|) a hundred times below a 1e-6 tolerance.
ABS_FLOOR = 1e-5


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-8) -> np.ndarray:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.abs(a - b) / np.maximum(floor, np.abs(a) + np.abs(b))


@dataclass(frozen=True)
class Entry:
    index: tuple[int, ...]
    analytic: float
    numeric: float
    rel_error: float


@dataclass
class Check:
    """The comparison for one parameter (or one input of one op)."""

    name: str
    rel_error: float
    passed: bool
    worst: list[Entry]
    kinks: int = 0
    shape_error: str | None = None
    warning: str | None = None  # the values agree but something else is off (the shape)

    def line(self) -> str:
        if self.shape_error:
            return f"✗ {self.name}: {self.shape_error}"
        mark = ("⚠" if self.warning else "✓") if self.passed else "✗"
        text = f"{mark} {self.name}: relative error {self.rel_error:.2e}"
        if self.warning:
            text += f"; {self.warning}"
        if self.kinks:
            text += f" ({self.kinks} entries at a relu kink skipped)"
        if not self.passed and self.worst:
            w = self.worst[0]
            text += (f"; worst at {self.name}[{', '.join(map(str, w.index))}]: yours "
                     f"{w.analytic:.6g}, numeric {w.numeric:.6g}")
        return text


@dataclass
class GradcheckReport:
    params: list[Check]  # in backward order: the last layer first
    ops: list[Check] = field(default_factory=list)
    tol: float = DEFAULT_TOL

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.params + self.ops)

    @property
    def warnings(self) -> list[str]:
        return [f"{c.name}: {c.warning}" for c in self.params + self.ops if c.warning]

    @property
    def first_wrong(self) -> str | None:
        """The first failing parameter in backward order: where the bug most likely is,
        since every gradient computed after it inherits its error."""
        return next((c.name for c in self.params if not c.passed), None)

    def summary(self) -> str:
        lines = [c.line() for c in self.params]
        if self.ops:
            lines += ["per op:"] + ["  " + c.line() for c in self.ops]
        if self.first_wrong:
            lines.append(
                f"first wrong gradient in backward order: {self.first_wrong} "
                f"(tolerance {self.tol:g}); fix it first, the ones after it depend on it"
            )
        elif not self.passed:
            lines.append("every parameter's gradient agrees, but an op's backward does not "
                         "(marked ✗ above)")
        else:
            lines.append(f"all gradients agree with finite differences (tolerance {self.tol:g})")
        if self.warnings:
            lines.append(f"but {len(self.warnings)} gradient(s) have the wrong shape (marked ⚠): "
                         "the numbers are right; reshape them to their parameter's shape")
        return "\n".join(lines)


def _compare(name, analytic, numeric, kink_mask, tol, top=3, floor: float = 1e-8) -> Check:
    analytic = np.asarray(analytic, dtype=np.float64)
    warning = None
    if analytic.shape != numeric.shape:
        said = f"the gradient has shape {analytic.shape} but {name} has shape {numeric.shape}"
        if analytic.size != numeric.size:
            return Check(name, float("inf"), False, [], 0, said)
        # the same numbers in another shape ((3,) for (1, 3)): compare them by value
        analytic = analytic.reshape(numeric.shape)
        warning = f"{said}; the values agree once reshaped (keepdims=True keeps the shape)"
    rel = relative_error(analytic, numeric, floor)
    rel = np.where(kink_mask, 0.0, rel)
    order = np.argsort(rel, axis=None)[::-1][:top]
    worst = []
    for flat in order:
        idx = np.unravel_index(flat, rel.shape)
        worst.append(Entry(tuple(int(i) for i in idx), float(analytic[idx]), float(numeric[idx]),
                           float(rel[idx])))
    err = float(rel.max()) if rel.size else 0.0
    passed = bool(err < tol)
    if warning and not passed:
        return Check(name, err, False, worst, int(kink_mask.sum()),
                     warning.split(";")[0] + ", and the values disagree too")
    return Check(name, err, passed, worst, int(kink_mask.sum()), warning=warning)


def fd_floor(value: float) -> float:
    """The absolute floor of the relative error for a function whose value is `value`."""
    return ABS_FLOOR * max(1.0, abs(float(value)))


def numeric_gradient(f: Callable[[], float], x: np.ndarray, eps: float = DEFAULT_EPS,
                     probe: Callable[[], object] | None = None):
    """Central differences of f() with respect to x, perturbed in place and restored.

    `probe()` is called after each ± evaluation; where the two probes differ the entry
    straddles a kink. Returns (gradient, kink mask)."""
    grad = np.zeros_like(x, dtype=np.float64)
    kinks = np.zeros(x.shape, dtype=bool)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        plus = f()
        p_plus = probe() if probe else None
        x[i] = old - eps
        minus = f()
        p_minus = probe() if probe else None
        x[i] = old
        grad[i] = (plus - minus) / (2 * eps)
        if probe is not None and not _same(p_plus, p_minus):
            kinks[i] = True
    return grad, kinks


def _same(a, b) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a, b))


def gradcheck(target, *args, eps: float = DEFAULT_EPS, tol: float = DEFAULT_TOL,
              **kwargs) -> GradcheckReport:
    """Check gradients against central finite differences; see the module docstring."""
    from nntutor.engine.network import Network

    from nntutor.engine.graph import Graph

    if isinstance(target, Network):
        return _check_network(target, *args, eps=eps, tol=tol, **kwargs)
    if isinstance(target, Graph):
        from nntutor.engine.graph.check import check_graph

        return check_graph(target, *args, eps=eps, tol=tol, **kwargs)
    if callable(target):
        return _check_functions(target, *args, eps=eps, tol=tol, **kwargs)
    raise TypeError("gradcheck takes a Network (net, X, Y) or a loss function (fn, params, grads)")


def _check_functions(loss_fn, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray],
                     eps: float, tol: float, order: Sequence[str] | None = None) -> GradcheckReport:
    """Your own code: `loss_fn(params)` (or `loss_fn()`) returns the loss; `grads` holds your
    gradients under the same names. Parameters are checked in backward order: `order` if given,
    else the reverse of the dict's order (W1, b1, W2, b2 is checked as b2, W2, b1, W1)."""
    missing = [k for k in params if k not in grads]
    if missing:
        raise ValueError(f"no gradient given for {', '.join(missing)} (grads has "
                         f"{', '.join(grads) or 'nothing'})")
    takes_arg = _takes_argument(loss_fn)
    call = (lambda: float(loss_fn(params))) if takes_arg else (lambda: float(loss_fn()))
    names = list(order) if order is not None else list(reversed(list(params)))
    checks = []
    for name in names:
        x = params[name]
        if not (isinstance(x, np.ndarray) and x.dtype == np.float64):
            raise TypeError(f"parameter {name} must be a float64 NumPy array (got "
                            f"{type(x).__name__} {getattr(x, 'dtype', '')}): finite differences "
                            f"need float64")
        numeric, kinks = numeric_gradient(call, x, eps)
        checks.append(_compare(name, grads[name], numeric, kinks, tol, floor=fd_floor(call())))
    return GradcheckReport(checks, [], tol)


def _takes_argument(fn) -> bool:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return True
    return any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
               for p in sig.parameters.values())


def _check_network(net, X: np.ndarray, Y: np.ndarray, eps: float, tol: float,
                   ops: bool = True) -> GradcheckReport:
    grads = net.gradients(X, Y)  # ordered b_L, W_L, ..., b_1, W_1: backward order

    def loss() -> float:
        return net.loss_value(X, Y)

    def relu_pattern():
        return [cache[1] > 0 for cache, layer in zip(net.forward(X), net.layers)
                if layer.activation == "relu"]

    checks = []
    floor = fd_floor(loss())
    for name in sorted(grads, key=lambda k: (-int(k[1:]), k[0] != "b")):
        numeric, kinks = numeric_gradient(loss, net.params[name], eps, relu_pattern)
        checks.append(_compare(name, grads[name], numeric, kinks, tol, floor=floor))
    op_checks = check_ops_of(net, X, Y, eps, min(tol, OP_TOL)) if ops else []
    return GradcheckReport(checks, op_checks, tol)


# -- per op -------------------------------------------------------------------------------
def check_op(op: str, inputs: Sequence[np.ndarray], eps: float = DEFAULT_EPS,
             tol: float = OP_TOL, seed: int = 0, label: str | None = None) -> list[Check]:
    """Check one op's backward against finite differences of its forward.

    op: "matmul", "bias_add", an activation name, "loss_<name>" (inputs Ŷ, Y; the tape's key;
    "loss:<name>" is an old spelling), "softmax_cross_entropy" (inputs Z, Y: the fused last layer), or
    any other graph op key (engine.graph.OPS: "add", "softmax", "layer_norm", ...).
    The scalar differentiated is s = Σ out ⊙ G for a random upstream gradient G, so every
    entry of the backward rule is exercised. Returns one Check per differentiable input."""
    if op.startswith("loss:"):  # the old spelling; its cross_entropy was the fused one
        op = "softmax_cross_entropy" if op == "loss:cross_entropy" else "loss_" + op[5:]
    if op not in ("matmul", "bias_add", "softmax_cross_entropy") and not op.startswith("loss_") \
            and op not in ACTIVATIONS:
        from nntutor.engine.graph.check import check_graph_op

        return check_graph_op(op, inputs, eps=eps, tol=tol, seed=seed, label=label)
    rng = np.random.default_rng(seed)
    inputs = [np.array(x, dtype=np.float64) for x in inputs]
    label = label or op

    def upstream(shape):  # random signs, magnitudes in [0.5, 1.5]: no entry is weighted ~0
        return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 1.5, size=shape)

    if op == "matmul":
        a, w = inputs
        G = upstream((a.shape[0], w.shape[1]))
        f = lambda: float(np.sum(MatMul.forward(a, w) * G))  # noqa: E731
        pairs = [("A", a, MatMul.backward_input(G, w)), ("W", w, MatMul.backward_weight(G, a))]
        probe = None
    elif op == "bias_add":
        p, b = inputs
        G = upstream(p.shape)
        f = lambda: float(np.sum(BiasAdd.forward(p, b) * G))  # noqa: E731
        pairs = [("P", p, G), ("b", b, BiasAdd.backward_bias(G))]
        probe = None
    elif op.startswith("loss_") or op == "softmax_cross_entropy":
        loss = LOSSES["cross_entropy" if op == "softmax_cross_entropy" else op[5:]]
        yhat, y = inputs
        if op == "loss_cross_entropy":  # unfused: the graph op, ∂L/∂P
            from nntutor.engine.graph.check import check_graph_op

            return check_graph_op(op, inputs, eps=eps, tol=tol, seed=seed, label=label)
        if loss.fused_with:  # differentiate through softmax: the input is Z
            act = ACTIVATIONS[loss.fused_with]
            f = lambda: loss.value(act.forward(yhat), y)  # noqa: E731
            pairs = [("Z", yhat, loss.grad(act.forward(yhat), y))]
        else:
            f = lambda: loss.value(yhat, y)  # noqa: E731
            pairs = [("Ŷ", yhat, loss.grad(yhat, y))]
        probe = None
    else:
        act = Elementwise(ACTIVATIONS[op])
        (z,) = inputs
        G = upstream(z.shape)
        f = lambda: float(np.sum(act.forward(z) * G))  # noqa: E731
        pairs = [("Z", z, act.backward(G, z, act.forward(z)))]
        probe = (lambda: [z > 0]) if act.activation.has_kink else None
    # matmul and bias add are linear in each input and the squared errors quadratic, so the
    # central difference is exact for any step; a larger one only divides the round-off of f
    # by more, which keeps tiny entries accurate.
    exact = op in ("matmul", "bias_add", "linear", "loss_mse", "loss_half_sse")
    step = max(eps, 1e-2) if exact else eps
    checks = []
    for name, x, analytic in pairs:
        numeric, kinks = numeric_gradient(f, x, step, probe)
        checks.append(_compare(f"{label} ∂/∂{name}", analytic, numeric, kinks, tol))
    return checks


def check_ops_of(net, X, Y, eps=DEFAULT_EPS, tol=OP_TOL) -> list[Check]:
    """Every op of the network's forward pass, checked at the values it really saw."""
    checks: list[Check] = []
    cache = net.forward(X)
    for l, ((a_prev, z, _), layer) in enumerate(zip(cache, net.layers), start=1):
        W, b = net.params[f"W{l}"], net.params[f"b{l}"]
        checks += check_op("matmul", [a_prev, W], eps, tol, seed=l, label=f"layer {l} matmul")
        checks += check_op("bias_add", [a_prev @ W, b], eps, tol, seed=l, label=f"layer {l} bias")
        if not (l == net.depth and net.loss.fused_with):
            checks += check_op(layer.activation, [z], eps, tol, seed=l,
                               label=f"layer {l} {layer.activation}")
    last = cache[-1]
    loss_input = last[1] if net.loss.fused_with else last[2]
    key = "softmax_cross_entropy" if net.loss.fused_with else f"loss_{net.loss.name}"
    checks += check_op(key, [loss_input, Y], eps, tol, label=f"loss {net.loss.name}")
    return checks
