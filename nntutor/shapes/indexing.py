"""The shape of `X[...]`: integers drop an axis, slices keep it, None adds one, and
integer/mask arrays (NumPy's advanced indexing) put their broadcast shape in place.

Index items arrive already sorted into kinds:
    ("int", i)  ("slice", slice)  ("new",)  ("ellipsis",)  ("array", shape, count)
where `count` is the number of True entries of a mask (None for integer arrays; a fresh
name when the mask's values are unknown).
A named dim is taken to be large: `X[:5]` on `(n, in)` has 5 rows, `X[1:]` has `n-1`.
"""

from __future__ import annotations

from nntutor.shapes import dims as D
from nntutor.shapes.clash import ClashAxis
from nntutor.shapes.dims import Dim, Sym
from nntutor.shapes.rules import RuleClash, RuleInvalid, broadcast, t, work_of


def slice_length(d: Dim, s: slice) -> Dim:
    start, stop, step = s.start, s.stop, s.step
    step = 1 if step is None else step
    if step == 0:
        raise RuleInvalid("a slice step can't be 0")
    bounds = (start, stop, step)
    if isinstance(d, int) and all(b is None or isinstance(b, int) for b in bounds):
        return len(range(*s.indices(d)))
    if stop is not None and stop == d:
        stop = None
    if isinstance(step, Sym) or isinstance(start, Sym) or isinstance(stop, Sym):
        return D.opaque(f"{t(d)}[{_b(start)}:{_b(stop)}:{_b(step)}]")
    if start is None and stop is None and abs(step) == 1:
        return d
    if step != 1:
        return D.opaque(f"{t(d)}[{_b(start)}:{_b(stop)}:{step}]")
    start = start or 0
    if stop is None:
        return (D.add(d, -start) if start > 0 else d) if start >= 0 else -start
    if start >= 0 and stop >= 0 or start < 0 and stop < 0:
        return max(0, stop - start)
    if start >= 0:  # stop < 0: counts from the end
        return D.add(d, stop - start)
    return D.opaque(f"{t(d)}[{start}:{stop}]")


def _b(v) -> str:
    return "" if v is None else str(D.text(v)) if isinstance(v, (int, Sym)) else str(v)


def index(base: tuple, items: list[tuple]) -> tuple[tuple, int]:
    if sum(1 for it in items if it[0] == "ellipsis") > 1:
        raise RuleInvalid("an index can have only one '...'")
    used = sum(len(it[1]) if it[0] == "array" and it[2] is not None else
               1 if it[0] in ("int", "slice", "array") else 0 for it in items)
    if used > len(base):
        raise RuleClash(f"{{0}} has {len(base)} dim{'s' if len(base) != 1 else ''} but "
                        f"{used} are indexed", kind="ndim")
    if not any(it[0] == "ellipsis" for it in items):
        items = [*items, ("ellipsis",)]
    # with an index array present, plain integers count as (0-d) advanced indices too
    has_array = any(it[0] == "array" for it in items)
    adv_at = [k for k, it in enumerate(items) if it[0] == "array" or has_array and it[0] == "int"]
    separated = bool(adv_at) and any(
        items[k][0] in ("slice", "new", "ellipsis") for k in range(adv_at[0], adv_at[-1]))
    out: list = []
    advanced: list[tuple] = []
    first_adv = None
    axis = 0
    for it in items:
        kind = it[0]
        if kind == "ellipsis":
            rest = len(base) - used
            out.extend(base[axis:axis + rest])
            axis += rest
        elif kind == "new":
            out.append(1)
        elif kind == "slice":
            out.append(slice_length(base[axis], it[1]))
            axis += 1
        elif kind == "int":
            i, d = it[1], base[axis]
            if (isinstance(i, int) and isinstance(d, int) and not -d <= i < d) or i == d:
                raise RuleClash(f"index {t(i)} is out of range for axis {axis} of {{0}}, which "
                                f"has size {t(d)}", kind="axis", axes=(ClashAxis(0, axis, d),))
            axis += 1
            if has_array:
                advanced.append(())
                first_adv = len(out) if first_adv is None else first_adv
        else:  # an integer array takes one axis, a mask as many axes as it has
            shape, count = it[1], it[2]
            if count is not None:
                for k, (m, d) in enumerate(zip(shape, base[axis:axis + len(shape)])):
                    if m != d:
                        raise RuleClash(f"the mask's axis {k} has size {t(m)} but axis "
                                        f"{axis + k} of {{0}} has size {t(d)}")
                axis += len(shape)
                shape = (count,)
            else:
                axis += 1
            advanced.append(shape)
            first_adv = len(out) if first_adv is None else first_adv
    if not advanced:
        return tuple(out), 0
    try:
        adv_shape, _ = broadcast(advanced)
    except RuleClash as exc:
        raise RuleClash(f"index arrays don't broadcast together: {exc.why}") from None
    if separated:
        out = list(adv_shape) + out
    else:
        out[first_adv:first_adv] = list(adv_shape)
    return tuple(out), work_of(tuple(out))
