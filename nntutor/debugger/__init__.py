"""Running the learner's own NumPy script step by step: plain events, no UI imports.

    script.py      load and check the script; run it as __main__ with its argv
    tracer.py      the bdb.Bdb subclass: which frames, which lines, loops summarised
    stops.py       stopping: Paused, commands from the UI, walking back through history
    controller.py  the UI's handle: commands in (any thread), events out (debugger thread)
    session.py     one run: exit status as in plain Python, uncaught errors reported
    events.py      the events (dataclasses) the printer and the screen both consume
    arrays.py      a frame's arrays and what each step created or changed
    history.py     recorded steps within a memory budget
    namespace.py   reading a frame without side effects: the resolver the shape walker
                   (nntutor.shapes.walker) reads a line's names, attributes and items through
    explain.py     a shape error: smallest failing sub-expression, operands, clash
    fixes.py       ranked, checked fixes (with the checker's, when it is installed)
    rewrite.py     the learner's line with one part replaced
    stretch.py     the silent broadcast warning
    loops.py, source.py, streams.py, plain.py (`nntutor debug --plain`)
"""

# Imported on first use, so that `nntutor debug --plain` does not load the UI's controller.
_WHERE = {
    "BreakpointError": "controller", "Controller": "controller", "run_plain": "plain",
    "ScriptError": "script", "Session": "session", "Options": "tracer",
}

__all__ = ["BreakpointError", "Controller", "Options", "ScriptError", "Session", "run_plain"]


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'nntutor.debugger' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"nntutor.debugger.{module}"), name)
