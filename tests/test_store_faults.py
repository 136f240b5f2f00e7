"""Progress store faults: only a file SQLite calls corrupt is moved aside; every other fault
(a lock, a read-only or unreadable file or folder, a full disk) keeps the file byte for byte,
shows what it holds when it can be read, and says in one line which file, why and what to do.

Permission cases run in a child process that drops root privileges (tests may run as root,
who can read and write anything) or, when not root, simply under the changed modes."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from nntutor import store as store_module
from nntutor.store import FILENAME, ProgressStore, StoreError

ROOT = Path(__file__).resolve().parent.parent
NOBODY = 65534


def make_store(home: Path) -> bytes:
    """A store holding one solved exercise ("l", "e1") and one wrong attempt; its bytes."""
    with ProgressStore.open(home) as store:
        assert store.notice is None
        store.record_attempt("l", "e1", "X.T @ d", "correct", "correct")
        store.record_attempt("l", "e2", "X @ d", "wrong", "missing_transpose")
    return (home / FILENAME).read_bytes()


def bad_files(home: Path) -> list[str]:
    return [p.name for p in home.iterdir() if ".bad-" in p.name]


def one_line_naming_the_file(notice: str, home: Path) -> None:
    assert notice and "\n" not in notice
    assert str(home / FILENAME) in notice


# -- corruption: the one case that moves the file ------------------------------------------

def test_a_corrupt_file_is_moved_aside_byte_for_byte(tmp_path):
    garbage = b"SQLite format 2\0" + os.urandom(4096)
    (tmp_path / FILENAME).write_bytes(garbage)
    with ProgressStore.open(tmp_path) as store:
        one_line_naming_the_file(store.notice, tmp_path)
        assert "moved it to" in store.notice and not store.read_only
        (moved,) = bad_files(tmp_path)
        assert moved in store.notice
        assert (tmp_path / moved).read_bytes() == garbage
        store.record_attempt("l", "e", "x", "correct", "correct")
    with ProgressStore.open(tmp_path) as again:
        assert again.notice is None and again.solved("l") == {"e"}


def test_a_store_with_damaged_pages_is_moved_aside(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        for i in range(300):
            store.record_attempt("l", f"e{i}", "x" * 200, "wrong", "sign_error")
    data = bytearray((tmp_path / FILENAME).read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page: 4 * page] = b"\xff" * (2 * page)  # trash two b-tree pages
    (tmp_path / FILENAME).write_bytes(bytes(data))
    with ProgressStore.open(tmp_path) as store:
        assert "moved it to" in store.notice
        (moved,) = bad_files(tmp_path)
        assert (tmp_path / moved).read_bytes() == bytes(data)


# -- locks: waited for, never a reason to move the file -------------------------------------

def test_a_lock_released_while_waiting_is_waited_for(tmp_path):
    make_store(tmp_path)
    other = sqlite3.connect(tmp_path / FILENAME, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO solved (lesson_id, exercise_id, at) VALUES ('l', 'by-other', 'now')")

    def release():
        time.sleep(0.5)
        other.execute("COMMIT")

    thread = threading.Thread(target=release)
    thread.start()
    try:
        with ProgressStore.open(tmp_path) as store:
            assert store.notice is None and not store.read_only
            store.record_attempt("l", "e3", "x", "correct", "correct")
            assert store.solved("l") == {"e1", "by-other", "e3"}
    finally:
        thread.join()
        other.close()
    assert bad_files(tmp_path) == []


def test_a_lock_held_throughout_opens_read_only_and_the_other_commit_lands(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT", 0.3)
    before = make_store(tmp_path)
    other = sqlite3.connect(tmp_path / FILENAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO solved (lesson_id, exercise_id, at) VALUES ('l', 'by-other', 'now')")
    with ProgressStore.open(tmp_path) as store:
        one_line_naming_the_file(store.notice, tmp_path)
        assert store.notice.startswith("progress will not be saved: ")
        assert "locked by another program" in store.notice and "start again" in store.notice
        assert store.read_only
        assert store.solved("l") == {"e1"}  # what it holds (the other's insert is uncommitted)
        assert [a.answer for a in store.attempts("l", "e2")] == ["X @ d"]
        assert (tmp_path / FILENAME).read_bytes() == before
    other.execute("COMMIT")
    other.close()
    assert bad_files(tmp_path) == []
    with ProgressStore.open(tmp_path) as again:
        assert again.notice is None and again.solved("l") == {"e1", "by-other"}


def test_an_exclusive_lock_in_rollback_mode_keeps_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT", 0.3)
    make_store(tmp_path)
    conn = sqlite3.connect(tmp_path / FILENAME)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = (tmp_path / FILENAME).read_bytes()
    other = sqlite3.connect(tmp_path / FILENAME, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with ProgressStore.open(tmp_path) as store:
            one_line_naming_the_file(store.notice, tmp_path)
            assert "locked by another program" in store.notice and store.read_only
        assert (tmp_path / FILENAME).read_bytes() == before
        assert bad_files(tmp_path) == []
    finally:
        other.execute("ROLLBACK")
        other.close()


# -- permissions: in a child process without root's powers -----------------------------------

CHILD = r"""
import json, os, sys
sys.path.insert(0, {root!r})
from nntutor.store import ProgressStore, StoreError
if os.geteuid() == 0:
    os.setgroups([])
    os.setresgid({nobody}, {nobody}, {nobody})
    os.setresuid({nobody}, {nobody}, {nobody})
