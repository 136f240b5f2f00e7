"""The debugger proper: a `bdb.Bdb` that watches the learner's frames and emits events.

bdb decides when to stop (step into / over / out, breakpoints, continue); this subclass
decides what to look at when it does. Only the learner's own frames are traced: for any
other frame `stop_here` says no and bdb's `dispatch_call` returns None, so NumPy and the
standard library run without a per-line callback.

Fast path (plain mode): once a loop has shown its first iterations, the tracer goes
"quiet" on it. New frames are not traced at all (the call event returns None) and the
loop's own lines only bump an iteration counter (a shortcut at the top of `trace_dispatch`,
before bdb's own dispatching), until a line outside the loop (or another frame) shows up;
then the frame's arrays are looked at once and the loop is summarised. On 3.11 the loop's
frame then gets a closure that only counts (`_hide`) and new frames are answered by a
builtin, so a hidden line costs one small call and a call made from it nothing in Python;
on 3.12+ `sys.monitoring` switches the lines that do not count iterations off altogether.

Interactive mode: when the tracer stops, it emits `Paused` and blocks reading commands
from a queue (the UI thread puts them there through `Controller`). Continuing, the lines of
code with no breakpoint stop reporting until a pause or a breakpoint is asked for (`wake`,
in stops.py): a script printing 100 MB runs at about 2x plain `python` under the screen.
"""

from __future__ import annotations

import ast
import bdb
import contextlib
import dis
import inspect
import os
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nntutor.debugger import arrays as arrays_mod
from nntutor.debugger import monitor
from nntutor.shapes import walker as ops_mod
from nntutor.debugger.arrays import FrameArrays
from nntutor.debugger.events import (
    ArrayInfo, Called, Event, LineExecuted, Location, LoopSummarised, Notice, Paused, Returned,
)
from nntutor.debugger.imports import untraced_imports
from nntutor.debugger.loops import LoopRun, advance
from nntutor.debugger.namespace import UNKNOWN, Namespace
from nntutor.debugger.provenance import Provenance
from nntutor.debugger.script import LearnerFiles, Script
from nntutor.shapes.concrete import fmt
from nntutor.debugger.source import SourceIndex, index_for
from nntutor.debugger.stops import Stops
from nntutor.debugger.stretch import stretched

_NOT_TRACED = {"<listcomp>", "<genexpr>", "<dictcomp>", "<setcomp>"}
_GENERATOR_FLAGS = inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR | inspect.CO_COROUTINE


@dataclass
class Options:
    """How a run is traced (plain trace or interactive screen)."""

    interactive: bool = False  # stop and wait for commands (else run straight through)
    show_iterations: int | None = 3  # iterations of a loop traced in full; None: all
    operations: bool = False  # LineExecuted carries the line's operations (always computed)
    history_budget: int | None = None  # bytes of array copies kept for stepping back; None: off
    max_calls_shown: int = 100  # plain: a function called more often runs untraced after that


@dataclass(frozen=True)
class Command:
    """A command from a UI: step into/over/out, continue, walk history, quit."""

    kind: str  # into|over|out|continue|array|back|forward|quit|pause
    arg: object = None


class _Pending:
    """The statement a frame is running, until its next event says it is over."""

    __slots__ = ("line", "location", "step", "returns", "namespace_before", "calls")

    def __init__(self, line: int, location: Location, step: int):
        self.line = line
        self.location = location
        self.step = step
        self.returns: list[tuple[str, object]] = []
        self.namespace_before: dict | None = None
        self.calls: dict | None = None  # code -> calls its comprehension made (plain mode)


class FrameState:
    __slots__ = ("frame", "index", "arrays", "depth", "pending", "raw", "runs", "raising",
                 "every")

    def __init__(self, frame, index: SourceIndex | None, depth: int):
        self.frame = frame
        self.index = index
        self.arrays = FrameArrays()
        self.depth = depth
        self.pending: _Pending | None = None
        self.raw = 0  # the last raw line number seen in this frame
        self.runs: list[LoopRun] = []
        self.raising = False
        self.every: tuple[ArrayInfo, ...] = ()


