"""Shape rules: the result shape and the work of each operation, from its operands' shapes.

One rule serves both uses: inference in named dims (`Sym`) and the evaluator's check of an
operation's cost BEFORE it runs (plain ints). A rule gets the operands' shapes and the other
arguments and returns `(shape, work)`, or raises `RuleClash` naming the clashing axes.
In `why` texts `{0}`, `{1}`... stand for the operands' source text.
"""

from __future__ import annotations

import math

from nntutor.shapes import dims as D
from nntutor.shapes.clash import Clash, Invalid
from nntutor.shapes.dims import Dim, Sym

Shape = tuple[Dim, ...]


RuleClash = Clash  # the one clash type, under the name the checker knows
RuleInvalid = Invalid


def t(d: Dim) -> str:
    return str(D.text(d))


def size(shape: Shape) -> Dim:
    return D.prod(shape)


def work_of(shape: Shape, factor: Dim = 1) -> int:
    """Work as a number; named dims (inference only) count as 0: nothing is computed then."""
    if isinstance(factor, Sym):
        return 0
    w = factor
    for d in shape:
        if isinstance(d, Sym):
            return 0
        w *= d
    return w


# -- element-wise ---------------------------------------------------------------------------

def broadcast(shapes: list[Shape], opts: dict | None = None) -> tuple[Shape, int]:
    """NumPy broadcasting: align on the right; each axis must agree or be 1."""
    ndim = max((len(s) for s in shapes), default=0)
    out: list[Dim] = []
    for k in range(1, ndim + 1):
        chosen: Dim = 1
        source = None
        for i, s in enumerate(shapes):
            if len(s) < k or s[-k] == 1:
                continue
            if chosen == 1:
                chosen, source = s[-k], (i, len(s) - k)
            elif s[-k] != chosen:
                j, axis = source
                raise RuleClash(
                    f"{t(chosen)} (axis {axis} of {{{j}}}) and {t(s[-k])} (axis {len(s) - k} "
                    f"of {{{i}}}) can't broadcast: sizes must be equal, or one of them 1",
                    ((j, axis), (i, len(s) - k)))
        out.append(chosen)
    shape = tuple(reversed(out))
    return shape, work_of(shape, len(shapes))


