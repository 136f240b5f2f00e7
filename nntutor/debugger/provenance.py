"""Where each array came from: the line and operation that made it, and what it read.

While the tracer steps, every statement that creates or changes an array is recorded: the
names it read (arrays kept as zero-cost stand-ins of their shape, never the data), the
arrays of its frame as they were before it ran, and the arrays it wrote. An array object
is "born" at the first statement that produced it; a later statement that only passes it
on (`grads = {"b2": db2}`, `return db2`) or updates it in place (`W -= lr * dW`) does not
change where its shape was born. The record is bounded (the oldest statements go first).

On a shape error the explainer walks back from the clashing operands to their births, and
re-infers the recorded statements after a candidate fix (see `origins.py`).
"""

from __future__ import annotations

import ast
import weakref
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from nntutor.debugger.events import ArrayInfo, Location
from nntutor.debugger.source import index_for
from nntutor.shapes.stand_in import stand_in  # noqa: F401  (read here by the explainer)

MAX_RECORDS = 4000
RETURNED = "<return>"  # the name a `return` statement's value is recorded under


@dataclass
class Record:
    """One statement that ran: what it read, what its frame held, what it wrote."""

    step: int
    location: Location
    before: dict  # the names it read, as they were (arrays as stand-ins)
    ids: dict  # name read -> id of the real array it held
    scope: dict  # every array of the frame before it ran: "cache['A1']" -> stand-in
    scope_ids: dict  # the same names -> id of the real array
    globals_: dict = field(repr=False, default_factory=dict)  # live: np, the learner's functions
    written: dict = field(default_factory=dict)  # name -> (id of the array, shape)
    item: str = ""  # a comprehension's statement seen for one item: "grads_b[2]"
    read_ids: set | None = field(default=None, init=False, repr=False)  # see Provenance.read_ids
    stretches: int | None = field(default=None, init=False, repr=False)  # see downstream