store = ProgressStore.open({home!r})
out = {{"notice": store.notice, "read_only": store.read_only, "solved": sorted(store.solved("l")),
        "attempts": [a.answer for a in store.attempts("l", "e2")]}}
try:
    store.record_attempt("l", "e9", "x", "correct", "correct")
    out["solved_after"] = sorted(store.solved("l"))
except StoreError as exc:
    out["error"] = str(exc)
store.close()
print(json.dumps(out))
"""


@pytest.fixture
def shared_home():
    """A folder another user can reach (pytest's tmp_path is private to root)."""
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions only")
    base = Path(tempfile.mkdtemp(prefix="nntutor-store-"))
    base.chmod(0o755)
    home = base / "home"
    home.mkdir()
    yield home
    for p in [base, *base.rglob("*")]:
        p.chmod(0o700 if p.is_dir() else 0o600)
    shutil.rmtree(base)


def run_child(home: Path) -> dict:
    if os.geteuid() == 0:
        for p in [home, *home.iterdir()]:
            os.chown(p, NOBODY, NOBODY)
    code = CHILD.format(root=str(ROOT), nobody=NOBODY, home=str(home))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=home.parent)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def set_modes(home: Path, file_mode: int | None, folder_mode: int | None) -> None:
    # the child makes its own lock files if it can; the modes below decide whether it can
    if file_mode is not None:
        (home / FILENAME).chmod(file_mode)
    if folder_mode is not None:
        home.chmod(folder_mode)


@pytest.mark.parametrize("case, file_mode, folder_mode", [
    ("read-only file", 0o444, None),
    ("read-only folder", None, 0o555),
    ("read-only file and folder", 0o444, 0o555),
])
def test_a_readable_but_unwritable_store_shows_its_progress(shared_home, case, file_mode,
                                                            folder_mode):
    before = make_store(shared_home)
    set_modes(shared_home, file_mode, folder_mode)
    out = run_child(shared_home)
    shared_home.chmod(0o755)
    notice = out["notice"]
    one_line_naming_the_file(notice, shared_home)
    assert notice.startswith("progress will not be saved: ")
    assert "writable" in notice  # what to do
    assert out["read_only"] is True
    assert out["solved"] == ["e1"] and out["attempts"] == ["X @ d"]
    assert (shared_home / FILENAME).read_bytes() == before
    assert bad_files(shared_home) == []


def test_an_unreadable_store_is_left_alone(shared_home):
    before = make_store(shared_home)
    set_modes(shared_home, 0o000, None)
    out = run_child(shared_home)
    (shared_home / FILENAME).chmod(0o644)
    one_line_naming_the_file(out["notice"], shared_home)
    assert "will not be saved" in out["notice"] and "permissions" in out["notice"]
    assert out["read_only"] is True and out["solved"] == []
    assert (shared_home / FILENAME).read_bytes() == before
    assert bad_files(shared_home) == []


def test_no_store_in_a_read_only_folder_keeps_progress_in_memory(shared_home):
    set_modes(shared_home, None, 0o555)
    out = run_child(shared_home)
    one_line_naming_the_file(out["notice"], shared_home)
    assert "will not be saved" in out["notice"]
    assert out["solved_after"] == ["e9"]  # this session still works, in memory
    assert list(shared_home.iterdir()) == []


# -- a full disk (file-size limit 0, and no free space reported) ----------------------------

FULL_CHILD = r"""
import json, resource, shutil, signal, sys
sys.path.insert(0, {root!r})
from nntutor import store as store_module
from nntutor.store import ProgressStore, StoreError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
Usage = type(shutil.disk_usage("/"))
store_module.shutil.disk_usage = lambda path: Usage(10**9, 10**9, 0)
out = {{}}
if {during!r}:
    store = ProgressStore.open({home!r})
    out["open_notice"] = store.notice
resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
if not {during!r}:
    store = ProgressStore.open({home!r})
    out["open_notice"] = store.notice
    out["read_only"] = store.read_only
out["solved"] = sorted(store.solved("l"))
try:
    store.record_attempt("l", "e9", "x" * 5000, "correct", "correct")
    out["wrote"] = True
except StoreError as exc:
    out["error"] = str(exc)
store.close()
print(json.dumps(out))
"""


@pytest.mark.parametrize("during", [False, True], ids=["at-launch", "while-running"])
def test_a_full_disk_keeps_the_store_and_says_so(tmp_path, during):
    if not hasattr(__import__("resource"), "RLIMIT_FSIZE"):
        pytest.skip("needs RLIMIT_FSIZE")
    before = make_store(tmp_path)
    code = FULL_CHILD.format(root=str(ROOT), home=str(tmp_path), during=during)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["solved"] == ["e1"]
    if during:
        assert out["open_notice"] is None
        assert "disk is full" in out["error"] and "free some space" in out["error"]
        assert str(tmp_path / FILENAME) in out["error"]
    else:
        one_line_naming_the_file(out["open_notice"], tmp_path)
        assert "disk is full" in out["open_notice"] and "free some space" in out["open_notice"]
        assert out["read_only"] is True
    assert (tmp_path / FILENAME).read_bytes() == before
    assert bad_files(tmp_path) == []
    with ProgressStore.open(tmp_path) as again:  # space freed: everything is still there
        assert again.notice is None and again.solved("l") == {"e1"}
