"""How much slower is `nntutor debug --plain SCRIPT` than `python SCRIPT`? (target: <= 5x)

Both run as subprocesses on the training-loop example, interleaved (plain, debugger, plain,
debugger...) so that a busy machine slows both alike; the medians are compared. The
debugger's trace goes to /dev/null, as the script's own output does.

    python benchmarks/bench_debugger.py [--repeats 7] [--script SCRIPT] [ARGS...]
    (SCRIPT defaults to examples/xor_training_loop.py; ARGS go to the script)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SCRIPT = os.path.join(ROOT, "examples", "xor_training_loop.py")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--script", default=DEFAULT_SCRIPT)
    parser.add_argument("args", nargs="*", help="arguments for the script")
    options = parser.parse_args()
    plain_cmd = [sys.executable, options.script, *options.args]
    debug_cmd = [sys.executable, "-m", "nntutor", "debug", "--plain", options.script, *options.args]
    timed(plain_cmd), timed(debug_cmd)  # warm the file cache once, not timed
    plain, debug = [], []
    for _ in range(options.repeats):
        plain.append(timed(plain_cmd))
        debug.append(timed(debug_cmd))
    p, d = statistics.median(plain), statistics.median(debug)
    name = os.path.relpath(options.script, ROOT)
    print(f"script: {name} {' '.join(options.args)}".rstrip())
    for label, times, median in (("python SCRIPT", plain, p),
                                 ("nntutor debug --plain SCRIPT", debug, d)):
        print(f"{label:<29} median {median:.3f} s  (min {min(times):.3f}, "
              f"max {max(times):.3f}, n={len(times)})")
    ratio = d / p
    print(f"ratio {ratio:.2f}x (target <= 5x): {'ok' if ratio <= 5 else 'TOO SLOW'}")
    return 0 if ratio <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
