"""The script's own stdin/stdout/stderr when a UI shows them in a panel.

Output becomes `Output` events; input comes from whatever the UI feeds in (`feed`), and a
read blocks until it arrives, as a terminal would. Only the debugger thread is redirected:
the streams are process-wide, so other threads keep reading and writing the real ones.
Plain mode does not use these: the script reads and writes the real streams.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable
from typing import TextIO

from nntutor.debugger.events import Output


CHUNK = 64 * 1024  # characters gathered before they become Output events
INTERVAL = 0.05  # seconds: text waiting to be sent is sent at least this often


class Gathered:
    """What the script's stdout and stderr wrote, in order, until it is sent as events.

    A write only appends to a deque (thread-safe, no lock: the script's print is the hot
    path); `send` turns everything gathered into one Output event per run of one stream,
    under a lock, so events leave in the order the text was written."""

    def __init__(self, emit: Callable[[Output], None]):
        self.emit = emit
        self.queue: deque = deque()
        self.size = 0
        self._lock = threading.Lock()

    def send(self) -> None:
        with self._lock:
            queue = self.queue
            count = len(queue)
            if not count:
                return
            self.size = 0
            pieces = [queue.popleft() for _ in range(count)]
            stream, texts = pieces[0][0], []
            for name, text in pieces:
                if name != stream:
                    self.emit(Output(stream, "".join(texts)))  # type: ignore[arg-type]
                    stream, texts = name, []
                texts.append(text)
            self.emit(Output(stream, "".join(texts)))  # type: ignore[arg-type]


class EventWriter(io.TextIOBase):
    """A text stream whose writes become `Output` events when the script's thread writes.

    Writes are gathered and sent as one event per CHUNK characters (a script printing a
    million lines costs a few thousand events, not two million); `captured` sends what waits
    every INTERVAL and before any other event goes out (`ordered`), so the output is never
    behind the stop or the error that follows it.
    sys.stdout is shared by the whole process: a write from any other thread (the UI's own)
    goes on to the stream that was there before.
    """

    def __init__(self, stream: str, emit: Callable[[Output], None] | Gathered, *,
                 thread: int | None = None, others: TextIO | None = None):
        self._stream = stream
        self._gathered = emit if isinstance(emit, Gathered) else Gathered(emit)
        self._thread = thread if thread is not None else threading.get_ident()
        self._others = others
        self.before_write: Callable[[], None] | None = None

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if type(text) is not str and not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self._others is not None and _ident() != self._thread:
            return self._others.write(text)
        if text:
            if self.before_write is not None:
                self.before_write()
            gathered = self._gathered
            gathered.queue.append((self._stream, text))
            gathered.size += len(text)
            if gathered.size >= CHUNK:
                gathered.send()
        return len(text)

    def flush_pending(self) -> None:
        """Send the text gathered so far (any thread)."""
        self._gathered.send()

    def flush(self) -> None:
        if self._others is not None and _ident() != self._thread:
            self._others.flush()
        else:
            self._gathered.send()

    def isatty(self) -> bool:
        return False


_ident = threading.get_ident


class _Sink(io.RawIOBase):
    """The bytes end of the script's stdout: whole chunks from a BufferedWriter, decoded
    (a character cut between two chunks waits for the next) and gathered as text."""

    def __init__(self, stream: str, gathered: Gathered):
        self._stream = stream
        self._gathered = gathered
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        text = self._decoder.decode(bytes(data))
        if text:
            gathered = self._gathered
            gathered.queue.append((self._stream, text))
            gathered.size += len(text)
            if gathered.size >= CHUNK:
                gathered.send()
        return len(data)


def fast_stdout(gathered: Gathered) -> io.TextIOWrapper:
    """The script's stdout as C-level streams: a print costs no Python call of ours, so the
    tracer (which sees every Python call) adds nothing to it. Bytes reach `_Sink` a chunk at
    a time; `flush()` (any thread: BufferedWriter holds a lock) sends what waits."""
    buffered = io.BufferedWriter(_Sink("stdout", gathered), buffer_size=CHUNK)
    return io.TextIOWrapper(buffered, encoding="utf-8", errors="backslashreplace",
                            write_through=True)


class InputFeed(io.TextIOBase):
    """A text stream that reads what the UI feeds in; `close_input` means end of file."""

    _EOF = object()
    _INTERRUPT = object()

    def __init__(self) -> None:
        self._chunks: queue.Queue = queue.Queue()
        self._buffer = ""
        self._ended = False
        self.reading = False  # the script waits in a read (input())
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

    def interrupt(self) -> bool:
        """KeyboardInterrupt in the read the script waits in; False if it is not reading."""
        if not self.reading:
            return False
        self._chunks.put(self._INTERRUPT)
        return True

    def _more(self) -> bool:
        if self._ended:
            return False
        self.reading = True
        try:
            chunk = self._chunks.get()
        finally:
            self.reading = False
        if chunk is self._INTERRUPT:
            raise KeyboardInterrupt
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


_writers: list = []  # the script's fast stdout and its Gathered, while it runs


def flush_pending() -> None:
    """Send the output the script's streams still hold (before a stop or an error is shown)."""
    if _writers:
        stdout, gathered = _writers
        try:
            stdout.buffer.flush()
        except (ValueError, OSError):
            pass  # closed by the script
        gathered.send()


def ordered(emit: Callable) -> Callable:
    """`emit`, sending the script's gathered output first whenever another event goes out:
    what the script printed always arrives before the stop, error or end that followed it."""

    def send(event) -> None:
        if _writers and not isinstance(event, Output):
            flush_pending()
        emit(event)

    return send


@contextlib.contextmanager
def captured(emit: Callable[[Output], None], stdin: io.TextIOBase):
    """Swap sys.stdin/stdout/stderr for the script's panel streams; put them back afterwards."""
    saved = sys.stdin, sys.stdout, sys.stderr
    me = threading.get_ident()
    stdin._thread, stdin._others = me, saved[0]
    gathered = Gathered(emit)
    out = fast_stdout(gathered)
    err = EventWriter("stderr", gathered, thread=me, others=saved[2])
    err.before_write = out.buffer.flush  # stdout's waiting bytes first: the order written
    sys.stdin, sys.stdout, sys.stderr = stdin, out, err
    _writers[:] = [out, gathered]
    stop = threading.Event()

    def tick() -> None:  # text the script printed before a long computation still shows
        while not stop.wait(INTERVAL):
            flush_pending()

    ticker = threading.Thread(target=tick, name="nntutor-output", daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()
        flush_pending()
        _writers[:] = []
        sys.stdin, sys.stdout, sys.stderr = saved
