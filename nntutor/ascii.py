"""Output a terminal cannot encode: ASCII spellings instead of a UnicodeEncodeError.

With PYTHONIOENCODING=ascii or LC_ALL=C (no UTF-8), printing `A1ᵀ · ∂L/∂Ŷ` would stop the
program with a traceback. `install()` makes stdout and stderr spell such characters in ASCII
(`A1^T * dL/dY^`), and anything else as `?`, so every command's output still reads.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata

HANDLER = "nntutor-ascii"

# The characters lessons, shapes and explanations use, spelt as a learner would type them.
SPELLINGS = {
    "ᵀ": "^T", "∂": "d", "→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "·": "*", "×": "x",
    "÷": "/", "−": "-", "–": "-", "—": "--", "…": "...", "≤": "<=", "≥": ">=", "≠": "!=",
    "≈": "~", "±": "+/-", "∑": "sum", "Σ": "sum", "∏": "prod", "√": "sqrt", "∞": "inf",
    "∈": "in", "⊙": "*", "∘": "o", "⋅": "*", "°": " deg", "‘": "'", "’": "'", "“": '"',
    "”": '"', "•": "*", "▸": ">", "▶": ">", "◀": "<", "✓": "ok", "✗": "x", "✔": "ok",
    "✘": "x", "█": "#", "▏": "|", "│": "|", "─": "-", "━": "-", "┃": "|", "┌": "+",
    "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
    "²": "^2", "³": "^3", "¹": "^1", "⁻": "^-", "⁰": "^0", "ⁿ": "^n", "₀": "0", "₁": "1",
    "₂": "2", "₃": "3", "₄": "4", "ᵢ": "_i", "ⱼ": "_j", "α": "alpha", "β": "beta",
    "γ": "gamma", "δ": "delta", "ε": "eps", "η": "eta", "θ": "theta", "λ": "lambda",
    "μ": "mu", "σ": "sigma", "τ": "tau", "φ": "phi", "ω": "omega", "Δ": "Delta",
    "\u00a0": " ", "\u200b": "",
}


def spell(char: str) -> str:
    """One character in ASCII: the table, else its letter without accents (Ŷ -> Y^), else ?."""
    if char in SPELLINGS:
        return SPELLINGS[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if ord(c) < 128)
    if base:
        return base + ("^" if "\u0302" in decomposed else "")
    return "?"


def _handler(error: UnicodeError):
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = "".join(spell(c) for c in error.object[error.start:error.end])
    try:  # the spelling itself must fit the target encoding (ASCII always does)
        text.encode(error.encoding)
    except (UnicodeEncodeError, LookupError):
        text = "?" * (error.end - error.start)
    return text, error.end


codecs.register_error(HANDLER, _handler)


def install() -> None:
    """Spell what stdout/stderr cannot encode instead of raising (a no-op for UTF-8)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding.startswith("utf"):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=HANDLER)
            except (ValueError, OSError):
                pass
