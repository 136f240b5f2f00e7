"""Find lesson files and load them; a broken file is reported, never fatal.

Lessons come from the built-in folder (the repository's `lessons/`, or the copy installed as the
package resource `nntutor.bundled_lessons`), then every folder in NNTUTOR_LESSONS
(os.pathsep-separated), then `--lessons-dir` folders. Each `*.toml` file is one lesson.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from pathlib import Path
from typing import Sequence

from nntutor import files
from nntutor.errors import UsageError
from nntutor.lessons.model import Lesson, LessonError, LessonFileError
from nntutor.lessons.positions import Positions
from nntutor.lessons.schema import parse_lesson

ENV = "NNTUTOR_LESSONS"
BUNDLED = "nntutor.bundled_lessons"
SUFFIX = ".toml"


def builtin_dir() -> Path | None:
    """The shipped lessons: the installed package resource `nntutor.bundled_lessons` (a
    wheel maps lessons/ there), else the source tree's lessons/ beside the package."""
    import importlib.util

    import nntutor

    try:
        spec = importlib.util.find_spec(BUNDLED)
    except (ImportError, ValueError):
        spec = None
    # submodule_search_locations covers regular and namespace packages alike
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location)
        if folder.is_dir() and any(folder.glob(f"*{SUFFIX}")):
            return folder
    source = Path(nntutor.__file__).resolve().parent.parent / "lessons"
    return source if source.is_dir() else None


def lesson_dirs(extra: Sequence[str | Path] = ()) -> list[Path]:
    """Built-in lessons/ + NNTUTOR_LESSONS + extra, in that order, without repeats."""
    dirs: list[Path] = []
    builtin = builtin_dir()
    if builtin is not None:
        dirs.append(builtin)
    env = os.environ.get(ENV, "")
    dirs += [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
    dirs += [Path(p).expanduser() for p in extra]
    unique: list[Path] = []
    for d in dirs:
        if all(_same(d, u) is False for u in unique):
            unique.append(d)
    return unique


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def lesson_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob(f"*{SUFFIX}") if p.is_file())


# A lesson is prose and a few tables: 1 MB is far more than any needs, and a larger "lesson"
# (or /dev/zero, a pipe) is refused before a byte is read.
MAX_FILE_BYTES = files.LESSON_LIMIT


def read_lesson_text(path: Path) -> str:
    """The file's text, or LessonFileError: only regular files up to files.LESSON_LIMIT are read,
    and a byte that is not UTF-8 is reported at its own line and column."""
    data = _read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = byte_position(data, exc.start)
        raise LessonFileError([LessonError(path, line, col, f"not UTF-8 text: byte "
                                           f"0x{data[exc.start]:02x} ({exc.reason}); save the "
                                           f"file as UTF-8")]) from None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes through the one safe reader (regular files only, size checked first)."""
    def refuse(message: str):
        return LessonFileError([LessonError(path, 1, 1, message)])

    try:
        return files.read_bytes(path, files.LESSON_LIMIT, "lesson file")
    except files.FileRefused as exc:
        raise refuse(exc.reason) from None
    except FileNotFoundError:
        raise refuse("no such lesson file") from None
    except IsADirectoryError:
        raise refuse("this is a folder, not a lesson file; use --lessons-dir for a folder") from None
    except OSError as exc:
        raise refuse(f"cannot read: {exc.strerror}") from None


def byte_position(data: bytes, index: int) -> tuple[int, int]:
    """1-based (line, column in characters) of byte `index`; the text before it is UTF-8."""
    start = data.rfind(b"\n", 0, index) + 1
    line = data.count(b"\n", 0, index) + 1
    col = len(data[start:index].decode("utf-8", errors="replace")) + 1
    return line, col


def load_lesson_file(path: str | Path) -> Lesson:
    """Parse and check one file; raises LessonFileError listing every problem."""
    path = Path(path)
    return parse_lesson_text(read_lesson_text(path), path)


def parse_lesson_text(text: str, path: Path) -> Lesson:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonFileError([toml_error(exc, path, text)]) from None
    lesson, errors = parse_lesson(data, path, Positions(text))
    if errors:
        raise LessonFileError(errors)
    return lesson


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")
_TOML_HINTS = (
    ("Unescaped '\\'", "a backslash in a \"...\" string starts an escape: write \\\\ or use a "
     "'''literal''' string"),
    ("Illegal character '\\n'", 'a string is not closed on this line: close it, or use """ '
     'for text over several lines'),
    ("Expected '=' after a key", 'outside strings every line is key = value; prose belongs '
     'inside """..."""'),
    ("Invalid value", 'text values need quotes, e.g. title = "Backprop by hand"'),
    ("Cannot declare", "this key or table is defined twice; keep one (use [[...]] for a list of "
     "tables)"),
    ("Cannot overwrite", "this key is set twice; keep one"),
    ("Unclosed array", "an array is missing its closing ]"),
    ("Unclosed inline table", "an inline table is missing its closing }"),
    ("Unterminated string", 'a string is missing its closing quote(s)'),
)


