"""lessons/README.md is enough to write a graph lesson: its complete example validates, trains,
and its known wrong answers are graded as wrong."""

from __future__ import annotations

import re
from pathlib import Path

from nntutor.lessons.loader import load_lesson_file
from nntutor.lessons.runtime import check_answers, train_lesson
from nntutor.lessons.validate import validate_paths

README = Path(__file__).resolve().parents[2] / "lessons" / "README.md"


def toml_blocks() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_the_graph_example_validates(tmp_path):
    (example,) = [b for b in toml_blocks() if 'forward = """' in b]
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    assert validate_paths([path]) == []
    lesson = load_lesson_file(path)
    assert lesson.graph is not None and lesson.graph.loss == "bce"
    ex = lesson.exercises[0]
    verdicts = check_answers(lesson, ex, [ex.answer] + [w.answer for w in ex.wrong])
    assert [v.verdict == "correct" for v in verdicts] == [True] + [False] * len(ex.wrong)
    result = train_lesson(lesson)
    assert result.final_loss < 0.2  # XOR learnt: the bce of a coin toss is 0.69


def test_the_layer_example_validates(tmp_path):
    first = toml_blocks()[0]
    assert "[[walkthrough.layer]]" in first
    path = tmp_path / "layers.toml"
    path.write_text(first.replace('prerequisites = ["chain-rule"]\n', ""), encoding="utf-8")
    assert validate_paths([path]) == []


def test_the_limits_table_states_the_engine_budget():
    from nntutor.engine import budget
    from nntutor.lessons import data, graph_schema, loader, schema

    text = README.read_text(encoding="utf-8")
    for number in (budget.MAX_ARRAY_ELEMENTS, budget.MAX_PASS_ELEMENTS, budget.STEP_OVERHEAD,
                   schema.MAX_SECTION_CHARS, graph_schema.MAX_SIZE):
        assert f"{number:,}" in text
    assert f"| {schema.MAX_SECTIONS} / " in text and f"| {schema.MAX_EXERCISES} |" in text
    assert f"{graph_schema.MAX_LINES} lines of at most {graph_schema.MAX_LINE_CHARS}" in text
    assert budget.MAX_WORK == 10**12 and "10¹²" in text
    assert loader.MAX_FILE_BYTES == 2**20 and data.MAX_CSV_BYTES == 4 * 2**20
