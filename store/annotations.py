"""Adding, changing and deleting annotations; every change is journalled so
that undo and redo work across restarts and the history can be audited."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from . import link_rows
from .db import write
from .errors import NotFound, StoreError, UndoConflict
from .ids import new_id, now
from .line_checks import LineProblem, check_storable

STATUSES = ("accepted", "suggested", "rejected")
COLUMNS = (
    "id", "article_id", "start", "end", "label", "text", "annotator",
    "status", "attrs", "note", "created_at", "updated_at",
)
EDITABLE = frozenset({"start", "end", "label", "status", "attrs", "note"})
LINK_OPS = ("link_add", "link_update", "link_delete")
"""Journal ops of link changes: one undo stack per annotator holds both kinds."""
_SELECT = "SELECT " + ", ".join(f'"{c}"' for c in COLUMNS) + " FROM annotations"


def get(db: Database, annotation_id: str) -> dict[str, Any] | None:
    row = db.execute(_SELECT + " WHERE id = ?", [annotation_id]).fetchone()
    return dict(zip(COLUMNS, row)) if row else None


def add(
    db: Database,
    article_id: int,
    start: int,
    end: int,
    label: str,
    annotator: str,
    *,
    status: str = "accepted",
    attrs: dict[str, Any] | None = None,
    note: str | None = None,
    links: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """Add an annotation; `links` are (annotation id, kind) pairs it points to,
    written in the same transaction and brought back with it by redo."""
    with write(db):
        return add_row(db, article_id, start, end, label, annotator,
                       status=status, attrs=attrs, note=note, links=links)


def add_row(
    db: Database,
    article_id: int,
    start: int,
    end: int,
    label: str,
    annotator: str,
    *,
    status: str = "accepted",
    attrs: dict[str, Any] | None = None,
    note: str | None = None,
    links: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """`add` inside a transaction the caller holds."""
    stamp = now()
    row = {
        "id": new_id(),
        "article_id": article_id,
        "start": start,
        "end": end,
        "label": label,
        "text": _span_text(db, article_id, start, end),
        "annotator": annotator,
        "status": status,
        "attrs": dump_attrs(attrs or {}),
        "note": note,
        "created_at": stamp,
        "updated_at": stamp,
    }
    _check(row)
    insert_row(db, row)
    journalled = dict(row)
    if links:
        journalled["links"] = [
            {"id": new_id(), "src_annotation": row["id"], "dst_annotation": dst, "kind": kind,
             "annotator": annotator, "status": "accepted", "attrs": "{}", "created_at": stamp, "updated_at": stamp}
            for dst, kind in links
        ]
        link_rows.restore(db, journalled["links"])
    write_journal(db, annotator, "add", row["id"], None, journalled)
    return row


def update(db: Database, annotation_id: str, annotator: str, **changes: Any) -> dict[str, Any]:
    with write(db):
        return update_row(db, annotation_id, annotator, **changes)


def update_row(db: Database, annotation_id: str, annotator: str, **changes: Any) -> dict[str, Any]:
    """`update` inside a transaction the caller holds."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise StoreError(f"cannot change {', '.join(sorted(unknown))} of an annotation")
    if "attrs" in changes:
        changes["attrs"] = dump_attrs(changes["attrs"] or {})
    before = _require(db, annotation_id)
    after = before | changes | {"updated_at": now()}
    if "start" in changes or "end" in changes:
        after["text"] = _span_text(db, after["article_id"], after["start"], after["end"])
    _check(after)
    replace_row(db, after)
    write_journal(db, annotator, "update", annotation_id, before, after)
    return after


def delete(db: Database, annotation_id: str, annotator: str) -> dict[str, Any]:
    with write(db):
        before = _require(db, annotation_id)
        outgoing, incoming = link_rows.touching(db, annotation_id)
        # Journalled with the row, so undoing the delete restores them too.
        if outgoing:
            before["links"] = outgoing
        if incoming:
            before["links_in"] = incoming
        db.execute("DELETE FROM links WHERE src_annotation = ? OR dst_annotation = ?", [annotation_id] * 2)
        db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
        write_journal(db, annotator, "delete", annotation_id, before, None)
    return before


