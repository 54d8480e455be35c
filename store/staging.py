"""Bulk writes in two phases, so that a big file neither holds the write lock
for long nor lands half.

1. **Stage.** Everything is read, validated and written into a private
   staging database beside the target (`.NAME.ULID.staging`). The target is
   only read, never locked; any error ends here, the staging file is removed
   and nothing is stored.
2. **Apply.** The staged rows go into the target in batches, each its own
   short `BEGIN IMMEDIATE` transaction (sized to take about BATCH_SECONDS, so
   annotators saving tags on the same database wait at most that long). Each
   batch is idempotent (articles by hash, annotations by id, newer wins), so
   applying a batch twice changes nothing.

Before the first batch the job is recorded in the target (`bulk_jobs`: kind,
source, staging file). If the process dies during phase 2 (Ctrl-C, kill,
power cut), the next `parallax` command that writes finds the job and applies
the staged rows again from the start: a file that passed validation ends up
stored whole. While a job runs, its process holds an advisory lock on the
staging file, so a command started meanwhile leaves that job alone.
"""

from __future__ import annotations

import fcntl
import importlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from .db import db_path, write
from .errors import StoreError
from .ids import new_id, now

ALIAS = "staging"
BATCH_SECONDS = float(os.environ.get("PARALLAX_BATCH_SECONDS") or 0.1)
"""Target time of one batch's transaction (the goal is ≤ 0.5 s of lock);
$PARALLAX_BATCH_SECONDS overrides it."""
APPLIERS = {
    "import": "parallax.store.article_staging:apply",
    "import-annotations": "parallax.store.jsonl_import:apply",
    "merge": "parallax.store.merge:apply",
}
"""What applies a staged job of each kind (resolved lazily: those modules import this one)."""


class Staging:
    """A private SQLite file beside the target; locked (flock) while in use."""

    def __init__(self, target: Database, schema: str):
        folder = Path(db_path(target)).parent if db_path(target) != ":memory:" else Path(".")
        name = Path(db_path(target)).name
        self.path = folder / f".{name}.{new_id()}.staging"
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._lock: int | None = os.open(self.path, os.O_RDONLY)
        except (OSError, sqlite3.Error) as err:
            raise StoreError(f"{folder}: cannot create a staging file there ({err})") from None
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        # Only this process writes it, and a crash while staging discards it anyway.
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.executescript(schema)
        self.conn.execute("BEGIN")

    def seal(self) -> None:
        """Commit and flush to disk: from here on, a crash rolls the job forward."""
        self.conn.execute("COMMIT")
        self.conn.close()
        with open(self.path, "rb") as handle:
            os.fsync(handle.fileno())

    def discard(self) -> None:
        with suppress(sqlite3.Error):
            self.conn.close()
        with suppress(FileNotFoundError):
            self.path.unlink()
        self.unlock()

    def unlock(self) -> None:
        """Let `resume()` take the job over (this process gives up on it)."""
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


@dataclass
class Job:
    id: str
    kind: str
    source: str
    staging: Path


def run_job(db: Database, kind: str, source: str, staging: Staging, apply: Callable[[Database, Job], Any]) -> Any:
    """Record the job, apply it, forget it. The staging file is removed only
    after the job row is gone: if anything stops us in between, the job is
    finished by `resume()`."""
    job = Job(new_id(), kind, source, staging.path)
    try:
        staging.seal()
        with write(db):
            db.execute("INSERT INTO bulk_jobs (id, kind, source, staging, created_at) VALUES (?, ?, ?, ?, ?)",
                       [job.id, kind, source, str(job.staging), now()])
    except BaseException:
        staging.discard()
        raise
    try:
        result = apply(db, job)
        with write(db):
            db.execute("DELETE FROM bulk_jobs WHERE id = ?", [job.id])
    except StoreError as err:
        staging.unlock()
        raise StoreError(f"{err} (the {kind} of {source} is staged: the next parallax command on this "
                         "database finishes it)") from None
    except BaseException:
        staging.unlock()
        raise
    staging.discard()
    return result


def pending(db: Database) -> bool:
    """Whether a bulk job is recorded (cheap; false on a database without the table)."""
    try:
        return db.execute("SELECT 1 FROM bulk_jobs LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:
        return False


def resume(db: Database) -> list[str]:
    """Finish the jobs an earlier process left (see the module docstring);
    returns one line per job for the user."""
    messages = []
    for job_id, kind, source, staging in db.execute("SELECT id, kind, source, staging FROM bulk_jobs ORDER BY id"
                                                    ).fetchall():
        job = Job(job_id, kind, source, Path(staging))
        try:
            lock = os.open(job.staging, os.O_RDONLY)
        except FileNotFoundError:
            with write(db):
                db.execute("DELETE FROM bulk_jobs WHERE id = ?", [job.id])
            messages.append(f"{source}: an interrupted {kind} lost its staged rows; run it again")
            continue
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock)
            continue  # its process is still at work
        try:
            module, name = APPLIERS[kind].split(":")
            getattr(importlib.import_module(module), name)(db, job)
            with write(db):
                db.execute("DELETE FROM bulk_jobs WHERE id = ?", [job.id])
            with suppress(FileNotFoundError):
                job.staging.unlink()
        finally:
            os.close(lock)
        messages.append(f"{source}: finished the {kind} that was interrupted")
    return messages


@contextmanager
def attached(db: Database, job: Job) -> Iterator[None]:
    db.execute(f"ATTACH DATABASE ? AS {ALIAS}", [f"file:{quote(str(job.staging))}?mode=ro"])
    attached_path = {row[1]: row[2] for row in db.execute("PRAGMA database_list")}.get(ALIAS)
    if not attached_path or not os.path.samefile(attached_path, job.staging):
        db.execute(f"DETACH DATABASE {ALIAS}")
        raise StoreError(f"{job.staging}: could not open it read-only (SQLite without URI filenames?)")
    try:
        yield
    finally:
        db.execute(f"DETACH DATABASE {ALIAS}")


def in_batches(db: Database, keys: list, apply: Callable[[Any, Any], None], first: int = 500) -> None:
    """Call `apply(first_key, last_key)` inside one write transaction per batch
    of `keys` (sorted), sizing the batches to about BATCH_SECONDS each."""
    size, index = first, 0
    while index < len(keys):
        chunk = keys[index: index + size]
        started = time.perf_counter()
        with write(db):
            apply(chunk[0], chunk[-1])
        took = time.perf_counter() - started
        index += len(chunk)
        # Grow at most fourfold at a time: one fast batch says little about the next.
        size = max(1, min(200_000, int(size * min(4.0, BATCH_SECONDS / max(took, 1e-6)))))


def staged_keys(db: Database, table: str, column: str = "rowid") -> list:
    return [row[0] for row in db.execute(f"SELECT {column} FROM {ALIAS}.{table} ORDER BY {column}")]
