"""ProgressStore: persisted, atomic, and never fatal when the file on disk is bad."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone

import pytest

from nntutor.store import FILENAME, SCHEMA_VERSION, Attempt, ProgressStore, StoreError


def test_fresh_store_is_empty_and_versioned(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is None
        assert store.path == tmp_path / FILENAME
        assert store.solved("xor") == set()
        assert store.attempts("xor", "dW2") == []
        assert store.hints_taken("xor", "dW2") == 0
    conn = sqlite3.connect(tmp_path / FILENAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_attempts_and_solved_persist_across_two_opens(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt("xor", "dW2", "A1 @ dZ2", "wrong", "missing_transpose")
        store.record_attempt("xor", "dW2", "A1.T @ dZ2", "correct", "correct")
        store.record_attempt("xor", "db2", "dZ2", "wrong", "shape_mismatch")
        assert store.record_hint("xor", "db2") == 1
        assert store.record_hint("xor", "db2") == 2
    with ProgressStore.open(tmp_path) as again:
        assert again.notice is None
        assert again.solved("xor") == {"dW2"}
        assert again.solved("celsius") == set()
        history = again.attempts("xor", "dW2")
        assert [(a.answer, a.verdict, a.diagnosis) for a in history] == [
            ("A1 @ dZ2", "wrong", "missing_transpose"),
            ("A1.T @ dZ2", "correct", "correct"),
        ]
        assert all(isinstance(a, Attempt) and a.at.tzinfo is not None for a in history)
        assert abs((datetime.now(timezone.utc) - history[-1].at).total_seconds()) < 3600
        assert again.hints_taken("xor", "db2") == 2
        assert again.hints_taken("xor", "dW2") == 0


def test_solving_twice_keeps_one_solved_row_but_every_attempt(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        for _ in range(3):
            store.record_attempt("l", "e", "x", "correct", "correct")
        assert store.solved("l") == {"e"}
        assert len(store.attempts("l", "e")) == 3


def test_a_corrupt_file_is_moved_aside_with_one_line_notice(tmp_path):
    (tmp_path / FILENAME).write_bytes(b"this is not a database at all\n" * 200)
    store = ProgressStore.open(tmp_path)
    try:
        assert store.notice is not None and "\n" not in store.notice
        assert "unreadable" in store.notice and "started afresh" in store.notice
        moved = [p for p in tmp_path.iterdir() if p.name.startswith(FILENAME + ".bad-")]
        assert len(moved) == 1
        assert moved[0].name in store.notice
        assert moved[0].read_bytes().startswith(b"this is not a database")
        store.record_attempt("l", "e", "x", "correct", "correct")
        assert store.solved("l") == {"e"}
    finally:
        store.close()
    with ProgressStore.open(tmp_path) as again:
        assert again.notice is None
        assert again.solved("l") == {"e"}


def test_a_store_from_a_newer_version_is_kept_and_not_written(tmp_path):
    conn = sqlite3.connect(tmp_path / FILENAME)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = (tmp_path / FILENAME).read_bytes()
    with ProgressStore.open(tmp_path) as store:
        assert "newer nntutor" in store.notice and "update nntutor" in store.notice
        assert f"schema {SCHEMA_VERSION + 1}" in store.notice and str(store.path) in store.notice
        assert store.read_only and store.solved("l") == set()
        store.record_attempt("l", "e", "x", "correct", "correct")  # kept in memory only
    assert not [p for p in tmp_path.iterdir() if ".bad-" in p.name]
    assert (tmp_path / FILENAME).read_bytes() == before


def test_a_foreign_database_with_clashing_tables_is_kept(tmp_path):
    conn = sqlite3.connect(tmp_path / FILENAME)
    conn.execute("CREATE TABLE attempts (something_else TEXT)")
    conn.commit()
    conn.close()
    before = (tmp_path / FILENAME).read_bytes()
    with ProgressStore.open(tmp_path) as store:
        assert "not an nntutor progress store" in store.notice and "NNTUTOR_HOME" in store.notice
        store.record_attempt("l", "e", "x", "wrong", "sign_error")
        assert len(store.attempts("l", "e")) == 1
    assert (tmp_path / FILENAME).read_bytes() == before


def test_two_bad_files_in_the_same_second_do_not_overwrite_each_other(tmp_path):
    for content in (b"first garbage" * 100, b"second garbage" * 100):
        (tmp_path / FILENAME).write_bytes(content)
        ProgressStore.open(tmp_path).close()
    moved = sorted(p.name for p in tmp_path.iterdir() if ".bad-" in p.name)
    assert len(moved) == 2


def test_nntutor_home_overrides_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("NNTUTOR_HOME", str(tmp_path / "home"))
    with ProgressStore.open() as store:
        assert store.path == tmp_path / "home" / FILENAME
        store.record_attempt("l", "e", "x", "correct", "correct")
    assert (tmp_path / "home" / FILENAME).exists()


def test_an_uncreatable_home_keeps_progress_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the directory should be")
    with ProgressStore.open(blocker / "sub") as store:
        assert "will not be saved" in store.notice and "\n" not in store.notice
        store.record_attempt("l", "e", "x", "correct", "correct")
        assert store.solved("l") == {"e"}


def test_writes_from_threads_all_land(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        def work(k):
            for i in range(20):
                store.record_attempt("l", f"e{k}", str(i), "wrong", "wrong_values")
                store.record_hint("l", "shared")

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [len(store.attempts("l", f"e{k}")) for k in range(4)] == [20] * 4
        assert store.hints_taken("l", "shared") == 80


def test_a_failed_write_rolls_back_and_says_so(tmp_path):
    store = ProgressStore.open(tmp_path)
    store.record_attempt("l", "e", "x", "wrong", "sign_error")
    store._conn.execute("DROP TABLE solved")  # sabotage: the solved insert will fail
    with pytest.raises(StoreError, match="progress not saved: .*no such table"):
        store.record_attempt("l", "e", "y", "correct", "correct")
    # the attempt insert of the failed transaction was rolled back with it
    assert [a.answer for a in store.attempts("l", "e")] == ["x"]
    store.close()


def test_an_in_memory_store_works_and_keeps_nothing(tmp_path):
    store = ProgressStore.in_memory()
    store.record_attempt("l", "e", "x", "correct", "correct")
    assert store.solved("l") == {"e"} and store.notice is None
    store.close()
    assert not any(tmp_path.iterdir())


# -- revealed answers (schema 2) ---------------------------------------------------------
def test_solved_after_the_answer_was_shown_is_recorded_as_revealed(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt("xor", "dW2", "A1.T @ dZ2", "correct", "correct")
        store.record_reveal("xor", "db2")
        assert store.revealed("xor", "db2") and not store.revealed("xor", "dW2")
        store.record_attempt("xor", "db2", "dZ2.sum(axis=0, keepdims=True)", "correct",
                             "correct")
        store.record_reveal("xor", "dW2")  # shown after solving: it stays solved
    with ProgressStore.open(tmp_path) as again:
        assert again.outcomes("xor") == {"dW2": "solved", "db2": "revealed"}
        assert again.solved("xor") == {"dW2", "db2"}


def test_a_schema_1_file_is_migrated_and_keeps_its_progress(tmp_path):
    conn = sqlite3.connect(tmp_path / FILENAME)
    conn.executescript("""
        CREATE TABLE attempts (id INTEGER PRIMARY KEY, lesson_id TEXT NOT NULL,
            exercise_id TEXT NOT NULL, answer TEXT NOT NULL, verdict TEXT NOT NULL,
            diagnosis TEXT NOT NULL, at TEXT NOT NULL);
        CREATE TABLE solved (lesson_id TEXT NOT NULL, exercise_id TEXT NOT NULL,
            at TEXT NOT NULL, PRIMARY KEY (lesson_id, exercise_id));
        CREATE TABLE hints (lesson_id TEXT NOT NULL, exercise_id TEXT NOT NULL,
            taken INTEGER NOT NULL, PRIMARY KEY (lesson_id, exercise_id));
        INSERT INTO attempts VALUES (1, 'xor', 'dW2', 'A1.T @ dZ2', 'correct', 'correct',
            '2026-01-01T00:00:00+00:00');
        INSERT INTO solved VALUES ('xor', 'dW2', '2026-01-01T00:00:00+00:00');
        INSERT INTO hints VALUES ('xor', 'db2', 2);
        PRAGMA user_version = 1;
    """)
    conn.close()
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is None  # migrated, not moved aside
        assert store.outcomes("xor") == {"dW2": "solved"}
        assert store.hints_taken("xor", "db2") == 2
        assert [a.answer for a in store.attempts("xor", "dW2")] == ["A1.T @ dZ2"]
        store.record_reveal("xor", "db2")
        store.record_attempt("xor", "db2", "x", "correct", "correct")
        assert store.outcomes("xor") == {"dW2": "solved", "db2": "revealed"}
    conn = sqlite3.connect(tmp_path / FILENAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()
