"""`debug` reads a script the way Python does: a PEP 263 coding declaration is honoured."""

from __future__ import annotations

import pytest

from nntutor.debugger.script import ScriptError, load
from tests.debugger.conftest import trace


def _write(path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_a_latin_1_script_runs_and_its_text_is_shown_decoded(tmp_path):
    path = _write(tmp_path / "latin.py",
                  b"# -*- coding: latin-1 -*-\nlabel = 'r\xe9seau'\nprint(label, len(label))\n")
    status, out, err = trace(path)
    assert (status, err) == (0, "")
    assert "r\u00e9seau 6" in out  # six characters, as python prints them
    assert "label = 'r\u00e9seau'" in out  # the trace shows the decoded line
    assert load(path).text.splitlines()[1] == "label = 'r\u00e9seau'"


def test_a_declaration_on_line_two_and_a_utf8_bom_are_honoured(tmp_path):
    second = _write(tmp_path / "second.py",
                    b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\ns = '\x80'\n")
    assert load(second).text.splitlines()[2] == "s = '\u20ac'"
    bom = _write(tmp_path / "bom.py", b"\xef\xbb\xbfs = '\xc3\xa9'\n")
    assert load(bom).text == "s = '\u00e9'\n"


@pytest.mark.parametrize("data, message", [
    (b"# coding: klingon\nx = 1\n", "unknown encoding"),
    (b"x = 1\ny = '\xe9'\n", "byte 11 is not valid UTF-8 (line 2); save it as UTF-8 or declare"),
    (b"# coding: ascii\ny = '\xe9'\n", "byte 21 is not valid ascii (line 2)"),
])
def test_a_script_that_does_not_decode_is_one_line(tmp_path, data, message):
    with pytest.raises(ScriptError) as raised:
        load(_write(tmp_path / "bad.py", data))
    assert message in str(raised.value) and "\n" not in str(raised.value)
