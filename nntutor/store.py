"""The learner's progress in SQLite: solved exercises, every attempt, hints taken, answers shown.

One file, `progress.sqlite3`, in NNTUTOR_HOME or the platform's user data directory.
Every write is one transaction, so a crash leaves either the old or the new state.
The schema version lives in `PRAGMA user_version`. A file that cannot be read, or that a
newer nntutor wrote, is renamed aside with a timestamp and a fresh store is started;
`notice` then says so in one line. Opening never raises: when even the fresh file cannot be
created, progress is kept in memory for this run and `notice` says that instead.

An exercise is finished once it is answered correctly; it counts as "solved" when the learner
got there alone and as "revealed" when the reference answer had been shown first (schema 2;
a schema-1 file is migrated in place: its solved rows stay "solved").
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

SCHEMA_VERSION = 2
FILENAME = "progress.sqlite3"
SOLVED, REVEALED = "solved", "revealed"  # how an exercise was finished

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    lesson_id TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    answer TEXT NOT NULL,
    verdict TEXT NOT NULL,
    diagnosis TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts (lesson_id, exercise_id);
CREATE TABLE IF NOT EXISTS solved (
    lesson_id TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    at TEXT NOT NULL,
    how TEXT NOT NULL DEFAULT 'solved',
    PRIMARY KEY (lesson_id, exercise_id)
);
CREATE TABLE IF NOT EXISTS reveals (
    lesson_id TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (lesson_id, exercise_id)
);
CREATE TABLE IF NOT EXISTS hints (
    lesson_id TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    taken INTEGER NOT NULL,
    PRIMARY KEY (lesson_id, exercise_id)
);
"""

# The columns each table must have for this version to use the file as it is.
_COLUMNS = {
    "attempts": {"id", "lesson_id", "exercise_id", "answer", "verdict", "diagnosis", "at"},
    "solved": {"lesson_id", "exercise_id", "at"},
    "hints": {"lesson_id", "exercise_id", "taken"},
    "reveals": {"lesson_id", "exercise_id", "at"},
}


class StoreError(Exception):
    """A write or read of the progress store failed (disk full, file locked...): one line."""


class _Unusable(Exception):
    """The file on disk cannot be used as it is; the message says why."""


@dataclass(frozen=True)
class Attempt:
    answer: str
    verdict: str
    diagnosis: str
    at: datetime  # when it was checked, UTC


