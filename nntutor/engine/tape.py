"""The Tape: the ordered steps of one forward and backward pass.

Steps are numbered from 0. Every array a step read or wrote is kept on the step, so the state
before and after any step can be rebuilt, which is what lets a front end step backward.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nntutor.engine.step import Operand, Phase, Step


@dataclass
class Tape:
    steps: list[Step] = field(default_factory=list)
    dims: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    loss: float | None = None

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)

    def __getitem__(self, index: int) -> Step:
        return self.steps[index]

    def add(self, **fields) -> Step:
        step = Step(index=len(self.steps), **fields)
        self.steps.append(step)
        return step

    def phase(self, phase: Phase) -> list[Step]:
        return [s for s in self.steps if s.phase == phase]

    def first_of(self, phase: Phase) -> int | None:
        """Index of the first step of a phase (to jump to the start of backward)."""
        for s in self.steps:
            if s.phase == phase:
                return s.index
        return None

    def state_after(self, index: int) -> dict[str, Operand]:
        """Every named array known once step `index` has run (index −1: before any step).

        Inputs count as known from the step that first reads them; a later step that writes
        the same name (a parameter update) replaces it.
        """
        if index >= len(self.steps):
            raise IndexError(f"step {index} does not exist: the tape has {len(self.steps)} steps")
        state: dict[str, Operand] = {}
        for step in self.steps[: index + 1]:
            for o in step.inputs:
                state.setdefault(o.name, o)
            for o in step.outputs:
                state[o.name] = o
        return state

    def state_before(self, index: int) -> dict[str, Operand]:
        return self.state_after(index - 1) if index > 0 else {}

    def values(self) -> dict[str, np.ndarray]:
        """Every named array after the whole pass (the last value written under each name)."""
        return {name: o.value for name, o in self.state_after(len(self.steps) - 1).items()}

    def gradient_received(self, index: int) -> set[str]:
        """Graph nodes that have received their gradient once step `index` has run."""
        return {
            target for s in self.steps[: index + 1] if s.phase == "backward" for target in s.grad_of
        }
