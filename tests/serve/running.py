"""Starting `nntutor serve` for a test, and waiting for things without timing them."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, what: str, seconds: float = 60.0):
    """Poll `condition` until it is truthy; fail naming `what` after `seconds` (a wait, not a
    timing assertion: the deadline is far beyond any normal run)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def start_server(data: Path, env: dict) -> tuple[subprocess.Popen, str]:
    """`nntutor serve` on a free port; returns once it accepts connections."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nntutor", "serve", "--port", str(port), "--data", str(data)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    while line and "open http" not in line:
        line = proc.stdout.readline()
    assert f"open http://127.0.0.1:{port}" in line, line
    wait_for(lambda: listening(port), "the server to listen")
    return proc, f"http://127.0.0.1:{port}"




def stop(proc: subprocess.Popen) -> None:
    """Ask the server to stop (it ends each session first); kill it if that takes too long."""
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
