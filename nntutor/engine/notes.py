"""Pitfall notes whose truth depends on the step on screen: its names and its real sizes.

A note that says "this spelling does not line up" is only true for some sizes: when a layer's
input and output widths are equal, δᵀ·A runs and even has W's shape. So every claim about a
wrong spelling is computed here from the sizes of the pass, never written as a fixed sentence.
The functions are pure (names and sizes in, text out) so the step recorder and the op objects
can both call them, and tests/lessons/test_content_notes.py checks each claim with NumPy.

`sizes` maps a dimension name (`n`, `in`, `h1`, ...) to its size in the pass.
"""

from __future__ import annotations

from typing import Mapping, NamedTuple

T = "ᵀ"


class Spelling(NamedTuple):
    """One way of writing a product, as (left, right) named dims, and what it gives."""

    text: str  # e.g. "δ2ᵀ·A1"
    left: tuple[str, str]
    right: tuple[str, str]
    numbers: str = "the numbers are not the gradient"  # said when the shape matches


def product_dims(left: tuple[str, str], right: tuple[str, str],
                 sizes: Mapping[str, int]) -> tuple[str, str] | None:
    """The named dims of left @ right, or None when the inner sizes differ."""
    if sizes[left[1]] != sizes[right[0]]:
        return None
    return (left[0], right[1])


def _dims(dims: tuple[str, ...], sizes: Mapping[str, int]) -> str:
    names = ", ".join(dims)
    numbers = ", ".join(str(sizes[d]) for d in dims)
    return f"({names}) = ({numbers})"


def _equal(a: str, b: str, sizes: Mapping[str, int]) -> str:
    return f"{a} = {b} = {sizes[a]}"


def _sized(dims: tuple[str, ...], sizes: Mapping[str, int]) -> tuple[int, ...]:
    return tuple(sizes[d] for d in dims)


def _wrong_product(spelling: Spelling, want: tuple[str, str], what: str,
                   sizes: Mapping[str, int]) -> str:
    """One sentence: does `spelling` line up for these sizes, and what does it give?"""
    left, right = spelling.left, spelling.right
    got = product_dims(left, right, sizes)
    if got is None:
        cols, rows = sizes[left[1]], sizes[right[0]]
        return (f"{spelling.text} does not line up here: the {left[1]} = {cols} "
                f"column{'s' * (cols != 1)} on the left meet{'s' * (cols == 1)} the "
                f"{right[0]} = {rows} row{'s' * (rows != 1)} on the right.")
    runs = "runs" if left[1] == right[0] else (
        f"runs here, because {_equal(left[1], right[0], sizes)}")
    text = f"{spelling.text} {runs}, and gives {_dims(got, sizes)}"
    if _sized(got, sizes) == _sized(want, sizes):
        return text + (f": that is {what}'s shape too, so no shape error warns you, but "
                       f"{spelling.numbers}.")
    return text + f", not {what}'s shape {_dims(want, sizes)}."


def weight_spellings(a: str, delta: str, in_dim: str, out_dim: str,
                     batch: str = "n") -> list[Spelling]:
    """The wrong spellings of ∂L/∂W = Aᵀ·δ that learners write, A (n, in), δ (n, out)."""
    return [
        Spelling(f"{delta}{T}·{a}", (out_dim, batch), (batch, in_dim),
                 "its numbers are the gradient transposed"),
        Spelling(f"{delta}·{a}{T}", (batch, out_dim), (in_dim, batch)),
        Spelling(f"{a}·{delta}", (batch, in_dim), (batch, out_dim)),
    ]


def weight_gradient_note(a: str, delta: str, w: str, in_dim: str, out_dim: str,
                         sizes: Mapping[str, int], batch: str = "n") -> str:
    """Why Aᵀ·δ, and what each wrong spelling does with this step's sizes."""
    want = (in_dim, out_dim)
    head = (f"The transpose goes on the LEFT: {a}{T} is ({in_dim}, {batch}) and {delta} is "
            f"({batch}, {out_dim}), so the product sums over the {batch} samples and has "
            f"exactly {w}'s shape {_dims(want, sizes)}.")
    wrong = [_wrong_product(s, want, w, sizes) for s in weight_spellings(a, delta, in_dim,
                                                                          out_dim, batch)]
    return " ".join([head, *wrong])


def input_spellings(delta: str, w: str, in_dim: str, out_dim: str,
                    batch: str = "n") -> list[Spelling]:
    """Wrong spellings of ∂L/∂A = δ·Wᵀ, δ (n, out), W (in, out)."""
    return [
        Spelling(f"{delta}·{w}", (batch, out_dim), (in_dim, out_dim)),
        Spelling(f"{w}·{delta}{T}", (in_dim, out_dim), (out_dim, batch)),
    ]


def input_gradient_note(delta: str, w: str, a: str, in_dim: str, out_dim: str,
                        sizes: Mapping[str, int], batch: str = "n") -> str:
    """Why δ·Wᵀ, and what each wrong spelling does with this step's sizes."""
    want = (batch, in_dim)
    head = (f"Transpose {w} and put it on the RIGHT: {delta} ({batch}, {out_dim}) · {w}{T} "
            f"({out_dim}, {in_dim}) → {_dims(want, sizes)}, the shape of {a}. Row by row, "
            f"the derivative of {a}·{w} with respect to {a} is {w}{T}.")
    wrong = [_wrong_product(s, want, a, sizes) for s in input_spellings(delta, w, in_dim,
                                                                         out_dim, batch)]
    return " ".join([head, *wrong])


