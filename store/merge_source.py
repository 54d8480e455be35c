"""Reading a database made elsewhere, which `merge` must treat as hostile.

The source is opened read-only in a connection of its own (never attached to
the target, so reading it holds no lock there), with `trusted_schema` off and
a progress handler that stops a query on Ctrl-C or when it runs far longer
than the file's size can justify. Only real tables of the expected shape are
read (no view, virtual table or foreign trigger where a table is expected).
Every row is checked like an import line — types (the msgspec rows of
`merge_rows.py`), offsets inside its article's text, span and entity text
equal to the text there, JSON that parses, an article's SHA-256 equal to the
hash of its text, timestamps in our format and not in the future; links,
entity-group edits and link journal entries alike — and written into the
staging file.
The first bad row stops the merge with `file: table row: field: reason`.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import msgspec
from msgspec import Struct
from sqlite_utils import Database

from .articles import text_sha256
from .errors import StoreError
from .file_checks import KNOWN_MIGRATIONS, MIGRATION_SET, MIGRATIONS_TABLE, identify, translate
from .line_checks import FUTURE_SKEW, LineProblem, check_cells, check_span, decode_as, stamp_text
from .line_schema import Attrs
from .merge_rows import (
    TABLES,
    AnnotationRow,
    ArticleRow,
    EntityGroupEditRow,
    EntityRow,
    JournalImage,
    JournalLink,
    JournalRow,
    LinkImage,
    LinkRow,
    SentenceRow,
    StoryRow,
    ZoneRow,
    columns,
)

STEPS_PER_BYTE = 100
"""A query may take this many SQLite VM steps per byte of the source file
(plus a floor) before it is a runaway; a plain read needs a few."""
_FTS_TRIGGERS = {"articles_ai", "articles_ad", "articles_au"}


def read_source(path: Path, staging: sqlite3.Connection) -> None:
    """Check the database at `path` and copy its rows into `staging` (whose
    tables have the same names and columns), or raise StoreError."""
    with _guarded(path) as source:
        _check_schema(source, path)
        _copy(source, staging, path)


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
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET])}
    except sqlite3.OperationalError:
        applied = set()
    if applied and set(KNOWN_MIGRATIONS) - applied:
        # it is opened read-only here: upgrading it is its owner's first open
        raise StoreError(f"{path}: made by an older Parallax; open it once with this one "
                         f"(`parallax stories --db {path}`) to upgrade it, then merge")
    objects = {name: (kind, sql or "", table) for kind, name, table, sql in source.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master")}
    for table in TABLES:
        kind, sql, _ = objects.get(table, (None, "", None))
        if kind is None:
            raise StoreError(f"{path}: has no {table} table; not a Parallax database")
        if kind != "table" or not sql.upper().startswith("CREATE TABLE"):
            what = "a virtual table" if kind == "table" else f"a {kind}"
            raise StoreError(f"{path}: {table} is {what}, not a table; refusing to read it")
        have = {row[1] for row in source.execute(f"PRAGMA table_info({table})")}
        missing = [c for c in columns(table) if c not in have]
        if missing:
            raise StoreError(f"{path}: {table} lacks the column(s) {', '.join(missing)}; not a Parallax database")
    for name, (kind, _, table) in objects.items():
        if kind == "trigger" and table in TABLES and name not in _FTS_TRIGGERS:
            raise StoreError(f"{path}: has a trigger {name} on {table}; Parallax databases have none there")


def _copy(source: Database, staging: sqlite3.Connection, path: Path) -> None:
    checker = _Rows(path)
    for table, shape in TABLES.items():
        names = columns(table)
        select = ", ".join(f'"{c}"' for c in names)
        insert = f"INSERT INTO {table} ({select}) VALUES ({', '.join('?' * len(names))})"
        cursor = source.execute(f"SELECT {select} FROM {table} ORDER BY rowid")
        while rows := cursor.fetchmany(2000):
            staging.executemany(insert, [checker.check(table, shape, names, row) for row in rows])


def _attrs(text: str, field: str) -> None:
    try:
        decode_as(text, Attrs)
    except LineProblem as problem:
        raise LineProblem(f"{field}.{problem.field}" if problem.field else field, problem.reason) from None


class _Rows:
    """The row checks; remembers the article texts, story ids and annotation ids seen."""

    def __init__(self, path: Path):
        self.path = path
        self.stories: set[int] = set()
        self.texts: dict[int, str] = {}
        self.latest = stamp_text(datetime.now(timezone.utc) + FUTURE_SKEW)

    def check(self, table: str, shape: type[Struct], names: tuple[str, ...], row: tuple) -> tuple:
        try:
            try:
                value = msgspec.convert(row, shape)
            except msgspec.ValidationError as err:
                message = str(err)
                index = message.rsplit("`$[", 1)[-1].split("]", 1)[0] if "`$[" in message else ""
                field = names[int(index)] if index.isdigit() else ""
                raise LineProblem(field, message.split(" - at ")[0].replace("`", "").replace("Expected", "expected"))
            check_cells(names, row)
            getattr(self, f"_{table}")(value)
        except LineProblem as problem:
            key = names[0] if names[0] == "id" else "article_id"
            where = f"{table} row {key}={row[0]!r}"
            raise StoreError(f"{self.path}: {where}: {problem}") from None
        return row

    def _stamps(self, *stamps: tuple[str, str]) -> None:
        for field, stamp in stamps:
            if stamp > self.latest:
                raise LineProblem(field, f"{stamp} is in the future (this machine's clock is behind by more "
                                         "than the allowed skew, or the row was forged)")

    def _text(self, article_id: int) -> str:
        text = self.texts.get(article_id)
        if text is None:
            raise LineProblem("article_id", f"no article {article_id} in this database")
        return text

    def _stories(self, row: StoryRow) -> None:
        self._stamps(("created_at", row.created_at))
        self.stories.add(row.id)

    def _articles(self, row: ArticleRow) -> None:
        if text_sha256(row.text) != row.sha256:
            raise LineProblem("sha256", "does not match the hash of the article's text (forged or edited)")
        if row.story_id not in self.stories:
            raise LineProblem("story_id", f"no story {row.story_id} in this database")
        self._stamps(("created_at", row.created_at))
        self.texts[row.id] = row.text

    def _zones(self, row: ZoneRow) -> None:
        check_span(self._text(row.article_id), row.start, row.end, "")

    def _sentences(self, row: SentenceRow) -> None:
        check_span(self._text(row.article_id), row.start, row.end, "")

    def _entities(self, row: EntityRow) -> None:
        check_span(self._text(row.article_id), row.start, row.end, "", row.text)

    def _annotations(self, row: AnnotationRow | JournalImage) -> None:
        check_span(self._text(row.article_id), row.start, row.end, "", row.text)
        _attrs(row.attrs, "attrs")
        self._stamps(("created_at", row.created_at), ("updated_at", row.updated_at))

    def _links(self, row: LinkRow | LinkImage | JournalLink) -> None:
        if row.src_annotation == row.dst_annotation:
            raise LineProblem("dst_annotation", "a link cannot point to its own annotation")
        _attrs(row.attrs, "attrs")
        self._stamps(("created_at", row.created_at), ("updated_at", row.updated_at or row.created_at))

    def _entity_group_edits(self, row: EntityGroupEditRow) -> None:
        self._text(row.article_id)
        if row.op == "merge" and not row.target:
            raise LineProblem("target", "a merge needs the form whose group it joins")
        self._stamps(("created_at", row.created_at))

    def _journal(self, row: JournalRow) -> None:
        self._stamps(("created_at", row.created_at))
        of_link = row.link_id is not None
        if row.op.startswith("link_") and not of_link:
            raise LineProblem("link_id", f"required for a {row.op}")
        if of_link and row.annotation_id is not None:
            raise LineProblem("annotation_id", "a link change names no annotation")
        for field in ("before", "after"):
            value = getattr(row, field)
            if value is None:
                continue
            try:
                image = decode_as(value, LinkImage if of_link else JournalImage)
            except LineProblem as problem:
                raise LineProblem(f"{field}.{problem.field}" if problem.field else field, problem.reason) from None
            try:
                if isinstance(image, LinkImage):
                    if image.id != row.link_id:
                        raise LineProblem("id", f"is not the entry's link_id {row.link_id}")
                    self._links(image)
                    continue
                self._annotations(image)
                for key in ("links", "links_in"):
                    for index, link in enumerate(getattr(image, key)):
                        try:
                            self._links(link)
                        except LineProblem as problem:
                            raise LineProblem(f"{key}[{index}].{problem.field}", problem.reason) from None
            except LineProblem as problem:
                raise LineProblem(f"{field}.{problem.field}", problem.reason) from None
