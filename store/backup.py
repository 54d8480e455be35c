"""A consistent copy of a live database: SQLite's online backup API.

`cp annotations.db` copies only what has been checkpointed into the main file
and misses every row still in the -wal file (with a reader open, most of
them). The backup API reads the database as one snapshot through SQLite,
WAL included; in WAL mode that read blocks neither readers nor writers.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from .db import db_path, translate
from .errors import StoreError


@dataclass(frozen=True)
class BackupSummary:
    path: str
    bytes: int
    seconds: float
    annotations: int


def backup(db: Database, out: str | Path) -> BackupSummary:
    """Copy `db` to the new file `out` in one snapshot; the copy is a single
    self-contained file (rollback journal, no -wal) and is checked before it
    is given its name."""
    started = time.monotonic()
    out = Path(out)
    source = db_path(db)
    if out.exists() or out.is_symlink():
        raise StoreError(f"{out}: exists; give the backup a new name (nothing is overwritten)")
    if not out.parent.is_dir():
        raise StoreError(f"{out}: folder {out.parent} does not exist")
    if source != ":memory:" and Path(source).resolve() == out.resolve():
        raise StoreError(f"{out}: is the database being backed up")
    temporary = out.parent / f".{out.name}.{os.getpid()}.partial"
    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            # pages=-1: one step, one read snapshot. Steps of a few pages would
            # restart whenever a writer commits, and never end under a busy writer.
            db.conn.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode = DELETE")
            check = copy.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StoreError(f"{source}: the copy failed its check ({check}); the database may be damaged")
            count = copy.execute("SELECT count(*) FROM annotations").fetchone()[0]
        finally:
            copy.close()
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        # link() fails if `out` appeared meanwhile: never replace someone's file.
        os.link(temporary, out)
    except sqlite3.DatabaseError as err:
        raise translate(err, source) from None
    except FileExistsError:
        raise StoreError(f"{out}: exists; give the backup a new name (nothing is overwritten)") from None
    except OSError as err:
        raise StoreError(f"{out}: cannot write the backup: {err.strerror or err}") from None
    finally:
        with suppress(FileNotFoundError):
            temporary.unlink()
    return BackupSummary(str(out), out.stat().st_size, time.monotonic() - started, count)
