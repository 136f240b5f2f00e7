"""Snapshots at 80x24 of the picker, a forward step, a backward step, an explained cell, and a
backward step in the light theme. Accepted only after looking at them (SVGs in __snapshots__).

Deterministic: the fixture lessons only, a fresh progress home, the pass traced before the app
starts (no worker to race), no clock, no version text and no text cursor on screen.
"""

from __future__ import annotations

import pytest

from nntutor.tui.app import make_app

SIZE = (80, 24)


@pytest.fixture
def lesson_app(only_fixture_lessons, tiny_lesson, tiny_tape, tmp_path):
    def build(theme=None):
        return make_app(lesson=tiny_lesson, tape=tiny_tape, home=tmp_path / "home", theme=theme)

    return build


def test_picker(snap_compare, only_fixture_lessons, tmp_path):
    assert snap_compare(make_app(home=tmp_path / "home"), terminal_size=SIZE)


def test_forward_step(snap_compare, lesson_app):
    # step 4: A1W2 = A1 @ W2, the second layer's weighted sums
    assert snap_compare(lesson_app(), press=["n", "n", "n"], terminal_size=SIZE)


def test_backward_step(snap_compare, lesson_app):
    # the weight gradient of layer 2: dW2 = A1.T @ dZ2, with the graph strip marking ∇
    assert snap_compare(lesson_app(), press=["b", "n", "n", "n"], terminal_size=SIZE)


def test_explained_cell(snap_compare, lesson_app):
    # XW1[2, 1]: row 2 of X times column 1 of W1, the cells used lit up
    assert snap_compare(lesson_app(), press=["enter", "down", "down", "right", "enter"],
                        terminal_size=SIZE)


def test_backward_step_light_theme(snap_compare, lesson_app):
    # through the tanh: dZ1 = dA1 * (1 - A1**2), in the light theme
    assert snap_compare(lesson_app(theme="textual-light"), press=["e", "p", "p"],
                        terminal_size=SIZE)


def test_predict_the_cell_after_the_shape(snap_compare, lesson_app):
    # predict on, then the step after the loss gradient: the shape answered right, the
    # cell question asked; the box sits at the top and leaves the pitfall readable
    assert snap_compare(lesson_app(), press=["r", "b", "n", *"n, out", "enter"],
                        terminal_size=SIZE)
