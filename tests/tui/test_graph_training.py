"""The training screen trains a graph lesson as it trains a stack of layers."""

from __future__ import annotations

from pathlib import Path

import pytest

from nntutor.tui.widgets.training_run import TrainingRun

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


@pytest.mark.parametrize("name, kind", [("residual-block", "scatter"),
                                        ("softmax-classifier", None),
                                        ("attention-head", None)])
def test_a_graph_lesson_trains_on_the_training_screen(name, kind):
    from nntutor.lessons.loader import load_lesson_file

    lesson = load_lesson_file(LESSONS / f"{name}.toml")
    run = TrainingRun.from_lesson(lesson)
    assert run.kind == kind
    first = run.history_losses[0]
    reports = []
    run.run(should_stop=lambda: False, on_progress=reports.append, every_seconds=10.0,
            yield_seconds=0.0)
    assert run.finished and run.epochs_done == lesson.graph.epochs
    assert run.history_losses[-1] < 0.2 * first
    assert reports and not reports[-1].running
    run.reset()
    assert run.epochs_done == 0 and run.history_losses == [pytest.approx(first)]
