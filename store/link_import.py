"""Reading back the `links` of annotation lines and spans, and the
`entity_group_edits` of article lines (`store.jsonl_import` hands them over).

Links are checked when their line is read and stored when the file has been
read, so a link may point to an annotation further down the file; one whose
`to` is in neither the file nor the database is refused with its line. Like
annotations, a link already here by id keeps the newer `updated_at`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from . import link_rows
from .annotations import STATUSES, dump_attrs
from .errors import StoreError
from .ids import new_id, now

GROUP_EDIT_OPS = ("merge", "split")


class PendingError(StoreError):
    """A link or edit that cannot be stored; `line` is where the file has it."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


@dataclass
class LinkCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class PendingLinks:
    links: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    counts: LinkCounts = field(default_factory=LinkCounts)

    def add(self, line: int, src: str, entries: Any, annotator: str | None) -> None:
        """Check the `links` of the annotation `src` read on `line`."""
        if entries is None:
            return
        if not isinstance(entries, list):
            raise ValueError("links must be a list")
        stamp = now()
        for entry in entries:
            if not isinstance(entry, dict):
                raise ValueError("each link must be an object")
            row = {
                "id": _optional_string(entry, "id"),
                "src_annotation": src,
                "dst_annotation": _string(entry, "to"),
                "kind": _string(entry, "kind"),
                "annotator": _optional_string(entry, "annotator") or annotator or "import",
                "status": entry.get("status") or "accepted",
                "attrs": dump_attrs(entry.get("attrs") or {}),
                "created_at": _optional_string(entry, "created_at") or stamp,
                "updated_at": _optional_string(entry, "updated_at") or stamp,
            }
            if row["status"] not in STATUSES:
                raise ValueError(f"link status must be one of {', '.join(STATUSES)}")
            if row["dst_annotation"] == src:
                raise ValueError("a link cannot point to its own annotation")
            self.links.append((line, row))

    def store(self, db: Database) -> None:
        """Store every link read (inside the file's transaction)."""
        for line, row in self.links:
            ends = dict(db.execute("SELECT n.id, a.story_id FROM annotations n JOIN articles a "
                                   "ON a.id = n.article_id WHERE n.id IN (?, ?)",
                                   [row["src_annotation"], row["dst_annotation"]]).fetchall())
            if row["dst_annotation"] not in ends:
                raise PendingError(line, f"link {row['id'] or ''} points to annotation {row['dst_annotation']}, "
                                         "which is neither in this file nor in the database")
            if ends[row["src_annotation"]] != ends[row["dst_annotation"]]:
                raise PendingError(line, "a link joins annotations of one story; this one crosses two")
            self._upsert(db, line, row)

    def _upsert(self, db: Database, line: int, row: dict[str, Any]) -> None:
        if row["id"] is None:
            # From another tool: the same ends, kind and annotator are the same link.
            same = db.execute("SELECT id FROM links WHERE src_annotation = ? AND dst_annotation = ? AND kind = ? "
                              "AND annotator = ?", [row["src_annotation"], row["dst_annotation"], row["kind"],
                                                    row["annotator"]]).fetchone()
            if same:
                self.counts.unchanged += 1
                return
            row["id"] = new_id()
        existing = link_rows.get(db, row["id"])
        if existing is None:
            link_rows.insert(db, row)
            self.counts.added += 1
        elif (existing["src_annotation"], existing["dst_annotation"]) != (row["src_annotation"], row["dst_annotation"]):
            raise PendingError(line, f"link {row['id']} is here already between other annotations")
        elif existing == row or existing["updated_at"] >= row["updated_at"]:
            self.counts.unchanged += 1
        else:
            link_rows.replace(db, row)
            self.counts.updated += 1


def import_group_edits(db: Database, article_id: int, edits: Any) -> int:
    """Store an article line's `entity_group_edits`; returns how many were new."""
    if edits is None:
        return 0
    if not isinstance(edits, list):
        raise ValueError("entity_group_edits must be a list")
    added = 0
    for edit in edits:
        if not isinstance(edit, dict):
            raise ValueError("each entity group edit must be an object")
        row = {key: _optional_string(edit, key) for key in ("id", "target", "created_at")}
        row |= {key: _string(edit, key) for key in ("op", "label", "form", "annotator")}
        if row["op"] not in GROUP_EDIT_OPS:
            raise ValueError(f"entity group edit op must be one of {', '.join(GROUP_EDIT_OPS)}")
        if row["op"] == "merge" and not row["target"]:
            raise ValueError("a merge edit needs a target")
        row["id"] = row["id"] or new_id()
        row["created_at"] = row["created_at"] or now()
        added += db.conn.execute(
            "INSERT OR IGNORE INTO entity_group_edits (id, article_id, op, label, form, target, annotator, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [row["id"], article_id, row["op"], row["label"], row["form"], row["target"], row["annotator"],
             row["created_at"]]).rowcount
    return added


def _string(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} must be a non-empty string")
    return value


def _optional_string(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    return value or None
