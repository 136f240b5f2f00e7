"""The learner's progress in SQLite: solved exercises, every attempt, hints taken, answers shown.

One file, `progress.sqlite3`, in NNTUTOR_HOME or the platform's user data directory.
Every write is one transaction, so a crash leaves either the old or the new state.
The schema version lives in `PRAGMA user_version`; the file is in WAL mode and every
statement waits up to BUSY_TIMEOUT for another program's lock.

Opening never raises and never loses a byte. Only a file SQLite calls corrupt ("not a
database", "malformed", a failed `PRAGMA quick_check`) is renamed aside with a timestamp and a
fresh store started. Any other fault (a lock held too long, a read-only file or folder, an
unreadable file, a full disk, a newer version's store) leaves the file where it is: its
contents are shown from a copy in memory (or nothing, when it cannot be read at all), writes
stay in memory this session, `read_only` is True, and `notice` says in one line which file,
why, and what to do.

An exercise is finished once it is answered correctly; it counts as "solved" when the learner
got there alone and as "revealed" when the reference answer had been shown first (schema 2;
a schema-1 file is migrated in place: its solved rows stay "solved").
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

SCHEMA_VERSION = 2
FILENAME = "progress.sqlite3"
SOLVED, REVEALED = "solved", "revealed"  # how an exercise was finished
BUSY_TIMEOUT = 5.0  # seconds to wait for another program's lock before giving up
FULL_BELOW = 1024 * 1024  # free bytes under which a write failure is called "the disk is full"

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
    """The file is sound but this version cannot write it; the message says why."""


class _Corrupt(Exception):
    """SQLite says the file is damaged or not a database: the one case it is moved aside."""


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
        self.read_only = False  # True: the file is not written (see `notice`)

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, home: Path | str | None = None) -> "ProgressStore":
        """Open (or create) the store in `home`, else NNTUTOR_HOME, else the user data dir.

        Only a file SQLite itself calls corrupt is moved aside. Any other fault (locked past
        the busy timeout, read-only, unreadable, disk full, a newer version's file) leaves the
        file as it is: what it holds is shown from a read-only copy in memory, or nothing
        when it cannot be read at all, and `notice` says why progress will not be saved."""
        home = Path(home).expanduser() if home is not None else default_home()
        path = home / FILENAME
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return cls._in_memory(path, f"cannot create the folder {home} "
                                        f"({exc.strerror or exc}); set NNTUTOR_HOME to a folder "
                                        "you can write to")
        try:
            return cls(_connect(path), path)
        except _Corrupt as why:
            return cls._start_afresh(path, str(why))
        except _Unusable as why:
            return cls._read_only(path, str(why))
        except (sqlite3.Error, OSError) as exc:
            return cls._read_only(path, _fault(exc, path))

    @classmethod
    def _start_afresh(cls, path: Path, why: str) -> "ProgressStore":
        try:
            moved = _move_aside(path)
        except OSError as exc:
            return cls._in_memory(path, f"progress store {path} {why} and could not be moved "
                                        f"aside ({exc.strerror or exc}); move or delete it")
        notice = (f"progress store {path} {why}: moved it to {moved.name} and started afresh "
                  "(keep that file if you want to try recovering it)")
        try:
            return cls(_connect(path), path, notice)
        except (_Unusable, sqlite3.Error, OSError) as exc:
            return cls._in_memory(path, f"{notice}, but cannot create the new one "
                                        f"({_fault(exc, path) if isinstance(exc, (sqlite3.Error, OSError)) else exc})")

    @classmethod
    def _read_only(cls, path: Path, why: str) -> "ProgressStore":
        """What the file holds, copied into memory; writes stay in memory this session."""
        conn = _snapshot(path) if path.exists() else None
        if conn is None:
            return cls._in_memory(path, f"{path} {why}")
        store = cls(conn, path, f"progress will not be saved: {path} {why}")
        store.read_only = True
        return store

    @classmethod
    def in_memory(cls, notice: str | None = None) -> "ProgressStore":
        """A store that lives only as long as this object (tests, or no usable disk)."""
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        _create(conn)
        return cls(conn, Path(":memory:"), notice)

    @classmethod
    def _in_memory(cls, path: Path, why: str) -> "ProgressStore":
        store = cls.in_memory(f"progress will not be saved this session: {why}")
        store.path = path
        store.read_only = True
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
                raise StoreError(f"cannot read progress: {self.path} {_fault(exc, self.path)}") from None

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
            raise _write_error(self.store.path, exc) from None
        return self.store._conn

    def __exit__(self, exc_type, exc, tb) -> bool:
        conn = self.store._conn
        try:
            if exc_type is None:
                conn.execute("COMMIT")
                return False
            conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _write_error(self.store.path, exc) from None
            return False
        except sqlite3.Error as err:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise _write_error(self.store.path, err) from None
        finally:
            self.store._lock.release()


def _write_error(path: Path, exc: sqlite3.Error) -> StoreError:
    return StoreError(f"progress not saved: {path} {_fault(exc, path)}")


def _connect(path: Path) -> sqlite3.Connection:
    """Open `path` ready for this schema version and writable.

    Raises _Corrupt when SQLite says the file is damaged, _Unusable when it is sound but not
    ours to write (a newer version's), and sqlite3.Error for every other fault (locked,
    read-only, unreadable, disk full), which leaves the file alone."""
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None,
                           timeout=BUSY_TIMEOUT)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _Corrupt(f"is damaged ({check})")
        if version > SCHEMA_VERSION:
            raise _Unusable(f"was written by a newer nntutor (schema {version}, this one reads "
                            f"{SCHEMA_VERSION}): update nntutor to keep saving progress")
        _check_columns(conn)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
        if version < SCHEMA_VERSION:
            _create(conn)
        _probe_write(conn)
    except sqlite3.Error as exc:
        conn.close()
        if _is_corrupt(exc):
            raise _Corrupt(f"is unreadable ({exc})") from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _probe_write(conn: sqlite3.Connection) -> None:
    """Take the write lock and write nothing for good: raises if the file cannot be written."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {int(version)}")
    finally:
        conn.execute("ROLLBACK")


