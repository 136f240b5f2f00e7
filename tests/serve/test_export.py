"""`nntutor progress --export`: every served student's progress, else the local learner's."""

from __future__ import annotations

import csv
import io
import json

from nntutor.cli import main
from nntutor.lessons.loader import load_lessons
from nntutor.serve.export import COLUMNS, progress_rows, write_export
from nntutor.serve.students import student_home
from nntutor.store import ProgressStore

L = "two-layer-backprop"


def classroom(tmp_path):
    data = tmp_path / "class"
    with ProgressStore.open(student_home(data, "ada")) as s:
        s.record_attempt(L, "dw2", "dZ2 @ A1.T", "wrong", "swapped_operands")
        s.record_attempt(L, "dw2", "A1.T @ dZ2", "correct", "correct")
        s.record_hint(L, "db2")
    with ProgressStore.open(student_home(data, "bob")) as s:
        s.record_attempt(L, "db2", "dZ2", "wrong", "shape_mismatch")
    return data


def test_rows_per_student_and_exercise(tmp_path):
    rows = list(progress_rows(classroom(tmp_path), load_lessons()[0]))
    got = [(r["student"], r["exercise"], r["state"], r["attempts"], r["hints"]) for r in rows]
    assert sorted(got) == [("ada", "db2", "attempted", 0, 1), ("ada", "dw2", "solved", 2, 0),
                           ("bob", "db2", "attempted", 1, 0)]
    ada_dw2 = next(r for r in rows if r["student"] == "ada" and r["exercise"] == "dw2")
    assert ada_dw2["time"].endswith("+00:00") and ada_dw2["lesson"] == L
    assert next(r for r in rows if r["hints"] == 1)["time"] is None


def test_the_local_learner_when_nobody_was_served(tmp_path, monkeypatch):
    home = tmp_path / "me"
    with ProgressStore.open(home) as s:
        s.record_attempt(L, "dw2", "A1.T @ dZ2", "correct", "correct")
    monkeypatch.setattr("nntutor.serve.export.local_name", lambda: "me")
    rows = list(progress_rows(tmp_path / "empty-class", load_lessons()[0], home))
    assert [(r["student"], r["exercise"], r["state"]) for r in rows] == [("me", "dw2", "solved")]


def test_csv_and_json(tmp_path):
    rows = list(progress_rows(classroom(tmp_path), load_lessons()[0]))
    out = io.StringIO()
    assert write_export(iter(rows), "csv", out) == 3
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(table[0]) == COLUMNS and table[0]["student"] == "ada"
    assert next(r for r in table if r["hints"] == "1")["time"] == ""
    out = io.StringIO()
    write_export(iter(rows), "json", out)
    assert json.loads(out.getvalue()) == rows


def test_command(tmp_path, capsys):
    data = classroom(tmp_path)
    assert main(["progress", "--export", "json", "--data", str(data)]) == 0
    assert {r["student"] for r in json.loads(capsys.readouterr().out)} == {"ada", "bob"}
    assert main(["progress", "--export", "csv", "--data", str(tmp_path / "nope")]) == 2
    assert "--data" in capsys.readouterr().err
