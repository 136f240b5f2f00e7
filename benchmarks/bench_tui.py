"""TUI speed, measured headless with Pilot in one process, beside a bare Textual app.

Run: python benchmarks/bench_tui.py [--rounds N]

The bare app shows one Static and updates it on a keypress. For both apps a frame counts as
drawn when Textual's compositor has rendered it and handed it to the (headless) driver: the
benchmark records the time of the last such hand-over after the app went idle.

  (a) launch: from constructing the app to the first screen drawn
      (nntutor: the lesson picker with every lesson loaded and progress read;
       target within 1.5x the bare app),
  (b) keypress to the next step drawn on the deep-network-moons lesson
      (2-25-50-50-25-1, its own small trace batch, then 16 rows, then a network with
      64x64 operands on 64 rows; target within 3x the bare app's keypress-to-redraw
      and under 50 ms).

Rounds are interleaved (bare, nntutor, bare, ...) so both see the same machine load; medians
and ratios are printed. Imports happen before timing (both apps are already imported).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nntutor.tui.app import make_app  # noqa: E402

SIZE = (80, 24)


class BareApp(App[None]):
    """One Static; `n` updates it."""

    BINDINGS = [("n", "bump", "Next")]

    def compose(self) -> ComposeResult:
        yield Static("step 0", id="static")

    def action_bump(self) -> None:
        static = self.query_one(Static)
        static.update(f"step {int(str(static.content).split()[1]) + 1}")


def instrument(app: App) -> list[float]:
    """Record when each rendered frame is handed to the driver."""
    frames: list[float] = []
    display = app._display

    def timed(screen, renderable) -> None:
        if renderable is not None:
            frames.append(time.perf_counter())
        display(screen, renderable)

    app._display = timed  # type: ignore[method-assign]
    return frames


async def launch_time(factory, ready) -> tuple[float, float]:
    """Seconds from constructing the app to (its first frame, its last frame before going
    idle). Textual draws a couple more frames after the first while it settles."""
    gc.collect()  # every launch starts from a clean heap, not from the previous one's garbage
    start = time.perf_counter()
    app = factory()
    frames = instrument(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert ready(app), f"{type(app).__name__} did not reach its first screen"
    return frames[0] - start, frames[-1] - start


async def keypress_times(app: App, presses: int, prepare=None, check=None) -> list[float]:
    """Seconds from each `n` keypress to the frame that shows its effect."""
    frames = instrument(app)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if prepare is not None:
            await prepare(app, pilot)
        for _ in range(presses):
            before = len(frames)
            start = time.perf_counter()
            await pilot.press("n")
            await pilot.pause()
            assert len(frames) > before, "the keypress drew nothing"
            times.append(frames[-1] - start)
            if check is not None:
                check(app)
    return times


def deep_lesson_and_tapes():
    from nntutor.engine.network import Network
    from nntutor.lessons.loader import find_lesson
    from nntutor.lessons.runtime import trace_lesson

    lesson = find_lesson("deep-network-moons")
    big = Network([(2, 64, "relu"), (64, 64, "relu"), (64, 64, "relu"), (64, 1, "sigmoid")],
                  loss="bce", seed=0)
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    return lesson, {
        f"deep-network-moons, its {lesson.walkthrough.trace_rows}-row trace": trace_lesson(lesson),
        "deep-network-moons, 16 rows": trace_lesson(lesson, rows=16),
        "2-64-64-64-1, 64 rows (64x64 operands)": big.trace(X, Y),
    }


COLD_CHILD = """
import asyncio, sys, time
sys.path.insert(0, {root!r})
which = {which!r}
if which == "bare":
    from benchmarks.bench_tui import BareApp as factory
else:
    from nntutor.tui.app import make_app
    factory = lambda: make_app(home={home!r})
app = factory()
first = []
display = app._display
def timed(screen, renderable):
    if renderable is not None and not first:
        first.append(time.time())
    display(screen, renderable)
