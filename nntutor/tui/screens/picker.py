"""The lesson picker: every lesson with its progress, and every broken lesson file with its error.

Left: the list (a ✓ when every exercise is solved, else `solved/total`). Right: the highlighted
lesson's summary, prerequisites (marked done or not), network and exercises; for a broken
file, each problem as FILE:LINE:COL: message. Enter opens the lesson.

Nothing here imports the engine's runtime or scikit-learn: a lesson's network is built only
when its screen opens.
"""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from nntutor.tui.widgets.key_bar import KeyBar


BROKEN = "broken:"


def progress_label(solved: int, total: int) -> str:
    """`✓ 3/3 exercises solved`, `1/3 exercises solved`, or `no exercises`."""
    if total == 0:
        return "no exercises"
    if solved >= total:
        return f"✓ {total}/{total} exercises solved"
    return f"{solved}/{total} exercises solved"


def curriculum_order(lessons: list) -> list:
    """Every lesson after its prerequisites, otherwise in the order found (file names)."""
    by_id = {l.id: l for l in lessons}
    placed: list = []
    done: set[str] = set()

    def place(lesson, path: tuple[str, ...] = ()) -> None:
        if lesson.id in done or lesson.id in path:  # a cycle is the validator's business
            return
        for pre in lesson.prerequisites:
            if pre in by_id:
                place(by_id[pre], path + (lesson.id,))
        if lesson.id not in done:
            done.add(lesson.id)
            placed.append(lesson)

    for lesson in lessons:
        place(lesson)
    return placed


class LessonList(OptionList):
    """The list of lessons; enter opens the highlighted one."""

    BINDINGS = [Binding("enter", "select", "Open lesson")]


class PickerScreen(Screen[None]):
    """Choose a lesson. `lessons` and `errors` are what `load_lessons` returned."""

    HELP_TITLE = "Lesson list keys"
    BINDINGS = [
        Binding("enter", "open", "Open lesson", tooltip="open the highlighted lesson"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, lessons, errors, store=None) -> None:
        super().__init__()
        self.lessons = curriculum_order(list(lessons))
        self.errors_by_file: dict[str, list] = defaultdict(list)
        for error in sorted(errors, key=lambda e: (str(e.path), e.line, e.col)):
            self.errors_by_file[str(error.path)].append(error)
        self.store = store

    def compose(self) -> ComposeResult:
        yield Static(
            Text.assemble(("nntutor", "bold"), "  backpropagation, one operation at a time"),
            id="picker-title",
        )
        with Horizontal(id="picker-body"):
            yield LessonList(id="lesson-list")
            with VerticalScroll(id="lesson-details", can_focus=False):
                yield Static(id="details")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()  # progress may have changed in the lesson

    # -- data ---------------------------------------------------------------------------
    def solved(self, lesson) -> set[str]:
        if self.store is None:
            return set()
        try:
            return self.store.solved(lesson.id) & {ex.id for ex in lesson.exercises}
        except Exception:  # a store error must not hide the lessons
            return set()

    def refresh_list(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for number, lesson in enumerate(self.lessons, start=1):
            done = len(self.solved(lesson))
            label = Text.assemble((f"{number}. {lesson.title}", "bold"))
            total = len(lesson.exercises)
            label.append("\n" + progress_label(done, total),
                         "green" if total and done >= total else "dim")
            options.add_option(Option(label, id=lesson.id))
        for path, errs in self.errors_by_file.items():
            label = Text.assemble((path.rsplit("/", 1)[-1], "bold"))
            label.append(f"\n⚠ broken: {len(errs)} problem{'s' if len(errs) > 1 else ''}",
                         "red")
            options.add_option(Option(label, id=BROKEN + path))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)
        else:
            self.query_one("#details", Static).update(
                "No lessons found. Add a folder of lesson files with --lessons-dir DIR "
                "or NNTUTOR_LESSONS.")

    def lesson(self, lesson_id: str):
        return next(l for l in self.lessons if l.id == lesson_id)

    def details(self, option_id: str) -> Text:
        """The right-hand panel for one entry of the list."""
        if option_id.startswith(BROKEN):
            path = option_id[len(BROKEN):]
            text = Text.assemble(("This lesson file could not be loaded\n", "bold red"),
                                 (path + "\n\n", "dim"))
            for err in self.errors_by_file[path]:
                text.append(f"{err.line}:{err.col}: ", "bold")
                text.append(err.message + "\n")
            text.append("\nFix the file, then restart nntutor (or run `nntutor validate "
                        f"{path}`).", "dim")
            return text
        lesson = self.lesson(option_id)
        text = Text.assemble((lesson.title + "\n", "bold"), (f"{lesson.id}\n\n", "dim"),
                             lesson.summary + "\n")
        if lesson.prerequisites:
            text.append("\nPrerequisites\n", "bold")
            ids = {l.id: l for l in self.lessons}
            for pre in lesson.prerequisites:
                other = ids.get(pre)
                if other is None:
                    text.append(f"  ? {pre} (not installed)\n", "dim")
                    continue
                done = len(self.solved(other)) >= len(other.exercises)
                text.append(f"  {'✓' if done else '·'} {other.title}\n")
        wt = lesson.walkthrough
        if wt is not None:
            acts = "/".join(sorted({l.activation for l in wt.architecture}))
            text.append("\nNetwork  ", "bold")
            text.append(f"{wt.sizes} {acts} on {wt.dataset}, loss {wt.loss}\n")
        solved = self.solved(lesson)
        if lesson.exercises:
            text.append(f"\nExercises  {len(solved)}/{len(lesson.exercises)} solved\n", "bold")
            for ex in lesson.exercises:
                mark = "✓" if ex.id in solved else "·"
                text.append(f"  {mark} {ex.derive}  ({ex.id})\n")
        text.append("\nenter: open the lesson", "dim")
        return text

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#details", Static).update(self.details(event.option.id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.open(event.option.id)

    def action_open(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None:
            self.open(option.id)

    def open(self, option_id: str) -> None:
        if option_id.startswith(BROKEN):
            errs = self.errors_by_file[option_id[len(BROKEN):]]
            more = f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""
            self.notify(f"{errs[0]}{more}", title="This lesson file cannot be opened",
                        severity="error")
            return
        self.app.open_lesson(self.lesson(option_id))

    def action_help(self) -> None:
        from nntutor.tui.screens.help import HelpScreen

        moves = [Binding("up,down", "", "", tooltip="move through the lessons"),
                 Binding("enter", "", "", tooltip="open the highlighted lesson"),
                 Binding("ctrl+t", "", "", tooltip="switch between the dark and light theme")]
        self.app.push_screen(HelpScreen.for_screen(self, extra=[("In the list", moves)]))
