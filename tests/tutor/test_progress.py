"""Progress across lessons: per lesson solved / revealed / left, the next lesson in order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from nntutor.lessons.loader import load_lessons
from nntutor.store import ProgressStore
from nntutor.tutor.progress import course_progress, curriculum_order

ROOT = Path(__file__).resolve().parents[2]


def test_progress_counts_and_the_next_lesson(tmp_path):
    lessons, _ = load_lessons(())
    ordered = curriculum_order(lessons)
    first = ordered[0]
    with ProgressStore.open(tmp_path) as store:
        for ex in first.exercises[:-1]:
            store.record_attempt(first.id, ex.id, "x", "correct", "correct")
        last = first.exercises[-1]
        store.record_reveal(first.id, last.id)
        store.record_attempt(first.id, last.id, "x", "correct", "correct")
        progress = course_progress(lessons, store)
    row = progress.lessons[0]
    assert row.id == first.id and row.left == 0 and row.revealed == (last.id,)
    assert row.label() == f"{len(first.exercises) - 1}/{len(first.exercises)} solved · 1 revealed"
    assert progress.next_lesson == ordered[1].id  # the first lesson with exercises left
    s, r, left, total = progress.totals()
    assert (s, r, s + r + left) == (len(first.exercises) - 1, 1, total)
    assert "next: " + ordered[1].title in progress.summary()


def test_the_progress_command_prints_the_same_as_json(tmp_path):
    env = {"NNTUTOR_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt("chain-rule", "dyhat", "x", "correct", "correct")
    out = subprocess.run([sys.executable, "-m", "nntutor", "progress", "--json"], cwd=ROOT,
                         env=env, capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    chain = next(l for l in data["lessons"] if l["id"] == "chain-rule")
    assert chain["solved"] == ["dyhat"] and chain["left"] == chain["exercises"] - 1
    assert data["next_lesson"] == "chain-rule" and data["totals"]["solved"] == 1
    text = subprocess.run([sys.executable, "-m", "nntutor", "progress"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True).stdout
    assert "→ 1. The chain rule" in text and "1/6 solved · 5 left" in text
    assert text.strip().splitlines()[-1].startswith("Overall: 1/")