app._display = timed
async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
asyncio.run(main())
print(first[0])
"""


def cold_start(which: str, home: Path) -> float:
    """Seconds from starting a fresh Python to the first frame (imports included)."""
    import subprocess

    root = str(Path(__file__).resolve().parent.parent)
    code = COLD_CHILD.format(root=root, which=which, home=str(home))
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=root)
    return float(out.stdout.strip().splitlines()[-1]) - start


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


async def main(rounds: int) -> int:
    home = Path(tempfile.mkdtemp(prefix="nntutor-bench-"))

    # (a) launch (first: before a lesson's data brings scikit-learn into the process) -----
    bare_launch, tutor_launch = [], []
    from nntutor.tui.screens.picker import PickerScreen

    from nntutor.tui.lesson_index import FILENAME, load_cards

    rebuilt_launch = []
    picker_ready = lambda app: isinstance(app.screen, PickerScreen) and app.screen.lessons  # noqa
    for _ in range(rounds):
        bare_launch.append(await launch_time(BareApp, lambda app: app.query_one(Static)))
        load_cards((), home)  # as after any earlier launch: the lesson index is current
        tutor_launch.append(await launch_time(lambda: make_app(home=home), picker_ready))
        (home / FILENAME).unlink()  # as on the very first launch, or after editing a lesson
        rebuilt_launch.append(await launch_time(lambda: make_app(home=home), picker_ready))
    print(f"(a) launch to first screen drawn, median of {rounds}: first frame / settled (idle)")
    b1, b2 = (median_ms([x[i] for x in bare_launch]) for i in (0, 1))
    t1, t2 = (median_ms([x[i] for x in tutor_launch]) for i in (0, 1))
    r1, r2 = (median_ms([x[i] for x in rebuilt_launch]) for i in (0, 1))
    print(f"    bare app (one Static)      {b1:7.1f} / {b2:7.1f} ms")
    print(f"    nntutor picker             {t1:7.1f} / {t2:7.1f} ms   ratio {t1 / b1:.2f}x / "
          f"{t2 / b2:.2f}x  (target <= 1.5x; settled)")
    print(f"      first launch, or a lesson file changed (every lesson parsed again): "
          f"{r1:.1f} / {r2:.1f} ms, ratio {r1 / b1:.2f}x / {r2 / b2:.2f}x")
    t, b = t2, b2
    cold_bare = [cold_start("bare", home) for _ in range(3)]
    cold_tutor = [cold_start("tutor", home) for _ in range(3)]
    cb, ct = median_ms(cold_bare), median_ms(cold_tutor)
    print(f"    cold start, a fresh interpreter (imports included), first frame: "
          f"bare {cb:.0f} ms, nntutor {ct:.0f} ms, ratio {ct / cb:.2f}x (for information)")

    # (b) keypress to next step drawn ------------------------------------------------------
    lesson, tapes = deep_lesson_and_tapes()
    presses = 10
    bare_keys: list[float] = []
    for _ in range(rounds):
        bare_keys += await keypress_times(BareApp(), presses)
    bk = median_ms(bare_keys)
    print(f"\n(b) keypress to redraw, median of {rounds}x{presses} presses")
    print(f"    bare app (update a Static) {bk:7.1f} ms")
    worst = 0.0
    for name, tape in tapes.items():
        samples: list[float] = []
        steps = min(presses, len(tape) - 1)

        async def prepare(app, pilot, tape=tape):
            screen = app.screen
            # start where the largest arrays are on screen
            start = max(range(len(tape) - steps),
                        key=lambda i: sum(o.value.size for o in tape[i + 1].inputs))
            screen.go(start)
            await pilot.pause()

        for _ in range(rounds):
            samples += await keypress_times(
                make_app(lesson=lesson, tape=tape, home=home), steps, prepare)
        km = median_ms(samples)
        worst = max(worst, km / bk)
        print(f"    nntutor step: {name:40s} {km:7.1f} ms   ratio {km / bk:.2f}x"
              f"  (target <= 3x, < 50 ms)")
    ok = t / b <= 1.5 and worst <= 3.0
    print("\nall targets met" if ok else "\nsome targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    sys.exit(asyncio.run(main(parser.parse_args().rounds)))
