"""The non-interactive commands: list, validate, train, trace, check, lesson."""

from __future__ import annotations

import json

import pytest

from .conftest import FIXTURES, LESSON_IDS


def test_list_json_has_the_specified_keys(cli):
    code, out, _ = cli("list", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"lessons", "errors"} and data["errors"] == []
    ids = [l["id"] for l in data["lessons"]]
    assert len(ids) == len(set(ids)) and set(LESSON_IDS) <= set(ids)
    for lesson in data["lessons"]:
        assert set(lesson) == {"id", "title", "summary", "path", "exercises"}
        for ex in lesson["exercises"]:
            assert set(ex) == {"id", "prompt", "variables"}
            assert all(isinstance(d, list) for d in ex["variables"].values())
    xor = next(l for l in data["lessons"] if l["id"] == "dense-layer-xor")
    dw1 = next(e for e in xor["exercises"] if e["id"] == "xor-dw1")
    # the batch size n is offered to every exercise
    assert dw1["variables"] == {"X": ["n", "in"], "dZ1": ["n", "h1"], "n": []}


def test_list_answers_and_broken_files(cli):
    code, out, _ = cli("--lessons-dir", str(FIXTURES / "broken"), "list", "--json", "--answers")
    data = json.loads(out)
    xor = next(l for l in data["lessons"] if l["id"] == "dense-layer-xor")
    assert next(e for e in xor["exercises"] if e["id"] == "xor-dw1")["answer"] == "X.T @ dZ1"
    bad = {e["path"].rsplit("/", 1)[-1]: e for e in data["errors"]}
    assert bad["dims_chain.toml"]["line"] == 22
    assert "does not match layer 1 output_dim 3" in bad["dims_chain.toml"]["message"]
    code, out, _ = cli("list", "--lessons-dir", str(FIXTURES / "broken"))
    assert code == 0 and "broken: " in out and "dims_chain.toml:22:1:" in out
    assert "chain-rule" in out


def test_validate_exit_codes_and_lines(cli):
    code, out, _ = cli("validate", str(FIXTURES / "valid.toml"))
    assert code == 0 and "1 lesson file valid" in out
    path = FIXTURES / "broken" / "wrong_reference_value.toml"
    code, out, err = cli("validate", str(path), str(FIXTURES / "valid.toml"))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:27:1: reference answer")
    assert "1 problem in 1 of 2 files" in err


def test_train_json_last_line(cli):
    code, out, _ = cli("train", "chain-rule", "--epochs", "300", "--json")
    assert code == 0
    result = json.loads(out.strip().splitlines()[-1])
    assert set(result) == {"lesson", "epochs", "final_loss", "accuracy", "seconds", "diverged"}
    assert result["lesson"] == "chain-rule" and result["epochs"] == 300
    assert result["accuracy"] is None and result["final_loss"] < 0.05


def test_train_plain_reports_accuracy_for_classification(cli):
    code, out, _ = cli("train", "three-layer-iris", "--epochs", "50", "--lr", "0.5", "--seed", "3")
    assert code == 0
    assert out.startswith("Training three-layer-iris: 4-8-8-3 sigmoid/sigmoid/sigmoid, loss mse")
    assert "lr 0.5, 50 epochs on iris" in out
    assert "accuracy" in out and "(train data)" in out


