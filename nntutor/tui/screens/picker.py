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
from textual.screen import Screen

from nntutor.tutor.progress import curriculum_order, lesson_progress
from nntutor.tui.widgets.key_bar import key_text
from nntutor.tui.widgets.lesson_browser import Entry, LessonBrowser


BROKEN = "broken:"
EMPTY = "empty:"


def layer_order(activations) -> str:
    """`tanh/sigmoid` in layer order; a run of one activation is counted: `4×relu/sigmoid`."""
    runs: list[list] = []
    for act in activations:
        if runs and runs[-1][0] == act:
            runs[-1][1] += 1
        else:
            runs.append([act, 1])
    return "/".join(f"{k}×{a}" if k > 1 else a for a, k in runs)


def network_line(lesson) -> str:
    """`2-4-1 tanh/sigmoid on xor, loss bce` for a Lesson or a LessonCard ('' if none):
    activations in layer order, and the data this machine will really load."""
    network = getattr(lesson, "network", None)
    if network is not None:
        sizes, acts, dataset, loss = (network.sizes, network.activations, network.dataset,
                                      network.loss)
    elif getattr(lesson, "walkthrough", None) is not None:
        wt = lesson.walkthrough
        sizes, acts, dataset, loss = (wt.sizes, [l.activation for l in wt.architecture],
                                      wt.dataset, wt.loss)
    else:
        return ""
    from nntutor.engine.datasets import dataset_used

    return f"{sizes} {layer_order(acts)} on {dataset_used(dataset)}, loss {loss}"


