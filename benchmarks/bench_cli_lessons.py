"""CLI start-up with many lesson files: `nntutor check` on one lesson, side by side.

Run: python benchmarks/bench_cli_lessons.py [--rounds N] [--lessons 500]

(a) only the built-in lessons; (b) the same plus a folder of N more lesson files on
NNTUTOR_LESSONS (copies of a built-in lesson under new ids). Each round runs
`nntutor check chain-rule dw2 --answer "A1.T @ dZ2"` as a fresh process, as a learner would.
The lesson index (the picker's cache, in NNTUTOR_HOME) is built once before timing, the way
it is after the first launch; the target is (b) within 1.5x of (a).
Rounds are interleaved (a, b, a, b, ...) so both see the same machine load; medians and the
ratio are printed.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["check", "chain-rule", "dw2", "--answer", "A1.T @ dZ2"]


def make_lessons(folder: Path, count: int) -> None:
    source = (ROOT / "lessons" / "dense-layer-xor.toml").read_text(encoding="utf-8")
    for i in range(count):
        text = re.sub(r'^id = "dense-layer-xor"', f'id = "extra-{i:04d}"', source, count=1,
                      flags=re.M)
        (folder / f"extra-{i:04d}.toml").write_text(text, encoding="utf-8")


def run(env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "nntutor", *COMMAND], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"nntutor check failed ({result.returncode}): {result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--lessons", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "many"
        folder.mkdir()
        make_lessons(folder, args.lessons)
        base = {k: v for k, v in os.environ.items() if k != "NNTUTOR_LESSONS"}
        builtin = {**base, "NNTUTOR_HOME": str(Path(tmp) / "home-a")}
        many = {**base, "NNTUTOR_HOME": str(Path(tmp) / "home-b"),
                "NNTUTOR_LESSONS": str(folder)}
        first = run(many)  # builds the index, as the first launch does
        run(builtin)
        a, b = [], []
        for _ in range(args.rounds):
            a.append(run(builtin))
            b.append(run(many))
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"first run with {args.lessons} extra lessons (index built): {first:.2f} s")
        print(f"(a) built-in lessons only:        median {ma:.3f} s over {args.rounds} runs")
        print(f"(b) plus {args.lessons} lesson files:       median {mb:.3f} s")
        print(f"ratio b/a: {mb / ma:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