def _is_corrupt(exc: sqlite3.Error) -> bool:
    """SQLite's own verdict that the file is damaged or not a database at all."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    return (name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
            or any(s in text for s in ("not a database", "malformed", "file is encrypted")))


def _fault(exc: BaseException, path: Path) -> str:
    """A fault that is not corruption, in words, with what the learner can do about it."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    err = getattr(exc, "errno", None)
    text = str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
    folder = path.parent
    full = (f"cannot be written: the disk is full ({text}); free some space and start nntutor "
            "again")
    if name.startswith("SQLITE_FULL") or err == errno.ENOSPC:
        return full
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"is locked by another program ({text}); close the other nntutor (or whatever "
                "holds the file) and start again")
    if name.startswith("SQLITE_READONLY") or err in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"cannot be written ({text}); make it and its folder {folder} writable, or set "
                "NNTUTOR_HOME to a folder you can write to")
    if _disk_full(folder):  # a full disk often shows only as an I/O error
        return full
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return (f"cannot be opened ({text}); check its permissions (ls -l {path}), or set "
                "NNTUTOR_HOME to a folder you can write to")
    return f"cannot be used ({text}); check the disk and the file's permissions (ls -l {path})"


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def _snapshot(path: Path) -> sqlite3.Connection | None:
    """A copy in memory of what the file holds, read without writing anything beside it;
    None when it cannot be read (or is not a usable store)."""
    mem = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    uri = "file:" + quote(str(path.resolve()))  # (not as_uri: no import on a fault path)
    for mode in ("mode=ro", "immutable=1"):  # immutable: no -shm needed (read-only folder)
        try:
            src = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=BUSY_TIMEOUT)
        except sqlite3.Error:
            continue
        try:
            # A read transaction first: it waits out a lock for BUSY_TIMEOUT and then fails,
            # where backup() alone would retry forever; held, it keeps the copy consistent.
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            src.backup(mem)
            version = mem.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                break  # a newer layout: show nothing rather than misread it
            _check_columns(mem)
            _create(mem)
            return mem
        except (sqlite3.Error, _Unusable):
            continue
        finally:
            src.close()
    mem.close()
    return None


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
            raise _Unusable(f"is not an nntutor progress store (its table {table!r} has other "
                            "columns): move it elsewhere, or set NNTUTOR_HOME to another folder")


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
