"""Output a terminal cannot encode: ASCII spellings, never a UnicodeEncodeError traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nntutor.ascii import HANDLER, spell

ROOT = Path(__file__).resolve().parent.parent


def test_the_tutor_symbols_have_ascii_spellings():
    assert "∂L/∂Ŷ = A1ᵀ · dZ2 → (h1, out)".encode("ascii", HANDLER) == \
        b"dL/dY^ = A1^T * dZ2 -> (h1, out)"
    assert spell("é") == "e" and spell("\u2603") == "?"


def test_a_latin1_terminal_keeps_what_it_can_encode():
    assert "é ᵀ".encode("latin-1", HANDLER) == "é ^T".encode("latin-1")


COMMANDS = [
    ("list",),
    ("list", "--answers"),
    ("trace", "chain-rule"),
    ("check", "two-layer-backprop", "dw2", "--answer", "A1 @ dZ2"),
    ("check", "chain-rule", "dyhat", "--answer", "2 * (A2 - Y) / n"),
    ("--help",),
    ("debug", "--help"),
    ("train", "chain-rule", "--epochs", "3"),
]
ENVIRONMENTS = {
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "LC_ALL=C": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}


@pytest.mark.parametrize("env_name", ENVIRONMENTS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_commands_print_ascii_without_a_traceback(command, env_name, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONIOENCODING", "LC_ALL", "LANG", "LC_CTYPE", "NNTUTOR_LESSONS")}
    env.update(ENVIRONMENTS[env_name], NNTUTOR_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "nntutor", *command], cwd=ROOT, env=env,
                            capture_output=True, timeout=300)
    err = result.stderr.decode("ascii", "replace")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    assert result.returncode in (0, 1), err
    assert result.stdout.strip()
    result.stdout.decode("ascii")  # every byte is ASCII
    result.stderr.decode("ascii")
