"""The picker's lesson index: built once, reused while nothing changed, rebuilt when anything
the lessons depend on changes, never trusted when unreadable."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from nntutor.lessons import loader
from nntutor.tui import lesson_index
from nntutor.tui.lesson_index import FILENAME, load_cards

from .conftest import LESSONS


@pytest.fixture
def lesson_dir(tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    shutil.copytree(LESSONS, folder)
    monkeypatch.setattr(loader, "builtin_dir", lambda: None)
    monkeypatch.setenv("NNTUTOR_LESSONS", str(folder))
    return folder


def forbid_loading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the lessons were loaded again although nothing changed")

    monkeypatch.setattr(loader, "load_lessons", refuse)


def test_index_is_built_then_reused(lesson_dir, tmp_path, monkeypatch):
    home = tmp_path / "home"
    cards, errors = load_cards((), home)
    by_id = {c.id: c for c in cards}
    assert sorted(by_id) == ["second-step", "tiny-net"]
    tiny = by_id["tiny-net"]
    assert tiny.title == "Tiny network" and tiny.prerequisites == ()
    assert [(e.id, e.derive) for e in tiny.exercises] == [("dw2", "∂L/∂W2")]
    assert tiny.network.sizes == "2-3-1" and tiny.network.activations == ("tanh", "sigmoid")
    second = by_id["second-step"]
    assert second.prerequisites == ("tiny-net",) and second.network is None
    assert sorted((e.path.name, e.line, e.col) for e in errors) == [("broken.toml", 1, 1),
                                                                     ("broken.toml", 3, 1)]
    assert (home / FILENAME).is_file()
    forbid_loading(monkeypatch)
    again, errors_again = load_cards((), home)
    assert again == cards
    assert [str(e) for e in errors_again] == [str(e) for e in errors]
    # the full lesson on demand
    assert {c.id: c for c in again}["tiny-net"].load().exercise("dw2").answer == "A1.T @ dZ2"


def test_a_changed_lesson_file_rebuilds_the_index(lesson_dir, tmp_path):
    home = tmp_path / "home"
    load_cards((), home)
    path = lesson_dir / "tiny-net.toml"
    path.write_text(path.read_text().replace('title = "Tiny network"', 'title = "Tiny net 2"'))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    cards, _ = load_cards((), home)
    assert {c.id: c.title for c in cards}["tiny-net"] == "Tiny net 2"
    (lesson_dir / "second-step.toml").unlink()
    cards, _ = load_cards((), home)
    assert [c.id for c in cards] == ["tiny-net"]


def test_an_extra_folder_is_part_of_the_key(lesson_dir, tmp_path):
    home = tmp_path / "home"
    load_cards((), home)
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "other.toml").write_text((lesson_dir / "second-step.toml").read_text()
                                      .replace('"second-step"', '"other-one"'))
    cards, _ = load_cards((extra,), home)
    assert "other-one" in [c.id for c in cards]


@pytest.mark.parametrize("content", ["{not json", "[]", '{"key": 1}', ""])
def test_an_unreadable_index_is_rebuilt(lesson_dir, tmp_path, content):
    home = tmp_path / "home"
    home.mkdir()
    (home / FILENAME).write_text(content)
    cards, _ = load_cards((), home)
    assert sorted(c.id for c in cards) == ["second-step", "tiny-net"]
    stored = json.loads((home / FILENAME).read_text())
    assert sorted(d["id"] for d in stored["lessons"]) == ["second-step", "tiny-net"]


def test_no_home_means_no_index(lesson_dir, tmp_path):
    cards, _ = load_cards((), None)
    assert len(cards) == 2
    assert not list(tmp_path.rglob(FILENAME))


def test_an_unwritable_home_only_costs_speed(lesson_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cards, _ = load_cards((), blocker / "home")
    assert len(cards) == 2


def test_the_index_format_is_versioned(lesson_dir, tmp_path, monkeypatch):
    home = tmp_path / "home"
    load_cards((), home)
    monkeypatch.setattr(lesson_index, "FORMAT", lesson_index.FORMAT + 1)
    calls = []
    real = loader.load_lessons
    monkeypatch.setattr(loader, "load_lessons", lambda *a: calls.append(1) or real(*a))
    load_cards((), home)
    assert calls == [1]
