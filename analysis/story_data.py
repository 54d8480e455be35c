"""One story as the comparison and the link suggestions read it: articles,
the annotations that count, the links between them, and the entity groups.
Read once from the store (`load_story`), then everything else is pure (the
entity groups are made from what was read when first asked for)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from parallax.store.articles import story_id_for_name
from parallax.store.links import RESERVED, Link

from .entity_groups import EntityGroups, story_groups_later


@dataclass(frozen=True)
class Article:
    id: int
    outlet: str
    title: str | None
    text: str


@dataclass(frozen=True)
class Item:
    """An annotation the comparison counts."""

    id: str
    article_id: int
    start: int
    end: int
    label: str
    text: str
    annotator: str
    status: str
    attrs: dict[str, Any]

    @property
    def form(self) -> str | None:
        return self.attrs.get("form")

    @property
    def speaker(self) -> str | None:
        return self.attrs.get("speaker")


@dataclass
class StoryData:
    name: str
    articles: list[Article]
    items: list[Item]
    links: list[Link]
    entity_groups: EntityGroups | Callable[[], EntityGroups]
    """The entity groups, or what makes them when first asked for (`groups`)."""
    review_of: dict[str, str] = field(default_factory=dict)
    """Annotation id → the annotation it is a review decision on."""

    @property
    def groups(self) -> EntityGroups:
        if not isinstance(self.entity_groups, EntityGroups):
            self.entity_groups = self.entity_groups()
        return self.entity_groups

    def article(self, article_id: int) -> Article:
        return self._articles[article_id]

    def item(self, item_id: str) -> Item | None:
        return self._items.get(item_id)

    def __post_init__(self) -> None:
        self._articles = {a.id: a for a in self.articles}
        self._items = {i.id: i for i in self.items}


def load_story(db: Database, story: str, *, statuses: Sequence[str] = ("accepted",),
               annotators: Sequence[str] | None = None) -> StoryData:
    """The story with the annotations of `statuses` (by `annotators`, default
    everyone) and every link between annotations of the story."""
    story_id = story_id_for_name(db, story)
    articles = [Article(row[0], row[1] or f"article {row[0]}", row[2], row[3]) for row in db.execute(
        "SELECT id, outlet, title, text FROM articles WHERE story_id = ? ORDER BY id", [story_id])]
    items, review_of = [], {}
    for row in db.execute(
            'SELECT n.id, n.article_id, n.start, n."end", n.label, n.text, n.annotator, n.status, n.attrs '
            "FROM annotations n JOIN articles a ON a.id = n.article_id WHERE a.story_id = ? "
            'ORDER BY n.article_id, n.start, n."end", n.id', [story_id]):
        item = Item(*row[:8], _attrs(row[8]))
        if item.status in statuses and (annotators is None or item.annotator in annotators):
            items.append(item)
    links = []
    for row in db.execute(
            "SELECT l.id, l.src_annotation, l.dst_annotation, l.kind, l.annotator, l.status, l.attrs, "
            "l.created_at, l.updated_at FROM links l JOIN annotations n ON n.id = l.src_annotation "
            "JOIN articles a ON a.id = n.article_id WHERE a.story_id = ? ORDER BY l.id", [story_id]):
        link = Link(*row[:6], _attrs(row[6]), row[7], row[8])
        if link.kind == RESERVED:
            review_of[link.src] = link.dst
        else:
            links.append(link)
    return StoryData(story, articles, items, links, story_groups_later(db, story), review_of)


def _attrs(text: str | None) -> dict[str, Any]:
    return json.loads(text) if text and text != "{}" else {}
