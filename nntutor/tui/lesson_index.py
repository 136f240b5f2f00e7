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

from nntutor import files

FORMAT = 1
FILENAME = "lesson-index.json"
INDEX_LIMIT = 64 * 1024 * 1024  # an index larger than this is not ours: rebuilt


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
            stored = json.loads(files.read_text(path, INDEX_LIMIT, "lesson index"))
            if stored.get("key") == key:
                return _decode(stored)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError,
                files.FileRefused):
            pass  # absent, unreadable or from another version: rebuild it
    from nntutor.lessons.loader import load_lessons

    lessons, errors = load_lessons(extra_dirs)
    cards = [card_of(lesson) for lesson in lessons]
    if path is not None:
        _write(path, {"key": key, **_encode(cards, errors)})
    return cards, errors


def find_lesson(id_or_path: str, extra_dirs: Sequence[str | Path] = (),
                home: Path | None = None):
    """The Lesson for an id (or a lesson file's path), loading only that lesson's file: the
    ids come from the index in `home`, as the picker's do. UsageError when unknown."""
    from nntutor.lessons import loader

    if loader.looks_like_path(id_or_path):
        return loader.find_lesson(id_or_path, extra_dirs)
    cards, errors = load_cards(extra_dirs, home)
    for card in cards:
        if card.id == id_or_path:
            try:
                return card.load()
            except loader.LessonFileError:  # changed since the index was read: load afresh
                return loader.find_lesson(id_or_path, extra_dirs)
    raise loader.unknown_lesson(id_or_path, [card.id for card in cards], errors)


def _write(path: Path, data: dict) -> None:
    """Atomically, and silently: an index that cannot be written only costs speed. The
    temporary file never outlives the attempt (a full disk, an interrupt), and one left by a
    process that was killed mid-write is removed."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(path)
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _remove_stale(path: Path) -> None:
    """Temporary index files of processes that no longer run."""
    if os.name == "nt":  # os.kill(pid, 0) is not a probe there
        return
    for old in path.parent.glob(f"{path.name}.*.tmp"):
        pid = old.name[len(path.name) + 1:-len(".tmp")]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            try:
                old.unlink()
            except OSError:
                pass


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or we cannot tell: leave its file alone
    return True
