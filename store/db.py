"""Opening the database and writing to it safely when several annotators share it."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from .errors import DatabaseLocked, DatabaseReadOnly, StoreError
from .reading import DEFAULT_DB, default_path
from .schema import migrations

BUSY_TIMEOUT_S = 5.0


def default_busy_timeout() -> float:
    """Seconds a writer waits for another one; $PARALLAX_BUSY_TIMEOUT overrides."""
    return float(os.environ.get("PARALLAX_BUSY_TIMEOUT") or BUSY_TIMEOUT_S)


def open_db(path: str | Path, *, busy_timeout: float | None = None, migrate: bool = True) -> Database:
    """Open (creating if needed) and upgrade the store at `path`.

    The connection runs in autocommit mode at the driver level: every
    transaction is explicit (`write()` or sqlite-utils' `atomic()`), so no
    implicit BEGIN can hold a lock the user does not know about.
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
        if path.exists() and not os.access(path, os.W_OK):
            _check_readable(db, path)
            return db
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"{path}: could not switch to WAL journal (got {mode})")
        db.execute("PRAGMA synchronous = NORMAL")
        if migrate:
            with _translated(path, db):
                migrations.apply(db)
    except sqlite3.DatabaseError as err:
        raise translate(err, path) from None
    return db


def require_writable(db: Database) -> None:
    """Fail before a long import, not after it, when nothing can be saved."""
    path = db_path(db)
    if path != ":memory:" and not os.access(path, os.W_OK):
        raise DatabaseReadOnly(f"{path}: database is read-only; check the file's permissions")


def _check_readable(db: Database, path: Path) -> None:
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as err:
        raise translate(err, path) from None


@contextmanager
def write(db: Database) -> Iterator[Database]:
    """One read-then-write transaction, taken with BEGIN IMMEDIATE so that two
    writers never both read and then fail to upgrade their lock."""
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


def translate(err: sqlite3.DatabaseError, path: Path | str, waited: float | None = None) -> StoreError:
    message = str(err)
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        after = f" (waited {waited:g} s)" if waited is not None else ""
        return DatabaseLocked(f"{path}: database is locked by another writer{after}; try again")
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseReadOnly(f"{path}: database is read-only; check the file's permissions")
    if "unable to open" in lowered:
        return StoreError(f"{path}: cannot open the database file")
    if "not a database" in lowered or "malformed" in lowered:
        return StoreError(f"{path}: not a Parallax database, or the file is damaged ({message})")
    if "disk" in lowered and "full" in lowered:
        return StoreError(f"{path}: disk full; nothing was saved")
    return StoreError(f"{path}: {message}")


def db_path(db: Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] or ":memory:"
