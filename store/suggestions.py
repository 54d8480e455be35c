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
    one stored under an annotator that matches the LIKE pattern `earlier` (the
    same suggester's older versions: an upgrade neither doubles their pending
    suggestions nor brings back what a reviewer rejected). Returns (added, present)."""
    added = present = 0
    with write(db):
        existing = set(db.execute(
            'SELECT start, "end", label FROM annotations WHERE article_id = ? AND (annotator = ? OR annotator LIKE ?)',
            [article_id, annotator, earlier if earlier is not None else annotator]).fetchall())
        for start, end, label, attrs in suggestions:
            if (start, end, label) in existing:
                present += 1
                continue
            existing.add((start, end, label))
            add_row(db, article_id, start, end, label, annotator, status="suggested", attrs=attrs)
            added += 1
    return added, present
