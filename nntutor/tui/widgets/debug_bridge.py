"""From the debugger's thread to the screen: its events, and the end of its run.

The controller calls `EventPipe` in the debugger thread for every event. The events queue up
in the pipe and one `EventsArrived` message is posted until the screen drains them, so a
script printing 10,000 lines costs the UI a handful of messages, not 10,000. Textual's
`post_message` is safe to call from another thread.

Output is bounded on its way: every piece goes to a file first (`output_path`, the whole
output, for the learner to open), and when more than MAX_PENDING characters wait for the
screen the oldest are dropped from the pipe and counted (`dropped_lines`): a script printing
100 MB keeps the panel's memory and the UI's work small.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import deque

from textual.message import Message

from nntutor.debugger.events import Output

MAX_PENDING = 1_000_000  # characters of output waiting for the screen


class EventsArrived(Message):
    """The debugger thread has left events in the pipe."""


class EventPipe:
    """The controller's `on_event`: called in the debugger thread; `drain` in the UI's."""

    def __init__(self, target) -> None:
        self.target = target
        self._events: deque = deque()
        self._lock = threading.Lock()
        self._posted = False
        self._pending = 0  # characters of Output in _events
        self.dropped_lines = 0  # lines of output that never reached the screen
        self.output_path: str | None = None  # every character the script printed
        self._file = None

    def __call__(self, event) -> None:
        if type(event) is Output:
            self._save(event.text)
        with self._lock:
            if type(event) is Output:
                self._pending += len(event.text)
                if self._pending > MAX_PENDING:
                    self._drop_oldest_output()
            self._events.append(event)
            if self._posted:
                return
            self._posted = True
        self.target.post_message(EventsArrived())

    def _drop_oldest_output(self) -> None:
        """Drop the oldest waiting output down to half the limit, whole lines only (a line
        cut between two events is dropped to its end), counting the lines."""
        events = self._events
        cut = False  # the text dropped last ended inside a line
        for i in range(len(events)):
            event = events[i]
            if type(event) is not Output:
                continue
            if self._pending <= MAX_PENDING // 2 and not cut:
                break
            text = event.text
            if self._pending <= MAX_PENDING // 2:  # only the rest of a cut line goes
                end = text.find("\n")
                if end >= 0:
                    events[i] = Output(event.stream, text[end + 1:])
                    self._pending -= end + 1
                    self.dropped_lines += 1
                    break
            self._pending -= len(text)
            self.dropped_lines += text.count("\n")
            events[i] = None
            cut = not text.endswith("\n")

    def drain(self) -> list:
        with self._lock:
            self._posted = False
            events = [e for e in self._events if e is not None]
            self._events.clear()
            self._pending = 0
        return events

    def _save(self, text: str) -> None:
        try:
            if self._file is None:
                fd, self.output_path = tempfile.mkstemp(prefix="nntutor-output-", suffix=".txt")
                self._file = os.fdopen(fd, "w", encoding="utf-8", errors="replace")
            self._file.write(text)
        except OSError:
            pass  # no room for the copy: the panel still shows the newest lines

    def close(self, keep: bool) -> str | None:
        """Close the output file; keep it (and return its path) only when `keep`."""
        if self._file is None:
            return None
        try:
            self._file.close()
        except OSError:
            pass
        self._file = None
        if keep:
            return self.output_path
        try:
            os.unlink(self.output_path)
        except OSError:
            pass
        return None


class ScriptDone(Message):
    """The controller's run() returned: the script is over and the debugger has let go."""

    def __init__(self, status: int) -> None:
        super().__init__()
        self.status = status
