"""Student names and where their progress lives."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from nntutor.serve.students import (Place, name_problem, read_place, save_place, student_home,
                                    students)


@pytest.mark.parametrize("name", ["ada", "Ada_Lovelace", "b-2", "x" * 32, "0"])
def test_good_names(name):
    assert name_problem(name) is None


@pytest.mark.parametrize("name, words", [
    ("", "type a name"), ("x" * 33, "at most 32"), ("../etc", "'.' cannot"),
    ("a b", "' ' cannot"), ("ad/a", "'/' cannot"), ("é", "'é' cannot"), ("a\x00", "cannot"),
])
def test_bad_names_say_why(name, words):
    assert words in name_problem(name)


@given(st.text(max_size=40))
def test_an_accepted_name_is_a_plain_folder_name(name):
    if name_problem(name) is None:
        assert name.lower().isascii() and "/" not in name and name not in (".", "..")
        assert 1 <= len(name) <= 32


def test_homes_fold_case_and_refuse_bad_names(tmp_path):
    assert student_home(tmp_path, "Ada") == tmp_path / "students" / "ada"
    with pytest.raises(ValueError, match="cannot be used"):
        student_home(tmp_path, "../x")


def test_students_lists_only_student_folders(tmp_path):
    for name in ("bob", "ada"):
        student_home(tmp_path, name).mkdir(parents=True)
    (tmp_path / "students" / "not a name").mkdir()
    (tmp_path / "students" / "file").write_text("")
    assert [n for n, _ in students(tmp_path)] == ["ada", "bob"]
    assert students(tmp_path / "nowhere") == []


def test_place_round_trip_and_damage(tmp_path):
    assert read_place(tmp_path) is None
    save_place(tmp_path, Place("xor", 7))
    assert read_place(tmp_path) == Place("xor", 7)
    (tmp_path / "place.json").write_text("{not json")
    assert read_place(tmp_path) is None
