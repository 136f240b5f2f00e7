"""The debugger screen: the learner's script, one line (and one operation) at a time.

    ┌ net.py · line 27 · step 14 · stopped: breakpoint ───────────────────┐
    │ ● 26   H = sigmoid(np.dot(X, W1) + b1)          (SourceView)         │
    │   27 ▶ Y_hat = sigmoid(np.dot(X, W2) + b2)                           │
    │ Variables │ Operations │ Output │ Error                              │
    │ ● W1  (2, 3)  float64  changed ...                                   │
    └ keys (KeyBar) ───────────────────────────────────────────────────────┘

The screen owns the `Controller`: its `run()` goes in a thread worker, the debugger's events
come back through `EventPipe` (coalesced: a script printing 10,000 lines posts a handful of
messages), and every key only puts a command on the controller's queue. Keys that cannot act
in the current state (stepping while the script runs, pausing while it is stopped) leave
the key bar. Below 120 columns the panels sit under the source, as tabs.
"""

from __future__ import annotations

import os
import time

import numpy as np
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static, TabbedContent, TabPane

from nntutor import files
from nntutor.debugger.controller import BreakpointError, Controller
from nntutor.debugger.events import (
    ExceptionRaised, Finished, LineExecuted, Notice, Output, Paused,
)
from nntutor.tui.widgets.debug_array import ArrayScreen
from nntutor.tui.widgets.debug_bridge import EventPipe, EventsArrived, ScriptDone
from nntutor.tui.widgets.debug_error import ErrorPanel
from nntutor.tui.widgets.debug_operations import OperationsPanel
from nntutor.tui.widgets.debug_output import OutputLog, StdinInput
from nntutor.tui.widgets.debug_source import SourceView
from nntutor.tui.widgets.debug_variables import VariablesList
from nntutor.tui.widgets.key_bar import KeyBar

WIDE = 120  # columns from which the panels sit beside the source
PANELS = ("variables", "operations", "output", "error")
REASONS = {"start": "at the first line", "step": "stepped", "breakpoint": "breakpoint",
           "array": "an array changed", "pause": "paused"}
RUNNING_AFTER = 0.3  # seconds a command runs before the screen says "running"
INTERRUPT_AFTER = 0.5  # seconds ctrl+c waits for a traced line before raising it directly
DRAIN_EVERY = 0.1  # seconds between two takes of the debugger's events (10 per second)
PANEL_FOCUS = {"variables": "#variable-list", "operations": "#operation-list",
               "output": "#output-log", "error": "#error-panel"}
STEP_COMMANDS = {"over": "step_over", "into": "step_into", "out": "step_out",
                 "continue": "continue_", "array": "run_to_array_change"}


def joined_output(events: list) -> list:
    """Runs of Output from one stream as one event: one write to the panel per drain."""
    out: list = []
    for event in events:
        if (type(event) is Output and out and type(out[-1]) is Output
                and out[-1].stream == event.stream):
            out[-1] = Output(event.stream, out[-1].text + event.text)
        else:
            out.append(event)
    return out


