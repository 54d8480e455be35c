"""Reading back what `export` wrote: annotation lines and article lines.

Every line is decoded against its declared shape (`line_schema.py`) and
checked against its article's text before anything is stored; the first bad
line stops the file with `file:line: field: reason` and nothing from it is
stored. A good file is staged and applied in short batches
(`staging.py`): all of it lands, even across a crash, and the write lock is
never held for long. Importing the same file again changes nothing; when an
annotation id is already present, the newer `updated_at` wins.

Annotation lines and spans carry their outgoing `links`, article lines their
`entity_group_edits` (`link_staging.py`): links are checked where they point
once the whole file is staged, so a link may point further down the file,
and applied after the annotations.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlite_utils import Database

from . import article_staging, link_staging
from .annotations import dump_attrs
from .articles import text_sha256
from .ids import new_id, now
from .line_checks import (
    LineError,
    LineProblem,
    check_not_future,
    check_span,
    convert,
    decode_json,
    require_object,
    stamp_text,
)
from .line_schema import AnnotationLine, ArticleLine, SpanLine
from .records import ArticleRecord, EntitySpan, Zone
from .staging import ALIAS, Job, Staging, attached, in_batches, run_job, staged_keys

__all__ = ["ImportSummary", "LineError", "import_jsonl"]

SCHEMA = article_staging.SCHEMA + link_staging.SCHEMA + """
CREATE TABLE annotations (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL, start INTEGER, "end" INTEGER,
    label TEXT, text TEXT, annotator TEXT, status TEXT, attrs TEXT, note TEXT, created_at TEXT, updated_at TEXT,
    by_span INTEGER NOT NULL);
