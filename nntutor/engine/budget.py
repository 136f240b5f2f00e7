"""What one run of the engine may ask for: the numbers, and the one check that applies them.

A lesson (or a command-line override such as `train --epochs`) is refused BEFORE any array is
allocated when it would not fit here: an array too large for memory, a pass whose arrays
together are too large, or training whose total work (epochs x multiply-adds per epoch) would
run for hours. Every limit is stated once, below; lessons, `validate`, `train`, `trace` and
the tutor all ask `check` (or one of its helpers) and show its message as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

# One array: 10 million float64 entries, 80 MB.
MAX_ARRAY_ELEMENTS = 10_000_000
# All the arrays one traced forward and backward pass keeps, together: 400 MB of float64.
MAX_PASS_ELEMENTS = 50_000_000
# Training: epochs x multiply-adds per epoch. The largest shipped lesson (moons 2-25-50-50-25-1,
# 900 rows, 10,000 epochs) needs about 1.4e11 (forward and backward); this allows a few times that.
MAX_WORK = 1_000_000_000_000
# Every gradient step also costs Python time whatever its size (about 25 µs for a small net),
# counted as this many multiply-adds, so a million epochs of XOR is not "free".
STEP_OVERHEAD = 50_000


class BudgetError(ValueError):
    """A size or count that cannot run here; `key` says which setting to change."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


def approx(count: float) -> str:
    """12,300,000 -> "1.2e+07"; small counts in full."""
    return f"{int(count):,}" if count < 1e6 else f"{count:.2g}"


def _elements(shape: Iterable[int]) -> int:
    total = 1
    for size in shape:
        total *= int(size)
    return total


def check_array(name: str, shape: Iterable[int]) -> None:
    """Raise BudgetError when one array of this shape would be too large."""
    shape = tuple(int(s) for s in shape)
    count = _elements(shape)
    if count > MAX_ARRAY_ELEMENTS:
        raise BudgetError(f"{name} would have shape {shape}, {approx(count)} numbers; one array "
                          f"may hold at most {approx(MAX_ARRAY_ELEMENTS)} here: use smaller sizes",
                          name)


def check_pass(shapes: Mapping[str, Iterable[int]]) -> None:
    """Raise BudgetError when one array, or all of one pass's arrays together, are too large.

    `shapes` maps each array a pass keeps (values and gradients) to its shape."""
    total = 0
    for name, shape in shapes.items():
        check_array(name, shape)
        total += _elements(shape)
    if total > MAX_PASS_ELEMENTS:
        largest = max(shapes, key=lambda k: _elements(shapes[k]))
        raise BudgetError(f"one forward and backward pass would keep {approx(total)} numbers "
                          f"(the largest, {largest}, {approx(_elements(shapes[largest]))}); at most "
                          f"{approx(MAX_PASS_ELEMENTS)} fit here: use smaller sizes", largest)


def max_epochs(work_per_epoch: int) -> int:
    """The most epochs the work budget allows at this cost per epoch."""
    return MAX_WORK // max(1, int(work_per_epoch))


def check_work(epochs: int, work_per_epoch: int, what: str = "epochs") -> None:
    """Raise BudgetError when `epochs` epochs of `work_per_epoch` multiply-adds are too much.

    `what` names the setting in the message (`epochs` in a lesson, `--epochs` on the command
    line)."""
    total = int(epochs) * max(1, int(work_per_epoch))
    if total > MAX_WORK:
        raise BudgetError(f"{what} = {epochs:,} would need about {approx(total)} multiply-adds "
                          f"({approx(work_per_epoch)} per epoch); at most {approx(MAX_WORK)} run "
                          f"here, so give at most {max_epochs(work_per_epoch):,} epochs", "epochs")


@dataclass(frozen=True)
class DenseCost:
    """The shapes and work of a dense stack on `rows` rows: what `check` needs to know."""

    shapes: dict[str, tuple[int, ...]]
    work_per_epoch: int


def dense_cost(rows: int, widths: Iterable[int], steps_per_epoch: int = 1) -> DenseCost:
    """Arrays of one traced pass (X, every W, b, Z, A and their gradients) and the multiply-adds
    of one epoch (forward, plus backward's two products per layer: about 3 x the forward, plus
    STEP_OVERHEAD per gradient step)."""
    widths = [int(w) for w in widths]
    shapes: dict[str, tuple[int, ...]] = {"X": (rows, widths[0]), "Y": (rows, widths[-1])}
    forward = 0
    for l, (a, b) in enumerate(zip(widths, widths[1:]), start=1):
        for prefix in ("", "d"):
            shapes[f"{prefix}W{l}"] = (a, b)
            shapes[f"{prefix}b{l}"] = (1, b)
            shapes[f"{prefix}Z{l}"] = shapes[f"{prefix}A{l}"] = (rows, b)
        forward += rows * a * b
    return DenseCost(shapes, 3 * forward + STEP_OVERHEAD * max(1, int(steps_per_epoch)))


def check(shapes: Mapping[str, Iterable[int]], work_per_epoch: int = 0, epochs: int = 0,
          what: str = "epochs") -> None:
    """The whole budget at once: every array, the pass, and epochs x work."""
    check_pass(shapes)
    if epochs:
        check_work(epochs, work_per_epoch, what)