def bias_gradient_note(b: str, delta: str, dz: str, out_dim: str, batch: str = "n") -> str:
    """The bias gradient is a sum over the batch; where np.ones_like(b) fits in."""
    return (
        f"{b} was broadcast to all {batch} rows in the forward pass, so each row sends it a "
        f"share of the gradient and the shares add up: a sum over the batch axis 0. "
        f"keepdims=True keeps {b}'s shape (1, {out_dim}) instead of ({out_dim},). Every entry "
        f"of ∂Z/∂{b} is 1; hand derivations write these ones as np.ones_like({b}), a "
        f"(1, {out_dim}) row shaped like {b}, and multiplying {delta} by it changes nothing: "
        f"the sum over the {batch} rows is the real work. As a matrix product the sum is "
        f"1{T}·{delta}, with 1 an ({batch}, 1) column of ones: np.ones(({batch}, 1)).T @ {dz}."
    )


def activation_forward_note(fn: str, z: str, a: str) -> str:
    """Element by element, except softmax, which normalises each row."""
    if fn == "softmax":
        return (f"Softmax works row by row, not element by element: each entry of {a} depends "
                f"on the whole row of {z} (the exponentials are divided by the row's sum). "
                f"{a} keeps the shape of {z}, and every row of {a} adds up to 1.")
    return (f"Applied element by element: each entry of {a} depends only on the same entry "
            f"of {z}, so {a} keeps the shape of {z}.")


def matmul_forward_note(a: str, w: str, p: str, in_dim: str, out_dim: str,
                        sizes: Mapping[str, int], batch: str = "n") -> str:
    return (
        f"Each row of {a} is one sample and each column of {w} one unit of the layer. The "
        f"inner dimensions must agree: the {in_dim} = {sizes[in_dim]} columns of {a} meet the "
        f"{in_dim} = {sizes[in_dim]} rows of {w}; that axis is summed away, so {p} is "
        f"({batch}, {out_dim}). Code that keeps samples in columns, as many textbooks do, "
        f"computes the transpose, {p}{T} = {w}{T}·{a}{T}: the same numbers, every shape "
        f"reversed."
    )


def mse_gradient_note(n: int, out: int, out_dim: str = "out", batch: str = "n") -> str:
    """Where the 1/n of the mean squared error lives, for this pass's sizes."""
    count = (f"all {batch}·{out_dim} = {n}·{out} = {n * out} entries" if out != 1
             else f"all {batch} = {n} entries")
    mean = (f"np.mean((Ŷ − Y)**2) would divide by {batch}·{out_dim}, {out} times more"
            if out != 1 else f"with one output this equals np.mean((Ŷ − Y)**2)")
    return (
        f"L = (1/{batch})·Σ (Ŷ − Y)²: the Σ runs over {count} and only {batch} divides "
        f"({mean}). The 1/{batch} enters the gradient once, here, so every gradient below "
        f"already contains it. Dividing by {batch} again later (a mean where a sum belongs) "
        f"makes a gradient {batch} times too small; leaving the 1/{batch} out makes it "
        f"{batch} times too large."
    )


BCE_NOTE = (
    "Binary cross-entropy is a mean over the n samples: the 1/n is applied once, here, so "
    "every gradient below already contains it. Ŷ is clipped to [1e-12, 1 − 1e-12] so log(0) "
    "never appears. Code that keeps samples in columns often starts backward without the 1/n "
    "and divides only dW and db by n (there called m): its dW and db are the same numbers, "
    "its dZ and dA are n times ours (and transposed)."
)


def sigmoid_bce_note(a: str, dz: str, out_layer: int, A, Y, dZ, batch: str = "n") -> str:
    """The sigmoid's slope cancels the cross-entropy's denominator; measure it on this pass."""
    import numpy as np

    simple = (np.asarray(A) - np.asarray(Y)) / np.shape(A)[0]
    gap = float(np.max(np.abs(np.asarray(dZ) - simple))) if np.size(A) else 0.0
    scale = max(float(np.max(np.abs(simple))) if np.size(A) else 0.0, 1e-300)
    text = (
        f"Here the two factors cancel. ∂L/∂{a} = (1/{batch})·({a} − Y)/({a}⊙(1 − {a})) and "
        f"σ′ = {a}⊙(1 − {a}), so δ{out_layer} = ∂L/∂Z{out_layer} = ({a} − Y)/{batch}. The "
        f"engine multiplies the two factors as written, to show each link; on this batch "
        f"{dz} differs from ({a} − Y)/{batch} by at most {gap:.1e}"
    )
    if gap <= 1e-9 * scale:
        return text + ", round-off only. Code usually writes the short form: it is cheaper."
    return text + (f": some {a} are so close to 0 or 1 that {a}⊙(1 − {a}) has lost its "
                   f"digits. The short form ({a} − Y)/{batch} has no such trouble, which is "
                   f"why code writes it.")
