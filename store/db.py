"""Opening the database and writing to it safely when several annotators share it."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from .errors import DatabaseLocked, DatabaseReadOnly, StoreError
from .file_checks import identify, newer_refusal, translate
from .reading import DEFAULT_DB, default_path
from .schema import migrations

BUSY_TIMEOUT_S = 5.0
_REFUSAL = "_parallax_write_refusal"


def default_busy_timeout() -> float:
    """Seconds a writer waits for another one; $PARALLAX_BUSY_TIMEOUT overrides."""
    return float(os.environ.get("PARALLAX_BUSY_TIMEOUT") or BUSY_TIMEOUT_S)


def open_db(path: str | Path, *, busy_timeout: float | None = None, migrate: bool = True) -> Database:
    """Open (creating if needed) and upgrade the store at `path`.

    The connection runs in autocommit mode at the driver level: every
    transaction is explicit (`write()` or sqlite-utils' `atomic()`), so no
    implicit BEGIN can hold a lock the user does not know about.

    Before anything is written, the file must be a Parallax database (its
    `application_id`, or the migrations table of one made before that was
    set) or a new, empty one: another program's SQLite file is refused, never
    converted. A database from a newer Parallax (migrations this one does not
    know) is opened for reading only.
    """
    path = Path(path)
    busy_timeout = default_busy_timeout() if busy_timeout is None else busy_timeout
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    if not path.parent.exists():
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    try:
        conn = sqlite3.connect(
            str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        # No sqlite-utils plugins: loading them scans every installed package.
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        newer = identify(db, path)
        if newer:
            refuse_writes(db, newer_refusal(path, newer))
            return db
        if path.exists() and not os.access(path, os.W_OK):
            return db
        mode = _switch_to_wal(db, busy_timeout)
        if mode.lower() != "wal":
            raise StoreError(f"{path}: could not switch to WAL journal (got {mode})")
        db.execute("PRAGMA synchronous = NORMAL")
        if migrate:
            with _translated(path, db):
                _migrate(db)
    except sqlite3.DatabaseError as err:
        raise translate(err, path) from None
    return db


def _switch_to_wal(db: Database, busy_timeout: float) -> str:
    """PRAGMA journal_mode = WAL, waiting like any writer would. SQLite answers
    "locked" at once, without the busy handler, when another process switched
    a new file to WAL and is creating the schema meanwhile."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            return db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as err:
            if "locked" not in str(err).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _migrate(db: Database) -> None:
    """Apply pending migrations under one write lock. Several processes may
    open a new database at once: the first creates it, the others wait for
    the lock (busy timeout), find nothing pending and go on."""
    if not migrations.pending(db):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def refuse_writes(db: Database, reason: str) -> None:
    """From now on every `write()` on `db` raises StoreError(reason); SQLite's
    query_only stops any other write as well."""
    setattr(db, _REFUSAL, reason)
    db.execute("PRAGMA query_only = ON")


def require_writable(db: Database) -> None:
    """Fail before a long import, not after it, when nothing can be saved."""
    refusal = getattr(db, _REFUSAL, None)
    if refusal:
        raise StoreError(refusal)
    path = db_path(db)
    if path != ":memory:" and not os.access(path, os.W_OK):
        raise DatabaseReadOnly(f"{path}: database is read-only; check the file's permissions")


@contextmanager
def write(db: Database) -> Iterator[Database]:
    """One read-then-write transaction, taken with BEGIN IMMEDIATE so that two
    writers never both read and then fail to upgrade their lock."""
    refusal = getattr(db, _REFUSAL, None)
    if refusal:
        raise StoreError(refusal)
    with _translated(db_path(db), db):
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")


@contextmanager
def _translated(path: Path | str, db: Database | None = None) -> Iterator[None]:
    try:
        yield
    except sqlite3.DatabaseError as err:
        waited = db.execute("PRAGMA busy_timeout").fetchone()[0] / 1000 if db else None
        raise translate(err, path, waited) from None


def db_path(db: Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] or ":memory:"
