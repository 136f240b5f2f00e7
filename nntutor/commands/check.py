"""`nntutor check LESSON EXERCISE --answer EXPR`: check an answer as the tutor does.

The answer is evaluated (safely) on several real engine passes with random, all-different
sizes and compared with the engine's own gradient; a wrong answer gets a diagnosis.
`--answers FILE` checks a JSON list of answers at once.
"""

from __future__ import annotations

import argparse
import json
import textwrap

from nntutor import files
from nntutor.commands.lesson import add_lessons_dir, lesson_from_args
from nntutor.errors import UsageError


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "check", help="check an answer to a lesson's exercise",
        description="Check a NumPy expression against the engine's gradient for a lesson's "
                    "exercise, on several passes with different random sizes.",
    )
    p.add_argument("lesson", metavar="LESSON", help="lesson id or lesson file")
    p.add_argument("exercise", metavar="EXERCISE", help="exercise id (see `nntutor list`)")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--answer", metavar="EXPR", help='the answer, e.g. "A1.T @ dZ2"')
    group.add_argument("--answers", metavar="FILE", help="a JSON file holding a list of answers")
    p.add_argument("--json", action="store_true", help="print the verdict(s) as JSON")
    add_lessons_dir(p)


def read_answers(path: str) -> list[str]:
    try:
        data = json.loads(files.read_text(path, files.ANSWERS_LIMIT, "JSON answers file"))
    except files.FileRefused as exc:
        raise UsageError(f"--answers {exc}") from None
    except FileNotFoundError:
        raise UsageError(f"--answers {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--answers {path}: cannot read it ({exc})") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"--answers {path}:{exc.lineno}:{exc.colno}: not valid JSON "
                         f"({exc.msg}); write a list such as [\"A1.T @ dZ2\"]") from None
    if not isinstance(data, list) or not all(isinstance(a, str) for a in data):
        raise UsageError(f"--answers {path}: must be a JSON list of strings, e.g. "
                         f"[\"A1.T @ dZ2\", \"dZ2 @ A1.T\"]")
    return data


def run(args: argparse.Namespace) -> int:
    from nntutor.checker.diagnosis import LessonError
    from nntutor.tutor.exercise_session import check_offline

    answers = [args.answer] if args.answer is not None else read_answers(args.answers)
    lesson = lesson_from_args(args)
    try:
        exercise = lesson.exercise(args.exercise)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None
    try:
        checked = check_offline(lesson, exercise, answers)
    except LessonError as exc:
        raise UsageError(f"exercise {exercise.id!r} of {lesson.path} is broken: {exc} "
                         f"(run `nntutor validate {lesson.path}`)") from None
    verdicts = [v for v, _ in checked]
    if args.json:
        results = [{"answer": a, **v.to_json()} for a, v in zip(answers, verdicts)]
        if args.answers is not None:
            print(json.dumps({"results": results}, ensure_ascii=False))
        else:
            print(json.dumps(results[0], ensure_ascii=False))
    else:
        for answer, (v, said) in zip(answers, checked):
            if len(answers) > 1:
                print(f"{answer}:")
            print(said.message)
            if said.note:  # the lesson's words, without anything that writes the answer
                print(textwrap.fill(said.note, width=80))
    return max(v.exit_code for v in verdicts) if verdicts else 0
