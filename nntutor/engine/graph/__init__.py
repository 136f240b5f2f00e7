"""Graphs from NumPy-style forward lines: forward, reverse-mode backward, a Tape of explained steps.

    from nntutor.engine.graph import Graph, GraphError, ParamSpec

    g = Graph.parse(
        ["Z1 = X @ W1 + b1",
         "A1 = relu(Z1)",
         "H  = A1 @ W2 + b2 + X        # residual: X is used twice",
         "P  = softmax(H, axis=1)",
         "L  = cross_entropy(P, Y)"],
        params={"W1": ParamSpec(("d", "h")), "b1": ParamSpec(("1", "h"), init="zeros"),
                "W2": ParamSpec(("h", "d")), "b2": ParamSpec(("1", "d"), init="zeros")},
        inputs={"X": ("n", "d"), "Y": ("n", "d")},
        sizes={"n": 8, "d": 3, "h": 4},
    )                                    # GraphError(line, col, message) on the first fault
    values = {**g.init_params(seed=0), "X": X, "Y": Y}
    tape = g.trace(values)               # engine.tape.Tape of engine.step.Step, as the TUI shows
    tape = g.trace(values, lr=0.1)       # ... plus one "sgd" update step per parameter;
                                         #     the new parameters replace those in `values`
    grads = g.gradients(values)          # {"W1": ..., "b1": ..., ...}, for gradcheck
    grads = g.gradients(values, wrt=["X", "W1"])
    loss = g.loss(values)
    history = g.train(values, epochs=500, lr=0.1)   # engine.train.History; updates `values`

Lines. Each line is `NAME = expression`; `#` starts a comment. The right-hand side is screened
and parsed by the checker's allow-list (nntutor/checker/syntax.py): nothing is evaluated.
Names are the inputs, the parameters, names computed on earlier lines, and sizes (`sqrt(d)`
uses the size of dim `d` as a number). Every name is assigned once. The last line must compute
a scalar: the loss.

Ops (the key is `Step.op` of the forward step; backward steps are `<key>_grad`):
    a @ b, np.matmul, np.dot, a.dot(b)    matmul   (2-D)
    a + b, a - b, a * b, a / b, -a         add, sub, mul, div, neg  (NumPy broadcasting; the
                                           backward of a broadcast is a sum, shown as its own
                                           `.sum(axis=..., keepdims=True)` in the step)
    a ** 2 (a number as exponent)          pow
    a.T, np.transpose(a), a.transpose()    transpose
    sum / mean (np.sum(a, axis=0, keepdims=True), a.mean(axis=1), ...)   sum, mean
    exp, log, sqrt (also np.exp ...), np.maximum(a, b)                     exp, log, sqrt, maximum
    relu(a), sigmoid(a), tanh(a)           relu, sigmoid, tanh
    softmax(a, axis=1)                     softmax (axis defaults to -1)
    layer_norm(a)                          layer_norm (over the last axis, ε = 1e-5, no gain)
    mse(P, Y), half_sse(P, Y), bce(P, Y), cross_entropy(P, Y)
                                           loss_mse, ... (unfused: cross_entropy's backward is
                                           ∂L/∂P = −Y/P/n; the softmax has its own step)

Names on the tape. A line's result has its name (`Z1`); a sub-expression is named after its
operands (`XW1` for `X @ W1`, `A1W2+b2`); a gradient is `d` + name (`dZ1`, `d(A1W2+b2)`).
A value used more than once (a fork) receives one partial gradient per use, named
`dX_via_XW1`, `dX_via_H`, and a step with op "fork" adds them: `dX = dX_via_XW1 + dX_via_H`
(that step's `grad_of` is ("X",); the partial steps' is empty). Inputs that are only a loss's
target (Y) get no gradient; every other input does (so `dX` exists in a residual graph).

Each Step carries `operation` (the op object), `op_params` (e.g. {"axis": 1}, {"input": 0}
for which argument a backward step differentiates, {"lr": 0.1} for an update, {"constants":
{1: ("sqrt(k)", 1.41)}} for a number in the line) and `line` (the forward line it comes from,
from 1). `step.operation.explain(step, step.result, i, j)` writes out one cell of the result
with the numbers (nntutor.tui.cell_math.explain_cell dispatches to it).

Errors. GraphError(line, col, message): line and column from 1 in the forward lines; line 0
means the declarations (a dim with no size). A shape clash is found at parse time, from the
declared sizes. `g.check_values(values)` (called by trace) raises ValueError naming the array.

Gradcheck. `nntutor.engine.gradcheck.gradcheck(g, values)` checks every parameter against
central differences, then every op at the values it saw (`report.ops`, labelled
"line 3 matmul (A1W2) ∂/∂A"); `check_op(key, inputs)` checks one op by its key. `g.nodes` lists every value with its `dims`, `kind`
("input", "param", "const", "op"), `op`, `args` and `line`; `g.ops` the op nodes in order.
"""

from nntutor.engine.graph.graph import Graph, ParamSpec
from nntutor.engine.graph.parse import GraphError, Node
from nntutor.engine.graph.registry import FUNCTIONS, OPS

__all__ = ["FUNCTIONS", "Graph", "GraphError", "Node", "OPS", "ParamSpec"]
