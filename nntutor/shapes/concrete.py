"""NumPy's shape rules on concrete shapes (the debugger's real arrays): what an operation returns, or why it cannot run.

These are the few rules a learner's network meets (products, broadcasting, reshapes,
reductions, transposes). They work on numbers only, never on the arrays, so checking a
line costs nothing and never runs it. A failure raises `Clash` naming the dimensions
that disagree; `explain` turns it into words with the operands' names.
"""

from __future__ import annotations

import numpy as np

from nntutor.shapes import rules as R
from nntutor.shapes.clash import Clash, ClashAxis
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


def transpose(a: Shape, axes: tuple[int, ...] | None = None) -> Shape:
    if axes is None:
        return tuple(reversed(a))
    if sorted(_norm_axis(x, len(a)) for x in axes) != list(range(len(a))):
        raise Clash(kind="axis", why=f"axes {axes} are not a permutation of the {len(a)} axes of {fmt(a)}")
    return tuple(a[_norm_axis(x, len(a))] for x in axes)


def size_of(shape: Shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


def reshape(a: Shape, new: tuple[int, ...]) -> Shape:
    """Same number of elements; one -1 takes whatever is left."""
    total = size_of(a)
    unknown = [i for i, s in enumerate(new) if s == -1]
    known = size_of(tuple(s for s in new if s != -1))
    if len(unknown) > 1:
        raise Clash(kind="reshape", why="only one dimension of a reshape can be -1")
    if unknown:
        if known == 0 or total % known:
            raise Clash(kind="reshape", why=f"{total} elements cannot be split into rows of {known}")
        out = list(new)
        out[unknown[0]] = total // known
        return tuple(out)
    if known != total:
        raise Clash(kind="reshape", why=f"{total} elements do not fit shape {fmt(tuple(new))} ({known})")
    return tuple(new)


def reduce(a: Shape, axis: int | tuple[int, ...] | None, keepdims: bool = False) -> Shape:
    """sum/mean/max...: the reduced axes disappear, or stay as 1 with keepdims=True."""
    if axis is None:
        return tuple(1 for _ in a) if keepdims else ()
    axes = axis if isinstance(axis, tuple) else (axis,)
    gone = {_norm_axis(x, len(a)) for x in axes}
    if keepdims:
        return tuple(1 if i in gone else s for i, s in enumerate(a))
    return tuple(s for i, s in enumerate(a) if i not in gone)


def _norm_axis(axis: int, ndim: int) -> int:
    if not -ndim <= axis < ndim:
        raise Clash(kind="axis", why=f"axis {axis} is out of range for {ndim} dimensions")
    return axis % ndim


def index(a: Shape, key: tuple) -> Shape | None:
    """Basic indexing with ints, slices, None and `...`; None (unknown) for anything fancier."""
    key = key if isinstance(key, tuple) else (key,)
    key = tuple(int(k) if isinstance(k, np.integer) else k for k in key)  # `for i in order`
    if any(k is Ellipsis for k in key):
        at = key.index(Ellipsis)
        fill = len(a) - (len(key) - 1 - sum(1 for k in key if k is None))
        key = key[:at] + (slice(None),) * max(fill, 0) + key[at + 1:]
    out: list[int] = []
    axis = 0
    for k in key:
        if k is None:
            out.append(1)
            continue
        if axis >= len(a):
            raise Clash(kind="ndim", why=f"too many indices for an array with {len(a)} dimensions")
        if isinstance(k, bool) or not isinstance(k, (int, slice)):
            return None
        if isinstance(k, int):
            if not -a[axis] <= k < a[axis]:
                raise Clash(kind="axis", why=f"index {k} is out of bounds for axis {axis} with size "
                            f"{a[axis]}", axes=(ClashAxis(0, axis, a[axis]),))
        else:
            out.append(len(range(a[axis])[k]))
        axis += 1
    return (*out, *a[axis:])


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
        return (size_of(args[0]), size_of(args[1]))  # type: ignore[arg-type]
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
        return (size_of(first),)
    if name in REDUCTIONS | ARG_REDUCTIONS:
        axis = kwargs.get("axis", values[1] if len(values) > 1 else None)
        if axis is not None and not isinstance(axis, (int, tuple)):
            return None
        keepdims = bool(kwargs.get("keepdims", False))
        return reduce(first, axis, keepdims)
    if name == "squeeze":
        return tuple(s for s in first if s != 1)
    if name == "expand_dims":
        axis = kwargs.get("axis", values[1] if len(values) > 1 else None)
        if not isinstance(axis, int):
            return None
        out = list(first)
        out.insert(axis if axis >= 0 else len(first) + axis + 1, 1)
        return tuple(out)
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
        axes = tuple(ClashAxis(i, a, shapes[i][a]) for i, a in (clash.clash or ()))
        kind = "inner" if name == "multi_dot" else "join"
        raise Clash(kind=kind, why=_filled(clash.why, shapes), axes=axes) from None


def _filled(why: str, shapes) -> str:
    for i, shape in enumerate(shapes):
        why = why.replace(f"{{{i}}}", f"array {i} {fmt(shape)}")
    return why


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
        return _as_dims(values[0] if values else kwargs.get("shape"))
    if name in ("eye", "identity") and ints and len(ints) == len(values):
        n = ints[0]
        m = ints[1] if name == "eye" and len(ints) > 1 else kwargs.get("M") or n
        return (n, m) if isinstance(m, int) else None
    if name == "arange" and values and len(ints) == len(values) <= 3:
        return (len(range(*ints)),)
    if name == "linspace" and len(values) >= 2:
        num = values[2] if len(values) > 2 else kwargs.get("num", 50)
        return (num,) if isinstance(num, int) else None
    return None
