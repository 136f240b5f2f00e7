"""Grading a class's answers: `nntutor grade` against one batch call per exercise in one process.

Run: python benchmarks/bench_grade.py [--rows 5000] [--students 200] [--sample 300]

A class file is generated (seeded) from the built-in lessons: every student answers
exercises with the reference answer, a known wrong answer or a made-up mistake, typed with or
without spaces, as a class does. Measured, wall clock, in the same run:
- `grade_rows` on the whole file: a pool of sandboxed workers, one per core, each distinct
  (lesson, exercise, answer) checked once (includes starting the pool);
- the same rows with every answer made distinct (nothing to share: the worst case);
- the reference: the tutor's batch call (`check_answers`, one call per exercise, every row
  checked, one process) on the first --sample rows, as `nntutor check --answers` grades.
The target is >= 100 answers per second on 2 cores for 5,000 rows.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nntutor.grade.pool import default_jobs, grade_rows  # noqa: E402
from nntutor.grade.rows import read_rows  # noqa: E402
from nntutor.lessons.loader import load_lessons  # noqa: E402

TARGET = 100.0  # answers per second


def answer_pool(exercise) -> tuple[list[str], list[str], list[str]]:
    """(right, known wrong, made-up wrong) answers, each also typed without spaces."""
    def typed(answers):
        return sorted({a for x in answers for a in (x, x.replace(" ", ""))})

    ref = exercise.answer
    made_up = [f"2 * ({ref})", f"-({ref})", f"({ref}) / n", f"({ref}).T", f"0.5 * ({ref})"]
    return typed([ref]), typed([w for w, _ in exercise.known_wrong]), typed(made_up)


def make_class(rows: int, students: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    lessons, _ = load_lessons()
    exercises = [(lesson.id, ex) for lesson in lessons for ex in lesson.exercises]
    pools = {(lid, ex.id): answer_pool(ex) for lid, ex in exercises}
    out = []
    names = [f"student{k:03d}" for k in range(students)]
    while len(out) < rows:
        for name in names:
            lid, ex = rng.choice(exercises)
            right, known, made_up = pools[(lid, ex.id)]
            roll = rng.random()
            pick = right if roll < 0.45 else (known or made_up) if roll < 0.8 else made_up
            out.append({"student": name, "lesson": lid, "exercise": ex.id,
                        "answer": rng.choice(pick)})
            if len(out) == rows:
                break
    return out


def all_distinct(rows: list[dict]) -> list[dict]:
    """The worst case: every answer typed differently (`+ 0 * k` leaves its value alone)."""
    return [dict(r, answer=f"{r['answer']} + 0 * {k}") for k, r in enumerate(rows)]


def timed_grade(rows: list[dict]) -> tuple[float, list]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "class.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, ["student", "lesson", "exercise", "answer"])
            writer.writeheader()
            writer.writerows(rows)
        start = time.perf_counter()
        results = grade_rows(read_rows(path))
        return time.perf_counter() - start, results


def reference_rate(rows: list[dict]) -> float:
    """Answers per second of one batch call per exercise, in this process."""
    from nntutor.checker import sandbox
    from nntutor.lessons.runtime import check_answers

    lessons = {lesson.id: lesson for lesson in load_lessons()[0]}
    groups = defaultdict(list)
    for r in rows:
        groups[(r["lesson"], r["exercise"])].append(r["answer"])
    sandbox.warm_up()
    start = time.perf_counter()
    for (lid, eid), answers in groups.items():
        lesson = lessons[lid]
        check_answers(lesson, lesson.exercise(eid), answers)
    return len(rows) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--sample", type=int, default=300,
                        help="rows the one-process reference grades (it is slow)")
    args = parser.parse_args()
    rows = make_class(args.rows, args.students)
    distinct = len({(r["lesson"], r["exercise"], r["answer"]) for r in rows})
    ours, results = timed_grade(rows)
    assert len(results) == len(rows)
    rate = len(rows) / ours
    print(f"class file: {len(rows)} rows, {args.students} students, {distinct} distinct "
          f"(lesson, exercise, answer); {sum(r.is_correct for r in results)} right, "
          f"{sum(r.verdict == 'error' for r in results)} could not be graded")
    print(f"nntutor grade, {default_jobs()} workers: {ours:.1f} s, {rate:.0f} answers/s "
          f"({distinct / ours:.0f} distinct checks/s)")
    worst, worst_results = timed_grade(all_distinct(rows))
    assert [r.verdict for r in worst_results] == [r.verdict for r in results]
    print(f"the same rows with every answer distinct: {worst:.1f} s, "
          f"{len(rows) / worst:.0f} answers/s")
    ref = reference_rate(rows[:args.sample])
    print(f"reference, one batch call per exercise, one process ({args.sample} rows): "
          f"{ref:.0f} answers/s")
    print(f"ratio {rate / ref:.1f}x; target >= {TARGET:.0f} answers/s: "
          f"{'met' if rate >= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
