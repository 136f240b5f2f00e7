"""Fixtures for the TUI tests: the fixture lessons only (not the built-in ones), a fresh
progress home, and recorded passes of a tiny and of the deep-moons-sized network."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

LESSONS = Path(__file__).parent / "lessons"
DEEP = [(2, 25, "relu"), (25, 50, "relu"), (50, 50, "relu"), (50, 25, "relu"), (25, 1, "sigmoid")]
DEEP_DIMS = ("in", "h1", "h2", "h3", "h4", "out")


@pytest.fixture
def only_fixture_lessons(monkeypatch, tmp_path):
    """The picker sees tests/tui/lessons and nothing else; progress goes to tmp_path."""
    from nntutor.lessons import loader

    monkeypatch.setattr(loader, "builtin_dir", lambda: None)
    monkeypatch.setenv("NNTUTOR_LESSONS", str(LESSONS))
    monkeypatch.setenv("NNTUTOR_HOME", str(tmp_path / "home"))
    return LESSONS


@pytest.fixture
def tiny_lesson():
    from nntutor.lessons.loader import load_lesson_file

    return load_lesson_file(LESSONS / "tiny-net.toml")


@pytest.fixture
def tiny_tape(tiny_lesson):
    from nntutor.lessons.runtime import trace_lesson

    return trace_lesson(tiny_lesson)


def deep_tape(rows: int = 8, seed: int = 0):
    """A pass of the deep-network-moons architecture on `rows` fixed random points."""
    from nntutor.engine.network import Network

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    return Network(DEEP, loss="bce", seed=seed, dims=DEEP_DIMS).trace(X, Y)


def deep_lesson():
    from nntutor.engine.network import Layer
    from nntutor.lessons.model import Lesson, Section, Walkthrough

    wt = Walkthrough(tuple(Layer(*l) for l in DEEP), "moons", "small_normal", 0, "bce", None,
                     0.01, 10, DEEP_DIMS, 8, None, 0.1)
    return Lesson("deep-test", "Deep test", "Deep net.", (),
                  (Section("Words", "Some words."),), wt, (), Path("deep.toml"))
