"""Driving the debugger from a UI: commands in through a queue, events out through a callback.

The UI runs `Controller.run()` in a worker thread (Textual: `@work(thread=True)`); that
thread runs the script and, whenever the debugger stops, emits `Paused` and blocks until a
command arrives. The command methods (`step_over`, `continue_`, `step_back`...) are safe
to call from the UI thread: they only put a command on the queue. `on_event` is called in
the worker thread: hand events to the UI with `call_from_thread` / `post_message`.

    controller = Controller("net.py", ["--epochs", "5"], on_event=handle)
    thread: status = controller.run()       # returns after quit() once the script is over
    UI:     controller.step_over(); controller.add_breakpoint(12); controller.step_back()
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Sequence

from nntutor.debugger.events import Event
from nntutor.debugger.history import DEFAULT_BUDGET_BYTES
from nntutor.debugger.script import Script, load
from nntutor.debugger.session import Session
from nntutor.debugger.source import SourceIndex
from nntutor.debugger.streams import InputFeed
from nntutor.debugger.tracer import Command, Options


class BreakpointError(ValueError):
    """A breakpoint on a line that cannot hold one (past the end, no statement after it)."""


class Controller:
    def __init__(
        self,
        script: str | Script,
        args: Sequence[str] = (),
        *,
        on_event: Callable[[Event], None],
        memory_budget: int = DEFAULT_BUDGET_BYTES,
        capture_output: bool = True,
    ):
        self.script = script if isinstance(script, Script) else load(script)
        self._index = SourceIndex(self.script.path, self.script.text)
        self._commands: queue.Queue = queue.Queue()
        self.stdin = InputFeed() if capture_output else None
        self.session = Session(
            self.script, list(args), on_event,
            Options(interactive=True, show_iterations=None, operations=True,
                    history_budget=memory_budget),
            commands=self._commands, stdin=self.stdin,
        )
        self._breakpoints: set[int] = set()
        self._lock = threading.Lock()
        self._thread: int | None = None  # the thread running the script, while it runs

    # ---- the worker thread ------------------------------------------------------------
    def run(self) -> int:
        """Run the script (stopping at its first line); returns its exit status after quit()."""
        self._thread = threading.get_ident()
        try:
            return self.session.run()
        finally:
            self._thread = None

    @property
    def exit_status(self) -> int | None:
        """None while the script runs, then its exit status."""
        return self.session.exit_status

    # ---- commands (any thread) --------------------------------------------------------
    # Each returns False (and does nothing) unless the debugger is stopped and waiting:
    # a key pressed while the script runs must not be replayed at the next stop.
    @property
    def waiting(self) -> bool:
        """True while the debugger is stopped (a Paused event was the last word)."""
        return self.session.tracer.waiting

    def step_into(self) -> bool:
        """Run one line, stopping inside a function the line calls."""
        return self._send("into")

    def step_over(self) -> bool:
        """Run one line of the current function (its calls run without stopping)."""
        return self._send("over")

    def step_out(self) -> bool:
        """Run until the current function returns, stop at the next line of its caller."""
        return self._send("out")

    def continue_(self) -> bool:
        """Run until a breakpoint, a pause() or the end."""
        return self._send("continue")

    def run_to_array_change(self) -> bool:
        """Run until a line creates or changes an array; stop right after it."""
        return self._send("array")

    def step_back(self) -> bool:
        """Show the previous recorded step (the script does not move)."""
        return self._send("back")

    def step_forward(self) -> bool:
        """Show the next recorded step; past the newest, back to the live one."""
        return self._send("forward")

    def pause(self) -> None:
        """Stop as soon as the script runs one of the learner's lines."""
        self.session.tracer.pause_requested = True
        self.session.tracer.wake()

    def interrupt(self, force: bool = False) -> None:
        """ctrl+c: KeyboardInterrupt in the script, as Python raises it: at the line it is
        stopped on, in the input() it waits in, or at the next line of it that runs.
        `force`: raise it in the script's thread now (its code may run untraced, inside a
        function entered while continuing: then no line of it stops)."""
        if force:
            if self._thread is not None and not self.session.tracer.waiting:
                import ctypes

                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self._thread), ctypes.py_object(KeyboardInterrupt))
            return
        if self.stdin is not None and self.stdin.interrupt():
            return
        tracer = self.session.tracer
        with self._lock:
            if not tracer.waiting:
                tracer.pause_requested = True  # running: stop at its next line, and raise
                tracer.wake()
            tracer.waiting = False
            self._commands.put(Command("interrupt"))

    def quit(self) -> None:
        """Stop the script (at its next line if it is running) and let run() return."""
        tracer = self.session.tracer
        tracer.pause_requested = True
        tracer.wake()
        self._commands.put(Command("quit"))
        self.end_input()  # a script waiting for input must not wait forever

    def send_input(self, text: str) -> None:
        """Text for the script's stdin (add "\\n" to end a line for input())."""
        if self.stdin is not None:
            self.stdin.feed(text)

    def end_input(self) -> None:
        """End of file on the script's stdin."""
        if self.stdin is not None:
            self.stdin.close_input()

    def _send(self, kind: str) -> bool:
        tracer = self.session.tracer
        with self._lock:
            if not tracer.waiting:
                return False
            if kind not in ("back", "forward"):
                tracer.waiting = False  # the script moves: the next command waits for a stop
            self._commands.put(Command(kind))
        return True

    # ---- breakpoints ------------------------------------------------------------------
    def add_breakpoint(self, lineno: int) -> int:
        """Break at `lineno` of the script, or at the next line holding a statement.

        Returns the line the breakpoint is on; raises BreakpointError if there is none.
        """
        total = len(self._index.lines)
        name = os.path.basename(self.script.path)
        if lineno < 1 or lineno > total:
            raise BreakpointError(f"line {lineno} is outside {name} (lines 1-{total})")
        line = self._index.breakable_line(lineno)
        if line is None:
            raise BreakpointError(f"no statement on or after line {lineno} of {name}")
        if line not in self._breakpoints:
            self._breakpoints.add(line)
            self.session.tracer.inbox.append(("add", self.script.path, line))
            self.session.tracer.wake()
        return line

    def remove_breakpoint(self, lineno: int) -> bool:
        """Remove the breakpoint on `lineno`; False if there was none."""
        if lineno not in self._breakpoints:
            return False
        self._breakpoints.discard(lineno)
        self.session.tracer.inbox.append(("remove", self.script.path, lineno))
        return True

    def toggle_breakpoint(self, lineno: int) -> int | None:
        """Gutter click: remove the breakpoint there, or add one (returns its line, or None)."""
        if self.remove_breakpoint(lineno):
            return None
        return self.add_breakpoint(lineno)

    @property
    def breakpoints(self) -> tuple[int, ...]:
        return tuple(sorted(self._breakpoints))

    def breakable_lines(self) -> tuple[int, ...]:
        return tuple(self._index.breakable)
