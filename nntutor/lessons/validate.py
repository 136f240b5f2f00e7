"""`nntutor validate`: everything the loader checks, plus what can only be computed.

Computed for real: every exercise is run on several engine passes with random, all-different
sizes; its variables must have the shapes they declare, its reference answer must equal the
engine's value for its target (shape and numbers), and no known wrong answer may be right.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from nntutor.lessons.loader import (
    duplicate_error,
    same_lesson_file,
    lesson_files,
    load_lesson_file,
    load_lessons,
)
from nntutor.lessons.model import Exercise, Lesson, LessonError, LessonFileError

INSTANCES = 3


def expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[LessonError]]:
    """Files as given, folders as their *.toml files; a missing path is an error."""
    files, errors = [], []
    for p in map(Path, paths):
        if p.is_dir():
            found = lesson_files(p)
            if not found:
                errors.append(LessonError(p, 1, 1, "no *.toml lesson files in this folder"))
            files += found
        elif p.exists():
            files.append(p)
        else:
            errors.append(LessonError(p, 1, 1, "no such file or folder"))
    return files, errors


def validate_paths(paths: Iterable[str | Path],
                   extra_dirs: Sequence[str | Path] = ()) -> list[LessonError]:
    """Every problem in the given lesson files (and folders), computed checks included."""
    files, errors = expand(paths)
    lessons: list[Lesson] = []
    for path in files:
        try:
            lessons.append(load_lesson_file(path))
        except LessonFileError as exc:
            errors += exc.errors
    errors += cross_checks(lessons, extra_dirs)
    for lesson in lessons:
        errors += computed_checks(lesson)
    return sorted(set(errors), key=lambda e: (str(e.path), e.line, e.col, e.message))


def cross_checks(lessons: list[Lesson], extra_dirs: Sequence[str | Path] = ()) -> list[LessonError]:
    """Duplicate lesson ids and prerequisites that name no lesson."""
    errors = []
    others, _ = load_lessons(extra_dirs)  # the lessons a learner would have beside these
    first: dict[str, Lesson] = {}
    for lesson in lessons:
        if lesson.id in first and not same_lesson_file(first[lesson.id], lesson):
            errors.append(duplicate_error(lesson, first[lesson.id]))
        first.setdefault(lesson.id, lesson)
    for other in others:
        mine = first.get(other.id)
        if mine is not None and not same_lesson_file(mine, other):
            errors.append(duplicate_error(mine, other))
    errors += _cycles(lessons, {o.id: o for o in others})
    known = set(first) | {o.id for o in others}
    for lesson in lessons:
        for i, pre in enumerate(lesson.prerequisites):
            line, col = lesson.positions.find(("prerequisites", i))
            if pre == lesson.id:
                errors.append(LessonError(lesson.path, line, col,
                                          f"lesson {lesson.id!r} lists itself as a prerequisite"))
            elif pre not in known:
                import difflib

                close = difflib.get_close_matches(pre, sorted(known), n=1, cutoff=0.5)
                fix = f"; did you mean {close[0]!r}?" if close else (
                    f" (known lessons: {', '.join(sorted(known))})")
                errors.append(LessonError(lesson.path, line, col,
                                          f"prerequisite {pre!r} is not a lesson{fix}"))
    return errors


def _cycles(lessons: list[Lesson], others: dict[str, Lesson]) -> list[LessonError]:
    """A lesson that is (through other lessons) its own prerequisite."""
    graph = {**{o.id: o.prerequisites for o in others.values()},
             **{l.id: l.prerequisites for l in lessons}}
    errors = []
    for lesson in lessons:
        stack = [(p, (lesson.id, p)) for p in lesson.prerequisites if p != lesson.id]
        seen = set()
        while stack:
            current, route = stack.pop()
            if current == lesson.id:
                line, col = lesson.positions.find(("prerequisites", lesson.prerequisites.index(
                    route[1])))
                errors.append(LessonError(lesson.path, line, col,
                                          "prerequisites form a cycle: " + " → ".join(route)
                                          + "; remove one of them"))
                break
            if current in seen:
                continue
            seen.add(current)
            stack += [(p, route + (p,)) for p in graph.get(current, ())]
    return errors


def computed_checks(lesson: Lesson) -> list[LessonError]:
    """Run the walkthrough and every exercise on the engine."""
    errors: list[LessonError] = []
    if lesson.walkthrough is not None:
        errors += _check_walkthrough(lesson)
    if lesson.graph is not None:
        errors += check_graph(lesson)
        if errors:  # its exercises run on the same lines: one report is enough
            return errors
    for ex in lesson.exercises:
        errors += check_exercise(lesson, ex)
    return errors


def _error(lesson: Lesson, where: tuple, message: str) -> LessonError:
    # a Lesson built in code (not from a file) has no positions: its first line, then
    line, col = lesson.positions.find(where) if lesson.positions is not None else (1, 1)
    return LessonError(lesson.path, line, col, message)


def _check_walkthrough(lesson: Lesson) -> list[LessonError]:
    from nntutor.lessons.runtime import trace_lesson

    try:
        tape = trace_lesson(lesson)
    except Exception as exc:  # a dataset that will not load, a shape the data does not fit
        return [_error(lesson, ("walkthrough", "dataset"),
                       f"the walkthrough does not run: {exc}")]
    if not np.isfinite(tape.loss):
        return [_error(lesson, ("walkthrough",), "the walkthrough's first pass gives a "
                       "non-finite loss; check the dataset, loss and initialisation")]
    return []


_VERIFIED: dict[tuple, list[LessonError]] = {}


def exercise_problems(lesson: Lesson, ex: Exercise) -> list[LessonError]:
    """The validator's errors for one exercise, computed once per lesson text: what the tutor
    and `nntutor check` ask before grading, so a broken exercise never marks a learner."""
    text = getattr(lesson.positions, "text", None)
    key = (str(lesson.path), hash(text), id(lesson) if text is None else 0, ex.id)
    if key not in _VERIFIED:
        if len(_VERIFIED) > 256:
            _VERIFIED.clear()
        _VERIFIED[key] = check_exercise(lesson, ex)
    return _VERIFIED[key]


def check_graph(lesson: Lesson) -> list[LessonError]:
    """A graph walkthrough: its data, its lines (at their own line and column in the file),
    the budget, and one real pass with a finite loss."""
    from nntutor.engine.budget import BudgetError
    from nntutor.engine.graph import GraphError
    from nntutor.lessons import graph_run

    graph = lesson.graph
    if graph.csv_path is not None and not graph.csv_path.exists():
        return [_error(lesson, ("walkthrough", "data"), f"data file {graph.csv_path} does not "
                       "exist; put the CSV file beside the lesson file")]
    try:
        data = None if graph.data == "random" else graph_run.load_data(graph)
    except LessonFileError as exc:  # the CSV file, at its own line and column
        return exc.errors
    except (ValueError, OSError) as exc:
        return [_error(lesson, ("walkthrough", "data"), f"the data does not load: {exc}")]
    sizes = data.sizes if data is not None else graph_run.declared_sizes(graph)
    used = {d for _, dims in graph.inputs for d in dims} | {d for p in graph.params
                                                            for d in p.dims}
    missing = sorted(d for d in used if d not in sizes and d != "1" and not d.isdigit())
    if missing:
        given = "the data gives " + ", ".join(sorted(sizes)) if data is not None else (
            "random data needs every size, n included")
        return [_error(lesson, ("walkthrough", "sizes"), f"no size for {', '.join(missing)} "
                       f"({given}); add it under [walkthrough.sizes], e.g. {missing[0]} = 8")]
    try:
        graph_run.check_budget(graph, epochs=graph.epochs, data=data)
    except GraphError as exc:
        if exc.line < 1:
            return [_error(lesson, ("walkthrough", "params"), exc.message)]
        line, col = graph.file_position(exc.line, exc.col)
        return [LessonError(lesson.path, line, col, exc.message)]
    except BudgetError as exc:
        if exc.key == "epochs":
            return [_error(lesson, ("walkthrough", "epochs"), f"too much training to run: {exc}")]
        return [_error(lesson, ("walkthrough", "sizes"), f"too large to run: {exc}")]
    try:
        tape = graph_run.trace(graph)
    except Exception as exc:  # noqa: BLE001 - shown to the teacher, one line
        return [_error(lesson, ("walkthrough", "forward"),
                       f"the walkthrough does not run: {type(exc).__name__}: {exc}")]
    if tape.loss is None or not np.isfinite(tape.loss):
        return [_error(lesson, ("walkthrough", "forward"), "the first pass gives a non-finite "
                       "loss; check the data, the lines and the initialisation")]
    return []


def _index(lesson: Lesson, ex: Exercise) -> int:
    return lesson.exercises.index(ex) if ex in lesson.exercises else 0


def check_exercise(lesson: Lesson, ex: Exercise) -> list[LessonError]:
    from nntutor.lessons.runtime import SourceError, exercise_instances

    i = _index(lesson, ex)
    where = ("exercise", i)
    try:
        instances = exercise_instances(lesson, ex, count=INSTANCES, seed=i)
    except SourceError as exc:
        key = ("variables", exc.variable, "source") if exc.variable else ("target",)
        if exc.variable and lesson.positions is not None and \
                lesson.positions.exact(where + key) is None:
            key = ("variables", exc.variable)
        return [_error(lesson, where + key, str(exc))]
    errors = []
    first = instances[0]
    sizes = first["__sizes__"]
    for var in ex.variables:
        got = np.shape(first[var.name])
        want = tuple(sizes[d] for d in var.dims)
        if got != want:
            errors.append(_error(
                lesson, where + ("variables", var.name),
                f"variable {var.name} is declared {_dims(var.dims)} but its source "
                f"{var.source!r} gives shape {got}{_named(got, sizes)}; fix its dims or source"))
    target_shape = np.shape(first["__target__"])
    want = tuple(sizes[d] for d in ex.result_dims)
    if target_shape != want:
        errors.append(_error(
            lesson, where + ("target",),
            f"target {ex.target!r} has shape {target_shape}{_named(target_shape, sizes)}, not "
            f"{_dims(ex.result_dims)} as declared; fix result_dims or the target"))
    if errors:
        return errors
    problem = _compare(ex.answer, instances, ex)
    if problem:
        errors.append(_error(lesson, where + ("answer",),
                             f'reference answer {ex.answer!r} of exercise "{ex.id}" {problem}; '
                             "fix the answer or the target"))
    for j, wrong in enumerate(ex.wrong):
        kind, detail = _classify(wrong.answer, instances, ex)
        wwhere = where + ("wrong", j, "answer")
        if kind == "correct":
            errors.append(_error(lesson, wwhere, f"known wrong answer {wrong.answer!r} is in fact "
                                 f"correct (it equals {ex.target} on every test); remove it or "
                                 "change it to the mistake you meant"))
        elif kind == "unreadable":
            errors.append(_error(lesson, wwhere, f"known wrong answer {wrong.answer!r} cannot be "
                                 f"read: {detail}"))
    return errors


def _dims(dims: Sequence[str]) -> str:
    from nntutor.engine.step import format_dims

    return format_dims(tuple(dims)) if dims else "a scalar"


def _named(shape: tuple[int, ...], sizes: dict[str, int]) -> str:
    """` = (out, n)` when every size of the shape belongs to exactly one named dim."""
    by_size = {}
    for name, size in sizes.items():
        by_size.setdefault(size, []).append(name)
    names = []
    for s in shape:
        found = [n for n in by_size.get(s, []) if n != "1"] or by_size.get(s, [])
        if len(found) != 1:
            return ""
        names.append(found[0])
    return f" = {_dims(names)}" if names else ""


def _evaluate(answer: str, instance: dict[str, Any], ex: Exercise):
    from nntutor.lessons.runtime import compute

    env = {v.name: instance[v.name] for v in ex.variables}
    return np.asarray(compute(answer, env), dtype=np.float64)


def _close(got: np.ndarray, want: np.ndarray) -> bool:
    """Equal as the checker grades learners (one tolerance for both): a reference answer
    validate accepts is one the checker accepts, and a known wrong answer is wrong to both."""
    from nntutor.engine.tolerance import close  # the rule the checker re-exports

    return close(got, want)


def _compare(answer: str, instances: list[dict], ex: Exercise) -> str | None:
    """None when `answer` equals the target on every instance, else what is wrong."""
    from nntutor.checker.errors import ExpressionError

    for inst in instances:
        sizes = inst["__sizes__"]
        try:
            got = _evaluate(answer, inst, ex)
        except ExpressionError as exc:
            return f"cannot be computed: {exc}"
        want = np.asarray(inst["__target__"], dtype=np.float64)
        if got.shape != want.shape:
            return (f"has shape {got.shape}{_named(got.shape, sizes)} but the engine's "
                    f"{ex.target} has shape {want.shape}{_named(want.shape, sizes)}")
        if not _close(got, want):
            worst = np.unravel_index(np.argmax(np.abs(got - want)), want.shape) if want.ndim else ()
            return (f"has the right shape but differs from the engine's {ex.target}: "
                    f"at {tuple(int(k) for k in worst)} it gives {got[worst]:.6g}, the engine "
                    f"{want[worst]:.6g}")
    return None


def _classify(answer: str, instances: list[dict], ex: Exercise) -> tuple[str, str]:
    """("correct" | "wrong" | "unreadable", detail) for a known wrong answer."""
    from nntutor.checker.errors import ExpressionError, ShapeMismatch

    for inst in instances:
        try:
            got = _evaluate(answer, inst, ex)
        except ShapeMismatch as exc:  # a shape that does not line up is a real mistake
            return "wrong", str(exc)
        except ExpressionError as exc:
            return "unreadable", str(exc)
        want = np.asarray(inst["__target__"], dtype=np.float64)
        if got.shape != want.shape or not _close(got, want):
            return "wrong", ""
    return "correct", ""
