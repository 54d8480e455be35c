"""Inter-annotator agreement for a story, read from the store.

The method, and the scores themselves, are in `agreement_scores`; this module
finds the annotators, articles, sentences and spans in scope, adds the scores
up per article and per story, and lists the disagreements.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from parallax.store.articles import story_id_for_name
from parallax.store.errors import NotFound, StoreError
from sqlite_utils import Database

from .agreement_scores import (
    DEFAULT_STATUSES,
    NONE,
    Agreement,
    Span,
    SpanScores,
    agreement_of,
    binary,
    disagreeing,
    sentence_values,
    span_results,
    span_tally,
)


@dataclass(frozen=True)
class PairSpans:
    """Spans of `other` scored against `reference`."""

    reference: str
    other: str
    overall: SpanScores
    labels: dict[str, SpanScores]


@dataclass
class Section:
    """The figures for one article, or for the whole story."""

    sentences: int
    overall: Agreement
    labels: dict[str, Agreement]
    spans: list[PairSpans]
    disagreements: int


@dataclass
class ArticleAgreement(Section):
    article_id: int = 0
    story: str = ""
    sha256: str = ""
    outlet: str | None = None
    title: str | None = None
    annotators: list[str] = field(default_factory=list)
    """Who counts for this article (has an annotation in it)."""


@dataclass(frozen=True)
class Disagreement:
    article_id: int
    outlet: str | None
    start: int
    end: int
    text: str
    values: dict[str, str]
    """Annotator → value, for the annotators who count for the article."""


@dataclass
class StoryAgreement:
    story: str | None
    annotators: list[str]
    statuses: list[str]
    label: str | None
    labels: list[str]
    total: Section
    articles: list[ArticleAgreement]
    disagreements: list[Disagreement]
    """The first few (see `agreement(..., max_disagreements=)`); the count is `total.disagreements`."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- the database path -----------------------------------------------------------------


@dataclass
class _Article:
    id: int
    story: str
    sha256: str
    outlet: str | None
    title: str | None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=dict)


@dataclass
class _Tally:
    """What a section adds up: weighted units and span counts per pair."""

    units: Counter = field(default_factory=Counter)
    spans: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # other → label → counts
    sentences: int = 0

    def add(self, other: _Tally) -> None:
        self.units.update(other.units)
        self.sentences += other.sentences
        for name, labels in other.spans.items():
            mine = self.spans.setdefault(name, {})
            for label, counts in labels.items():
                mine[label] = [a + b for a, b in zip(mine.get(label, [0, 0, 0, 0]), counts)]


def agreement(
    db: Database,
    story: str | None = None,
    *,
    annotators: Sequence[str] | None = None,
    label: str | None = None,
    statuses: Sequence[str] = DEFAULT_STATUSES,
    max_disagreements: int | None = 10,
) -> StoryAgreement:
    """Agreement of `annotators` (default: all) on `story` (default: every story).

    `label` narrows the per-label figures and the disagreements to one label.
    Raises StoreError for an unknown story or annotator, or fewer than two
    annotators with annotations.
    """
    story_id = story_id_for_name(db, story) if story is not None else None
    statuses = list(dict.fromkeys(statuses))
    wanted = list(dict.fromkeys(annotators)) if annotators else None
    by_id = _load(db, story_id)
    present, labels = _load_spans(db, story_id, statuses, wanted, by_id)
    names = _names(db, story, story_id, wanted, present, statuses)
    articles = list(by_id.values())
    _check_labels(labels, label, story)
    shown = [label] if label is not None else labels
    total = _Tally()
    sections = []
    found: list[Disagreement] = []
    for article in articles:
        columns = _columns(article, names)
        tally = _article_tally(article, columns, names)
        total.add(tally)
        sections.append(_article_section(article, tally, names, shown, label))
        room = None if max_disagreements is None else max_disagreements - len(found)
        if room is None or room > 0:
            found += _disagreements(db, article, columns, names, label, room)
    return StoryAgreement(
        story=story, annotators=names, statuses=statuses, label=label, labels=labels,
        total=_section(total, names, shown, label), articles=sections, disagreements=found,
    )


