"""`nntutor lesson ID|PATH`: open the tutor on one lesson (a built-in id or your own file).

Also home to the small helpers every lesson-taking command shares: the `--lessons-dir` option
and turning a lesson argument into a Lesson with a one-line error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nntutor.errors import UsageError


def add_lessons_dir(parser: argparse.ArgumentParser) -> None:
    """`--lessons-dir` after the command too (the global one works before it)."""
    parser.add_argument("--lessons-dir", action="append", default=argparse.SUPPRESS,
                        metavar="DIR", help="add a folder of lesson files (also NNTUTOR_LESSONS)")


def extra_dirs(args: argparse.Namespace) -> list[str]:
    """The --lessons-dir folders; a folder that does not exist is a usage error."""
    dirs = list(getattr(args, "lessons_dir", None) or [])
    for d in dirs:
        if not Path(d).expanduser().is_dir():
            raise UsageError(f"--lessons-dir {d}: no such folder")
    return dirs


def lesson_from_args(args: argparse.Namespace, name: str = "lesson"):
    """Only the named lesson is parsed: the ids come from the picker's lesson index."""
    from nntutor.store import default_home
    from nntutor.tui.lesson_index import find_lesson

    return find_lesson(getattr(args, name), extra_dirs(args), default_home())


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "lesson", help="open the tutor on one lesson (an id or a lesson file)",
        description="Open the tutor on one lesson: a built-in id such as chain-rule, an id from "
                    "--lessons-dir / NNTUTOR_LESSONS, or the path of your own .toml lesson file.",
    )
    p.add_argument("lesson", metavar="ID|PATH", help="lesson id or lesson file")
    add_lessons_dir(p)


def run(args: argparse.Namespace) -> int:
    lesson = lesson_from_args(args)
    try:
        from nntutor.tui.app import make_app
    except ImportError:
        print("nntutor lesson: the tutor's screens (nntutor.tui.app) are not installed in this "
              "build; try `nntutor trace " + args.lesson + "` meanwhile", file=sys.stderr)
        return 2
    make_app(lesson=lesson, extra_dirs=tuple(extra_dirs(args))).run()
    return 0
