"""The lesson index leaves no temporary files behind, and the CLI reads lessons through it."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from nntutor.errors import UsageError
from nntutor.lessons import loader
from nntutor.tui import lesson_index
from nntutor.tui.lesson_index import FILENAME, find_lesson, load_cards

from .conftest import LESSONS


@pytest.fixture
def lesson_dir(tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    shutil.copytree(LESSONS, folder)
    monkeypatch.setattr(loader, "builtin_dir", lambda: None)
    monkeypatch.setenv("NNTUTOR_LESSONS", str(folder))
    return folder


def leftovers(home):
    return sorted(p.name for p in home.iterdir() if p.name.endswith(".tmp"))


def test_a_failed_write_leaves_no_temporary_file(lesson_dir, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lesson_index.json, "dump", full_disk)
    cards, _ = load_cards((), home)
    assert len(cards) == 2
    assert leftovers(home) == [] and not (home / FILENAME).exists()


def test_an_interrupted_write_leaves_no_temporary_file(lesson_dir, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(lesson_index.json, "dump", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_cards((), home)
    assert leftovers(home) == []


def test_a_dead_process_temporary_file_is_removed(lesson_dir, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    (home / f"{FILENAME}.{dead.pid}.tmp").write_text("{half")
    alive = home / f"{FILENAME}.{os.getppid()}.tmp"  # a running process: left alone
    alive.write_text("{half")
    load_cards((), home)
    assert leftovers(home) == [alive.name]
    assert (home / FILENAME).exists()


def test_find_lesson_loads_only_the_lesson_asked_for(lesson_dir, tmp_path, monkeypatch):
    home = tmp_path / "home"
    load_cards((), home)  # the index exists, as after any launch
    loaded = []
    real = loader.load_lesson_file
    monkeypatch.setattr(loader, "load_lessons",
                        lambda *a: pytest.fail("every lesson was loaded for one"))
    monkeypatch.setattr(loader, "load_lesson_file", lambda p: loaded.append(p) or real(p))
    cards, _ = load_cards((), home)
    lesson = find_lesson(cards[-1].id, (), home)
    assert lesson.id == cards[-1].id and loaded == [cards[-1].path]


def test_find_lesson_unknown_id_suggests_from_the_index(lesson_dir, tmp_path):
    home = tmp_path / "home"
    cards, _ = load_cards((), home)
    with pytest.raises(UsageError, match=f"did you mean '{cards[0].id}'"):
        find_lesson(cards[0].id + "x", (), home)