class _Quiet:
    """A loop running its hidden iterations: only its iteration count is kept up to date."""

    __slots__ = ("frame", "run", "first", "last", "body_first", "body_first_last", "always",
                 "previous")

    def __init__(self, frame, run: LoopRun, line: int):
        span = run.span
        self.frame = frame
        self.run = run
        self.first, self.last = span.header, span.last
        self.body_first, self.body_first_last = span.body_first, span.body_first_last
        self.always = span.always_counts
        self.previous = line


class Tracer(Stops, bdb.Bdb):
    def __init__(
        self,
        script: Script,
        emit: Callable[[Event], None],
        options: Options,
        commands: queue.Queue | None = None,
    ):
        super().__init__()
        self.breaks = {}  # bdb shares breakpoints between instances: start clean
        self.script = script
        self.emit = emit
        self.options = options
        self.commands = commands if commands is not None else queue.Queue()
        self.files = LearnerFiles(script)
        budget = options.history_budget
        self.history = None
        if budget is not None:  # (the interactive screen only: not imported for --plain)
            from nntutor.debugger.history import History

            self.history = History(budget)
        self.provenance = Provenance()
        self.step = 0
        self.mode = "start" if options.interactive else "trace"
        self.quit_requested = False
        self.pause_requested = False
        self.waiting = False  # stopped, reading commands
        self.inbox: deque = deque()  # breakpoint changes from the UI thread
        self._states: dict = {}
        self._tracked: dict = {}
        self._locations: dict = {}
        self._quiet: _Quiet | None = None
        self._calls: dict = {}  # code -> calls traced (plain mode)
        self._muted: dict = {}  # code -> calls run untraced after max_calls_shown
        self._last_changed: tuple[ArrayInfo, ...] = ()
        self._warned: set = set()  # lines already warned about (a loop would repeat it)
        self._announced_drops = 0
        self._live_paused: Paused | None = None
        self._viewing: int | None = None  # history index shown while paused, None: live
        self.thread: int | None = None  # the thread running the script
        self._broken = False  # an internal error: stop watching, let the script finish
        self._dispatch = self.trace_dispatch  # one bound method, returned on the fast path
        self._watcher: monitor.Monitor | None = None  # set while sys.monitoring feeds us
        self.on_fork_child: list[Callable[[], None]] = []  # run in a child the script forks

    # ---- running the script -------------------------------------------------------------
    def run(self, cmd, globals=None, locals=None):
        """bdb's `run`, fed by `sys.monitoring` where it exists (3.12+: only the learner's
        code costs anything), else by `sys.settrace`.

        The recursion limit is raised by the frames below the script (the CLI, the session,
        this method) and a few for the tracer's own calls, so that the learner's recursion
        fails at about the depth it would under plain python."""
        self.thread = threading.get_ident()  # (wake() finds the script's frames by it)
        limit = sys.getrecursionlimit()
        extra = _TRACER_FRAMES if monitor.available() else _TRACER_FRAMES_SETTRACE
        # python starts a script with the whole limit free; here some is used below us
        # (frames, and on 3.11 C calls between them): measured, not guessed
        sys.setrecursionlimit(limit + (limit - _room()) + extra)
        try:
            return self._run(cmd, globals, locals)
        finally:
            sys.setrecursionlimit(limit)

    def _run(self, cmd, globals, locals):
        if not monitor.available():
            _RUNNING.append(self)
            try:
                with untraced_imports(self.files.__contains__, self.trace_dispatch):
                    return super().run(cmd, globals, locals)
            finally:
                if self in _RUNNING:
                    _RUNNING.remove(self)
        self.reset()
        watcher = self._watcher = monitor.Monitor(self.trace_dispatch, self.tracks)
        watcher.start()
        _RUNNING.append(self)
        try:
            exec(cmd, globals, locals)
        except bdb.BdbQuit:
            pass
        finally:
            if self in _RUNNING:  # (a forked child has emptied it)
                _RUNNING.remove(self)
            self.quitting = True
            self._watcher = None
            watcher.stop()

    def untrace_forked_child(self) -> None:
        """In a process the script forked: run the rest untraced and never wait for the UI
        (it lives in the parent; the child's copies of its queues and locks are not fed)."""
        sys.settrace(None)
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()
        self._broken = True  # stop_here says no: nothing more is traced or emitted
        self._quiet = None
        self.waiting = False
        self.emit = _ignore
        for restore in self.on_fork_child:
            restore()

    # ---- which frames are the learner's ---------------------------------------------------
    def tracks(self, code) -> bool:
        known = self._tracked.get(code)
        if known is None:
            known = self._tracked[code] = (
                code.co_filename in self.files and code.co_name not in _NOT_TRACED
                and not _is_class_body(code)
            )
        return known

    def is_learner_object(self, value) -> bool:
        module = getattr(type(value), "__module__", None)
        if module == "__main__":
            return True
        mod = sys.modules.get(module or "")
        return bool(mod is not None and getattr(mod, "__file__", None) in self.files)

    # ---- bdb's hooks --------------------------------------------------------------------
    def trace_dispatch(self, frame, event, arg):
        """bdb's trace function, with a shortcut for a loop's hidden iterations: their lines
        only count iterations, their calls run untraced. Everything else goes to bdb."""
        if event == "call" and self.botframe is not None:
            known = self._tracked.get(frame.f_code)
            if known is False or (known is None and not self.tracks(frame.f_code)):
                return None  # not the learner's code: run it without a per-line callback
        quiet = self._quiet
        if quiet is not None:
            if event == "line" and frame is quiet.frame:
                line = frame.f_lineno
                if quiet.first <= line <= quiet.last:
                    if line == quiet.body_first and (quiet.always or not (
                        quiet.body_first <= quiet.previous <= quiet.body_first_last
                    )):
                        quiet.run.iterations += 1
                    quiet.previous = line
                    if self._watcher is not None and line != quiet.first and not (
                        quiet.body_first <= line <= quiet.body_first_last
                    ):
                        return self._watcher.skip()  # not needed to count iterations
                    return self._dispatch
            elif event == "call" and self.botframe is not None:
                return self._watcher.skip() if self._watcher is not None else None
        elif event == "line" and self.mode == "continue" and self.no_break_in(frame.f_code):
            passed = self._pass_line(frame)
            if passed is not None:
                return passed
        try:
            answer = bdb.Bdb.trace_dispatch(self, frame, event, arg)
        except RecursionError:
            # the learner's recursion is at the limit and our own calls went past it: leave
            # this frame alone; the learner's next call fails in the learner's code, as it
            # would under python (raising here would end sys.settrace for good)
            return None if event == "call" else self._dispatch
        quiet = self._quiet
        if quiet is not None and frame is quiet.frame and answer is not None and (
                self._watcher is None and sys.gettrace() == self._dispatch):
            return self._hide(quiet)  # this line started the loop's hidden iterations
        return answer

    def _hide(self, quiet: _Quiet):
        """3.11 (`sys.settrace`): the trace function of a loop's hidden iterations.

        Their lines only count iterations, in a closure with nothing else to do; the calls
        they make are answered "not traced" by a builtin (`getattr(frame, "call", None)` is
        None) instead of a Python function. At the first event that is not one of the
        loop's lines, the tracer's own function takes over again (`_report_calls`)."""
        frame, run, dispatch = quiet.frame, quiet.run, self._dispatch
        first, last, always = quiet.first, quiet.last, quiet.always
        body_first, body_first_last = quiet.body_first, quiet.body_first_last

        previous = quiet.previous

        def hidden(f, event, arg):
            nonlocal previous
            if event == "line" and f is frame and self._quiet is quiet:
                line = f.f_lineno
                if first <= line <= last:
                    if line == body_first and (always or not (
                            body_first <= previous <= body_first_last)):
                        run.iterations += 1
                    previous = line
                    return hidden
            quiet.previous = previous  # (read when the hidden iterations end)
            answer = dispatch(f, event, arg)
            if self._quiet is quiet:  # still hidden (an exception caught inside the loop)
                return hidden if answer is not None else None
            self._report_calls()
            return answer

        sys.settrace(_UNREPORTED_CALLS)
        return hidden

    def _report_calls(self) -> None:
        """The hidden iterations are over: new frames go through the tracer again."""
        if sys.gettrace() is _UNREPORTED_CALLS:
            sys.settrace(self._dispatch)

    def dispatch_call(self, frame, arg):
        if self._quiet is not None and self.botframe is not None:
            return None  # a call made by a loop's hidden iterations: run it untraced
        if self._muted:
            code = frame.f_code
            if code in self._muted:
                self._muted[code] += 1
                return None
        if self.options.show_iterations is not None and self.botframe is not None:
            if self._hidden_in_comprehension(frame):
                return None
        return super().dispatch_call(frame, arg)

    def _hidden_in_comprehension(self, frame) -> bool:
        """Plain mode: a comprehension calling the learner's function shows its first calls,
        like a loop's first iterations; the others run untraced and are counted."""
        caller = frame.f_back
        while caller is not None and caller.f_code.co_name in _NOT_TRACED:
            caller = caller.f_back  # 3.11: the comprehension's own frame (3.12+ inlines it)
        state = self._states.get(caller)
        pending = state.pending if state is not None else None
        if pending is None or frame in self._states or not _has_comprehension(
                state.index, pending.line):
            return False
        calls = pending.calls if pending.calls is not None else {}
        pending.calls = calls
        count = calls[frame.f_code] = calls.get(frame.f_code, 0) + 1
        return count > self.options.show_iterations

    def stop_here(self, frame):
        quiet = self._quiet
        if quiet is not None:
            if frame is quiet.frame:
                if quiet.first <= frame.f_lineno <= quiet.last:
                    return False  # (its line events are counted in trace_dispatch)
            else:
                caller = frame.f_back  # a generator resumed by the hidden loop stays hidden
                while caller is not None:
                    if caller is quiet.frame:
                        return False
                    caller = caller.f_back
            self._end_quiet(frame)
        if self.inbox:
            self._apply_inbox()
        if self._broken or not self.tracks(frame.f_code):
            return False
        if self.pause_requested:
            return True
        return super().stop_here(frame)

    def break_here(self, frame):
        if not self.breaks:
            return False
        return super().break_here(frame)

    def do_clear(self, arg):  # bdb calls this for temporary breakpoints, which we do not use
        pass

    # The user_* hooks run inside the learner's program: a bug of ours must not look like
    # theirs. On an internal error the tracer says so once and lets the script run on untraced.
    def user_call(self, frame, argument_list):
        if not self._broken:
            self._guard(self._on_call, frame)

    def user_line(self, frame):
        if not self._broken:
            self._guard(self._on_line, frame)

    def user_return(self, frame, value):
        if not self._broken:
            self._guard(self._on_return, frame, value)

    def user_exception(self, frame, exc_info):
        state = self._states.get(frame)
        if state is not None:
            state.raising = True
            if not self._broken:
                self._guard(self._record_unfinished, state)

    def _record_unfinished(self, state: FrameState) -> None:
        """`vb = beta * vb - lr * db; b += vb` failed in its second statement: what the
        first one made is recorded (where it was born), as a finished line would be."""
        pending = state.pending
        if pending is None or state.index is None or \
                len(state.index.statements_on(pending.line)) < 2:
            return
        current = self._collect(state.frame)
        seen = state.arrays.seen
        changed = tuple(ArrayInfo(name, tuple(array.shape), str(array.dtype), "changed")
                        for name, array in current.items()
                        if name not in seen or seen[name].array is not array)
        if changed:
            self.provenance.record(pending.step, pending.location, pending.namespace_before,
                                   state.frame, state.every,
                                   {name: s.array for name, s in seen.items()}, changed,
                                   current)

    def _guard(self, hook, *args) -> None:
        try:
            hook(*args)
        except (bdb.BdbQuit, RecursionError):
            raise  # (RecursionError: see trace_dispatch)
        except Exception as problem:  # noqa: BLE001
            self._broken = True
            self._quiet = None
            self.emit(Notice(f"the debugger stopped watching lines after an internal error "
                             f"({type(problem).__name__}: {problem}); the script runs on",
                             kind="warning"))

    def _on_call(self, frame):
        if frame in self._states:
            return  # a generator resuming
        if self.options.show_iterations is not None:
            code = frame.f_code
            calls = self._calls[code] = self._calls.get(code, 0) + 1
            if calls >= self.options.max_calls_shown:
                self._muted[code] = 0  # the next calls run untraced (plain mode)
        state = self._new_state(frame)
        every, _ = state.arrays.update(self._collect(frame))
        state.every = every
        code = frame.f_code
        location = self._location(code, code.co_firstlineno, state.index)
        count = code.co_argcount + code.co_kwonlyargcount
        count += bool(code.co_flags & 0x04) + bool(code.co_flags & 0x08)  # *args, **kwargs
        self.emit(Called(location, state.depth, every, code.co_varnames[:count]))

    def _on_line(self, frame):
        state = self._states.get(frame)
        if state is None:
            state = self._new_state(frame)
        raw = frame.f_lineno
        previous, state.raw = state.raw, raw
        state.raising = False
        index = state.index
        line = index.statement_line(raw) if index is not None else raw
        pending = state.pending
        if pending is not None and pending.line == line and raw != previous:
            return  # the same multi-line statement going on
        if index is not None and self.options.show_iterations is not None:
            # a generator's loop runs in turns with its caller's: the caller's loop is the one
            # that goes quiet (its hidden iterations then resume the generator untraced)
            show = self.options.show_iterations
            if frame.f_code.co_flags & _GENERATOR_FLAGS:
                show = None
            opened = len(state.runs)
            ended, hide = advance(state.runs, index.loops, raw, previous, show)
            if len(state.runs) > opened - len(ended) and state.runs and show is not None:
                state.runs[-1].at_least = _few_items(index, state.runs[-1].span.header, frame)
            if hide is not None:  # the loop has shown enough: run the rest untraced
                state.pending = None
                self._quiet = _Quiet(frame, hide, raw)
                return
            self._finish(state)
            for run in ended:
                self._summarise(state, run)
        else:
            self._finish(state)
        self.step += 1
        location = self._location(frame.f_code, line, index)
        state.pending = _Pending(line, location, self.step)
        state.pending.namespace_before = self._leaf_values(frame, index, line)
        if self.history is not None:
            self._record(frame, state, location)
        if self.options.interactive:
            reason = self._pause_reason(frame)
            if reason is not None:
                self._pause(frame, state, location, reason)

    def _on_return(self, frame, value):
        yielding = _is_yield(frame)
        state = self._states.get(frame) if yielding else self._states.pop(frame, None)
        if state is None:
            return
        if not state.raising:
            pending = state.pending
            self._finish(state, value)
            if pending is not None:
                location = pending.location
            else:
                line = state.index.statement_line(frame.f_lineno) if state.index else frame.f_lineno
                location = self._location(frame.f_code, line, state.index)
            self.emit(Returned(location, state.depth, *_describe_return(value), yielded=yielding))
        if yielding:
            return  # a generator keeps its state until it really returns
        for run in reversed(state.runs):
            self._summarise(state, run)
        caller = self._states.get(frame.f_back)
        if caller is not None and caller.pending is not None:
            caller.pending.returns.append((frame.f_code.co_name, value))

    # ---- looking at a frame -----------------------------------------------------------
    def _new_state(self, frame) -> FrameState:
        depth = -1
        f = frame
        while f is not None and f is not self.botframe:
            if self.tracks(f.f_code):
                depth += 1
            f = f.f_back
        state = FrameState(frame, index_for(frame.f_code.co_filename), max(depth, 0))
        self._states[frame] = state
        return state

    def _collect(self, frame) -> dict:
        namespace = frame.f_globals if frame.f_code.co_name == "<module>" else frame.f_locals
        return arrays_mod.collect(namespace, self.is_learner_object)

    def _location(self, code, line: int, index: SourceIndex | None) -> Location:
        key = (code, line)
        location = self._locations.get(key)
        if location is None:
            source = index.statement_text(line) if index is not None else ""
            indent = index.indent(line, code.co_firstlineno) if index is not None else 0
            location = self._locations[key] = Location(code.co_filename, line, code.co_name,
                                                       source, indent)
        return location

    def _finish(self, state: FrameState, returned=UNKNOWN) -> tuple[ArrayInfo, ...]:
        """The frame's last statement is over: see what it changed and report it."""
        before = state.every
        before_arrays = {name: seen.array for name, seen in state.arrays.seen.items()}
        current = self._collect(state.frame)
        every, changed = state.arrays.update(current)
        state.every = every
        pending, state.pending = state.pending, None
        self._last_changed = changed
        if pending is None:
            return changed
        operations = self._operations(state, pending, returned)
        key = (state.frame.f_code, pending.line)
        made = bool(changed) or isinstance(returned, np.ndarray)
        # (looked for once per line, and on every line that makes nothing new)
        warnings = stretched(operations) if key not in self._warned or not made else ()
        if made or warnings:
            # where each array was born (and what each function returned), for explaining a
            # shape error later; a line that stretched a broadcast (`np.mean((p - y) ** 2)`
            # with y flat) is kept too: a fix elsewhere may leave it wrong
            self.provenance.record(pending.step, pending.location, pending.namespace_before,
                                   state.frame, before, before_arrays, changed, current,
                                   returned if isinstance(returned, np.ndarray) else None)
        shown = operations if self.options.operations else ()
        stored = _stored_arrays(state.index, pending.line, state.frame, changed)
        self.emit(LineExecuted(pending.step, pending.location, state.depth, changed + stored,
                               shown))
        for code, count in (pending.calls or {}).items():
            more = count - (self.options.show_iterations or count)
            if more > 0:
                self.emit(Notice(f"the comprehension on line {pending.line} called "
                                 f"{code.co_name}() {more} more times (first "
                                 f"{self.options.show_iterations} shown)"))
        if key not in self._warned:
            for warning in warnings:
                self._warned.add(key)
                self.emit(Notice(f"line {pending.line}: {warning}", kind="warning"))
        return changed

    def _leaf_values(self, frame, index, line) -> dict | None:
        """The names the statement reads, as they are before it runs (for its operations)."""
        stmt = index.statement(line) if index is not None else None
        if stmt is None:
            return None
        ns = Namespace.of_frame(frame)
        values = {}
        for node in _names_read(stmt):
            value = ns.name(node)
            if value is not UNKNOWN:
                values[node] = value
        return values

    def _operations(self, state: FrameState, pending: _Pending, returned) -> tuple:
        index = state.index
        stmt = index.statement(pending.line) if index is not None else None
        if stmt is None:
            return ()
        # the names as they were before the statement ran (it may have rebound them)
        ns = Namespace(pending.namespace_before or {}, {})
        if isinstance(stmt, ast.Return):
            result = returned
        else:
            result = _assigned_value(stmt, state.frame)
        analysis = ops_mod.analyse(
            stmt, ns, result=result, returns=tuple(pending.returns),
            is_user_function=self._is_user_function,
        )
        return tuple(analysis.operations)

    def _is_user_function(self, value) -> bool:
        code = getattr(value, "__code__", None)
        return code is not None and self.tracks(code)

    def predicted_operations(self, frame, line: int) -> tuple:
        index = index_for(frame.f_code.co_filename)
        stmt = index.statement(line) if index is not None else None
        if stmt is None:
            return ()
        analysis = ops_mod.analyse(stmt, Namespace.of_frame(frame),
                                   is_user_function=self._is_user_function)
        return tuple(analysis.operations)

    # ---- loops --------------------------------------------------------------------------
    def _summarise(self, state: FrameState, run: LoopRun) -> None:
        shown = self.options.show_iterations
        if shown is None or run.iterations <= max(shown, run.at_least):
            return
        shown = max(shown, run.at_least)
        location = self._location(state.frame.f_code, run.span.header, state.index)
        self.emit(LoopSummarised(location, state.depth, shown, run.iterations - shown, run.changed))

    def _end_quiet(self, frame) -> None:
        """The hidden iterations are over: catch up with the frames, then trace normally."""
        quiet, self._quiet = self._quiet, None
        if self._watcher is not None:
            self._watcher.restore_lines()
        else:
            self._report_calls()
        alive = set()
        f = frame
        while f is not None:
            alive.add(f)
            f = f.f_back
        state = self._states.get(quiet.frame)
        if state is not None:
            quiet.run.changed = state.arrays.rebase(self._collect(quiet.frame))
            state.every = state.arrays.infos()
            state.pending = None
            state.raw = quiet.previous
        for dead in [f for f in self._states if f not in alive]:
            gone = self._states.pop(dead)
            for run in reversed(gone.runs):
                self._summarise(gone, run)

    def flush(self) -> None:
        """The script is over: summarise loops still open (innermost first)."""
        if self._quiet is not None:
            quiet, self._quiet = self._quiet, None
            state = self._states.get(quiet.frame)
            if state is not None:
                quiet.run.changed = state.arrays.rebase(self._collect(quiet.frame))
        for state in reversed(list(self._states.values())):
            for run in reversed(state.runs):
                self._summarise(state, run)
            state.runs = []
        self._states.clear()
        for code, count in self._muted.items():
            if count:
                self.emit(Notice(f"{code.co_name}() was called {count} more times (not shown)"))
                self._muted[code] = 0  # said once, even if flush() is called again


