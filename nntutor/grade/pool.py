"""Grading a class's rows: each distinct (lesson, exercise, answer) once, on every core.

The answers are checked exactly as the tutor checks them (`lessons.runtime.check_answers` on
the same `exercise_instances`, in the checker's sandbox worker). A pool of processes, one per
core by default, each with its own sandbox worker, takes the distinct answers in chunks of one
exercise each, so every process builds an exercise's instances once. A row that cannot be
graded (a bad field, an unknown lesson or exercise, a broken exercise) gets an error result of
its own; nothing a row holds stops the run.
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Sequence

from nntutor.grade.rows import Row

CHUNK = 12  # answers per task: small enough to share the work out, big enough to be cheap
ERROR = "error"  # the verdict of a row that could not be graded


@dataclass(frozen=True)
class Result:
    row: Row
    verdict: str  # a checker verdict (correct, wrong, invalid, refused) or "error"
    diagnosis: str | None  # the checker's diagnosis code; None for an error
    message: str

    @property
    def is_correct(self) -> bool:
        return self.verdict == "correct"

    def to_json(self) -> dict:
        r = self.row
        return {"line": r.line, "student": r.student, "lesson": r.lesson,
                "exercise": r.exercise, "answer": r.answer, "verdict": self.verdict,
                "diagnosis": self.diagnosis, "message": self.message}


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# -- in each worker process ---------------------------------------------------------------
_LESSONS: dict = {}
_INSTANCES: dict = {}


def _init(extra_dirs: Sequence[str]) -> None:
    from nntutor.lessons.loader import load_lessons

    lessons, _ = load_lessons(extra_dirs)
    _LESSONS.clear()
    _LESSONS.update({lesson.id: lesson for lesson in lessons})
    _INSTANCES.clear()


def _grade_chunk(lesson_id: str, exercise_id: str, answers: list[str]) -> list[dict]:
    """The checker's verdicts as dicts, or one {"error": ...} per answer for a broken exercise."""
    from nntutor.checker.diagnosis import LessonError
    from nntutor.lessons.runtime import SourceError, check_answers, exercise_instances

    lesson = _LESSONS[lesson_id]
    exercise = lesson.exercise(exercise_id)
    try:
        key = (lesson_id, exercise_id)
        if key not in _INSTANCES:
            _INSTANCES[key] = exercise_instances(lesson, exercise)
        verdicts = check_answers(lesson, exercise, answers, instances=_INSTANCES[key])
    except (LessonError, SourceError) as exc:
        why = {"error": f"exercise {exercise_id!r} of lesson {lesson_id!r} is broken: {exc} "
                        f"(run `nntutor validate` on its file)"}
        return [why] * len(answers)
    return [v.to_json() for v in verdicts]


# -- in the parent ------------------------------------------------------------------------
def _row_problem(row: Row, lessons: dict) -> str | None:
    if row.problem is not None:
        return row.problem
    lesson = lessons.get(row.lesson)
    if lesson is None:
        close = difflib.get_close_matches(row.lesson, list(lessons), n=1, cutoff=0.6)
        fix = f"; did you mean {close[0]!r}?" if close else f" (lessons: {', '.join(lessons)})"
        return f"unknown lesson {row.lesson!r}{fix}"
    ids = [ex.id for ex in lesson.exercises]
    if row.exercise not in ids:
        return f"lesson {row.lesson!r} has no exercise {row.exercise!r} (it has {', '.join(ids)})"
    return None


def grade_rows(rows: Sequence[Row], extra_dirs: Sequence[str] = (), jobs: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[Result]:
    """One Result per row, in the rows' order. `progress(done, total)` counts rows."""
    from nntutor.lessons.loader import load_lessons

    lessons = {lesson.id: lesson for lesson in load_lessons(extra_dirs)[0]}
    results: list[Result | None] = [None] * len(rows)
    waiting: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        problem = _row_problem(row, lessons)
        if problem is not None:
            results[i] = Result(row, ERROR, None, problem)
        else:
            waiting[(row.lesson, row.exercise, row.answer)].append(i)
    done = len(rows) - sum(len(v) for v in waiting.values())
    if progress:
        progress(done, len(rows))

    chunks: list[tuple[str, str, list[str]]] = []
    by_exercise: dict[tuple[str, str], list[str]] = defaultdict(list)
    for lesson_id, exercise_id, answer in waiting:
        by_exercise[(lesson_id, exercise_id)].append(answer)
    for (lesson_id, exercise_id), answers in by_exercise.items():
        for k in range(0, len(answers), CHUNK):
            chunks.append((lesson_id, exercise_id, answers[k:k + CHUNK]))

    def settle(chunk, outcomes: list[dict]) -> None:
        nonlocal done
        lesson_id, exercise_id, answers = chunk
        for answer, out in zip(answers, outcomes):
            for i in waiting[(lesson_id, exercise_id, answer)]:
                if "error" in out:
                    results[i] = Result(rows[i], ERROR, None, out["error"])
                else:
                    results[i] = Result(rows[i], out["verdict"], out["diagnosis"],
                                        out["message"])
                done += 1
        if progress:
            progress(done, len(rows))

    jobs = min(jobs or default_jobs(), max(1, len(chunks)))
    dirs = [str(d) for d in extra_dirs]
    if jobs <= 1:
        _init(dirs)
        for chunk in chunks:
            settle(chunk, _safe(lambda: _grade_chunk(*chunk), len(chunk[2])))
    else:
        _run_pool(chunks, jobs, dirs, settle)
    return [r for r in results if r is not None]


def _safe(call: Callable[[], list[dict]], count: int) -> list[dict]:
    try:
        return call()
    except Exception as exc:  # an internal error: those rows say so, the others go on
        return _failed(exc, count)


def _failed(exc: Exception, count: int) -> list[dict]:
    return [{"error": f"could not be graded ({type(exc).__name__}: {exc})"}] * count


def _run_pool(chunks, jobs: int, dirs: list[str], settle) -> None:
    import multiprocessing
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    # spawn: a fresh interpreter, never a fork of a parent that may hold threads
    context = multiprocessing.get_context("spawn")
    again = []  # chunks whose worker process died: graded here instead
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init,
                             initargs=(dirs,)) as pool:
        futures = {pool.submit(_grade_chunk, *chunk): chunk for chunk in chunks}
        try:
            for future in as_completed(futures):
                chunk = futures[future]
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    again.append(chunk)
                    continue
                except Exception as exc:
                    outcomes = _failed(exc, len(chunk[2]))
                settle(chunk, outcomes)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    if again:
        _init(dirs)
        for chunk in again:
            settle(chunk, _safe(lambda: _grade_chunk(*chunk), len(chunk[2])))
