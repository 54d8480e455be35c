"""Storing suggestions: every new one with status `suggested`, journalled like a
person's annotation, one transaction per article; a second run adds nothing."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from parallax.ingest import cues as C

from .article import Suggestion
from .rules import ANNOTATOR, suggest


@dataclass
class SuggestSummary:
    story: str
    annotator: str
    pipeline: str
    articles: int = 0
    added: int = 0
    present: int = 0
    labels: Counter = field(default_factory=Counter)
    """Suggestions found, per label (added or already there)."""
    forms: Counter = field(default_factory=Counter)
    """Quotes found, per form."""
    added_labels: Counter = field(default_factory=Counter)


def suggest_story(db, story: str, pipeline, *, annotator: str = ANNOTATOR,
                  progress: Callable[[Any], None] | None = None) -> SuggestSummary:
    """Suggest for every article of `story` and store what is new with status
    `suggested`: one transaction per article, every row journalled like
    `store.annotations.add`. A suggestion whose annotator, span and label are
    stored already is skipped, so a second run adds nothing."""
    from parallax.store.annotations import dump_attrs, insert_row
    from parallax.store.db import write
    from parallax.store.ids import new_id, now
    from parallax.store.queries import story_articles

    summary = SuggestSummary(story, annotator, getattr(pipeline, "name", type(pipeline).__name__))
    for article in story_articles(db, story):
        suggestions = suggest(article, pipeline)
        summary.articles += 1
        for s in suggestions:
            summary.labels[s.label] += 1
            if s.label == C.QUOTE:
                summary.forms[s.attrs.get("form") or "?"] += 1
        with write(db):
            existing = set(db.execute(
                'SELECT start, "end", label FROM annotations WHERE article_id = ? AND annotator = ?',
                [article.id, annotator]).fetchall())
            fresh = [s for s in suggestions if (s.start, s.end, s.label) not in existing]
            summary.present += len(suggestions) - len(fresh)
            if fresh:
                db.execute("UPDATE journal SET state = 'dropped' WHERE annotator = ? AND state = 'undone'",
                           [annotator])
            for s in fresh:
                stamp = now()
                row = {
                    "id": new_id(), "article_id": article.id, "start": s.start, "end": s.end,
                    "label": s.label, "text": article.text[s.start:s.end], "annotator": annotator,
                    "status": "suggested", "attrs": dump_attrs(s.attrs), "note": None,
                    "created_at": stamp, "updated_at": stamp,
                }
                insert_row(db, row)
                db.execute(
                    "INSERT INTO journal (id, annotator, op, annotation_id, before, after, ref, state, created_at) "
                    "VALUES (?, ?, 'add', ?, NULL, ?, NULL, 'active', ?)",
                    [new_id(), annotator, row["id"], json.dumps(row, ensure_ascii=False), stamp])
                summary.added += 1
                summary.added_labels[s.label] += 1
        if progress:
            progress(article)
    return summary


def iter_rows(suggestions: Iterable[Suggestion], text: str) -> Iterator[dict[str, Any]]:
    """Suggestions as plain dicts with their text, for printing and tests."""
    for s in suggestions:
        yield {"start": s.start, "end": s.end, "label": s.label, "text": text[s.start:s.end], **s.attrs}