CREATE UNIQUE INDEX annotations_span ON annotations (sha256, start, "end", label, annotator) WHERE by_span;
"""
_CONTENT = ("start", "end", "label", "text", "annotator", "status", "attrs", "note", "created_at", "updated_at")


@dataclass
class ImportSummary:
    articles_added: int = 0
    articles_present: int = 0
    annotations_added: int = 0
    annotations_updated: int = 0
    annotations_unchanged: int = 0
    links_added: int = 0
    links_updated: int = 0

    def __str__(self) -> str:
        links = (f"; {self.links_added} links added, {self.links_updated} updated"
                 if self.links_added or self.links_updated else "")
        return (f"{self.annotations_added} annotations added, {self.annotations_updated} updated, "
                f"{self.annotations_unchanged} unchanged; {self.articles_added} articles added, "
                f"{self.articles_present} already present{links}")


def import_jsonl(db: Database, lines: Iterable[str], source: str) -> ImportSummary:
    staging = Staging(db, SCHEMA)
    try:
        staged = _stage(db, staging.conn, lines, source)
    except BaseException:
        staging.discard()
        raise
    summary = run_job(db, "import-annotations", source, staging, apply)
    summary.articles_present = staged.articles - summary.articles_added
    summary.annotations_unchanged = staged.annotations - summary.annotations_added - summary.annotations_updated
    return summary


@dataclass
class _Staged:
    articles: int = 0
    annotations: int = 0


def _stage(db: Database, conn: sqlite3.Connection, lines: Iterable[str], source: str) -> _Staged:
    texts: dict[str, str] = {}
    staged = _Staged()
    spans = _SpanWriter(conn, datetime.now(timezone.utc))
    for number, line in enumerate(lines, 1):
        spans.line = number
        if not line.strip():
            continue
        try:
            value = require_object(decode_json(line))
            if "spans" in value and "text" in value:
                article = convert(value, ArticleLine)
                sha = _stage_article(conn, article)
                texts[sha] = article.text
                staged.articles += 1
                for index, span in enumerate(article.spans):
                    spans.add(span, sha, article.text, f"spans[{index}].")
                spans.links.add_edits(article.entity_group_edits, sha)
            elif "label" in value and "sha256" in value:
                annotation = convert(value, AnnotationLine)
                text = texts.get(annotation.sha256)
                if text is None:
                    text = texts[annotation.sha256] = _article_text(db, annotation.sha256)
                spans.add(annotation, annotation.sha256, text, "")
            else:
                raise LineProblem("", "neither an annotation line (label, sha256, …) nor an article line "
                                      "(text, spans, …)")
        except LineProblem as problem:
            raise LineError(source, number, str(problem)) from None
    spans.flush()
    # Links may point further down the file: checked once all of it is staged.
    link_staging.settle(db, conn, source)
    staged.annotations = spans.count
    return staged


def _article_text(db: Database, sha: str) -> str:
    row = db.execute("SELECT text FROM articles WHERE sha256 = ?", [sha]).fetchone()
    if row is None:
        raise LineProblem("sha256", f"article {sha[:12]}… is not in this database: import the articles first "
                                    "(`parallax import`, or an export made with --per-article)")
    return row[0]


def _stage_article(conn: sqlite3.Connection, article: ArticleLine) -> str:
    sha = text_sha256(article.text)
    if article.sha256 not in (None, sha):
        raise LineProblem("sha256", "does not match the hash of the article text (was the text edited?)")
    record = ArticleRecord(
        text=article.text, source_path=article.source_path or "", outlet=article.outlet, title=article.title,
        url=article.url, published=article.published, author=article.author,
        zones=[Zone(z.start, z.end, z.kind) for z in article.zones],
        sentences=[(s.start, s.end) for s in article.sentences],
        entities=[EntitySpan(e.start, e.end, e.label, e.text) for e in article.entities],
        entity_source=article.entity_source,
    )
    article_staging.check_record(record)
    article_staging.stage(conn, article.story or "imported", sha, record)
    return sha


class _SpanWriter:
    """Checked spans into the staging file, many rows per statement."""

    CHUNK = 2000

    def __init__(self, conn: sqlite3.Connection, clock: datetime):
        self.conn, self.clock, self.stamp = conn, clock, now()
        self.links = link_staging.LinkWriter(conn, clock, self.stamp)
        self.line = 0
        self.with_id: list[list] = []
        self.by_span: list[list] = []
        self.count = 0
        columns = f"(id, sha256, {', '.join(repr_(c) for c in _CONTENT)}, by_span) VALUES ({', '.join('?' * 13)})"
        self.insert_by_span = f"INSERT OR IGNORE INTO annotations {columns}"
        # The same id twice in one file: the newer copy is the one that counts.
        self.insert_with_id = (f"INSERT INTO annotations {columns} ON CONFLICT (id) DO UPDATE SET "
                               + ", ".join(f'"{c}" = excluded."{c}"' for c in ("sha256",) + _CONTENT)
                               + " WHERE excluded.updated_at > annotations.updated_at")

    def add(self, span: SpanLine, sha: str, text: str, path: str) -> None:
        check_span(text, span.start, span.end, path, span.text)
        check_not_future(span.created_at, f"{path}created_at", self.clock)
        check_not_future(span.updated_at, f"{path}updated_at", self.clock)
        annotator = span.annotator or "import"
        row = [span.id or new_id(), sha, span.start, span.end, span.label, text[span.start:span.end],
               annotator, span.status, dump_attrs(span.attrs), span.note,
               stamp_text(span.created_at) if span.created_at else self.stamp,
               stamp_text(span.updated_at) if span.updated_at else self.stamp,
               # A file from another tool has no ids: the same span, label and
               # annotator is the same annotation, so a second import adds nothing.
               int(span.id is None)]
        (self.by_span if span.id is None else self.with_id).append(row)
        if span.links:
            self.links.add_links(span.links, self.line, span.id, (sha, span.start, span.end, span.label, annotator),
                                 path)
        self.count += 1
        if len(self.with_id) + len(self.by_span) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        self.conn.executemany(self.insert_with_id, self.with_id)
        self.conn.executemany(self.insert_by_span, self.by_span)
        self.with_id.clear()
        self.by_span.clear()
        self.links.flush()


def apply(db: Database, job: Job) -> ImportSummary:
    summary = ImportSummary()
    with attached(db, job):
        summary.articles_added = len(article_staging.apply_attached(db).inserted)
        assignments = ", ".join(f'"{c}" = s."{c}"' for c in _CONTENT)

        def batch(first: int, last: int) -> None:
            where = f"s.n BETWEEN {int(first)} AND {int(last)}"
            summary.annotations_updated += db.execute(
                f"UPDATE main.annotations AS t SET article_id = m.id, {assignments} "
                f"FROM {ALIAS}.annotations s JOIN main.articles m ON m.sha256 = s.sha256 "
                f"WHERE s.id = t.id AND {where} AND s.updated_at > t.updated_at").rowcount
            summary.annotations_added += db.execute(
                f"INSERT INTO main.annotations (id, article_id, {', '.join(repr_(c) for c in _CONTENT)}) "
                f"SELECT s.id, m.id, {', '.join('s.' + repr_(c) for c in _CONTENT)} FROM {ALIAS}.annotations s "
                f"JOIN main.articles m ON m.sha256 = s.sha256 WHERE {where} "
                "AND NOT EXISTS (SELECT 1 FROM main.annotations t WHERE t.id = s.id) "
                "AND NOT (s.by_span AND EXISTS (SELECT 1 FROM main.annotations t WHERE t.article_id = m.id "
                'AND t.start = s.start AND t."end" = s."end" AND t.label = s.label AND t.annotator = s.annotator)) '
                "ORDER BY s.n").rowcount

        in_batches(db, staged_keys(db, "annotations", "n"), batch)
        # both ends of every link are stored now
        summary.links_added, summary.links_updated = link_staging.apply_attached(db)
    return summary


def repr_(column: str) -> str:
    return f'"{column}"'
