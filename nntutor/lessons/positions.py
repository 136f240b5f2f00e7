"""Where each key of a TOML file sits: key path -> (line, column), both 1-based.

`tomllib` returns plain dicts without positions, so this small scanner walks the text once
more and records where every key, table header and array element starts. It assumes the text
already parsed (tomllib said so), so it only has to recognise structure, never reject it.

Paths use the parsed data's own shape: `("exercise", 2, "answer")` is the `answer` key of the
third `[[exercise]]`; `("walkthrough", "layer", 1, "input_dim")` a key of the second
`[[walkthrough.layer]]`; `("exercise", 0, "hints", 1)` the second string of a hints array.
"""

from __future__ import annotations

import bisect
from typing import Sequence

Path = tuple  # of str | int

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class Positions:
    """Look up the position of a key path; unknown paths fall back to their nearest parent."""

    def __init__(self, text: str):
        self.text = text
        self._starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.where: dict[Path, tuple[int, int]] = {}
        _Scanner(text, self).run()

    def line_col(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, index) - 1
        return line + 1, index - self._starts[line] + 1

    def record(self, path: Path, index: int) -> None:
        self.where.setdefault(tuple(path), self.line_col(index))

    def find(self, path: Sequence) -> tuple[int, int]:
        path = tuple(path)
        while path:
            if path in self.where:
                return self.where[path]
            path = path[:-1]
        return (1, 1)

    def exact(self, path: Sequence) -> tuple[int, int] | None:
        return self.where.get(tuple(path))


class _Scanner:
    def __init__(self, text: str, out: Positions):
        self.s = text
        self.i = 0
        self.out = out
        self.aot: dict[Path, int] = {}  # array-of-tables path -> how many seen

    # -- low-level -----------------------------------------------------------------------
    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < len(self.s) else ""

    def skip_space(self, newlines: bool) -> None:
        while self.i < len(self.s):
            c = self.s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                while self.i < len(self.s) and self.s[self.i] != "\n":
                    self.i += 1
            else:
                return

    def string(self) -> str:
        """Consume a string of any of the four kinds and return its (roughly decoded) text."""
        s = self.s
        for q in ('"""', "'''"):
            if s.startswith(q, self.i):
                end = self.i + 3
                while True:
                    end = s.find(q, end)
                    if end < 0:
                        self.i = len(s)
                        return ""
                    if q == '"""' and _escaped(s, end):
                        end += 1
                        continue
                    break
                while s.startswith(q[0], end + 3):  # up to two quotes may end the content
                    end += 1
                value = s[self.i + 3 : end]
                self.i = end + 3
                return value
        q = s[self.i]
        j = self.i + 1
        while j < len(s) and s[j] != q and s[j] != "\n":
            j += 2 if (q == '"' and s[j] == "\\") else 1
        value = s[self.i + 1 : j]
        self.i = j + 1
        return value

    def key(self) -> tuple[list[str], int]:
        """A dotted key; returns its parts and the index where it starts."""
        start = self.i
        parts = []
        while True:
            self.skip_space(False)
            if self.peek() in ('"', "'"):
                parts.append(self.string())
            else:
                j = self.i
                while j < len(self.s) and self.s[j] in _BARE:
                    j += 1
                parts.append(self.s[self.i : j])
                self.i = j
            self.skip_space(False)
            if self.peek() == ".":
                self.i += 1
                continue
            return parts, start

    # -- structure -----------------------------------------------------------------------
    def run(self) -> None:
        table: Path = ()
        while True:
            self.skip_space(True)
            if self.i >= len(self.s):
                return
            start = self.i
            if self.peek() == "[":
                table = self.header()
            else:
                parts, start = self.key()
                for k in range(1, len(parts) + 1):
                    self.out.record(table + tuple(parts[:k]), start)
                self.i += 1  # '='
                self.value(table + tuple(parts))
            self.skip_to_line_end()
            if self.i == start:  # never stall on text this scanner does not understand
                self.i += 1

    def skip_to_line_end(self) -> None:
        self.skip_space(False)
        while self.i < len(self.s) and self.s[self.i] != "\n":
            self.i += 1

    def header(self) -> Path:
        start = self.i
        array = self.peek(1) == "["
        self.i += 2 if array else 1
        parts, _ = self.key()
        self.i += 2 if array else 1
        resolved: Path = ()
        for part in parts[:-1]:
            resolved += (part,)
            if resolved in self.aot:
                resolved += (self.aot[resolved] - 1,)
        resolved += (parts[-1],)
        self.out.record(resolved, start)
        if array:
            index = self.aot.get(resolved, 0)
            self.aot[resolved] = index + 1
            resolved += (index,)
            self.out.record(resolved, start)
        return resolved

    def value(self, path: Path) -> None:
        self.skip_space(False)
        c = self.peek()
        if c in ('"', "'"):
            self.string()
        elif c == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_space(True)
                if self.peek() in ("]", ""):
                    self.i += 1
                    return
                before = self.i
                self.out.record(path + (index,), self.i)
                self.value(path + (index,))
                self.skip_space(True)
                if self.peek() == ",":
                    self.i += 1
                elif self.i == before:
                    self.i += 1
                index += 1
        elif c == "{":
            self.i += 1
            while True:
                self.skip_space(False)
                if self.peek() in ("}", ""):
                    self.i += 1
                    return
                parts, start = self.key()
                for k in range(1, len(parts) + 1):
                    self.out.record(path + tuple(parts[:k]), start)
                self.i += 1  # '='
                self.value(path + tuple(parts))
                self.skip_space(False)
                if self.peek() == ",":
                    self.i += 1
                elif self.peek() not in ("}", ""):
                    self.i += 1  # not TOML we know: move on rather than stall
        else:
            while self.i < len(self.s) and self.s[self.i] not in ",]}\n#":
                self.i += 1


def _escaped(s: str, index: int) -> bool:
    """True when the character at `index` is preceded by an odd number of backslashes."""
    count = 0
    j = index - 1
    while j >= 0 and s[j] == "\\":
        count += 1
        j -= 1
    return count % 2 == 1