def undo(db: Database, annotator: str) -> dict[str, Any] | None:
    """Revert `annotator`'s latest change that can still be reverted; None when there is nothing to undo.

    Annotation and link changes share the stack. An entry whose annotation
    (or link) someone else changed since is never forced back. The first undo
    that meets it marks it `skipped` (committed) and raises UndoConflict
    saying who changed it; later undos pass over it to the annotator's older
    entries. A skipped entry becomes undoable again once
    its annotation is back the way the entry left it (the other one undid
    their change)."""
    explanation = None
    with write(db):
        cursor = db.conn.execute(
            "SELECT * FROM journal WHERE annotator = ? AND state IN ('active', 'skipped') "
            f"AND op IN {_UNDOABLE} ORDER BY id DESC", [annotator])
        keys = [d[0] for d in cursor.description]
        for values in cursor:
            entry = dict(zip(keys, values))
            after = _load(entry["after"])
            current = _current(db, entry)
            try:
                if _changed(entry, current, after):
                    raise UndoConflict(_explain_skip(db, entry, current))
                written = _apply_entry(db, entry, expect=after, to=_load(entry["before"]))
            except UndoConflict as conflict:
                # changed since, or (a link) one of its ends is gone
                if entry["state"] == "active":
                    db.execute("UPDATE journal SET state = 'skipped' WHERE id = ?", [entry["id"]])
                    explanation = str(conflict)
                    break
                continue
            db.execute("UPDATE journal SET state = 'undone' WHERE id = ?", [entry["id"]])
            write_journal(db, annotator, "undo", entry["annotation_id"], after, written, ref=entry["id"],
                          link_id=entry["link_id"])
            return entry
    if explanation is None:
        return None
    raise UndoConflict(explanation)


def _current(db: Database, entry: dict[str, Any]) -> dict | None:
    """The row a journal entry changed, as it is now."""
    if entry["link_id"] is not None:
        return link_rows.get(db, entry["link_id"])
    return get(db, entry["annotation_id"])


def _changed(entry: dict[str, Any], current: dict | None, after: dict | None) -> bool:
    if entry["link_id"] is not None:
        return link_rows.comparable(current) != link_rows.comparable(after)
    return _comparable(current) != _comparable(after)


def _explain_skip(db: Database, entry: dict[str, Any], current: dict | None) -> str:
    row = _load(entry["after"]) or _load(entry["before"]) or {}
    column, key = ("link_id", entry["link_id"]) if entry["link_id"] is not None else ("annotation_id",
                                                                                   entry["annotation_id"])
    other = db.execute(f"SELECT annotator FROM journal WHERE {column} = ? AND annotator != ? AND id > ? "
                       "ORDER BY id DESC LIMIT 1", [key, entry["annotator"], entry["id"]]).fetchone()
    if other is not None:
        who = other[0]
    elif current is not None and current["annotator"] != entry["annotator"]:
        who = current["annotator"]
    else:
        who = "someone else (a merge or an import)"
    what = "deleted" if current is None else "changed"
    if entry["link_id"] is not None:
        subject = f"{row.get('kind', '?')} link"
    else:
        subject = f"{row.get('label', '?')} at {row.get('start')}–{row.get('end')}"
    return (f"not undoing your {entry['op']} of {subject}: "
            f"{who} {what} it since; skipped it (undo again for your earlier changes)")


def redo(db: Database, annotator: str) -> dict[str, Any] | None:
    """Re-apply the change `annotator` undid last; None when there is nothing to redo."""
    with write(db):
        entry = _one(db, "SELECT j.* FROM journal u JOIN journal j ON j.id = u.ref "
                         "WHERE u.annotator = ? AND u.op = 'undo' AND j.state = 'undone' "
                         "ORDER BY u.id DESC LIMIT 1", [annotator])
        if entry is None:
            return None
        written = _apply_entry(db, entry, expect=_load(entry["before"]), to=_load(entry["after"]))
        db.execute("UPDATE journal SET state = 'active' WHERE id = ?", [entry["id"]])
        write_journal(db, annotator, "redo", entry["annotation_id"], _load(entry["before"]), written, ref=entry["id"],
                      link_id=entry["link_id"])
    return entry


_UNDOABLE = "('add', 'update', 'delete', " + ", ".join(f"'{op}'" for op in LINK_OPS) + ")"


def _apply_entry(db: Database, entry: dict[str, Any], *, expect: dict | None, to: dict | None) -> dict | None:
    if entry["link_id"] is not None:
        return link_rows.apply(db, entry["link_id"], expect=expect, to=to)
    return _apply(db, entry["annotation_id"], expect=expect, to=to)


