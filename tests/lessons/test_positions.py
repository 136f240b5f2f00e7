"""The key-path -> (line, column) finder that every error message relies on."""

from nntutor.lessons.positions import Positions

TEXT = '''id = "x"  # a comment
title = """two
lines with a \\""" quote"""

[[section]]
title = 'S'
body = """
prose
"""

[walkthrough]
dims = ["in",
  "out"]

[[walkthrough.layer]]
input_dim = 2

[[walkthrough.layer]]
input_dim = 3

[[exercise]]
id = "a"
hints = [
  "one",
  "two",
]

[exercise.variables]
A1 = { dims = ["n", "h1"], source = "A1" }

[[exercise.wrong]]
answer = "x"

[[exercise]]
id = "b"
a.b = 1
'''


def test_keys_headers_and_array_tables_have_their_lines():
    p = Positions(TEXT)
    assert p.find(("id",)) == (1, 1)
    assert p.find(("title",)) == (2, 1)
    assert p.find(("section", 0, "body")) == (7, 1)
    assert p.find(("walkthrough",)) == (11, 1)
    assert p.find(("walkthrough", "layer", 0, "input_dim")) == (16, 1)
    assert p.find(("walkthrough", "layer", 1)) == (18, 1)
    assert p.find(("walkthrough", "layer", 1, "input_dim")) == (19, 1)
    assert p.find(("exercise", 1, "id")) == (35, 1)
    assert p.find(("exercise", 1, "a", "b")) == (36, 1)


def test_array_elements_and_inline_tables_have_their_columns():
    p = Positions(TEXT)
    assert p.find(("walkthrough", "dims", 0)) == (12, 9)
    assert p.find(("walkthrough", "dims", 1)) == (13, 3)
    assert p.find(("exercise", 0, "hints", 1)) == (25, 3)
    assert p.find(("exercise", 0, "variables", "A1", "dims", 1)) == (29, 21)
    assert p.find(("exercise", 0, "variables", "A1", "source")) == (29, 28)
    assert p.find(("exercise", 0, "wrong", 0, "answer")) == (32, 1)


def test_unknown_paths_fall_back_to_the_nearest_parent():
    p = Positions(TEXT)
    assert p.find(("exercise", 0, "answer")) == (21, 1)  # not written: the [[exercise]] header
    assert p.exact(("exercise", 0, "answer")) is None
    assert p.find(("nothing", "here")) == (1, 1)
