"""What the reader reads to show a story, on the standard library's `sqlite3`.

sqlite-utils is the store's API for everything else, but importing it costs
more than a bare Textual app takes to start (it imports numpy when numpy is
installed, and spaCy brings numpy): the reader's first frame must not wait for
it. These functions take any DB-API connection — a plain `sqlite3.Connection`
or a sqlite-utils `Database` — and read only.

`connect` opens an existing Parallax database as it is; creating one and
applying pending migrations stays with `store.db.open_db`, which the writer
runs on its own thread (see `tui.writer`) and which the caller runs first when
`connect` refuses a file.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NotFound, StoreError

DEFAULT_DB = "annotations.db"


def default_path() -> str:
    return os.environ.get("PARALLAX_DB") or DEFAULT_DB


def connect(path: str | Path, *, busy_timeout: float = 5.0) -> sqlite3.Connection:
    """A connection to read the Parallax database at `path`, which must exist
    and hold the story tables; StoreError otherwise (without creating a file)."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no database here yet")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=busy_timeout,
                               isolation_level=None)
    except sqlite3.Error as err:
        raise StoreError(f"{path}: {err}") from None
    try:
        found = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('stories', 'articles', 'annotations')")}
    except sqlite3.Error as err:
        conn.close()
        raise StoreError(f"{path}: {err}") from None
    if len(found) < 3:
        conn.close()
        raise StoreError(f"{path}: not a Parallax database yet")
    return conn


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
