"""What a teacher reads: per student, solved / attempted; per exercise, how many got it right
and the three most common mistakes, each with an example answer."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from nntutor.grade.pool import ERROR, Result

TOP = 3


@dataclass
class StudentSummary:
    student: str
    solved: set = field(default_factory=set)  # {(lesson, exercise)}
    attempted: set = field(default_factory=set)
    errors: int = 0  # rows that could not be graded

    def to_json(self) -> dict:
        return {"student": self.student, "solved": len(self.solved),
                "attempted": len(self.attempted), "errors": self.errors}


@dataclass(frozen=True)
class Mistake:
    diagnosis: str
    count: int  # answers (rows) with this diagnosis
    example: str  # the most common answer with it

    def to_json(self) -> dict:
        return {"diagnosis": self.diagnosis, "count": self.count, "example": self.example}


@dataclass(frozen=True)
class ExerciseSummary:
    lesson: str
    exercise: str
    students: int  # who answered it
    right: int  # who got it right at least once
    answers: int
    correct_answers: int
    mistakes: tuple[Mistake, ...]

    def to_json(self) -> dict:
        return {"lesson": self.lesson, "exercise": self.exercise, "students": self.students,
                "right": self.right, "answers": self.answers,
                "correct_answers": self.correct_answers,
                "mistakes": [m.to_json() for m in self.mistakes]}


def by_student(results: Sequence[Result]) -> list[StudentSummary]:
    out: dict[str, StudentSummary] = {}
    for r in results:
        s = out.setdefault(r.row.student, StudentSummary(r.row.student))
        if r.verdict == ERROR:
            s.errors += 1
            continue
        key = (r.row.lesson, r.row.exercise)
        s.attempted.add(key)
        if r.is_correct:
            s.solved.add(key)
    return [out[k] for k in sorted(out)]


def by_exercise(results: Sequence[Result], top: int = TOP) -> list[ExerciseSummary]:
    graded: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in results:
        if r.verdict != ERROR:
            graded[(r.row.lesson, r.row.exercise)].append(r)
    out = []
    for (lesson, exercise), rs in sorted(graded.items()):
        wrong: dict[str, Counter] = defaultdict(Counter)
        for r in rs:
            if not r.is_correct:
                wrong[r.diagnosis or r.verdict][r.row.answer] += 1
        ranked = sorted(wrong.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:top]
        mistakes = tuple(Mistake(d, sum(c.values()), c.most_common(1)[0][0]) for d, c in ranked)
        out.append(ExerciseSummary(
            lesson, exercise, students=len({r.row.student for r in rs}),
            right=len({r.row.student for r in rs if r.is_correct}), answers=len(rs),
            correct_answers=sum(r.is_correct for r in rs), mistakes=mistakes))
    return out
