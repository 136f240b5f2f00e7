"""From the debugger's thread to the screen: its events, and the end of its run.

The controller calls `EventPipe` in the debugger thread for every event. The events queue up
in the pipe and one `EventsArrived` message is posted until the screen drains them, so a
script printing 10,000 lines costs the UI a handful of messages, not 10,000. Textual's
`post_message` is safe to call from another thread.
"""

from __future__ import annotations

import threading
from collections import deque

from textual.message import Message


class EventsArrived(Message):
    """The debugger thread has left events in the pipe."""


class EventPipe:
    """The controller's `on_event`: called in the debugger thread; `drain` in the UI's."""

    def __init__(self, target) -> None:
        self.target = target
        self._events: deque = deque()
        self._lock = threading.Lock()
        self._posted = False

    def __call__(self, event) -> None:
        with self._lock:
            self._events.append(event)
            if self._posted:
                return
            self._posted = True
        self.target.post_message(EventsArrived())

    def drain(self) -> list:
        with self._lock:
            self._posted = False
            events = list(self._events)
            self._events.clear()
        return events


class ScriptDone(Message):
    """The controller's run() returned: the script is over and the debugger has let go."""

    def __init__(self, status: int) -> None:
        super().__init__()
        self.status = status
