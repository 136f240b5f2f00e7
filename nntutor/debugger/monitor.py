"""Python 3.12+: the tracer's events from `sys.monitoring` instead of `sys.settrace`.

With `sys.settrace` every function call anywhere (NumPy, scikit-learn's imports) calls back
into Python; on 3.12 and later that alone doubles the time of `import sklearn`. Here only
the learner's code costs anything: the first time a code object that is not the learner's
starts, its callback returns `DISABLE` and that code never reports again. The learner's code
objects get line, return and yield events of their own (`set_local_events`).

The events are handed to the tracer's `trace_dispatch(frame, event, arg)` exactly as
`sys.settrace` would: "call" on a start or a resume (its result becomes the frame's
`f_trace`, None: the frame is not traced), then "line", "return" and "exception" only for
frames whose `f_trace` is set. bdb's stepping logic therefore runs unchanged on every version.
Only the thread that started the monitor is traced, as `sys.settrace` traces one thread.
"""

from __future__ import annotations

import sys
import threading

_MONITORING = getattr(sys, "monitoring", None)
_LOCAL = 0  # the learner's code: line, return and yield events (set on start)
_SKIP = object()  # the tracer's answer to a line it does not need again for now


def available() -> bool:
    """sys.monitoring exists (3.12+) and the debugger's tool id is free."""
    return _MONITORING is not None and _MONITORING.get_tool(_MONITORING.DEBUGGER_ID) is None


class Monitor:
    def __init__(self, dispatch, tracks):
        self.dispatch = dispatch  # the tracer's trace_dispatch
        self.tracks = tracks  # code -> bool: is this the learner's code?
        self.thread = threading.get_ident()
        self._armed: set = set()  # learner code objects with local events switched on
        self._live: dict = {}  # code -> traced frames of it that have not returned
        self._skipped = False  # events switched off by skip()

    # ---- switching on and off -----------------------------------------------------------
    def start(self) -> None:
        mon = _MONITORING
        tool, ev = mon.DEBUGGER_ID, mon.events
        mon.use_tool_id(tool, "nntutor debug")
        global _LOCAL
        _LOCAL = ev.LINE | ev.PY_RETURN | ev.PY_YIELD
        mon.register_callback(tool, ev.PY_START, self._start)
        mon.register_callback(tool, ev.PY_RESUME, self._start)
        mon.register_callback(tool, ev.LINE, self._line)
        mon.register_callback(tool, ev.PY_RETURN, self._return)
        mon.register_callback(tool, ev.PY_YIELD, self._return)
        mon.register_callback(tool, ev.PY_UNWIND, self._unwind)
        mon.restart_events()  # code disabled by an earlier run may be the learner's now
        mon.set_events(tool, ev.PY_START | ev.PY_RESUME | ev.PY_UNWIND)

    def stop(self) -> None:
        mon = _MONITORING
        tool, ev = mon.DEBUGGER_ID, mon.events
        if mon.get_tool(tool) is None:
            return
        mon.set_events(tool, 0)
        for code in self._armed:
            mon.set_local_events(tool, code, 0)
        self._armed.clear()
        for event in (ev.PY_START, ev.PY_RESUME, ev.LINE, ev.PY_RETURN, ev.PY_YIELD,
                      ev.PY_UNWIND):
            mon.register_callback(tool, event, None)
        mon.free_tool_id(tool)

    # ---- the callbacks ------------------------------------------------------------------
    # A learner's code object reports lines only while a traced frame may run it: a call the
    # tracer declines (a loop's hidden iterations, a function muted after 100 calls, a step
    # over) switches its code's events off when no traced frame of that code is alive, and the
    # next traced start (or a return into a traced caller) switches them on again.
    def _arm(self, code) -> None:
        if code not in self._armed:
            self._armed.add(code)
            _MONITORING.set_local_events(_MONITORING.DEBUGGER_ID, code, _LOCAL)

    def _disarm(self, code) -> None:
        if code in self._armed and not self._live.get(code):
            self._armed.discard(code)
            _MONITORING.set_local_events(_MONITORING.DEBUGGER_ID, code, 0)

    def _start(self, code, offset):
        if not self.tracks(code):
            return _MONITORING.DISABLE
        if threading.get_ident() != self.thread:
            return None
        frame = sys._getframe(1)
        local = self.dispatch(frame, "call", None)
        if local is _SKIP:  # a call made by a loop's hidden iterations: none until restored
            frame.f_trace = None
            self._disarm(code)
            return _MONITORING.DISABLE
        frame.f_trace = local
        if local is None:
            self._disarm(code)
        else:
            self._live[code] = self._live.get(code, 0) + 1
            self._arm(code)
        return None

    def _line(self, code, line):
        frame = sys._getframe(1)
        if frame.f_trace is not None and threading.get_ident() == self.thread:
            if self.dispatch(frame, "line", None) is _SKIP:
                return _MONITORING.DISABLE
        return None

    # A loop's hidden iterations only need the lines that count them: the tracer answers
    # `skip()` for the other lines and the calls they make, which are switched off until
    # `restore_lines()`.
    def skip(self):
        self._skipped = True
        return _SKIP

    def restore_lines(self) -> None:
        if self._skipped:
            self._skipped = False
            _MONITORING.restart_events()

    def _return(self, code, offset, value):
        frame = sys._getframe(1)
        if frame.f_trace is None or threading.get_ident() != self.thread:
            return None
        self.dispatch(frame, "return", value)
        self._left(frame, code)
        return None

    def _unwind(self, code, offset, exc):
        if not self.tracks(code) or threading.get_ident() != self.thread:
            return None  # (an unwind cannot be disabled)
        frame = sys._getframe(1)
        if frame.f_trace is None:
            return None
        self.dispatch(frame, "exception", (type(exc), exc, exc.__traceback__))
        self.dispatch(frame, "return", None)
        self._left(frame, code)
        return None

    def _left(self, frame, code) -> None:
        live = self._live.get(code, 0)
        if live > 0:
            self._live[code] = live - 1
        caller = frame.f_back  # bdb may have asked for the caller's lines (stepping out)
        if caller is not None and caller.f_trace is not None and self.tracks(caller.f_code):
            self._arm(caller.f_code)
