"""Reading a file the learner names, safely: regular files only, size checked before reading.

Every path given to nntutor (a lesson, a script, an answers file) is read through here, so
`/dev/zero`, a FIFO, a folder or a file far larger than its kind ever needs is refused in one
line before a single byte is read, instead of filling memory or waiting forever.

The limits (documented in README.md) are generous for what each file holds:
lesson files 1 MB, scripts 4 MB, answer files 16 MB.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

MB = 1024 * 1024
LESSON_LIMIT = 1 * MB
SCRIPT_LIMIT = 4 * MB
ANSWERS_LIMIT = 16 * MB


class FileRefused(Exception):
    """The path is not a regular file or is over its limit; str() is one line for the user."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        from pathlib import Path  # (only on a refusal: pathlib is not on the debugger's path)

        self.path = Path(path)
        self.reason = reason


def size_text(size: int) -> str:
    """A size in words, exact in bytes when rounding would hide that it is over a limit."""
    if size % 1024 and (size >= MB and f"{size / MB:.1f}" == f"{round(size / MB):.1f}"
                        or 1024 <= size < MB):
        return f"{size:,} bytes"
    if size >= MB:
        return f"{size / MB:.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode):
        return "is a device (like /dev/zero), not a regular file"
    if stat.S_ISBLK(mode):
        return "is a disk device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def _refuse(path, st: os.stat_result, limit: int, what: str) -> None:
    kind = _kind(st.st_mode)
    if kind is not None:
        raise FileRefused(path, f"{kind}; give the path of a {what}")
    if st.st_size > limit:
        raise FileRefused(path, f"is {size_text(st.st_size)}, over the {size_text(limit)} limit "
                                f"for a {what}; check the path, or make the file smaller")


def check(path: str | Path, limit: int, what: str = "file") -> os.stat_result:
    """Refuse the path (FileRefused) unless it is a regular file of at most `limit` bytes.
    A missing or unreadable path raises the OSError as usual."""
    st = os.stat(path)
    _refuse(path, st, limit, what)
    return st


def read_bytes(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The whole file, after checking what it is and its size; never more than `limit` bytes.

    Raises FileRefused (one line) or the OSError of opening it (FileNotFoundError...)."""
    check(path, limit, what)  # before opening: opening a FIFO without O_NONBLOCK waits
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)  # the file opened, which may not be the one checked above
        _refuse(path, st, limit, what)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 * MB, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while we read it
                raise FileRefused(path, f"is over the {size_text(limit)} limit for a {what}; "
                                        "check the path, or make the file smaller")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: str | Path, limit: int, what: str = "file", encoding: str = "utf-8") -> str:
    """read_bytes, decoded (UnicodeDecodeError as usual)."""
    return read_bytes(path, limit, what).decode(encoding)