def _names(db: Database, story: str | None, story_id: int | None, wanted: list[str] | None,
           present: set[str], statuses: list[str]) -> list[str]:
    """The annotators to compare: `wanted` (in that order) or everyone present, by name."""
    place = f"story {story!r}" if story is not None else "the database"
    if wanted:
        unknown = [name for name in wanted if name not in present and not _has_any(db, story_id, name)]
        if unknown:
            known = ", ".join(_everyone(db, story_id)) or "nobody"
            raise NotFound(f"no annotations by {', '.join(map(repr, unknown))} in {place} (annotators: {known})")
    names = [name for name in wanted if name in present] if wanted else sorted(present)
    if len(names) < 2:
        raise StoreError(f"agreement needs two annotators with {'/'.join(statuses)} annotations in {place}; "
                         f"found {', '.join(names) or 'nobody'}")
    return names


def _has_any(db: Database, story_id: int | None, name: str) -> bool:
    where, params = _scope(story_id)
    where = (where + " AND" if where else " WHERE") + " n.annotator = ?"
    return db.execute(f"SELECT 1 FROM annotations n JOIN articles a ON a.id = n.article_id{where} LIMIT 1",
                      [*params, name]).fetchone() is not None


def annotators_in(db: Database, story: str, statuses: Sequence[str] = DEFAULT_STATUSES) -> list[str]:
    """Who has annotations with one of `statuses` in `story`, by name."""
    return [row[0] for row in db.execute(
        "SELECT DISTINCT n.annotator FROM annotations n JOIN articles a ON a.id = n.article_id "
        f"WHERE a.story_id = ? AND n.status IN ({', '.join('?' * len(statuses))}) ORDER BY n.annotator",
        [story_id_for_name(db, story), *statuses])]


def _everyone(db: Database, story_id: int | None) -> list[str]:
    where, params = _scope(story_id)
    return [row[0] for row in db.execute(
        f"SELECT DISTINCT n.annotator FROM annotations n JOIN articles a ON a.id = n.article_id{where} "
        "ORDER BY n.annotator", params)]


def _scope(story_id: int | None) -> tuple[str, list]:
    return (" WHERE a.story_id = ?", [story_id]) if story_id is not None else ("", [])


def _load(db: Database, story_id: int | None) -> dict[int, _Article]:
    """The articles in scope with their sentences (no annotations yet)."""
    where, params = _scope(story_id)
    articles = {row[0]: _Article(*row) for row in db.execute(
        "SELECT a.id, s.name, a.sha256, a.outlet, a.title FROM articles a "
        f"JOIN stories s ON s.id = a.story_id{where} ORDER BY s.name, a.id", params)}
    cursor = db.conn.execute(
        f'SELECT x.article_id, x.start, x."end" FROM sentences x JOIN articles a ON a.id = x.article_id{where} '
        'ORDER BY x.article_id, x.start, x."end"', params)
    for article_id, start, end in cursor:
        articles[article_id].sentences.append((start, end))
    return articles


def _load_spans(db: Database, story_id: int | None, statuses: list[str], wanted: list[str] | None,
                articles: dict[int, _Article]) -> tuple[set[str], list[str]]:
    """Attach each article's spans per annotator; returns who has any, and the labels."""
    clauses = [f"n.status IN ({', '.join('?' * len(statuses))})"]
    params: list = list(statuses)
    if story_id is not None:
        clauses.append("n.article_id IN (SELECT id FROM articles WHERE story_id = ?)")
        params.append(story_id)
    if wanted:
        clauses.append(f"n.annotator IN ({', '.join('?' * len(wanted))})")
        params += wanted
    # Reading in index (article) order jumps around the table; when the scope
    # holds a good part of all annotations a plain scan is several times faster.
    hint = " NOT INDEXED" if _scope_is_large(db, story_id) else ""
    groups: dict[tuple[int, str], list[Span]] = defaultdict(list)
    one: dict[str, str] = {}  # one string object per label: hashed once, compared by identity
    for article_id, annotator, start, end, label in db.conn.execute(
            f'SELECT n.article_id, n.annotator, n.start, n."end", n.label FROM annotations n{hint} '
            f"WHERE {' AND '.join(clauses)}", params):
        groups[article_id, annotator].append((start, end, one.setdefault(label, label)))
    for (article_id, annotator), spans in groups.items():
        articles[article_id].spans[annotator] = spans
    return {annotator for _, annotator in groups}, sorted(one)


