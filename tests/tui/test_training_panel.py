"""The training screen: it loads, trains in a worker, draws live, stops on request."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from textual.app import App

from nntutor.engine.network import Layer
from nntutor.lessons.model import Lesson, Walkthrough
from nntutor.tui.screens.training import TrainingScreen
from nntutor.tui.widgets.plot_boundary import BoundaryPlot
from nntutor.tui.widgets.plot_fit import FitPlot
from nntutor.tui.widgets.plot_loss import LossPlot, scaled
from nntutor.tui.widgets.training_panel import TrainingPanel, describe
from nntutor.tui.widgets.training_run import TrainingRun, plot_kind


def lesson(kind: str, epochs: int, lr: float | None = None) -> Lesson:
    if kind == "xor":
        layers = (Layer(2, 4, "tanh"), Layer(4, 1, "sigmoid"))
        wt = Walkthrough(layers, "xor", "glorot_uniform", 0, "bce", None, lr or 0.5, epochs,
                         ("in", "h1", "out"), 4, None, None)
    else:
        layers = (Layer(1, 2, "linear"), Layer(2, 1, "linear"))
        wt = Walkthrough(layers, "celsius", "small_uniform", 0, "mse", None, lr or 0.05, epochs,
                         ("in", "h1", "out"), 4, None, None)
    return Lesson(f"{kind}-test", f"{kind} test", "", (), (), wt, (), Path("test.toml"))


class Host(App):
    def __init__(self, lesson):
        super().__init__()
        self.lesson = lesson
        self.finished: list[TrainingPanel.Finished] = []

    def on_mount(self) -> None:
        self.push_screen(TrainingScreen(self.lesson))

    def on_training_panel_finished(self, message: TrainingPanel.Finished) -> None:
        self.finished.append(message)


async def ready(app, pilot) -> TrainingPanel:
    await app.workers.wait_for_complete()
    await pilot.pause()
    panel = app.screen.query_one(TrainingPanel)
    for _ in range(50):  # the first draw waits for a refresh after the plots mount
        if panel.snapshot is not None:
            break
        await pilot.pause(0.02)
    assert panel.run is not None and panel.snapshot is not None
    return panel


async def finish(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


# -- the run, without the screen ----------------------------------------------------------
def test_plot_kind_matches_the_task():
    assert plot_kind("regression", 1, 1) == "fit"
    assert plot_kind("regression", 8, 1) == "scatter"
    assert plot_kind("binary", 2, 1) == "boundary"
    assert plot_kind("binary", 4, 1) is None
    assert plot_kind("multiclass", 4, 3) is None


def test_a_run_trains_reports_and_continues_after_a_stop():
    run = TrainingRun.from_lesson(lesson("xor", 2000))
    seen = []
    run.run(should_stop=lambda: len(run.history_epochs) > 5, on_progress=seen.append)
    assert seen[-1].running is False and seen[-1].finished is False
    stopped_at = run.epochs_done
    assert 0 < stopped_at < 2000
    run.run(should_stop=lambda: False, on_progress=seen.append)
    last = seen[-1]
    assert last.finished and last.epoch == 2000
    assert list(last.history_epochs) == sorted(set(last.history_epochs))
    assert last.history_losses[-1] < last.history_losses[0] / 5
    assert last.accuracy == 1.0  # XOR learnt
    assert last.grid.shape == (run.grid_size[1], run.grid_size[0])


def test_fit_curve_is_in_the_data_units():
    run = TrainingRun.from_lesson(lesson("celsius", 300))
    assert run.kind == "fit"
    assert np.allclose(run.raw_targets(run.Y)[[0, -1], 0], [-58.0, 122.0])
    run.run(should_stop=lambda: False, on_progress=lambda s: None)
    snap = run.snapshot()
    # after training the line follows F = 1.8 C + 32 at both ends of the range
    assert np.allclose(snap.curve_y[[0, -1]], 1.8 * run.curve_x[[0, -1]] + 32, atol=5)
    assert not np.allclose(run.before, snap.curve_y)


def test_log_scale_ticks_are_whole_decades():
    values, ticks = scaled([1.0, 1e-3, 1e-6])
    assert values == pytest.approx([0.0, -3.0, -6.0])
    assert ticks[1][0] == "1" and ticks[1][-1] == "1e-06"
    assert scaled([0.7, 0.5]) == ([0.7, 0.5], None)


def test_status_line_words():
    run = TrainingRun.from_lesson(lesson("xor", 10))
    text = describe(run.snapshot())
    assert text.startswith("epoch 0/10 · loss ") and "accuracy" in text


# -- the screen ---------------------------------------------------------------------------
async def test_training_runs_in_a_worker_draws_and_finishes():
    app = Host(lesson("xor", 3000))
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await ready(app, pilot)
        boundary = app.screen.query_one(BoundaryPlot)
        assert boundary.grid is not None  # the untrained network's boundary is drawn
        untrained = boundary.grid.copy()
        await pilot.press("space")
        await finish(app, pilot)
        snap = panel.snapshot
        assert snap.finished and snap.epoch == 3000
        loss = app.screen.query_one(LossPlot)
        assert len(loss.losses) > 10 and loss.losses[-1] < loss.losses[0]
        assert loss.epochs[-1] == 3000
        assert boundary.grid.shape != untrained.shape or not np.allclose(boundary.grid, untrained)
        cols, rows = boundary.grid_size
        assert boundary.grid.shape == (rows, cols)  # the grid fits the plot as laid out
        assert "done: epoch 3000/3000" in str(app.screen.query_one("#training-status").render())
        assert "accuracy 100.0%" in str(app.screen.query_one("#training-status").render())
        assert str(app.screen.query_one("#training-toggle").label) == "Again"
        (done,) = app.finished
        assert done.history.stopped is False and done.history.epochs[-1] == 3000
        assert done.history.final_loss == pytest.approx(snap.history_losses[-1])


async def test_space_stops_training_and_space_continues():
    app = Host(lesson("xor", 2_000_000))  # far more than will run here
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await ready(app, pilot)
        await pilot.press("space")
        assert panel.running
        start_updates = panel.updates
        for _ in range(400):  # wait for the worker's first live update
            if panel.updates > start_updates:
                break
            await pilot.pause(0.02)
        assert panel.updates > start_updates and panel.snapshot.running
        panel.action_reset()  # reset is refused while the worker owns the network
        assert panel.running and panel.snapshot.epoch > 0
        await pilot.press("space")
        await finish(app, pilot)
        assert not panel.running
        first_stop = panel.snapshot.epoch
        assert 0 < first_stop < 2_000_000 and not panel.snapshot.finished
        assert "stopped at epoch" in str(app.screen.query_one("#training-status").render())
        assert str(app.screen.query_one("#training-toggle").label) == "Continue"
        assert app.finished[-1].history.stopped is True
        # continue: the epoch count goes on from where it stopped
        await pilot.press("space")
        for _ in range(400):
            if panel.snapshot.epoch > first_stop:
                break
            await pilot.pause(0.02)
        await pilot.press("s")
        await finish(app, pilot)
        assert panel.snapshot.epoch > first_stop
        assert panel.snapshot.history_epochs[0] == 0
        # reset: back to the untrained network and an empty curve
        await pilot.press("r")
        await pilot.pause()
        assert panel.snapshot.epoch == 0 and panel.snapshot.history_epochs == (0,)


async def test_regression_shows_before_and_now():
    app = Host(lesson("celsius", 400))
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await ready(app, pilot)
        fit = app.screen.query_one(FitPlot)
        assert fit.now is None  # before training only the data and the untrained line
        await pilot.press("space")
        await finish(app, pilot)
        assert panel.snapshot.finished
        assert not np.allclose(fit.now, fit.before)
        assert np.allclose(fit.now[[0, -1]], 1.8 * fit.curve_x[[0, -1]] + 32, atol=5)


async def test_escape_while_training_stops_the_worker():
    app = Host(lesson("xor", 2_000_000))
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await ready(app, pilot)
        await pilot.press("space")
        await pilot.pause(0.1)
        await pilot.press("escape")
        await finish(app, pilot)
        assert not isinstance(app.screen, TrainingScreen)
        assert panel._stop.is_set()


async def test_a_lesson_without_a_network_says_so():
    bare = Lesson("bare", "bare", "", (), (), None, (), Path("bare.toml"))
    app = Host(bare)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#training-status").render())
        assert "nothing to train" in status
        await pilot.press("space")  # nothing happens, nothing breaks
        assert app.screen.query_one(TrainingPanel).run is None


async def test_a_diverging_run_stops_itself_and_says_why():
    app = Host(lesson("celsius", 5000, lr=5.0))
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await ready(app, pilot)
        await pilot.press("space")
        await finish(app, pilot)
        snap = panel.snapshot
        assert snap.diverged and snap.epoch < 5000
        status = str(app.screen.query_one("#training-status").render())
        assert "learning rate is too large" in status
        loss = app.screen.query_one(LossPlot)
        assert all(np.isfinite(loss.losses)) and len(loss.losses) >= 1
        assert app.screen.query_one(FitPlot).now is None  # nothing sane to draw
        await pilot.press("space")  # starting again starts from the untrained network
        await finish(app, pilot)
        assert panel.snapshot.history_epochs[0] == 0 and panel.snapshot.diverged


def test_the_boundary_draws_nan_as_undecided():
    plot = BoundaryPlot(np.zeros((1, 2)), np.zeros((1, 1)), ((-1.0, -1.0), (1.0, 1.0)))
    plot.show(np.array([[np.nan, 1.0], [np.inf, 0.2]]))
    assert plot.grid.tolist() == [[0.5, 1.0], [1.0, 0.2]]


async def test_the_loss_plot_says_when_its_axis_is_logarithmic():
    from textual.app import App

    class Host(App):
        def compose(self):
            yield LossPlot("loss")

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one(LossPlot)
        plot.show([0, 10, 20], [1.0, 0.8, 0.5])
        await pilot.pause()
        assert not plot.logarithmic and plot.heading() == "loss"
        plot.show([0, 10, 20], [100.0, 1.0, 0.01])  # four decades: log scale
        await pilot.pause()
        assert plot.logarithmic and plot.heading() == "loss (log scale)"
