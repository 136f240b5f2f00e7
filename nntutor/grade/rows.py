"""The rows of a class's answer file: CSV with a header, or JSON Lines, one answer per row.

The file's size is checked before it is read. A file that cannot be read at all raises
GradeFileError (one line, exit 2); a row that is wrong on its own (a missing field, a line
that is not JSON) comes back with `problem` set, so it gets its own error result and the rest
of the file is still graded.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 64 * 2**20  # 64 MB: several hundred thousand answers
FIELDS = ("student", "lesson", "exercise", "answer")
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")


class GradeFileError(Exception):
    """The answers file cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line of the file where the row starts
    student: str
    lesson: str
    exercise: str
    answer: str
    problem: str | None = None  # why this row cannot be graded, or None


def read_rows(path: str | Path, max_bytes: int = MAX_BYTES) -> list[Row]:
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise GradeFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise GradeFileError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if path.is_dir():
        raise GradeFileError(f"{path}: is a folder; give a .csv or .jsonl file of answers")
    if size > max_bytes:
        raise GradeFileError(f"{path}: {size / 2**20:.0f} MB is more than the "
                             f"{max_bytes / 2**20:.0f} MB an answers file may have; split it")
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise GradeFileError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if len(data) > max_bytes:  # it grew after the stat
        raise GradeFileError(f"{path}: more than {max_bytes / 2**20:.0f} MB; split it")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GradeFileError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
                             ) from None
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES or (suffix != ".csv" and text.lstrip().startswith("{")):
        return json_rows(text)
    return csv_rows(text, path)


def _row(line: int, fields: dict) -> Row:
    values = {k: fields.get(k) for k in FIELDS}
    missing = [k for k, v in values.items() if v is None]
    wrong = [k for k, v in values.items() if v is not None and not isinstance(v, str)]
    text = {k: v.strip() if isinstance(v, str) else "" for k, v in values.items()}
    problem = None
    if missing:
        problem = f"missing {', '.join(missing)}"
    elif wrong:
        problem = f"{', '.join(wrong)} must be text"
    else:
        empty = [k for k in FIELDS if not text[k]]
        if empty:
            problem = f"empty {', '.join(empty)}"
    return Row(line, text["student"], text["lesson"], text["exercise"], text["answer"], problem)


def json_rows(text: str) -> list[Row]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append(Row(number, "", "", "", "", f"not valid JSON ({exc.msg}, column "
                                                     f"{exc.colno})"))
            continue
        if not isinstance(obj, dict):
            rows.append(Row(number, "", "", "", "", "not a JSON object with student, lesson, "
                                                    "exercise and answer"))
            continue
        rows.append(_row(number, obj))
    return rows


def csv_rows(text: str, path: Path) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as exc:
        raise GradeFileError(f"{path}:1: not CSV ({exc})") from None
    names = [h.strip().lower() for h in header]
    missing = [f for f in FIELDS if f not in names]
    if missing:
        columns = "column" if len(missing) == 1 else "columns"
        raise GradeFileError(f"{path}:1: the header has no {', '.join(missing)} {columns}; the "
                             f"first line must name the columns: {','.join(FIELDS)}")
    where = {f: names.index(f) for f in FIELDS}
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append(Row(start, "", "", "", "", f"not CSV ({exc})"))
            break  # the reader cannot go on past a broken quote
        if not any(cell.strip() for cell in record):
            continue
        rows.append(_row(start, {f: record[i] for f, i in where.items() if i < len(record)}))
    return rows
