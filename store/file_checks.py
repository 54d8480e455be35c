"""Whether a file is a Parallax database, and SQLite's errors as one line.

On the standard library's `sqlite3` alone: the reader's plain connection
(`store.reading`, which must not load sqlite-utils before its first frame),
the store's (`store.db`) and a merge source (`store.merge_source`) check a
file the same way. Every function takes any DB-API connection.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .errors import DatabaseLocked, DatabaseReadOnly, StoreError

APPLICATION_ID = 0x50524C58
"""`PRAGMA application_id` of a Parallax database ("PRLX"): how a file says it
is ours before anything is written to it."""
MIGRATION_SET = "parallax"
MIGRATIONS_TABLE = "_sqlite_migrations"
KNOWN_MIGRATIONS = (
    "m001_initial",
    "m010_links_status_and_group_edits",
    "m011_application_id",
    "m012_bulk_jobs",
)
"""The migrations of store/schema.py, in its order (schema.py refuses to load
when they differ): what this Parallax knows, so that the reader tells a newer
database without importing sqlite-utils."""


def identify(conn: Any, path: Path | str) -> list[str]:
    """Refuse a file that is not ours (StoreError); return the migrations it
    has that this Parallax does not know (a newer Parallax made it).

    Ours: the application id says so, or (a database from before the id was
    set) it is 0 and the file holds our migrations table, or it is empty."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    applied: set[str] = set()
    if MIGRATIONS_TABLE in names:
        applied = {row[0] for row in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET])}
    ours = application_id == APPLICATION_ID or (application_id == 0 and (applied or not names))
    if not ours:
        owner = f"application id {application_id:#x}" if application_id else "no Parallax tables"
        raise StoreError(f"{path}: not a Parallax database ({owner}); Parallax does not convert other "
                         "programs' files — give --db a new file or a Parallax database")
    return sorted(applied - set(KNOWN_MIGRATIONS))


def newer_refusal(path: Path | str, newer: list[str]) -> str:
    return (f"{path}: made by a newer Parallax ({', '.join(newer)}); this one only reads it "
            "— upgrade Parallax to write to it")


def translate(err: sqlite3.DatabaseError, path: Path | str, waited: float | None = None) -> StoreError:
    """SQLite's error as the one line a user can act on."""
    message = str(err)
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        after = f" (waited {waited:g} s)" if waited is not None else ""
        return DatabaseLocked(f"{path}: database is locked by another writer{after}; try again")
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseReadOnly(f"{path}: database is read-only; check the file's permissions")
    if "unable to open" in lowered:
        return StoreError(f"{path}: cannot open the database file")
    if "not a database" in lowered:
        return StoreError(f"{path}: not a Parallax database (not an SQLite file, or its first page is damaged)")
    if "malformed" in lowered or "corrupt" in lowered:
        return StoreError(f"{path}: the database file is damaged ({message}); restore it from a backup "
                          "(`parallax backup` makes one) or try `sqlite3 FILE .recover`")
    if "disk" in lowered and "full" in lowered:
        return StoreError(f"{path}: disk full; nothing was saved")
    return StoreError(f"{path}: {message}")
