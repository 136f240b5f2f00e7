"""Measure the exercise checker on the held-out answer corpus (answers.txt).

    python tests/checker/corpus/measure.py [-v]

Prints: equivalent forms judged correct (%), wrong forms judged correct (count), and
diagnosis agreement (%) over the wrong forms; `-v` lists every disagreement. Forms marked
`=?` (spellings still being added to the checker) are counted apart.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).with_name("answers.txt")


@dataclass(frozen=True)
class Item:
    lesson: str
    exercise: str
    answer: str
    expect: str  # "=", "=?" or a diagnosis code
    line: int


def read_corpus(path: Path = CORPUS) -> list[Item]:
    items, where = [], None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            where = tuple(line.strip("[]").split())
            continue
        expect, answer = line.split(" ", 1)
        items.append(Item(where[0], where[1], answer.strip(), expect, number))
    return items


@dataclass
class Figures:
    equivalent: int = 0
    equivalent_right: int = 0
    pending: int = 0
    pending_right: int = 0
    wrong: int = 0
    wrong_passed: int = 0
    agreed: int = 0
    misses: list = None

    def lines(self) -> list[str]:
        def pct(a, b):
            return f"{100 * a / b:.1f}% ({a}/{b})" if b else "n/a"

        return [
            f"answers: {self.equivalent + self.pending + self.wrong}",
            f"equivalent judged correct: {pct(self.equivalent_right, self.equivalent)}",
            f"equivalent needing new spellings (=?) judged correct: "
            f"{pct(self.pending_right, self.pending)}",
            f"wrong judged correct: {self.wrong_passed} of {self.wrong}",
            f"diagnosis agreement: {pct(self.agreed, self.wrong)}",
        ]


def measure(items: list[Item]) -> Figures:
    from nntutor.lessons.loader import load_lessons
    from nntutor.lessons.runtime import check_answers, exercise_instances

    lessons = {l.id: l for l in load_lessons(())[0]}
    fig = Figures(misses=[])
    groups: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        groups.setdefault((item.lesson, item.exercise), []).append(item)
    for (lid, eid), group in groups.items():
        lesson = lessons[lid]
        exercise = lesson.exercise(eid)
        instances = exercise_instances(lesson, exercise)
        verdicts = check_answers(lesson, exercise, [i.answer for i in group],
                                 instances=instances)
        for item, v in zip(group, verdicts):
            got = "=" if v.is_correct else v.diagnosis
            if item.expect == "=":
                fig.equivalent += 1
                fig.equivalent_right += v.is_correct
            elif item.expect == "=?":
                fig.pending += 1
                fig.pending_right += v.is_correct
                continue
            else:
                fig.wrong += 1
                fig.wrong_passed += v.is_correct
                fig.agreed += got == item.expect
            if got != item.expect:
                fig.misses.append((item, got, v.message))
    return fig


def main(argv: list[str]) -> int:
    fig = measure(read_corpus())
    for line in fig.lines():
        print(line)
    if "-v" in argv:
        for item, got, message in fig.misses:
            print(f"  line {item.line}: {item.lesson} {item.exercise}: {item.answer!r}: "
                  f"expected {item.expect}, got {got}: {message}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    raise SystemExit(main(sys.argv[1:]))
