"""Links between annotations: `same` (the same claim or quote, however
worded), `contradicts`, `elaborates` — across the articles of one story.

A link reads "src KIND dst" ("this elaborates that"); `same` and
`contradicts` are symmetric, so adding B→A when A→B exists adds nothing.
Kinds are configurable like labels: any non-empty name but `review_of`,
which review decisions on annotations use.

Every change is journalled (ops `link_add`, `link_update`, `link_delete`
with the link's id in `journal.link_id`), so `annotations.undo`/`redo` walk
link and annotation changes in one stack, across restarts.

Ownership: an annotator changes only their own links. Deleting someone
else's link — a colleague's, or a suggestion (annotator `suggest:…`) —
records the deleter's *decision* instead, the equivalent of a review
decision on an annotation: the deleter's own link between the same two
annotations, with status `rejected` and `attrs.review_of` = the decided
link's id. Accepting a suggested link is the same with status `accepted`
(optionally with another kind). The decided link is never changed; deciding
again changes the one decision; deleting one's decision withdraws it. The
comparison counts accepted links and leaves out those that a decision in
scope rejected (`parallax.analysis.link_view`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from . import link_rows
from .annotations import STATUSES, dump_attrs, write_journal
from .db import write
from .errors import NotFound, StoreError
from .ids import new_id, now
from .link_reading import Link

KINDS = ("same", "contradicts", "elaborates")
"""The default kinds, in the order a picker shows them."""
SYMMETRIC = frozenset({"same", "contradicts"})
RESERVED = "review_of"
DECISIONS = ("accepted", "rejected")


@dataclass(frozen=True)
class Deleted:
    """What a delete did: `removed` the annotator's own link, or recorded
    their `rejected` decision on someone else's (`decision`)."""

    outcome: str
    link: Link
    decision: Link | None = None


def get(db: Database, link_id: str) -> Link | None:
    row = link_rows.get(db, link_id)
    return Link.from_row(row) if row else None


def for_annotation(db: Database, annotation_id: str, *, kinds: Sequence[str] | None = None) -> list[Link]:
    """The links from and to an annotation (review_of links on annotations
    excluded unless asked for), oldest first."""
    found = [Link.from_row(r) for r in link_rows.rows(db, "src_annotation = ? OR dst_annotation = ?",
                                                      [annotation_id, annotation_id])]
    return [link for link in found if (link.kind in kinds if kinds else link.kind != RESERVED)]


def for_story(db: Database, story_id: int, *, kinds: Sequence[str] | None = None) -> list[Link]:
    """Every link between annotations of the story (not review_of unless asked for), oldest first."""
    rows = link_rows.rows(db, "src_annotation IN (SELECT n.id FROM annotations n JOIN articles a "
                              "ON a.id = n.article_id WHERE a.story_id = ?)", [story_id])
    return [link for link in map(Link.from_row, rows) if (link.kind in kinds if kinds else link.kind != RESERVED)]


def add(db: Database, src: str, dst: str, kind: str, annotator: str, *, status: str = "accepted",
        attrs: dict[str, Any] | None = None) -> Link:
    """Link `src` to `dst`; the annotator's own equal link when there is one
    already (nothing is written then)."""
    with write(db):
        return add_row(db, src, dst, kind, annotator, status=status, attrs=attrs)


def add_row(db: Database, src: str, dst: str, kind: str, annotator: str, *, status: str = "accepted",
            attrs: dict[str, Any] | None = None) -> Link:
    """`add` inside a transaction the caller holds."""
    _check(db, src, dst, kind, status, annotator)
    existing = _same_link(db, src, dst, kind, annotator)
    if existing is not None:
        return existing
    stamp = now()
    row = {"id": new_id(), "src_annotation": src, "dst_annotation": dst, "kind": kind, "annotator": annotator,
           "status": status, "attrs": dump_attrs(attrs or {}), "created_at": stamp, "updated_at": stamp}
    link_rows.insert(db, row)
    write_journal(db, annotator, "link_add", None, None, row, link_id=row["id"])
    return Link.from_row(row)


def update(db: Database, link_id: str, annotator: str, *, kind: str | None = None, status: str | None = None,
           attrs: dict[str, Any] | None = None) -> Link:
    """Change the kind, status or attributes of one's own link."""
    with write(db):
        before = _require(db, link_id)
        if before["annotator"] != annotator:
            raise StoreError(f"that is {before['annotator']}'s link; accept or reject it instead (a decision of yours)")
        return _update_row(db, before, annotator, kind=kind, status=status, attrs=attrs)


def delete(db: Database, link_id: str, annotator: str) -> Deleted:
    """Remove one's own link; on anyone else's, record one's rejection (see the module docstring)."""
    with write(db):
        row = _require(db, link_id)
        if row["annotator"] != annotator:
            decision = _decide(db, annotator, row, "rejected", None)
            return Deleted("rejected", Link.from_row(row), decision)
        db.execute("DELETE FROM links WHERE id = ?", [link_id])
        write_journal(db, annotator, "link_delete", None, row, None, link_id=link_id)
        return Deleted("removed", Link.from_row(row))


