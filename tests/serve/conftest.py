"""Serve tests see the TUI test lessons only (tests/tui/lessons)."""

from __future__ import annotations

from pathlib import Path

import pytest

LESSONS = Path(__file__).parents[1] / "tui" / "lessons"


@pytest.fixture
def fixture_lessons(monkeypatch, tmp_path):
    from nntutor.lessons import loader

    monkeypatch.setattr(loader, "builtin_dir", lambda: None)
    monkeypatch.setenv("NNTUTOR_LESSONS", str(LESSONS))
    monkeypatch.setenv("NNTUTOR_HOME", str(tmp_path / "local-home"))
    return LESSONS