class DebuggerScreen(Screen[None]):
    HELP_TITLE = "Debugger keys"
    BINDINGS = [
        Binding("n", "step('over')", "Next",
                tooltip="run the current line; the functions it calls run without stopping"),
        Binding("s", "step('into')", "Into",
                tooltip="run the current line, stopping inside a function of yours it calls"),
        Binding("o", "step('out')", "Out",
                tooltip="run until the current function returns, stop in its caller"),
        Binding("c", "step('continue')", "Cont",
                tooltip="run until a breakpoint, the end of the script or an error"),
        Binding("a", "step('array')", "Array",
                tooltip="run to the next line that creates or changes an array"),
        Binding("left,p", "history(-1)", "Back",
                tooltip="one recorded step back: the line and the arrays as they were then "
                        "(the script itself does not move)"),
        Binding("right,f", "history(1)", "Fwd",
                tooltip="one recorded step forward, up to the live one"),
        Binding("space", "pause", "Pause", tooltip="stop the running script at its next line"),
        Binding("b", "breakpoint", "Break",
                tooltip="breakpoint on the cursor line of the source, or off again "
                        "(a click on the line numbers does the same)"),
        Binding("t", "next_panel", "Panel",
                tooltip="next panel (variables, operations, output, error), with the keys "
                        "in it: up/down move, enter opens an array"),
        Binding("escape", "to_source", "Source", tooltip="back to the source (its cursor line)"),
        Binding("i", "input", "Input", tooltip="type a line for the script's input()"),
        Binding("question_mark", "help", "Help", tooltip="this help"),
        Binding("q", "quit_debugger", "Quit",
                tooltip="stop the script and leave; the exit status is the script's"),
        Binding("ctrl+c", "interrupt", "Interrupt", show=False, priority=True,
                tooltip="KeyboardInterrupt in the script, as in a terminal; q leaves"),
    ]
    OTHER_KEYS = [
        ("Source", [Binding("up,down", "", "", tooltip="move the cursor line (pageup/pagedown: "
                            "ten lines, home/end: first/last)"),
                    Binding("tab", "", "", tooltip="from the source to the panels and back")]),
        ("Variables", [Binding("enter", "", "", tooltip="open the array as a matrix: arrows "
                               "move, enter gives a cell's value, esc closes")]),
        ("Output", [Binding("enter", "", "", tooltip="(in the input line) send the line to "
                            "the script's stdin"),
                    Binding("ctrl+d", "", "", tooltip="end of file on the script's stdin")]),
        ("Anywhere", [Binding("ctrl+t", "", "", tooltip="switch between the dark and light "
                              "theme"),
                      Binding("ctrl+q", "", "", tooltip="quit, as q does")]),
        ("Marks", [Binding("▶", "", "", tooltip="the line about to run"),
                   Binding("◆", "", "", tooltip="a recorded step shown again (→ returns)"),
                   Binding("✗", "", "", tooltip="the line that raised the error"),
                   Binding("■", "", "", tooltip="the last recorded step, after the end"),
                   Binding("● (gutter)", "", "", tooltip="a breakpoint"),
                   Binding("+ / ●", "", "", tooltip="(variables) an array the last step "
                           "created / changed")]),
    ]
    DEFAULT_CSS = """
    DebuggerScreen { layout: vertical; }
    #debug-bar { height: 1; padding: 0 1; background: $panel; color: $text; }
    #debug-body { height: 1fr; layout: vertical; }
    #source { height: 1fr; min-height: 4; }
    #panels { height: 1fr; min-height: 6; }
    #panels > ContentTabs { height: 1; background: $panel; }
    #panels > ContentTabs Underline { display: none; }
    #panels > ContentTabs Tab.-active { background: $accent 40%; color: $text; }
    #panels TabPane { height: 1fr; padding: 0; }
    #panels ContentSwitcher { height: 1fr; }
    #variables-head { height: 1; padding: 0 1; color: $text-muted; background: $surface; }
    #stdin { height: 1; }
    DebuggerScreen.-error #source { height: 6; }
    DebuggerScreen.-error #panels { height: 1fr; }
    /* the key bar keeps its height when keys come and go (running, finished): no jumps */
    DebuggerScreen KeyBar { min-height: 2; }
    DebuggerScreen.-wide KeyBar { min-height: 1; }
    DebuggerScreen.-wide #debug-body { layout: horizontal; }
    DebuggerScreen.-wide #source { height: 1fr; width: 3fr; }
    DebuggerScreen.-wide #panels {
        height: 1fr; width: 2fr; min-width: 50; border-left: vkey $panel-lighten-2;
    }
    """

    def __init__(self, script: str, args=(), *, memory_budget: int | None = None) -> None:
        super().__init__()
        kw = {} if memory_budget is None else {"memory_budget": memory_budget}
        self.pipe = EventPipe(self)
        self.controller = Controller(script, list(args), on_event=self.pipe, **kw)
        self.script = self.controller.script
        self.paused: Paused | None = None
        self.executed: LineExecuted | None = None  # the line that ran just before this stop
        self.running = False  # a command moved the script and it has not stopped yet
        self.shows_running = False  # ... and for long enough to say so (no flicker per step)
        self.finished: Finished | None = None
        self.error: ExceptionRaised | None = None
        self.exit_status: int | None = None
        self.quitting = False
        self.done = False
        self.pauses = 0  # Paused events handled (tests wait on it)
        self.unread_output = 0
        self._last_values: dict[str, np.ndarray] = {}  # arrays at the previous stop
        self._dropped_seen = 0  # output lines the pipe dropped, already counted in the panel
        self.output_log: OutputLog | None = None
        self._last_drain = 0.0
        self._previous_values: dict[str, np.ndarray] = {}

    # -- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="debug-bar")
        with Vertical(id="debug-body"):
            yield SourceView(id="source")
            with TabbedContent(id="panels", initial="variables"):
                with TabPane("Variables", id="variables"):
                    yield Static(id="variables-head")
                    yield VariablesList(id="variable-list")
                with TabPane("Operations", id="operations"):
                    yield OperationsPanel(id="operation-list")
                with TabPane("Output", id="output"):
                    yield OutputLog(id="output-log", empty="(nothing printed yet)")
                    yield StdinInput(placeholder="stdin: type a line for input(), enter sends",
                                     id="stdin", compact=True)
                with TabPane("Error", id="error"):
                    yield ErrorPanel(id="error-panel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.output_log = self.query_one(OutputLog)
        self.source.show_file(self.script.path, self.script.text)
        self.source.focus()
        self._apply_layout()
        self._update_bar()
        self._update_variables()
        self.run_script()

    def on_resize(self) -> None:
        self._apply_layout()

    def _apply_layout(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    @property
    def source(self) -> SourceView:
        return self.query_one(SourceView)

    @property
    def panels(self) -> TabbedContent:
        return self.query_one("#panels", TabbedContent)

    # -- the debugger thread ------------------------------------------------------------
    @work(thread=True, exclusive=True, group="debugger")
    def run_script(self) -> None:
        status = self.controller.run()
        self.post_message(ScriptDone(status))

    @on(EventsArrived)
    def _events(self) -> None:
        # Coalesced: at most one drain per DRAIN_EVERY (the pipe posts again only after a
        # drain), so a flood of output is handled in a few large writes, not thousands.
        wait = self._last_drain + DRAIN_EVERY - time.monotonic()
        if wait > 0:
            self.set_timer(wait, self._drain)
        else:
            self._drain()

    def _drain(self) -> None:
        self._last_drain = time.monotonic()
        events = self.pipe.drain()
        dropped = self.pipe.dropped_lines - self._dropped_seen
        if dropped:  # output the pipe let go of before it reached the panel
            self._dropped_seen += dropped
            self.query_one(OutputLog).skipped(dropped, self.pipe.output_path)
        for event in joined_output(events):
            self.handle(event)

    def handle(self, event) -> None:
        if isinstance(event, Paused):
            self._on_paused(event)
        elif isinstance(event, LineExecuted):
            self.executed = event
        elif isinstance(event, Output):
            self._on_output(event.text, event.stream)
        elif isinstance(event, Notice):
            severity = "warning" if event.kind == "warning" else "information"
            title = "History" if event.kind == "history" else "Debugger"
            self.notify(event.text, title=title, severity=severity, timeout=6)
        elif isinstance(event, ExceptionRaised):
            self._on_exception(event)
        elif isinstance(event, Finished):
            self._on_finished(event)

    def _on_paused(self, event: Paused) -> None:
        if event.live and event.reason != "finished":
            self._previous_values = self._last_values
            self._last_values = {a.name: a.value for a in event.arrays if a.value is not None}
        self.paused = event
        self.pauses += 1
        self.running = self.shows_running = False
        location = event.location
        if os.path.exists(location.file) and location.file != self.source.path:
            try:  # another file of the learner's: read as safely as the script
                self.source.show_file(location.file, files.read_text(
                    location.file, files.SCRIPT_LIMIT, "Python file"))
            except (OSError, UnicodeDecodeError, files.FileRefused):
                pass
        kind = {"exception": "exception", "finished": "finished"}.get(
            event.reason, "live" if event.live else "history")
        self.source.set_current(location.lineno, kind)
        self._update_variables()
        executed = self.executed if event.live else None
        self.query_one(OperationsPanel).show(event, executed)
        if not event.live:
            self.executed = None
        self._update_bar()
        self.refresh_bindings()

    def _on_output(self, text: str, stream: str) -> None:
        output = self.query_one(OutputLog)
        was_open = output.open
        output.write(text, stream)
        if output.dropped and output.full_output is None:
            output.full_output = self.pipe.output_path
        if self.running and output.open and not was_open:
            self.panels.active = "output"  # most likely input()'s prompt: show it
            self._update_bar()
        if self.panels.active != "output":
            self.unread_output += 1
            self.panels.get_tab("output").label = "Output •"

    def _on_exception(self, event: ExceptionRaised) -> None:
        self.error = event
        self.query_one(ErrorPanel).show(event)
        self.panels.get_tab("error").label = "Error ✗"
        if event.explanation is not None:
            self.source.set_error_span(event.explanation.span)
        else:  # Python prints the traceback; so does the output panel
            self._on_output(event.traceback, "stderr")
        self.add_class("-error")
        self.panels.active = "error"

    def _on_finished(self, event: Finished) -> None:
        self.finished = event
        self.exit_status = event.exit_status
        self.running = self.shows_running = False
        self.query_one(StdinInput).display = False  # nobody reads it any more
        if event.how in ("completed", "exit") and not self.quitting:
            self.notify(f"The script finished with exit status {event.exit_status}. "
                        "← steps back through what was recorded; q leaves.",
                        title="Finished", timeout=6)
            if self.query_one(OutputLog).lines:
                self.panels.active = "output"
        self._update_bar()
        self.refresh_bindings()

    @on(ScriptDone)
    def _done(self, message: ScriptDone) -> None:
        self.done = True
        self.exit_status = message.status
        self.running = self.shows_running = False
        if self.quitting:
            self.app.exit(message.status)
            return
        self._update_bar()
        self.refresh_bindings()

    def on_unmount(self) -> None:
        if not self.done:  # never leave the debugger thread waiting for a command
            self.controller.quit()
        # the copy of the whole output stays only when the panel could not show all of it
        self.pipe.close(keep=self.output_log is not None and self.output_log.dropped > 0)

    # -- what the screen says -----------------------------------------------------------
    def _update_bar(self) -> None:
        bar = Content.assemble((self.script.shown, "bold"))
        paused, finished = self.paused, self.finished
        if self.quitting:
            bar += " · quitting…"
        elif finished is not None:
            status = ("$text-error" if finished.exit_status else "$text-success")
            what = "finished" if self.error is None else \
                f"{self.error.exc_type} on line {self.error.location.lineno}" \
                if self.error.location is not None else self.error.exc_type
            bar += Content.assemble(" · ", (f"{what}: exit status {finished.exit_status}",
                                            f"bold {status}"))
            if paused is not None and paused.reason in ("history", "finished"):
                bar += f" · showing step {paused.step}, line {paused.location.lineno}"
        elif self.shows_running:
            bar += Content.assemble(" · ", ("running…", "bold"), " (space pauses)")
            if self.query_one(OutputLog).open:  # a prompt without its newline: input()?
                bar += Content.assemble(" · ", ("waiting for input? i types it", "$text-warning"))
        elif paused is None:
            bar += " · starting…"
        else:
            where = paused.location
            function = "" if where.function == "<module>" else f" in {where.function}()"
            place = f"line {where.lineno}" if where.file == self.script.path \
                else f"{os.path.basename(where.file)}:{where.lineno}"
            bar += f" · {place}{function} · step {paused.step}"
            if paused.live:
                bar += Content.assemble(" · ", (REASONS.get(paused.reason, paused.reason),
                                                "$text-accent"))
            else:
                bar += Content.assemble(" · ", (f"recorded ({paused.oldest_step}–"
                                                f"{paused.newest_step})", "$text-secondary"),
                                        " → to return")
        self.query_one("#debug-bar", Static).update(bar)

    def _update_variables(self) -> None:
        arrays = self.paused.arrays if self.paused is not None else ()
        self.query_one(VariablesList).show(arrays)
        head = self.query_one("#variables-head", Static)
        if self.paused is None:
            head.update("Arrays appear here as the script creates them.")
            return
        paused = self.paused
        scope = paused.location.function
        scope = "the script's top level" if scope == "<module>" else f"{scope}()"
        if not paused.live:
            scope += f" at step {paused.step}"
        changed = sum(1 for a in arrays if a.change)
        if not arrays:
            hint = ": a runs to the line that makes one" if paused.live else ""
            head.update(f"No arrays in {scope}{hint}.")
        else:
            head.update(f"{len(arrays)} array{'s' * (len(arrays) != 1)} in {scope}"
                        f"{f', {changed} touched by the last step' if changed else ''}"
                        " · enter: open as a matrix")

    # -- keys ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters) -> bool | None:
        # what the key bar offers: a short step never shows as running (no flicker)
        stopped = self.paused is not None and not self.shows_running and not self.quitting
        over = self.finished is not None
        if action == "step":
            return stopped and not over
        if action == "history":
            return stopped
        if action == "pause":
            return self.shows_running and not over
        if action in ("breakpoint", "input"):
            return not over
        if action == "to_source":
            return self.focused is not self.source
        return True

    def action_step(self, kind: str) -> None:
        if self.running or not getattr(self.controller, STEP_COMMANDS[kind])():
            return  # a key held down: the next stop takes the next press
        self.running = True
        self.executed = None
        self.set_timer(RUNNING_AFTER, self._still_running)

    def _still_running(self) -> None:
        if self.running and not self.shows_running:
            self.shows_running = True
            self._update_bar()
            self.refresh_bindings()

    def action_history(self, direction: int) -> None:
        if not self.running:
            self.controller.step_back() if direction < 0 else self.controller.step_forward()

    def action_pause(self) -> None:
        self.controller.pause()

    def action_interrupt(self) -> None:
        if self.finished is not None or self.quitting:
            self.notify("The script is not running: q leaves.", title="Interrupt")
            return
        self.running = True  # it moves: to the KeyboardInterrupt and the end
        self.controller.interrupt()
        self.set_timer(INTERRUPT_AFTER, self._force_interrupt)

    def _force_interrupt(self) -> None:
        """No traced line came to stop at (a loop inside a function entered while
        continuing): raise it in the script's thread directly."""
        if self.finished is None and not self.quitting and not self.controller.waiting:
            self.controller.interrupt(force=True)

    def action_breakpoint(self) -> None:
        self.toggle_breakpoint(self.source.cursor_line)

    @on(SourceView.GutterClicked)
    def _gutter(self, event: SourceView.GutterClicked) -> None:
        self.toggle_breakpoint(event.line)

    def toggle_breakpoint(self, line: int) -> None:
        if self.finished is not None:
            self.notify("The script has finished: breakpoints no longer apply.")
            return
        if self.source.path != self.script.path:
            self.notify(f"Breakpoints go in {self.script.shown} only.", severity="warning")
            return
        try:
            placed = self.controller.toggle_breakpoint(line)
        except BreakpointError as exc:
            self.notify(str(exc), title="Breakpoint", severity="warning")
            return
        self.source.set_breakpoints(self.controller.breakpoints)
        if placed is None:
            self.notify(f"Breakpoint on line {line} removed.", title="Breakpoint")
        elif placed != line:
            self.notify(f"No statement starts on line {line}: breakpoint on line {placed}.",
                        title="Breakpoint")
        else:
            self.notify(f"Breakpoint on line {placed}: c runs to it.", title="Breakpoint")

    def action_next_panel(self) -> None:
        current = self.panels.active
        inside = self.focused is not None and self.focused is not self.source \
            and self.focused.id != "stdin"
        if inside or current not in PANELS:  # from the source: into the panel shown first
            current = PANELS[(PANELS.index(current) + 1) % len(PANELS)] \
                if current in PANELS else PANELS[0]
            self.panels.active = current
        self.query_one(PANEL_FOCUS[current]).focus()

    def action_to_source(self) -> None:
        self.source.focus()

    def action_input(self) -> None:
        self.panels.active = "output"
        self.query_one(StdinInput).focus()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "output" and self.unread_output:
            self.unread_output = 0
            self.panels.get_tab("output").label = "Output"

    @on(Input.Submitted, "#stdin")
    def _send_line(self, event: Input.Submitted) -> None:
        line = event.value
        self.controller.send_input(line + "\n")
        self.query_one(OutputLog).write(line + "\n", "input")
        event.input.clear()

    @on(StdinInput.Ended)
    def _end_input(self) -> None:
        self.controller.end_input()
        self.notify("End of input sent to the script.", title="Input")

    @on(VariablesList.Opened)
    def _open_array(self, event: VariablesList.Opened) -> None:
        info = event.info
        where = ""
        if self.paused is not None:
            where = f" · step {self.paused.step}"
        live = self.paused is not None and self.paused.live
        previous = self._previous_values.get(info.name) \
            if live and info.change == "changed" else None
        self.app.push_screen(ArrayScreen(info, previous, where))

    def action_help(self) -> None:
        from nntutor.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self, extra=self.OTHER_KEYS))

    def action_quit_debugger(self) -> None:
        if self.done:
            self.app.exit(self.exit_status if self.exit_status is not None else 0)
            return
        self.quitting = True
        self._update_bar()
        self.refresh_bindings()
        self.controller.quit()
