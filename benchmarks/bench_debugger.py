"""How much slower is `nntutor debug --plain SCRIPT` than `python SCRIPT`? (target: <= 1.5x)

Every script in examples/ and a script that imports scikit-learn (the tracer must not pay for
library code) run as subprocesses, `python SCRIPT` and `nntutor debug --plain SCRIPT`
interleaved (plain, debugger, plain, debugger...) so that a busy machine slows both alike; the
medians are compared, for wall-clock time and for the CPU time the child used (steadier on a
shared machine; the verdict uses it). The debugger's trace goes to /dev/null, as does the
script's own output. Both commands run the same interpreter: `--python` picks another one
(e.g. a Python 3.12 or 3.13 with the dependencies installed).

    python benchmarks/bench_debugger.py [--repeats 5] [--python PYTHON] [--script SCRIPT ...]
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = 1.5
SKLEARN_SCRIPT = textwrap.dedent("""
    import numpy as np
    from sklearn.datasets import make_moons
    from sklearn.preprocessing import StandardScaler

    X, y = make_moons(400, noise=0.1, random_state=0)
    X = StandardScaler().fit_transform(X)
    W = np.zeros((2, 1))
    for step in range(200):
        W -= 0.1 * X.T @ (X @ W - y[:, None]) / len(X)
    print(W.ravel())
""").lstrip()


def timed(command: list[str], env: dict) -> tuple[float, float, int]:
    """(wall seconds, child CPU seconds, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def compare(python: str, script: str, repeats: int, env: dict) -> tuple[float, float, tuple]:
    """(wall ratio, CPU ratio, (plain wall, debug wall, plain CPU, debug CPU) medians)."""
    plain_cmd = [python, script]
    debug_cmd = [python, "-m", "nntutor", "debug", "--plain", script]
    status = timed(plain_cmd, env)[2]
    if timed(debug_cmd, env)[2] != status:  # (also warms the file cache, not timed)
        raise SystemExit(f"{script}: the debugger's exit status differs from python's")
    plain, debug = [], []
    for _ in range(repeats):
        plain.append(timed(plain_cmd, env))
        debug.append(timed(debug_cmd, env))
    pw, pc = (statistics.median(t[i] for t in plain) for i in (0, 1))
    dw, dc = (statistics.median(t[i] for t in debug) for i in (0, 1))
    return dw / pw, dc / pc, (pw, dw, pc, dc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--script", action="append", help="time only these scripts")
    options = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=ROOT)  # the repository's nntutor, installed or not
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, as an installed package is
    version = subprocess.run([options.python, "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    print(f"Python {version} ({options.python}); medians of {options.repeats} interleaved runs")
    print(f"{'':<28} {'wall: python':>13} {'debug':>7} {'ratio':>6} {'cpu: python':>12} "
          f"{'debug':>6} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as folder:
        sklearn_script = os.path.join(folder, "imports_sklearn.py")
        with open(sklearn_script, "w") as handle:
            handle.write(SKLEARN_SCRIPT)
        scripts = options.script or [
            *sorted(glob.glob(os.path.join(ROOT, "examples", "*.py"))), sklearn_script]
        worst = 0.0
        for script in scripts:
            wall, cpu, (pw, dw, pc, dc) = compare(options.python, script, options.repeats, env)
            worst = max(worst, cpu)
            name = os.path.basename(script)
            print(f"{name:<28} {pw:12.2f}s {dw:6.2f}s {wall:5.2f}x {pc:11.2f}s {dc:5.2f}s "
                  f"{cpu:5.2f}x")
    verdict = "ok" if worst <= TARGET else "TOO SLOW"
    print(f"worst CPU ratio {worst:.2f}x (target <= {TARGET}x): {verdict}")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
