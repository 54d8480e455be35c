"""Storing machine suggestions: idempotent, one transaction per article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from .annotations import add_row
from .db import write


def add_suggestions(db: Database, article_id: int, annotator: str,
                    suggestions: Iterable[tuple[int, int, str, dict[str, Any]]]) -> tuple[int, int]:
    """Store (start, end, label, attrs) with status `suggested` under `annotator`,
    journalled like any other addition. A span and label stored under that
    annotator already is skipped, so running a suggester twice adds nothing.
    Returns (added, present)."""
    added = present = 0
    with write(db):
        existing = set(db.execute('SELECT start, "end", label FROM annotations WHERE article_id = ? AND annotator = ?',
                                  [article_id, annotator]).fetchall())
        for start, end, label, attrs in suggestions:
            if (start, end, label) in existing:
                present += 1
                continue
            existing.add((start, end, label))
            add_row(db, article_id, start, end, label, annotator, status="suggested", attrs=attrs)
            added += 1
    return added, present
