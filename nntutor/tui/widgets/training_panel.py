"""Train the lesson's network and watch it learn: the loss curve, and prediction against
truth (regression, seed 003) or the decision boundary (two-input classification, seed 004).

Training runs in a thread worker; the worker reports `Snapshot`s with `post_message`, so the
screen keeps answering keys. Space (or s) starts and stops; starting again continues from the
epoch it stopped at; r resets to the untrained network.
"""

from __future__ import annotations

import threading
import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static
from textual.worker import get_current_worker

from nntutor.engine.train import History
from nntutor.tui.widgets.plot_boundary import BoundaryPlot
from nntutor.tui.widgets.plot_fit import FitPlot, ScatterFitPlot
from nntutor.tui.widgets.plot_loss import LossPlot
from nntutor.tui.widgets.training_run import Snapshot, TrainingRun


def describe(snapshot: Snapshot) -> str:
    """The status line: epoch, loss, accuracy (and test accuracy when there is a test split)."""
    parts = [f"epoch {snapshot.epoch}/{snapshot.epochs}"]
    if snapshot.loss is not None:
        parts.append(f"loss {snapshot.loss:.4g}")
    if snapshot.accuracy is not None:
        parts.append(f"accuracy {snapshot.accuracy:.1%}")
    if snapshot.test_accuracy is not None:
        parts.append(f"test {snapshot.test_accuracy:.1%}")
    elif snapshot.test_loss is not None:
        parts.append(f"test loss {snapshot.test_loss:.4g}")
    return " · ".join(parts)


