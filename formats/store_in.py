"""Spans and links read from another tool's file, into the store.

One transaction per file: a bad record anywhere stores nothing from it. The
rules are those of `import-annotations` for JSONL: an article is found by the
SHA-256 of its text and must be there already; an id already present is kept
unless the file's copy is newer; a span without an id (brat, doccano) is the
same annotation as one with equal offsets, label and annotator. Every span and
link is checked against the declared shape of an `import-annotations` line
(`store.line_schema`) before it is stored. Imports are not journalled (undo
covers edits made in the app).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlite_utils import Database

from parallax.store import annotations
from parallax.store.articles import text_sha256
from parallax.store.db import write
from parallax.store.errors import StoreError
from parallax.store.ids import new_id, now
from parallax.store.line_checks import check_not_future, check_span, check_strings, convert, stamp_text
from parallax.store.line_schema import LinkLine, SpanLine

from .records import ImportedArticle, ImportedLink, ImportedSpan

T = TypeVar("T")


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    links_added: int = 0
    links_unchanged: int = 0

    def __str__(self) -> str:
        return (f"{self.added} annotations added, {self.updated} updated, {self.unchanged} unchanged; "
                f"{self.links_added} links added, {self.links_unchanged} unchanged")


def import_articles(db: Database, items: Iterable[ImportedArticle], default_annotator: str) -> Summary:
    summary = Summary()
    with write(db):
        for item in items:
            try:
                _import_article(db, item, default_annotator, summary)
            except (KeyError, TypeError, ValueError) as err:
                raise StoreError(f"{item.where}: {err}") from None
            except StoreError as err:
                raise StoreError(f"{item.where}: {err}") from None
    return summary


def _import_article(db: Database, item: ImportedArticle, default_annotator: str, summary: Summary) -> None:
    row = db.execute("SELECT id FROM articles WHERE sha256 = ?", [text_sha256(item.text)]).fetchone()
    if row is None:
        raise StoreError("this article's text is not in the database (import the articles first with "
                         "`parallax import`; the text must be the one Parallax exported)")
    ids = {}
    for span in item.spans:
        ids[id(span)] = _upsert(db, row[0], item.text, span, default_annotator, summary)
    for link in item.links:
        _link(db, ids[id(link.src)], ids[id(link.dst)], link, default_annotator, summary)


def _upsert(db: Database, article_id: int, text: str, span: ImportedSpan, default_annotator: str,
            summary: Summary) -> str:
    checked = _declared(span, SpanLine, ("start", "end", "label", "text", "id", "annotator", "status", "attrs",
                                         "note", "created_at", "updated_at"))
    check_span(text, checked.start, checked.end, "", checked.text)
    stamp = now()
    incoming = {
        "id": checked.id, "article_id": article_id, "start": checked.start, "end": checked.end,
        "label": checked.label, "text": text[checked.start:checked.end],
        "annotator": checked.annotator or default_annotator, "status": checked.status,
        "attrs": annotations.dump_attrs(checked.attrs), "note": checked.note,
        "created_at": stamp_text(checked.created_at) if checked.created_at else stamp,
        "updated_at": stamp_text(checked.updated_at) if checked.updated_at else stamp,
    }
    if incoming["id"] is None:
        same = db.execute('SELECT id FROM annotations WHERE article_id = ? AND start = ? AND "end" = ? '
                          "AND label = ? AND annotator = ?",
                          [article_id, span.start, span.end, span.label, incoming["annotator"]]).fetchone()
        if same:
            summary.unchanged += 1
            return same[0]
        incoming["id"] = new_id()
    existing = annotations.get(db, incoming["id"])
    if existing is None:
        annotations.insert_row(db, incoming)
        summary.added += 1
    elif existing["article_id"] != article_id:
        raise ValueError(f"annotation {incoming['id']} belongs to another article in this database")
    elif existing == incoming or existing["updated_at"] >= incoming["updated_at"]:
        summary.unchanged += 1
    else:
        annotations.replace_row(db, incoming)
        summary.updated += 1
    return incoming["id"]


def _link(db: Database, src: str, dst: str, link: ImportedLink, default_annotator: str, summary: Summary) -> None:
    checked = _declared(link, LinkLine, ("kind", "id", "annotator", "created_at"), to=dst)
    present = db.execute("SELECT 1 FROM links WHERE id = ? OR (src_annotation = ? AND dst_annotation = ? "
                         "AND kind = ?)", [link.id, src, dst, link.kind]).fetchone()
    if present:
        summary.links_unchanged += 1
        return
    created = stamp_text(checked.created_at) if checked.created_at else now()
    db.execute("INSERT INTO links (id, src_annotation, dst_annotation, kind, annotator, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               [checked.id or new_id(), src, dst, checked.kind,
                checked.annotator or link.src.annotator or default_annotator, created, created])
    summary.links_added += 1


def _declared(record: Any, shape: type[T], fields: tuple[str, ...], **more: Any) -> T:
    """What another tool's file says, checked against the shape an
    `import-annotations` line has (`store.line_schema`): types, sizes, known
    statuses, characters SQLite can hold, timestamps not in the future."""
    value = {name: getattr(record, name) for name in fields if getattr(record, name) is not None} | more
    check_strings(value)
    checked = convert(value, shape)
    for name in ("created_at", "updated_at"):
        check_not_future(getattr(checked, name, None), name)
    return checked
