"""What a model learns from: the accepted annotations of chosen stories, labels
and annotators, with the articles they were made in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from .articles import story_id_for_name
from .queries import ArticleData, story_articles


@dataclass
class LabelledArticle:
    story: str
    article: ArticleData
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    """(start, end, label), one per distinct span and label, in position order."""
    annotators: set[str] = field(default_factory=set)


def labelled_articles(db: Database, stories: Sequence[str] = (), labels: Sequence[str] = (),
                      annotators: Sequence[str] = ()) -> list[LabelledArticle]:
    """The articles in which one of `annotators` (default: anyone) accepted at
    least one annotation of any label — the articles they worked through, where
    what they did not mark counts as not one of `labels` — with their accepted
    spans of `labels` (default: every label). Empty sequences mean "all"; an
    unknown story name raises `NotFound`."""
    names = list(dict.fromkeys(stories)) or [row[0] for row in db.execute("SELECT name FROM stories ORDER BY name")]
    for name in names:
        story_id_for_name(db, name)
    result = []
    for name in names:
        for article in story_articles(db, name):
            sql = 'SELECT start, "end", label, annotator FROM annotations WHERE article_id = ? AND status = ?'
            params: list = [article.id, "accepted"]
            if annotators:
                sql += f" AND annotator IN ({', '.join('?' * len(annotators))})"
                params += list(annotators)
            rows = db.execute(sql + ' ORDER BY start, "end", label', params).fetchall()
            if not rows:
                continue
            item = LabelledArticle(name, article)
            seen = set()
            for start, end, label, annotator in rows:
                if labels and label not in labels:
                    continue
                item.annotators.add(annotator)
                if (start, end, label) not in seen:
                    seen.add((start, end, label))
                    item.spans.append((start, end, label))
            result.append(item)
    return result
