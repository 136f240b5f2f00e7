"""`nntutor train LESSON`: train the lesson's network with its own configuration.

On a terminal a Rich progress bar shows the live loss; `--json` prints one JSON object on the
last line. Only the lesson's dataset decides whether scikit-learn is imported.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import warnings
from typing import Callable

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
                   help="print one JSON object (lesson, epochs, final_loss, accuracy, seconds, "
                        "diverged); a loss that is not a number is null")
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
    # Full-batch training measures the loss every epoch anyway: watch each one, so a
    # divergence is reported at the epoch it happened. Mini-batches: at the logged epochs.
    every = 1 if getattr(wt, "batch_size", None) is None else None
    watch = Divergence()
    try:
        with quiet_numpy():
            if live:
                result = _train_with_bar(lesson, epochs, lr, args.seed, watch, every)
            else:
                result = train_lesson(lesson, epochs=epochs, lr=lr, seed=args.seed,
                                      callback=watch, log_every=every)
    except ValueError as exc:
        raise UsageError(f"cannot train {lesson.id}: {exc}") from None
    diverged_at = watch.epoch
    if diverged_at is None and not _finite(result.final_loss):
        diverged_at = result.epochs
    if args.json:
        print(json.dumps({
            "lesson": lesson.id, "epochs": result.epochs,
            "final_loss": _finite(result.final_loss), "accuracy": _finite(result.accuracy),
            "seconds": round(result.history.seconds, 3), "diverged": diverged_at is not None,
        }, allow_nan=False))  # strict JSON: a loss that is not a number is null
        return 1 if diverged_at is not None else 0
    if diverged_at is not None:
        when = "at" if every == 1 else "by"
        print(f"the loss diverged {when} epoch {diverged_at}: lower --lr (try {lr / 10:g})")
        return 1
    line = f"final loss {result.final_loss:.6g}"
    if result.accuracy is not None:
        line += f"   accuracy {result.accuracy:.3f} ({result.accuracy_split} data)"
    line += f"   {result.history.seconds:.1f} s"
    print(line)
    return 0


class Divergence:
    """A training callback that stops at the first logged loss that is NaN or infinite
    (`epoch` then says when), and passes every other loss on to `then`."""

    def __init__(self, then: Callable[[int, float], object] | None = None, then_every: int = 1):
        self.then = then
        self.then_every = then_every
        self.epoch: int | None = None

    def __call__(self, epoch: int, loss: float) -> bool:
        if _finite(loss) is None:
            self.epoch = epoch
            return True
        if self.then is not None and epoch % self.then_every == 0:
            self.then(epoch, loss)
        return False


def _finite(value: float | None) -> float | None:
    """The number, or None when it is missing, NaN or infinite."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


@contextlib.contextmanager
def quiet_numpy():
    """No raw NumPy overflow warnings: divergence is reported once, in words."""
    import numpy as np

    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _train_with_bar(lesson, epochs: int, lr: float, seed: int | None, watch: Divergence,
                    every: int | None):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, \
        TimeElapsedColumn

    from nntutor.lessons.runtime import train_lesson

    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("loss [cyan]{task.fields[loss]}"), TimeElapsedColumn())
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task("epochs", total=max(epochs, 1), loss="…")

        def update(epoch: int, loss: float) -> None:
            progress.update(task, completed=epoch, loss=f"{loss:.6g}")

        watch.then, watch.then_every = update, max(1, epochs // 200)
        result = train_lesson(lesson, epochs=epochs, lr=lr, seed=seed, callback=watch,
                              log_every=every or watch.then_every)
        progress.update(task, completed=watch.epoch or max(epochs, 1))
    return result
