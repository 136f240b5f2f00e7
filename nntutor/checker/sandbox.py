"""The parent side of the sandbox: one long-lived worker process, started on first use.

The worker is a fresh interpreter (`python -I -B`, started with fork+exec by subprocess, so
the caller's threads, such as a Textual app's, don't matter), single-threaded BLAS, its
working directory the temp folder, and OS limits it sets on itself (see worker.py). Each
request has a wall-clock deadline here: if the worker does not answer in time it is killed
(by its own pid) and a new one starts on the next request. A crash or an OS limit ends
the request the same way; the caller always gets an answer or an ExpressionError.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import numpy as np

from nntutor.checker import protocol
from nntutor.checker.errors import ExpressionRefused, error_from_dict

START_SECONDS = 30.0  # a cold start imports NumPy; a slow machine may need a while
GRACE_SECONDS = 0.5  # beyond the worker's own deadline, before it is killed
WORKER_DIR: str | None = None  # the worker's working directory; None: the temp folder


class SandboxUnavailable(Exception):
    """The worker could not be started (no subprocesses allowed, no interpreter...)."""


class Sandbox:
    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._owner = os.getpid()
        self._lock = threading.Lock()
        self.starts = 0  # how many workers were started (tests and benchmarks read it)

    def _spawn(self) -> subprocess.Popen:
        if os.name != "posix":  # select() on pipes and resource limits are POSIX
            raise SandboxUnavailable("the sandbox worker needs a POSIX system")
        root = str(Path(__file__).resolve().parents[2])
        code = (f"import sys; sys.path.insert(0, {root!r}); "
                "from nntutor.checker.worker import main; main()")
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   MKL_NUM_THREADS="1")
        try:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-B", "-c", code], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, close_fds=True,
                start_new_session=True, cwd=WORKER_DIR or tempfile.gettempdir())
        except OSError as exc:
            raise SandboxUnavailable(f"could not start the sandbox: {exc}") from None
        try:
            header, _ = protocol.read_frame(proc.stdout.fileno(), time.monotonic() + START_SECONDS)
        except (protocol.Timeout, EOFError, OSError, ValueError):
            proc.kill()
            proc.wait()
            raise SandboxUnavailable("the sandbox worker did not start") from None
        if header.get("ready") is not True:
            proc.kill()
            proc.wait()
            raise SandboxUnavailable("the sandbox worker sent an unexpected greeting")
        self.starts += 1
        return proc

    def _ensure(self) -> subprocess.Popen:
        if self._owner != os.getpid():  # we were forked: that worker is the parent's
            self._proc, self._owner = None, os.getpid()
        if self._proc is None or self._proc.poll() is not None:
            self._proc = self._spawn()
        return self._proc

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
        if proc is not None:
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass

    def request(self, header: dict, arrays: list[np.ndarray], seconds: float
                ) -> tuple[dict, list[np.ndarray]]:
        """Send one request; its reply, or ExpressionRefused when the worker was stopped."""
        frame = protocol.encode(header, arrays)
        with self._lock:
            try:
                proc = self._send(frame)
                reply = protocol.read_frame(proc.stdout.fileno(),
                                            time.monotonic() + seconds + GRACE_SECONDS)
            except protocol.Timeout:
                self._kill()
                raise ExpressionRefused(f"refused: the evaluation took longer than {seconds:g} s "
                                        "and was stopped") from None
            except (EOFError, OSError, ValueError):
                self._kill()
                raise ExpressionRefused("refused: the evaluation was stopped: it went over the "
                                        "memory or time an exercise may use") from None
            except BaseException:  # e.g. Ctrl-C mid-request: a late reply must never be
                self._kill()  # read as the answer to the next request
                raise
        if "error" in reply[0]:
            raise error_from_dict(reply[0]["error"])
        return reply

    def _send(self, frame: bytes) -> subprocess.Popen:
        """Write a request; a worker that died while idle is replaced once, quietly."""
        for attempt in (1, 2):
            proc = self._ensure()
            try:
                protocol.write_all(proc.stdin.fileno(), frame)
                return proc
            except OSError:
                self._kill()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            if self._owner == os.getpid():
                self._kill()


_SANDBOX: Sandbox | None = None
_LOCK = threading.Lock()
_WARNED = False


def shared() -> Sandbox:
    global _SANDBOX
    with _LOCK:
        if _SANDBOX is None:
            _SANDBOX = Sandbox()
            atexit.register(_SANDBOX.close)
        return _SANDBOX


def warn_unavailable(exc: Exception) -> None:
    global _WARNED
    if not _WARNED:
        _WARNED = True
        warnings.warn(f"{exc}; expressions are evaluated in-process with the pre-checked "
                      "limits only", RuntimeWarning, stacklevel=3)


def warm_up() -> bool:
    """Start the worker now (e.g. from a background thread when the tutor opens)."""
    try:
        shared().request({"op": "ping"}, [], 5.0)
        return True
    except (SandboxUnavailable, ExpressionRefused):
        return False
