"""`nntutor train` when the loss diverges, and strict JSON whatever happens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def nntutor(*args: str, tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NNTUTOR_LESSONS"}
    env["NNTUTOR_HOME"] = str(tmp_path)
    return subprocess.run([sys.executable, "-m", "nntutor", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def strict(text: str):
    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_a_diverging_run_stops_says_so_and_exits_1(tmp_path):
    result = nntutor("train", "chain-rule", "--lr", "1", tmp_path=tmp_path)
    assert result.returncode == 1
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("the loss diverged at epoch ")
    epoch = int(last.split("epoch ")[1].split(":")[0])
    assert 1 <= epoch < 2000  # it stopped, long before the lesson's 2000 epochs
    assert last.endswith("lower --lr (try 0.1)")
    assert "Warning" not in result.stderr and result.stderr == ""


def test_json_of_a_diverging_run_is_strict_with_null_and_diverged(tmp_path):
    result = nntutor("train", "chain-rule", "--lr", "10", "--json", tmp_path=tmp_path)
    assert result.returncode == 1 and result.stderr == ""
    data = strict(result.stdout)
    assert data["diverged"] is True and data["final_loss"] is None
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout


def test_json_of_a_good_run_says_not_diverged(tmp_path):
    result = nntutor("train", "chain-rule", "--epochs", "50", "--json", tmp_path=tmp_path)
    assert result.returncode == 0
    data = strict(result.stdout)
    assert data["diverged"] is False and data["final_loss"] > 0 and data["epochs"] == 50


def test_a_huge_epoch_count_is_refused_with_the_work_budget(tmp_path):
    pytest.importorskip("nntutor.engine.budget")
    result = nntutor("train", "dense-layer-xor", "--epochs", "10000000000", "--json",
                     tmp_path=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "epochs" in line and "at most" in line
