"""Stopping: the `Paused` event, the commands a UI sends, and walking back through history.

Mixed into `Tracer`. While stopped, the debugger thread blocks in `_serve` reading the
command queue; history commands are answered there (the script does not move), any other
command sets bdb's stepping state and returns, so the script runs on.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import numpy as np

from nntutor.shapes import walker as ops_mod
from nntutor.debugger.events import Location, Notice, Paused
from nntutor.debugger.namespace import Namespace
from nntutor.debugger.source import index_for

if TYPE_CHECKING:
    from nntutor.debugger.history import Snapshot
    from nntutor.debugger.tracer import FrameState


class Stops:
    """The interactive half of the tracer (expects the attributes `Tracer` sets up)."""

    # ---- history ------------------------------------------------------------------------
    def _stack(self, frame) -> tuple[Location, ...]:
        found = []
        f = frame
        while f is not None and f is not self.botframe:
            if self.tracks(f.f_code):
                index = index_for(f.f_code.co_filename)
                line = index.statement_line(f.f_lineno) if index is not None else f.f_lineno
                found.append(self._location(f.f_code, line, index))
            f = f.f_back
        return tuple(reversed(found))

    def _record(self, frame, state: FrameState, location: Location) -> None:
        from nntutor.debugger.history import Snapshot

        snapshot = Snapshot(self.step, location, state.depth, state.every, self._stack(frame),
                            frame.f_globals)
        dropped = self.history.add(snapshot)
        if dropped and self._announced_drops == 0:
            self._announce_drops()

    def _announce_drops(self) -> None:
        history = self.history
        if history is None or history.dropped == self._announced_drops:
            return
        self._announced_drops = history.dropped
        self.emit(Notice(
            f"history: dropped the {history.dropped} oldest steps to stay within the "
            f"{_size(history.budget)} memory budget; you can step back to step {history.oldest}",
            kind="history",
        ))

    # ---- stopping and commands ----------------------------------------------------------
    def _pause_reason(self, frame) -> str | None:
        if self.pause_requested:
            self.pause_requested = False
            return "pause"
        if self.mode == "start":
            return "start"
        if self.breaks and self._has_break(frame):
            return "breakpoint"
        if self.mode == "step":
            return "step"
        if self.mode == "array" and self._last_changed:
            return "array"
        return None

    # ---- continuing past lines that cannot stop -----------------------------------------
    # Continuing, a line stops only at a breakpoint or when a pause is asked for: the lines
    # of code with no breakpoint stop reporting (3.12+: DISABLE, until events are restarted;
    # 3.11: the frame's f_trace_lines), and wake() (the UI thread, after asking) or the next
    # stop turns them on again. The flags are read after the lines are marked off, so a
    # request made meanwhile is either seen here or finds the lines to turn on.
    def no_break_in(self, code) -> bool:
        if not self.breaks:
            return True
        lines = self.breaks.get(self.canonic(code.co_filename))
        return not lines or _code_lines(code).isdisjoint(lines)

    def _pass_line(self, frame):
        """The answer to a line that cannot stop, None if it might (bdb decides)."""
        watcher = self._watcher
        if watcher is not None:
            skip = watcher.skip()
            if not (self.pause_requested or self.inbox):
                return skip  # (no call between this test and the DISABLE it becomes)
            return None
        frame.f_trace_lines = False
        if self.pause_requested or self.inbox:
            frame.f_trace_lines = True
            return None
        return self._dispatch

    def wake(self) -> None:
        """Any thread, after asking for a pause or changing breakpoints: lines report again."""
        watcher = self._watcher
        if watcher is not None:
            watcher.restore_lines()
        elif self.thread is not None:
            _lines_on(sys._current_frames().get(self.thread))

    def _lines_back(self, frame) -> None:
        """Stopped: every line reports again (stepping may return into a caller)."""
        if self._watcher is not None:
            self._watcher.restore_lines()
        else:
            _lines_on(frame)

    def _has_break(self, frame) -> bool:
        lines = self.breaks.get(self.canonic(frame.f_code.co_filename))
        return bool(lines) and frame.f_lineno in lines

    def _pause(self, frame, state: FrameState, location: Location, reason: str) -> None:
        self._lines_back(frame)
        self._announce_drops()
        history = self.history
        paused = Paused(
            step=self.step,
            location=location,
            depth=state.depth,
            reason=reason,
            arrays=state.every,
            operations=self.predicted_operations(frame, location.lineno),
            stack=self._stack(frame),
            live=True,
            oldest_step=history.oldest if history else self.step,
            newest_step=self.step,
        )
        self._live_paused = paused
        self._viewing = None
        self.waiting = True  # before the event: a command sent on seeing it is accepted
        self.emit(paused)
        self._serve(frame)

    def _serve(self, frame) -> None:
        """Block until a command resumes the script (history commands are answered here)."""
        self.waiting = True
        try:
            self._serve_commands(frame)
        finally:
            self.waiting = False

    def _serve_commands(self, frame) -> None:
        while True:
            self.waiting = True  # again after a command that did not resume the script
            command = self.commands.get()
            if self.inbox:
                self._apply_inbox()
            kind = command.kind
            if kind in ("back", "forward"):
                self._navigate(-1 if kind == "back" else 1)
                continue
            if kind == "pause":
                continue
            if kind == "interrupt":  # ctrl+c in a UI: KeyboardInterrupt where the script is
                if frame is None:
                    continue
                raise KeyboardInterrupt
            if frame is None:  # the script has ended: only history and quit make sense
                if kind == "quit":
                    return
                self.emit(Notice("the script has finished: step back through its history, or quit"))
                continue
            self._viewing = None
            if kind == "into":
                self.mode = "step"
                self.set_step()
            elif kind == "over":
                self.mode = "step"
                self.set_next(frame)
            elif kind == "out":
                self.mode = "step"
                if frame.f_code.co_name == "<module>":
                    self.mode = "continue"
                    self._set_stopinfo(self.botframe, None, -1)
                else:
                    self.set_return(frame)
            elif kind == "continue":
                self.mode = "continue"
                self._set_stopinfo(self.botframe, None, -1)
            elif kind == "array":
                self.mode = "array"
                self.set_step()
            elif kind == "quit":
                self.quit_requested = True
                self.set_quit()
            else:
                self.emit(Notice(f"unknown command {kind!r}", kind="warning"))
                continue
            return

    def _navigate(self, direction: int) -> None:
        history = self.history
        if history is None or len(history) == 0:
            self.emit(Notice("no history is being recorded"))
            return
        newest = len(history) - 1
        current = newest if self._viewing is None else self._viewing
        target = current + direction
        if target < 0:
            dropped = ""
            if history.dropped:
                dropped = " (older steps were dropped to stay within the memory budget)"
            self.emit(Notice(f"this is the oldest recorded step{dropped}", kind="history"))
            return
        if target > newest:
            self.emit(Notice("this is the newest step: step or continue to run on", kind="history"))
            return
        if target == newest and self._live_paused is not None and self._live_paused.live:
            self._viewing = None
            self.emit(self._live_paused)
            return
        self._viewing = target
        snapshot = history.at(target)
        self.emit(self.history_view(snapshot))

    def history_view(self, snapshot: Snapshot, reason: str = "history") -> Paused:
        index = index_for(snapshot.location.file)
        operations = ()
        stmt = index.statement(snapshot.location.lineno) if index is not None else None
        if stmt is not None:
            local = {a.name: a.value for a in snapshot.arrays if a.value is not None}
            ns = Namespace(local, {k: v for k, v in snapshot.globals_.items()
                                   if not isinstance(v, np.ndarray)})
            analysis = ops_mod.analyse(stmt, ns, is_user_function=self._is_user_function)
            operations = tuple(analysis.operations)
        history = self.history
        return Paused(
            step=snapshot.step, location=snapshot.location, depth=snapshot.depth, reason=reason,
            arrays=snapshot.arrays, operations=operations, stack=snapshot.stack, live=False,
            oldest_step=history.oldest if history else snapshot.step,
            newest_step=history.newest if history else snapshot.step,
        )

    def serve_after_end(self, final: Paused | None) -> None:
        """Interactive mode, script over: show the final state, answer history commands."""
        if final is not None:
            self._live_paused = final
            self.waiting = True
            self.emit(final)
        self._viewing = None
        self._serve(None)

    # ---- breakpoints --------------------------------------------------------------------
    def _apply_inbox(self) -> None:
        while self.inbox:
            action, filename, line = self.inbox.popleft()
            if action == "add":
                self.set_break(filename, line)
            else:
                self.clear_break(filename, line)


def _size(count: int) -> str:
    """64 MB, 2.9 KB, 512 bytes."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count} bytes"


def _lines_on(frame) -> None:
    while frame is not None:
        frame.f_trace_lines = True
        frame = frame.f_back


_CODE_LINES: dict = {}


def _code_lines(code) -> frozenset[int]:
    """The line numbers a code object's own instructions are on (not its nested functions')."""
    found = _CODE_LINES.get(code)
    if found is None:
        found = _CODE_LINES[code] = frozenset(
            line for _, _, line in code.co_lines() if line is not None)
    return found
