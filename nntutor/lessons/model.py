"""What a lesson is once loaded: plain frozen dataclasses, no behaviour beyond lookups.

A lesson file (TOML, see lessons/README.md) becomes one `Lesson`. Everything a front end
shows comes from here; everything it computes comes from `runtime.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nntutor.engine.network import Layer


@dataclass(frozen=True)
class LessonError:
    """One problem in a lesson file, pointing at the line and column to fix."""

    path: Path
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class LessonFileError(Exception):
    """A lesson file that cannot be used; `errors` lists every problem found in it."""

    def __init__(self, errors: list[LessonError]):
        self.errors = list(errors)
        super().__init__(str(self.errors[0]) if self.errors else "invalid lesson file")


@dataclass(frozen=True)
class Section:
    """A titled piece of prose; `body` is Markdown."""

    title: str
    body: str


@dataclass(frozen=True)
class Variable:
    """A quantity the learner may use in an answer.

    `source` says how to get it from an engine pass: a tape quantity name (`dZ2`) or a small
    expression over tape quantities (`dZ2.T` for samples in columns).
    """

    name: str
    dims: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class WrongAnswer:
    """A mistake learners really make, with feedback written for that mistake."""

    answer: str
    feedback: str


@dataclass(frozen=True)
class Exercise:
    """Derive `derive` (math, e.g. ∂L/∂W1) as a NumPy expression equal to the engine's `target`."""

    id: str
    prompt: str
    derive: str
    target: str
    variables: tuple[Variable, ...]
    answer: str
    hints: tuple[str, ...]
    wrong: tuple[WrongAnswer, ...]
    result_dims: tuple[str, ...]
    line: int
    # Shown once the exercise is solved (or the answer revealed): why the answer is what it is.
    explanation: str = ""
    # An exercise may bring its own small network (e.g. one relu layer) instead of the
    # lesson's walkthrough; only its architecture, loss and dims are used.
    network: "Walkthrough | None" = None

    @property
    def dims(self) -> dict[str, tuple[str, ...]]:
        """{variable name: named dims}, the shape environment the checker needs.

        The batch size `n` is always available as a scalar, so a learner who divides by it
        is told "mean instead of sum", not "unknown name"."""
        return {"n": (), **{v.name: v.dims for v in self.variables}}

    @property
    def known_wrong(self) -> tuple[tuple[str, str], ...]:
        """((wrong answer, feedback), ...), as `nntutor.checker.diagnosis.check_answer` takes."""
        return tuple((w.answer, w.feedback) for w in self.wrong)


@dataclass(frozen=True)
class Walkthrough:
    """The network a lesson steps through and trains, with its seed's configuration.

    `dims` names the widths (`in`, `h1`, ..., `out`); the batch dimension is always `n`.
    `trace_rows` is how many data rows the step view runs (a small batch you can read).
    """

    architecture: tuple[Layer, ...]
    dataset: str
    init: str
    seed: int
    loss: str
    batch_size: int | None
    lr: float
    epochs: int
    dims: tuple[str, ...]
    trace_rows: int
    standardize: bool | None
    test_fraction: float | None
    # the data rows the step view runs, when evenly spread rows would mislead (a symmetric
    # batch whose bias gradients cancel to 0); None: `trace_rows` rows spread over the data
    trace_select: tuple[int, ...] | None = None

    @property
    def sizes(self) -> str:
        """`2-4-1`, the way the seeds name a network."""
        widths = [self.architecture[0].input_dim] + [l.output_dim for l in self.architecture]
        return "-".join(str(w) for w in widths)


@dataclass(frozen=True)
class Param:
    """A parameter of a graph walkthrough: its named dims and how it starts."""

    name: str
    dims: tuple[str, ...]
    init: str


@dataclass(frozen=True)
class GraphWalkthrough:
    """A walkthrough written as NumPy-style forward lines over named arrays.

    `data` is a built-in dataset name, "random", or a CSV file beside the lesson (`csv_path`
    resolved) whose `targets` columns are Y. `inputs` are the data arrays (X, Y) with their
    named dims, `params` the trained arrays, `sizes` the named sizes the data does not give.
    `first_line`/`first_col`: where the forward text starts in the lesson file, so an error in
    forward line k is reported at its own place in the file.
    """

    forward: tuple[str, ...]
    first_line: int
    first_col: int
    inputs: tuple[tuple[str, tuple[str, ...]], ...]
    params: tuple[Param, ...]
    sizes: tuple[tuple[str, int], ...]
    data: str
    csv_path: Path | None
    targets: tuple[str, ...]
    loss: str
    lr: float
    epochs: int
    seed: int
    trace_rows: int
    standardize: bool | None
    test_fraction: float | None

    @property
    def dims(self) -> tuple[str, ...]:
        """Every named dim, in order of first use (inputs, then params); not n or 1."""
        seen: list[str] = []
        for _, dims in self.inputs + tuple((p.name, p.dims) for p in self.params):
            seen += [d for d in dims if d not in seen and d not in ("n", "1")]
        return tuple(seen)

    @property
    def batch_size(self) -> None:
        """Graph walkthroughs train full-batch."""
        return None

    @property
    def line_names(self) -> tuple[str, ...]:
        """The names the forward lines assign, in order."""
        return tuple(line.split("=", 1)[0].strip() for line in self.forward
                     if "=" in line and not line.lstrip().startswith("#"))

    def file_position(self, line: int, col: int) -> tuple[int, int]:
        """(line, col) in the lesson file of (line, col) within the forward text (1-based)."""
        return self.first_line + line - 1, col + (self.first_col - 1 if line == 1 else 0)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    prerequisites: tuple[str, ...]
    sections: tuple[Section, ...]
    walkthrough: Walkthrough | None
    exercises: tuple[Exercise, ...]
    path: Path
    # a walkthrough written as forward lines (then `walkthrough` is None)
    graph: GraphWalkthrough | None = None
    # where each exercise / the walkthrough sits in the file, for error messages
    positions: object = field(default=None, repr=False, compare=False)

    def exercise(self, exercise_id: str) -> Exercise:
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        known = ", ".join(ex.id for ex in self.exercises) or "none"
        raise KeyError(
            f"lesson {self.id!r} has no exercise {exercise_id!r} (its exercises: {known})"
        )
