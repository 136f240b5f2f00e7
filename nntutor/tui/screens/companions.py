"""Opening the exercise and training screens (the exercise/training side of the TUI) from the
lesson screen.

`x` opens the exercise that derives what the step on screen computes (its target quantity,
`dW2` for the step that makes dW2), else the first exercise not yet solved (the exercise
screen steps through the others); `h` does the same and takes its next hint at once. Imports happen when a key is pressed, so
opening a lesson never pays for them.
"""

from __future__ import annotations


def first_unsolved(lesson, solved: set[str]):
    """The first exercise not in `solved` (the first one when all are solved)."""
    return next((ex for ex in lesson.exercises if ex.id not in solved), lesson.exercises[0])


async def open_exercise(screen, hint: bool = False) -> None:
    """Push the exercise screen for `screen.lesson`; with `hint`, take the next hint."""
    lesson = screen.lesson
    if not lesson.exercises:
        screen.notify("This lesson has no exercises.")
        return
    try:
        from nntutor.tui.screens.exercise import ExerciseScreen
    except ImportError as exc:  # a partial install: say so, keep the lesson open
        screen.notify(f"Exercises are not available in this build ({exc}).", severity="error")
        return
    exercise = None
    tape = getattr(screen, "tape", None)
    if tape is not None:
        from nntutor.tutor.exercise_session import exercise_for

        step = tape[screen.index]
        exercise = exercise_for(lesson, [o.name for o in step.outputs], screen.solved())
    if exercise is None:
        exercise = first_unsolved(lesson, screen.solved())
    pushed = ExerciseScreen(lesson, exercise, screen.store)
    await screen.app.push_screen(pushed, lambda _: screen.refresh_progress())
    if hint:
        pushed.panel.action_hint()


def open_training(screen) -> None:
    """t: the training screen for the lesson's network."""
    if screen.lesson.walkthrough is None and getattr(screen.lesson, "graph", None) is None:
        screen.notify("This lesson has no network to train.")
        return
    try:
        from nntutor.tui.screens.training import TrainingScreen
    except ImportError as exc:
        screen.notify(f"Training is not available in this build ({exc}).", severity="error")
        return
    screen.app.push_screen(TrainingScreen(screen.lesson))
