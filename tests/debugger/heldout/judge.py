"""The held-out bugged scripts judged the way a new user would use the debugger.

Each batch folder (b5 ... b28) was written by someone who never ran nntutor on it: four
correct training scripts in four styles and sixteen copies with one realistic slip each,
every one dying with a NumPy shape error. `cases.json` says which correct script each copy
belongs to, the line of the slip, and whether the error surfaces on that line ("own") or
later ("downstream").

For each copy: run `nntutor debug --plain COPY.py` as a subprocess, take fix #1's "the line
becomes" statement, put it in place of the statement on the line it names (the failing line
when it names none), run the result with python and compare its last line of output with the
correct script's. Nothing here imports nntutor: only the printed text counts.

    python -m tests.debugger.heldout.judge [b5 b6 ...]
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
BATCHES = tuple(f"b{n}" for n in range(5, 29))
_BECOMES = re.compile(r"the line becomes(?: \(line (\d+)\))?: (.*)")
_FAILED_AT = re.compile(r"shape error at [^\n]*?:(\d+)")


def last_line(path: str) -> str:
    done = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=300,
                          cwd=os.path.dirname(path))
    lines = done.stdout.strip().splitlines()
    if done.returncode == 0 and lines:
        return lines[-1]
    return f"<failed: {done.stderr.strip().splitlines()[-1:]}>"


def assigns_to_unassignable(line: str) -> bool:
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        if any(isinstance(t, ast.Call) or (isinstance(t, ast.Attribute) and t.attr == "T")
               for t in targets):
            return True
    return False


def fixed_text(source: str, lineno: int, new_line: str) -> str | None:
    """`source` with the statement on `lineno` replaced by `new_line` (same indent)."""
    lines = source.splitlines()
    compound = (ast.For, ast.While, ast.If, ast.FunctionDef, ast.With, ast.ClassDef)
    stmt = next((n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.stmt)
                 and n.lineno == lineno and not isinstance(n, compound)), None)
    if stmt is None:
        return None
    first = lines[stmt.lineno - 1]
    indent = first[: len(first) - len(first.lstrip())]
    return "\n".join(lines[: stmt.lineno - 1] + [indent + new_line]
                     + lines[stmt.end_lineno:]) + "\n"


def judge(folder: str, case: str, info: dict) -> tuple[bool, list[str], str]:
    """(fix #1 right, every fix's line, what happened)."""
    path = os.path.join(folder, f"{case}.py")
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, "-m", "nntutor", "debug", "--plain", path],
                         capture_output=True, text=True, timeout=600, cwd=folder, env=env).stdout
    failed_at = _FAILED_AT.search(out)
    fixes = _BECOMES.findall(out)
    if not failed_at:
        return False, [], "no shape error reported"
    if not fixes:
        return False, [], "no fix offered"
    lineno = int(fixes[0][0] or failed_at.group(1))
    text = fixed_text(open(path).read(), lineno, fixes[0][1])
    if text is None:
        return False, [f[1] for f in fixes], f"no statement at line {lineno}"
    with tempfile.TemporaryDirectory() as tmp:
        fixed = os.path.join(tmp, f"{case}.py")
        with open(fixed, "w") as f:
            f.write(text)
        got = last_line(fixed)
    want = last_line(os.path.join(folder, info["correct"]))
    return got == want, [f[1] for f in fixes], f"line {lineno}: {fixes[0][1].strip()} -> {got}"


def main(batches: list[str]) -> None:
    total = {"own": [0, 0], "downstream": [0, 0]}
    fixes = unassignable = 0
    for batch in batches:
        folder = os.path.join(HERE, batch)
        cases = json.load(open(os.path.join(folder, "cases.json")))
        right = 0
        for case, info in sorted(cases.items()):
            ok, lines, what = judge(folder, case, info)
            right += ok
            total[info["error"]][0] += ok
            total[info["error"]][1] += 1
            fixes += len(lines)
            unassignable += sum(assigns_to_unassignable(line) for line in lines)
            print(f"{'ok ' if ok else 'BAD'} {case:34} [{info['category']}, {info['error']}] "
                  f"{what}", flush=True)
        print(f"  {batch}: {right}/{len(cases)}", flush=True)
    right = total["own"][0] + total["downstream"][0]
    count = total["own"][1] + total["downstream"][1]
    print(f"fix #1 right {right}/{count} (error on the mistake's own line {total['own'][0]}/"
          f"{total['own'][1]}, downstream {total['downstream'][0]}/{total['downstream'][1]}); "
          f"fixes assigning to .T or a call {unassignable}/{fixes}")


if __name__ == "__main__":
    main(sys.argv[1:] or list(BATCHES))
