"""Bugged training scripts: fix #1 of the debugger, applied and re-run, gives the same final
output as the correct script. Run this file as a script for the N/M report:

    python -m tests.debugger.test_bugged
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import pytest

from nntutor.debugger.events import ExceptionRaised
from tests.debugger.conftest import events_of

HERE = os.path.join(os.path.dirname(__file__), "bugged")
CASES = json.load(open(os.path.join(HERE, "cases.json")))


def final_line(path: str) -> str:
    done = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=60,
                          cwd=os.path.dirname(path))
    lines = done.stdout.strip().splitlines()
    return lines[-1] if done.returncode == 0 and lines else f"<failed: {done.stderr[-200:]}>"


def explanation_of(case: str):
    events = events_of(os.path.join(HERE, f"{case}.py"))
    raised = [e for e in events if isinstance(e, ExceptionRaised)]
    return raised[0].explanation if raised else None


def apply(path: str, explanation, fix) -> str:
    """The script's text with `fix.line` in place of the statement it corrects."""
    lines = open(path).read().splitlines()
    lineno = (fix.where or explanation.location).lineno
    tree = ast.parse("\n".join(lines))
    stmt = next(n for n in ast.walk(tree) if isinstance(n, ast.stmt) and n.lineno == lineno
                and not isinstance(n, (ast.For, ast.While, ast.If, ast.FunctionDef, ast.With,
                                       ast.ClassDef)))
    indent = lines[stmt.lineno - 1][: len(lines[stmt.lineno - 1]) - len(lines[stmt.lineno - 1].lstrip())]
    return "\n".join(lines[: stmt.lineno - 1] + [indent + fix.line] + lines[stmt.end_lineno:]) + "\n"


def assigns_to_unassignable(line: str) -> bool:
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            if isinstance(target, ast.Call) or (isinstance(target, ast.Attribute)
                                                 and target.attr == "T"):
                return True
    return False


def judge(case: str, tmp: str) -> tuple[bool, list[str], str]:
    """(fix #1 right, every fix's line, what happened)."""
    path = os.path.join(HERE, f"{case}.py")
    explanation = explanation_of(case)
    if explanation is None or not explanation.fixes:
        return False, [], "no fix offered"
    best = explanation.fixes[0]
    fixed = os.path.join(tmp, f"{case}.py")
    with open(fixed, "w") as f:
        f.write(apply(path, explanation, best))
    want = final_line(os.path.join(HERE, CASES[case]["correct"]))
    got = final_line(fixed)
    where = best.where.lineno if best.where else explanation.location.lineno
    return got == want, [f.line for f in explanation.fixes], f"line {where}: {best.line} -> {got}"


@pytest.mark.slow
def test_fix_one_is_right_on_the_bugged_suite(tmp_path):
    results = {case: judge(case, str(tmp_path)) for case in CASES}
    right = [c for c, (ok, _, _) in results.items() if ok]
    transposed = [line for _, lines, _ in results.values() for line in lines
                  if assigns_to_unassignable(line)]
    assert transposed == []
    assert len(right) >= 0.85 * len(CASES), {c: r[2] for c, r in results.items() if not r[0]}


@pytest.mark.parametrize("case", ["rows_bias_axis_db2", "dicts_grad_uses_input",
                                  "sample_reshaped_row", "rows_forward_uses_input"])
def test_downstream_mistakes_are_fixed_where_they_were_made(case, tmp_path):
    ok, lines, what = judge(case, str(tmp_path))
    assert ok, what
    assert not any(assigns_to_unassignable(line) for line in lines)


@pytest.mark.parametrize("case", ["heldout4_colsdict_data_rows",  # `X = raw` wants `.T`
                                  "heldout4_namespace_missing_transpose",  # not X made square
                                  "heldout4_zip_layers_forward_uses_input",  # acts[-1]
                                  "heldout4_tuples_fn_bias_axis",  # fails inside a genexpr
                                  "heldout4_zip_layers_bias_axis",  # made in a comprehension
                                  "heldout4_colsdict_grad_uses_input"])  # made in a dict display
def test_held_out_batch_four_rules(case, tmp_path):
    ok, lines, what = judge(case, str(tmp_path))
    assert ok, what


def report() -> None:
    import tempfile

    tally = {"own": [0, 0], "downstream": [0, 0]}
    held: dict[str, list[int]] = {}
    fixes = unassignable = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case, info in CASES.items():
            ok, lines, what = judge(case, tmp)
            tally[info["error"]][0] += ok
            tally[info["error"]][1] += 1
            if info.get("set"):
                tally_set = held.setdefault(info["set"], [0, 0])
                tally_set[0] += ok
                tally_set[1] += 1
            fixes += len(lines)
            unassignable += sum(assigns_to_unassignable(line) for line in lines)
            print(f"{'ok ' if ok else 'BAD'} {case:34} {what}")
    total = [sum(v[0] for v in tally.values()), sum(v[1] for v in tally.values())]
    print(f"fix #1 right: {total[0]}/{total[1]}  (error on the mistake's own line "
          f"{tally['own'][0]}/{tally['own'][1]}, downstream {tally['downstream'][0]}/"
          f"{tally['downstream'][1]}); fixes assigning to .T or a call: {unassignable}/{fixes}")
    for name, (ok, total) in held.items():
        print(f"  of them {name} (written after the rules were tuned): {ok}/{total}")


if __name__ == "__main__":
    report()