def toml_error(exc: tomllib.TOMLDecodeError, path: Path, text: str) -> LessonError:
    """tomllib's message carries `(at line L, column C)`; turn it into FILE:L:C: message."""
    message = str(exc)
    line, col = 1, 1
    m = _AT.search(message)
    if m:
        line, col = int(m.group(1)), int(m.group(2))
        message = message[: m.start()]
    elif _AT_END.search(message):
        lines = text.splitlines() or [""]
        line, col = len(lines), len(lines[-1]) + 1
        message = _AT_END.sub("", message)
    hint = next((h for key, h in _TOML_HINTS if message.startswith(key)), None)
    text = f"TOML syntax error: {message}" + (f"; {hint}" if hint else "")
    return LessonError(path, line, col, text)


def load_lessons(extra_dirs: Sequence[str | Path] = ()) -> tuple[list[Lesson], list[LessonError]]:
    """Every lesson that loads, and one or more errors for every file that does not."""
    lessons: list[Lesson] = []
    errors: list[LessonError] = []
    by_id: dict[str, Lesson] = {}
    for directory in lesson_dirs(extra_dirs):
        if not directory.is_dir():
            errors.append(LessonError(directory, 1, 1, "lessons folder does not exist"))
            continue
        for path in lesson_files(directory):
            try:
                lesson = load_lesson_file(path)
            except LessonFileError as exc:
                errors.extend(exc.errors)
                continue
            if lesson.id in by_id:
                if not same_lesson_file(lesson, by_id[lesson.id]):
                    errors.append(duplicate_error(lesson, by_id[lesson.id]))
                continue
            by_id[lesson.id] = lesson
            lessons.append(lesson)
    return course_order(lessons), errors


def course_order(lessons: list[Lesson]) -> list[Lesson]:
    """Lessons after their prerequisites: by depth in the prerequisite graph, then in the
    order found (folder by folder, file names in order). Cycles and unknown ids are ignored
    here (`nntutor validate` reports them)."""
    by_id = {lesson.id: lesson for lesson in lessons}
    depth: dict[str, int] = {}

    def level(lesson_id: str, seen: frozenset = frozenset()) -> int:
        if lesson_id in depth:
            return depth[lesson_id]
        if lesson_id in seen or lesson_id not in by_id:
            return 0
        pres = by_id[lesson_id].prerequisites
        depth[lesson_id] = 1 + max((level(p, seen | {lesson_id}) for p in pres), default=0)
        return depth[lesson_id]

    position = {id(lesson): i for i, lesson in enumerate(lessons)}
    return sorted(lessons, key=lambda l: (level(l.id), position[id(l)]))


def same_lesson_file(a: Lesson, b: Lesson) -> bool:
    """The same file, or a copy of it with the same name and text (the installed copy of a
    repository lesson): not a duplicate id, the same lesson found twice."""
    try:
        if a.path.resolve() == b.path.resolve():
            return True
    except OSError:
        if a.path == b.path:
            return True
    text_a = getattr(a.positions, "text", None)
    return a.path.name == b.path.name and text_a is not None and text_a == getattr(
        b.positions, "text", None)


def duplicate_error(lesson: Lesson, first: Lesson) -> LessonError:
    line, col = lesson.positions.find(("id",)) if lesson.positions else (1, 1)
    return LessonError(lesson.path, line, col, f"duplicate lesson id {lesson.id!r}: "
                       f"{first.path} already uses it; choose another id")


def looks_like_path(text: str) -> bool:
    return text.endswith(SUFFIX) or os.sep in text or "/" in text or Path(text).is_file()


def find_lesson(id_or_path: str, extra_dirs: Sequence[str | Path] = ()) -> Lesson:
    """A lesson by id (from every lessons folder) or by file path; UsageError if unknown."""
    if looks_like_path(id_or_path):
        try:
            return load_lesson_file(id_or_path)
        except LessonFileError as exc:
            more = len(exc.errors) - 1
            tail = f" (and {more} more problem{'s' if more > 1 else ''}: run `nntutor validate " \
                   f"{id_or_path}`)" if more else ""
            raise UsageError(f"{exc.errors[0]}{tail}") from None
    lessons, errors = load_lessons(extra_dirs)
    for lesson in lessons:
        if lesson.id == id_or_path:
            return lesson
    raise unknown_lesson(id_or_path, [lesson.id for lesson in lessons], errors)


def unknown_lesson(id_or_path: str, ids: list[str], errors: list[LessonError]) -> UsageError:
    """The one-line error for a lesson id that no lesson has, with the likely fix."""
    close = difflib.get_close_matches(id_or_path, ids, n=3, cutoff=0.4)
    if close:
        fix = "; did you mean " + " or ".join(repr(c) for c in close) + "?"
    else:
        fix = f" (lessons: {', '.join(ids) or 'none'})"
    broken = {str(e.path) for e in errors}
    tail = (f"; {len(broken)} lesson file{'s' if len(broken) > 1 else ''} could not be loaded "
            "(see `nntutor list`)") if broken else ""
    return UsageError(f"unknown lesson {id_or_path!r}{fix}{tail}")
