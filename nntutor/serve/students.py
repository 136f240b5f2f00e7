"""Students of `nntutor serve`: who may sign in under what name, and where their progress lives.

Under the server's data folder, `students/<name>/` holds one student's progress store (the
same SQLite file the terminal tutor keeps) and `place.json`, the lesson and step they were at.
Names are folded to lower case, so `Alice` and `alice` are the same student.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

MAX_NAME = 32
_NAME = re.compile(r"[A-Za-z0-9_-]+")
STUDENTS = "students"
PLACE = "place.json"


def name_problem(name: str) -> str | None:
    """Why `name` cannot be used (one line), or None when it can."""
    if not name:
        return "type a name first"
    if len(name) > MAX_NAME:
        return f"at most {MAX_NAME} characters, please ({len(name)} typed)"
    if not _NAME.fullmatch(name):
        bad = next(c for c in name if not _NAME.fullmatch(c))
        return f"{bad!r} cannot be used: letters, digits, - and _ only"
    return None


def student_id(name: str) -> str:
    """The folder name of a valid `name`."""
    problem = name_problem(name)
    if problem is not None:
        raise ValueError(f"student name {name!r}: {problem}")
    return name.lower()


def student_home(data_dir: Path | str, name: str) -> Path:
    return Path(data_dir) / STUDENTS / student_id(name)


def students(data_dir: Path | str) -> list[tuple[str, Path]]:
    """(name, home) of every student with a folder under `data_dir`, sorted by name."""
    root = Path(data_dir) / STUDENTS
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return []
    return [(p.name, p) for p in entries
            if p.is_dir() and name_problem(p.name) is None and p.name == p.name.lower()]


@dataclass(frozen=True)
class Place:
    """Where a student was: a lesson id and a 0-based step index."""

    lesson: str
    step: int = 0


def read_place(home: Path) -> Place | None:
    """The saved place, or None when there is none or it cannot be read."""
    try:
        data = json.loads((home / PLACE).read_text(encoding="utf-8")[:10_000])
        return Place(str(data["lesson"]), max(0, int(data.get("step", 0))))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_place(home: Path, place: Place) -> None:
    """Write the place atomically; a failure only costs the resume, so it is ignored."""
    path = home / PLACE
    tmp = path.with_name(f"{PLACE}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps({"lesson": place.lesson, "step": place.step}),
                       encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
