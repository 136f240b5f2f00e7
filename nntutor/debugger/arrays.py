"""Which arrays a frame holds, and which of them the last step created or changed.

Arrays are found by name (`W1`), inside a dict or list (`params['W1']`, `caches[0]`) and as
attributes of the learner's own objects (`self.W1`, `net.W1`), two containers deep
(`self.params['W1']`, `layers[0].W`, `caches[0][1]`). A change is
seen by identity (the name now holds another array) or by content (the same array was
updated in place, `w -= lr * dw`), against a read-only copy taken when it was last seen.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from nntutor.debugger.events import ArrayInfo

# Arrays larger than this are not copied: their in-place changes go unnoticed (said in the docs).
COPY_LIMIT_ELEMENTS = 4_000_000
_MAX_ITEMS = 64
# what a frame holds most (numbers, text, modules, functions, classes): never looked inside
_HOLD_NO_ARRAYS = frozenset({
    int, float, complex, bool, str, bytes, type(None), type, types.ModuleType,
    types.FunctionType, types.BuiltinFunctionType, types.MethodType,
})


def collect(namespace: Mapping,
            is_learner_object: Callable[[object], bool]) -> dict[str, np.ndarray]:
    """Every array reachable from the frame's names, with the name a learner would type."""
    found: dict[str, np.ndarray] = {}
    for name, value in list(namespace.items()):
        if name[:2] == "__":
            continue
        _reach(found, name, value, is_learner_object, 2)
    return found


def _reach(found: dict, name: str, value, is_learner_object, depth: int) -> None:
    """`value`'s arrays as `name`, `name['W1']`, `name[0]`, `name.W1`, going `depth`
    containers deep (`self.params['W1']`, `layers[0].W`)."""
    kind = type(value)
    if kind is np.ndarray or isinstance(value, np.ndarray):
        found[name] = value
        return
    if depth == 0 or kind in _HOLD_NO_ARRAYS:
        return
    if kind is dict:
        if len(value) <= _MAX_ITEMS:
            for key, item in list(value.items()):
                if isinstance(key, (str, int)) and not isinstance(key, bool):
                    _reach(found, f"{name}[{key!r}]", item, is_learner_object, depth - 1)
    elif kind is list or kind is tuple:
        if len(value) <= _MAX_ITEMS:
            for i, item in enumerate(value):
                _reach(found, f"{name}[{i}]", item, is_learner_object, depth - 1)
    elif is_learner_object(value):
        try:
            attrs = object.__getattribute__(value, "__dict__")
        except AttributeError:
            return
        if type(attrs) is not dict:
            return
        for attr, item in list(attrs.items()):
            _reach(found, f"{name}.{attr}", item, is_learner_object, depth - 1)


_PLAIN_KINDS = frozenset("biufc")  # numbers whose bytes are their whole content


def _frozen_copy(array: np.ndarray) -> np.ndarray | None:
    if array.size > COPY_LIMIT_ELEMENTS:
        return None
    copy = np.array(array, copy=True)
    copy.setflags(write=False)
    return copy


def _same_content(array: np.ndarray, copy: np.ndarray) -> bool:
    if array.shape != copy.shape or array.dtype != copy.dtype:
        return False
    if array.dtype.kind in _PLAIN_KINDS and array.tobytes() == copy.tobytes():
        return True  # the same bytes: the same numbers (the common case, checked at C speed)
    try:
        return bool(np.array_equal(array, copy, equal_nan=array.dtype.kind in "fc"))
    except (TypeError, ValueError):
        try:
            return bool(np.array_equal(array, copy))
        except Exception:  # objects that cannot be compared: call it a change
            return False


@dataclass
class _Seen:
    """An array as last seen: the object, a copy of its content, its info."""

    array: np.ndarray  # the learner's own array (kept alive so its id stays meaningful)
    copy: np.ndarray | None  # its content when last seen, read-only
    info: ArrayInfo


class FrameArrays:
    """The arrays of one frame as last seen, to report what each step created or changed."""

    def __init__(self) -> None:
        self.seen: dict[str, _Seen] = {}

    def update(
        self, current: Mapping[str, np.ndarray]
    ) -> tuple[tuple[ArrayInfo, ...], tuple[ArrayInfo, ...]]:
        """Compare with the last look: (every array with its marker, the new or changed ones)."""
        seen = self.seen
        now: dict[str, _Seen] = {}
        every: list[ArrayInfo] = []
        changed: list[ArrayInfo] = []
        for name, array in current.items():
            old = seen.get(name)
            if old is not None and old.array is array and (
                old.copy is None or _same_content(array, old.copy)
            ):
                if old.info.change:
                    old = _Seen(array, old.copy, old.info.unmarked())
                now[name] = old
                every.append(old.info)
                continue
            copy = _frozen_copy(array)
            info = ArrayInfo(
                name=name,
                shape=tuple(array.shape),
                dtype=str(array.dtype),
                change="new" if old is None else "changed",
                value=copy,
            )
            now[name] = _Seen(array, copy, info)
            every.append(info)
            changed.append(info)
        self.seen = now
        return tuple(every), tuple(changed)

    def rebase(self, current: Mapping[str, np.ndarray]) -> tuple[ArrayInfo, ...]:
        """Take a fresh look without reporting anything (after a stretch run untraced).

        Returns what changed since the last look, unmarked: a loop summary lists them.
        """
        _, changed = self.update(current)
        self.seen = {n: _Seen(s.array, s.copy, s.info.unmarked()) for n, s in self.seen.items()}
        return tuple(info.unmarked() for info in changed)

    def infos(self) -> tuple[ArrayInfo, ...]:
        return tuple(s.info for s in self.seen.values())
