"""The six shipped lessons: they exist, they validate (answers computed for real), and they
cover what the lessons issue asks of each."""

from __future__ import annotations

import pytest

from nntutor.lessons.loader import builtin_dir, load_lessons
from nntutor.lessons.validate import validate_paths

from .conftest import LESSON_IDS


@pytest.fixture(scope="module")
def lessons():
    found, errors = load_lessons()
    assert errors == []
    return {lesson.id: lesson for lesson in found}


def test_the_six_lessons_are_there_with_enough_exercises(lessons):
    assert set(LESSON_IDS) <= set(lessons)
    counts = {i: len(lessons[i].exercises) for i in LESSON_IDS}
    assert all(c >= 3 for c in counts.values()), counts
    assert sum(counts.values()) >= 24


def test_every_shipped_lesson_validates_against_the_engine():
    assert [str(e) for e in validate_paths([builtin_dir()])] == []


def test_every_exercise_has_a_hint_ladder_and_known_mistakes(lessons):
    for lesson in lessons.values():
        for ex in lesson.exercises:
            assert 2 <= len(ex.hints) <= 3, (lesson.id, ex.id)
            assert ex.wrong, (lesson.id, ex.id)
            assert all(w.feedback for w in ex.wrong)


def test_prerequisites_name_shipped_lessons_and_have_no_cycle(lessons):
    order = {}

    def depth(lesson_id, seen=()):
        assert lesson_id not in seen, f"cycle through {lesson_id}"
        pres = lessons[lesson_id].prerequisites
        return 1 + max((depth(p, seen + (lesson_id,)) for p in pres), default=0)

    for lesson_id in LESSON_IDS:
        order[lesson_id] = depth(lesson_id)
    assert order["chain-rule"] == 1


def test_walkthroughs_use_the_seed_configurations(lessons):
    xor = lessons["dense-layer-xor"].walkthrough
    assert (xor.sizes, xor.init, xor.loss, xor.lr, xor.epochs) == (
        "2-4-1", "glorot_uniform", "half_sse", 0.001, 100_000)
    # relu in the hidden layer (not the tutorial's tanh): the step view shows the relu layer
    # the lesson's exercises are about
    assert [l.activation for l in xor.architecture] == ["relu", "sigmoid"]
    moons = lessons["deep-network-moons"].walkthrough
    assert (moons.sizes, moons.init, moons.loss, moons.lr, moons.epochs, moons.test_fraction) == (
        "2-25-50-50-25-1", "small_normal", "bce", 0.01, 10_000, 0.1)
    assert [l.activation for l in moons.architecture] == ["relu"] * 4 + ["sigmoid"]
    celsius = lessons["chain-rule"].walkthrough
    assert (celsius.sizes, celsius.dataset, celsius.epochs) == ("1-2-1", "celsius", 2000)
    assert sum(l.input_dim * l.output_dim + l.output_dim for l in celsius.architecture) == 7
    iris = lessons["three-layer-iris"].walkthrough
    assert (iris.dataset, iris.loss, len(iris.architecture)) == ("iris", "mse", 3)
    assert {l.activation for l in iris.architecture} == {"sigmoid"}
    housing = lessons["two-layer-backprop"].walkthrough
    assert housing.dataset == "housing" and housing.architecture[0].activation == "sigmoid"


def test_moons_poses_an_exercise_in_the_column_convention(lessons):
    moons = lessons["deep-network-moons"]
    columns = [ex for ex in moons.exercises if ex.target.endswith(".T")]
    assert columns, "no exercise with a transposed (column-convention) target"
    for ex in columns:
        assert any(v.source.startswith(("dZ", "A")) and ".T" in v.source for v in ex.variables)
    assert any("Z = W·A_prev + b" in s.body and "Z = A_prev·W + b" in s.body
               for s in moons.sections)


def test_prose_fits_an_80_column_terminal(lessons):
    for lesson in lessons.values():
        for section in lesson.sections:
            for line in section.body.splitlines():
                assert len(line) <= 80, (lesson.id, section.title, line)
        for ex in lesson.exercises:
            for line in ex.prompt.splitlines():
                assert len(line) <= 80, (lesson.id, ex.id, line)


def test_the_checker_accepts_every_reference_and_gives_each_known_mistake_its_feedback(lessons):
    from nntutor.lessons.runtime import check_answers

    for lesson in lessons.values():
        for ex in lesson.exercises:
            verdicts = check_answers(lesson, ex, [ex.answer] + [w.answer for w in ex.wrong])
            assert verdicts[0].verdict == "correct", (lesson.id, ex.id, verdicts[0].message)
            for wrong, verdict in zip(ex.wrong, verdicts[1:]):
                assert verdict.verdict == "wrong", (lesson.id, ex.id, wrong.answer)
                assert verdict.feedback == wrong.feedback, (lesson.id, ex.id, wrong.answer)
