"""Every graph op by its key, and the names a forward line may call them by."""

from __future__ import annotations

from nntutor.engine.graph import functions as F
from nntutor.engine.graph import ops as O
from nntutor.engine.graph.loss_ops import LOSS_OPS, SoftmaxCrossEntropy

_ALL = [O.Add(), O.Sub(), O.Mul(), O.Div(), O.Pow(), O.Neg(), O.MatMul(), O.Transpose(),
        F.Exp(), F.Log(), F.Sqrt(), F.Relu(), F.Sigmoid(), F.Tanh(), F.Maximum(), F.Sum(),
        F.Mean(), F.Softmax(), F.LayerNorm(), *LOSS_OPS.values()]
OPS = {op.key: op for op in _ALL}
# ops a tape may record that no forward line calls: the dense stack's linear activation and
# fused softmax + cross-entropy, the sum at a fork and the update
EXTRA = {op.key: op for op in (F.Identity(), SoftmaxCrossEntropy(), O.Fork(), O.SGD())}

BINARY = {"+": OPS["add"], "-": OPS["sub"], "*": OPS["mul"], "/": OPS["div"], "@": OPS["matmul"]}

# name -> (op, names of its positional arguments that are arrays, keyword parameters allowed)
FUNCTIONS = {
    "exp": (OPS["exp"], 1, ()), "log": (OPS["log"], 1, ()), "sqrt": (OPS["sqrt"], 1, ()),
    "tanh": (OPS["tanh"], 1, ()), "relu": (OPS["relu"], 1, ()),
    "sigmoid": (OPS["sigmoid"], 1, ()), "maximum": (OPS["maximum"], 2, ()),
    "sum": (OPS["sum"], 1, ("axis", "keepdims")), "mean": (OPS["mean"], 1, ("axis", "keepdims")),
    "softmax": (OPS["softmax"], 1, ("axis",)), "layer_norm": (OPS["layer_norm"], 1, ()),
    "transpose": (OPS["transpose"], 1, ()), "matmul": (OPS["matmul"], 2, ()),
    "dot": (OPS["matmul"], 2, ()),
    "mse": (OPS["loss_mse"], 2, ()), "half_sse": (OPS["loss_half_sse"], 2, ()),
    "bce": (OPS["loss_bce"], 2, ()), "cross_entropy": (OPS["loss_cross_entropy"], 2, ()),
}
# the ones NumPy itself has, and so may be written np.exp(...) as well as exp(...)
NUMPY_FUNCTIONS = {"exp", "log", "sqrt", "tanh", "maximum", "sum", "mean", "transpose",
                   "matmul", "dot"}
METHODS = {"sum", "mean", "transpose", "dot"}
