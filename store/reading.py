"""What the reader reads to show a story, on the standard library's `sqlite3`.

sqlite-utils is the store's API for everything else, but importing it costs
more than a bare Textual app takes to start (it imports numpy when numpy is
installed, and spaCy brings numpy): the reader's first frame must not wait for
it. These functions take any DB-API connection — a plain `sqlite3.Connection`
or a sqlite-utils `Database` — and read only.

`connect` opens an existing Parallax database as it is, after the same checks
as `store.db.open_db` (`store.file_checks`: another program's file is refused,
a damaged one is one line, a newer Parallax's is read only); creating one and
applying pending migrations stays with `open_db`, which the writer runs on its
own thread (see `tui.writer`) and which the caller runs first when `connect`
refuses a file.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NotFound, StoreError
from .file_checks import identify, newer_refusal, translate

DEFAULT_DB = "annotations.db"


def default_path() -> str:
    return os.environ.get("PARALLAX_DB") or DEFAULT_DB


class ReaderConnection(sqlite3.Connection):
    """A reading connection; `refusal` says why nothing may be written to the
    file (a newer Parallax made it), None when writes are allowed."""

    refusal: str | None = None


def connect(path: str | Path, *, busy_timeout: float = 5.0) -> ReaderConnection:
    """A connection to read the Parallax database at `path`, which must exist
    and hold the story tables; StoreError otherwise (without creating a file,
    and without writing to one that is not ours). A database from a newer
    Parallax is opened with `query_only` and its `refusal` set."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no database here yet")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=busy_timeout,
                               isolation_level=None, factory=ReaderConnection)
    except sqlite3.Error as err:
        raise translate(err, path) from None
    try:
        newer = identify(conn, path)
        found = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('stories', 'articles', 'annotations')")}
        if len(found) < 3:
            raise StoreError(f"{path}: not a Parallax database yet")
        if newer:
            conn.refusal = newer_refusal(path, newer)
            conn.execute("PRAGMA query_only = ON")
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as err:
        conn.close()
        raise translate(err, path) from None
    return conn


def unfinished_bulk_job(db: Any) -> bool:
    """Whether an import or merge was interrupted while being applied: the
    store finishes it (`store.staging.resume`) before anything reads the file."""
    try:
        return db.execute("SELECT 1 FROM bulk_jobs LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # a database from before bulk_jobs
        return False


def story_names(db: Any) -> list[str]:
    return [row[0] for row in db.execute("SELECT name FROM stories ORDER BY name")]


def story_id(db: Any, name: str) -> int:
    row = db.execute("SELECT id FROM stories WHERE name = ?", [name]).fetchone()
    if not row:
        raise NotFound(f"no story named {name!r}; `parallax stories` lists them")
    return row[0]


@dataclass
class ArticleData:
    """One article with what the reader draws over it."""

    id: int
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    text: str
    zones: list[tuple[int, int, str]]
    sentences: list[tuple[int, int]]
    entities: list[tuple[int, int, str, str]]


def story_articles(db: Any, story: str) -> list[ArticleData]:
    articles = []
    for article_id, outlet, title, published, url, text in db.execute(
        "SELECT id, outlet, title, published, url, text FROM articles WHERE story_id = ? ORDER BY id",
        [story_id(db, story)],
    ).fetchall():
        articles.append(ArticleData(
            article_id, outlet, title, published, url, text,
            db.execute('SELECT start, "end", kind FROM zones WHERE article_id = ? ORDER BY start', [article_id]).fetchall(),
            db.execute('SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY start', [article_id]).fetchall(),
            db.execute('SELECT start, "end", label, text FROM entities WHERE article_id = ? ORDER BY start', [article_id]).fetchall(),
        ))
    return articles


def annotations_of(db: Any, article_ids: list[int]) -> dict[int, list[dict]]:
    """Annotations per article, in position order."""
    result: dict[int, list[dict]] = {article_id: [] for article_id in article_ids}
    if not article_ids:
        return result
    cursor = db.execute(
        'SELECT id, article_id, start, "end", label, text, annotator, status, attrs, note, updated_at '
        f"FROM annotations WHERE article_id IN ({', '.join('?' * len(article_ids))}) "
        'ORDER BY article_id, start, "end", id', article_ids)
    keys = [d[0] for d in cursor.description]
    for row in cursor:
        item = dict(zip(keys, row))
        result[item["article_id"]].append(item)
    return result


def entity_sources(db: Any, story: str) -> str:
    """The pipelines that found the story's entities, for the status line."""
    sources = db.execute(
        "SELECT DISTINCT entity_source FROM articles a JOIN stories s ON s.id = a.story_id "
        "WHERE s.name = ? AND entity_source IS NOT NULL", [story]).fetchall()
    return ", ".join(row[0] for row in sources) or "none"


def data_version(db: Any) -> int:
    """Changes whenever another connection commits: cheap to poll."""
    return db.execute("PRAGMA data_version").fetchone()[0]
