"""Storing suggestions: every new one with status `suggested`, journalled like a
person's annotation, one transaction per article; a second run adds nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from parallax.ingest import cues as C

from .article import Suggestion
from .rules import ANNOTATOR, EARLIER, suggest


Found = tuple[int, int, str, dict[str, Any]]
"""A suggestion to store: start, end, label, attrs."""


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
    """Quotes found, per form ("?" where the suggester records none, as a trained model)."""


def suggest_story(db, story: str, pipeline, *, annotator: str = ANNOTATOR,
                  progress: Callable[[Any], None] | None = None) -> SuggestSummary:
    """The rules' suggestions for every article of `story`, stored (see `store_story`)."""
    return store_story(db, story, annotator, getattr(pipeline, "name", type(pipeline).__name__),
                       lambda article: [(s.start, s.end, s.label, s.attrs) for s in suggest(article, pipeline)],
                       progress=progress, earlier=EARLIER)


def store_story(db, story: str, annotator: str, pipeline: str, find: Callable[[Any], list[Found]], *,
                progress: Callable[[Any], None] | None = None, earlier: str | None = None) -> SuggestSummary:
    """Run `find` on every article of `story` and store what is new with
    status `suggested`: one transaction per article, every row journalled like
    `store.annotations.add`. A suggestion whose annotator, span and label are
    stored already is skipped, so a second run adds nothing; so is one whose span
    and label an annotator matching the LIKE pattern `earlier` holds (the rules'
    older versions: `store.suggestions.add_suggestions`)."""
    from parallax.store.queries import story_articles
    from parallax.store.suggestions import add_suggestions

    summary = SuggestSummary(story, annotator, pipeline)
    for article in story_articles(db, story):
        found = find(article)
        summary.articles += 1
        for _, _, label, attrs in found:
            summary.labels[label] += 1
            if label == C.QUOTE:
                summary.forms[attrs.get("form") or "?"] += 1
        added, present = add_suggestions(db, article.id, annotator, found, earlier=earlier)
        summary.added += added
        summary.present += present
        if progress:
            progress(article)
    return summary


def iter_rows(suggestions: Iterable[Suggestion], text: str) -> Iterator[dict[str, Any]]:
    """Suggestions as plain dicts with their text, for printing and tests."""
    for s in suggestions:
        yield {"start": s.start, "end": s.end, "label": s.label, "text": text[s.start:s.end], **s.attrs}
