"""Python 3.11 (`sys.settrace`): importing a library runs without the tracer.

Under `sys.settrace` every function call calls back into Python, even in code the tracer
ignores; `import sklearn` alone then takes half as long again. While the learner's script
runs, `__import__` of a top-level module that is not loaded yet and is not one of the
learner's files switches the tracer off for the duration of that import (the importing
frame keeps its own trace function, so its next line is traced as before). Python 3.12+
does not need this: `sys.monitoring` stops reporting library code after its first call.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib.util
import sys


@contextlib.contextmanager
def untraced_imports(is_learner_file, trace):
    """While active, imports of new non-learner top-level modules run with tracing off."""
    original = builtins.__import__
    known: dict[str, bool] = {}

    def foreign(top: str) -> bool:
        answer = known.get(top)
        if answer is None:
            try:
                spec = importlib.util.find_spec(top)
            except (ImportError, ValueError):
                spec = None
            origin = getattr(spec, "origin", None) or ""
            folders = list(getattr(spec, "submodule_search_locations", None) or ())
            answer = spec is not None and not any(
                is_learner_file(path) for path in [origin, *folders] if path)
            known[top] = answer
        return answer

    def importing(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name and sys.gettrace() == trace:
            top = name.partition(".")[0]
            if (top not in sys.modules or name not in sys.modules) and foreign(top):
                sys.settrace(None)
                try:
                    return original(name, globals, locals, fromlist, level)
                finally:
                    sys.settrace(trace)
        return original(name, globals, locals, fromlist, level)

    builtins.__import__ = importing
    try:
        yield
    finally:
        builtins.__import__ = original
