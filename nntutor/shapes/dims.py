"""Dimensions that are either numbers or names: `Dim = int | Sym`.

A `Sym` is a product of named atoms times a whole number, `2*n*in`, so that reshaping
`(n, in)` to `(-1,)` gives `n*in` and back again exactly. Two dims are equal only when they
are provably equal: `n == n`, `n*in == in*n`, but `n != in` and `n != 4` ever, which is what
"distinct sizes per symbol" means here: nothing lines up by coincidence. A named dim is never
1, so it never broadcasts. Sums and slices of names become opaque atoms such as `n-1`.
"""

from __future__ import annotations

from collections import Counter


class Sym:
    """`coef * atom1 * atom2 * ...`; equality ignores the order of the atoms."""

    __slots__ = ("_key", "atoms", "coef")

    def __init__(self, atoms: tuple[str, ...], coef: int = 1):
        self.atoms = tuple(atoms)
        self.coef = coef
        self._key = (coef, tuple(sorted(self.atoms)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sym):
            return self._key == other._key
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key)

    def __mul__(self, other: Dim) -> Dim:
        if isinstance(other, Sym):
            return Sym(self.atoms + other.atoms, self.coef * other.coef)
        if other == 0:
            return 0
        return Sym(self.atoms, self.coef * int(other))

    __rmul__ = __mul__

    def __str__(self) -> str:
        many = len(self.atoms) + (self.coef != 1) > 1
        parts = [str(self.coef)] if self.coef != 1 else []
        parts += [f"({a})" if many and not a.isidentifier() else a for a in self.atoms]
        return "*".join(parts)

    __repr__ = __str__


Dim = int | Sym


def sym(name: str) -> Sym:
    return Sym((name,))


def opaque(text: str) -> Sym:
    """A dim known only by how it was made (`n-1`, `h1+n`), equal only to the same text."""
    return Sym((text,))


def prod(dims) -> Dim:
    out: Dim = 1
    for d in dims:  # Sym on the left keeps the atoms in the order they came
        out = out * d if isinstance(out, Sym) else d * out if isinstance(d, Sym) else out * d
    return out


def divide(total: Dim, part: Dim) -> Dim | None:
    """`total / part` when it is exact (reshape's -1), else None."""
    if isinstance(part, int):
        if part == 0:
            return None
        if isinstance(total, int):
            return total // part if total % part == 0 else None
        return Sym(total.atoms, total.coef // part) if total.coef % part == 0 else None
    if isinstance(total, int):
        return 0 if total == 0 else None
    remaining = Counter(total.atoms)
    remaining.subtract(part.atoms)
    if any(v < 0 for v in remaining.values()) or total.coef % part.coef:
        return None
    atoms = []  # what remains, in display order
    for a in total.atoms:
        if remaining[a] > 0:
            atoms.append(a)
            remaining[a] -= 1
    coef = total.coef // part.coef
    return Sym(tuple(atoms), coef) if atoms else coef


def add(a: Dim, b: Dim) -> Dim:
    """`a + b`: exact for numbers, an opaque atom such as `h1+n` or `n-1` otherwise."""
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    names = sorted(str(d) for d in (a, b) if not isinstance(d, int))
    const = sum(d for d in (a, b) if isinstance(d, int))
    text = "+".join(names) + (f"{const:+d}" if const else "")
    return opaque(text)


def text(d: Dim | str) -> str | int:
    """A dim as the public API shows it: names as str, numbers as int."""
    return str(d) if isinstance(d, (Sym, str)) else int(d)


def shape_text(shape) -> str:
    """`(n, in)`; `(n,)` for one dim; `()` for a scalar."""
    items = [str(text(d)) for d in shape]
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def is_concrete(shape) -> bool:
    return all(isinstance(d, int) for d in shape)
