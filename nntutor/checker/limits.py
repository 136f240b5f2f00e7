"""How much an exercise expression may ask for, and the one-line refusals when it asks for more.

The element and work limits are checked BEFORE each operation runs, from the operands'
shapes; the seconds and memory limits are enforced by the sandbox process around it.
Defaults fit the lessons (California housing, 20,640 x 8, is the largest data set) with
a wide margin, and stop anything that would take the tutor down.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from nntutor.checker.errors import ExpressionRefused


@dataclass(frozen=True)
class Limits:
    max_chars: int = 2_000  # characters of typed text
    max_nodes: int = 400  # syntax-tree nodes
    max_depth: int = 40  # nesting of brackets and of the syntax tree
    max_int: int = 10**9  # largest integer literal, index or slice bound
    max_int_bits: int = 63  # whole-number arithmetic stays within int64
    max_exponent: int = 64  # largest whole-number power of a whole number
    max_elements: int = 10_000_000  # elements of any one intermediate result (80 MB of float64)
    max_work: int = 200_000_000  # multiply-adds of any one operation
    max_total_work: int = 1_000_000_000  # multiply-adds of a whole expression
    max_total_elements: int = 50_000_000  # elements of all its intermediate results together
    seconds: float = 1.0  # wall clock of one evaluation
    check_seconds: float = 1.5  # wall clock of one `check_answer` (several evaluations)
    memory_bytes: int = 768 * 2**20  # memory the sandbox worker may add while evaluating

    def to_dict(self) -> dict:
        return asdict(self)


DEFAULT_LIMITS = Limits()


def approx(count: int) -> str:
    """`10^12`, `2.7*10^10`, or the plain number below a million."""
    if count < 1_000_000:
        return str(count)
    exp = math.floor(math.log10(count))
    mantissa = count / 10**exp
    if round(mantissa, 1) == 1.0:
        return f"10^{exp}"
    return f"{mantissa:.2g}*10^{exp}"


class Budget:
    """What one evaluation has used so far: work, and elements ever allocated (an upper
    bound on its memory, since nothing is subtracted when an intermediate is freed)."""

    __slots__ = ("elements", "limits", "work")

    def __init__(self, limits: Limits):
        self.limits = limits
        self.work = 0
        self.elements = 0

    def charge(self, elements: int, work: int, what: str) -> None:
        """Refuse an operation before it runs, or count it."""
        limits = self.limits
        if elements > limits.max_elements:
            raise ExpressionRefused(
                f"refused: {what} would have {approx(elements)} elements "
                f"(limit {approx(limits.max_elements)})")
        if work > limits.max_work:
            raise ExpressionRefused(
                f"refused: {what} would take {approx(work)} operations "
                f"(limit {approx(limits.max_work)} per operation)")
        self.work += work
        self.elements += elements
        if self.work > limits.max_total_work:
            raise ExpressionRefused(
                "refused: the expression would take more than "
                f"{approx(limits.max_total_work)} operations in all")
        if self.elements > limits.max_total_elements:
            raise ExpressionRefused(
                "refused: the expression would create more than "
                f"{approx(limits.max_total_elements)} array elements in all")
