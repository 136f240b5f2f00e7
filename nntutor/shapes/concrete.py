"""The shape rules as the debugger asks for them: by NumPy name, on the real shapes of a
paused frame's arrays, with the debugger's words for a clash.

Every rule itself is `rules.py`'s or `indexing.py`'s (the checker's too); what is here is
the adaptation: positional arguments as a learner's script passes them (`a.reshape(3, 5)`,
`np.sum(a, 0)`), random draws and constructors from their size arguments, and a clash
re-worded with the operands' shapes and the dims that disagree (`axes`, `kind`), which
`nntutor.debugger.explain` turns into sentences with the operands' names. Nothing runs: a
line is checked on its shapes only.
"""

from __future__ import annotations

import numpy as np

from nntutor.shapes import dims as D
from nntutor.shapes import rules as R
from nntutor.shapes.clash import Clash, ClashAxis, Invalid
from nntutor.shapes.indexing import index as index_rule
from nntutor.shapes.names import ARG_REDUCTIONS, ELEMENTWISE_1, ELEMENTWISE_2, JOINS, REDUCTIONS

Shape = tuple[int, ...]


def fmt(shape: Shape | None) -> str:
    """(100, 2) as NumPy prints it; a 1-tuple keeps its comma; None is unknown."""
    if shape is None:
        return "?"
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _sized(clash: Clash, shapes) -> tuple[ClashAxis, ...]:
    return tuple(ClashAxis(i, axis, shapes[i][axis]) for i, axis in (clash.clash or ()))


def broadcast(*shapes: Shape) -> Shape:
    """Align shapes on the right; each axis must be equal or 1 (a 1 is stretched)."""
    try:
        return R.broadcast(list(shapes))[0]
    except Clash as clash:
        axes = _sized(clash, shapes)
        back = len(shapes[axes[0].operand]) - axes[0].axis
        shown = " vs ".join(str(x.size) for x in axes)
        raise Clash(kind="broadcast", why=f"axis {-back} (from the right) is {shown}",
                    axes=axes) from None


def _product(rule, a: Shape, b: Shape) -> Shape:
    try:
        return rule([a, b], {})[0]
    except Clash as clash:
        if clash.clash is None:
            raise Clash(kind="ndim", why="@ needs arrays with at least one dimension (not "
                        "scalars)", axes=tuple(ClashAxis(i, 0, 0) for i, s in enumerate((a, b))
                                               if not s)) from None
        axes = _sized(clash, (a, b))
        if clash.kind == "broadcast" or len(axes) != 2 or axes[0].operand == axes[1].operand:
            raise
        raise Clash(kind="inner", why=f"inner dimensions {axes[0].size} and {axes[1].size} "
                    "differ", axes=axes) from None


def matmul(a: Shape, b: Shape) -> Shape:
    """`a @ b`: a's last axis must equal b's second-to-last (b's only axis if 1-D)."""
    return _product(R.matmul, a, b)


def dot(a: Shape, b: Shape) -> Shape:
    """`np.dot(a, b)`: a scalar scales; otherwise a's last axis meets b's second-to-last."""
    return _product(R.dot, a, b)


def _worded(clash: Clash, shapes, kind: str) -> Clash:
    """A rule's clash with its operands named by their shapes (one operand: "the array")."""
    why = clash.why
    for i, shape in enumerate(shapes):
        named = "the array" if len(shapes) == 1 else f"array {i} {fmt(shape)}"
        why = why.replace(f"{{{i}}}", named)
    return Clash(kind=kind, why=why, axes=clash.axes or _sized(clash, shapes))


def _single(rule, a: Shape, opts: dict, kind: str) -> Shape:
    """A one-operand rule of `rules.py`; its refusals become a clash of `kind`."""
    try:
        return tuple(rule([a], opts)[0])
    except Clash as clash:
        raise _worded(clash, [a], clash.kind or kind) from None
    except Invalid as exc:
        raise Clash(kind=kind, why=str(exc)) from None


def transpose(a: Shape, axes: tuple[int, ...] | None = None) -> Shape:
    return _single(R.transpose, a, {"axes": axes}, "axis")


