"""Reading a database made elsewhere, which `merge` must treat as hostile.

The source is opened read-only in a connection of its own, with
`trusted_schema` off and a progress handler that stops a query on Ctrl-C or
when it runs far longer than the file's size can justify. The source is
never attached to the target's connection: the target is only attached,
read-only, to this one, so reading holds no lock there. Only real tables of
the expected shape are read (no view, virtual table or foreign trigger where
a table is expected), and with NOT INDEXED: no index of the source's making
stands in for its rows. Every row is checked like an import line
(`merge_checks.py`: types, offsets inside its article's text, span and
entity text equal to the text there, JSON that parses, an article's SHA-256
equal to the hash of its text, timestamps in our format and not in the
future; links, entity-group edits and link journal entries alike) — except
the rows the target already holds, value for value (`merge_known.py`) — and
copied into the staging file. The first bad row stops the merge with
`file: table row: field: reason`.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from .errors import StoreError
from .file_checks import KNOWN_MIGRATIONS, MIGRATION_SET, MIGRATIONS_TABLE, identify, translate
from .merge_checks import Rows
from .merge_known import KEYS, map_articles, not_here
from .merge_rows import TABLES, columns

STEPS_PER_BYTE = 100
"""A query may take this many SQLite VM steps per byte of the source file
(plus a floor) before it is a runaway; a plain read needs a few."""
_FTS_TRIGGERS = {"articles_ai", "articles_ad", "articles_au"}


def read_source(path: Path, staging: Path, target: str | None) -> None:
    """Check the database at `path` and copy its rows into the staging file at
    `staging` (whose tables have the same names and columns), or raise
    StoreError. The rows the database at `target` already holds are copied
    unchecked (`merge_known.py`).

    One connection does it all, in one read transaction: the source opened
    read-only as its main database, the staging file and the target
    (read-only) attached. The rows are checked in Python, then copied by
    SQLite (`INSERT … SELECT`) from the same snapshot: what is staged is
    what was checked, without a second trip through Python."""
    with _guarded(path) as source:
        encoding = source.execute("PRAGMA encoding").fetchone()[0]
        if encoding != "UTF-8":
            raise StoreError(f"{path}: stores its text as {encoding}; Parallax databases are UTF-8 "
                             f"(`sqlite3 {path} .dump | sqlite3 NEW.db` makes a UTF-8 copy); not merged")
        source.execute("ATTACH DATABASE ? AS staging", [str(staging)])
        source.execute("PRAGMA staging.journal_mode = OFF")
        source.execute("PRAGMA staging.synchronous = OFF")
        known = target is not None and _attach_target(source, target)
        source.execute("BEGIN")
        _check_schema(source, path)
        source.execute("PRAGMA query_only = OFF")  # the source stays read-only: it is opened so
        _copy(source, path, known)
        source.execute("COMMIT")


def _attach_target(source: Database, target: str) -> bool:
    """Whether the target could be attached read-only (an in-memory one cannot:
    then every row is checked)."""
    if target == ":memory:":
        return False
    try:
        source.execute("ATTACH DATABASE ? AS target", [f"file:{quote(target)}?mode=ro"])
    except sqlite3.OperationalError:
        return False
    return True


@contextmanager
def _guarded(path: Path) -> Iterator[Database]:
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.DatabaseError as err:
        raise translate(err, path) from None
    source = Database(conn, execute_plugins=False)
    budget = max(2_000, STEPS_PER_BYTE * path.stat().st_size // 10_000)
    state = {"calls": 0, "interrupted": False}

    def progress() -> int:
        state["calls"] += 1
        return int(state["interrupted"] or state["calls"] > budget)

    conn.set_progress_handler(progress, 10_000)
    previous = None
    if threading.current_thread() is threading.main_thread():
        def interrupt(signum: int, frame: Any) -> None:
            state["interrupted"] = True

        previous = signal.signal(signal.SIGINT, interrupt)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA query_only = ON")
        try:
            yield source
        except sqlite3.OperationalError as err:
            if state["interrupted"]:
                raise KeyboardInterrupt from None
            if "interrupted" in str(err):
                raise StoreError(f"{path}: a query on it ran away (far longer than its size allows); "
                                 "not merged") from None
            raise translate(err, path) from None
        except sqlite3.DatabaseError as err:
            raise translate(err, path) from None
        if state["interrupted"]:
            raise KeyboardInterrupt
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        conn.close()


def _check_schema(source: Database, path: Path) -> None:
    newer = identify(source, path)
    if newer:
        raise StoreError(f"{path}: made by a newer Parallax ({', '.join(newer)}); upgrade Parallax first")
    try:
        applied = {row[0] for row in source.execute(
            f"SELECT name FROM main.{MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET])}
    except sqlite3.OperationalError:
        applied = set()
    if applied and set(KNOWN_MIGRATIONS) - applied:
        # it is opened read-only here: upgrading it is its owner's first open
        raise StoreError(f"{path}: made by an older Parallax; open it once with this one "
                         f"(`parallax stories --db {path}`) to upgrade it, then merge")
    objects = {name: (kind, sql or "", table) for kind, name, table, sql in source.execute(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_master")}
    for table in TABLES:
        kind, sql, _ = objects.get(table, (None, "", None))
        if kind is None:
            raise StoreError(f"{path}: has no {table} table; not a Parallax database")
        if kind != "table" or not sql.upper().startswith("CREATE TABLE"):
            what = "a virtual table" if kind == "table" else f"a {kind}"
            raise StoreError(f"{path}: {table} is {what}, not a table; refusing to read it")
        have = {row[1] for row in source.execute(f"PRAGMA main.table_info({table})")}
        missing = [c for c in columns(table) if c not in have]
        if missing:
            raise StoreError(f"{path}: {table} lacks the column(s) {', '.join(missing)}; not a Parallax database")
    for name, (kind, _, table) in objects.items():
        if kind == "trigger" and table in TABLES and name not in _FTS_TRIGGERS:
            raise StoreError(f"{path}: has a trigger {name} on {table}; Parallax databases have none there")


def _copy(source: Database, path: Path, known: bool) -> None:
    checker = Rows(path)
    for table, shape in TABLES.items():
        names = columns(table)
        select = ", ".join(f'"{c}"' for c in names)
        read = ", ".join(f's."{c}"' for c in names)
        where = f"WHERE {not_here(table, 'target')} " if known and table in KEYS else ""
        cursor = source.execute(f"SELECT {read} FROM main.{table} AS s NOT INDEXED {where}ORDER BY s.rowid")
        while rows := cursor.fetchmany(50 if table == "articles" else 2000):
            checker.check_rows(table, shape, names, rows)
        try:
            source.execute(f"INSERT INTO staging.{table} ({select}) SELECT {select} FROM main.{table} NOT INDEXED "
                           "ORDER BY rowid")
        except sqlite3.IntegrityError as err:
            raise StoreError(f"{path}: {table}: two rows with one id ({err}); not merged") from None
        if known and table == "articles":
            map_articles(source.conn, "staging", "target")
