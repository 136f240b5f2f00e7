"""`nntutor progress [--json]`: solved / revealed / left per lesson, and the next lesson.

`--export csv|json` writes a class's progress instead (see commands/progress_export.py).
"""

from __future__ import annotations

import argparse
import json

from nntutor.commands.lesson import add_lessons_dir, extra_dirs
from nntutor.commands.progress_export import add_export, run_export


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "progress", help="your progress across all lessons (or a class's with --export)",
        description="Per lesson, in prerequisite order: exercises solved, solved after the "
                    "answer was shown (revealed), and left; then the next lesson to take. "
                    "Progress is read from NNTUTOR_HOME (or the user data directory). "
                    "With --export, every student's progress of `nntutor serve` as a table.")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_export(p)
    add_lessons_dir(p)


def run(args: argparse.Namespace) -> int:
    if args.export is not None:
        return run_export(args)
    from nntutor.lessons.loader import load_lessons
    from nntutor.store import ProgressStore
    from nntutor.tutor.progress import course_progress

    lessons, _errors = load_lessons(extra_dirs(args))
    with ProgressStore.open() as store:
        progress = course_progress(lessons, store)
        notice = store.notice
    if args.json:
        data = progress.to_json()
        if notice and not data["warning"]:
            data["warning"] = notice
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if notice:
        print(f"note: {notice}")
    width = max((len(l.title) for l in progress.lessons), default=0)
    for number, row in enumerate(progress.lessons, start=1):
        mark = "→" if row.id == progress.next_lesson else " "
        print(f"{mark}{number:>2}. {row.title:<{width}}  {row.label()}")
    print(progress.summary())
    if progress.warning:
        print(f"note: {progress.warning}")
    return 0
