"""One training run of a lesson's network, driven from a worker thread; no Textual imports.

The panel owns a `TrainingRun`, calls `run(...)` in a thread worker, and receives plain
`Snapshot`s through `on_progress`: copies of the loss curve and of whatever the second plot
needs, so the UI thread never reads the network while the worker changes it.
Stopping keeps the weights: `run` again continues from the epoch it stopped at.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from nntutor.engine.train import accuracy, train

# Aim for about this many points on the loss curve, whatever the epoch count.
LOSS_POINTS = 200
# How often, per point on the loss curve, the worker looks for a stop request.
STOP_CHECKS_PER_POINT = 10


@dataclass(frozen=True)
class Snapshot:
    """What the screen draws after some epochs; every array is a private copy."""

    epoch: int
    epochs: int
    history_epochs: tuple[int, ...]
    history_losses: tuple[float, ...]
    loss: float | None
    accuracy: float | None = None
    test_loss: float | None = None
    test_accuracy: float | None = None
    # regression with one input: predictions at `curve_x` (raw units)
    curve_y: np.ndarray | None = field(default=None, repr=False)
    # predictions for every data row, in order, target units (regression with several inputs)
    fitted: np.ndarray | None = field(default=None, repr=False)
    # binary classification with two inputs: P(class 1) on the boundary grid, rows top-down
    grid: np.ndarray | None = field(default=None, repr=False)
    running: bool = False
    finished: bool = False
    diverged: bool = False


def plot_kind(task: str, n_inputs: int, n_outputs: int) -> str | None:
    """Which second plot suits the data: 'fit' (seed 003), 'scatter', 'boundary' (seed 004)."""
    if task == "regression" and n_outputs == 1:
        return "fit" if n_inputs == 1 else "scatter"
    if task == "binary" and n_inputs == 2 and n_outputs == 1:
        return "boundary"
    return None


class TrainingRun:
    """The network, its data, and the progress so far."""

    def __init__(self, walkthrough, network, data):
        self.walkthrough = walkthrough
        self.net = network
        self.initial_params = {k: v.copy() for k, v in network.params.items()}
        self.data = data
        self.X, self.Y = data.X_train, data.Y_train
        self.epochs_total = int(walkthrough.epochs)
        self.epochs_done = 0
        self.diverged = False  # the loss became nan or inf: training stopped itself
        self.history_epochs: list[int] = []
        self.history_losses: list[float] = []
        self.kind = plot_kind(data.task, self.X.shape[1], self.Y.shape[1])
        self.grid_size = (40, 16)  # (columns, rows), set by the boundary plot
        self._setup_plot_geometry()
        self.before = self.curve() if self.kind == "fit" else None
        self._log(0, self.net.loss_value(self.X, self.Y))  # the curve starts untrained

    @classmethod
    def from_lesson(cls, lesson) -> "TrainingRun":
        """Build the lesson's network and load its data (scikit-learn sets may take a second)."""
        from nntutor.lessons.runtime import build_network, walkthrough_data

        if getattr(lesson, "graph", None) is not None:  # a walkthrough written as lines
            from nntutor.lessons import graph_run

            data = graph_run.load_data(lesson.graph)
            graph_run.check_budget(lesson.graph, epochs=lesson.graph.epochs, data=data)
            return cls(lesson.graph, graph_run.GraphNetwork(lesson.graph, data),
                       graph_run.as_dataset(lesson.graph, data))
        if lesson.walkthrough is None:
            raise ValueError(f"lesson {lesson.id!r} has no walkthrough network to train")
        return cls(lesson.walkthrough, build_network(lesson.walkthrough),
                   walkthrough_data(lesson.walkthrough))

    # -- geometry of the second plot ------------------------------------------------------
    def _setup_plot_geometry(self) -> None:
        raw = self.raw_inputs(self.X)
        lo, hi = raw.min(axis=0), raw.max(axis=0)
        pad = 0.08 * np.where(hi > lo, hi - lo, 1.0)
        self.bounds = (lo - pad, hi + pad)  # raw units, per input
        if self.kind == "fit":
            self.curve_x = np.linspace(lo[0], hi[0], 60)
        else:
            self.curve_x = None

    def raw_inputs(self, X: np.ndarray) -> np.ndarray:
        """Undo the dataset's standardisation so axes are in the data's own units."""
        if self.data.x_mean is None:
            return X
        return X * self.data.x_std + self.data.x_mean

    def raw_targets(self, Y: np.ndarray) -> np.ndarray:
        """Targets (or predictions of them) in the data's own units (°F, not z-scores)."""
        return self.data.untransform_target(Y)

    def curve(self) -> np.ndarray:
        """Predictions along the input axis, in the target's units (fit plots)."""
        xs = self.data.transform(self.curve_x.reshape(-1, 1))
        return self.raw_targets(self.net.predict(xs))[:, 0].copy()

    def grid_points(self) -> np.ndarray:
        """Raw-unit centres of the boundary grid cells, row-major from the top row."""
        cols, rows = self.grid_size
        (x0, y0), (x1, y1) = self.bounds
        xs = x0 + (np.arange(cols) + 0.5) * (x1 - x0) / cols
        ys = y1 - (np.arange(rows) + 0.5) * (y1 - y0) / rows
        gx, gy = np.meshgrid(xs, ys)
        return np.column_stack([gx.ravel(), gy.ravel()])

    def grid(self) -> np.ndarray:
        cols, rows = self.grid_size
        probs = self.net.predict(self.data.transform(self.grid_points()))[:, 0]
        return probs.reshape(rows, cols).copy()

    # -- training -----------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.epochs_done >= self.epochs_total

    def reset(self) -> None:
        """Back to the initial weights and an empty loss curve."""
        for name, value in self.initial_params.items():
            self.net.params[name] = value.copy()
        self.epochs_done = 0
        self.diverged = False
        self.history_epochs.clear()
        self.history_losses.clear()
        self._log(0, self.net.loss_value(self.X, self.Y))

    def run(self, should_stop: Callable[[], bool], on_progress: Callable[[Snapshot], None],
            every_seconds: float = 0.2, yield_seconds: float = 0.03) -> None:
        """Train the remaining epochs; report at most every `every_seconds` and at the end."""
        if self.finished or self.diverged:
            self.reset()
        if not self.history_epochs:
            self._log(0, self.net.loss_value(self.X, self.Y))
        wt = self.walkthrough
        remaining = self.epochs_total - self.epochs_done
        offset = self.epochs_done
        # The engine calls back every `check` epochs (that is when a stop can happen), and
        # about LOSS_POINTS of those calls go on the curve.
        check = max(1, self.epochs_total // (LOSS_POINTS * STOP_CHECKS_PER_POINT))
        record = max(1, self.epochs_total // LOSS_POINTS)
        last = [time.monotonic()]

        def callback(epoch: int, loss: float) -> bool:
            self.epochs_done = offset + epoch
            if not math.isfinite(loss):
                self._log(self.epochs_done, loss)
                self.diverged = True
                return True
            if self.epochs_done % record < check or self.epochs_done >= self.epochs_total:
                self._log(self.epochs_done, loss)
            stop = should_stop()
            if stop:
                self._log(self.epochs_done, loss)
            now = time.monotonic()
            if not stop and self.epochs_done < self.epochs_total and now - last[0] >= every_seconds:
                last[0] = now
                on_progress(self.snapshot(running=True))
                # Step aside while the UI thread draws the report: with the GIL shared, a
                # busy worker would otherwise make every redraw (and keypress) crawl.
                time.sleep(yield_seconds)
            else:
                time.sleep(0)  # let a waiting UI thread take the GIL now
            return stop

        # One BLAS thread: on a small machine a second one fights the UI thread for a core
        # and makes these small matrix products several times slower, not faster.
        self.diverged = False
        # Overflow in a diverging run is reported on screen, not as warnings on the terminal.
        with threadpool_limits(limits=1, user_api="blas"), np.errstate(all="ignore"):
            # Continuing after a stop reshuffles with another seed, so batches are not replayed.
            train(self.net, self.X, self.Y, remaining, wt.lr, batch_size=wt.batch_size,
                  seed=wt.seed + offset, log_every=check, callback=callback)
        on_progress(self.snapshot(running=False))

    def _log(self, epoch: int, loss: float) -> None:
        if self.history_epochs and self.history_epochs[-1] == epoch:
            return
        self.history_epochs.append(epoch)
        self.history_losses.append(float(loss))

    # -- what the screen shows ----------------------------------------------------------
    def snapshot(self, running: bool = False) -> Snapshot:
        """Copies of everything the plots and the status line need, at this moment."""
        metrics = self.metrics()
        return Snapshot(
            epoch=self.epochs_done,
            epochs=self.epochs_total,
            history_epochs=tuple(self.history_epochs),
            history_losses=tuple(self.history_losses),
            curve_y=self.curve() if self.kind == "fit" else None,
            fitted=(self.raw_targets(self.net.predict(self.X))[:, 0].copy()
                    if self.kind == "scatter" else None),
            grid=self.grid() if self.kind == "boundary" else None,
            running=running,
            finished=self.finished,
            diverged=self.diverged,
            **metrics,
        )

    def metrics(self) -> dict:
        """Loss (and accuracy for classification) on the training data and the test split."""
        classify = self.data.task in ("binary", "multiclass")
        out = {"loss": self.net.loss_value(self.X, self.Y), "accuracy": None,
               "test_loss": None, "test_accuracy": None}
        if classify:
            out["accuracy"] = accuracy(self.net.predict(self.X), self.Y)
        if self.data.X_test is not None and len(self.data.X_test):
            out["test_loss"] = self.net.loss_value(self.data.X_test, self.data.Y_test)
            if classify:
                out["test_accuracy"] = accuracy(self.net.predict(self.data.X_test),
                                                self.data.Y_test)
        return out
