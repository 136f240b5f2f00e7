"""Reading a class's answer file: CSV or JSON Lines, a size limit first, bad rows kept apart."""

from __future__ import annotations

import csv
import json

import pytest
from hypothesis import given, settings, strategies as st

from nntutor.grade.rows import GradeFileError, Row, read_rows


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_csv_with_header_in_any_column_order(tmp_path):
    path = write(tmp_path, "a.csv", "answer,student,exercise,lesson,extra\n"
                                    '"A1.T @ dZ2", ada ,dw2,two-layer-backprop,x\n\n'
                                    "dZ2 @ A1.T,bob,dw2,two-layer-backprop,y\n")
    assert read_rows(path) == [
        Row(2, "ada", "two-layer-backprop", "dw2", "A1.T @ dZ2"),
        Row(4, "bob", "two-layer-backprop", "dw2", "dZ2 @ A1.T"),
    ]


def test_json_lines_and_their_bad_lines(tmp_path):
    good = {"student": "ada", "lesson": "l", "exercise": "e", "answer": "x"}
    lines = [json.dumps(good), "{not json", "[1, 2]", json.dumps({**good, "answer": 3}),
             json.dumps({"student": "bob"}), json.dumps({**good, "answer": "  "})]
    rows = read_rows(write(tmp_path, "a.jsonl", "\n".join(lines) + "\n"))
    assert rows[0] == Row(1, "ada", "l", "e", "x")
    assert "not valid JSON" in rows[1].problem and rows[1].line == 2
    assert "not a JSON object" in rows[2].problem
    assert rows[3].problem == "answer must be text"
    assert rows[4].problem == "missing lesson, exercise, answer"
    assert rows[5].problem == "empty answer"


def test_json_lines_recognised_without_the_suffix(tmp_path):
    path = write(tmp_path, "answers.txt", '{"student":"a","lesson":"l","exercise":"e",'
                                          '"answer":"x"}\n')
    assert read_rows(path)[0].answer == "x"


def test_a_short_csv_row_says_what_is_missing(tmp_path):
    rows = read_rows(write(tmp_path, "a.csv", "student,lesson,exercise,answer\nada,l\n"))
    assert rows == [Row(2, "ada", "l", "", "", "missing exercise, answer")]


def test_utf8_bom_is_fine(tmp_path):
    path = write(tmp_path, "a.csv", "\ufeffstudent,lesson,exercise,answer\nada,l,e,x\n")
    assert read_rows(path)[0].student == "ada"


@pytest.mark.parametrize("content, words", [
    ("student,lesson,answer\nada,l,x\n", "no exercise column;"),
    (b"student,lesson,exercise,answer\n\xff\xfe\n", "not UTF-8"),
])
def test_unreadable_files(tmp_path, content, words):
    with pytest.raises(GradeFileError, match=words):
        read_rows(write(tmp_path, "a.csv", content))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(GradeFileError, match="no such file"):
        read_rows(tmp_path / "nope.csv")
    with pytest.raises(GradeFileError, match="is a folder"):
        read_rows(tmp_path)


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    path = write(tmp_path, "a.csv", "student,lesson,exercise,answer\n" + "a,l,e,x\n" * 100)
    opened = []
    monkeypatch.setattr(type(path), "open", lambda *a, **k: opened.append(a) or 1 / 0)
    with pytest.raises(GradeFileError, match="more than the 0 MB"):
        read_rows(path, max_bytes=100)
    assert opened == []


def test_empty_file_has_no_rows(tmp_path):
    assert read_rows(write(tmp_path, "a.csv", "")) == []


field = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                min_size=1, max_size=12).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(field, field, field, field), max_size=8))
def test_csv_round_trip(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("csv") / "a.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "lesson", "exercise", "answer"])
        writer.writerows(records)
    rows = read_rows(path)
    assert [(r.student, r.lesson, r.exercise, r.answer) for r in rows] == [
        tuple(v.strip() for v in rec) for rec in records]
    assert all(r.problem is None for r in rows)
