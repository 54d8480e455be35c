"""Spans and links read from another tool's file, into the store.

One transaction per file: a bad record anywhere stores nothing from it. The
rules are those of `import-annotations` for JSONL: an article is found by the
SHA-256 of its text and must be there already; an id already present is kept
unless the file's copy is newer; a span without an id (brat, doccano) is the
same annotation as one with equal offsets, label and annotator. Imports are
not journalled (undo covers edits made in the app).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from parallax.store import annotations
from parallax.store.articles import text_sha256
from parallax.store.db import write
from parallax.store.errors import StoreError
from parallax.store.ids import new_id, now

from .records import ImportedArticle, ImportedLink, ImportedSpan


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
    if not (isinstance(span.start, int) and isinstance(span.end, int)):
        raise ValueError("start and end must be integers")
    if not 0 <= span.start < span.end <= len(text):
        raise ValueError(f"span {span.start}–{span.end} is outside the article (0–{len(text)})")
    if span.text is not None and span.text != text[span.start:span.end]:
        raise ValueError(f"span text {span.text[:40]!r} does not match the article at {span.start}–{span.end}")
    if not isinstance(span.label, str) or not span.label:
        raise ValueError("a span needs a label")
    if span.status not in annotations.STATUSES:
        raise ValueError(f"status must be one of {', '.join(annotations.STATUSES)}")
    stamp = now()
    incoming = {
        "id": span.id, "article_id": article_id, "start": span.start, "end": span.end, "label": span.label,
        "text": text[span.start:span.end], "annotator": span.annotator or default_annotator,
        "status": span.status, "attrs": annotations.dump_attrs(span.attrs or {}), "note": span.note,
        "created_at": span.created_at or stamp, "updated_at": span.updated_at or stamp,
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
    if not isinstance(link.kind, str) or not link.kind:
        raise ValueError("a link needs a kind")
    present = db.execute("SELECT 1 FROM links WHERE id = ? OR (src_annotation = ? AND dst_annotation = ? "
                         "AND kind = ?)", [link.id, src, dst, link.kind]).fetchone()
    if present:
        summary.links_unchanged += 1
        return
    created = link.created_at or now()
    db.execute("INSERT INTO links (id, src_annotation, dst_annotation, kind, annotator, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               [link.id or new_id(), src, dst, link.kind, link.annotator or link.src.annotator or default_annotator,
                created, created])
    summary.links_added += 1
