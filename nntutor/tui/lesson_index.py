"""What the picker needs to know about every lesson, remembered between launches.

Parsing and checking every lesson file costs more than drawing the whole picker, and the files
rarely change, so the picker reads a small JSON index instead: one card per lesson (id, title,
summary, prerequisites, exercises, network) and every load error. The index is keyed by a
fingerprint of everything `load_lessons` reads (the lesson folders, each file's size and
modification time, the loader's own source files and nntutor's version): when any of it
changes, the lessons are loaded again and the index rewritten. A missing or unreadable index
is simply rebuilt. Opening a lesson always loads its file afresh.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

FORMAT = 1
FILENAME = "lesson-index.json"


@dataclass(frozen=True)
class ExerciseCard:
    id: str
    derive: str


@dataclass(frozen=True)
class NetworkCard:
    sizes: str  # "2-4-1"
    activations: tuple[str, ...]
    dataset: str
    loss: str


@dataclass(frozen=True)
class LessonCard:
    """A lesson as the picker shows it; `load()` gives the full Lesson."""

    id: str
    title: str
    summary: str
    prerequisites: tuple[str, ...]
    exercises: tuple[ExerciseCard, ...]
    network: NetworkCard | None
    path: Path

    def load(self):
        from nntutor.lessons.loader import load_lesson_file

        return load_lesson_file(self.path)


def card_of(lesson) -> LessonCard:
    wt = lesson.walkthrough
    network = None
    if wt is not None:
        network = NetworkCard(wt.sizes, tuple(l.activation for l in wt.architecture), wt.dataset,
                              wt.loss)
    return LessonCard(lesson.id, lesson.title, lesson.summary, tuple(lesson.prerequisites),
                      tuple(ExerciseCard(ex.id, ex.derive) for ex in lesson.exercises), network,
                      Path(lesson.path))


def fingerprint(extra_dirs: Sequence[str | Path] = ()) -> list:
    """Everything the loaded lessons depend on, cheaply (directory listings and stat calls)."""
    import nntutor
    from nntutor.lessons import loader

    code = sorted((p.name, p.stat().st_mtime_ns) for p in Path(loader.__file__).parent.glob("*.py"))
    dirs = []
    for directory in loader.lesson_dirs(extra_dirs):
        try:
            files = [(p.name, p.stat().st_mtime_ns, p.stat().st_size)
                     for p in loader.lesson_files(directory)]
        except OSError:
            files = None
        dirs.append([str(directory), directory.is_dir(), files])
    return [FORMAT, nntutor.__version__, code, dirs]


def _encode(cards: list[LessonCard], errors) -> dict:
    return {
        "lessons": [{
            "id": c.id, "title": c.title, "summary": c.summary,
            "prerequisites": list(c.prerequisites),
            "exercises": [[e.id, e.derive] for e in c.exercises],
            "network": None if c.network is None else [
                c.network.sizes, list(c.network.activations), c.network.dataset, c.network.loss],
            "path": str(c.path),
        } for c in cards],
        "errors": [[str(e.path), e.line, e.col, e.message] for e in errors],
    }


def _decode(data: dict):
    from nntutor.lessons.model import LessonError

    cards = [LessonCard(
        d["id"], d["title"], d["summary"], tuple(d["prerequisites"]),
        tuple(ExerciseCard(i, derive) for i, derive in d["exercises"]),
        None if d["network"] is None else NetworkCard(d["network"][0], tuple(d["network"][1]),
                                                      d["network"][2], d["network"][3]),
        Path(d["path"]),
    ) for d in data["lessons"]]
    errors = [LessonError(Path(p), line, col, message) for p, line, col, message in data["errors"]]
    return cards, errors


def load_cards(extra_dirs: Sequence[str | Path] = (), home: Path | None = None):
    """(cards, errors) for the picker: from the index in `home` when it is current, else by
    loading every lesson (and then remembering the result). `home` None: no index at all."""
    key = json.loads(json.dumps(fingerprint(extra_dirs)))  # as it reads back from the file
    path = None if home is None else Path(home) / FILENAME
    if path is not None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                return _decode(stored)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            pass  # absent, unreadable or from another version: rebuild it
    from nntutor.lessons.loader import load_lessons

    lessons, errors = load_lessons(extra_dirs)
    cards = [card_of(lesson) for lesson in lessons]
    if path is not None:
        _write(path, {"key": key, **_encode(cards, errors)})
    return cards, errors


def _write(path: Path, data: dict) -> None:
    """Atomically, and silently: an index that cannot be written only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
