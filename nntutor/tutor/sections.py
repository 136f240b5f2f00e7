"""Which section of a lesson's text goes with a step: the text panel follows the stepping.

Lessons do not link sections to steps, so the match is by the words a step is about (the
quantity it makes, its operation, its activation or loss, its phase) found in a section's
title and body; the title counts double. No match keeps the learner where they are.
"""

from __future__ import annotations

import re

_OP_WORDS = {
    "matmul": ("weighted", "product", "weights"), "bias": ("bias",),
    "sigmoid": ("sigmoid", "σ"), "tanh": ("tanh",), "relu": ("relu",),
    "bce": ("cross-entropy", "bce"), "cross_entropy": ("cross-entropy", "softmax"),
    "mse": ("squared", "mse"), "half_sse": ("squared",), "sgd": ("update", "learning rate"),
    "loss": ("loss",),
}
_PHASE_WORDS = {"forward": ("forward",), "backward": ("backward", "gradient", "derivative"),
                "update": ("training", "update", "gradient descent")}


def step_words(step) -> tuple[set[str], set[str]]:
    """(names, words): the quantities a step makes, and words for what it does."""
    names = {o.name for o in step.outputs}
    words: set[str] = set(_PHASE_WORDS.get(step.phase, ()))
    op = step.op.lower()
    for key, said in _OP_WORDS.items():
        if key in op:
            words.update(said)
    return names, words


def section_for(sections, step) -> int | None:
    """Index of the section that best matches `step`, or None when none mentions it."""
    names, words = step_words(step)
    best, best_score = None, 0
    for k, section in enumerate(sections):
        score = 0
        for part, weight in ((section.title, 2), (section.body, 1)):
            tokens = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", part))
            lower = part.lower()
            score += weight * 3 * len(names & tokens)
            score += weight * sum(1 for w in words if w in lower)
        if score > best_score:
            best, best_score = k, score
    return best