# the tracer's calls on top of the learner's deepest frame (its fast path), measured so that
# a runaway recursion fails at the same depth as under python
_TRACER_FRAMES = 1
_TRACER_FRAMES_SETTRACE = 2
_RUNNING: list[Tracer] = []  # tracers whose script is running (in this thread or another)
# 3.11: the global trace function while a loop runs hidden; it only ever sees "call" events
# and answers None (frames have no attribute "call"): the call runs untraced, at C speed
_UNREPORTED_CALLS = getattr


def _room() -> int:
    """How many more calls fit under the recursion limit from the caller's frame."""
    def probe(n: int) -> int:
        try:
            return probe(n + 1)
        except RecursionError:
            return n

    return probe(0)


def _ignore(event) -> None:
    pass


def _untrace_forked_child() -> None:
    for tracer in list(_RUNNING):
        tracer.untrace_forked_child()
    _RUNNING.clear()


def _flush_before_fork() -> None:
    """Trace lines still buffered would otherwise be written twice, once by each process."""
    if _RUNNING:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_flush_before_fork, after_in_child=_untrace_forked_child)


_STORED_SHOWN = 4  # items of a list of arrays named one by one, then "and N more"


def _stored_arrays(index, line: int, frame, changed) -> tuple[ArrayInfo, ...]:
    """Arrays the statement stored into an attribute or an entry (`self.W = ...`,
    `params['W1'] = ...`, `self.weights = [...]`) that the frame's own names do not show."""
    stmt = index.statement(line) if index is not None else None
    if not isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        return ()
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    if len(targets) != 1 or not isinstance(targets[0], (ast.Attribute, ast.Subscript)):
        return ()
    target = targets[0]
    name = ast.unparse(target)
    if any(info.name == name for info in changed):
        return ()
    value = Namespace.of_frame(frame).value(target)
    if isinstance(value, np.ndarray):
        return (ArrayInfo(name, tuple(value.shape), str(value.dtype), "changed"),)
    if isinstance(value, (list, tuple)) and value and all(
        isinstance(v, np.ndarray) for v in value
    ):
        found = tuple(ArrayInfo(f"{name}[{i}]", tuple(v.shape), str(v.dtype), "changed")
                      for i, v in enumerate(value[:_STORED_SHOWN]))
        if len(value) > _STORED_SHOWN:
            last = value[-1]
            found += (ArrayInfo(f"… {name}[{len(value) - 1}]", tuple(last.shape),
                                str(last.dtype), "changed"),)
        return found
    return ()


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_HAS_COMPREHENSION: dict = {}


