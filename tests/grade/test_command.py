"""`nntutor grade` from the command line: text, --json, --csv, exit codes."""

from __future__ import annotations

import csv
import json

from nntutor.cli import main

CLASS = """student,lesson,exercise,answer
ada,two-layer-backprop,dw2,A1.T @ dZ2
bob,two-layer-backprop,dw2,dZ2 @ A1.T
cy,two-layer-backprop,dw2,dZ2 @ A1.T
cy,nope,dw2,x
dee,two-layer-backprop,dw2,"__import__('os').system('id')"
"""


def class_file(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(CLASS, encoding="utf-8")
    return path


def test_text_summary(tmp_path, capsys):
    assert main(["grade", str(class_file(tmp_path)), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 answers from 4 students: 1 right, 1 could not be graded")
    assert "two-layer-backprop dw2: 1/4 right (1 of 4 answers)" in out
    assert "2 × swapped_operands" in out and "e.g. dZ2 @ A1.T" in out
    assert "  cy     0 / 1     1 row not graded\n" in out and "  ada    1 / 1\n" in out
    assert "line 5: unknown lesson 'nope'" in out


def test_json(tmp_path, capsys):
    assert main(["grade", str(class_file(tmp_path)), "--json", "--jobs", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["verdict"] for r in data["results"]] == ["correct", "wrong", "wrong", "error",
                                                        "refused"]
    assert data["students"][0] == {"student": "ada", "solved": 1, "attempted": 1, "errors": 0}
    assert data["exercises"][0]["mistakes"][0]["diagnosis"] == "swapped_operands"


def test_csv_out(tmp_path, capsys):
    out = tmp_path / "graded.csv"
    assert main(["grade", str(class_file(tmp_path)), "--csv", str(out), "--jobs", "1"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["student"], r["verdict"]) for r in rows][:2] == [("ada", "correct"),
                                                                 ("bob", "wrong")]
    assert rows[3]["line"] == "5" and rows[3]["diagnosis"] == ""
    assert "answers from 4 students" in capsys.readouterr().out


def test_unreadable_file_exits_2_with_one_line(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "missing.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.csv: no such file" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("name,answer\nada,x\n")
    assert main(["grade", str(bad)]) == 2
    assert "the header has no student, lesson, exercise columns" in capsys.readouterr().err


def test_unwritable_csv_out_exits_2(tmp_path, capsys):
    assert main(["grade", str(class_file(tmp_path)), "--csv", str(tmp_path / "no" / "x.csv")]) == 2
    assert "--csv" in capsys.readouterr().err


def test_progress_bar_only_for_long_files_on_a_terminal(monkeypatch):
    import sys

    from nntutor.commands.grade import BAR_FROM, progress_bar

    assert progress_bar(BAR_FROM * 10) is None  # stderr is not a terminal under pytest
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert progress_bar(BAR_FROM - 1) is None
    assert progress_bar(BAR_FROM) is not None
