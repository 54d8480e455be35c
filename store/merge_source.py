"""Reading a database made elsewhere, which `merge` must treat as hostile.

The source is opened read-only in a connection of its own (never attached to
the target, so reading it holds no lock there), with `trusted_schema` off and
a progress handler that stops a query on Ctrl-C or when it runs far longer
than the file's size can justify. Only real tables of the expected shape are
read (no view, virtual table or foreign trigger where a table is expected).
Every row is checked like an import line — types (msgspec rows), offsets
inside its article's text, span and entity text equal to the text there, JSON
that parses, an article's SHA-256 equal to the hash of its text, timestamps
in our format and not in the future — and written into the staging file.
The first bad row stops the merge with `file: table row: field: reason`.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

import msgspec
from msgspec import Meta, Struct
from sqlite_utils import Database

from .articles import text_sha256
from .db import _identify, translate
from .errors import StoreError
from .line_checks import FUTURE_SKEW, LineProblem, check_span, check_strings, convert, stamp_text
from .line_schema import ArticleText, AttrsOnly, Field, Id, Name, Note, Offset, Sha256, Status, ZoneKind

RowId = Annotated[int, Meta(ge=1, le=2**62)]
Stamp = Annotated[str, Meta(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
"""Timestamps as Parallax stores them (merge compares them as text)."""
STEPS_PER_BYTE = 100
"""A query may take this many SQLite VM steps per byte of the source file
(plus a floor) before it is a runaway; a plain read needs a few."""
_FTS_TRIGGERS = {"articles_ai", "articles_ad", "articles_au"}


class StoryRow(Struct, array_like=True):
    id: RowId
    name: Annotated[str, Meta(min_length=1, max_length=10_000)]
    created_at: Stamp


class ArticleRow(Struct, array_like=True):
    id: RowId
    story_id: RowId
    outlet: Field | None
    title: Field | None
    url: Field | None
    published: Field | None
    author: Field | None
    source_path: Field | None
    sha256: Sha256
    text: ArticleText
    entity_source: Field | None
    created_at: Stamp


class ZoneRow(Struct, array_like=True):
    article_id: RowId
    start: Offset
    end: Offset
    kind: ZoneKind


class SentenceRow(Struct, array_like=True):
    article_id: RowId
    start: Offset
    end: Offset


class EntityRow(Struct, array_like=True):
    article_id: RowId
    start: Offset
    end: Offset
    label: Name
    text: str
    source: Field


class AnnotationRow(Struct, array_like=True):
    id: Id
    article_id: RowId
    start: Offset
    end: Offset
    label: Name
    text: str
    annotator: Name
    status: Status
    attrs: Annotated[str, Meta(max_length=1_000_000)]
    note: Note | None
    created_at: Stamp
    updated_at: Stamp


class LinkRow(Struct, array_like=True):
    id: Id
    src_annotation: Id
    dst_annotation: Id
    kind: Name
    annotator: Name
    created_at: Stamp


class JournalRow(Struct, array_like=True):
    id: Id
    annotator: Name
    op: Literal["add", "update", "delete", "undo", "redo"]
    annotation_id: Id | None
    before: Annotated[str, Meta(max_length=2_000_000)] | None
    after: Annotated[str, Meta(max_length=2_000_000)] | None
    ref: Id | None
    state: Literal["active", "undone", "dropped", "skipped"]
    created_at: Stamp


class JournalImage(Struct, kw_only=True, forbid_unknown_fields=False):
    """An annotation as a journal entry holds it: undo writes it back."""

    id: Id
    article_id: RowId
    start: Offset
    end: Offset
    label: Name
    text: str
    annotator: Name
    status: Status
    attrs: Annotated[str, Meta(max_length=1_000_000)]
    note: Note | None = None
    created_at: Stamp
    updated_at: Stamp


TABLES: dict[str, type[Struct]] = {
    "stories": StoryRow, "articles": ArticleRow, "zones": ZoneRow, "sentences": SentenceRow,
    "entities": EntityRow, "annotations": AnnotationRow, "links": LinkRow, "journal": JournalRow,
}
"""Read in this order: a row is checked against the rows read before it."""


def columns(table: str) -> tuple[str, ...]:
    return TABLES[table].__struct_fields__


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
    newer = _identify(source, path)
    if newer:
        raise StoreError(f"{path}: made by a newer Parallax ({', '.join(newer)}); upgrade Parallax first")
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
            check_strings(dict(zip(names, row)))
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
        try:
            attrs = json.loads(row.attrs)
        except (ValueError, RecursionError):
            raise LineProblem("attrs", "not valid JSON") from None
        try:
            convert({"attrs": attrs}, AttrsOnly)
        except LineProblem as problem:
            raise LineProblem(problem.field or "attrs", problem.reason) from None
        self._stamps(("created_at", row.created_at), ("updated_at", row.updated_at))

    def _links(self, row: LinkRow) -> None:
        self._stamps(("created_at", row.created_at))

    def _journal(self, row: JournalRow) -> None:
        self._stamps(("created_at", row.created_at))
        for field in ("before", "after"):
            value = getattr(row, field)
            if value is None:
                continue
            try:
                image = convert(json.loads(value), JournalImage)
            except (ValueError, RecursionError):
                raise LineProblem(field, "not valid JSON") from None
            except LineProblem as problem:
                raise LineProblem(f"{field}.{problem.field}" if problem.field else field, problem.reason) from None
            try:
                self._annotations(image)
            except LineProblem as problem:
                raise LineProblem(f"{field}.{problem.field}", problem.reason) from None
