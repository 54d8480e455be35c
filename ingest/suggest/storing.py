"""Storing suggestions: every new one with status `suggested`, journalled like a
person's annotation, one transaction per article; a second run adds nothing."""

from __future__ import annotations

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


def suggest_story(db, story: str, pipeline, *, annotator: str = ANNOTATOR,
                  progress: Callable[[Any], None] | None = None) -> SuggestSummary:
    """Suggest for every article of `story` and store what is new with status
    `suggested`: one transaction per article, every row journalled like
    `store.annotations.add`. A suggestion whose annotator, span and label are
    stored already is skipped, so a second run adds nothing."""
    from parallax.store.queries import story_articles
    from parallax.store.suggestions import add_suggestions

    summary = SuggestSummary(story, annotator, getattr(pipeline, "name", type(pipeline).__name__))
    for article in story_articles(db, story):
        suggestions = suggest(article, pipeline)
        summary.articles += 1
        for s in suggestions:
            summary.labels[s.label] += 1
            if s.label == C.QUOTE:
                summary.forms[s.attrs.get("form") or "?"] += 1
        added, present = add_suggestions(db, article.id, annotator,
                                         ((s.start, s.end, s.label, s.attrs) for s in suggestions))
        summary.added += added
        summary.present += present
        if progress:
            progress(article)
    return summary


def iter_rows(suggestions: Iterable[Suggestion], text: str) -> Iterator[dict[str, Any]]:
    """Suggestions as plain dicts with their text, for printing and tests."""
    for s in suggestions:
        yield {"start": s.start, "end": s.end, "label": s.label, "text": text[s.start:s.end], **s.attrs}