def _scope_is_large(db: Database, story_id: int | None) -> bool:
    if story_id is None:
        return True
    total = db.execute("SELECT count(*) FROM annotations").fetchone()[0]
    mine = db.execute("SELECT count(*) FROM annotations WHERE article_id IN "
                      "(SELECT id FROM articles WHERE story_id = ?)", [story_id]).fetchone()[0]
    return mine * 4 >= total


def _check_labels(labels: list[str], label: str | None, story: str | None) -> None:
    if NONE in labels:
        raise StoreError(f"a label named {NONE!r} cannot be told apart from 'no label'; relabel it first")
    if label is not None and label not in labels:
        place = f"story {story!r}" if story is not None else "the database"
        raise NotFound(f"no annotation in {place} has the label {label!r} (labels: {', '.join(labels) or 'none'})")


def _columns(article: _Article, names: list[str]) -> list[list[str | None]]:
    missing: list[str | None] = [None] * len(article.sentences)
    return [sentence_values(article.sentences, article.spans[name]) if name in article.spans else missing
            for name in names]


def _article_tally(article: _Article, columns: list[list[str | None]], names: list[str]) -> _Tally:
    tally = _Tally(units=Counter(zip(*columns)), sentences=len(article.sentences))
    reference = article.spans.get(names[0])
    for name in names[1:]:
        other = article.spans.get(name)
        tally.spans[name] = span_tally(reference, other) if reference and other else {}
    return tally


def _section(tally: _Tally, names: list[str], shown: list[str], label: str | None) -> Section:
    units = tally.units
    spans = []
    for name in names[1:]:
        overall, per_label = span_results(tally.spans.get(name, {}), shown)
        spans.append(PairSpans(names[0], name, overall, per_label))
    return Section(
        sentences=tally.sentences,
        overall=agreement_of(units, len(names)),
        labels={name: agreement_of(binary(units, name), len(names)) for name in shown},
        spans=spans,
        disagreements=disagreeing(binary(units, label) if label is not None else units),
    )


def _article_section(article: _Article, tally: _Tally, names: list[str], shown: list[str],
                     label: str | None) -> ArticleAgreement:
    section = _section(tally, names, shown, label)
    return ArticleAgreement(**vars(section), article_id=article.id, story=article.story, sha256=article.sha256,
                            outlet=article.outlet, title=article.title,
                            annotators=[n for n in names if n in article.spans])


def _disagreements(db: Database, article: _Article, columns: list[list[str | None]], names: list[str],
                   label: str | None, limit: int | None) -> list[Disagreement]:
    present = [(name, column) for name, column in zip(names, columns) if name in article.spans]
    found: list[Disagreement] = []
    for index, values in enumerate(zip(*(column for _, column in present))):
        if limit is not None and len(found) >= limit:
            break
        if len(set(values if label is None else (v == label for v in values))) > 1:
            start, end = article.sentences[index]
            found.append(Disagreement(article.id, article.outlet, start, end, _text(db, article.id, start, end),
                                      {name: value for (name, _), value in zip(present, values)}))
    return found


def _text(db: Database, article_id: int, start: int, end: int) -> str:
    return db.execute("SELECT substr(text, ? + 1, ? - ?) FROM articles WHERE id = ?",
                      [start, end, start, article_id]).fetchone()[0]



