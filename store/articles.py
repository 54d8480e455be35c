"""Stories and articles: storing one cleaned article with everything derived from it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlite_utils import Database

from . import article_staging
from .db import write
from .errors import NotFound, StoreError
from .ids import now
from .line_checks import LineProblem
from .reading import story_id as story_id_for_name
from .records import ArticleRecord
from .staging import Staging, run_job

SMALL_FILE_CHARS = 1_000_000
"""Up to this much text a file is stored in one transaction (a fraction of a
second); a bigger one goes through a staging file and short batches."""


def text_sha256(text: str) -> str:
    """An article's identity: the hash of its cleaned text, so the same text
    imported on two machines (or twice) is the same article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Stored:
    article_id: int
    created: bool
    story: str
    """The story the article is in (for a duplicate: where it was first imported)."""


def ensure_story(db: Database, name: str) -> int:
    row = db.execute("SELECT id FROM stories WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    return db["stories"].insert({"name": name, "created_at": now()}).last_pk


def add_articles(db: Database, story: str, records: list[ArticleRecord], *, source: str = "") -> list[Stored]:
    """Store the articles of one file with their zones, sentences and entities,
    all or nothing: after an error, Ctrl-C or a crash the file is there whole
    or not at all. Idempotent by content hash. A small file is one
    transaction; a big one is staged and applied in batches
    (store/staging.py), so that it never holds the write lock for long."""
    for record in records:
        try:
            article_staging.check_record(record)
        except LineProblem as problem:
            raise StoreError(f"{record.source_path or source}: {problem}") from None
    if sum(len(record.text) for record in records) > SMALL_FILE_CHARS:
        return _add_staged(db, story, records, source)
    stored = []
    with write(db):
        for record in records:
            sha = text_sha256(record.text)
            existing = find_article(db, sha)
            if existing:
                stored.append(existing)
                continue
            article_id = db["articles"].insert(
                {
                    "story_id": ensure_story(db, story),
                    "outlet": record.outlet,
                    "title": record.title,
                    "url": record.url,
                    "published": record.published,
                    "author": record.author,
                    "source_path": record.source_path,
                    "sha256": sha,
                    "text": record.text,
                    "entity_source": record.entity_source,
                    "created_at": now(),
                }
            ).last_pk
            insert_derived(db, article_id, record)
            stored.append(Stored(article_id, True, story))
    return stored


def _add_staged(db: Database, story: str, records: list[ArticleRecord], source: str) -> list[Stored]:
    staging = Staging(db, article_staging.SCHEMA)
    try:
        shas = [text_sha256(record.text) for record in records]
        for sha, record in zip(shas, records):
            article_staging.stage(staging.conn, story, sha, record)
    except BaseException:
        staging.discard()
        raise
    applied = run_job(db, "import", source or story, staging, article_staging.apply)
    stored = []
    for sha in shas:
        found = find_article(db, sha)
        if found is None:
            raise StoreError(f"{source}: article {sha[:12]}… is missing after the import; run it again")
        stored.append(Stored(found.article_id, sha in applied.inserted, found.story))
    return stored


def find_article(db: Database, sha: str) -> Stored | None:
    row = db.execute(
        "SELECT a.id, s.name FROM articles a JOIN stories s ON s.id = a.story_id WHERE a.sha256 = ?", [sha]
    ).fetchone()
    return Stored(row[0], False, row[1]) if row else None


def insert_derived(db: Database, article_id: int, record: ArticleRecord) -> None:
    """Zones, sentences and entities of a freshly inserted article (inside the caller's transaction)."""
    conn = db.conn
    conn.executemany(
        'INSERT INTO zones (article_id, start, "end", kind) VALUES (?, ?, ?, ?)',
        [(article_id, z.start, z.end, z.kind) for z in record.zones],
    )
    conn.executemany(
        'INSERT INTO sentences (article_id, start, "end") VALUES (?, ?, ?)',
        [(article_id, s, e) for s, e in record.sentences],
    )
    conn.executemany(
        'INSERT OR IGNORE INTO entities (article_id, start, "end", label, text, source) VALUES (?, ?, ?, ?, ?, ?)',
        [(article_id, e.start, e.end, e.label, e.text, record.entity_source or "") for e in record.entities],
    )


def article_id_for_sha(db: Database, sha: str) -> int:
    row = db.execute("SELECT id FROM articles WHERE sha256 = ?", [sha]).fetchone()
    if not row:
        raise NotFound(f"article {sha[:12]}… is not in the database")
    return row[0]
