"""`nntutor progress --export csv|json`: the options and the run, shared with `progress`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--export", choices=("csv", "json"), default=None,
                        help="write every student's progress (nntutor serve's students, else "
                             "yours) as CSV or JSON: student, lesson, exercise, state, "
                             "attempts, hints, time")
    parser.add_argument("--data", default=None, metavar="DIR",
                        help="the data folder of `nntutor serve` (default: its default)")


def run_export(args: argparse.Namespace) -> int:
    from nntutor.commands.lesson import extra_dirs
    from nntutor.commands.serve import default_data_dir
    from nntutor.errors import UsageError
    from nntutor.lessons.loader import load_lessons
    from nntutor.serve.export import progress_rows, write_export

    data = Path(args.data).expanduser() if args.data else default_data_dir()
    if args.data and not data.is_dir():
        raise UsageError(f"--data {args.data}: no such folder")
    lessons, _errors = load_lessons(extra_dirs(args))
    write_export(progress_rows(data, lessons), args.export, sys.stdout)
    return 0