def _apply(db: Database, annotation_id: str, *, expect: dict | None, to: dict | None) -> dict | None:
    """Write `to` where `expect` is; returns the row as written."""
    current = get(db, annotation_id)
    if _comparable(current) != _comparable(expect):
        raise UndoConflict(f"annotation {annotation_id} was changed since (by someone else?); not undoing it")
    if to is None:
        db.execute("DELETE FROM links WHERE src_annotation = ? OR dst_annotation = ?", [annotation_id] * 2)
        db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
        return None
    # An undo is a change made now: a merge must see it as newer than the
    # version it reverted, or the other machine's copy would bring that back.
    to = to | {"updated_at": now()}
    if current is None:
        insert_row(db, to)
        # Links that left with the annotation come back with it.
        link_rows.restore(db, to.get("links", ()), src=annotation_id)
        link_rows.restore(db, to.get("links_in", ()))
    else:
        replace_row(db, to)
    return to


def _comparable(row: dict | None) -> dict | None:
    """What undo must find unchanged; `updated_at` moves with every undo and redo."""
    return None if row is None else {k: row[k] for k in COLUMNS if k != "updated_at"}


def write_journal(db: Database, annotator: str, op: str, annotation_id: str | None,
                  before: dict | None, after: dict | None, ref: str | None = None,
                  link_id: str | None = None) -> None:
    """One journal row; a link change names the link in `link_id`."""
    if op in ("add", "update", "delete") or op in LINK_OPS:
        # A new change makes the undone ones unreachable, as in any editor.
        db.execute("UPDATE journal SET state = 'dropped' WHERE annotator = ? AND state = 'undone'", [annotator])
    db.execute(
        "INSERT INTO journal (id, annotator, op, annotation_id, link_id, before, after, ref, state, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)",
        [new_id(), annotator, op, annotation_id, link_id, _dump_row(before), _dump_row(after), ref, now()],
    )


def insert_row(db: Database, row: dict[str, Any]) -> None:
    db.execute(
        "INSERT INTO annotations (" + ", ".join(f'"{c}"' for c in COLUMNS) + ") VALUES ("
        + ", ".join("?" * len(COLUMNS)) + ")",
        [row[c] for c in COLUMNS],
    )


def replace_row(db: Database, row: dict[str, Any]) -> None:
    assignments = ", ".join(f'"{c}" = ?' for c in COLUMNS if c != "id")
    db.execute(f"UPDATE annotations SET {assignments} WHERE id = ?",
               [row[c] for c in COLUMNS if c != "id"] + [row["id"]])


def _require(db: Database, annotation_id: str) -> dict[str, Any]:
    row = get(db, annotation_id)
    if row is None:
        raise NotFound(f"no annotation {annotation_id}")
    return row


def _span_text(db: Database, article_id: int, start: int, end: int) -> str:
    # SQLite's substr() and length() count characters, like Python's str indices.
    row = db.execute("SELECT length(text), substr(text, ? + 1, ? - ?) FROM articles WHERE id = ?",
                     [start, end, start, article_id]).fetchone()
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    if not 0 <= start < end <= row[0]:
        raise StoreError(f"span {start}–{end} is outside the article (0–{row[0]})")
    return row[1]


def _check(row: dict[str, Any]) -> None:
    """What an import would refuse is never stored by an edit either: whatever
    is exported can be imported back."""
    if not row["label"]:
        raise StoreError("an annotation needs a label")
    try:
        check_storable({key: row[key] for key in ("label", "annotator", "note")}, row["attrs"])
    except LineProblem as problem:
        raise StoreError(str(problem)) from None
    if row["status"] not in STATUSES:
        raise StoreError(f"status must be one of {', '.join(STATUSES)}, not {row['status']!r}")


def _one(db: Database, sql: str, params: list) -> dict[str, Any] | None:
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row)) if row else None


def dump_attrs(attrs: Any) -> str:
    """Attributes as stored: one canonical JSON text, so equal attrs compare equal."""
    if not isinstance(attrs, dict):
        raise StoreError("attrs must be a JSON object")
    return json.dumps(attrs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _dump_row(row: dict | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False)


def _load(value: str | None) -> dict | None:
    return None if value is None else json.loads(value)