class Provenance:
    def __init__(self, limit: int = MAX_RECORDS):
        self.records: deque[Record] = deque(maxlen=limit)
        self._born: dict[int, tuple[weakref.ref, Record, str]] = {}
        self._writers: tuple | None = None  # (when built, id -> the records that wrote it)

    def record(self, step: int, location: Location, before: dict | None, frame,
               scope: tuple[ArrayInfo, ...], scope_arrays: dict, changed: tuple[ArrayInfo, ...],
               current: dict, returned: np.ndarray | None = None) -> None:
        names, ids = {}, {}
        for name, value in (before or {}).items():
            if isinstance(value, np.ndarray):
                names[name] = stand_in(value.shape, value.dtype)
                ids[name] = id(value)
            else:
                names[name] = value
        record = Record(
            step, location, names, ids,
            {info.name: stand_in(info.shape) for info in scope},
            {info.name: id(scope_arrays[info.name]) for info in scope if info.name in scope_arrays},
            frame.f_globals,
        )
        if returned is not None:  # `return x @ self.W + self.b`: checked again like the rest
            record.written[RETURNED] = (id(returned), tuple(returned.shape))
        for info in changed:
            array = current.get(info.name)
            if array is None:
                continue
            record.written[info.name] = (id(array), tuple(array.shape))
            known = self._born.get(id(array))
            if known is None or known[0]() is not array:
                try:
                    self._born[id(array)] = (weakref.ref(array), record, info.name)
                except TypeError:
                    continue
        self.records.append(record)
        if len(self._born) > 4 * MAX_RECORDS:
            self._born = {k: v for k, v in self._born.items() if v[0]() is not None}

    def born(self, array) -> tuple[Record, str] | None:
        """The record of the statement that made `array`, and the name it was given."""
        known = self._born.get(id(array))
        if known is None or known[0]() is not array:
            return None
        return known[1], known[2]

    def passed_on(self, array, birth: Record) -> tuple[Record, str] | None:
        """The first later statement that gave `array` (unchanged) a plain name of its own."""
        for record in self.records:
            if record.step <= birth.step:
                continue
            for name, (ident, _) in record.written.items():
                if ident == id(array) and name.isidentifier() and name not in birth.written:
                    return record, name
        return None

    def shape_born(self, name: str, shape: tuple) -> tuple[Record, str] | None:
        """The recorded statement that first gave `name` an array of `shape` after it had
        another shape (or its first write): where a variable rewritten every iteration
        (`b1 = b1 - lr * db1`) got the shape it has now."""
        had = None
        for record in self.records:
            for written, (_, now) in record.written.items():
                if written.replace('"', "'") != name:
                    continue
                if now == shape and had != shape:
                    return record, written
                had = now
        return None

    def born_id(self, ident: int) -> Record | None:
        known = self._born.get(ident)
        return known[1] if known is not None and known[0]() is not None else None

    def made(self, ident: int, before: int | None = None) -> Record | None:
        """The statement that made the array `ident`; for an array freed since (a function's
        local, `A1 = np.tanh(Z1)`, gone when the call returned), the last statement before
        step `before` that wrote that id."""
        record = self.born_id(ident)
        if before is None or (record is not None and record.step < before):
            return record  # (a birth after `before`: another array given a freed one's id)
        key = (len(self.records), self.records[-1].step if self.records else 0)
        if self._writers is None or self._writers[0] != key:
            writers: dict[int, list[Record]] = {}
            for r in self.records:
                for held, _ in r.written.values():
                    writers.setdefault(held, []).append(r)
            self._writers = (key, writers)
        return next((r for r in reversed(self._writers[1].get(ident, ())) if r.step < before),
                    None)

    def read_ids(self, record: Record) -> set[int]:
        """The ids of the arrays the statement read: its names, and the attributes and items
        it read (`np.maximum(0, self.z1)` read self.z1)."""
        found = record.read_ids
        if found is None:
            found = set(record.ids.values())
            index = index_for(record.location.file)
            stmt = index.statement(record.location.lineno) if index is not None else None
            value = getattr(stmt, "value", None)
            if value is not None:
                for node in ast.walk(value):
                    if isinstance(node, (ast.Attribute, ast.Subscript)):
                        ident = record.scope_ids.get(ast.unparse(node))
                        if ident is not None:
                            found.add(ident)
            record.read_ids = found
        return found

    def ancestors(self, ident: int, depth: int = 3, before: int | None = None) -> set[int]:
        """The ids of the arrays `ident` (as held at step `before`) was computed from,
        `depth` statements back."""
        found: set[int] = set()
        frontier = {(ident, before)}
        for _ in range(depth):
            step = set()
            for current, then in frontier:
                record = self.made(current, then)
                if record is not None:  # (each read as it was when that statement ran)
                    step.update((i, record.step if then is not None else None)
                                for i in self.read_ids(record) if i != current and i not in found)
            found |= {i for i, _ in step}
            frontier = step
        return found

    def layer_output_bonus(self, ident: int, replaced: int | None, others: dict,
                           before: int | None = None) -> float:
        """A substitute computed from the operand it replaces scores; one computed from
        another candidate of its shape (an activation of a pre-activation) scores more."""
        record = self.made(ident, before)
        if record is None:
            return 0.0
        if replaced is None or replaced not in self.ancestors(ident, 5, before=before):
            return 0.0
        bonus = 1.0
        shape = next((shape for i, shape in others.values() if i == ident), None)
        read = self.read_ids(record)
        arrays_read = [i for i in read if any(i == o for o, _ in others.values())]
        for other, (i, other_shape) in others.items():
            if i != ident and other_shape == shape and i in read and len(arrays_read) == 1:
                # A1 = tanh(Z1): an activation of one array of its shape, the layer's output,
                # not its pre-activation (Z1 = W1 @ x + b1 reads a b1 of its shape too)
                bonus += 0.7
                break
        return bonus

    def shape_at(self, name: str, step: int):
        """The shape `name` had when statement `step` ran (in whichever frame held it)."""
        for record in reversed(self.records):
            if record.step <= step and name in record.scope:
                return tuple(record.scope[name].shape)
        return None

    def names_near(self, step: int, span: int = 300) -> set[str]:
        """Every array name the recorded frames held around statement `step`."""
        return {name for r in self.records if abs(r.step - step) <= span for name in r.scope}

    def after(self, record: Record) -> list[Record]:
        """The statements recorded after `record`, in order."""
        return [r for r in self.records if r.step > record.step]