def size_of(shape: Shape) -> int:
    return D.prod(shape)


def reshape(a: Shape, new: tuple[int, ...]) -> Shape:
    """Same number of elements; one -1 takes whatever is left."""
    return _single(R.reshape, a, {"shape": tuple(new)}, "reshape")


def reduce(a: Shape, axis: int | tuple[int, ...] | None, keepdims: bool = False) -> Shape:
    """sum/mean/max...: the reduced axes disappear, or stay as 1 with keepdims=True."""
    return _single(R.reduce, a, {"axis": axis, "keepdims": keepdims}, "axis")


def index(a: Shape, key: tuple) -> Shape | None:
    """Indexing with ints, slices, None, `...` and integer arrays or lists; None (unknown)
    for anything else (a mask's count is not known from its shape)."""
    kinds = []
    for k in key if isinstance(key, tuple) else (key,):
        if isinstance(k, np.integer):  # `for i in order`
            k = int(k)
        if k is None:
            kinds.append(("new",))
        elif k is Ellipsis:
            kinds.append(("ellipsis",))
        elif isinstance(k, slice):
            kinds.append(("slice", k))
        elif isinstance(k, int) and not isinstance(k, bool):
            kinds.append(("int", k))
        elif isinstance(k, np.ndarray) and k.dtype.kind in "iu":
            kinds.append(("array", tuple(k.shape), None))  # `np.eye(10)[labels]`
        elif isinstance(k, list) and k and all(isinstance(i, int) and not isinstance(i, bool)
                                               for i in k):
            kinds.append(("array", (len(k),), None))  # `X[:, [i]]`
        else:
            return None
    return _single(lambda shapes, opts: index_rule(shapes[0], kinds), a, {}, "ndim")


# np.random.* and a Generator's methods: the shape is the `size` (or the listed dims)
RANDOM = {
    "random": 0, "random_sample": 0, "rand": None, "randn": None, "standard_normal": 0,
    "normal": 2, "uniform": 2, "integers": 2, "randint": 2, "binomial": 2, "choice": 1,
    "permutation": None, "exponential": 1, "poisson": 1, "beta": 2, "gamma": 2,
}


def random_call(name: str, values: list, kwargs: dict) -> Shape | None:
    """The shape a random draw gets: `rng.normal(0, 1, size=(2, 3))`, `np.random.rand(2, 3)`,
    `np.random.random((3, 5))`; None when it is not known (e.g. no size: one number)."""
    if name not in RANDOM:
        return None
    size = kwargs.get("size", kwargs.get("shape"))
    position = RANDOM[name]
    if size is None and name in ("rand", "randn"):
        ints = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
        return tuple(ints) if len(ints) == len(values) else None
    if size is None and position is not None and len(values) > position:
        size = values[position]
    if size is None:
        return () if name not in ("permutation", "choice") else None
    return _as_dims(size)


