"""Read-only questions the CLI and the app ask: stories, statistics, search."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from .articles import story_id_for_name
from .reading import ArticleData, annotations_of, data_version, story_articles


@dataclass(frozen=True)
class AnnotatorProgress:
    """How far one annotator is in a story: the articles they annotated or
    decided on, and their accepted labels."""

    annotator: str
    articles: int
    labels: int


@dataclass
class StorySummary:
    name: str
    articles: int
    annotations: dict[str, int]
    last_change: str | None
    progress: list[AnnotatorProgress] = field(default_factory=list)


def stories(db: Database) -> list[StorySummary]:
    summaries = []
    for story_id, name, articles, created in db.execute(
        "SELECT s.id, s.name, count(a.id), s.created_at FROM stories s "
        "LEFT JOIN articles a ON a.story_id = s.id GROUP BY s.id ORDER BY s.name"
    ).fetchall():
        counts = dict(db.execute(
            "SELECT n.label, count(*) FROM annotations n JOIN articles a ON a.id = n.article_id "
            "WHERE a.story_id = ? GROUP BY n.label ORDER BY n.label", [story_id]).fetchall())
        last = db.execute(
            "SELECT max(n.updated_at) FROM annotations n JOIN articles a ON a.id = n.article_id "
            "WHERE a.story_id = ?", [story_id]).fetchone()[0]
        progress = [AnnotatorProgress(*row) for row in db.execute(
            "SELECT n.annotator, count(DISTINCT n.article_id), sum(n.status = 'accepted') FROM annotations n "
            "JOIN articles a ON a.id = n.article_id WHERE a.story_id = ? AND n.status != 'suggested' "
            "GROUP BY n.annotator ORDER BY n.annotator", [story_id]).fetchall()]
        summaries.append(StorySummary(name, articles, counts, last or created, progress))
    return summaries


@dataclass
class Stats:
    articles: list[dict] = field(default_factory=list)
    entity_labels: dict[str, int] = field(default_factory=dict)
    entity_sources: dict[str, int] = field(default_factory=dict)
    zones: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    annotators: dict[str, int] = field(default_factory=dict)


def stats(db: Database, story: str | None = None) -> Stats:
    where, params = "", []
    if story is not None:
        where, params = " WHERE a.story_id = ?", [story_id_for_name(db, story)]

    def counts(sql: str) -> dict[str, int]:
        return dict(db.execute(sql.format(where=where), params).fetchall())

    result = Stats()
    result.articles = [
        dict(zip(("story", "outlet", "title", "chars", "sentences", "entities", "annotations"), row))
        for row in db.execute(
            "SELECT s.name, a.outlet, a.title, length(a.text), "
            "(SELECT count(*) FROM sentences x WHERE x.article_id = a.id), "
            "(SELECT count(*) FROM entities x WHERE x.article_id = a.id), "
            "(SELECT count(*) FROM annotations x WHERE x.article_id = a.id) "
            f"FROM articles a JOIN stories s ON s.id = a.story_id{where} ORDER BY s.name, a.id", params)
    ]
    result.entity_labels = counts("SELECT e.label, count(*) FROM entities e JOIN articles a ON a.id = e.article_id{where} GROUP BY 1 ORDER BY 1")
    result.entity_sources = counts("SELECT e.source, count(*) FROM entities e JOIN articles a ON a.id = e.article_id{where} GROUP BY 1 ORDER BY 1")
    result.zones = counts("SELECT z.kind, count(*) FROM zones z JOIN articles a ON a.id = z.article_id{where} GROUP BY 1 ORDER BY 1")
    result.labels = counts("SELECT n.label, count(*) FROM annotations n JOIN articles a ON a.id = n.article_id{where} GROUP BY 1 ORDER BY 1")
    result.statuses = counts("SELECT n.status, count(*) FROM annotations n JOIN articles a ON a.id = n.article_id{where} GROUP BY 1 ORDER BY 1")
    result.annotators = counts("SELECT n.annotator, count(*) FROM annotations n JOIN articles a ON a.id = n.article_id{where} GROUP BY 1 ORDER BY 1")
    return result


@dataclass(frozen=True)
class Hit:
    article_id: int
    outlet: str | None
    title: str | None
    snippet: str


def search(db: Database, query: str, story: str | None = None, limit: int = 50) -> list[Hit]:
    """Full-text search; the user's words are quoted for FTS5, so `AND`,
    `NEAR`, `*` or quotes in them are searched for, never interpreted."""
    sql = ("SELECT a.id, a.outlet, a.title, snippet(articles_fts, 0, '«', '»', '…', 12) "
           "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
           "WHERE articles_fts MATCH ?")
    params: list = [db.quote_fts(query)]
    if story is not None:
        sql += " AND a.story_id = ?"
        params.append(story_id_for_name(db, story))
    sql += " ORDER BY rank LIMIT ?"
    params.append(limit)
    return [Hit(*row) for row in db.execute(sql, params).fetchall()]
