"""`nntutor list [--json] [--answers]`: every lesson, and every file that failed to load."""

from __future__ import annotations

import argparse
import json
import textwrap

from nntutor.commands.lesson import add_lessons_dir, extra_dirs


def register(subparsers) -> None:
    p = subparsers.add_parser("list", help="list the lessons and their exercises",
                              description="List every lesson (built-in, NNTUTOR_LESSONS, "
                                          "--lessons-dir) with its exercises; files that do "
                                          "not load are listed with their error.")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--answers", action="store_true",
                   help="include each exercise's reference answer (for teachers)")
    add_lessons_dir(p)


def as_json(lessons, errors, answers: bool) -> dict:
    out = []
    for lesson in lessons:
        exercises = []
        for ex in lesson.exercises:
            # the batch size n is offered to every exercise (Exercise.dims)
            item = {"id": ex.id, "prompt": ex.prompt,
                    "variables": {name: list(dims) for name, dims in
                                  {**{v.name: v.dims for v in ex.variables}, **{"n": ()}}
                                  .items()}}
            if answers:
                item["answer"] = ex.answer
            exercises.append(item)
        out.append({"id": lesson.id, "title": lesson.title, "summary": lesson.summary,
                    "path": str(lesson.path), "exercises": exercises})
    return {"lessons": out,
            "errors": [{"path": str(e.path), "line": e.line, "col": e.col, "message": e.message}
                       for e in errors]}


def run(args: argparse.Namespace) -> int:
    from nntutor.lessons.loader import load_lessons

    lessons, errors = load_lessons(extra_dirs(args))
    if args.json:
        print(json.dumps(as_json(lessons, errors, args.answers), ensure_ascii=False, indent=2))
        return 0
    for number, lesson in enumerate(lessons, start=1):
        count = len(lesson.exercises)
        print(f"{number:>2}. {lesson.id}  ({count} exercise{'s' if count != 1 else ''})")
        print(textwrap.fill(f"{lesson.title}: {lesson.summary}", width=80,
                            initial_indent="    ", subsequent_indent="    "))
        print(f"    {lesson.path}")
        if args.answers:
            for ex in lesson.exercises:
                print(f"      {ex.id}: {ex.derive} = {ex.answer}")
    if not lessons:
        print("no lessons found")
    for err in errors:
        print(f"broken: {err}")
    return 0
