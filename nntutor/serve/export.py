"""Progress as a table for a teacher: one row per student and exercise they worked on.

Columns: student, lesson, exercise, state (solved / revealed / attempted), attempts, hints,
time (UTC, of the last attempt). The students are those `nntutor serve` keeps under its data
folder; when it has none, the local learner's own progress is exported instead.
Only the store's public reads are used, so this works with every schema the store reads.
"""

from __future__ import annotations

import csv
import getpass
import json
from pathlib import Path
from typing import IO, Iterator, Sequence

from nntutor.serve.students import students

COLUMNS = ("student", "lesson", "exercise", "state", "attempts", "hints", "time")


def store_rows(student: str, store, lessons: Sequence) -> Iterator[dict]:
    """The rows of one student's store, for the exercises of `lessons`."""
    for lesson in lessons:
        outcomes = getattr(store, "outcomes", None)  # solved vs revealed, where recorded
        finished = (outcomes(lesson.id) if outcomes is not None
                    else dict.fromkeys(store.solved(lesson.id), "solved"))
        for ex in lesson.exercises:
            attempts = store.attempts(lesson.id, ex.id)
            hints = store.hints_taken(lesson.id, ex.id)
            state = finished.get(ex.id)
            if state is None and not attempts and not hints:
                continue
            yield {"student": student, "lesson": lesson.id, "exercise": ex.id,
                   "state": state or "attempted", "attempts": len(attempts), "hints": hints,
                   "time": attempts[-1].at.isoformat(timespec="seconds") if attempts else None}


def local_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "local"


def progress_rows(data_dir: Path | None, lessons: Sequence, local_home: Path | None = None
                  ) -> Iterator[dict]:
    """Every student under `data_dir`; if there are none, the learner at `local_home`."""
    from nntutor.store import ProgressStore

    homes = students(data_dir) if data_dir is not None else []
    if not homes:
        homes = [(local_name(), local_home)]
    for name, home in homes:
        with ProgressStore.open(home) as store:
            yield from store_rows(name, store, lessons)


def write_export(rows: Iterator[dict], fmt: str, out: IO[str]) -> int:
    """Write `rows` as CSV or a JSON list; return how many were written."""
    rows = list(rows)
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    return len(rows)
