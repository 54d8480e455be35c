"""Plain records that ingest hands to the store: no SQL, no spaCy."""

from __future__ import annotations

from dataclasses import dataclass, field

ZONE_KINDS = (
    "headline",
    "lead",
    "byline",
    "dateline",
    "body",
    "subheading",
    "caption",
    "editorial",
    "boilerplate",
    "link_list",
    "reader_comments",
)
"""What a stretch of an article is. `editorial` is an outlet's own comment
block ("OZD-Kommentar"), `reader_comments` the readers' forum below it."""


@dataclass(frozen=True, slots=True)
class Zone:
    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class EntitySpan:
    start: int
    end: int
    label: str
    text: str


@dataclass(slots=True)
class ArticleRecord:
    """One cleaned article, ready to store. Offsets are `str` indices into
    `text`, end exclusive."""

    text: str
    source_path: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    zones: list[Zone] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[EntitySpan] = field(default_factory=list)
    entity_source: str | None = None
    """Name and version of the pipeline that produced `sentences` and `entities`."""
