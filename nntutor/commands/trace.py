"""`nntutor trace LESSON`: print every step of one forward and backward pass.

Each step shows its number, phase, formula, NumPy line, the shapes of its operands and result
in numbers and named dimensions, and the values (large arrays summarised as NumPy does).
The text is the engine's own, the same the tutor's step view shows. Plain text when piped or
with --plain; colour on a terminal.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from nntutor.commands.lesson import add_lessons_dir, lesson_from_args
from nntutor.errors import UsageError

PHASES = ("forward", "backward", "update", "all")
WIDTH = 80


def _rows(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} rows? give 1 or more")
    return value


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "trace", help="print every step of one forward and backward pass of a lesson's network",
        description="Print every step of one forward and backward pass of the lesson's network "
                    "on a few rows of its data: formula, NumPy line, shapes with named "
                    "dimensions, and values.",
    )
    p.add_argument("lesson", metavar="LESSON", help="lesson id or lesson file")
    p.add_argument("--phase", choices=PHASES, default="all", help="which steps to print")
    p.add_argument("--plain", action="store_true", help="no colour, even on a terminal")
    p.add_argument("--rows", type=_rows, help="data rows in the pass (default: the lesson's)")
    add_lessons_dir(p)


def format_value(value, indent: str) -> str:
    """An array the way NumPy prints it, summarised past a few hundred entries."""
    import numpy as np  # here, not at import: every command's parser loads this module

    text = np.array2string(np.asarray(value), precision=4, suppress_small=True, threshold=60,
                           edgeitems=3, max_line_width=76 - len(indent))
    return "\n".join(indent + line for line in text.splitlines())


def step_heading(step, total: int) -> str:
    """`Step 3 of 19 · forward · ...`, numbered as the tutor's step view numbers it."""
    return f"Step {step.index + 1} of {total} · {step.phase} · {step.title}"


def step_lines(step, total: int) -> list[tuple[str, str]]:
    """(style, text) lines for one step; the style is ignored in plain output."""
    lines = [("bold", step_heading(step, total)),
             ("cyan", f"    formula  {step.formula}"),
             ("green", f"    numpy    {step.numpy}")]
    numbers, named = step.shape_algebra
    if numbers:
        lines.append(("yellow", f"    shapes   {numbers}    {named}"))
    for label, operands in (("in ", step.inputs), ("out", step.outputs)):
        for op in operands:
            lines.append(("magenta", f"    {label}  {op.describe()}"))
            lines.append(("", format_value(op.value, "           ")))
    if step.note:
        lines.append(("dim", textwrap.fill(step.note, width=WIDTH, initial_indent="    note     ",
                                           subsequent_indent=" " * 13)))
    return lines


def run(args: argparse.Namespace) -> int:
    from nntutor.lessons.runtime import trace_lesson

    lesson = lesson_from_args(args)
    from nntutor.lessons.runtime import describe

    if lesson.walkthrough is None and lesson.graph is None:
        raise UsageError(f"lesson {lesson.id!r} has no walkthrough network to trace")
    try:
        # with the learning rate, as the tutor traces it: the same steps, the same numbers
        network = lesson.walkthrough or lesson.graph
        tape = trace_lesson(lesson, rows=args.rows, lr=network.lr)
    except ValueError as exc:
        raise UsageError(f"cannot trace {lesson.id}: {exc}") from None
    sizes = ", ".join(f"{k} = {v}" for k, v in tape.sizes.items() if k != "1")
    header = [("bold", f"{lesson.id}: {describe(lesson)}"),
              ("", f"named dimensions: {sizes}"), ("", "")]
    steps = [s for s in tape if args.phase == "all" or s.phase == args.phase]
    body = []
    for step in steps:
        body += step_lines(step, len(tape)) + [("", "")]
    footer = [("bold", f"loss L = {tape.loss:.6g}   ({len(steps)} of {len(tape)} steps shown)")]
    lines = header + body + footer
    if args.plain or not sys.stdout.isatty():
        print("\n".join(text for _, text in lines))
        return 0
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    for style, text in lines:
        console.print(Text(text, style=style or None), soft_wrap=True)
    return 0
