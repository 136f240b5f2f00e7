"""Evaluating a learner's typed NumPy expression, safely.

    evaluate("X.T @ d", {"X": X, "d": d})  ->  ndarray

Never eval/exec/compile of user text: `syntax.parse` checks the text and an allow-listed
syntax tree, and `interpreter.Interpreter` walks it, reaching only the functions, methods
and attributes listed in `catalog`. Lesson arrays go in as read-only views.

Where it runs (the design choice, measured on the 2-core development machine):

1. Every operation is priced BEFORE it runs: its shape rule (shared with `infer_shape`)
   gives the result's element count and work from the operands' shapes, and both are
   checked against `Limits` (10^7 elements and 2*10^8 multiply-adds per operation; 10^9
   multiply-adds and 5*10^7 elements allocated per expression); integers, exponents, text
   length, node count and depth are bounded too. So no single NumPy call can be huge, and
   an evaluation's time and memory are bounded before it starts.
2. Evaluation then runs in a sandbox worker process (sandbox.py, worker.py): a fresh
   `python -I -B` started with fork+exec by subprocess (safe from a threaded caller such as
   the Textual app, unlike a bare fork), which sets RLIMIT_AS (memory), RLIMIT_CPU,
   RLIMIT_FSIZE=0 (no file writes) and RLIMIT_CORE=0 on itself, while the parent enforces a
   wall-clock deadline and kills it (by its own pid) when it is late. The worker is started
   once and reused: a request costs about 1-2 ms more than in-process (a pipe round trip
   and the arrays' bytes), and a whole `check_answer` about 4 ms against 1.5 ms in-process
   (benchmarks/bench_checker.py). Forking per request would cost about 3 ms even here,
   more with a big application heap, and is unsafe with threads. The cold start is about
   0.3 s; `sandbox.warm_up()` pays it ahead of time. Arrays cross the pipe as raw numeric
   bytes with a JSON header, never pickles.
3. `isolated=False` evaluates in-process with the pre-checks of (1) and a cooperative
   deadline checked between operations; it is what the worker itself runs, and the
   fallback (with a warning) where no subprocess can be started.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from nntutor.checker import protocol, sandbox
from nntutor.checker.env import array_env
from nntutor.checker.errors import (
    ExpressionError,
    ExpressionRefused,
    InvalidArgument,
    ShapeMismatch,
)
from nntutor.checker.interpreter import Interpreter
from nntutor.checker.limits import DEFAULT_LIMITS, Limits
from nntutor.checker.syntax import Parsed, parse
from nntutor.checker.values import Shaped, describe


def evaluate(expr: str, variables: Mapping[str, np.ndarray | float | int], *,
             limits: Limits = DEFAULT_LIMITS, isolated: bool = True) -> np.ndarray | float:
    """The value of `expr` over `variables`; an ExpressionError for anything else.

    Arrays come back as ndarrays (possibly read-only), scalars as Python numbers.
    Raises ValueError/TypeError only for bad `variables` (the caller's mistake).
    """
    env = array_env(variables)
    if isolated:
        try:
            return _evaluate_isolated(expr, env, limits)
        except sandbox.SandboxUnavailable as exc:
            sandbox.warn_unavailable(exc)
    return evaluate_local(expr, env, limits)


def _evaluate_isolated(expr: str, env: Mapping[str, Any], limits: Limits):
    if not isinstance(expr, str):
        parse(expr, limits)  # raises the usual one-line error
    arrays: list[np.ndarray] = []
    header = {"op": "evaluate", "expr": expr, "limits": limits.to_dict(),
              "variables": {k: protocol.pack(v, arrays) for k, v in env.items()}}
    reply, blobs = sandbox.shared().request(header, arrays, limits.seconds)
    value = protocol.unpack(reply["value"], blobs)
    return _finish(np.array(value) if isinstance(value, np.ndarray) else value)


def evaluate_local(expr: str, variables: Mapping[str, Any], limits: Limits = DEFAULT_LIMITS,
                   *, deadline: float | None = None) -> np.ndarray | float:
    """In-process evaluation: the pre-checked limits and a cooperative deadline only."""
    parsed = parse(expr, limits)
    return run_parsed(parsed, array_env(variables), limits, deadline)


def run_parsed(parsed: Parsed, env: Mapping[str, Any], limits: Limits,
               deadline: float | None = None) -> np.ndarray | float:
    if deadline is None:
        deadline = time.monotonic() + limits.seconds
    try:
        value = Interpreter(parsed, env, limits=limits, deadline=deadline).run()
    except ShapeMismatch as exc:
        exc.fixes = _concrete_fixes(parsed, exc, env, limits)
        raise
    except ExpressionError:
        raise
    except (RecursionError, MemoryError):
        raise ExpressionRefused("refused: the expression needs more resources than an "
                                "exercise may use") from None
    except Exception as exc:  # noqa: BLE001  (a bug of ours must not escape as anything else)
        raise ExpressionError(f"internal error: {type(exc).__name__}: {exc}; please report "
                              "this expression") from None
    if not isinstance(value, (np.ndarray, np.generic, bool, int, float)):
        shown = f" {value!r}" if isinstance(value, tuple) and len(value) < 8 else ""
        raise InvalidArgument(f"`{parsed.text.strip()[:60]}` gives {describe(value)}{shown}, "
                              "not an array or a number")
    return _finish(value)


def _finish(value: Any) -> np.ndarray | float:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    return value


def _concrete_fixes(parsed: Parsed, exc: ShapeMismatch, env: Mapping[str, Any], limits):
    from nntutor.checker.shapes import suggest_fixes

    shapes = {k: Shaped(v.shape, v.dtype == np.bool_) if isinstance(v, np.ndarray) else v
              for k, v in env.items()}
    try:
        return suggest_fixes(parsed, exc, shapes, None, None, limits)
    except ExpressionError:
        return []
