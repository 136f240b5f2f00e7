"""Every kind of validation problem, each from a small broken fixture, at the right line.

Each fixture's first line says what it must produce: `# expect: LINE:COL: message part`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nntutor.lessons.loader import load_lesson_file, load_lessons
from nntutor.lessons.model import LessonFileError
from nntutor.lessons.validate import validate_paths

from .conftest import FIXTURES, LESSON_IDS

BROKEN = sorted((FIXTURES / "broken").glob("*.toml"))
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.+)$")


def expectation(path: Path) -> tuple[int, int, str]:
    m = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert m, f"{path.name} must start with '# expect: LINE:COL: message'"
    return int(m.group(1)), int(m.group(2)), m.group(3)


def test_there_is_a_fixture_for_every_kind_of_problem():
    names = {p.stem for p in BROKEN}
    assert {"toml_syntax", "unknown_key", "missing_key", "wrong_type", "dims_chain",
            "unknown_dataset", "unknown_activation", "unknown_loss", "duplicate_exercise",
            "missing_prerequisite", "wrong_reference_shape", "wrong_reference_value",
            "wrong_answer_correct", "variable_shape"} <= names


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_reports_its_problem_at_the_right_line(path):
    line, col, message = expectation(path)
    errors = validate_paths([path])
    assert errors, f"{path.name} validated"
    assert all(e.path == path for e in errors)
    found = [e for e in errors if message in e.message]
    assert found, f"no error mentions {message!r}: {[str(e) for e in errors]}"
    assert (found[0].line, found[0].col) == (line, col), str(found[0])
    assert str(found[0]).startswith(f"{path}:{line}:{col}: ")


def test_duplicate_lesson_ids_across_files():
    folder = FIXTURES / "duplicate"
    line, col, message = expectation(folder / "second.toml")
    errors = validate_paths([folder])
    assert [(e.path.name, e.line, e.col) for e in errors] == [("second.toml", line, col)]
    assert message in errors[0].message and "first.toml" in errors[0].message


def test_an_id_already_used_by_a_builtin_lesson_is_a_duplicate(tmp_path):
    text = (FIXTURES / "valid.toml").read_text(encoding="utf-8")
    copy = tmp_path / "mine.toml"
    copy.write_text(text.replace('id = "fixture-valid"', 'id = "chain-rule"')
                    .replace('["chain-rule"]', '[]'), encoding="utf-8")
    errors = validate_paths([copy])
    assert len(errors) == 1 and "duplicate lesson id 'chain-rule'" in errors[0].message
    assert errors[0].line == 2


def test_the_valid_fixture_and_a_missing_path():
    assert validate_paths([FIXTURES / "valid.toml"]) == []
    errors = validate_paths([FIXTURES / "nope.toml"])
    assert [e.message for e in errors] == ["no such file or folder"]


def test_a_broken_lesson_never_stops_the_others_from_loading():
    lessons, errors = load_lessons([FIXTURES / "broken"])
    ids = {lesson.id for lesson in lessons}
    assert set(LESSON_IDS) <= ids
    broken_files = {e.path.name for e in errors}
    assert {"toml_syntax.toml", "unknown_key.toml", "dims_chain.toml"} <= broken_files
    # computed problems do not stop a lesson from loading; only validate finds them
    assert "broken-wrong-reference-value" in ids


def test_load_lesson_file_lists_every_problem():
    with pytest.raises(LessonFileError) as err:
        load_lesson_file(FIXTURES / "broken" / "unknown_key.toml")
    messages = [e.message for e in err.value.errors]
    assert any("is missing 'answer'" in m for m in messages)
    assert any("did you mean 'answer'" in m for m in messages)


def test_wrong_types_and_values_get_a_fix(tmp_path):
    text = (FIXTURES / "valid.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("epochs = 10", "epochs = -3")
                   .replace('id = "fixture-valid"', 'id = "Fixture Valid"')
                   .replace('hints = ["Input on the left.", "X.T @ dZ1"]', 'hints = "X.T @ dZ1"'),
                   encoding="utf-8")
    messages = {(e.line, e.message) for e in validate_paths([bad])}
    assert (2, "lesson id 'Fixture Valid' may use only lower-case letters, digits and '-' "
               "(e.g. 'fixture-valid')") in messages
    assert (17, "epochs must be 0 or more, not -3") in messages
    assert (36, "hints in exercise \"dW1\" must be a list of strings, not the string "
                "'X.T @ dZ1'; write hints = [\"X.T @ dZ1\"]") in messages


def test_toml_error_at_end_of_document(tmp_path):
    bad = tmp_path / "open.toml"
    bad.write_text('id = "x"\nbody = """never closed\n', encoding="utf-8")
    errors = validate_paths([bad])
    assert len(errors) == 1 and errors[0].message.startswith("TOML syntax error")


def test_prerequisites_that_form_a_cycle():
    folder = FIXTURES / "cycle"
    errors = validate_paths([folder])
    assert len(errors) == 2
    for err in errors:
        line, col, message = expectation(err.path)
        assert (err.line, err.col, err.message) == (line, col, message + "; remove one of them")


def test_lessons_are_listed_in_course_order():
    lessons, _ = load_lessons([FIXTURES / "cycle"])
    ids = [lesson.id for lesson in lessons]
    assert [i for i in ids if i in LESSON_IDS] == ["chain-rule", "vector-matrix-derivatives", "dense-layer-xor",
                       "two-layer-backprop", "three-layer-iris", "deep-network-moons"]
    assert {"fixture-loop-a", "fixture-loop-b"} <= set(ids)  # a cycle does not hide them
