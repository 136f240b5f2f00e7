"""Word-wrapping styled text into lines of Segments, without a rich Console.

The step view and the picker draw their text themselves (Line API); wrapping a few short
paragraphs here costs a fraction of a console render. Input: rich Text (styles as spans) or
lines of (text, Style) pieces. Output: lines of Segments, each exactly `width` cells wide.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

Pieces = list[tuple[str, Style]]

_WORDS = re.compile(r"\S+\s*|\s+")


@lru_cache(maxsize=256)
def _style(style: str) -> Style:
    return Style.parse(style) if style else Style()


def text_lines(text: Text) -> list[Pieces]:
    """A rich Text as one list of (text, Style) pieces per line; the Text's own style is the
    base of every piece."""
    base = text.style if isinstance(text.style, Style) else _style(text.style or "")
    lines: list[Pieces] = []
    for line in (text.split("\n", allow_blank=True) if "\n" in text.plain else [text]):
        plain = line.plain
        cuts = {0, len(plain)}
        for span in line.spans:
            cuts.update((span.start, span.end))
        cuts = sorted(c for c in cuts if 0 <= c <= len(plain))
        pieces: Pieces = []
        for start, end in zip(cuts, cuts[1:]):
            style = base
            for span in line.spans:
                if span.start <= start and end <= span.end:
                    style = style + (span.style if isinstance(span.style, Style)
                                     else _style(span.style))
            pieces.append((plain[start:end], style))
        lines.append(pieces)
    return lines


def wrap(lines: list[Pieces], width: int, base: Style, hanging: int = 0) -> list[list[Segment]]:
    """Greedy word wrap of every line to `width` cells; each output line padded to `width`.
    Lines a long line is broken into start `hanging` spaces in."""
    width = max(1, width)
    hanging = min(hanging, width // 2)
    out: list[list[Segment]] = []
    for pieces in lines:
        length = sum(cell_len(text) for text, _ in pieces)
        if length <= width:  # the usual case: nothing to wrap
            line = [Segment(text, base + style) for text, style in pieces if text]
            out.append(_pad(line, length, width, base))
            continue
        current: list[Segment] = []
        used = 0
        for text, style in pieces:
            for word in _WORDS.findall(text):
                w = cell_len(word)
                if used + cell_len(word.rstrip()) > width and used > 0:
                    stripped = word.lstrip()
                    if not stripped:  # spaces at a line break vanish
                        continue
                    out.append(_pad(current, used, width, base))
                    current = [Segment(" " * hanging, base)] if hanging else []
                    used = hanging
                    word, w = stripped, cell_len(stripped)
                while w > width:  # a word longer than the line is cut
                    out.append(_pad([Segment(word[:width], base + style)], width, width, base))
                    word = word[width:]
                    w = cell_len(word)
                if word:
                    current.append(Segment(word, base + style))
                    used += w
                    if used > width:  # only trailing spaces overflow: drop them now
                        current, used = _trim(current, width), width
        out.append(_pad(current, used, width, base))
    return out


def _trim(segments: list[Segment], width: int) -> list[Segment]:
    kept, left = [], width
    for s in segments:
        if left <= 0:
            break
        text = s.text[:left]
        kept.append(Segment(text, s.style))
        left -= cell_len(text)
    return kept


def _pad(segments: list[Segment], used: int, width: int, base: Style) -> list[Segment]:
    if used < width:
        return segments + [Segment(" " * (width - used), base)]
    return segments
