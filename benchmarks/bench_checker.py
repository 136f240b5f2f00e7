"""How long checking an answer takes, next to plain NumPy doing the same arithmetic.

Run: python benchmarks/bench_checker.py [--repeat N]

Three instances of a two-layer network's variables (different, non-square sizes, as the
lessons produce them). Timed, each as a median over N runs:
- plain NumPy computing the answer on the 3 instances (what the check must at least do);
- the evaluator alone, in-process and through the sandbox worker, on one instance;
- check_answer on a correct and on a wrong answer, in-process and through the sandbox.
The budget for checking an ordinary answer is 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from nntutor.checker import sandbox
from nntutor.checker.diagnosis import check_answer
from nntutor.checker.evaluator import evaluate

SIZES = [(120, 2, 16, 3), (150, 3, 20, 4), (200, 4, 25, 5)]  # (n, in, h1, out)
DIMS = {"X": ("n", "in"), "Y": ("n", "out"), "W1": ("in", "h1"), "W2": ("h1", "out"),
        "A1": ("n", "h1"), "Z2": ("n", "out"), "dZ2": ("n", "out"), "n": ()}
REFERENCE = "np.dot(dZ2, W2.T) * (1 - A1**2)"
CORRECT = "dZ2 @ W2.T * (1 - A1 ** 2)"
WRONG = "dZ2 @ W2 * (1 - A1**2)"  # a missing transpose: the diagnosis has to work for it
BUDGET_MS = 50.0


def instance(rng: np.random.Generator, n: int, n_in: int, h1: int, out: int) -> dict:
    X, Y = rng.standard_normal((n, n_in)), rng.standard_normal((n, out))
    W1, W2 = rng.standard_normal((n_in, h1)), rng.standard_normal((h1, out))
    A1 = np.tanh(X @ W1)
    Z2 = A1 @ W2
    return {"X": X, "Y": Y, "W1": W1, "W2": W2, "A1": A1, "Z2": Z2, "dZ2": (Z2 - Y) / n,
            "n": n, "__sizes__": {"n": n, "in": n_in, "h1": h1, "out": out}}


def median_ms(fn, repeat: int) -> float:
    fn()  # warm caches (and the sandbox worker)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    repeat = parser.parse_args().repeat
    rng = np.random.default_rng(0)
    instances = [instance(rng, *s) for s in SIZES]
    one = {k: v for k, v in instances[0].items() if k != "__sizes__"}

    start = time.perf_counter()
    sandbox.shared().close()
    sandbox.warm_up()
    cold = 1000 * (time.perf_counter() - start)

    def plain():
        for v in instances:
            np.dot(v["dZ2"], v["W2"].T) * (1 - v["A1"] ** 2)

    rows = [
        ("plain NumPy, 3 instances", median_ms(plain, repeat)),
        ("evaluate, in-process, 1 instance",
         median_ms(lambda: evaluate(CORRECT, one, isolated=False), repeat)),
        ("evaluate, sandbox, 1 instance", median_ms(lambda: evaluate(CORRECT, one), repeat)),
        ("check_answer correct, in-process",
         median_ms(lambda: check_answer(CORRECT, REFERENCE, instances, DIMS, isolated=False),
                   repeat)),
        ("check_answer correct, sandbox",
         median_ms(lambda: check_answer(CORRECT, REFERENCE, instances, DIMS), repeat)),
        ("check_answer wrong, in-process",
         median_ms(lambda: check_answer(WRONG, REFERENCE, instances, DIMS, isolated=False),
                   repeat)),
        ("check_answer wrong, sandbox",
         median_ms(lambda: check_answer(WRONG, REFERENCE, instances, DIMS), repeat)),
    ]
    verdict = check_answer(WRONG, REFERENCE, instances, DIMS)
    base = rows[0][1]
    print(f"answer: {CORRECT!r}; reference: {REFERENCE!r}; sizes (n, in, h1, out): {SIZES}")
    print(f"{'':38}{'median ms':>10}{'x NumPy':>10}")
    for name, ms in rows:
        print(f"{name:38}{ms:10.3f}{ms / base:10.0f}")
    print(f"sandbox cold start (once per process): {cold:.0f} ms")
    print(f"the wrong answer's diagnosis: {verdict.diagnosis}")
    check = rows[4][1]
    status = "within" if check < BUDGET_MS else "OVER"
    print(f"median check latency (correct answer, sandbox): {check:.2f} ms, {status} the "
          f"{BUDGET_MS:.0f} ms budget")
    return 0 if check < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
