"""Running lessons on the engine: networks, traced passes, and honest exercise instances."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nntutor.lessons.loader import find_lesson, parse_lesson_text
from nntutor.lessons.runtime import (
    build_network,
    exercise_instances,
    random_targets,
    trace_indices,
    trace_lesson,
)

from .conftest import FIXTURES


def test_build_network_follows_the_walkthrough():
    lesson = find_lesson("dense-layer-xor")
    net = build_network(lesson.walkthrough)
    assert {k: v.shape for k, v in net.params.items()} == {
        "W1": (2, 4), "b1": (1, 4), "W2": (4, 1), "b2": (1, 1)}
    assert net.loss.name == "half_sse" and net.dims == ("in", "h1", "out")
    again = build_network(lesson.walkthrough)
    assert np.array_equal(net.params["W1"], again.params["W1"])
    other = build_network(lesson.walkthrough, seed=5)
    assert not np.array_equal(net.params["W1"], other.params["W1"])


def test_trace_lesson_runs_trace_rows_spread_over_the_data():
    lesson = find_lesson("three-layer-iris")
    tape = trace_lesson(lesson)
    assert tape.sizes["n"] == lesson.walkthrough.trace_rows == 6
    Y = tape.values()["Y"]
    assert set(Y.argmax(axis=1)) == {0, 1, 2}  # iris is sorted: spread rows see every class
    assert [s.phase for s in tape][0] == "forward" and tape[len(tape) - 1].phase == "backward"


def test_trace_indices():
    assert list(trace_indices(4, 4)) == [0, 1, 2, 3]
    assert list(trace_indices(150, 3)) == [0, 74, 149]
    assert list(trace_indices(2, 10)) == [0, 1]


def test_instances_use_distinct_sizes_and_the_engines_gradient():
    lesson = find_lesson("two-layer-backprop")
    ex = lesson.exercise("dw1-whole")
    instances = exercise_instances(lesson, ex, count=4, seed=1)
    assert len(instances) == 4
    seen = set()
    for inst in instances:
        sizes = inst["__sizes__"]
        named = {k: v for k, v in sizes.items() if k != "1"}
        assert set(named) == {"n", "in", "h1", "out"}
        assert len(set(named.values())) == len(named)  # all different: nothing square
        assert all(2 <= v <= 9 for v in named.values())
        seen.add(tuple(sorted(named.items())))
        X, dZ2, W2, A1 = (inst[k] for k in ("X", "dZ2", "W2", "A1"))
        assert X.shape == (sizes["n"], sizes["in"]) and W2.shape == (sizes["h1"], sizes["out"])
        expected = X.T @ ((dZ2 @ W2.T) * A1 * (1 - A1))
        np.testing.assert_allclose(inst["__target__"], expected, rtol=1e-12)
        assert inst["__target__"].shape == (sizes["in"], sizes["h1"])
    assert len(seen) > 1  # different instances, different sizes


def test_column_convention_sources_are_evaluated():
    lesson = find_lesson("deep-network-moons")
    ex = lesson.exercise("dw3-columns")
    (inst,) = exercise_instances(lesson, ex, count=1)
    s = inst["__sizes__"]
    assert inst["dZ3c"].shape == (s["h3"], s["n"]) and inst["A2c"].shape == (s["h2"], s["n"])
    assert inst["m"] == s["n"]
    assert inst["__target__"].shape == (s["h3"], s["h2"])  # dW3.T
    np.testing.assert_allclose(inst["dZ3c"] @ inst["A2c"].T / inst["m"], inst["__target__"])


OWN_NETWORK = """
id = "own-network"
title = "t"
summary = "s"
[[section]]
title = "t"
body = "b"
[[exercise]]
id = "relu-dw"
derive = "dL/dw"
target = "dW2"
prompt = "p"
answer = "x.T @ ((yhat - y) * (z > 0))"
hints = ["h"]
[exercise.network]
loss = "half_sse"
dims = ["src", "in", "out"]
[[exercise.network.layer]]
input_dim = 3
output_dim = 2
activation = "linear"
[[exercise.network.layer]]
input_dim = 2
output_dim = 1
activation = "relu"
[exercise.variables]
x = { dims = ["n", "in"], source = "A1" }
z = { dims = ["n", "out"], source = "Z2" }
yhat = { dims = ["n", "out"], source = "A2" }
y = { dims = ["n", "out"], source = "Y" }
"""


def test_exercise_with_its_own_network(tmp_path):
    from nntutor.lessons.loader import parse_lesson_text

    lesson = parse_lesson_text(OWN_NETWORK, tmp_path / "own-network.toml")
    ex = lesson.exercise("relu-dw")
    assert ex.network is not None and ex.network.architecture[-1].activation == "relu"
    (inst,) = exercise_instances(lesson, ex, count=1, seed=3)
    x, z, yhat, y = (inst[k] for k in ("x", "z", "yhat", "y"))
    np.testing.assert_allclose(yhat, np.maximum(z, 0))
    np.testing.assert_allclose(inst["__target__"], x.T @ ((yhat - y) * (z > 0)))


def test_targets_suit_the_loss():
    rng = np.random.default_rng(0)
    bce = random_targets("bce", 7, 3, rng)
    assert set(np.unique(bce)) <= {0.0, 1.0}
    onehot = random_targets("cross_entropy", 7, 3, rng)
    assert np.array_equal(onehot.sum(axis=1), np.ones(7)) and set(np.unique(onehot)) == {0, 1}
    real = random_targets("mse", 7, 3, rng)
    assert real.shape == (7, 3) and not set(np.unique(real)) <= {0.0, 1.0}


def test_softmax_cross_entropy_lesson(tmp_path):
    text = (FIXTURES / "valid.toml").read_text(encoding="utf-8")
    text = (text.replace('dataset = "xor"', 'dataset = "iris"')
            .replace('loss = "mse"', 'loss = "cross_entropy"')
            .replace("input_dim = 2\n", "input_dim = 4\n")
            .replace('output_dim = 1\nactivation = "sigmoid"', 'output_dim = 3\nactivation = "softmax"'))
    lesson = parse_lesson_text(text, tmp_path / "softmax.toml")
    (inst,) = exercise_instances(lesson, lesson.exercise("dW1"), count=1)
    np.testing.assert_allclose(inst["__target__"], inst["X"].T @ inst["dZ1"])


def test_lessons_folder_is_found_from_the_package():
    from nntutor.lessons.loader import builtin_dir

    folder = builtin_dir()
    assert folder is not None and (folder / "chain-rule.toml").is_file()
    assert isinstance(folder, Path)


def test_nntutor_lessons_env_and_extra_dirs(tmp_path, monkeypatch):
    from nntutor.lessons.loader import lesson_dirs, load_lessons

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "x.toml").write_text((FIXTURES / "valid.toml").read_text(encoding="utf-8"),
                                 encoding="utf-8")
    monkeypatch.setenv("NNTUTOR_LESSONS", f"{mine}{__import__('os').pathsep}{tmp_path / 'gone'}")
    assert mine in lesson_dirs()
    lessons, errors = load_lessons()
    assert "fixture-valid" in {l.id for l in lessons}
    assert [e.message for e in errors] == ["lessons folder does not exist"]
    monkeypatch.delenv("NNTUTOR_LESSONS")
    lessons, _ = load_lessons([mine])
    assert "fixture-valid" in {l.id for l in lessons}


@pytest.mark.parametrize("bad", ["nope", "chain-rul"])
def test_find_lesson_unknown_id_suggests(bad):
    from nntutor.errors import UsageError

    with pytest.raises(UsageError) as err:
        find_lesson(bad)
    msg = str(err.value)
    assert msg.startswith(f"unknown lesson {bad!r}")
    if bad == "chain-rul":
        assert "did you mean 'chain-rule'" in msg


def test_an_installed_copy_finds_its_bundled_lessons(tmp_path):
    """As installed from a wheel: no lessons/ beside the package, the files inside it as the
    package `nntutor.bundled_lessons` (no __init__.py needed)."""
    import shutil
    import subprocess
    import sys

    import nntutor
    from nntutor.lessons.loader import builtin_dir

    site = tmp_path / "site"
    shutil.copytree(Path(nntutor.__file__).parent, site / "nntutor",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(builtin_dir(), site / "nntutor" / "bundled_lessons")
    code = ("import nntutor; from nntutor.lessons.loader import builtin_dir, load_lessons; "
            "print(nntutor.__file__); print(builtin_dir()); "
            "print(len(load_lessons()[0]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                         check=True).stdout.split("\n")
    assert out[0].startswith(str(site))
    assert out[1] == str(site / "nntutor" / "bundled_lessons")
    assert int(out[2]) >= 6


def test_housing_input_width_follows_the_data_that_will_load(tmp_path, monkeypatch):
    from nntutor.lessons.schema import dataset_features

    monkeypatch.setenv("SCIKIT_LEARN_DATA", str(tmp_path))
    assert dataset_features("housing") == 10  # the bundled diabetes data
    assert find_lesson("two-layer-backprop").walkthrough.architecture[0].input_dim == 10
    (tmp_path / "cal_housing_py3.pkz").write_bytes(b"")
    assert dataset_features("housing") == 8  # California housing, cached
    assert find_lesson("two-layer-backprop").walkthrough.architecture[0].input_dim == 8


def test_every_test_batch_of_every_shipped_exercise_is_informative():
    """No all-zero or constant expected value, no dead or all-on relu layer (deep moons had a
    batch where five exercises expected all zeros)."""
    from nntutor.lessons.loader import load_lessons
    from nntutor.lessons.runtime import _degenerate, _relu_masks, exercise_network, \
        informative_passes, nameable

    lessons, _ = load_lessons(())
    for lesson in lessons:
        for ex in lesson.exercises:
            wt = exercise_network(lesson, ex)
            for tape, sizes in informative_passes(wt, ex, 3, np.random.default_rng(0)):
                values = nameable(tape)
                from nntutor.lessons.runtime import compute

                assert not _degenerate(compute(ex.target, values)), (lesson.id, ex.id)
                for mask in _relu_masks(wt, values):
                    assert mask.any() and not mask.all(), (lesson.id, ex.id)
            if hasattr(wt, "architecture"):  # a layer list: still non-square sizes
                sizes = [s for _, s in informative_passes(wt, ex, 3, np.random.default_rng(0))]
                assert all(len(set(s[d] for d in ("n", *wt.dims))) == len(wt.dims) + 1
                           for s in sizes)


def test_degenerate_values_are_recognised():
    from nntutor.lessons.runtime import _degenerate

    assert _degenerate(np.zeros((3, 2))) and _degenerate(np.full((2, 3), 0.5))
    assert not _degenerate(np.array([[0.1, -0.2]])) and not _degenerate(np.array([[0.3]]))
