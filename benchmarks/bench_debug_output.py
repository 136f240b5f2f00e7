"""A script that prints a lot, under the debugger screen and under plain python, side by side.

Run: python benchmarks/bench_debug_output.py [--mb 100] [--rounds 3]

The script prints MB megabytes (lines of 100 characters). (a) `python script.py > /dev/null`;
(b) the debugger screen, headless at 80x24 in its own process: from `c` (continue) at the
first line to the screen showing the script finished. Both times are wall-clock and CPU time
of the process; the screen's peak memory (max RSS) is printed too. Targets: (b) within 3x of
(a), and under 300 MB. Rounds are interleaved; medians and ratios are printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """line = "x" * 99
for i in range({lines}):
    print(line)
"""

SCREEN = r"""
import asyncio, json, os, resource, sys, time
sys.path.insert(0, {root!r})
from nntutor.tui.debugger_app import make_debugger_app

async def main():
    app = make_debugger_app({script!r})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.debugger
        while screen.pauses < 1:
            await pilot.pause(0.01)
        wall, cpu = time.perf_counter(), time.process_time()
        app.simulate_key("c")
        while screen.finished is None:
            await asyncio.sleep(0.01)
        await pilot.pause()  # the last output drawn
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        log = screen.output_log
        result = dict(wall=wall, cpu=cpu, lines=len(log.lines), dropped=log.dropped)
        app.simulate_key("q")
        await asyncio.sleep(0.2)
    if log.full_output:  # the learner's copy of the whole output: not kept after a benchmark
        os.unlink(log.full_output)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))

asyncio.run(main())
"""

PLAIN = r"""
import resource, runpy, sys, time
wall, cpu = time.perf_counter(), time.process_time()
runpy.run_path({script!r}, run_name="__main__")
sys.stdout.flush()
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(f"{{wall}} {{cpu}}", file=sys.stderr)
"""


def plain(script: Path) -> tuple[float, float]:
    with open("/dev/null", "w") as null:
        result = subprocess.run([sys.executable, "-c", PLAIN.format(script=str(script))],
                                stdout=null, stderr=subprocess.PIPE, text=True, check=True)
    wall, cpu = result.stderr.split()
    return float(wall), float(cpu)


def screen(script: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", SCREEN.format(root=str(ROOT),
                                                                   script=str(script))],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "prints.py"
        script.write_text(SCRIPT.format(lines=args.mb * 10_000))
        a, b = [], []
        for _ in range(args.rounds):
            a.append(plain(script))
            b.append(screen(script))
        wall_a = statistics.median(w for w, _ in a)
        cpu_a = statistics.median(c for _, c in a)
        wall_b = statistics.median(r["wall"] for r in b)
        cpu_b = statistics.median(r["cpu"] for r in b)
        rss = max(r["rss_mb"] for r in b)
        last = b[-1]
        print(f"script printing {args.mb} MB ({args.mb * 10_000:,} lines), {args.rounds} rounds")
        print(f"(a) plain python:      median wall {wall_a:.2f} s, cpu {cpu_a:.2f} s")
        print(f"(b) debugger screen:   median wall {wall_b:.2f} s, cpu {cpu_b:.2f} s, "
              f"peak memory {rss:.0f} MB")
        print(f"    panel kept {last['lines']:,} lines, {last['dropped']:,} counted as dropped")
        print(f"ratio b/a: wall {wall_b / wall_a:.2f}x, cpu {cpu_b / cpu_a:.2f}x "
              f"(target <= 3x, < 300 MB)")


if __name__ == "__main__":
    main()