def test_train_does_not_import_scikit_learn_for_xor():
    import subprocess
    import sys

    code = ("import sys; from nntutor.cli import main; "
            "main(['train', 'dense-layer-xor', '--epochs', '5', '--json']); "
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_trace_prints_every_step_with_formula_and_shapes(cli):
    from nntutor.lessons.loader import find_lesson
    from nntutor.lessons.runtime import trace_lesson

    code, out, _ = cli("trace", "dense-layer-xor", "--plain")
    assert code == 0
    lesson = find_lesson("dense-layer-xor")
    tape = trace_lesson(lesson, lr=lesson.walkthrough.lr)  # as the tutor traces it
    assert any(s.phase == "update" for s in tape)
    for step in tape:
        # numbered as the step view numbers it
        assert f"Step {step.index + 1} of {len(tape)} · {step.phase} · {step.title}" in out
        assert f"formula  {step.formula}" in out
        assert f"numpy    {step.numpy}" in out
        assert step.shape_algebra[0] in out and step.shape_algebra[1] in out
        for operand in step.inputs + step.outputs:
            assert operand.describe() in out
    assert "(n, in) @ (in, h1) → (n, h1)" in out
    assert "\x1b[" not in out  # no colour codes when piped


def test_trace_phase_and_summarised_values(cli):
    code, out, _ = cli("trace", "deep-network-moons", "--phase", "backward", "--rows", "200")
    assert code == 0
    assert "forward · " not in out and "backward · " in out
    assert "..." in out  # 200 x 25 arrays are summarised as NumPy does
    assert "n = 200" in out


@pytest.mark.parametrize("args, needle", [
    (("train", "chain-rul"), "unknown lesson 'chain-rul'; did you mean 'chain-rule'?"),
    (("trace", "no-such-lesson"), "unknown lesson 'no-such-lesson'"),
    (("train", "chain-rule", "--epochs", "many"), "'many' is not a whole number"),
    (("train", "chain-rule", "--lr", "-1"), "must be a positive number"),
    (("train", "chain-rule", "--seed", "x"), "not a whole number"),
    (("trace", "chain-rule", "--phase", "sideways"), "invalid choice"),
    (("train", "missing/lesson.toml"), "lesson.toml:1:1: no such lesson file"),
    (("lesson", "nothing-here"), "unknown lesson 'nothing-here'"),
    (("--lessons-dir", "/no/such/dir", "list"), "--lessons-dir /no/such/dir: no such folder"),
    (("check", "chain-rule", "nope", "--answer", "X"), "has no exercise 'nope'"),
])
def test_errors_are_one_line_and_exit_2(cli, args, needle):
    code, out, err = cli(*args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err


def test_train_a_broken_lesson_file_is_one_line(cli):
    code, _, err = cli("train", str(FIXTURES / "broken" / "unknown_key.toml"))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "unknown_key.toml:26:1:" in err and "1 more problem" in err


def test_check_answers_file_errors(cli, tmp_path):
    bad = tmp_path / "answers.json"
    bad.write_text("[\"X.T @ dZ1\",", encoding="utf-8")
    code, _, err = cli("check", "dense-layer-xor", "xor-dw1", "--answers", str(bad))
    assert code == 2 and "not valid JSON" in err and len(err.strip().splitlines()) == 1
    bad.write_text('{"a": 1}', encoding="utf-8")
    code, _, err = cli("check", "dense-layer-xor", "xor-dw1", "--answers", str(bad))
    assert code == 2 and "must be a JSON list of strings" in err
    code, _, err = cli("check", "dense-layer-xor", "xor-dw1", "--answers", str(tmp_path / "no"))
    assert code == 2 and "no such file" in err


def test_check_an_answer(cli):
    code, out, _ = cli("check", "dense-layer-xor", "xor-dw1", "--answer", "X.T @ dZ1")
    assert code == 0 and out.startswith("correct")
    code, out, _ = cli("check", "dense-layer-xor", "xor-dw1", "--answer", "dZ1.T @ X", "--json")
    result = json.loads(out)
    assert code == 1 and result["verdict"] == "wrong"
    assert result["expected_shape"] == ["in", "h1"] and result["got_shape"] == ["h1", "in"]
    assert result["feedback"].startswith("Right numbers, wrong orientation")
    # a known mistake that does not even line up still gets the lesson's own words
    code, out, _ = cli("check", "two-layer-backprop", "dw1", "--answer", "dZ1  @  X.T")
    assert code == 1 and "Xᵀ belongs on the LEFT" in out


def test_check_many_answers_as_json(cli, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(["X.T @ dZ1", "dZ1.T @ X", "X.T @ nope", "__import__('os')"]),
                       encoding="utf-8")
    code, out, _ = cli("check", "dense-layer-xor", "xor-dw1", "--answers", str(answers), "--json")
    results = json.loads(out)["results"]
    assert [r["verdict"] for r in results] == ["correct", "wrong", "invalid", "refused"]
    assert [r["answer"] for r in results][0] == "X.T @ dZ1"
    assert code == 2


def test_lesson_without_the_tui_says_so_in_one_line(cli, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "nntutor.tui.app", None)  # import now fails
    code, out, err = cli("lesson", "chain-rule")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "nntutor.tui.app" in err


def test_lesson_opens_the_app_on_that_lesson(cli, monkeypatch):
    import nntutor.tui.app as app_module

    opened = {}

    class FakeApp:
        def run(self):
            opened["ran"] = True

    def fake_make_app(lesson=None, extra_dirs=()):
        opened["lesson"] = lesson
        return FakeApp()

    monkeypatch.setattr(app_module, "make_app", fake_make_app)
    code, _, _ = cli("lesson", str(FIXTURES / "valid.toml"))
    assert code == 0 and opened["ran"] and opened["lesson"].id == "fixture-valid"
