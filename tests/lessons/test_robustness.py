"""A broken lesson never crashes anything: whatever the text, loading gives a Lesson or a
LessonFileError with positioned errors, and validation gives a list of errors."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nntutor.lessons.loader import parse_lesson_text
from nntutor.lessons.model import Lesson, LessonFileError
from nntutor.lessons.positions import Positions
from nntutor.lessons.validate import validate_paths

from .conftest import FIXTURES

VALID = (FIXTURES / "valid.toml").read_text(encoding="utf-8")
LINES = VALID.splitlines()


@st.composite
def damaged(draw):
    """The valid fixture with a few lines dropped, duplicated or cut short."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "cut", "junk"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, max(0, len(lines[i]) - 1)))]
        else:
            lines[i] += draw(st.sampled_from(['"', "]", " = 3", "{", "[[x]]", '"""', "\\", "é"]))
        if not lines:
            break
    return "\n".join(lines) + "\n"


def _load(text: str, path: Path):
    try:
        return parse_lesson_text(text, path)
    except LessonFileError as exc:
        return exc


@settings(max_examples=150, deadline=None)
@given(damaged())
def test_damaged_lessons_load_or_report_positioned_errors(text):
    result = _load(text, Path("damaged.toml"))
    if isinstance(result, LessonFileError):
        assert result.errors
        n_lines = text.count("\n") + 1
        for err in result.errors:
            assert 1 <= err.line <= n_lines and err.col >= 1 and err.message
            assert "\n" not in err.message
    else:
        assert isinstance(result, Lesson)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_at_all(text):
    Positions(text)  # never loops or raises, TOML or not
    result = _load(text, Path("random.toml"))
    assert isinstance(result, (Lesson, LessonFileError))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damaged())
def test_validate_never_raises(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("v") / "damaged.toml"
    path.write_text(text, encoding="utf-8")
    errors = validate_paths([path])
    assert all(e.line >= 1 and e.col >= 1 for e in errors)
