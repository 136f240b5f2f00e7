"""The allow-list: every NumPy function, array method and attribute an exercise may use.

Nothing outside these tables can be reached. Each entry names its parameters (which ones
are arrays, axes, shapes...), the keywords it accepts, its shape rule and how to call NumPy.
`allclose` is left out on purpose: an answer is an array, never a yes/no.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from nntutor.shapes import rules as R

REQUIRED = object()


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # array arrays optarray number axis axes shape newshape bool int subscripts dtype tdaxes
    default: Any = REQUIRED
    positional: bool = True
    keyword: bool = True


@dataclass(frozen=True)
class Func:
    name: str  # as a learner writes it: np.sum, .sum
    op: str  # as ShapeMismatch.op reports it: np.sum, sum, @, +
    params: tuple[Param, ...]
    rule: Callable
    impl: Callable[[dict], Any]
    varargs: Param | None = None  # einsum's operands; .reshape(*dims); .transpose(*axes)
    method: bool = False

    def param(self, name: str) -> Param | None:
        for p in self.params:
            if p.name == name:
                return p
        return None

    @property
    def keywords(self) -> list[str]:
        return [p.name for p in self.params if p.keyword and p.name != "self"]

    @property
    def signature(self) -> str:
        names = [p.name if p.default is REQUIRED else f"{p.name}=" for p in self.params
                 if p.name != "self"]
        if self.varargs:
            names.append(f"*{self.varargs.name}")
        return f"{self.name}({', '.join(names)})"


def P(name, kind, default=REQUIRED, positional=True, keyword=True) -> Param:
    return Param(name, kind, default, positional, keyword)


A = P("a", "array")
X1, X2 = P("x1", "array"), P("x2", "array")
AXIS = P("axis", "axis", None)
KEEP = P("keepdims", "bool", False, positional=False)


def _np(name: str, params, rule, impl, varargs=None) -> tuple[str, Func]:
    return name, Func(f"np.{name}", f"np.{name}", tuple(params), rule, impl, varargs)


def _unary(name: str) -> tuple[str, Func]:
    fn = getattr(np, name)
    return _np(name, [P("x", "array")], R.same_shape, lambda b: fn(b["x"]))


def _binary(name: str) -> tuple[str, Func]:
    fn = getattr(np, name)
    return _np(name, [X1, X2], R.broadcast, lambda b: fn(b["x1"], b["x2"]))


def _reduction(name: str, rule=R.reduce) -> tuple[str, Func]:
    fn = getattr(np, name)
    return _np(name, [A, AXIS, KEEP], rule,
               lambda b: fn(b["a"], axis=b["axis"], keepdims=b["keepdims"]))


UNARY = ["exp", "log", "log1p", "expm1", "log2", "log10", "tanh", "sqrt", "abs", "absolute",
         "sign", "square", "negative"]
BINARY = ["maximum", "minimum", "multiply", "add", "subtract", "divide", "true_divide", "power",
          "heaviside",
          "greater", "greater_equal", "less", "less_equal"]
MASKS = {"greater", "greater_equal", "less", "less_equal"}

NP_FUNCTIONS: dict[str, Func] = dict(
    [_unary(n) for n in UNARY]
    + [_binary(n) for n in BINARY]
    + [_reduction(n) for n in ["sum", "mean", "max", "min", "amax", "amin", "prod", "var", "std"]]
    + [_reduction(n, R.arg_reduce) for n in ["argmax", "argmin"]]
    + [
        _np("where", [P("condition", "array"), P("x", "array"), P("y", "array")], R.broadcast,
            lambda b: np.where(b["condition"], b["x"], b["y"])),
        _np("clip", [A, P("a_min", "optarray"), P("a_max", "optarray")], R.broadcast,
            lambda b: np.clip(b["a"], b["a_min"], b["a_max"])),
        _np("dot", [P("a", "array"), P("b", "array")], R.dot,
            lambda b: np.dot(b["a"], b["b"])),
        _np("matmul", [X1, X2], R.matmul, lambda b: np.matmul(b["x1"], b["x2"])),
        _np("outer", [P("a", "array"), P("b", "array")], R.outer,
            lambda b: np.outer(b["a"], b["b"])),
        _np("inner", [P("a", "array"), P("b", "array")], R.inner,
            lambda b: np.inner(b["a"], b["b"])),
        _np("tensordot", [P("a", "array"), P("b", "array"), P("axes", "tdaxes", 2)],
            R.tensordot, lambda b: np.tensordot(b["a"], b["b"], axes=b["axes"])),
        _np("kron", [P("a", "array"), P("b", "array")], R.kron,
            lambda b: np.kron(b["a"], b["b"])),
        _np("einsum", [P("subscripts", "subscripts", keyword=False),
                       P("optimize", "bool", False, positional=False)], R.einsum,
            lambda b: np.einsum(b["subscripts"], *b["operands"], optimize=False),
            varargs=P("operands", "array")),
        _np("transpose", [A, P("axes", "axes", None)], R.transpose,
            lambda b: np.transpose(b["a"], b["axes"])),
        _np("reshape", [A, P("shape", "newshape")], R.reshape,
            lambda b: np.reshape(b["a"], b["shape"])),
        _np("squeeze", [A, AXIS], R.squeeze, lambda b: np.squeeze(b["a"], axis=b["axis"])),
        _np("expand_dims", [A, P("axis", "axis")], R.expand_dims,
            lambda b: np.expand_dims(b["a"], b["axis"])),
        _np("ravel", [A], R.ravel, lambda b: np.ravel(b["a"])),
        _np("atleast_2d", [A], lambda s, o: ((1,) * (2 - len(s[0])) + s[0], 0),
            lambda b: np.atleast_2d(b["a"])),
        _np("diag", [P("v", "array"), P("k", "int", 0)], R.diag,
            lambda b: np.diag(b["v"], b["k"])),
        _np("diagflat", [P("v", "array"), P("k", "int", 0)], R.diagflat,
            lambda b: np.diagflat(b["v"], b["k"])),
        _np("tile", [P("A", "array"), P("reps", "shape")], R.tile,
            lambda b: np.tile(b["A"], b["reps"])),
        _np("concatenate", [P("arrays", "arrays"), P("axis", "axis", 0)], R.concatenate,
            lambda b: np.concatenate(b["arrays"], axis=b["axis"])),
        _np("stack", [P("arrays", "arrays"), P("axis", "axis", 0)], R.stack,
            lambda b: np.stack(b["arrays"], axis=b["axis"])),
        _np("hstack", [P("tup", "arrays")], R.hstack, lambda b: np.hstack(b["tup"])),
        _np("vstack", [P("tup", "arrays")], R.vstack, lambda b: np.vstack(b["tup"])),
        _np("ones", [P("shape", "shape")], R.filled, lambda b: np.ones(b["shape"])),
        _np("zeros", [P("shape", "shape")], R.filled, lambda b: np.zeros(b["shape"])),
        _np("full", [P("shape", "shape"), P("fill_value", "number")], R.filled,
            lambda b: np.full(b["shape"], b["fill_value"])),
        _np("ones_like", [A], R.same_shape, lambda b: np.ones_like(b["a"])),
        _np("zeros_like", [A], R.same_shape, lambda b: np.zeros_like(b["a"])),
        _np("full_like", [A, P("fill_value", "number")], R.same_shape,
            lambda b: np.full_like(b["a"], b["fill_value"])),
        _np("eye", [P("N", "int"), P("M", "int", None), P("k", "int", 0)], R.eye,
            lambda b: np.eye(b["N"], b["M"], b["k"])),
        _np("arange", [P("start", "int"), P("stop", "int", None), P("step", "int", None)],
            R.arange, lambda b: np.arange(b["start"], b["stop"], b["step"])),
        _np("array", [P("object", "array")], R.same_shape, lambda b: np.array(b["object"])),
        _np("asarray", [P("a", "array")], R.same_shape, lambda b: np.asarray(b["a"])),
    ]
)

# np.linalg.<name>: only what a learner writes for a chain of products
NP_LINALG: dict[str, Func] = {
    "multi_dot": Func("np.linalg.multi_dot", "np.linalg.multi_dot",
                      (P("arrays", "arrays"),), R.multi_dot,
                      lambda b: np.linalg.multi_dot(b["arrays"])),
}

NP_CONSTANTS: dict[str, Any] = {"pi": np.pi, "e": np.e, "inf": np.inf, "nan": np.nan,
                                "newaxis": None}
NP_DTYPES = {"float64": np.float64, "float32": np.float32, "int64": np.int64,
             "int32": np.int32, "bool": np.bool_}
BUILTIN_DTYPES = {"float": np.float64, "int": np.int64, "bool": np.bool_}


def _method(name: str, params, rule, impl, varargs=None) -> tuple[str, Func]:
    return name, Func(f".{name}", name, (P("self", "array"), *params), rule, impl, varargs,
                      method=True)


def _method_reduction(name: str, rule=R.reduce) -> tuple[str, Func]:
    return _method(name, [AXIS, KEEP], rule,
                   lambda b: getattr(b["self"], name)(axis=b["axis"], keepdims=b["keepdims"]))


ARRAY_METHODS: dict[str, Func] = dict(
    [_method_reduction(n) for n in ["sum", "mean", "max", "min", "prod", "var", "std"]]
    + [_method_reduction(n, R.arg_reduce) for n in ["argmax", "argmin"]]
    + [
        _method("dot", [P("b", "array")], R.dot, lambda b: b["self"].dot(b["b"])),
        _method("reshape", [], R.reshape, lambda b: b["self"].reshape(b["shape"]),
                varargs=P("shape", "newshape")),
        _method("transpose", [], R.transpose, lambda b: b["self"].transpose(b["axes"]),
                varargs=P("axes", "axes")),
        _method("squeeze", [AXIS], R.squeeze, lambda b: b["self"].squeeze(axis=b["axis"])),
        _method("flatten", [], R.ravel, lambda b: b["self"].flatten()),
        _method("ravel", [], R.ravel, lambda b: b["self"].ravel()),
        _method("copy", [], R.same_shape, lambda b: np.array(b["self"], copy=True)),
        _method("astype", [P("dtype", "dtype")], R.same_shape,
                lambda b: np.asarray(b["self"]).astype(b["dtype"])),
        _method("clip", [P("min", "optarray", None), P("max", "optarray", None)], R.broadcast,
                lambda b: np.clip(b["self"], b["min"], b["max"])),
    ]
)

ARRAY_ATTRIBUTES = ("T", "shape", "ndim", "size")

# `a op b` for arrays: the operator, its NumPy function and the rule (all broadcast but @)
OPERATORS: dict[str, Callable] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "@": operator.matmul,
    "&": operator.and_, "|": operator.or_, "^": operator.xor,
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}

NP_NAMES = set(NP_FUNCTIONS) | set(NP_CONSTANTS) | set(NP_DTYPES) | {"linalg"}
ATTRIBUTE_NAMES = set(ARRAY_METHODS) | set(ARRAY_ATTRIBUTES)
