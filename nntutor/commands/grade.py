"""`nntutor grade ANSWERS [--json | --csv OUT]`: a class's answers, graded as the tutor checks."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext

from nntutor.commands.lesson import add_lessons_dir, extra_dirs
from nntutor.errors import UsageError

BAR_FROM = 200  # rows from which a terminal gets a progress bar


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "grade", help="grade a class's answers (CSV or JSON Lines)",
        description="Grade every row of a CSV (with a header) or JSON Lines file of student, "
                    "lesson, exercise, answer, as the tutor checks answers. Prints each "
                    "student's solved/attempted and each exercise's most common mistakes.",
    )
    p.add_argument("answers", metavar="ANSWERS", help="the answers file (.csv or .jsonl)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true",
                     help="print every result and both summaries as one JSON document")
    out.add_argument("--csv", metavar="OUT",
                     help="also write every row's result to OUT as CSV ('-' for stdout)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: one per core)")
    add_lessons_dir(p)


def progress_bar(total: int):
    """A rich progress bar on stderr when it is a terminal and the file is long, else None."""
    if total < BAR_FROM or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    return Progress("grading", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


def run(args: argparse.Namespace) -> int:
    from nntutor.grade.pool import grade_rows
    from nntutor.grade.report import json_report, text_report, write_csv
    from nntutor.grade.rows import GradeFileError, read_rows
    from nntutor.grade.summary import by_exercise, by_student

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: must be 1 or more")
    dirs = extra_dirs(args)
    try:
        rows = read_rows(args.answers)
    except GradeFileError as exc:
        raise UsageError(str(exc)) from None
    csv_out = None
    if args.csv and args.csv != "-":
        try:
            csv_out = open(args.csv, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise UsageError(f"--csv {args.csv}: cannot write it ({exc.strerror or exc})"
                             ) from None
    bar = progress_bar(len(rows))
    with bar or nullcontext():
        task = bar.add_task("grading", total=len(rows)) if bar else None

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.update(task, completed=done)

        results = grade_rows(rows, dirs, jobs=args.jobs, progress=progress)
    students, exercises = by_student(results), by_exercise(results)
    if args.json:
        json_report(results, students, exercises, sys.stdout)
        return 0
    if args.csv == "-":
        write_csv(results, sys.stdout)
        return 0
    if csv_out is not None:
        with csv_out:
            write_csv(results, csv_out)
    text_report(results, students, exercises, sys.stdout)
    return 0
