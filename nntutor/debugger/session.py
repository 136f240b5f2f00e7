"""One run of the learner's script under the tracer, behaving as `python SCRIPT ARGS...` would.

Exit status: 0 when the script ends, the code given to `sys.exit` (a message given to
`sys.exit` is printed to stderr and gives 1), 1 for an uncaught exception (130 for Ctrl-C).
An uncaught exception is reported as `ExceptionRaised`: with a `ShapeExplanation` when
NumPy refused the shapes, with Python's own traceback (minus the debugger's frames) always.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
from collections.abc import Callable

from nntutor.debugger.events import Event, ExceptionRaised, Finished, Location, Paused
from nntutor.debugger.script import Script, as_main
from nntutor.debugger.source import index_for
from nntutor.debugger.streams import InputFeed, captured, ordered
from nntutor.debugger.tracer import Options, Tracer


class Session:
    def __init__(
        self,
        script: Script,
        args: list[str] | tuple[str, ...],
        emit: Callable[[Event], None],
        options: Options | None = None,
        *,
        commands: queue.Queue | None = None,
        stdin: InputFeed | None = None,
    ):
        self.script = script
        self.args = list(args)
        emit = ordered(emit)  # the script's gathered output goes out before any stop
        self.emit = emit
        self.options = options or Options()
        self.tracer = Tracer(script, emit, self.options, commands)
        self.stdin = stdin  # set: the script's streams become events (a UI panel)
        self.exit_status: int | None = None

    def run(self) -> int:
        tracer = self.tracer
        final: Paused | None = None
        streams = contextlib.nullcontext()
        if self.stdin is not None:
            streams = captured(self.emit, self.stdin)
            tracer.on_fork_child.append(_own_streams)
        parent = os.getpid()
        with as_main(self.script, self.args) as main_globals, streams:
            try:
                tracer.run(self.script.code, main_globals)
                how, status = ("quit", 0) if tracer.quit_requested else ("completed", 0)
            except SystemExit as exc:
                how, status = "exit", _exit_status(exc)
            except BaseException as exc:  # the script's own uncaught exception  # noqa: BLE001
                if os.getpid() != parent:
                    _end_forked_child(1, exc)
                how = "exception"
                status = 130 if isinstance(exc, KeyboardInterrupt) else 1
                tracer.flush()
                event, final = self._report(exc)
                self.emit(event)
            finally:
                sys.settrace(None)
            if os.getpid() != parent:
                _end_forked_child(status)
            tracer.flush()
            tracer.clear_all_breaks()
            self.exit_status = status
            self.emit(Finished(status, how))  # type: ignore[arg-type]
            if self.options.interactive and not tracer.quit_requested:
                if final is None:
                    final = self._final_view("finished")
                tracer.serve_after_end(final)
        return status

    def _report(self, exc: BaseException) -> tuple[ExceptionRaised, Paused | None]:
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code is not self.script.code:
            tb = tb.tb_next  # drop the debugger's own frames
        from nntutor.debugger.explain import explain, learner_frames  # only when one fails

        files = self.tracer.files
        frames = learner_frames(tb, lambda name: name in files)
        try:
            explanation = explain(exc, frames, self.tracer.is_learner_object,
                                  self.tracer._is_user_function, self.tracer.provenance)
        except Exception as problem:  # never let the explainer hide the learner's error
            explanation = None
            print(f"nntutor debug: could not explain the error ({problem!r})", file=sys.__stderr__)
        from nntutor.debugger.traceback_text import format_exception

        text = format_exception(exc, tb, keep=_not_the_debugger)
        location = None
        if frames:
            frame, line = frames[-1]
            index = index_for(frame.f_code.co_filename)
            stmt_line = index.statement_line(line) if index is not None else line
            source = index.statement_text(stmt_line) if index is not None else ""
            location = Location(frame.f_code.co_filename, stmt_line, frame.f_code.co_name, source)
        event = ExceptionRaised(location, type(exc).__name__, str(exc), text, explanation)
        final = None
        if self.options.interactive and frames:
            final = self._post_mortem(frames[-1][0], location)
        return event, final

    def _post_mortem(self, frame, location: Location) -> Paused:
        tracer = self.tracer
        from nntutor.debugger.arrays import FrameArrays

        every, _ = FrameArrays().update(tracer._collect(frame))
        history = tracer.history
        return Paused(
            step=tracer.step, location=location, depth=0, reason="exception", arrays=every,
            operations=tracer.predicted_operations(frame, location.lineno), stack=(location,),
            live=False, oldest_step=history.oldest if history else tracer.step,
            newest_step=history.newest if history else tracer.step,
        )

    def _final_view(self, reason: str) -> Paused | None:
        history = self.tracer.history
        latest = history.latest() if history is not None else None
        return self.tracer.history_view(latest, reason) if latest is not None else None


_OWN_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def _not_the_debugger(filename: str) -> bool:
    """A traceback entry the learner should see: not nntutor's own code, not bdb's."""
    return not filename.startswith(_OWN_FOLDER) and os.path.basename(filename) != "bdb.py"


def _own_streams() -> None:
    """A forked child writes to the process's own streams, not to the parent's panel."""
    sys.stdin, sys.stdout, sys.stderr = sys.__stdin__, sys.__stdout__, sys.__stderr__


def _end_forked_child(status: int, exc: BaseException | None = None) -> None:
    """A process the script forked has reached the script's end: it exits there, as it would
    under python, without going back into the debugger (its UI lives in the parent)."""
    if exc is not None:
        from nntutor.debugger.traceback_text import format_exception

        sys.stderr.write(format_exception(exc, keep=_not_the_debugger))
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(130 if isinstance(exc, KeyboardInterrupt) else status)


def _exit_status(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, bool):
        return int(code)
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("message"): Python prints it and exits with 1
    return 1
