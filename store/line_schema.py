"""The declared shape of every line Parallax reads from a file or another
database: msgspec Structs with constrained types.

msgspec rather than pydantic or a JSON Schema validator: it decodes and
validates in one C pass with errors that carry the field's path
(`$.spans[3].end`), and it is the fastest of the three, which matters for
`import-annotations` of hundreds of thousands of lines (bench/README.md).
What a declaration cannot say — offsets inside the article's text, span text
equal to the text at its offsets, timestamps not in the future, characters
SQLite cannot hold — is checked in `line_checks.py` after decoding.

Adding a field is one declaration: the links of an annotation line (issue 11)
are `LinkLine`s in its `links`, an article line's entity-group decisions
`GroupEditLine`s in its `entity_group_edits`. Where a link points (`to`) is
checked once the whole file is read (`link_staging.py`): it may point further
down the file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct

from .records import ZONE_KINDS

MAX_OFFSET = 2**31 - 1
"""Offsets are character positions: no article comes near 2 G characters."""

Offset = Annotated[int, Meta(ge=0, le=MAX_OFFSET)]
Id = Annotated[str, Meta(min_length=1, max_length=128)]
Name = Annotated[str, Meta(min_length=1, max_length=256)]
"""Labels, annotators, entity labels, link kinds."""
Field = Annotated[str, Meta(max_length=10_000)]
"""Story, outlet, title, url, dates, author, paths: short metadata."""
Note = Annotated[str, Meta(max_length=100_000)]
ArticleText = Annotated[str, Meta(min_length=1, max_length=100_000_000)]
Sha256 = Annotated[str, Meta(pattern="^[0-9a-f]{64}$")]
Timestamp = Annotated[datetime, Meta(tz=True)]
"""RFC 3339 with a time zone; stored as UTC with milliseconds (`ids.now()`)."""
Status = Literal["accepted", "suggested", "rejected"]
ZoneKind = Literal[ZONE_KINDS]
GroupEditOp = Literal["merge", "split"]

Number = Annotated[int, Meta(ge=-(2**53), le=2**53)] | float
Scalar = str | Number | bool | None
AttrValue = Scalar | list[Scalar] | dict[str, Scalar]
Attrs = dict[str, AttrValue]
"""Speaker, form, cue, speaker_span: one level of lists or objects at most."""


class AttrsOnly(Struct):
    """For checking the attrs of an edit made in the app (a Struct: msgspec
    looks a class up much faster than a typing alias)."""

    attrs: Attrs


class ZoneLine(Struct, kw_only=True):
    start: Offset
    end: Offset
    kind: ZoneKind


class SentenceLine(Struct, kw_only=True):
    start: Offset
    end: Offset


class EntityLine(Struct, kw_only=True):
    start: Offset
    end: Offset
    label: Name
    text: str


class LinkLine(Struct, kw_only=True):
    """One outgoing link of an annotation: `to` is the other annotation's id."""

    to: Id
    kind: Name
    id: Id | None = None
    annotator: Name | None = None
    status: Status = "accepted"
    attrs: Attrs = {}
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class GroupEditLine(Struct, kw_only=True):
    """A person's merge or split of a story's entity groups (`store.entity_groups`)."""

    op: GroupEditOp
    label: Name
    form: Field
    annotator: Name
    target: Field | None = None
    id: Id | None = None
    created_at: Timestamp | None = None


class SpanLine(Struct, kw_only=True):
    """An annotation: in an article line's `spans`, or (with `sha256`) a line of its own."""

    start: Offset
    end: Offset
    label: Name
    text: str | None = None
    id: Id | None = None
    annotator: Name | None = None
    status: Status = "accepted"
    attrs: Attrs = {}
    note: Note | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    links: list[LinkLine] = []


class AnnotationLine(SpanLine, kw_only=True):
    """One line of the default export: the annotation and its article's identity."""

    sha256: Sha256


class ArticleLine(Struct, kw_only=True):
    """One line of `export --per-article`."""

    text: ArticleText
    sha256: Sha256 | None = None
    story: Field | None = None
    outlet: Field | None = None
    title: Field | None = None
    url: Field | None = None
    published: Field | None = None
    author: Field | None = None
    source_path: Field | None = None
    entity_source: Field | None = None
    zones: list[ZoneLine] = []
    sentences: list[SentenceLine] = []
    entities: list[EntityLine] = []
    spans: list[SpanLine] = []
    entity_group_edits: list[GroupEditLine] = []


class FeedLine(Struct, kw_only=True):
    """One article of a `.jsonl` file given to `parallax import`."""

    text: ArticleText
    title: Field | None = None
    url: Field | None = None
    outlet: Field | None = None
    published: Field | None = None
    author: Field | None = None
