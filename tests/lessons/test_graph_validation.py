"""Broken graph lessons and hostile lesson files: every problem is one FILE:LINE:COL line,
found before anything large is read or computed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nntutor.lessons.loader import load_lesson_file, load_lessons
from nntutor.lessons.model import LessonFileError
from nntutor.lessons.validate import validate_paths

ROOT = Path(__file__).resolve().parents[2]

LESSON = '''id = "tiny-graph"
title = "Tiny graph"
summary = "A graph lesson to break."

[[section]]
title = "Words"
body = "Some words."

[walkthrough]
{data}
lr = 0.1
epochs = {epochs}
forward = """
Z = X @ W + b
P = sigmoid(Z)
L = mse(P, Y)
"""

[walkthrough.inputs]
X = ["n", "in"]
Y = ["n", "out"]

[walkthrough.params]
W = {{ dims = ["in", "out"] }}
b = {{ dims = ["1", "out"] }}

[walkthrough.sizes]
{sizes}

[[exercise]]
id = "dZ"
derive = "∂L/∂Z"
target = "dZ"
result_dims = ["n", "out"]
prompt = "The mean squared error; write ∂L/∂Z."
answer = "2 * (P - Y) / n * P * (1 - P)"
hints = ["Two links."]

[exercise.variables]
P = ["n", "out"]
Y = ["n", "out"]
n = {{ dims = [], source = "X.shape[0]" }}

[[exercise.wrong]]
answer = "2 * (P - Y) / n"
feedback = "The sigmoid's slope is missing."
'''


def write(tmp_path: Path, data='data = "random"', sizes="n = 6\nin = 3\nout = 2",
          epochs=10, replace=(), name="tiny.toml") -> Path:
    text = LESSON.format(data=data, sizes=sizes, epochs=epochs)
    for old, new in replace:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(path) -> list[str]:
    return [str(e) for e in validate_paths([path])]


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_template_is_valid(tmp_path):
    assert messages(write(tmp_path)) == []


def test_an_unknown_name_in_a_forward_line_is_placed_in_the_file(tmp_path):
    path = write(tmp_path, replace=[("P = sigmoid(Z)", "P = sigmoid(Zz)")])
    (msg,) = messages(path)
    line = line_of(path, "P = sigmoid(Zz)")
    assert msg.startswith(f"{path}:{line}:13: ")
    assert "Zz" in msg


def test_a_syntax_error_in_a_forward_line_is_placed_in_the_file(tmp_path):
    path = write(tmp_path, replace=[("Z = X @ W + b", "Z = X @ W +")])
    (msg,) = messages(path)
    assert msg.startswith(f"{path}:{line_of(path, 'Z = X @ W +')}:")


def test_a_shape_clash_in_a_forward_line(tmp_path):
    path = write(tmp_path, replace=[("Z = X @ W + b", "Z = W @ X + b")])
    (msg,) = messages(path)
    assert msg.startswith(f"{path}:{line_of(path, 'Z = W @ X')}:")


def test_the_last_line_must_be_a_loss(tmp_path):
    path = write(tmp_path, replace=[("L = mse(P, Y)\n", "")])
    msgs = messages(path)
    assert any("last forward line must compute the loss" in m for m in msgs)
    assert msgs[0].startswith(f"{path}:{line_of(path, 'forward = ')}:1: ")


def test_a_missing_size(tmp_path):
    path = write(tmp_path, sizes="n = 6\nin = 3")
    (msg,) = messages(path)
    assert msg.startswith(f"{path}:{line_of(path, '[walkthrough.sizes]')}:1: ")
    assert "no size for out" in msg


def test_sizes_over_the_array_budget(tmp_path):
    path = write(tmp_path, sizes="n = 100000\nin = 100000\nout = 2")
    (msg,) = messages(path)
    assert msg.startswith(f"{path}:{line_of(path, '[walkthrough.sizes]')}:1: too large to run")
    assert "one array may hold at most" in msg


def test_epochs_over_the_work_budget(tmp_path):
    path = write(tmp_path, epochs=10**12)
    (msg,) = messages(path)
    assert msg.startswith(f"{path}:{line_of(path, 'epochs = ')}:1: too much training")


def test_a_dense_layer_of_400_million_is_refused_by_the_loader(tmp_path):
    text = (ROOT / "tests/lessons/fixtures/valid.toml").read_text(encoding="utf-8")
    path = tmp_path / "wide.toml"
    path.write_text(text.replace("output_dim = 3", "output_dim = 400000000", 1)
                    .replace("input_dim = 3", "input_dim = 400000000", 1), encoding="utf-8")
    with pytest.raises(LessonFileError) as err:
        load_lesson_file(path)
    assert "too large to run" in str(err.value)
    assert "output_dim" in path.read_text().splitlines()[err.value.errors[0].line - 1]


def test_a_missing_csv_file_is_reported_at_the_data_key(tmp_path):
    path = write(tmp_path, data='data = "points.csv"\ntargets = ["y1", "y2"]', sizes="")
    (msg,) = messages(path)
    assert msg.startswith(f"{path}:{line_of(path, 'data = ')}:1: ")
    assert "points.csv does not exist" in msg


CSV = "x1,x2,x3,y1,y2\n1,2,3,0,1\n4,5,6,1,0\n7,8,9,0,1\n"


@pytest.mark.parametrize("text, where, words", [
    (CSV.replace("4,5,6,1,0", "4,5,1,0"), (3, 8), "this row has 4 values"),
    (CSV.replace("4,5,6,1,0", "4,five,6,1,0"), (3, 3), "'five' in column 'x2' is not a number"),
    (CSV.replace("7,8,9,0,1", "7,8,9,0,1,2"), (4, 11), "6 values"),
    (CSV.replace("7,8,9", "7,nan,9"), (4, 3), "not a finite number"),
    ("x1,x2,x3,y1,y2\n", (1, 1), "no rows"),
])
def test_csv_problems_are_placed_in_the_csv(tmp_path, text, where, words):
    path = write(tmp_path, data='data = "points.csv"\ntargets = ["y1", "y2"]', sizes="")
    (tmp_path / "points.csv").write_text(text, encoding="utf-8")
    (msg,) = messages(path)
    assert msg.startswith(f"{tmp_path / 'points.csv'}:{where[0]}:{where[1]}: "), msg
    assert words in msg


def test_a_valid_csv_gives_the_sizes(tmp_path):
    path = write(tmp_path, data='data = "points.csv"\ntargets = ["y1", "y2"]', sizes="")
    (tmp_path / "points.csv").write_text(CSV, encoding="utf-8")
    assert messages(path) == []


def test_a_csv_over_its_size_limit_is_not_read(tmp_path, monkeypatch):
    from nntutor.lessons import data

    monkeypatch.setattr(data, "MAX_CSV_BYTES", 20)
    path = write(tmp_path, data='data = "points.csv"\ntargets = ["y1", "y2"]', sizes="")
    (tmp_path / "points.csv").write_text(CSV, encoding="utf-8")
    (msg,) = messages(path)
    assert "over the 20-byte limit" in msg


def test_non_utf8_reports_the_line_and_column_of_the_bad_byte(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes('id = "x"\ntitle = "Caf'.encode() + b"\xe9" + b' au lait"\n')
    with pytest.raises(LessonFileError) as err:
        load_lesson_file(path)
    assert str(err.value.errors[0]).startswith(f"{path}:2:13: not UTF-8 text: byte 0xe9")


def test_over_one_megabyte_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * (1024 * 1024 + 1))
    with pytest.raises(LessonFileError) as err:
        load_lesson_file(path)
    assert "is 1,048,577 bytes, over the 1 MB limit" in str(err.value)


def test_devices_and_fifos_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    code = ("import sys; from nntutor.lessons.validate import validate_paths; "
            "print('\\n'.join(map(str, validate_paths(sys.argv[1:]))))")
    out = subprocess.run([sys.executable, "-c", code, "/dev/zero", str(fifo)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60).stdout
    assert "/dev/zero:1:1: is a device (like /dev/zero), not a regular file" in out
    assert f"{fifo}:1:1: is a named pipe (FIFO), not a regular file" in out


def test_too_many_sections_and_a_section_too_long(tmp_path):
    text = (ROOT / "tests/lessons/fixtures/valid.toml").read_text(encoding="utf-8")
    many = tmp_path / "many.toml"
    many.write_text(text + "".join(f'\n[[section]]\ntitle = "S{i}"\nbody = "x"\n'
                                   for i in range(70)), encoding="utf-8")
    long = tmp_path / "long.toml"
    long.write_text(text.replace('body = """', 'body = """' + "word " * 5000, 1),
                    encoding="utf-8")
    (m1,) = messages(many)
    assert "sections; at most 60" in m1 and m1.split(":")[1] != "1"
    (m2,) = messages(long)
    assert "characters long; at most 20,000" in m2


def test_a_broken_exercise_never_grades(tmp_path):
    """`nntutor check` refuses an exercise whose reference answer is wrong, with the
    validator's message, instead of marking right answers wrong."""
    fixture = ROOT / "tests/lessons/fixtures/broken/wrong_reference_value.toml"
    run = subprocess.run([sys.executable, "-m", "nntutor", "check", str(fixture), "db1",
                          "--answer", "dZ1.sum(axis=0, keepdims=True)"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert f"{fixture}:27:1: reference answer" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_copy_with_the_same_name_and_text_is_not_a_duplicate(tmp_path):
    text = (ROOT / "tests/lessons/fixtures/valid.toml").read_text(encoding="utf-8")
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.toml").write_text(text, encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "other-name.toml").write_text(text, encoding="utf-8")
    lessons, errors = load_lessons([tmp_path / "a", tmp_path / "b"])
    assert not [e for e in errors if "duplicate" in e.message]
    _, errors = load_lessons([tmp_path / "a", tmp_path / "c"])
    assert [e for e in errors if "duplicate lesson id" in e.message]


def test_validate_lessons_after_a_normal_install(tmp_path):
    """As after `pip install .`: the lessons are also the installed package data, and
    `nntutor validate lessons/` still passes (the installed copies are not duplicates)."""
    import shutil

    import nntutor

    site = tmp_path / "site"
    shutil.copytree(Path(nntutor.__file__).parent, site / "nntutor",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "lessons", site / "nntutor" / "bundled_lessons")
    run = subprocess.run([sys.executable, "-m", "nntutor", "validate", str(ROOT / "lessons")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "PYTHONPATH": str(site)})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "lesson files valid" in run.stdout


@pytest.mark.parametrize("fixture, exercise", [("wrong_reference_value", "db1"),
                                               ("wrong_answer_correct", None)])
def test_the_tutor_is_refused_the_same_way(fixture, exercise):
    """check_answers (what the tutor's exercise panel calls) raises the checker's LessonError
    carrying the validator's own FILE:LINE:COL message for an exercise validate rejects."""
    from nntutor.checker.diagnosis import LessonError
    from nntutor.lessons.runtime import check_answers

    path = ROOT / f"tests/lessons/fixtures/broken/{fixture}.toml"
    lesson = load_lesson_file(path)
    ex = lesson.exercise(exercise) if exercise else lesson.exercises[0]
    (expected, *_) = [m for m in messages(path)]
    with pytest.raises(LessonError) as err:
        check_answers(lesson, ex, [ex.answer])
    assert str(err.value).startswith(expected)


@pytest.mark.parametrize("opening", [
    "'''\n",  # a literal string
    '"""Z = X @ W + bb\n',  # the first line on the key's own line
])
def test_forward_positions_for_every_way_of_writing_the_string(tmp_path, opening):
    replace = [('forward = """\nZ = X @ W + b\n', "forward = " + opening + (
        "Z = X @ W + bb\n" if opening.endswith("'''\n") else ""))]
    if opening.startswith("'''"):
        replace.append(('L = mse(P, Y)\n"""', "L = mse(P, Y)\n'''"))
    path = write(tmp_path, replace=replace)
    (msg,) = messages(path)
    line = line_of(path, "Z = X @ W + bb")
    col = path.read_text().splitlines()[line - 1].index("bb") + 1
    assert msg.startswith(f"{path}:{line}:{col}: "), msg
    assert "bb" in msg


def test_inputs_are_the_data_only(tmp_path):
    path = write(tmp_path, replace=[('Y = ["n", "out"]\n', 'Y = ["n", "out"]\nM = ["n", "in"]\n')])
    (msg,) = messages(path)
    assert msg.startswith(f"{path}:{line_of(path, 'M = [')}:1: input 'M': the data gives X")


def test_targets_belong_to_csv_files(tmp_path):
    path = write(tmp_path, data='dataset = "xor"\ntargets = ["y"]', sizes="")
    msgs = messages(path)
    assert any(m.startswith(f"{path}:{line_of(path, 'targets = ')}:1: targets name a CSV")
               for m in msgs), msgs

FORWARD = ["Z = X @ W + b", "P = sigmoid(Z)", "L = mse(P, Y)"]
JUNK = ["(", ")", " @ W", ".T", " + 1", "exp(", "Q", " * X", ", axis=1", "**", "'", "#",
        "sum(", ".mean(axis=0)", "softmax(", "==", "[0]", "__import__", "é"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 2), st.integers(0, 15), st.sampled_from(JUNK))
def test_damaged_forward_lines_give_positioned_errors(tmp_path, line, at, junk):
    text = FORWARD[line]
    damaged = text[:at] + junk + text[at:]
    path = write(tmp_path, replace=[(text + "\n", damaged + "\n")], name="damaged.toml")
    n_lines = path.read_text(encoding="utf-8").count("\n") + 1
    for err in validate_paths([path]):  # never raises, and every error is placed
        assert 1 <= err.line <= n_lines and err.col >= 1 and "\n" not in err.message
