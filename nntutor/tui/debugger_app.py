"""`nntutor debug SCRIPT [ARGS...]`: the step debugger's Textual app (a thin App, one screen).

`run` is what the CLI calls; `make_debugger_app` is shared by it and the tests. The screen
owns the debugger (nntutor.tui.screens.debugger); the app only knows the theme and the exit
status, which is the script's own (0 when the learner quits before the end).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App
from textual.binding import Binding

from nntutor.tui.app import DEFAULT_THEME, THEMES


class DebuggerApp(App[int]):
    TITLE = "nntutor debug"
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "Light/dark", show=False)]

    def __init__(self, script: str, args: Sequence[str] = (), *, theme: str | None = None,
                 memory_budget: int | None = None) -> None:
        super().__init__()
        self.script = script
        self.script_args = list(args)
        self.memory_budget = memory_budget
        self.theme = theme or DEFAULT_THEME

        self._debugger = None

    def get_default_screen(self):
        from nntutor.tui.screens.debugger import DebuggerScreen

        self._debugger = DebuggerScreen(self.script, self.script_args,
                                        memory_budget=self.memory_budget)
        return self._debugger

    @property
    def debugger(self):
        """The debugger screen (the app's only screen besides dialogs)."""
        return self._debugger

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    async def action_quit(self) -> None:
        """ctrl+q too ends the script first, so its exit status is known."""
        if self._debugger is None:
            self.exit(0)
        else:
            self._debugger.action_quit_debugger()

    @property
    def exit_status(self) -> int:
        """The script's exit status once it is over (0 if it never ran to an end)."""
        if isinstance(self.return_value, int):
            return self.return_value
        status = self._debugger.controller.exit_status if self._debugger else None
        return status if status is not None else 0


def make_debugger_app(script: str, args: Sequence[str] = (), *, theme: str | None = None,
                      memory_budget: int | None = None) -> DebuggerApp:
    """The debugger app for `script` run with `args` (its sys.argv[1:]).

    Raises nntutor.debugger.ScriptError (one line) if the script cannot be run at all.
    `theme`: a Textual theme name such as textual-light; `memory_budget`: bytes of array
    copies kept for stepping backward (default: the debugger's own, 64 MB).
    """
    from nntutor.debugger.script import load

    load(script)  # a missing or unreadable script is reported before the screen opens
    return DebuggerApp(script, args, theme=theme, memory_budget=memory_budget)


def run(script: str, args: Sequence[str] = ()) -> int:
    """Open the debugger on `script`; returns the script's exit status."""
    app = make_debugger_app(script, args)
    app.run()
    return app.exit_status
