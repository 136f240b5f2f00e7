"""Counting a loop's iterations as the trace passes through it, to summarise long loops.

Plain mode traces the first few iterations of a loop in full, then runs the rest without
showing them and says "... loop at line N repeated K more times" when it ends.
"""

from __future__ import annotations

from nntutor.debugger.events import ArrayInfo
from nntutor.debugger.source import LoopSpan


class LoopRun:
    """One run of a loop in one frame: how many iterations have started."""

    __slots__ = ("span", "iterations", "hidden", "changed", "at_least")

    def __init__(self, span: LoopSpan):
        self.span = span
        self.iterations = 0
        self.at_least = 0  # a loop over a few layers shows all of them (set by the tracer)
        self.hidden = False  # iterations beyond the shown ones run untraced
        self.changed: tuple[ArrayInfo, ...] = ()  # arrays the hidden iterations changed


def advance(
    runs: list[LoopRun], loops: dict[int, LoopSpan], line: int, previous: int, show: int | None
) -> tuple[list[LoopRun], LoopRun | None]:
    """Move the frame's open loops to `line` (coming from `previous`).

    Returns the runs that just ended (innermost first) and the run that has now shown
    `show` iterations and starts a hidden one (None if none).
    """
    ended = []
    while runs and not runs[-1].span.contains(line):
        ended.append(runs.pop())
    for run in runs:
        if run.span.starts_iteration(line, previous):
            run.iterations += 1
            if show is not None and run.iterations > max(show, run.at_least) and not run.hidden:
                run.hidden = True
                return ended, run
    span = loops.get(line)
    if span is not None and not (runs and runs[-1].span is span):
        runs.append(LoopRun(span))
    return ended, None