class PickerScreen(Screen[None]):
    """Choose a lesson. `lessons` (Lessons or LessonCards) and `errors` are what
    `load_lessons` or `nntutor.tui.lesson_index.load_cards` returned."""

    HELP_TITLE = "Lesson list keys"
    BINDINGS = [
        Binding("enter", "select", "Open lesson", tooltip="open the highlighted lesson"),
        Binding("up", "move(-1)", "Up", show=False, tooltip="the lesson above"),
        Binding("down", "move(1)", "Down", show=False, tooltip="the lesson below"),
        Binding("home", "move(-1000)", "First", show=False, tooltip="the first lesson"),
        Binding("end", "move(1000)", "Last", show=False, tooltip="the last lesson"),
        Binding("pageup", "scroll_details(-10)", "Details up", show=False,
                tooltip="scroll the details up (pagedown: down)"),
        Binding("pagedown", "scroll_details(10)", "Details down", show=False),
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
        self._progress: dict = {}

    @staticmethod
    def header_title() -> Text:
        return Text.assemble(("nntutor", "bold"), "  backpropagation, one operation at a time")

    def compose(self) -> ComposeResult:
        header = self.header_title()
        keys = [(key_text(b.key), b.description, b.action) for b in self.BINDINGS if b.show]
        yield LessonBrowser(header, keys, id="lesson-browser")

    @property
    def browser(self) -> LessonBrowser:
        return self.query_one(LessonBrowser)

    def action_select(self) -> None:
        self.browser.action_select()

    def action_move(self, delta: int) -> None:
        self.browser.action_move(delta)

    def action_scroll_details(self, lines: int) -> None:
        self.browser.action_scroll_details(lines)

    def on_screen_resume(self) -> None:
        # first shown, or back from a lesson whose exercises may now be solved
        self.refresh_list()

    # -- data ---------------------------------------------------------------------------
    def progress(self, lesson):
        """The lesson's LessonProgress (solved / revealed / left), read once per refresh."""
        if lesson.id not in self._progress:
            try:
                found = lesson_progress(lesson, self.store)
            except Exception:  # a store error must not hide the lessons
                found = lesson_progress(lesson, None)
            self._progress[lesson.id] = found
        return self._progress[lesson.id]

    def solved(self, lesson) -> set[str]:
        """Exercises finished, alone or after seeing the answer."""
        return self.progress(lesson).finished

    def next_lesson(self):
        """The first lesson, in prerequisite order, with exercises left."""
        return next((l for l in self.lessons if self.progress(l).left), None)

    def overview(self) -> Text:
        """`Overall 3/35 solved · 1 revealed · 31 left · next: 2. Derivatives of ...`."""
        rows = [self.progress(l) for l in self.lessons]
        s = sum(len(r.solved) for r in rows)
        r_ = sum(len(r.revealed) for r in rows)
        t = sum(r.total for r in rows)
        text = Text.assemble(("Overall ", "bold"), f"{s}/{t} solved")
        if r_:
            text.append(f" · {r_} revealed")
        text.append(f" · {t - s - r_} left")
        nxt = self.next_lesson()
        if nxt is not None:
            text.append(" · next: ", "bold")
            text.append(f"{self.lessons.index(nxt) + 1}. {nxt.title}")
        elif t:
            text.append(" · every exercise done", "green")
        return text

    def refresh_list(self) -> None:
        self._progress = {}  # read the store once per refresh
        entries = []
        nxt = self.next_lesson()
        for number, lesson in enumerate(self.lessons, start=1):
            p = self.progress(lesson)
            label = Text.assemble((f"{number}. {lesson.title}", "bold"))
            if lesson is nxt:
                label.append("  ← next", "bold yellow")
            label.append("\n" + p.label(), "green" if p.complete else "dim")
            entries.append(Entry(lesson.id, label, self.details(lesson.id)))
        for path, errs in self.errors_by_file.items():
            label = Text.assemble((path.rsplit("/", 1)[-1], "bold"))
            label.append(f"\n⚠ broken: {len(errs)} problem{'s' if len(errs) > 1 else ''}",
                         "red")
            entries.append(Entry(BROKEN + path, label, self.details(BROKEN + path)))
        header = self.header_title()
        if self.lessons:
            header.append("\n")
            header.append_text(self.overview())
        self.browser.header = header
        if not entries:
            entries.append(Entry(EMPTY, Text("No lessons found"), Text(
                "No lesson files were found. Add a folder of lesson files with "
                "--lessons-dir DIR or the NNTUTOR_LESSONS variable.")))
        self.browser.set_entries(entries)

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
        network = network_line(lesson)
        if network:
            text.append("\nNetwork  ", "bold")
            text.append(network + "\n")
        p = self.progress(lesson)
        if lesson.exercises:
            text.append(f"\nExercises  {p.label()}\n", "bold")
            for ex in lesson.exercises:
                mark = "✓" if ex.id in p.solved else ("◐" if ex.id in p.revealed else "·")
                how = "  (answer shown)" if ex.id in p.revealed else ""
                text.append(f"  {mark} {ex.derive}  ({ex.id}){how}\n")
        text.append("\nenter: open the lesson", "dim")
        return text

    @on(LessonBrowser.Selected)
    def _selected(self, event: LessonBrowser.Selected) -> None:
        self.open(event.entry_id)

    def open(self, option_id: str) -> None:
        if option_id == EMPTY:
            return
        if option_id.startswith(BROKEN):
            errs = self.errors_by_file[option_id[len(BROKEN):]]
            more = f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""
            self.notify(f"{errs[0]}{more}", title="This lesson file cannot be opened",
                        severity="error")
            return
        entry = self.lesson(option_id)
        if hasattr(entry, "load"):  # a card from the lesson index: read the file itself now
            from nntutor.lessons.model import LessonFileError

            try:
                entry = entry.load()
            except LessonFileError as exc:
                self.notify(str(exc.errors[0]), title="This lesson file cannot be opened",
                            severity="error")
                return
        self.app.open_lesson(entry)

    def action_help(self) -> None:
        from nntutor.tui.screens.help import HelpScreen

        more = [Binding("ctrl+t", "", "", tooltip="switch between the dark and light theme")]
        self.app.push_screen(HelpScreen.for_screen(self, extra=[("More", more)]))
