"""Reading back what `export` wrote: annotation lines and article lines.

A file is imported in one transaction: a bad line anywhere stores nothing from
that file. Importing the same file again changes nothing; when an annotation
id is already present, the newer `updated_at` wins.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from . import annotations
from .articles import ensure_story, insert_derived, text_sha256
from .db import write
from .errors import StoreError
from .ids import new_id, now
from .link_import import PendingError, PendingLinks, import_group_edits
from .records import ArticleRecord, EntitySpan, Zone


class LineError(StoreError):
    def __init__(self, source: str, line: int, message: str):
        super().__init__(f"{source}:{line}: {message}")


@dataclass
class ImportSummary:
    articles_added: int = 0
    articles_present: int = 0
    annotations_added: int = 0
    annotations_updated: int = 0
    annotations_unchanged: int = 0
    links_added: int = 0
    links_updated: int = 0

    def __str__(self) -> str:
        links = (f"; {self.links_added} links added, {self.links_updated} updated"
                 if self.links_added or self.links_updated else "")
        return (f"{self.annotations_added} annotations added, {self.annotations_updated} updated, "
                f"{self.annotations_unchanged} unchanged; {self.articles_added} articles added, "
                f"{self.articles_present} already present{links}")


def import_jsonl(db: Database, lines: Iterable[str], source: str) -> ImportSummary:
    summary = ImportSummary()
    # Links are stored when the whole file is read: they may point further down.
    pending = PendingLinks()
    with write(db):
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                _import_line(db, json.loads(line), summary, pending, number)
            except json.JSONDecodeError as err:
                raise LineError(source, number, f"not valid JSON ({err.msg} at column {err.colno})") from None
            except (KeyError, TypeError, ValueError, StoreError) as err:
                raise LineError(source, number, _describe(err)) from None
        try:
            pending.store(db)
        except PendingError as err:
            raise LineError(source, err.line, str(err)) from None
    summary.links_added, summary.links_updated = pending.counts.added, pending.counts.updated
    return summary


def _describe(err: Exception) -> str:
    if isinstance(err, KeyError):
        return f"missing field {err.args[0]!r}"
    return str(err)


def _import_line(db: Database, obj: Any, summary: ImportSummary, pending: PendingLinks, number: int) -> None:
    if not isinstance(obj, dict):
        raise ValueError("a line must be a JSON object")
    if "spans" in obj and "text" in obj:
        article_id = _import_article(db, obj, summary)
        for span in obj["spans"]:
            pending.add(number, _upsert(db, article_id, span, summary), span.get("links"), span.get("annotator"))
        import_group_edits(db, article_id, obj.get("entity_group_edits"))
    elif "label" in obj and "sha256" in obj:
        row = db.execute("SELECT id FROM articles WHERE sha256 = ?", [obj["sha256"]]).fetchone()
        if row is None:
            raise ValueError(f"article {obj['sha256'][:12]}… is not in this database: import the articles "
                             "first (`parallax import`, or an export made with --per-article)")
        pending.add(number, _upsert(db, row[0], obj, summary), obj.get("links"), obj.get("annotator"))
    else:
        raise ValueError("neither an annotation line (label, sha256, …) nor an article line (text, spans, …)")


def _import_article(db: Database, obj: dict[str, Any], summary: ImportSummary) -> int:
    text = _string(obj, "text")
    sha = text_sha256(text)
    if obj.get("sha256") not in (None, sha):
        raise ValueError("sha256 does not match the article text (was the text edited?)")
    row = db.execute("SELECT id FROM articles WHERE sha256 = ?", [sha]).fetchone()
    if row:
        summary.articles_present += 1
        return row[0]
    record = ArticleRecord(
        text=text,
        source_path=obj.get("source_path") or "",
        zones=[Zone(z["start"], z["end"], z["kind"]) for z in obj.get("zones", [])],
        sentences=[(s["start"], s["end"]) for s in obj.get("sentences", [])],
        entities=[EntitySpan(e["start"], e["end"], e["label"], e["text"]) for e in obj.get("entities", [])],
        entity_source=obj.get("entity_source"),
    )
    article_id = db["articles"].insert({
        "story_id": ensure_story(db, obj.get("story") or "imported"),
        **{key: obj.get(key) for key in ("outlet", "title", "url", "published", "author", "source_path", "entity_source")},
        "sha256": sha,
        "text": text,
        "created_at": now(),
    }).last_pk
    insert_derived(db, article_id, record)
    summary.articles_added += 1
    return article_id


def _upsert(db: Database, article_id: int, obj: dict[str, Any], summary: ImportSummary) -> str:
    """Store one annotation; returns its id."""
    start, end = obj["start"], obj["end"]
    if not (isinstance(start, int) and isinstance(end, int)):
        raise ValueError("start and end must be integers")
    text_row = db.execute("SELECT substr(text, ? + 1, ? - ?), length(text) FROM articles WHERE id = ?",
                          [start, end, start, article_id]).fetchone()
    if not 0 <= start < end <= text_row[1]:
        raise ValueError(f"span {start}–{end} is outside the article (0–{text_row[1]})")
    if obj.get("text") not in (None, text_row[0]):
        raise ValueError(f"span text {obj['text'][:40]!r} does not match the article at {start}–{end}")
    stamp = now()
    incoming = {
        "id": obj.get("id") or None,
        "article_id": article_id,
        "start": start,
        "end": end,
        "label": _string(obj, "label"),
        "text": text_row[0],
        "annotator": obj.get("annotator") or "import",
        "status": obj.get("status") or "accepted",
        "attrs": annotations.dump_attrs(obj.get("attrs") or {}),
        "note": obj.get("note"),
        "created_at": obj.get("created_at") or stamp,
        "updated_at": obj.get("updated_at") or stamp,
    }
    if incoming["status"] not in annotations.STATUSES:
        raise ValueError(f"status must be one of {', '.join(annotations.STATUSES)}")
    if incoming["id"] is None:
        # A file from another tool has no ids: the same span, label and
        # annotator is the same annotation, so a second import adds nothing.
        same = db.execute('SELECT id FROM annotations WHERE article_id = ? AND start = ? AND "end" = ? '
                          "AND label = ? AND annotator = ?",
                          [article_id, start, end, incoming["label"], incoming["annotator"]]).fetchone()
        if same:
            summary.annotations_unchanged += 1
            return same[0]
        incoming["id"] = new_id()
    existing = annotations.get(db, incoming["id"])
    if existing is None:
        annotations.insert_row(db, incoming)
        summary.annotations_added += 1
    elif existing == incoming or existing["updated_at"] >= incoming["updated_at"]:
        summary.annotations_unchanged += 1
    else:
        annotations.replace_row(db, incoming)
        summary.annotations_updated += 1
    return incoming["id"]


def _string(obj: dict[str, Any], key: str) -> str:
    value = obj[key]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} must be a non-empty string")
    return value
