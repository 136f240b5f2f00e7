"""A lesson's own data: a CSV file beside the lesson, read with the standard library.

The format is the plainest CSV: a first line of column names, then one row of numbers per
line, separated by commas (no quotes, no missing values). Every problem is a LessonError at
the line and column of the cell at fault, and the size is checked before a byte is read.
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nntutor.lessons.model import LessonError, LessonFileError

# 4 MB of numbers as text is ~400,000 cells: far more than a lesson steps through.
MAX_CSV_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Table:
    """The CSV's columns split into inputs X and targets Y (rows are samples)."""

    X: np.ndarray
    Y: np.ndarray
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...]


def _fail(path: Path, line: int, col: int, message: str) -> LessonFileError:
    return LessonFileError([LessonError(path, line, col, message)])


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """A regular file of at most `limit` bytes (default MAX_CSV_BYTES), or LessonFileError
    (checked before reading)."""
    limit = MAX_CSV_BYTES if limit is None else limit
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _fail(path, 1, 1, "no such data file; put it beside the lesson file") from None
    except OSError as exc:
        raise _fail(path, 1, 1, f"cannot read the data file: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _fail(path, 1, 1, "the data file is not a regular file (a folder, device or pipe)")
    if st.st_size > limit:
        raise _fail(path, 1, 1, f"the data file is {st.st_size:,} bytes, over the {limit:,}-byte "
                    "limit; use fewer rows")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _fail(path, 1, 1, f"cannot read the data file: {exc.strerror}") from None
    try:
        data = os.read(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _fail(path, 1, 1, f"the data file is over the {limit:,}-byte limit; use fewer rows")
    return data


def read_csv(path: Path, targets: tuple[str, ...]) -> Table:
    """Columns named in `targets` become Y, the others X, in file order."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from nntutor.lessons.loader import byte_position

        line, col = byte_position(data, exc.start)
        raise _fail(path, line, col, "not UTF-8 text; save the data file as UTF-8") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise _fail(path, 1, 1, "the first line must name the columns, e.g. x1,x2,label")
    header = [h.strip() for h in lines[0].split(",")]
    for j, name in enumerate(header):
        if not name:
            raise _fail(path, 1, _col(lines[0], j), "a column has no name")
        if name in header[:j]:
            raise _fail(path, 1, _col(lines[0], j), f"column {name!r} is named twice")
    rows = []
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split(",")
        if len(cells) != len(header):
            col = _col(line, len(header)) if len(cells) > len(header) else len(line) + 1
            raise _fail(path, i, col, f"this row has {len(cells)} value"
                        f"{'s' if len(cells) != 1 else ''} but the header names {len(header)} "
                        "columns")
        row = []
        for j, cell in enumerate(cells):
            try:
                value = float(cell)
            except ValueError:
                raise _fail(path, i, _col(line, j), f"{cell.strip()!r} in column {header[j]!r} "
                            "is not a number") from None
            if not math.isfinite(value):
                raise _fail(path, i, _col(line, j), f"{cell.strip()!r} in column {header[j]!r} "
                            "is not a finite number")
            row.append(value)
        rows.append(row)
    if not rows:
        raise _fail(path, 1, 1, "the data file has a header but no rows")
    missing = [t for t in targets if t not in header]
    if missing:
        raise _fail(path, 1, 1, f"no column named {missing[0]!r} (columns: {', '.join(header)})")
    table = np.array(rows, dtype=np.float64)
    y_idx = [header.index(t) for t in targets]
    x_idx = [j for j in range(len(header)) if j not in y_idx]
    if not x_idx:
        raise _fail(path, 1, 1, "every column is a target; leave at least one input column")
    return Table(table[:, x_idx], table[:, y_idx], tuple(header[j] for j in x_idx),
                 tuple(targets))


def _col(line: str, index: int) -> int:
    """1-based column where cell `index` of a comma-separated line starts (past spaces)."""
    pos = 0
    for _ in range(index):
        pos = line.index(",", pos) + 1
    while pos < len(line) and line[pos] == " ":
        pos += 1
    return pos + 1
