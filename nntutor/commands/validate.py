"""`nntutor validate PATH...`: check lesson files, computed checks included.

Exit 0 when every file is valid; otherwise exit 1 with one `FILE:LINE:COL: message` line per
problem on stdout (the summary goes to stderr, so the output can be piped to an editor).
"""

from __future__ import annotations

import argparse
import sys

from nntutor import files as safe_files
from nntutor.commands.lesson import add_lessons_dir, extra_dirs
from nntutor.errors import UsageError


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "validate", help="check lesson files (format, ids, and every answer against the engine)",
        description="Check lesson files: unknown or missing keys, wrong types, architectures "
                    "whose dimensions do not chain, unknown datasets/activations/losses, "
                    "duplicate ids, missing prerequisites, and, computed on the engine, "
                    "reference answers that differ from the real gradient and known wrong "
                    "answers that are in fact right.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="lesson files or folders of them")
    add_lessons_dir(p)


def run(args: argparse.Namespace) -> int:
    from nntutor.lessons.loader import lesson_files
    from nntutor.lessons.validate import validate_paths
    from pathlib import Path

    for path in args.paths:  # a device, a pipe or a huge file is a bad argument, not a lesson
        try:
            if not Path(path).is_dir():
                safe_files.check(path, safe_files.LESSON_LIMIT, "lesson file")
        except safe_files.FileRefused as exc:
            raise UsageError(str(exc)) from None
        except OSError:
            pass  # missing or unreadable: reported below as a problem with that path
    errors = validate_paths(args.paths, extra_dirs(args))
    for err in errors:
        print(err)
    files = sum(len(lesson_files(Path(p))) if Path(p).is_dir() else 1 for p in args.paths)
    if errors:
        bad = len({str(e.path) for e in errors})
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in {bad} of {files} "
              f"file{'s' if files != 1 else ''}", file=sys.stderr)
        return 1
    print(f"{files} lesson file{'s' if files != 1 else ''} valid")
    return 0
