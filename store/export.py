"""JSONL export, streamed: memory stays flat however many rows there are.

Two shapes (documented in the README):
- one line per annotation (default), built by SQLite's json_object() so the
  rows never become Python dicts;
- one line per article (`per_article=True`) with its text, zones, sentences,
  entities and the annotations as Prodigy-style `spans`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlite_utils import Database

from .link_export import group_edits, span_links, with_links

ANNOTATION_FIELDS = (
    ("story", "s.name"),
    ("sha256", "a.sha256"),
    ("outlet", "a.outlet"),
    ("title", "a.title"),
    ("label", "n.label"),
    ("start", "n.start"),
    ("end", 'n."end"'),
    ("text", "n.text"),
    ("annotator", "n.annotator"),
    ("status", "n.status"),
    ("attrs", "json(n.attrs)"),
    ("note", "n.note"),
    ("id", "n.id"),
    ("created_at", "n.created_at"),
    ("updated_at", "n.updated_at"),
)
SPAN_FIELDS = ("start", "end", "label", "text", "id", "annotator", "status", "attrs", "note", "created_at", "updated_at")


@dataclass(frozen=True)
class Filters:
    stories: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    annotators: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def annotation_where(self) -> tuple[str, list]:
        clauses, params = [], []
        for column, values in (("s.name", self.stories), ("n.label", self.labels),
                               ("n.annotator", self.annotators), ("n.status", self.statuses)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def dumps(value: object) -> str:
    """The one JSON style of every line we write: compact, UTF-8 as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def annotation_lines(db: Database, filters: Filters = Filters()) -> Iterator[str]:
    # Article by article, each in index order: SQLite streams the rows
    # instead of sorting the whole table first.
    narrowed = Filters(labels=filters.labels, annotators=filters.annotators, statuses=filters.statuses)
    where, params = narrowed.annotation_where()
    where = (where + " AND" if where else " WHERE") + " n.article_id = ?"
    pairs = ", ".join(f"'{key}', {expr}" for key, expr in ANNOTATION_FIELDS)
    line, link_params = with_links(f"json_object({pairs})", narrowed)
    params = link_params + params
    sql = (f"SELECT {line} FROM annotations n "
           "JOIN articles a ON a.id = n.article_id JOIN stories s ON s.id = a.story_id"
           f'{where} ORDER BY n.start, n."end", n.id')
    for article_id in _article_ids(db, filters):
        cursor = db.conn.execute(sql, params + [article_id])
        while rows := cursor.fetchmany(2000):
            for (line,) in rows:
                yield line


def _article_ids(db: Database, filters: Filters) -> list[int]:
    story_where, params = "", []
    if filters.stories:
        story_where = f" WHERE s.name IN ({', '.join('?' * len(filters.stories))})"
        params = list(filters.stories)
    return [row[0] for row in db.conn.execute(
        f"SELECT a.id FROM articles a JOIN stories s ON s.id = a.story_id{story_where} ORDER BY s.name, a.id",
        params)]


def article_lines(db: Database, filters: Filters = Filters()) -> Iterator[str]:
    keys = ("story", "sha256", "outlet", "title", "url", "published", "author", "source_path", "entity_source", "text")
    for article_id in _article_ids(db, filters):
        values = db.conn.execute(
            "SELECT s.name, a.sha256, a.outlet, a.title, a.url, a.published, a.author, a.source_path, "
            "a.entity_source, a.text FROM articles a JOIN stories s ON s.id = a.story_id WHERE a.id = ?",
            [article_id]).fetchone()
        record: dict[str, object] = dict(zip(keys, values))
        record["zones"] = _rows(db, 'SELECT start, "end", kind FROM zones WHERE article_id = ? ORDER BY start', article_id, ("start", "end", "kind"))
        record["sentences"] = _rows(db, 'SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY start', article_id, ("start", "end"))
        record["entities"] = _rows(db, 'SELECT start, "end", label, text FROM entities WHERE article_id = ? ORDER BY start, "end", label', article_id, ("start", "end", "label", "text"))
        record["spans"] = _spans(db, article_id, filters)
        if edits := group_edits(db, article_id):
            record["entity_group_edits"] = edits
        yield dumps(record)


def _rows(db: Database, sql: str, article_id: int, keys: tuple[str, ...]) -> list[dict]:
    return [dict(zip(keys, row)) for row in db.conn.execute(sql, [article_id])]


def _spans(db: Database, article_id: int, filters: Filters) -> list[dict]:
    narrowed = Filters(labels=filters.labels, annotators=filters.annotators, statuses=filters.statuses)
    where, params = narrowed.annotation_where()
    where = (where + " AND" if where else " WHERE") + " n.article_id = ?"
    columns = ", ".join(f'n."{c}"' for c in SPAN_FIELDS)
    spans, links = [], span_links(db, article_id, narrowed)
    for row in db.conn.execute(f"SELECT {columns} FROM annotations n{where} ORDER BY n.start, n.\"end\", n.id",
                               params + [article_id]):
        span = dict(zip(SPAN_FIELDS, row))
        span["attrs"] = json.loads(span["attrs"])
        if span["id"] in links:
            span["links"] = links[span["id"]]
        spans.append(span)
    return spans

