"""Shared helpers for the lesson tests: run the CLI in-process and capture what it prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from nntutor.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
LESSON_IDS = ("chain-rule", "vector-matrix-derivatives", "dense-layer-xor", "two-layer-backprop",
              "deep-network-moons", "three-layer-iris")


@pytest.fixture
def cli(capsys, monkeypatch):
    """cli(*args) -> (exit status, stdout, stderr), with no extra lessons folders."""
    monkeypatch.delenv("NNTUTOR_LESSONS", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's own errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run
