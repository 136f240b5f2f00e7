"""Recorded steps to walk back through, kept within a memory budget.

Each step keeps the frame's arrays as read-only copies; an array that did not change
shares its copy with the step before, so a copy is paid for once however many steps show
it. When the copies exceed the budget the oldest steps are dropped (never the newest).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field

from nntutor.debugger.events import ArrayInfo, Location

DEFAULT_BUDGET_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Snapshot:
    step: int
    location: Location
    depth: int
    arrays: tuple[ArrayInfo, ...]
    stack: tuple[Location, ...]
    # the frame's globals (live), to resolve functions and modules when the step is shown again
    globals_: dict = field(default_factory=dict, compare=False, repr=False)


class History:
    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES):
        if budget_bytes < 0:
            raise ValueError(f"history budget must be >= 0 bytes, got {budget_bytes}")
        self.budget = budget_bytes
        self._steps: deque[Snapshot] = deque()
        self._refs: dict[int, list] = {}  # id(copy) -> [copy, number of steps holding it]
        self.bytes = 0
        self.dropped = 0  # how many steps were dropped so far
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._steps)

    def add(self, snapshot: Snapshot) -> int:
        """Record a step; returns how many old steps were dropped to stay in budget."""
        with self._lock:
            self._steps.append(snapshot)
            for info in snapshot.arrays:
                self._hold(info)
            dropped = 0
            while self.bytes > self.budget and len(self._steps) > 1:
                for info in self._steps.popleft().arrays:
                    self._release(info)
                dropped += 1
            self.dropped += dropped
            return dropped

    def _hold(self, info: ArrayInfo) -> None:
        if info.value is None:
            return
        ref = self._refs.get(id(info.value))
        if ref is None:
            self._refs[id(info.value)] = [info.value, 1]
            self.bytes += info.value.nbytes
        else:
            ref[1] += 1

    def _release(self, info: ArrayInfo) -> None:
        if info.value is None:
            return
        ref = self._refs[id(info.value)]
        ref[1] -= 1
        if ref[1] == 0:
            del self._refs[id(info.value)]
            self.bytes -= info.value.nbytes

    @property
    def oldest(self) -> int:
        return self._steps[0].step if self._steps else 0

    @property
    def newest(self) -> int:
        return self._steps[-1].step if self._steps else 0

    def position(self, step: int) -> int | None:
        """Index of `step` among the recorded steps (steps are increasing, not contiguous)."""
        with self._lock:
            lo, hi = 0, len(self._steps) - 1
            while lo <= hi:
                mid = (lo + hi) // 2
                found = self._steps[mid].step
                if found == step:
                    return mid
                lo, hi = (mid + 1, hi) if found < step else (lo, mid - 1)
            return None

    def at(self, index: int) -> Snapshot:
        with self._lock:
            return self._steps[index]

    def latest(self) -> Snapshot | None:
        with self._lock:
            return self._steps[-1] if self._steps else None
