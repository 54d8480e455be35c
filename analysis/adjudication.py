"""What adjudication walks: the annotations in the sentences where annotators
disagree, each with every annotator's value for its sentence."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from parallax.store.review import Item, overlapping

from .agreement import DEFAULT_STATUSES, agreement


def disagreement_queue(db: Database, story: str, annotators: Sequence[str], *,
                       label: str | None = None, statuses: Sequence[str] = DEFAULT_STATUSES) -> list[Item]:
    """The annotations in the sentences where `annotators` disagree (see
    `analysis.agreement`), sentence by sentence; an annotation spanning several
    such sentences comes once, with the first."""
    result = agreement(db, story, annotators=annotators, label=label, statuses=statuses, max_disagreements=None)
    items: list[Item] = []
    seen: set[str] = set()
    for found in result.disagreements:
        for row in overlapping(db, found.article_id, found.start, found.end, result.annotators, statuses):
            if row["id"] not in seen and (label is None or row["label"] == label):
                seen.add(row["id"])
                items.append(Item(row, (found.start, found.end), found.values))
    return items