def _has_comprehension(index, line: int) -> bool:
    key = (index, line)
    found = _HAS_COMPREHENSION.get(key)
    if found is None:
        stmt = index.statement(line) if index is not None else None
        found = _HAS_COMPREHENSION[key] = stmt is not None and any(
            isinstance(node, _COMPREHENSIONS) for node in ast.walk(stmt))
    return found


_FEW_ITEMS = 10  # a `for` over a list, tuple or dict this short (the layers) shows every item
_FEW_RANGE = 6  # a `for` over a range this short (`range(1, L)`: the layers) shows every item,
# unless its bounds are written out as numbers


def _few_items(index, header: int, frame) -> int:
    """How many items a `for` loop over a short list, tuple, dict or range has, else 0."""
    stmt = index.statement(header)
    if not isinstance(stmt, ast.For):
        return 0
    iterable = stmt.iter
    if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and (
            iterable.func.id in ("enumerate", "zip", "reversed", "list")) and iterable.args:
        iterable = iterable.args[0]
    if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute) and (
            iterable.func.attr in ("items", "keys", "values")) and not iterable.args:
        iterable = iterable.func.value
    ns = Namespace.of_frame(frame)
    if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and (
            iterable.func.id == "range") and ns.name("range") is range and not iterable.keywords:
        if all(isinstance(a, ast.Constant) for a in iterable.args):
            return 0  # `range(5)` written out: epochs or a demo, not the layers
        bounds = [ns.value(a) for a in iterable.args]
        if bounds and all(isinstance(b, int) for b in bounds) and len(bounds) <= 3 and (
                len(bounds) < 3 or bounds[2] != 0):
            count = len(range(*bounds))
            return count if count <= _FEW_RANGE else 0
        return 0
    value = ns.value(iterable)
    if isinstance(value, (list, tuple, dict)) and len(value) <= _FEW_ITEMS:
        return len(value)
    return 0


