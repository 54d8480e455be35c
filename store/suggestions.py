"""Storing machine suggestions: idempotent, one transaction per article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from .annotations import add_row
from .db import write


def add_suggestions(db: Database, article_id: int, annotator: str,
                    suggestions: Iterable[tuple[int, int, str, dict[str, Any]]], *,
                    earlier: str | None = None) -> tuple[int, int]:
    """Store (start, end, label, attrs) with status `suggested` under `annotator`,
    journalled like any other addition. A span and label stored under that
    annotator already is skipped, so running a suggester twice adds nothing; so is
    one that annotators matching the LIKE pattern `earlier` (the same suggester's
    older versions) hold, or hold in pieces from its first character to its last (a
    quote the new version joins from sentences the old one suggested one by one):
    an upgrade neither doubles their pending suggestions nor brings back what a
    reviewer rejected. Returns (added, present)."""
    added = present = 0
    with write(db):
        existing: set[tuple[int, int, str]] = set()
        older: set[tuple[int, int, str]] = set()
        for start, end, label, own in db.execute(
                'SELECT start, "end", label, annotator = ? FROM annotations '
                'WHERE article_id = ? AND (annotator = ? OR (? IS NOT NULL AND annotator LIKE ?))',
                [annotator, article_id, annotator, earlier, earlier]):
            (existing if own else older).add((start, end, label))
        for start, end, label, attrs in suggestions:
            if (start, end, label) in existing or (start, end, label) in older or _pieced(older, start, end, label):
                present += 1
                continue
            existing.add((start, end, label))
            add_row(db, article_id, start, end, label, annotator, status="suggested", attrs=attrs)
            added += 1
    return added, present


def _pieced(spans: set[tuple[int, int, str]], start: int, end: int, label: str) -> bool:
    """Two or more of `spans` with `label` inside [start, end), one beginning at its start
    and one ending at its end."""
    inside = [(s, e) for s, e, lab in spans if lab == label and start <= s and e <= end]
    return len(inside) >= 2 and any(s == start for s, _ in inside) and any(e == end for _, e in inside)