def same_shape(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    return shapes[0], work_of(shapes[0])


# -- reductions -----------------------------------------------------------------------------

def normalize_axes(axis, ndim: int, op_index: int = 0) -> tuple[int, ...]:
    axes = tuple(range(ndim)) if axis is None else axis if isinstance(axis, tuple) else (axis,)
    out = []
    for a in axes:
        if not -ndim <= a < ndim:
            raise RuleClash(f"axis {a} is out of range for {{{op_index}}}, which has {ndim} "
                            f"dim{'s' if ndim != 1 else ''}")
        a %= ndim
        if a in out:
            raise RuleInvalid(f"axis {a} is repeated")
        out.append(a)
    return tuple(out)


def reduce(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    """sum/mean/max/min over `axis` (all axes when None), keeping them as 1 with keepdims."""
    (s,) = shapes
    axes = normalize_axes(opts.get("axis"), len(s))
    keep = bool(opts.get("keepdims", False))
    shape = tuple(1 if i in axes else d for i, d in enumerate(s) if keep or i not in axes)
    return shape, work_of(s)


def arg_reduce(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    axis = opts.get("axis")
    if isinstance(axis, tuple):
        raise RuleInvalid("argmax/argmin take one axis, not a tuple")
    return reduce(shapes, opts)


# -- products -------------------------------------------------------------------------------

def _contract(a: Dim, b: Dim, ai: int, bi: int, why: str, sa: Shape, sb: Shape, ia=0, ib=1):
    if a != b:
        raise RuleClash(why, ((ia, ai % len(sa)), (ib, bi % len(sb))))


def matmul(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    """`a @ b`: (..., i, k) @ (..., k, j) -> (..., i, j); a 1-D operand gains then loses a dim."""
    a, b = shapes
    if not a or not b:
        which = 0 if not a else 1
        raise RuleClash(f"{{{which}}} is a scalar; @ needs arrays with at least one dim "
                        "(use * to multiply by a number)")
    if len(a) == 2 and len(b) == 2:
        columns = "column" if a[1] == 1 else "columns"
        rows = "row" if b[0] == 1 else "rows"
        why = f"{{0}} has {t(a[1])} {columns} but {{1}} has {t(b[0])} {rows}; @ needs them equal"
    else:
        why = (f"the last dim of {{0}} ({t(a[-1])}) must equal the "
               f"{'only' if len(b) == 1 else 'second-to-last'} dim of {{1}} ({t(b[-1 if len(b) == 1 else -2])})")
    k_b = b[0] if len(b) == 1 else b[-2]
    _contract(a[-1], k_b, -1, 0 if len(b) == 1 else -2, why, a, b)
    batch = ()
    if len(a) > 2 or len(b) > 2:
        batch, _ = broadcast([a[:-2], b[:-2]])
    shape = batch + (a[:-1][-1:] if len(a) > 1 else ()) + ((b[-1],) if len(b) > 1 else ())
    return shape, work_of(shape, a[-1])


def dot(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    """np.dot: a number scales; 2-D is @; N-D pairs a's last dim with b's second-to-last."""
    a, b = shapes
    if not a or not b:
        shape = b if not a else a
        return shape, work_of(shape)
    if len(b) <= 2 and len(a) <= 2:
        return matmul(shapes, opts)
    k_b = b[-2] if len(b) >= 2 else b[0]
    _contract(a[-1], k_b, -1, -2 if len(b) >= 2 else 0,
              f"the last dim of {{0}} ({t(a[-1])}) must equal the second-to-last dim of {{1}} "
              f"({t(k_b)})", a, b)
    shape = a[:-1] + (b[:-2] + b[-1:] if len(b) >= 2 else ())  # a 1-D b is used up
    return shape, work_of(shape, a[-1])


def outer(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    shape = (size(shapes[0]), size(shapes[1]))
    return shape, work_of(shape)


def inner(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    a, b = shapes
    if not a or not b:
        return dot(shapes, opts)
    _contract(a[-1], b[-1], -1, -1, f"the last dims of {{0}} ({t(a[-1])}) and {{1}} "
              f"({t(b[-1])}) must be equal", a, b)
    shape = a[:-1] + b[:-1]
    return shape, work_of(shape, a[-1])


def tensordot(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    a, b = shapes
    axes = opts.get("axes", 2)
    if isinstance(axes, int):
        if axes < 0 or axes > min(len(a), len(b)):
            raise RuleClash(f"axes={axes} needs that many dims in both {{0}} and {{1}}")
        ax_a, ax_b = tuple(range(len(a) - axes, len(a))), tuple(range(axes))
    else:
        if not (isinstance(axes, tuple) and len(axes) == 2):
            raise RuleInvalid("axes must be a number or a pair of axis lists")
        ax_a, ax_b = (x if isinstance(x, tuple) else (x,) for x in axes)
        if len(ax_a) != len(ax_b):
            raise RuleInvalid("both axis lists must have the same length")
        ax_a = normalize_axes(ax_a, len(a), 0)
        ax_b = normalize_axes(ax_b, len(b), 1)
    for i, j in zip(ax_a, ax_b):
        if a[i] != b[j]:
            raise RuleClash(f"axis {i} of {{0}} ({t(a[i])}) must equal axis {j} of {{1}} "
                            f"({t(b[j])})", ((0, i), (1, j)))
    shape = (tuple(d for i, d in enumerate(a) if i not in ax_a)
             + tuple(d for j, d in enumerate(b) if j not in ax_b))
    return shape, work_of(shape, D.prod(a[i] for i in ax_a))


def kron(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    a, b = shapes
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    shape = tuple(x * y if isinstance(x, Sym) else y * x for x, y in zip(a, b))
    return shape, work_of(shape)


def einsum(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    """Explicit (`ij,jk->ik`) or implicit (`ij,jk`) subscripts; letters only."""
    spec = opts["subscripts"].replace(" ", "")
    if "." in spec:
        raise RuleInvalid("einsum '...' is not supported in exercises; name every axis")
    inputs, arrow, output = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes):
        raise RuleInvalid(f"einsum subscripts '{spec}' name {len(terms)} operand"
                          f"{'s' if len(terms) != 1 else ''} but {len(shapes)} "
                          f"{'were' if len(shapes) != 1 else 'was'} given")
    sizes: dict[str, tuple[Dim, int, int]] = {}
    for i, (term, s) in enumerate(zip(terms, shapes)):
        if not term.isalpha() and term:
            raise RuleInvalid(f"einsum subscripts may only use letters, got '{term}'")
        if len(term) != len(s):
            raise RuleClash(f"einsum term '{term}' names {len(term)} axes but {{{i}}} has "
                            f"{len(s)}")
        for axis, (letter, d) in enumerate(zip(term, s)):
            if letter not in sizes or sizes[letter][0] == 1:
                sizes[letter] = (d, i, axis)
            elif d != 1 and sizes[letter][0] != d:  # like NumPy, a 1 broadcasts
                d0, j, a0 = sizes[letter]
                raise RuleClash(f"einsum letter '{letter}' is {t(d0)} in {{{j}}} (axis {a0}) "
                                f"but {t(d)} in {{{i}}} (axis {axis})", ((j, a0), (i, axis)))
    if arrow:
        if not (output.isalpha() or output == "") or len(set(output)) != len(output):
            raise RuleInvalid(f"einsum output '{output}' must be distinct letters")
        missing = [c for c in output if c not in sizes]
        if missing:
            raise RuleInvalid(f"einsum output letter '{missing[0]}' is not in any input")
    else:
        letters = "".join(terms)
        output = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    shape = tuple(sizes[c][0] for c in output)
    total = D.prod(v[0] for v in sizes.values())
    return shape, (total * max(1, len(shapes)) if isinstance(total, int) else 0)


def multi_dot(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    """np.linalg.multi_dot([A, B, C]) = A @ B @ C (the first and last may be 1-D)."""
    if len(shapes) < 2:
        raise RuleInvalid("np.linalg.multi_dot needs at least two arrays")
    if any(len(s) not in (1, 2) for s in shapes) or any(len(s) != 2 for s in shapes[1:-1]):
        raise RuleClash("np.linalg.multi_dot needs 2-D arrays (the first and last may be 1-D)")
    shape, work = shapes[0], 0
    for k, nxt in enumerate(shapes[1:], start=1):
        try:
            shape, w = matmul([shape, nxt], opts)
        except RuleClash as clash:
            if clash.clash is None:
                raise
            (_, ai), (_, bi) = clash.clash
            raise RuleClash(clash.why.replace("{1}", f"{{{k}}}").replace(
                "{0}", "the product before it" if k > 1 else "{0}"),
                ((0 if k == 1 else k - 1, ai), (k, bi)), kind="inner") from None
        work += w
    return shape, work


# -- shape manipulation ---------------------------------------------------------------------

def transpose(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    (s,) = shapes
    axes = opts.get("axes")
    if axes is None or axes == ():
        return tuple(reversed(s)), 0
    n = len(s)
    if len(axes) != n or sorted(a % n for a in axes if -n <= a < n) != list(range(n)):
        raise RuleClash(f"axes {tuple(axes)} are not an ordering of the {len(s)} axes of {{0}}")
    return tuple(s[a] for a in axes), 0


def reshape(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    (s,) = shapes
    new = opts["shape"]
    new = new if isinstance(new, tuple) else (new,)
    total = size(s)
    if sum(1 for d in new if d == -1) > 1:
        raise RuleInvalid("only one dim of a reshape can be -1")
    if any(isinstance(d, int) and d < -1 for d in new):
        raise RuleInvalid("reshape dims must be -1 or at least 0")
    known = D.prod(d for d in new if d != -1)
    if -1 in new:
        rest = D.divide(total, known)
        if rest is None:
            raise RuleClash(f"{{0}} has {t(total)} elements, which can't be split into rows "
                            f"of {t(known)}")
        new = tuple(rest if d == -1 else d for d in new)
    elif known != total:
        raise RuleClash(f"{{0}} has {t(total)} elements but shape {D.shape_text(new)} holds "
                        f"{t(known)}")
    return new, 0


def ravel(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    shape = (size(shapes[0]),)
    return shape, work_of(shape)


def squeeze(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    (s,) = shapes
    if opts.get("axis") is None:
        return tuple(d for d in s if d != 1), 0
    axes = normalize_axes(opts["axis"], len(s))
    for a in axes:
        if s[a] != 1:
            raise RuleClash(f"axis {a} of {{0}} has size {t(s[a])}; only size-1 axes can be "
                            "squeezed")
    return tuple(d for i, d in enumerate(s) if i not in axes), 0


def expand_dims(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    (s,) = shapes
    axis = opts["axis"]
    axes = normalize_axes(axis, len(s) + (len(axis) if isinstance(axis, tuple) else 1))
    out, it = [], iter(s)
    for i in range(len(s) + len(axes)):
        out.append(1 if i in axes else next(it))
    return tuple(out), 0


def diag(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    (s,) = shapes
    k = opts.get("k", 0)
    if len(s) == 1:
        n = D.add(s[0], abs(k)) if k else s[0]
        return (n, n), work_of((n, n))
    if len(s) != 2:
        raise RuleClash(f"np.diag needs a 1-D or 2-D array; {{0}} has {len(s)} dims")
    r, c = s
    if isinstance(r, int) and isinstance(c, int):
        n = max(0, min(r + min(k, 0), c - max(k, 0)))
    else:
        n = r if r == c and k == 0 else D.opaque(f"diag({t(r)},{t(c)},{k})")
    return (n,), 0


def diagflat(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    return diag([(size(shapes[0]),)], opts)


def tile(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    (s,) = shapes
    reps = opts["reps"]
    reps = reps if isinstance(reps, tuple) else (reps,)
    if any(isinstance(r, int) and r < 0 for r in reps):
        raise RuleInvalid("np.tile repetitions must be at least 0")
    n = max(len(s), len(reps))
    s, reps = (1,) * (n - len(s)) + s, (1,) * (n - len(reps)) + reps
    shape = tuple(D.prod((d, r)) for d, r in zip(s, reps))
    return shape, work_of(shape)


def _join_check(shapes: list[Shape], axis: int, verb: str) -> None:
    first = shapes[0]
    for i, s in enumerate(shapes[1:], start=1):
        if len(s) != len(first):
            raise RuleClash(f"{verb} needs arrays with the same number of dims; {{0}} has "
                            f"{len(first)}, {{{i}}} has {len(s)}")
        for a, (x, y) in enumerate(zip(first, s)):
            if a != axis and x != y:
                raise RuleClash(f"{verb} along axis {axis} needs the other dims equal: "
                                f"{t(x)} (axis {a} of {{0}}) vs {t(y)} (axis {a} of {{{i}}})",
                                ((0, a), (i, a)))


def concatenate(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    if not shapes:
        raise RuleInvalid("nothing to join")
    if any(not s for s in shapes):
        raise RuleClash("scalars can't be joined; make them arrays first")
    (axis,) = normalize_axes(opts.get("axis", 0), len(shapes[0]))
    _join_check(shapes, axis, "np.concatenate")
    total: Dim = 0
    for s in shapes:
        total = D.add(total, s[axis])
    shape = shapes[0][:axis] + (total,) + shapes[0][axis + 1:]
    return shape, work_of(shape)


def stack(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    if not shapes:
        raise RuleInvalid("nothing to stack")
    for i, s in enumerate(shapes[1:], start=1):
        if s != shapes[0]:
            raise RuleClash(f"np.stack needs equal shapes; {{0}} is {D.shape_text(shapes[0])}, "
                            f"{{{i}}} is {D.shape_text(s)}")
    nd = len(shapes[0]) + 1
    axis = opts.get("axis", 0)
    if not isinstance(axis, int) or not -nd <= axis < nd:
        raise RuleClash(f"axis {axis} is out of range: stacking {nd - 1}-D arrays gives {nd} "
                        "dims")
    axis %= nd
    shape = shapes[0][:axis] + (len(shapes),) + shapes[0][axis:]
    return shape, work_of(shape)


def hstack(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    shapes = [s if s else (1,) for s in shapes]
    return concatenate(shapes, {"axis": 0 if len(shapes[0]) == 1 else 1})


def vstack(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    shapes = [(1,) * (2 - len(s)) + s if len(s) < 2 else s for s in shapes]
    return concatenate(shapes, {"axis": 0})


# -- constructors ---------------------------------------------------------------------------

def _dims_of(value, what: str) -> Shape:
    value = value if isinstance(value, tuple) else (value,)
    if any(isinstance(d, int) and d < 0 for d in value):
        raise RuleInvalid(f"{what} can't have a negative size")
    return value


def filled(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    shape = _dims_of(opts["shape"], "a shape")
    return shape, work_of(shape)


def eye(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    n = opts["N"]
    m = opts.get("M")
    shape = _dims_of((n, n if m is None else m), "np.eye")
    return shape, work_of(shape)


def arange(shapes: list[Shape], opts: dict) -> tuple[Shape, int]:
    start, stop, step = opts.get("start"), opts.get("stop"), opts.get("step")
    if stop is None:
        start, stop = 0, start
    start = 0 if start is None else start
    step = 1 if step is None else step
    if step == 0:
        raise RuleInvalid("np.arange step can't be 0")
    if isinstance(start, Sym) or isinstance(stop, Sym) or isinstance(step, Sym):
        n = stop if start == 0 and step == 1 else D.opaque(f"arange({start},{stop},{step})")
    else:
        n = max(0, math.ceil((stop - start) / step))
    return (n,), work_of((n,))
