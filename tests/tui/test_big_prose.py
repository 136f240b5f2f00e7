"""A lesson with as much text as the loader allows: the tutor opens at once, renders the
prose a few sections per turn of the event loop, and q works meanwhile."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nntutor.lessons.loader import load_lesson_file
from nntutor.tui.app import make_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def big_lesson(tmp_path):
    src = (ROOT / "lessons" / "chain-rule.toml").read_text(encoding="utf-8")
    para = "Each local derivative multiplies the gradient that flows in from above. " * 4 + "\n\n"
    body = (para * 100)[:19_000]
    first = re.search(r"^\[\[section\]\]", src, re.M).start()
    extra = "".join(f'[[section]]\ntitle = "Long part {k}"\nbody = """\n{body}"""\n\n'
                    for k in range(40))
    text = src[:first] + extra + src[first:]
    path = tmp_path / "big.toml"
    path.write_text(text.replace('id = "chain-rule"', 'id = "big-prose"', 1), encoding="utf-8")
    return load_lesson_file(path)


async def test_long_prose_is_rendered_in_turns_and_q_still_quits(big_lesson, tmp_path):
    app = make_app(lesson=big_lesson, home=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert 0 < screen._prose_filled < len(big_lesson.sections)  # not all at once
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_every_section_is_rendered_in_the_end(big_lesson, tmp_path):
    app = make_app(lesson=big_lesson, home=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        total = len(big_lesson.sections)
        for _ in range(3000):
            if screen._prose_filled == total:
                break
            await pilot.pause(0.02)
        assert screen._prose_filled == total
        last = screen.query_one(f"#prose-section-{total - 1}")
        assert last.content.markup.startswith(f"## {big_lesson.sections[-1].title}")
