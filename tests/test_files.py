"""Paths given to nntutor that are not what they seem: refused in one line before reading."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nntutor import files

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fifo(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


def big_file(tmp_path, name: str, size: int) -> Path:
    path = tmp_path / name
    with open(path, "wb") as handle:
        handle.truncate(size)  # sparse: costs no disk
    return path


def test_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello\n")
    assert files.read_bytes(path, 10) == b"hello\n"
    assert files.read_text(path, 10) == "hello\n"


def test_exactly_at_the_limit_is_allowed_one_byte_more_is_not(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert len(files.read_bytes(path, 100)) == 100
    with pytest.raises(files.FileRefused, match="over the 99 bytes limit for a thing"):
        files.read_bytes(path, 99, "thing")


def test_dev_zero_is_refused_as_a_device():
    with pytest.raises(files.FileRefused) as info:
        files.read_bytes("/dev/zero", files.LESSON_LIMIT, "lesson file")
    assert str(info.value) == ("/dev/zero: is a device (like /dev/zero), not a regular file; "
                               "give the path of a lesson file")


def test_fifo_is_refused_without_waiting_for_a_writer(fifo):
    with pytest.raises(files.FileRefused, match="named pipe"):
        files.read_bytes(fifo, files.LESSON_LIMIT)


def test_folder_is_refused(tmp_path):
    with pytest.raises(files.FileRefused, match="is a folder"):
        files.read_bytes(tmp_path, files.LESSON_LIMIT)


def test_missing_file_is_the_usual_oserror(tmp_path):
    with pytest.raises(FileNotFoundError):
        files.read_bytes(tmp_path / "nope", 10)


def test_size_is_checked_before_reading(tmp_path, monkeypatch):
    path = big_file(tmp_path, "big.toml", 50 * files.MB)
    monkeypatch.setattr(os, "read", lambda *a: pytest.fail("read a file over its limit"))
    with pytest.raises(files.FileRefused, match="is 50 MB, over the 1 MB limit"):
        files.read_bytes(path, files.LESSON_LIMIT, "lesson file")


# -- every command that takes a path --------------------------------------------------------

def nntutor(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "NNTUTOR_HOME": os.environ.get("NNTUTOR_TEST_HOME", "/nonexistent-x")}
    env.pop("NNTUTOR_LESSONS", None)
    return subprocess.run([sys.executable, "-m", "nntutor", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


COMMANDS = [
    ("validate", "{p}"),
    ("train", "{p}"),
    ("trace", "{p}"),
    ("check", "{p}", "dw1", "--answer", "x"),
    ("lesson", "{p}"),
    ("debug", "{p}"),
    ("debug", "--plain", "{p}"),
    ("check", "chain-rule", "dw1", "--answers", "{p}"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "too-large", "folder"])
def test_hostile_paths_are_refused_with_one_line_and_exit_2(command, kind, tmp_path):
    if kind == "folder" and command[0] == "validate":
        pytest.skip("validate takes folders of lessons")
    if kind == "dev-zero":
        path = "/dev/zero"
    elif kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    elif kind == "folder":
        path = tmp_path / "folder.toml"
        path.mkdir()
    else:
        path = big_file(tmp_path, "huge.toml", 100 * files.MB)
    args = [a.format(p=path) for a in command]
    result = nntutor(*args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert "Traceback" not in result.stderr
    wanted = {"dev-zero": "is a device", "fifo": "named pipe", "folder": "folder",
              "too-large": "is 100 MB, over the"}[kind]
    assert wanted in lines[0]
