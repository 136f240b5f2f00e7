"""The graph strip of a graph lesson: its chain, the branch of a fork drawn under it, and the
fork step of the backward pass (Pilot and a snapshot at 80x24, accepted after looking at it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nntutor.tui.app import make_app
from nntutor.tui.widgets.graph_strip import GraphStrip, branch_lines, graph_nodes, is_graph_tape

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def _plain(chain) -> str:
    return "".join(p if isinstance(p, str) else p.label for p in chain)


@pytest.fixture(scope="module")
def residual():
    from nntutor.lessons.loader import load_lesson_file
    from nntutor.lessons.runtime import trace_lesson

    lesson = load_lesson_file(LESSONS / "residual-block.toml")
    return lesson, trace_lesson(lesson, lr=lesson.graph.lr)


def test_a_fork_is_an_arc_from_the_value_to_its_second_use(residual):
    _, tape = residual
    assert is_graph_tape(tape)
    chain, branches = graph_nodes(tape)
    top = _plain(chain)
    assert top.startswith("X ─@W1→ XW1 ─+b1→ Z1 ─relu→ A1 ─@W2→ A1W2")
    assert branches == [("A1", "H")]
    (arc,) = branch_lines(chain, branches)
    # the arc starts under A1 and ends under H, a straight line between
    assert arc.index("└") == top.index(" A1 ") + 1
    assert arc.index("┘") == top.index(" H ") + 1
    assert set(arc.strip()[1:-1]) == {"─"}


def test_overlapping_arcs_take_a_second_row():
    from nntutor.lessons.loader import load_lesson_file
    from nntutor.lessons.runtime import trace_lesson

    tape = trace_lesson(load_lesson_file(LESSONS / "attention-head.toml"))
    chain, branches = graph_nodes(tape)
    assert ("Q", "Q@K.T") in branches and ("V", "O") in branches
    rows = branch_lines(chain, branches)
    assert len(rows) == 2 and all(row.count("└") == 1 for row in rows)


def test_a_dense_tape_has_no_branch_row(tiny_tape):
    assert not is_graph_tape(tiny_tape)


async def test_the_strip_marks_the_fork_step(residual, tmp_path):
    lesson, tape = residual
    app = make_app(lesson=lesson, tape=tape, home=tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        strip = app.screen.query_one(GraphStrip)
        assert strip.size.height == 3
        fork = next(s.index for s in tape if s.op == "fork")
        app.screen.go(fork)
        await pilot.pause()
        top, arcs, marks = strip.window()
        assert strip.current == "A1"
        assert tape[fork].numpy == "dA1 = dA1_via_H + dA1_via_A1W2"
        # the marker ▲ sits under A1, where the arc starts
        assert marks.index("▲") == top.index(" A1 ") + 1 == arcs.index("└")


def test_fork_step_snapshot(snap_compare, residual, tmp_path):
    lesson, tape = residual
    fork = next(s.index for s in tape if s.op == "fork")
    first_backward = tape.first_of("backward")
    app = make_app(lesson=lesson, tape=tape, home=tmp_path / "home")
    # b: the first backward step, then n up to the fork step that adds A1's two gradients
    assert snap_compare(app, press=["b"] + ["n"] * (fork - first_backward),
                        terminal_size=(80, 24))
