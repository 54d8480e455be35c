"""The store as the format writers see it: article by article, with the
spans the export filters select and the links between them.

Read through queries of our own (the JSONL modules are other people's to
change); the filters are the ones `parallax export` already has.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from parallax.store.export import Filters

from . import loss
from .loss import LossReport


@dataclass(slots=True)
class Span:
    id: str
    start: int
    end: int
    label: str
    text: str
    annotator: str
    status: str
    attrs: dict[str, Any]
    note: str | None
    created_at: str
    updated_at: str


@dataclass(slots=True)
class Link:
    id: str
    src: str
    dst: str
    kind: str
    annotator: str
    created_at: str


@dataclass
class Article:
    story: str
    sha256: str
    outlet: str | None
    title: str | None
    text: str
    spans: list[Span] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """A file name stem that sorts like the export and never clashes."""
        return self.sha256[:16]


SPAN_COLUMNS = ("id", "start", "end", "label", "text", "annotator", "status", "attrs", "note",
                "created_at", "updated_at")


def articles(db: Database, filters: Filters, report: LossReport) -> Iterator[Article]:
    """Every selected article (also those without spans: a tool may want the
    text to label), with its spans in position order and the links whose two
    ends are both exported and in this article. Links that cannot be carried
    are counted in `report`."""
    narrowed = Filters(labels=filters.labels, annotators=filters.annotators, statuses=filters.statuses)
    where, params = narrowed.annotation_where()
    where = (where + " AND" if where else " WHERE") + " n.article_id = ?"
    # Ties broken by what survives a round trip through a format without our
    # ids, so that export → import → export writes the same order.
    span_sql = (f"SELECT {', '.join(f'n.{_quoted(c)}' for c in SPAN_COLUMNS)} FROM annotations n{where} "
                'ORDER BY n.start, n."end", n.label, n.annotator, n.status, n.id')
    outgoing = _links_by_source(db)
    for article_id, story, sha, outlet, title, text in _article_rows(db, filters):
        article = Article(story, sha, outlet, title, text)
        for row in db.conn.execute(span_sql, params + [article_id]):
            values = dict(zip(SPAN_COLUMNS, row))
            values["attrs"] = json.loads(values["attrs"])
            article.spans.append(Span(**values))
        article.sentences = db.conn.execute(
            'SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY start', [article_id]).fetchall()
        exported = {span.id for span in article.spans}
        for span in article.spans:
            for link, dst_article, status in outgoing.get(span.id, ()):
                if status != "accepted":
                    report.add(loss.LINK_UNDECIDED)
                elif dst_article != article_id:
                    report.add(loss.LINK_ACROSS)
                elif link.dst not in exported:
                    report.add(loss.LINK_UNEXPORTED_END)
                else:
                    article.links.append(link)
        yield article


def _quoted(column: str) -> str:
    return f'"{column}"'


def _article_rows(db: Database, filters: Filters) -> list[tuple]:
    story_where, params = "", []
    if filters.stories:
        story_where = f" WHERE s.name IN ({', '.join('?' * len(filters.stories))})"
        params = list(filters.stories)
    return db.conn.execute(
        "SELECT a.id, s.name, a.sha256, a.outlet, a.title, a.text FROM articles a "
        f"JOIN stories s ON s.id = a.story_id{story_where} ORDER BY s.name, a.id", params).fetchall()


def _links_by_source(db: Database) -> dict[str, list[tuple[Link, int, str]]]:
    # One pass over the links table (it has no index on its ends): a few
    # links per annotation at most, so this stays small next to the spans.
    outgoing: dict[str, list[tuple[Link, int, str]]] = defaultdict(list)
    for row in db.conn.execute(
            "SELECT l.id, l.src_annotation, l.dst_annotation, l.kind, l.annotator, l.created_at, d.article_id, "
            "l.status FROM links l JOIN annotations d ON d.id = l.dst_annotation ORDER BY l.id"):
        outgoing[row[1]].append((Link(*row[:6]), row[6], row[7]))
    return outgoing