def decide(db: Database, reviewer: str, link_id: str, status: str, *, kind: str | None = None) -> Link:
    """The reviewer's decision on someone else's link: `accepted` (perhaps as
    another kind) or `rejected`. Deciding again changes the one decision."""
    with write(db):
        row = _require(db, link_id)
        if row["annotator"] == reviewer:
            raise StoreError("that is your own link; change or delete it instead")
        return _decide(db, reviewer, row, status, kind)


def decisions(db: Database, reviewer: str, link_ids: Iterable[str]) -> dict[str, Link]:
    """The reviewer's decision on each of `link_ids` that has one."""
    wanted = set(link_ids)
    rows = link_rows.rows(db, "annotator = ? AND json_extract(attrs, '$.review_of') IS NOT NULL", [reviewer])
    return {link.review_of: link for link in map(Link.from_row, rows) if link.review_of in wanted}


def _decide(db: Database, reviewer: str, source: dict[str, Any], status: str, kind: str | None) -> Link:
    if status not in DECISIONS:
        raise StoreError(f"a decision is {' or '.join(DECISIONS)}, not {status!r}")
    source_link = Link.from_row(source)
    if source_link.review_of:
        raise StoreError("that link is a decision on another link; decide on that one")
    existing = decisions(db, reviewer, [source["id"]]).get(source["id"])
    if existing is not None:
        return _update_row(db, _require(db, existing.id), reviewer, kind=kind, status=status, attrs=None)
    # The decision carries the source's attributes (a suggestion's evidence).
    attrs = source_link.attrs | {"review_of": source["id"]}
    stamp = now()
    row = {"id": new_id(), "src_annotation": source["src_annotation"], "dst_annotation": source["dst_annotation"],
           "kind": kind or source["kind"], "annotator": reviewer, "status": status, "attrs": dump_attrs(attrs),
           "created_at": stamp, "updated_at": stamp}
    _check_kind(row["kind"])
    link_rows.insert(db, row)
    write_journal(db, reviewer, "link_add", None, None, row, link_id=row["id"])
    return Link.from_row(row)


def _update_row(db: Database, before: dict[str, Any], annotator: str, *, kind: str | None, status: str | None,
                attrs: dict[str, Any] | None) -> Link:
    changes: dict[str, Any] = {}
    if kind is not None:
        _check_kind(kind)
        changes["kind"] = kind
    if status is not None:
        _check_status(status)
        changes["status"] = status
    if attrs is not None:
        changes["attrs"] = dump_attrs(attrs)
    changes = {k: v for k, v in changes.items() if before[k] != v}
    if not changes:
        return Link.from_row(before)
    after = before | changes | {"updated_at": now()}
    link_rows.replace(db, after)
    write_journal(db, annotator, "link_update", None, before, after, link_id=before["id"])
    return Link.from_row(after)


def _same_link(db: Database, src: str, dst: str, kind: str, annotator: str) -> Link | None:
    pairs = [(src, dst), (dst, src)] if kind in SYMMETRIC else [(src, dst)]
    for a, b in pairs:
        rows = link_rows.rows(db, "src_annotation = ? AND dst_annotation = ? AND kind = ? AND annotator = ? "
                                  "AND json_extract(attrs, '$.review_of') IS NULL", [a, b, kind, annotator])
        if rows:
            return Link.from_row(rows[0])
    return None


def _check(db: Database, src: str, dst: str, kind: str, status: str, annotator: str) -> None:
    _check_kind(kind)
    _check_status(status)
    if not annotator:
        raise StoreError("a link needs an annotator")
    if src == dst:
        raise StoreError("an annotation cannot be linked to itself")
    stories = dict(db.execute("SELECT n.id, a.story_id FROM annotations n JOIN articles a ON a.id = n.article_id "
                              "WHERE n.id IN (?, ?)", [src, dst]).fetchall())
    for end in (src, dst):
        if end not in stories:
            raise NotFound(f"no annotation {end}")
    if stories[src] != stories[dst]:
        raise StoreError("links join annotations of one story; these two are in different stories")


def _check_kind(kind: str) -> None:
    if not isinstance(kind, str) or not kind.strip():
        raise StoreError("a link needs a kind (same, contradicts, elaborates, …)")
    if kind == RESERVED:
        raise StoreError(f"{RESERVED} links are review decisions; use store.review to make them")


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise StoreError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")


def _require(db: Database, link_id: str) -> dict[str, Any]:
    row = link_rows.get(db, link_id)
    if row is None:
        raise NotFound(f"no link {link_id} (deleted by its annotator?)")
    return row


def add_suggested(db: Database, pairs: Iterable[tuple[str, str, str, dict[str, Any]]], annotator: str) -> tuple[int, int]:
    """Store (src, dst, kind, attrs) suggestions as `suggested` links under
    `annotator`, in one transaction; a pair already linked (by anyone, either
    way round) is left alone, so running again adds nothing. Returns (added,
    already there)."""
    added = present = 0
    with write(db):
        for src, dst, kind, attrs in pairs:
            linked = db.execute("SELECT 1 FROM links WHERE kind != ? AND ((src_annotation = ? AND dst_annotation = ?) "
                                "OR (src_annotation = ? AND dst_annotation = ?))",
                                [RESERVED, src, dst, dst, src]).fetchone()
            if linked:
                present += 1
                continue
            add_row(db, src, dst, kind, annotator, status="suggested", attrs=attrs)
            added += 1
    return added, present