def _is_class_body(code) -> bool:
    """A `class` statement's body runs as a frame of its own: not a call the learner made."""
    return code.co_name != "<module>" and not code.co_flags & inspect.CO_NEWLOCALS


def _names_read(stmt) -> tuple[str, ...]:
    names = _NAMES_READ.get(stmt)  # (a loop's line is looked at once per iteration shown)
    if names is None:
        found = []
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                found.append(node.id)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                found.append(node.target.id)
        if len(_NAMES_READ) > 100_000:  # (scripts re-run in one process: old trees go)
            _NAMES_READ.clear()
        names = _NAMES_READ[stmt] = tuple(found)
    return names


_NAMES_READ: dict = {}  # statement (of a SourceIndex, kept for the process) -> names it reads


def _assigned_value(stmt, frame):
    """What an assignment stored, read back after it ran (for its last operation's shape)."""
    target = None
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        target = stmt.target
    if target is None or isinstance(target, (ast.Tuple, ast.List)):
        return UNKNOWN
    return Namespace.of_frame(frame).value(target)


def _is_yield(frame) -> bool:
    """A 'return' event that is really a generator's `yield` (or `await`)."""
    code = frame.f_code
    if not code.co_flags & _GENERATOR_FLAGS:
        return False
    return frame.f_lasti in _suspensions(code)


