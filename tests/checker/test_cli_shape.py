"""`nntutor shape` from the command line."""

from __future__ import annotations

import json

import pytest

from nntutor.cli import main


def test_shape_in_names(capsys):
    assert main(["shape", "X.T @ d", "X=n,in", "d=n,out"]) == 0
    assert capsys.readouterr().out.strip() == "(in, out)"


def test_shape_in_numbers_and_scalars(capsys):
    assert main(["shape", "X.sum(0) / n", "X=4,3", "n="]) == 0
    assert capsys.readouterr().out.strip() == "(3,)"
    assert main(["shape", "np.sum(X)", "X=(n,in)"]) == 0
    assert capsys.readouterr().out.strip() == "()"
    assert main(["shape", "v + 1", "v=n,"]) == 0
    assert capsys.readouterr().out.strip() == "(n,)"


def test_shape_error_explains_and_ranks_fixes(capsys):
    assert main(["shape", "X @ d", "X=n,in", "d=n,out"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("shape error: shapes don't fit for @ in `X @ d`")
    assert "X has in columns but d has n rows" in out
    lines = out.splitlines()
    assert lines[1] == "likely fixes, best first:"
    assert lines[2].startswith("  1. X.T @ d ")


def test_expect_ranks_the_fix_that_gives_it_first(capsys):
    assert main(["shape", "X @ d", "X=n,in", "d=n,out", "--expect", "out,in"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[2].startswith("  1. d.T @ X ")


def test_json_success_and_error(capsys):
    assert main(["shape", "X.T @ d", "X=n,in", "d=n,out", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"shape": ["in", "out"]}
    assert main(["shape", "X @ W", "X=100,2", "W=2,3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"shape": [100, 3]}
    assert main(["shape", "X @ d", "X=n,in", "d=n,out", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["error"] == "shape_mismatch" and data["op"] == "@"
    assert data["operands"] == [{"expr": "X", "shape": ["n", "in"]},
                                {"expr": "d", "shape": ["n", "out"]}]
    assert data["fixes"][0] == {"expr": "X.T @ d", "reason": "transpose X: the result is "
                                "(in, out)", "kind": "add_transpose"}


@pytest.mark.parametrize("argv, words", [
    (["shape", "np.load('x')"], "np.load at column 4 is not available"),
    (["shape", "X +", "X=n"], "syntax error"),
    (["shape", "Y", "X=n,in"], "unknown name 'Y'"),
])
def test_refused_or_invalid_exit_2_with_one_line(argv, words, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and "\n" not in err
    assert main([*argv, "--json"]) == 2
    assert words in json.loads(capsys.readouterr().out)["message"]


@pytest.mark.parametrize("arg", ["X", "X=n;in", "1X=n", "X=n,i n"])
def test_bad_name_dims_argument_is_one_line_exit_2(arg, capsys):
    assert main(["shape", "X", arg]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("nntutor shape: error: ") and "\n" not in err
    assert main(["shape", "X", arg, "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"] == "usage"


def test_given_twice(capsys):
    assert main(["shape", "X", "X=n", "X=m"]) == 2
    assert "given twice" in capsys.readouterr().err
