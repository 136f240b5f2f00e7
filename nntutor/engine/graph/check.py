"""Central differences for graph ops and whole graphs, with the keys the tape uses.

    check_graph_op("softmax", [Z], {"axis": 1})   # one Check per differentiable input
    check_graph(graph, values)                     # every parameter, then every op as run

For one op the scalar differentiated is s = Σ Y ⊙ G with a random upstream G (every entry of
the backward rule is exercised); a failing Check names the op, the argument and the worst entry.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from nntutor.engine.gradcheck import (DEFAULT_EPS, DEFAULT_TOL, OP_TOL, Check, GradcheckReport,
                                      _compare, fd_floor, numeric_gradient)
from nntutor.engine.graph.broadcast import unbroadcast
from nntutor.engine.graph.registry import OPS

# linear or quadratic in each input: the central difference is exact for any step, and a
# larger step divides the round-off of f by more
EXACT = {"add", "sub", "neg", "mul", "matmul", "transpose", "sum", "mean", "loss_mse",
         "loss_half_sse"}
# curvature grows like 1/x³ near 0: the truncation error of a fixed step would dominate
CURVED = {"log", "sqrt", "div", "pow", "loss_cross_entropy", "loss_bce"}
ARG_NAMES = "ABCD"
# layer norm of a row with a small spread has curvature ~1/σ³: no single step of central
# differences resolves it to 1e-7, so it is held to the 1e-6 bar of a whole network
LOOSE = {"layer_norm": 1e-6}
OP_FLOOR = 3e-4


def check_graph_op(key: str, inputs: Sequence[np.ndarray], p: Mapping | None = None,
                   eps: float = DEFAULT_EPS, tol: float = OP_TOL, seed: int = 0,
                   label: str | None = None, skip: Sequence[int] = ()) -> list[Check]:
    op = OPS[key]
    tol = max(tol, LOOSE.get(key, 0.0))
    p = dict(p or {})
    if key == "softmax":
        p.setdefault("axis", -1)
    xs = [np.array(x, dtype=np.float64) for x in inputs]
    rng = np.random.default_rng(seed)
    y = op.forward(xs, p)
    G = rng.choice([-1.0, 1.0], size=np.shape(y)) * rng.uniform(0.5, 1.5, size=np.shape(y))

    def f() -> float:
        return float(np.sum(op.forward(xs, p) * G))

    probe = None
    if key == "relu":
        probe = lambda: [xs[0] > 0]  # noqa: E731
    elif key == "maximum":
        probe = lambda: [np.broadcast_arrays(xs[0], xs[1])[0] >= xs[1]]  # noqa: E731
    # round-off of the numeric derivative is ~1e-16·Σ|Y⊙G|/ε: entries below this floor are
    # compared absolutely, so a correct 1e-6 entry of a softmax is not called wrong
    floor = OP_FLOOR * max(1.0, float(np.sum(np.abs(y * G))))
    checks = []
    for k, x in enumerate(xs):
        if not op.differentiable[k] or k in skip:
            continue
        if key in EXACT or (key == "pow" and p.get("exponent") == 2):
            step = max(eps, 1e-2)
        elif key in CURVED and x.size:  # 1/x, log x: scale the step with the smallest |x|
            step = eps * float(np.clip(np.min(np.abs(x)), 1e-3, 1.0))
        elif key == "layer_norm" and x.size:  # curvature ~ 1/σ³: scale with the smallest σ
            step = eps * float(np.clip(np.min(np.std(x, axis=-1)), 1e-3, 1.0))
        else:
            step = eps
        analytic = op.backward(k, np.asarray(G), xs, y, p)
        if np.shape(analytic) != x.shape:
            analytic = unbroadcast(analytic, x.shape)
        numeric, kinks = numeric_gradient(f, x, step, probe)
        name = f"{label or key} ∂/∂{ARG_NAMES[k] if len(xs) > 1 else 'X'}"
        checks.append(_compare(name, analytic, numeric, kinks, tol, floor=floor))
    return checks


def check_graph(graph, values: Mapping[str, np.ndarray], eps: float = DEFAULT_EPS,
                tol: float = DEFAULT_TOL, ops: bool = True) -> GradcheckReport:
    """Every parameter of the graph (last declared first), then every op at the values it saw."""
    values = {k: np.array(v, dtype=np.float64) for k, v in values.items()}
    grads = graph.gradients(values)

    def loss() -> float:
        return graph.loss(values)

    kink_nodes = [n for n in graph.ops if n.op.kink]

    def pattern():
        vals = graph.forward(values)
        return [vals[n.args[0]] > 0 if n.op.key == "relu"
                else np.broadcast_arrays(vals[n.args[0]], vals[n.args[1]])[0] >= vals[n.args[1]]
                for n in kink_nodes]

    floor = fd_floor(loss())
    checks = []
    for name in reversed(graph.params):
        numeric, kinks = numeric_gradient(loss, values[name], eps, pattern if kink_nodes else None)
        checks.append(_compare(name, grads.get(name, np.zeros_like(values[name])), numeric,
                               kinks, tol, floor=floor))
    op_checks: list[Check] = []
    if ops:
        vals = graph.forward(values)
        for i, n in enumerate(graph.ops):
            xs = [vals[a] for a in n.args]
            consts = [k for k, a in enumerate(n.args) if graph.nodes[a].kind == "const"]
            op_checks += check_graph_op(n.op.key, xs, n.p, eps, min(tol, OP_TOL), seed=i,
                                        label=f"line {n.line} {n.op.key} ({n.name})",
                                        skip=consts)
    return GradcheckReport(checks, op_checks, tol)
