"""The shape of every row `merge` reads from another database (msgspec
Structs, `array_like`: a row tuple converts as it comes from SQLite), and of
the rows a journal entry holds in `before`/`after`. What a declaration
cannot say is checked in `merge_source.py`."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
import msgspec.structs
from msgspec import Meta, Struct

from .line_schema import ArticleText, Field, Id, Name, Note, Offset, Sha256, Status, ZoneKind

RowId = Annotated[int, Meta(ge=1, le=2**62)]
STAMP_BODY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z"
STAMP_FORMAT = rf"\A{STAMP_BODY}\Z"
"""Timestamps as Parallax stores them (merge compares them as text): ASCII
digits only (`\\d` takes any script's), and nothing after the Z (`$` lets a
final newline through)."""
Stamp = Annotated[str, Meta(description="timestamp")]
"""A timestamp: its format, STAMP_FORMAT, is checked in `merge_checks.py`
(right after the row's conversion, as a pattern here would be), where a
batch's stamps are matched in one pass: a pattern here costs a call into
the regular expression engine per value, half the time of decoding a
journal image."""


AttrsText = Annotated[str, Meta(max_length=1_000_000)]
"""attrs as stored: JSON text, parsed and checked like an import line's."""


class StoryRow(Struct, array_like=True):
    id: RowId
    name: Annotated[str, Meta(min_length=1, max_length=10_000)]
    created_at: Stamp


class ArticleRow(Struct, array_like=True):
    id: RowId
    story_id: RowId
    outlet: Field | None
    title: Field | None
    url: Field | None
    published: Field | None
    author: Field | None
    source_path: Field | None
    sha256: Sha256
    text: ArticleText
    entity_source: Field | None
    created_at: Stamp


class ZoneRow(Struct, array_like=True):
    article_id: RowId
    start: Offset
    end: Offset
    kind: ZoneKind


class SentenceRow(Struct, array_like=True):
    article_id: RowId
    start: Offset
    end: Offset


class EntityRow(Struct, array_like=True):
    article_id: RowId
    start: Offset
    end: Offset
    label: Name
    text: str
    source: Field


class AnnotationRow(Struct, array_like=True):
    id: Id
    article_id: RowId
    start: Offset
    end: Offset
    label: Name
    text: str
    annotator: Name
    status: Status
    attrs: AttrsText
    note: Note | None
    created_at: Stamp
    updated_at: Stamp


class LinkRow(Struct, array_like=True):
    id: Id
    src_annotation: Id
    dst_annotation: Id
    kind: Name
    annotator: Name
    status: Status
    attrs: AttrsText
    created_at: Stamp
    updated_at: Stamp | None
    """NULL is what the schema allows (m010 added it) and merge treats as oldest."""


class EntityGroupEditRow(Struct, array_like=True):
    id: Id
    article_id: RowId
    op: Literal["merge", "split"]
    label: Name
    form: Field
    target: Field | None
    annotator: Name
    created_at: Stamp


class JournalRow(Struct, array_like=True):
    id: Id
    annotator: Name
    op: Literal["add", "update", "delete", "undo", "redo", "link_add", "link_update", "link_delete"]
    annotation_id: Id | None
    link_id: Id | None
    before: Annotated[str, Meta(max_length=2_000_000)] | None
    after: Annotated[str, Meta(max_length=2_000_000)] | None
    ref: Id | None
    state: Literal["active", "undone", "dropped", "skipped"]
    created_at: Stamp


class LinkImage(Struct, kw_only=True, forbid_unknown_fields=False):
    """A link as a journal entry of a link change holds it: undo writes it back."""

    id: Id
    src_annotation: Id
    dst_annotation: Id
    kind: Name
    annotator: Name
    status: Status
    attrs: AttrsText
    created_at: Stamp
    updated_at: Stamp


class JournalLink(Struct, kw_only=True, forbid_unknown_fields=False):
    """A link journalled with its annotation (it leaves and comes back with
    it); entries from before links had a status carry only some fields."""

    id: Id
    dst_annotation: Id
    kind: Name
    annotator: Name
    created_at: Stamp
    src_annotation: Id | None = None
    status: Status = "accepted"
    attrs: AttrsText = "{}"
    updated_at: Stamp | None = None


class JournalImage(Struct, kw_only=True, forbid_unknown_fields=False):
    """An annotation as a journal entry holds it: undo writes it back, with
    the links that left with it."""

    id: Id
    article_id: RowId
    start: Offset
    end: Offset
    label: Name
    text: str
    annotator: Name
    status: Status
    attrs: AttrsText
    note: Note | None = None
    created_at: Stamp
    updated_at: Stamp
    links: list[JournalLink] = []
    links_in: list[JournalLink] = []


TABLES: dict[str, type[Struct]] = {
    "stories": StoryRow, "articles": ArticleRow, "zones": ZoneRow, "sentences": SentenceRow,
    "entities": EntityRow, "annotations": AnnotationRow, "links": LinkRow,
    "entity_group_edits": EntityGroupEditRow, "journal": JournalRow,
}
"""Read in this order: a row is checked against the rows read before it."""


def columns(table: str) -> tuple[str, ...]:
    return TABLES[table].__struct_fields__


def stamp_fields(shape: type[Struct]) -> tuple[str, ...]:
    """The fields of `shape` that hold a Stamp (or None)."""
    return tuple(name for name, kind in zip(shape.__struct_fields__, msgspec.structs.fields(shape))
                 if kind.type in (Stamp, Stamp | None))