_SUSPENSIONS: dict = {}


def _suspensions(code) -> frozenset[int]:
    """The instruction offsets at which a frame of `code` can be suspended.

    3.11 and 3.12 report a yield at its YIELD_VALUE; 3.13 has already moved on to the RESUME
    after it (whose argument says "after a yield", 1, or "after yield from / await", 2 or 3;
    0 is the function's start). Both are in the set, so the test holds on every version.
    """
    found = _SUSPENSIONS.get(code)
    if found is None:
        offsets = set()
        for ins in dis.get_instructions(code):
            if ins.opname in ("YIELD_VALUE", "SEND") or (
                ins.opname == "RESUME" and (ins.arg or 0) & 3
            ):
                offsets.add(ins.offset)
        found = _SUSPENSIONS[code] = frozenset(offsets)
    return found


def _describe_return(value) -> tuple[tuple[ArrayInfo, ...], str]:
    if isinstance(value, np.ndarray):
        info = ArrayInfo("return", tuple(value.shape), str(value.dtype))
        return (info,), f"{fmt(tuple(value.shape))} {value.dtype}"
    if isinstance(value, tuple) and value and all(isinstance(v, np.ndarray) for v in value):
        infos = tuple(ArrayInfo(f"return[{i}]", tuple(v.shape), str(v.dtype))
                      for i, v in enumerate(value))
        shapes = ", ".join(fmt(i.shape) for i in infos)
        return infos, f"a tuple of {len(value)} arrays: {shapes}"
    if value is None:
        return (), "None"
    name = type(value).__name__
    return (), f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"
