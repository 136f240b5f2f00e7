"""The source panel colours an f-string as one string on every Python (3.12+ tokenizes it in
parts, PEP 701), so the debugger screen looks the same on 3.11, 3.12 and 3.13."""

from __future__ import annotations

from nntutor.tui.widgets.debug_source import token_spans


def test_an_f_string_is_one_string_with_its_fields_inside():
    spans = token_spans('print(f"loss: {loss:.4f} after {n} steps")  # done\n')
    assert spans == {1: [(6, 41, "string"), (44, 50, "comment")]}


def test_nested_f_strings_and_a_keyword_inside_a_field_stay_one_string():
    text = "x = f\"{'a' if ok else f'{n}'}\" + 'b'\nfor i in range(2): pass\n"
    spans = token_spans(text)
    assert spans[1] == [(4, 30, "string"), (33, 36, "string")]
    assert [kind for *_, kind in spans[2]] == ["keyword", "keyword", "number", "keyword"]


def test_a_triple_quoted_f_string_spans_its_lines():
    spans = token_spans('s = f"""a\n{b}\nc"""\n')
    assert spans == {1: [(4, 10_000, "string")], 2: [(0, 10_000, "string")],
                     3: [(0, 4, "string")]}
