"""Python's traceback of the learner's exception, the same on every supported Python.

`traceback.format_exception` draws its caret line differently from one version to the next
(3.11 underlines a failing call with `^`, 3.12 and later mark the callee with `~`; 3.13
underlines whole multi-line statements), so the same error would look different on screen
depending on the learner's Python. This module draws it one way: each entry's first source
line, and under it `^` across the failing expression when that expression is on one line and
is not the whole line. Frames the caller does not want (the debugger's own) are left out, and
a line repeated more than three times is collapsed as Python does.
"""

from __future__ import annotations

import linecache
import traceback
from collections.abc import Callable

_REPEAT_SHOWN = 3  # Python shows a repeated entry three times, then counts the rest
_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def format_exception(exc: BaseException, tb=None,
                     keep: Callable[[str], bool] = lambda filename: True) -> str:
    """The traceback text of `exc` (from `tb`, default its own), chained exceptions first."""
    parts: list[str] = []
    _chain(exc, tb if tb is not None else exc.__traceback__, keep, parts, {id(exc)})
    return "".join(parts)


def _chain(exc, tb, keep, parts: list[str], seen: set) -> None:
    cause, context = exc.__cause__, exc.__context__
    if cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        _chain(cause, cause.__traceback__, keep, parts, seen)
        parts.append(_CAUSE)
    elif context is not None and not exc.__suppress_context__ and id(context) not in seen:
        seen.add(id(context))
        _chain(context, context.__traceback__, keep, parts, seen)
        parts.append(_CONTEXT)
    kept = [t for t in _walk(tb) if keep(t.tb_frame.f_code.co_filename)]
    if isinstance(exc, RecursionError) and kept and _not_started(kept[-1]):
        kept.pop()  # the frame a tracer was starting: python raises before it exists
    entries = [_entry(t) for t in kept]
    if entries:
        parts.append("Traceback (most recent call last):\n")
        parts.extend(_collapsed(entries))
    parts.extend(traceback.format_exception_only(type(exc), exc))


def _not_started(tb) -> bool:
    code = tb.tb_frame.f_code
    return code.co_name != "<module>" and tb.tb_lineno == code.co_firstlineno


def _walk(tb):
    while tb is not None:
        yield tb
        tb = tb.tb_next


def _entry(tb) -> tuple[tuple[str, int, str], str]:
    code = tb.tb_frame.f_code
    lineno = tb.tb_lineno
    key = (code.co_filename, lineno, code.co_name)
    text = f'  File "{code.co_filename}", line {lineno}, in {code.co_name}\n'
    line = linecache.getline(code.co_filename, lineno, tb.tb_frame.f_globals).rstrip()
    if line.strip():
        stripped = line.lstrip()
        text += f"    {stripped}\n"
        carets = _carets(line, len(line) - len(stripped), _position(tb))
        if carets:
            text += f"    {carets}\n"
    return key, text


def _position(tb) -> tuple | None:
    """(lineno, end_lineno, col, end_col) of the instruction that raised, or None."""
    try:
        positions = list(tb.tb_frame.f_code.co_positions())
        return positions[tb.tb_lasti // 2]
    except (AttributeError, IndexError, ValueError):
        return None


def frame_column(frame) -> int | None:
    """The column where a finished frame stopped (its failing instruction), or None."""
    try:
        return list(frame.f_code.co_positions())[frame.f_lasti // 2][2]
    except (AttributeError, IndexError, ValueError, TypeError):
        return None


def _carets(line: str, indent: int, position) -> str:
    if position is None or None in position:
        return ""
    start_line, end_line, start, end = position
    if start_line != end_line:
        return ""
    encoded = line.encode("utf-8")  # columns are UTF-8 byte offsets
    start = len(encoded[:start].decode("utf-8", "replace"))
    end = len(encoded[:end].decode("utf-8", "replace"))
    if start < indent or end <= start or (start == indent and end >= len(line)):
        return ""
    return " " * (start - indent) + "^" * (end - start)


def _collapsed(entries) -> list[str]:
    out: list[str] = []
    last, count = None, 0
    for key, text in entries:
        if key == last:
            count += 1
        else:
            if count > _REPEAT_SHOWN:
                out.append(_repeated(count - _REPEAT_SHOWN))
            last, count = key, 1
        if count <= _REPEAT_SHOWN:
            out.append(text)
    if count > _REPEAT_SHOWN:
        out.append(_repeated(count - _REPEAT_SHOWN))
    return out


def _repeated(times: int) -> str:
    return f"  [Previous line repeated {times} more time{'s' if times > 1 else ''}]\n"