def default_home() -> Path:
    """NNTUTOR_HOME if set, else the platform's user data directory for nntutor."""
    env = os.environ.get("NNTUTOR_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("nntutor"))


def _now() -> datetime:
    return datetime.now(timezone.utc)


class ProgressStore:
    """Progress in one SQLite connection shared by the UI and its worker threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notice: str | None = None):
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path
        self.notice = notice

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, home: Path | str | None = None) -> "ProgressStore":
        """Open (or create) the store in `home`, else NNTUTOR_HOME, else the user data dir."""
        home = Path(home).expanduser() if home is not None else default_home()
        path = home / FILENAME
        notice = None
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return cls._in_memory(path, f"cannot create {home} ({exc.strerror or exc})")
        try:
            return cls(_connect(path), path)
        except _Unusable as why:
            try:
                moved = _move_aside(path)
            except OSError as exc:
                return cls._in_memory(path, f"{path} {why} and could not be moved aside "
                                            f"({exc.strerror or exc})")
            notice = f"progress store {path} {why}: moved it to {moved.name} and started afresh"
        try:
            return cls(_connect(path), path, notice)
        except (_Unusable, OSError) as exc:
            return cls._in_memory(path, f"cannot create {path} ({exc})")

    @classmethod
    def in_memory(cls, notice: str | None = None) -> "ProgressStore":
        """A store that lives only as long as this object (tests, or no usable disk)."""
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        _create(conn)
        return cls(conn, Path(":memory:"), notice)

    @classmethod
    def _in_memory(cls, path: Path, why: str) -> "ProgressStore":
        store = cls.in_memory(f"{why}; progress will not be saved this session")
        store.path = path
        return store

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "ProgressStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------
    def record_attempt(self, lesson_id: str, exercise_id: str, answer: str, verdict: str,
                       diagnosis: str) -> None:
        """Store one checked answer; a 'correct' verdict also marks the exercise solved."""
        at = _now().isoformat()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO attempts (lesson_id, exercise_id, answer, verdict, diagnosis, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (str(lesson_id), str(exercise_id), str(answer), str(verdict), str(diagnosis), at),
            )
            if verdict == "correct":
                shown = conn.execute(
                    "SELECT 1 FROM reveals WHERE lesson_id = ? AND exercise_id = ?",
                    (str(lesson_id), str(exercise_id)),
                ).fetchone()
                conn.execute(
                    "INSERT OR IGNORE INTO solved (lesson_id, exercise_id, at, how) "
                    "VALUES (?, ?, ?, ?)",
                    (str(lesson_id), str(exercise_id), at, REVEALED if shown else SOLVED),
                )

    def record_reveal(self, lesson_id: str, exercise_id: str) -> None:
        """The reference answer was shown: a correct answer from now on counts as revealed."""
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO reveals (lesson_id, exercise_id, at) VALUES (?, ?, ?)",
                (str(lesson_id), str(exercise_id), _now().isoformat()),
            )

    def record_hint(self, lesson_id: str, exercise_id: str) -> int:
        """Count one more hint taken on this exercise; return the new count."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO hints (lesson_id, exercise_id, taken) VALUES (?, ?, 1) "
                "ON CONFLICT (lesson_id, exercise_id) DO UPDATE SET taken = taken + 1",
                (str(lesson_id), str(exercise_id)),
            )
            row = conn.execute(
                "SELECT taken FROM hints WHERE lesson_id = ? AND exercise_id = ?",
                (str(lesson_id), str(exercise_id)),
            ).fetchone()
        return int(row[0])

    # -- reading ------------------------------------------------------------------------
    def solved(self, lesson_id: str) -> set[str]:
        rows = self._read("SELECT exercise_id FROM solved WHERE lesson_id = ?", (str(lesson_id),))
        return {r[0] for r in rows}

    def outcomes(self, lesson_id: str) -> dict[str, str]:
        """{exercise id: "solved" or "revealed"} for every finished exercise of the lesson."""
        rows = self._read("SELECT exercise_id, how FROM solved WHERE lesson_id = ?",
                          (str(lesson_id),))
        return {e: how for e, how in rows}

    def revealed(self, lesson_id: str, exercise_id: str) -> bool:
        """Has the reference answer of this exercise been shown?"""
        return bool(self._read(
            "SELECT 1 FROM reveals WHERE lesson_id = ? AND exercise_id = ?",
            (str(lesson_id), str(exercise_id))))

    def attempts(self, lesson_id: str, exercise_id: str) -> list[Attempt]:
        """Every attempt on this exercise, oldest first."""
        rows = self._read(
            "SELECT answer, verdict, diagnosis, at FROM attempts "
            "WHERE lesson_id = ? AND exercise_id = ? ORDER BY id",
            (str(lesson_id), str(exercise_id)),
        )
        return [Attempt(a, v, d, datetime.fromisoformat(t)) for a, v, d, t in rows]

    def hints_taken(self, lesson_id: str, exercise_id: str) -> int:
        rows = self._read(
            "SELECT taken FROM hints WHERE lesson_id = ? AND exercise_id = ?",
            (str(lesson_id), str(exercise_id)),
        )
        return int(rows[0][0]) if rows else 0

    # -- plumbing -----------------------------------------------------------------------
    def _read(self, sql: str, params: tuple) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read progress from {self.path}: {exc}") from None

    def _write(self):
        return _Transaction(self)


class _Transaction:
    """Hold the lock, run the statements in one transaction, commit or roll back."""

    def __init__(self, store: ProgressStore):
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        self.store._lock.acquire()
        try:
            self.store._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            self.store._lock.release()
            raise StoreError(f"cannot write progress to {self.store.path}: {exc}") from None
        return self.store._conn

    def __exit__(self, exc_type, exc, tb) -> bool:
        conn = self.store._conn
        try:
            if exc_type is None:
                conn.execute("COMMIT")
                return False
            conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"cannot write progress to {self.store.path}: {exc}") from None
            return False
        except sqlite3.Error as err:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise StoreError(f"cannot write progress to {self.store.path}: {err}") from None
        finally:
            self.store._lock.release()


def _connect(path: Path) -> sqlite3.Connection:
    """Open `path` ready for this schema version, or raise _Unusable saying why not."""
    try:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=5)
    except sqlite3.Error as exc:
        raise _Unusable(f"could not be opened ({exc})") from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _Unusable(f"was written by a newer nntutor (schema {version}, "
                            f"this one reads {SCHEMA_VERSION})")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _Unusable(f"is damaged ({check})")
        _check_columns(conn)
        if version < SCHEMA_VERSION:
            _create(conn)
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as exc:
        conn.close()
        raise _Unusable(f"is unreadable ({exc})") from None
    except _Unusable:
        conn.close()
        raise
    return conn


def _create(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in filter(str.strip, _SCHEMA.split(";")):
            conn.execute(statement)
        _migrate(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring tables made by an older version up to this schema (inside _create's transaction)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(solved)")}
    if "how" not in have:  # schema 1: every solved row was solved without help
        conn.execute(f"ALTER TABLE solved ADD COLUMN how TEXT NOT NULL DEFAULT '{SOLVED}'")


def _check_columns(conn: sqlite3.Connection) -> None:
    for table, wanted in _COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if have and not wanted <= have:  # a table of that name made by something else
            raise _Unusable(f"has an unexpected layout (table {table!r})")


def _move_aside(path: Path) -> Path:
    """Rename the file (and its WAL companions) to `<name>.bad-<UTC timestamp>`."""
    stamp = _now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bad-{stamp}")
    k = 1
    while target.exists():
        k += 1
        target = path.with_name(f"{path.name}.bad-{stamp}-{k}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    return target