def call(name: str, args: list[Shape | None], values: list, kwargs: dict) -> Shape | None:
    """The result shape of `np.<name>(*args, **kwargs)` (or the method of the same name).

    `args` are operand shapes (None when not an array or unknown), `values` the operands'
    values when they are plain numbers or tuples (axis, shape arguments), else None.
    Returns None when the rule is not known here.
    """
    first = args[0] if args else None
    if name in JOINS or name == "multi_dot":
        return _join(name, values, kwargs)
    if name in ELEMENTWISE_1 and first is not None:
        return first
    if name in ELEMENTWISE_2 and len(args) >= 2:
        if args[0] is None or args[1] is None:
            return None
        return broadcast(args[0], args[1])
    if name == "where" and len(args) == 3:
        if any(s is None for s in args):
            return None
        return broadcast(*args)  # type: ignore[arg-type]
    if name in ("dot", "matmul") and len(args) == 2:
        if args[0] is None or args[1] is None:
            return None
        return dot(args[0], args[1]) if name == "dot" else matmul(args[0], args[1])
    if name == "outer" and len(args) == 2 and None not in args:
        return tuple(R.outer(args, {})[0])
    if first is None:
        return None
    if name == "transpose":
        axes = kwargs.get("axes", values[1] if len(values) > 1 else None)
        if len(values) > 2:  # a.transpose(1, 0)
            axes = tuple(values[1:])
        return transpose(first, tuple(axes) if axes is not None else None)
    if name in ("reshape",):
        if len(values) > 2:  # a.reshape(3, 5)
            new = values[1:]
        elif len(values) == 2:  # np.reshape(a, (3, 5)), a.reshape((3, 5))
            new = values[1]
        else:
            new = kwargs.get("shape", kwargs.get("newshape"))
        new = _as_dims(new)
        return reshape(first, new) if new is not None else None
    if name in ("ravel", "flatten"):
        return _single(R.ravel, first, {}, "reshape")
    if name in REDUCTIONS | ARG_REDUCTIONS:
        axis = kwargs.get("axis", values[1] if len(values) > 1 else None)
        if axis is not None and not isinstance(axis, (int, tuple)):
            return None
        keepdims = bool(kwargs.get("keepdims", False))
        return reduce(first, axis, keepdims)
    if name in ("squeeze", "expand_dims"):
        axis = kwargs.get("axis", values[1] if len(values) > 1 else None)
        if name == "expand_dims" and not isinstance(axis, int):
            return None
        rule = R.squeeze if name == "squeeze" else R.expand_dims
        return _single(rule, first, {"axis": axis}, "axis")
    if name == "astype":
        return first
    return None


def call_or_random(name, args, values, kwargs):
    found = call(name, args, values, kwargs)
    return found if found is not None else random_call(name, values, kwargs)


def _join(name: str, values: list, kwargs: dict) -> Shape | None:
    """np.concatenate / stack / hstack / vstack / linalg.multi_dot of a list of arrays."""
    items = values[0] if values else kwargs.get("arrays", kwargs.get("tup"))
    if not isinstance(items, (list, tuple)) or not items:
        return None
    shapes = [tuple(getattr(v, "shape", ())) if hasattr(v, "shape") else None for v in items]
    if any(s is None for s in shapes):
        return None
    axis = kwargs.get("axis", values[1] if len(values) > 1 else 0)
    rule = {"concatenate": R.concatenate, "stack": R.stack, "hstack": R.hstack,
            "vstack": R.vstack, "multi_dot": R.multi_dot}[name]
    try:
        return tuple(rule(shapes, {"axis": axis})[0])
    except Clash as clash:
        raise _worded(clash, shapes, "inner" if name == "multi_dot" else "join") from None


def _as_dims(value) -> tuple[int, ...] | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if isinstance(value, (tuple, list)) and all(isinstance(v, int) for v in value):
        if len(value) == 1 and isinstance(value[0], (tuple, list)):
            return _as_dims(value[0])
        return tuple(value)
    if isinstance(value, (tuple, list)) and len(value) == 1:
        return _as_dims(value[0])
    return None


CONSTRUCTORS = {"zeros", "ones", "empty", "full", "eye", "identity", "arange", "linspace"}


def constructor(name: str, values: list, kwargs: dict) -> Shape | None:
    """np.zeros((2, 3)), np.ones(4), np.full((2, 2), 7), np.eye(3), np.arange(5)..."""
    ints = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    if name in ("zeros", "ones", "empty", "full"):
        dims = _as_dims(values[0] if values else kwargs.get("shape"))
        return None if dims is None else tuple(R.filled([], {"shape": dims})[0])
    if name in ("eye", "identity") and ints and len(ints) == len(values):
        m = ints[1] if name == "eye" and len(ints) > 1 else kwargs.get("M")
        if m is not None and not isinstance(m, int):
            return None
        return tuple(R.eye([], {"N": ints[0], "M": m})[0])
    if name == "arange" and values and len(ints) == len(values) <= 3:
        bounds = dict(zip(("start", "stop", "step"), ints))
        return tuple(R.arange([], bounds)[0])
    if name == "linspace" and len(values) >= 2:
        num = values[2] if len(values) > 2 else kwargs.get("num", 50)
        return (num,) if isinstance(num, int) else None
    return None
