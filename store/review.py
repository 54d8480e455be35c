"""Review and adjudication: deciding, one by one, on annotations someone else
(or a rule) made.

A decision is the reviewer's own annotation, linked (`review_of`) to the
annotation it decides on: `accepted` — perhaps relabelled or with other
boundaries — or `rejected`. The annotation under review is never changed, so
it keeps its annotator, status and cue, agreement between the original
annotators is unaffected, and nothing is deleted. Decisions are journalled
like any change (undo, redo, merge treat them alike); deciding again on the
same annotation changes the reviewer's decision instead of adding a second.

Adjudication is a review by the gold annotator of the annotations that lie in
the sentences where annotators disagree (`parallax.analysis.adjudication`
finds them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from .annotations import COLUMNS, add_row, dump_attrs, update_row
from .articles import story_id_for_name
from .db import write
from .errors import NotFound, StoreError

LINK_KIND = "review_of"
DECISIONS = ("accepted", "rejected")


@dataclass(frozen=True)
class Filters:
    """Which annotations to review; an empty field means any."""

    labels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    annotators: tuple[str, ...] = ()
    article_ids: tuple[int, ...] = ()

    def matches(self, row: dict[str, Any]) -> bool:
        return all(not wanted or row[key] in wanted for key, wanted in (
            ("label", self.labels), ("status", self.statuses), ("annotator", self.annotators),
            ("article_id", self.article_ids)))

    def describe(self) -> str:
        parts = [f"{name} {', '.join(map(str, values))}" for name, values in
                 (("label", self.labels), ("status", self.statuses), ("by", self.annotators),
                  ("article", self.article_ids)) if values]
        return "; ".join(parts) or "everything"


SUGGESTIONS = Filters(statuses=("suggested",))


@dataclass(frozen=True)
class Item:
    """One annotation to decide on; in adjudication, with the sentence the
    annotators disagree on and each one's value for it."""

    source: dict[str, Any]
    sentence: tuple[int, int] | None = None
    values: dict[str, str] | None = None

    @property
    def id(self) -> str:
        return self.source["id"]

    @property
    def article_id(self) -> int:
        return self.source["article_id"]


def queue(db: Database, story: str, reviewer: str, filters: Filters = SUGGESTIONS) -> list[Item]:
    """The annotations of `story` matching `filters`, except the reviewer's own,
    in reading order (article, then position)."""
    rows = _rows(db, f"SELECT {_columns('n')} FROM annotations n JOIN articles a ON a.id = n.article_id "
                     'WHERE a.story_id = ? AND n.annotator != ? ORDER BY n.article_id, n.start, n."end", n.id',
                 [story_id_for_name(db, story), reviewer])
    return [Item(row) for row in rows if filters.matches(row)]


def overlapping(db: Database, article_id: int, start: int, end: int, annotators: Sequence[str],
                statuses: Sequence[str]) -> list[dict[str, Any]]:
    """The annotations of `annotators` with one of `statuses` that share a
    character with [start, end), in position order."""
    return _rows(
        db, f"SELECT {_columns('n')} FROM annotations n WHERE n.article_id = ? AND n.start < ? AND n.\"end\" > ? "
            f"AND n.annotator IN ({', '.join('?' * len(annotators))}) "
            f"AND n.status IN ({', '.join('?' * len(statuses))}) "
            'ORDER BY n.start, n."end", n.id',
        [article_id, end, start, *annotators, *statuses])


def decisions(db: Database, reviewer: str, source_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The reviewer's decision on each of `source_ids` that has one."""
    ids = list(source_ids)
    found: dict[str, dict[str, Any]] = {}
    # In chunks: SQLite caps the number of parameters of one statement.
    for offset in range(0, len(ids), 500):
        chunk = ids[offset:offset + 500]
        cursor = db.execute(
            f"SELECT l.dst_annotation, {_columns('n')} FROM links l JOIN annotations n ON n.id = l.src_annotation "
            f"WHERE l.kind = ? AND n.annotator = ? AND l.dst_annotation IN ({', '.join('?' * len(chunk))}) "
            "ORDER BY n.id", [LINK_KIND, reviewer, *chunk])
        for source_id, *values in cursor:
            found.setdefault(source_id, dict(zip(COLUMNS, values)))
    return found


def decide(db: Database, reviewer: str, source_id: str, status: str, *, label: str | None = None,
           start: int | None = None, end: int | None = None, reject: Sequence[str] = (),
           attrs: dict[str, Any] | None = None) -> dict[str, Any]:
    """Record the reviewer's decision on `source_id` — `status` accepted or
    rejected, optionally with another label or span, and `attrs` set over
    the source's (a speaker the reviewer gives; a None value removes the
    key) — and reject each of `reject` (the other sides, when a curator
    picks one), in one transaction. Returns the reviewer's decision row on
    `source_id`."""
    with write(db):
        row = _decide(db, reviewer, source_id, status, label, start, end, attrs)
        for other in reject:
            if other != source_id:
                _decide(db, reviewer, other, "rejected", None, None, None)
    return row


def _decide(db: Database, reviewer: str, source_id: str, status: str, label: str | None,
            start: int | None, end: int | None, attrs: dict[str, Any] | None = None) -> dict[str, Any]:
    if status not in DECISIONS:
        raise StoreError(f"a decision is {' or '.join(DECISIONS)}, not {status!r}")
    source = _one(db, f"SELECT {_columns('n')} FROM annotations n WHERE n.id = ?", [source_id])
    if source is None:
        raise NotFound(f"no annotation {source_id} (deleted by its annotator?)")
    if source["annotator"] == reviewer:
        raise StoreError("that is your own annotation; review someone else's")
    existing = decisions(db, reviewer, [source_id]).get(source_id)
    base = existing or source
    wanted = {"status": status, "label": label or base["label"],
              "start": base["start"] if start is None else start, "end": base["end"] if end is None else end}
    if attrs:
        merged = json.loads(base["attrs"] or "{}") | attrs
        wanted["attrs"] = dump_attrs({key: value for key, value in merged.items() if value is not None})
    if existing is not None:
        changes = {key: value for key, value in wanted.items() if existing[key] != value}
        if "attrs" in changes:
            changes["attrs"] = json.loads(changes["attrs"])
        return update_row(db, existing["id"], reviewer, **changes) if changes else existing
    # The reviewer's copy carries the source's attributes (speaker, form, cue).
    return add_row(db, source["article_id"], wanted["start"], wanted["end"], wanted["label"], reviewer,
                   status=status, attrs=json.loads(wanted.get("attrs") or source["attrs"] or "{}"),
                   note=source["note"], links=[(source_id, LINK_KIND)])


def _columns(alias: str) -> str:
    return ", ".join(f'{alias}."{c}"' for c in COLUMNS)


def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return [dict(zip(COLUMNS, row)) for row in db.execute(sql, params)]


def _one(db: Database, sql: str, params: list[Any]) -> dict[str, Any] | None:
    rows = _rows(db, sql, params)
    return rows[0] if rows else None
