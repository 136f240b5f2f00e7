"""The grading as a teacher reads it (text), or as a program reads it (JSON, CSV)."""

from __future__ import annotations

import csv
import json
from typing import IO, Sequence

from nntutor.grade.pool import ERROR, Result
from nntutor.grade.summary import ExerciseSummary, StudentSummary

CSV_COLUMNS = ("line", "student", "lesson", "exercise", "answer", "verdict", "diagnosis",
               "message")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def text_report(results: Sequence[Result], students: Sequence[StudentSummary],
                exercises: Sequence[ExerciseSummary], out: IO[str], errors_shown: int = 10) -> None:
    w = out.write
    bad = [r for r in results if r.verdict == ERROR]
    w(f"{len(results)} answers from {len(students)} students: "
      f"{sum(r.is_correct for r in results)} right, {len(bad)} could not be graded\n")
    if students:
        width = max(len(s.student) for s in students)
        w("\nStudents (exercises solved / attempted)\n")
        for s in students:
            extra = f"   {plural(s.errors, 'row')} not graded" if s.errors else ""
            line = f"  {s.student:<{width}}  {len(s.solved):>3} / {len(s.attempted):<3}{extra}"
            w(line.rstrip() + "\n")
    if exercises:
        w("\nExercises (students right / answered; the most common mistakes)\n")
        for e in exercises:
            w(f"  {e.lesson} {e.exercise}: {e.right}/{e.students} right "
              f"({e.correct_answers} of {e.answers} answers)\n")
            for m in e.mistakes:
                w(f"      {m.count:>4} × {m.diagnosis:<30} e.g. {m.example}\n")
    if bad:
        w(f"\nRows that could not be graded ({len(bad)})\n")
        for r in bad[:errors_shown]:
            w(f"  line {r.row.line}: {r.message}\n")
        if len(bad) > errors_shown:
            w(f"  … and {len(bad) - errors_shown} more (see --csv or --json)\n")


def json_report(results: Sequence[Result], students: Sequence[StudentSummary],
                exercises: Sequence[ExerciseSummary], out: IO[str]) -> None:
    json.dump({"results": [r.to_json() for r in results],
               "students": [s.to_json() for s in students],
               "exercises": [e.to_json() for e in exercises]}, out, ensure_ascii=False)
    out.write("\n")


def write_csv(results: Sequence[Result], out: IO[str]) -> None:
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in results:
        writer.writerow(r.to_json())
