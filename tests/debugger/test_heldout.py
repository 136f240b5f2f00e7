"""The held-out batches (tests/debugger/heldout/, written by people who never ran nntutor on
them), judged through the printed `debug --plain` output as a new user would use it.

The whole set takes many minutes (most scripts import scikit-learn): the full report is
`python -m tests.debugger.heldout.judge`. Here, the copies whose correct script needs NumPy
only are judged, and fix #1 must be right in 85% of them, with no fix that assigns to `.T`.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.debugger.heldout.judge import BATCHES, HERE, assigns_to_unassignable, judge


def _numpy_only_cases() -> list[tuple[str, str, dict]]:
    found = []
    for batch in BATCHES:
        folder = os.path.join(HERE, batch)
        cases = json.load(open(os.path.join(folder, "cases.json")))
        for case, info in sorted(cases.items()):
            with open(os.path.join(folder, info["correct"])) as f:
                if "sklearn" not in f.read():
                    found.append((folder, case, info))
    return found


@pytest.mark.slow
def test_fix_one_is_right_on_the_held_out_numpy_only_copies():
    cases = _numpy_only_cases()
    assert len(cases) >= 40
    results = {case: judge(folder, case, info) for folder, case, info in cases}
    wrong = {case: what for case, (ok, _, what) in results.items() if not ok}
    offered = [line for _, lines, _ in results.values() for line in lines]
    assert not [line for line in offered if assigns_to_unassignable(line)]
    assert len(cases) - len(wrong) >= 0.85 * len(cases), wrong
