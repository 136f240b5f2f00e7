"""An expression's text with its syntax tree and where each node sits in the text: what
the edits in `mutations` work on, whether the text was typed in an exercise or read from
a line of the learner's script."""

from __future__ import annotations

import ast


class Expression:
    def __init__(self, text: str):
        self.text = text
        self.tree: ast.expr = ast.parse(text, mode="eval").body
        starts, total = [], 0
        for line in text.splitlines(keepends=True) or [""]:
            starts.append(total)
            total += len(line)
        self.line_starts = tuple(starts)

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (self._offset(node.lineno, node.col_offset),
                self._offset(node.end_lineno, node.end_col_offset))

    def _offset(self, lineno: int, col: int) -> int:
        line_start = self.line_starts[lineno - 1]
        line = self.text[line_start:].split("\n", 1)[0]
        return line_start + len(line.encode()[:col].decode(errors="replace"))

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def find(self, text: str) -> ast.AST | None:
        """The node whose text is `text` (the outermost), if any."""
        for node in ast.walk(self.tree):
            if hasattr(node, "lineno") and self.segment(node) == text:
                return node
        return None
