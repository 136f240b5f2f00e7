"""`nntutor train LESSON`: train the lesson's network with its own configuration.

On a terminal a Rich progress bar shows the live loss; `--json` prints one JSON object on the
last line. Only the lesson's dataset decides whether scikit-learn is imported.
"""

from __future__ import annotations

import argparse
import json
import sys

from nntutor.commands.lesson import add_lessons_dir, lesson_from_args
from nntutor.errors import UsageError


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (e.g. 0.01)") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} must be a positive number (e.g. 0.01)")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; seeds are 0 or more")
    return value


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "train", help="train a lesson's network and report loss and accuracy",
        description="Train the lesson's walkthrough network with its configuration. Accuracy "
                    "is reported for classification: on the test split when the lesson has "
                    "one, else on the training data.",
    )
    p.add_argument("lesson", metavar="LESSON", help="lesson id or lesson file")
    p.add_argument("--epochs", type=_count, help="number of epochs (default: the lesson's)")
    p.add_argument("--lr", type=_rate, help="learning rate (default: the lesson's)")
    p.add_argument("--seed", type=_seed, help="initialisation seed (default: the lesson's)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (lesson, epochs, final_loss, accuracy, seconds)")
    add_lessons_dir(p)


def run(args: argparse.Namespace) -> int:
    from nntutor.lessons.runtime import train_lesson

    lesson = lesson_from_args(args)
    wt = lesson.walkthrough or lesson.graph
    if wt is None:
        raise UsageError(f"lesson {lesson.id!r} has no walkthrough network to train")
    epochs = wt.epochs if args.epochs is None else args.epochs
    lr = wt.lr if args.lr is None else args.lr
    live = sys.stdout.isatty() and not args.json
    if not args.json and lesson.graph is not None:
        from nntutor.lessons.runtime import describe

        print(f"Training {lesson.id}: {describe(lesson)}, lr {lr:g}, {epochs} epochs")
    elif not args.json:
        acts = "/".join(l.activation for l in wt.architecture)
        print(f"Training {lesson.id}: {wt.sizes} {acts}, loss {wt.loss}, init {wt.init}, "
              f"lr {lr:g}, {epochs} epochs on {wt.dataset}")
    try:
        if live:
            result = _train_with_bar(lesson, epochs, lr, args.seed)
        else:
            result = train_lesson(lesson, epochs=epochs, lr=lr, seed=args.seed)
    except ValueError as exc:
        raise UsageError(f"cannot train {lesson.id}: {exc}") from None
    if args.json:
        print(json.dumps({
            "lesson": lesson.id, "epochs": result.epochs, "final_loss": result.final_loss,
            "accuracy": result.accuracy, "seconds": round(result.history.seconds, 3),
        }))
        return 0
    line = f"final loss {result.final_loss:.6g}"
    if result.accuracy is not None:
        line += f"   accuracy {result.accuracy:.3f} ({result.accuracy_split} data)"
    line += f"   {result.history.seconds:.1f} s"
    print(line)
    return 0


def _train_with_bar(lesson, epochs: int, lr: float, seed: int | None):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, \
        TimeElapsedColumn

    from nntutor.lessons.runtime import train_lesson

    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("loss [cyan]{task.fields[loss]}"), TimeElapsedColumn())
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task("epochs", total=max(epochs, 1), loss="…")

        def update(epoch: int, loss: float) -> None:
            progress.update(task, completed=epoch, loss=f"{loss:.6g}")

        result = train_lesson(lesson, epochs=epochs, lr=lr, seed=seed, callback=update,
                              log_every=max(1, epochs // 200))
        progress.update(task, completed=max(epochs, 1))
    return result
