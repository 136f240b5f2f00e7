"""One learner working one exercise: check an answer, take the next hint, reveal the answer.

Every front end (the exercise screen, `nntutor check`, the server) goes through this object,
so they agree on what counts as solved, what a hint is and when the reference answer may be
shown. Progress is written to the store as it happens; a store that fails is reported, never
fatal (`warning`).

    session = ExerciseSession(lesson, exercise, store)
    verdict = session.check("A1 @ dZ2")      # recorded; `session.feedback(verdict)` to show
    session.take_hint()                       # the next rung of the ladder, or None
    session.reveal()                          # the reference answer, after the learner confirmed
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from nntutor.store import REVEALED, SOLVED, ProgressStore, StoreError
from nntutor.tutor.hints import ladder
from nntutor.tutor.leaks import without_answer
from nntutor.tutor.preview import Preview, preview


@dataclass(frozen=True)
class Feedback:
    """What to show for a checked answer: the checker's line and the lesson's words, with
    anything that would write the answer taken out."""

    message: str
    note: str  # the lesson's text for this known mistake ('' if none)


class ExerciseSession:
    def __init__(self, lesson, exercise, store: ProgressStore | None = None):
        self.lesson = lesson
        self.exercise = exercise
        self.store = store if store is not None else ProgressStore.in_memory()
        self.hints = ladder(exercise)
        self.warning: str | None = None  # the last store failure, one line
        self._instances = None
        self._lock = threading.Lock()
        self.attempts: list = []
        self.hints_shown = 0
        self.revealed = False
        self.outcome: str | None = None  # None, "solved" or "revealed"
        self.load()

    # -- state --------------------------------------------------------------------------
    def load(self) -> None:
        lid, eid = self.lesson.id, self.exercise.id
        try:
            self.attempts = self.store.attempts(lid, eid)
            self.outcome = self.store.outcomes(lid).get(eid)
            self.revealed = self.store.revealed(lid, eid)
            taken = self.store.hints_taken(lid, eid)
        except StoreError as exc:
            self.warning = str(exc)
            taken = 0
        self.hints_shown = min(taken, len(self.hints))

    @property
    def finished(self) -> bool:
        return self.outcome is not None

    @property
    def answer_visible(self) -> bool:
        """The reference answer may be shown: revealed on request, or earned."""
        return self.revealed or self.finished

    @property
    def reference(self) -> str:
        if not self.answer_visible:
            raise PermissionError("the reference answer is shown only after reveal()")
        return self.exercise.answer

    @property
    def more_hints(self) -> bool:
        return self.hints_shown < len(self.hints)

    def shown_hints(self) -> tuple[str, ...]:
        return self.hints[: self.hints_shown]

    # -- what the learner does ----------------------------------------------------------
    def preview(self, text: str) -> Preview:
        return preview(text, self.exercise.dims, self.exercise.result_dims)

    def instances(self):
        """The exercise's test batches (real engine passes), computed once."""
        from nntutor.lessons.runtime import exercise_instances

        with self._lock:
            if self._instances is None:
                self._instances = exercise_instances(self.lesson, self.exercise)
            return self._instances

    def check(self, answer: str):
        """The checker's Verdict for `answer`, recorded in the store (safe from a thread)."""
        from nntutor.lessons.runtime import check_answers

        (verdict,) = check_answers(self.lesson, self.exercise, [answer],
                                   instances=self.instances())
        self._store("record_attempt", answer, verdict.verdict, verdict.diagnosis)
        self.attempts = [*self.attempts, _attempt(answer, verdict)]
        if verdict.is_correct and self.outcome is None:
            self.outcome = REVEALED if self.revealed else SOLVED
        return verdict

    def feedback(self, verdict) -> Feedback:
        ex = self.exercise
        if verdict.is_correct:
            return Feedback(verdict.message, "")
        note = without_answer(verdict.feedback or "", ex.answer, ex.prompt)
        return Feedback(without_answer(verdict.message, ex.answer, ex.prompt), note)

    def take_hint(self) -> str | None:
        """The next rung of the hint ladder (recorded), or None when all are shown."""
        if not self.more_hints:
            return None
        self._store("record_hint")
        self.hints_shown += 1
        return self.hints[self.hints_shown - 1]

    def reveal(self) -> str:
        """Show the reference answer: asked for explicitly (and confirmed) by the learner.
        Solving it afterwards counts as revealed, not solved."""
        if not self.revealed:
            self._store("record_reveal")
            self.revealed = True
        return self.exercise.answer

    def _store(self, method: str, *args) -> None:
        try:
            getattr(self.store, method)(self.lesson.id, self.exercise.id, *args)
        except StoreError as exc:
            self.warning = str(exc)


def _attempt(answer: str, verdict):
    from datetime import datetime, timezone

    from nntutor.store import Attempt

    return Attempt(answer, verdict.verdict, verdict.diagnosis, datetime.now(timezone.utc))


def quantity(exercise) -> str | None:
    """The engine quantity an exercise derives (`dW2`), when its target names one."""
    import ast

    try:
        tree = ast.parse(exercise.target, mode="eval").body
    except SyntaxError:
        return None
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    first = next((n for n in ast.walk(tree) if isinstance(n, ast.Name)), None)
    return first.id if first is not None and len(names - {"X", "np"}) == 1 else None


def exercise_for(lesson, names, finished: set[str]):
    """The exercise that derives one of `names` (a step's results) on the lesson's own
    network, the first unfinished one if several; None if there is none."""
    own = [ex for ex in lesson.exercises
           if getattr(ex, "network", None) is None and quantity(ex) in set(names)]
    if not own:
        return None
    return next((ex for ex in own if ex.id not in finished), own[0])


def check_offline(lesson, exercise, answers: list[str]) -> list[tuple[object, Feedback]]:
    """(Verdict, Feedback) for each answer on the same test batches, recorded nowhere
    (`nntutor check`, a teacher's batch)."""
    session = ExerciseSession(lesson, exercise, ProgressStore.in_memory())
    from nntutor.lessons.runtime import check_answers

    verdicts = check_answers(lesson, exercise, answers, instances=session.instances())
    return [(v, session.feedback(v)) for v in verdicts]
