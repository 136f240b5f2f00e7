"""The script's own stdin/stdout/stderr when a UI shows them in a panel.

Output becomes `Output` events; input comes from whatever the UI feeds in (`feed`), and a
read blocks until it arrives, as a terminal would. Only the debugger thread is redirected:
the streams are process-wide, so other threads keep reading and writing the real ones.
Plain mode does not use these: the script reads and writes the real streams.
"""

from __future__ import annotations

import contextlib
import io
import queue
import sys
import threading
from collections.abc import Callable
from typing import TextIO

from nntutor.debugger.events import Output


class EventWriter(io.TextIOBase):
    """A text stream whose writes become `Output` events when the script's thread writes.

    sys.stdout is shared by the whole process: a write from any other thread (the UI's own)
    goes on to the stream that was there before.
    """

    def __init__(self, stream: str, emit: Callable[[Output], None], *,
                 thread: int | None = None, others: TextIO | None = None):
        self._stream = stream
        self._emit = emit
        self._thread = thread if thread is not None else threading.get_ident()
        self._others = others

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self._others is not None and threading.get_ident() != self._thread:
            return self._others.write(text)
        if text:
            self._emit(Output(self._stream, text))  # type: ignore[arg-type]
        return len(text)

    def flush(self) -> None:
        if self._others is not None and threading.get_ident() != self._thread:
            self._others.flush()

    def isatty(self) -> bool:
        return False


class InputFeed(io.TextIOBase):
    """A text stream that reads what the UI feeds in; `close_input` means end of file."""

    _EOF = object()

    def __init__(self) -> None:
        self._chunks: queue.Queue = queue.Queue()
        self._buffer = ""
        self._ended = False
        self._thread: int | None = None  # set by `captured`: only that thread reads here
        self._others: TextIO | None = None

    @property
    def encoding(self) -> str:
        return "utf-8"

    def readable(self) -> bool:
        return True

    def feed(self, text: str) -> None:
        self._chunks.put(text)

    def close_input(self) -> None:
        self._chunks.put(self._EOF)

    def _more(self) -> bool:
        if self._ended:
            return False
        chunk = self._chunks.get()
        if chunk is self._EOF:
            self._ended = True
            return False
        self._buffer += chunk
        return True

    def _foreign(self) -> bool:
        return self._others is not None and threading.get_ident() != self._thread

    def readline(self, size: int | None = -1) -> str:
        if self._foreign():
            return self._others.readline(size)
        while "\n" not in self._buffer and self._more():
            pass
        cut = self._buffer.find("\n") + 1 or len(self._buffer)
        if size is not None and size >= 0:
            cut = min(cut, size)
        line, self._buffer = self._buffer[:cut], self._buffer[cut:]
        return line

    def read(self, size: int | None = -1) -> str:
        if self._foreign():
            return self._others.read(size)
        if size is None or size < 0:
            while self._more():
                pass
            text, self._buffer = self._buffer, ""
            return text
        while len(self._buffer) < size and self._more():
            pass
        text, self._buffer = self._buffer[:size], self._buffer[size:]
        return text

    def isatty(self) -> bool:
        return False


@contextlib.contextmanager
def captured(emit: Callable[[Output], None], stdin: io.TextIOBase):
    """Swap sys.stdin/stdout/stderr for the script's panel streams; put them back afterwards."""
    saved = sys.stdin, sys.stdout, sys.stderr
    me = threading.get_ident()
    stdin._thread, stdin._others = me, saved[0]
    sys.stdin = stdin
    sys.stdout = EventWriter("stdout", emit, thread=me, others=saved[1])
    sys.stderr = EventWriter("stderr", emit, thread=me, others=saved[2])
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
