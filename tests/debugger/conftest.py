"""Helpers for the debugger tests: run a script (a file or a text) under the plain trace,
or under the interactive controller, and collect what came out."""

from __future__ import annotations

import contextlib
import io
import os
import queue
import textwrap
import threading

import pytest

from nntutor.debugger.controller import Controller
from nntutor.debugger.events import Event, Paused
from nntutor.debugger.plain import run_plain
from nntutor.debugger.script import load
from nntutor.debugger.session import Session
from nntutor.debugger.tracer import Options

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "examples")


def example(name: str) -> str:
    return os.path.join(EXAMPLES, name)


@pytest.fixture
def write_script(tmp_path):
    """write_script("x = 1") -> path of a script holding that (dedented) text."""
    counter = iter(range(1000))

    def write(text: str, name: str | None = None) -> str:
        path = tmp_path / (name or f"script_{next(counter)}.py")
        path.write_text(textwrap.dedent(text).lstrip("\n"))
        return str(path)

    return write


def trace(path: str, *args: str, operations: bool = False, show: int | None = 3,
          stdin: str | None = None) -> tuple[int, str, str]:
    """Run `path` under the plain trace: (exit status, stdout, stderr), script output included."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _stdin(stdin):
        status = run_plain(path, list(args), out=out, err=err, operations=operations,
                           show_iterations=show, colour=False)
    return status, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def _stdin(text: str | None):
    if text is None:
        yield
        return
    import sys

    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def events_of(path: str, *args: str, **options) -> list[Event]:
    """Run `path` straight through (plain mode's engine) and return every event."""
    found: list[Event] = []
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        Session(load(path), list(args), found.append, Options(**options)).run()
    return found


class Driver:
    """The interactive controller in a worker thread, driven the way a UI would."""

    def __init__(self, path: str, *args: str, **kwargs):
        self.events: queue.Queue = queue.Queue()
        self.seen: list[Event] = []
        self.controller = Controller(path, args, on_event=self.events.put, **kwargs)
        self.status: int | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.status = self.controller.run()

    def next_paused(self, timeout: float = 10.0) -> Paused:
        """Wait for the next Paused event (the others are kept in `seen`)."""
        while True:
            event = self.events.get(timeout=timeout)
            self.seen.append(event)
            if isinstance(event, Paused):
                return event

    def do(self, command: str, *args) -> Paused:
        getattr(self.controller, command)(*args)
        return self.next_paused()

    def finish(self) -> int | None:
        self.controller.quit()
        self.thread.join(10)
        assert not self.thread.is_alive(), "the debugger thread did not end after quit()"
        while not self.events.empty():
            self.seen.append(self.events.get())
        return self.status

    def of_type(self, kind) -> list:
        return [e for e in self.seen if isinstance(e, kind)]


@pytest.fixture
def drive():
    started: list[Driver] = []

    def start(path: str, *args: str, **kwargs) -> Driver:
        driver = Driver(path, *args, **kwargs)
        started.append(driver)
        return driver

    yield start
    for driver in started:
        if driver.thread.is_alive():
            driver.controller.quit()
            driver.thread.join(5)
