"""`nntutor progress --export csv|json`: progress as a table (see commands/progress_export.py)."""

from __future__ import annotations

import argparse

from nntutor.commands.lesson import add_lessons_dir
from nntutor.commands.progress_export import add_export, run_export
from nntutor.errors import UsageError


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "progress", help="progress: yours, or a class's with --export",
        description="Export progress as CSV or JSON: the students of `nntutor serve`, or "
                    "yours when nobody has been served.")
    add_export(p)
    add_lessons_dir(p)


def run(args: argparse.Namespace) -> int:
    if args.export is None:
        raise UsageError("say --export csv or --export json")
    return run_export(args)
