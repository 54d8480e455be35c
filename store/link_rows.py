"""Link rows as stored, below the API of `links`: read, write, and put back
what the journal recorded. `annotations` uses it too (an annotation's links
leave and come back with it), so it imports nothing from there."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from .errors import StoreError, UndoConflict
from .line_checks import LineProblem, check_storable
from .ids import now

COLUMNS = ("id", "src_annotation", "dst_annotation", "kind", "annotator", "status", "attrs",
           "created_at", "updated_at")
_SELECT = "SELECT " + ", ".join(f'"{c}"' for c in COLUMNS) + " FROM links"


def get(db: Database, link_id: str) -> dict[str, Any] | None:
    row = db.execute(_SELECT + " WHERE id = ?", [link_id]).fetchone()
    return dict(zip(COLUMNS, row)) if row else None


def rows(db: Database, where: str, params: list[Any]) -> list[dict[str, Any]]:
    return [dict(zip(COLUMNS, row)) for row in db.execute(f"{_SELECT} WHERE {where} ORDER BY id", params)]


def insert(db: Database, row: dict[str, Any]) -> None:
    _check(row)
    db.execute("INSERT INTO links (" + ", ".join(f'"{c}"' for c in COLUMNS) + ") VALUES ("
               + ", ".join("?" * len(COLUMNS)) + ")", [row[c] for c in COLUMNS])


def replace(db: Database, row: dict[str, Any]) -> None:
    _check(row)
    assignments = ", ".join(f'"{c}" = ?' for c in COLUMNS if c != "id")
    db.execute(f"UPDATE links SET {assignments} WHERE id = ?", [row[c] for c in COLUMNS if c != "id"] + [row["id"]])


def touching(db: Database, annotation_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The links from and the links to an annotation."""
    return (rows(db, "src_annotation = ?", [annotation_id]), rows(db, "dst_annotation = ?", [annotation_id]))


def restore(db: Database, links: Iterable[dict[str, Any]], src: str | None = None) -> None:
    """Put back links journalled with an annotation. Entries written before
    links had a status carry only id, dst_annotation, kind, annotator and
    created_at (their src is the annotation, `src`). A link whose other end
    is gone since is dropped, not an error."""
    for link in links:
        row = {"status": "accepted", "attrs": "{}", "updated_at": link["created_at"], "src_annotation": src} | link
        db.execute(
            "INSERT OR IGNORE INTO links (" + ", ".join(f'"{c}"' for c in COLUMNS) + ") SELECT "
            + ", ".join("?" * len(COLUMNS)) + " WHERE EXISTS (SELECT 1 FROM annotations WHERE id = ?) "
            "AND EXISTS (SELECT 1 FROM annotations WHERE id = ?)",
            [row[c] for c in COLUMNS] + [row["src_annotation"], row["dst_annotation"]])


def apply(db: Database, link_id: str, *, expect: dict | None, to: dict | None) -> dict | None:
    """Undo or redo one journalled link change: write `to` where `expect` is."""
    current = get(db, link_id)
    if comparable(current) != comparable(expect):
        raise UndoConflict(f"link {link_id} was changed since (by someone else?); not undoing it")
    if to is None:
        db.execute("DELETE FROM links WHERE id = ?", [link_id])
        return None
    # A change made now: a merge must see it as newer than what it reverted.
    to = to | {"updated_at": now()}
    if current is None:
        if not _ends_exist(db, to):
            raise UndoConflict(f"link {link_id} joins an annotation deleted since; not bringing it back")
        insert(db, to)
    else:
        replace(db, to)
    return to


def _ends_exist(db: Database, row: dict[str, Any]) -> bool:
    found = db.execute("SELECT count(*) FROM annotations WHERE id IN (?, ?)",
                       [row["src_annotation"], row["dst_annotation"]]).fetchone()[0]
    return found == 2


def _check(row: dict[str, Any]) -> None:
    try:
        check_storable({key: row[key] for key in ("kind", "annotator")}, row["attrs"])
    except LineProblem as problem:
        raise StoreError(f"link {problem}") from None


def comparable(row: dict | None) -> dict | None:
    return None if row is None else {k: row[k] for k in COLUMNS if k != "updated_at"}

