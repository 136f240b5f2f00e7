"""The text and syntax checks: one line, the column, and what to type instead."""

from __future__ import annotations

import pytest

from nntutor.checker.errors import ExpressionRefused, ExpressionSyntaxError
from nntutor.checker.syntax import parse


@pytest.mark.parametrize("text, cls, words", [
    ("X.T @ dZ1 +", ExpressionSyntaxError, "syntax error at column 12: the expression ends"),
    ("X.T d", ExpressionSyntaxError, "syntax error at column 5"),
    ("np.sum(X", ExpressionSyntaxError, "'(' was never closed"),
    ("X)", ExpressionSyntaxError, "unmatched ')'"),
    ("", ExpressionSyntaxError, "the expression is empty"),
    ("   # only a comment", ExpressionSyntaxError, "the expression is empty"),
    ("dW1 = X.T @ dZ1", ExpressionSyntaxError, "type only the expression, without 'dW1 ='"),
    ("W1 -= dW1", ExpressionRefused, "in-place update"),
    ("X; Y", ExpressionSyntaxError, "type one expression, not several statements"),
    ("\u0425.T", ExpressionRefused,
     "'\u0425' (U+0425 CYRILLIC CAPITAL LETTER HA) at column 1; type 'X' instead"),
    ("X \u2212 Y", ExpressionRefused, "(U+2212 MINUS SIGN) at column 3; type '-' instead"),
    ("X\u00b2", ExpressionRefused, "type '**2' instead"),
    ("X +\x00Y", ExpressionRefused, "control character U+0000 (NUL) at column 4"),
    ("X\u202e", ExpressionRefused, "(U+202E RIGHT-TO-LEFT OVERRIDE) at column 2"),
    ("X +\n  \u0425", ExpressionRefused, "at line 2, column 3"),
    ("x" * 2001, ExpressionRefused, "2001 characters long (limit 2000)"),
    ("(" * 41 + "X" + ")" * 41, ExpressionRefused, "brackets nested more than 40 deep"),
    ("X + 12345678901", ExpressionRefused, "11-digit integer at column 5"),
    ("1e999", ExpressionRefused, "too large to be a float"),
    ("X.T + 'a'", ExpressionRefused, "strings are only allowed as np.einsum subscripts"),
    ("np.einsum('ij;jk', X, X)", ExpressionRefused, "einsum subscripts"),
    ("np.linalg.norm(X)", ExpressionRefused, "np.linalg at column 4 is not available"),
    ("np.sums(X)", ExpressionRefused, "did you mean np.sum?"),
    ("X.__len__()", ExpressionRefused, "attribute '__len__' at column 3"),
    ("1 < X < 2", ExpressionRefused, "(0 < Z) & (Z < 1)"),
])
def test_messages(text, cls, words):
    with pytest.raises(cls) as info:
        parse(text)
    assert words in info.value.message
    assert "\n" not in info.value.message


def test_column_is_recorded():
    with pytest.raises(ExpressionRefused) as info:
        parse("X + Y.__class__")
    assert info.value.column == 7


def test_accepted_spellings_keep_their_positions():
    p = parse("  (X.T  @ d)  # gradient")
    assert p.segment(p.tree) == "X.T  @ d"
    assert p.column(p.tree.left) == 4
    p = parse("(X.T\n @ d)")
    assert p.where(p.tree.right) == "at line 2, column 4"


def test_not_text():
    with pytest.raises(ExpressionSyntaxError, match="must be text, not int"):
        parse(3)
