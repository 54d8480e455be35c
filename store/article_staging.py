"""Articles (with zones, sentences and entities) through a staging file, for
`import` of a big file and the article lines of `import-annotations`
(see store/staging.py for the two phases)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from sqlite_utils import Database

from .ids import now
from .line_checks import LineProblem, check_span, check_text
from .records import ZONE_KINDS, ArticleRecord
from .staging import ALIAS, Job, attached, in_batches, staged_keys

SCHEMA = """
CREATE TABLE articles (sha256 TEXT PRIMARY KEY, story TEXT NOT NULL, outlet TEXT, title TEXT, url TEXT,
    published TEXT, author TEXT, source_path TEXT, entity_source TEXT, text TEXT NOT NULL);
CREATE TABLE zones (sha256 TEXT NOT NULL, start INTEGER, "end" INTEGER, kind TEXT);
CREATE TABLE sentences (sha256 TEXT NOT NULL, start INTEGER, "end" INTEGER);
CREATE TABLE entities (sha256 TEXT NOT NULL, start INTEGER, "end" INTEGER, label TEXT, text TEXT, source TEXT);
CREATE INDEX zones_sha ON zones (sha256);
CREATE INDEX sentences_sha ON sentences (sha256);
CREATE INDEX entities_sha ON entities (sha256);
"""
_METADATA = ("outlet", "title", "url", "published", "author", "source_path", "entity_source")


@dataclass
class ArticlesApplied:
    inserted: set[str] = field(default_factory=set)
    """Hashes of the articles this job added (the others were there already)."""


def check_record(record: ArticleRecord) -> None:
    """What the store requires of an article, whoever made it: storable text
    and every zone, sentence and entity inside it."""
    check_text(record.text)
    for index, zone in enumerate(record.zones):
        check_span(record.text, zone.start, zone.end, f"zones[{index}].")
        if zone.kind not in ZONE_KINDS:
            raise LineProblem(f"zones[{index}].kind", f"unknown zone kind {zone.kind!r}")
    for index, (start, end) in enumerate(record.sentences):
        check_span(record.text, start, end, f"sentences[{index}].")
    for index, entity in enumerate(record.entities):
        check_span(record.text, entity.start, entity.end, f"entities[{index}].", entity.text)


def stage(conn: sqlite3.Connection, story: str, sha: str, record: ArticleRecord) -> None:
    """One checked article into the staging file (a second copy of one text is ignored)."""
    inserted = conn.execute(
        f"INSERT OR IGNORE INTO articles (sha256, story, {', '.join(_METADATA)}, text) "
        f"VALUES (?, ?, {', '.join('?' * len(_METADATA))}, ?)",
        [sha, story, *(getattr(record, name) for name in _METADATA), record.text]).rowcount
    if not inserted:
        return
    conn.executemany('INSERT INTO zones VALUES (?, ?, ?, ?)', [(sha, z.start, z.end, z.kind) for z in record.zones])
    conn.executemany('INSERT INTO sentences VALUES (?, ?, ?)', [(sha, s, e) for s, e in record.sentences])
    conn.executemany('INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)',
                     [(sha, e.start, e.end, e.label, e.text, record.entity_source or "") for e in record.entities])


def apply(db: Database, job: Job) -> ArticlesApplied:
    with attached(db, job):
        return apply_attached(db)


def apply_attached(db: Database) -> ArticlesApplied:
    """Copy the staged articles that are not here yet, a few per transaction."""
    applied = ArticlesApplied()

    def batch(first: int, last: int) -> None:
        before = db.execute("SELECT coalesce(max(id), 0) FROM main.articles").fetchone()[0]
        missing = (f"a.rowid BETWEEN {int(first)} AND {int(last)} AND NOT EXISTS "
                   "(SELECT 1 FROM main.articles m WHERE m.sha256 = a.sha256)")
        stamp = now()
        db.execute(f"INSERT INTO main.stories (name, created_at) SELECT DISTINCT a.story, ? FROM {ALIAS}.articles a "
                   f"WHERE {missing} AND NOT EXISTS (SELECT 1 FROM main.stories s WHERE s.name = a.story)", [stamp])
        columns = ", ".join(_METADATA)
        db.execute(f"INSERT INTO main.articles (story_id, {columns}, sha256, text, created_at) "
                   f"SELECT s.id, {', '.join('a.' + c for c in _METADATA)}, a.sha256, a.text, ? "
                   f"FROM {ALIAS}.articles a JOIN main.stories s ON s.name = a.story WHERE {missing} "
                   "ORDER BY a.rowid", [stamp])
        fresh = f"JOIN main.articles m ON m.sha256 = x.sha256 AND m.id > {int(before)}"
        db.execute(f'INSERT OR IGNORE INTO main.zones (article_id, start, "end", kind) '
                   f'SELECT m.id, x.start, x."end", x.kind FROM {ALIAS}.zones x {fresh}')
        db.execute(f'INSERT OR IGNORE INTO main.sentences (article_id, start, "end") '
                   f'SELECT m.id, x.start, x."end" FROM {ALIAS}.sentences x {fresh}')
        db.execute(f'INSERT OR IGNORE INTO main.entities (article_id, start, "end", label, text, source) '
                   f'SELECT m.id, x.start, x."end", x.label, x.text, x.source FROM {ALIAS}.entities x {fresh}')
        applied.inserted.update(row[0] for row in db.execute(
            "SELECT sha256 FROM main.articles WHERE id > ?", [before]))

    in_batches(db, staged_keys(db, "articles"), batch, first=5)
    return applied