class TrainingPanel(Widget, can_focus=True):
    """Trains `lesson.walkthrough` on its dataset; needs a lesson with a walkthrough."""

    DEFAULT_CSS = """
    TrainingPanel { height: 1fr; layout: vertical; }
    TrainingPanel #training-title { height: auto; text-style: bold; }
    TrainingPanel #training-bar { height: auto; }
    TrainingPanel #training-bar Button { margin-right: 1; width: 10; min-width: 10; }
    TrainingPanel #training-status { width: 1fr; height: auto; max-height: 2; padding-left: 1; }
    TrainingPanel #training-plots { height: 1fr; }
    TrainingPanel #training-plots > * { width: 1fr; }
    TrainingPanel.-running #training-status { color: $accent; }
    TrainingPanel.-failed #training-status { color: $error; }
    """

    BINDINGS = [
        Binding("space,s", "toggle_training", "Start/stop"),
        Binding("r", "reset", "Reset"),
    ]

    class Progress(Message):
        """Posted from the training worker with a fresh snapshot."""

        def __init__(self, snapshot: Snapshot, error: str | None = None):
            super().__init__()
            self.snapshot = snapshot
            self.error = error

    class Ready(Message):
        """Posted from the loading worker once the network and data are built."""

        def __init__(self, run: TrainingRun | None, error: str | None = None):
            super().__init__()
            self.run = run
            self.error = error

    class Finished(Message):
        """Training ended, by running all epochs or by being stopped (`history.stopped`)."""

        def __init__(self, panel: "TrainingPanel", history: History, snapshot: Snapshot):
            super().__init__()
            self.panel = panel
            self.history = history
            self.snapshot = snapshot

    def __init__(self, lesson, **kw):
        super().__init__(**kw)
        self.lesson = lesson
        self.run: TrainingRun | None = None
        self.snapshot: Snapshot | None = None
        self.running = False
        self.updates = 0  # snapshots drawn so far (tests watch it move)
        self._stop = threading.Event()
        self._start_when_ready = False
        self._seconds = 0.0

    # -- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="training-title", markup=False)
        with Horizontal(id="training-bar"):
            yield Button("Start", id="training-toggle", compact=True, variant="primary")
            yield Button("Reset", id="training-reset", compact=True)
            yield Static("loading the data…", id="training-status", markup=False)
        with Horizontal(id="training-plots"):
            yield LossPlot(id="training-loss")

    def _title(self) -> str:
        wt = self.lesson.walkthrough
        if wt is None and getattr(self.lesson, "graph", None) is not None:
            from nntutor.lessons.runtime import describe

            g = self.lesson.graph
            return f"Train {describe(self.lesson)}: {g.epochs} epochs, lr {g.lr:g}, full batch"
        if wt is None:
            return f"{self.lesson.title}: this lesson has no network to train"
        batch = "full batch" if wt.batch_size is None else f"batches of {wt.batch_size}"
        return (f"Train {wt.sizes} on {wt.dataset}: {wt.epochs} epochs, lr {wt.lr:g}, "
                f"{wt.loss}, {batch}")

    def on_mount(self) -> None:
        if self.lesson.walkthrough is None and getattr(self.lesson, "graph", None) is None:
            self._fail("nothing to train: the lesson has no [walkthrough] network")
            return
        self._load()

    @work(thread=True, exclusive=True, group="training-load")
    def _load(self) -> None:
        # Building the data may import scikit-learn (~1 s): never on the UI thread.
        try:
            run = TrainingRun.from_lesson(self.lesson)
        except Exception as exc:  # any failure is shown on the panel, the app keeps going
            self.post_message(self.Ready(None, f"cannot set up training: {exc}"))
            return
        self.post_message(self.Ready(run))

    @on(Ready)
    def _ready(self, message: Ready) -> None:
        message.stop()
        if message.run is None:
            self._fail(message.error or "cannot set up training")
            return
        self.run = run = message.run
        if run.data.note:  # e.g. a substitute dataset: say so once, on screen
            self.notify(run.data.note, title="Data", timeout=8)
        plots = self.query_one("#training-plots", Horizontal)
        second = None
        if run.kind == "fit":
            names = run.data.feature_names, run.data.target_names
            second = FitPlot(run.raw_inputs(run.X), run.raw_targets(run.Y), run.curve_x,
                             run.before, xlabel=names[0][0] if names[0] else "x",
                             ylabel=names[1][0] if names[1] else "y", id="training-fit")
        elif run.kind == "scatter":
            second = ScatterFitPlot(run.raw_targets(run.Y), id="training-fit")
        elif run.kind == "boundary":
            second = BoundaryPlot(run.raw_inputs(run.X), run.Y, run.bounds, id="training-boundary")
        if second is not None:
            plots.mount(second)
        self.call_after_refresh(self._first_draw)

    def _first_draw(self) -> None:
        self._sync_grid_size()
        self._draw(self.run.snapshot())
        self._set_status(f"ready: press space to train · {describe(self.snapshot)}")
        if self._start_when_ready:
            self._start_when_ready = False
            self.action_toggle_training()

    def _fail(self, message: str) -> None:
        self.add_class("-failed")
        self._set_status(message)
        self.query_one("#training-toggle", Button).disabled = True
        self.query_one("#training-reset", Button).disabled = True

    # -- actions ------------------------------------------------------------------------
    def action_toggle_training(self) -> None:
        """Start (or continue) training, or ask the running worker to stop."""
        if self.run is None:
            if not self.has_class("-failed"):
                self._start_when_ready = not self._start_when_ready
                self._set_status("loading the data… training starts when ready"
                                 if self._start_when_ready else "loading the data…")
            return
        if self.running:
            self._stop.set()
            self._set_status("stopping…")
            return
        self._stop.clear()
        self._sync_grid_size()
        self.running = True
        self.add_class("-running")
        self.query_one("#training-toggle", Button).label = "Stop"
        self._set_status("training…")
        self._train()

    def action_reset(self) -> None:
        if self.run is None or self.running:
            return
        self.run.reset()
        self._seconds = 0.0
        self._draw(self.run.snapshot())
        self._set_status(f"reset to the untrained network · {describe(self.snapshot)}")

    @on(Button.Pressed, "#training-toggle")
    def _toggle_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_toggle_training()

    @on(Button.Pressed, "#training-reset")
    def _reset_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_reset()

    def stop(self) -> None:
        """Ask a running worker to stop (the screen calls this when it closes)."""
        self._stop.set()

    def on_unmount(self) -> None:
        self._stop.set()

    # -- the worker ---------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="training")
    def _train(self) -> None:
        worker = get_current_worker()
        run = self.run
        started = time.perf_counter()
        try:
            run.run(should_stop=lambda: self._stop.is_set() or worker.is_cancelled,
                    on_progress=lambda snap: self.post_message(self.Progress(snap)))
        except Exception as exc:  # bad data or a bug: say so on the panel, stay alive
            self.post_message(self.Progress(run.snapshot(running=False),
                                            error=f"training failed: {exc}"))
        finally:
            self._seconds += time.perf_counter() - started

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        message.stop()
        snap = message.snapshot
        self._draw(snap)
        if snap.running:
            self._set_status(describe(snap))
            return
        self.running = False
        self.remove_class("-running")
        button = self.query_one("#training-toggle", Button)
        stopped = not snap.finished
        button.label = "Continue" if stopped else "Again"
        if message.error:
            self._set_status(message.error)
        elif snap.diverged:
            self._set_status(f"the loss became {snap.history_losses[-1]} at epoch {snap.epoch}: "
                             "the learning rate is too large for this network (r resets)")
            button.label = "Again"
        elif stopped:
            self._set_status(f"stopped at {describe(snap)}")
        else:
            self._set_status(f"done: {describe(snap)}")
        history = History(list(snap.history_epochs), list(snap.history_losses),
                          self._seconds, stopped)
        self.post_message(self.Finished(self, history, snap))

    # -- drawing ------------------------------------------------------------------------
    def _draw(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self.updates += 1
        self.query_one(LossPlot).show(snap.history_epochs, snap.history_losses)
        # Before any training "now" would only hide "before" under it.
        for plot in self.query("#training-fit"):
            if snap.epoch == 0:
                plot.show(None)
            else:
                plot.show(snap.curve_y if isinstance(plot, FitPlot) else snap.fitted)
        for plot in self.query(BoundaryPlot):
            plot.show(snap.grid)

    def _sync_grid_size(self) -> None:
        for plot in self.query(BoundaryPlot):
            if self.run is not None:
                self.run.grid_size = plot.grid_size

    @on(BoundaryPlot.Resized)
    def _boundary_resized(self, message: BoundaryPlot.Resized) -> None:
        # While training, the worker picks the new size up at its next report.
        message.stop()
        if self.run is not None:
            self.run.grid_size = message.plot.grid_size
            if not self.running and self.snapshot is not None:
                message.plot.show(self.run.grid())

    def _set_status(self, text: str) -> None:
        self.query_one("#training-status", Static).update(Text(text))
