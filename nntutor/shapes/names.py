"""Which NumPy names belong to which family of shape rule: one list for everyone.

The checker's allow-list (`nntutor.checker.catalog`) offers a subset of these to exercises;
the debugger recognises all of them in a learner's script.
"""

from __future__ import annotations

NUMPY_NAMES = ("np", "numpy")

# same shape out as in
ELEMENTWISE_1 = frozenset({
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "square", "abs",
    "absolute", "negative", "sign", "tanh", "sinh", "cosh", "sin", "cos", "tan", "arctan",
    "floor", "ceil", "round", "around", "rint", "isnan", "isfinite", "reciprocal", "copy",
    "ones_like", "zeros_like", "empty_like", "full_like", "nan_to_num", "asarray", "array",
    "ascontiguousarray", "clip", "cbrt", "fabs", "positive", "logical_not", "astype",
})
# broadcast their operands
ELEMENTWISE_2 = frozenset({
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "power",
    "maximum", "minimum", "fmax", "fmin", "mod", "greater", "greater_equal", "less",
    "less_equal", "equal", "not_equal", "logical_and", "logical_or", "heaviside", "arctan2",
    "hypot",
})
# drop (or keep as 1, keepdims=True) the axes they run over
REDUCTIONS = frozenset({
    "sum", "mean", "max", "min", "prod", "std", "var", "amax", "amin", "all", "any",
    "nansum", "nanmean", "nanmax", "nanmin", "median",
})
ARG_REDUCTIONS = frozenset({"argmax", "argmin"})
PRODUCTS = frozenset({"dot", "matmul", "inner", "multi_dot"})
JOINS = frozenset({"concatenate", "stack", "hstack", "vstack"})
