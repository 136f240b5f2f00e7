"""The CSV reader and byte positions, as properties: any table of finite numbers reads back
exactly; any single damaged cell or row is reported at its own line and column."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nntutor.lessons.data import read_csv
from nntutor.lessons.loader import byte_position
from nntutor.lessons.model import LessonFileError

finite = st.floats(allow_nan=False, allow_infinity=False, width=64, min_value=-1e12,
                   max_value=1e12)


@st.composite
def tables(draw):
    cols = draw(st.integers(2, 5))
    rows = draw(st.integers(1, 6))
    return np.array(draw(st.lists(st.lists(finite, min_size=cols, max_size=cols),
                                  min_size=rows, max_size=rows)))


def _text(table: np.ndarray) -> str:
    names = [f"c{j}" for j in range(table.shape[1])]
    return ",".join(names) + "\n" + "".join(",".join(repr(float(v)) for v in row) + "\n"
                                           for row in table)


@settings(max_examples=60, deadline=None)
@given(tables())
def test_a_table_reads_back_exactly(tmp_path_factory, table):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(_text(table), encoding="utf-8")
    last = f"c{table.shape[1] - 1}"
    got = read_csv(path, (last,))
    np.testing.assert_array_equal(got.X, table[:, :-1])
    np.testing.assert_array_equal(got.Y, table[:, -1:])
    assert got.target_names == (last,)


@settings(max_examples=60, deadline=None)
@given(tables(), st.data())
def test_a_bad_cell_is_reported_where_it_is(tmp_path_factory, table, data):
    i = data.draw(st.integers(0, table.shape[0] - 1))
    j = data.draw(st.integers(0, table.shape[1] - 1))
    bad = data.draw(st.sampled_from(["x", "1,5e", "--1", "inf", ""]))
    lines = _text(table).splitlines()
    cells = lines[i + 1].split(",")
    cells[j] = bad
    lines[i + 1] = ",".join(cells)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LessonFileError) as err:
        read_csv(path, ("c0",))
    (e,) = err.value.errors
    assert e.line == i + 2
    if "," not in bad:  # one cell still: the error is at its column
        assert e.col == len(",".join(cells[:j])) + (1 if j else 0) + 1


@given(st.text(max_size=40), st.text(max_size=40))
def test_byte_position_counts_lines_and_characters(before, after):
    data = before.encode() + b"\xff" + after.encode()
    line, col = byte_position(data, len(before.encode()))
    assert line == before.count("\n") + 1
    assert col == len(before.split("\n")[-1]) + 1
