"""Inter-annotator agreement for a story: sentence units (κ, α) and spans (P/R/F1).

The method, precisely enough to recompute every number by hand:

Scope
    The articles of one story (or of every story when none is named); the
    annotations whose status is selected (default: ``accepted`` only); the
    selected annotators (default: everyone with at least one such annotation
    in scope, in name order).

Presence (missing values)
    An annotator *counts for an article* when they have at least one
    annotation of a selected status in it, of any label. In the other articles
    their values are *missing*, not "none": not having read an article is not
    saying "nothing to tag here".

Units and values
    The units are the sentences of the articles (table ``sentences``; they are
    taken as sorted and non-overlapping). An annotator's value for sentence
    [s, e) is the label of *their* annotation [a, b) that shares the most
    characters with it, shared = min(b, e) − max(a, s) (offsets are code
    points, end exclusive; shared ≤ 0 does not count). Ties on shared
    characters go to the annotation that starts earlier, then to the shorter
    one, then to the label that sorts first (code point order). With no
    annotation sharing a character the value is ``none``. This is a plurality,
    not a majority: a 10-character quote inside a 60-character sentence makes
    the sentence ``quote``. A label literally named ``none`` is refused.

Overall and per label
    Overall: the values as they are, nominal (categories: the labels and
    ``none``). Per label L: binary, every value becomes "L" or "not L";
    missing stays missing.

Cohen's κ (exactly two annotators A and B)
    Over the N units where both are present, with ``agree`` units of equal
    value and a_c, b_c the units A and B gave value c:
        po = agree / N,  pe = Σ_c (a_c / N)(b_c / N),  κ = (po − pe) / (1 − pe)
           = (N·agree − Σ_c a_c·b_c) / (N² − Σ_c a_c·b_c).
    Undefined (None) when N = 0 or pe = 1 (both gave one and the same value
    throughout). With three or more annotators κ is None.

Krippendorff's α, nominal (two or more annotators, missing values allowed)
    Only *pairable* units count: those with m_u ≥ 2 values present. With
    n_uc the values c in unit u, n_c = Σ_u n_uc and n = Σ_c n_c:
        D = Σ_u (m_u² − Σ_c n_uc²) / (m_u − 1)
            (the ordered pairs of unequal values in u, each weighted 1/(m_u − 1))
        α = 1 − (n − 1)·D / (n² − Σ_c n_c²)
    which is the coincidence-matrix form (Krippendorff 2011, "Computing
    Krippendorff's Alpha-Reliability"). Undefined (None) when
    n² = Σ_c n_c² (one value only, or no pairable unit).

Units reported
    ``units`` is the number of pairable units (for two annotators: the units
    κ is computed over). Story figures pool the units of all articles; they are
    not averages of the article figures.

Spans (the first annotator is the reference; each other annotator against it)
    Over the articles where both count; spans are compared within a label.
    Exact match: same start, end and label; matched = Σ over distinct
    (start, end, label) of min(count in reference, count in other).
    Overlap match (one-to-one): the exact matches pair up first; among the
    spans left, the candidate pairs (r, o) of the same label sharing ≥ 1
    character are sorted by shared characters (most first), then r.start,
    r.end, o.start, o.end, and taken greedily in that order: a pair matches
    when neither span is matched yet. Overlap matched ≥ exact matched.
        P = matched / |other|,  R = matched / |reference|,
        F1 = 2·matched / (|reference| + |other|),
    each None when its denominator is 0. "Overall" is micro-averaged: the sums
    of matched and of the counts over all labels.

Disagreements
    The units with at least two values present that are not all equal (with a
    label chosen: the binary values for that label differ).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from heapq import heappop, heappush
from operator import itemgetter
from typing import Any

from sqlite_utils import Database

from .articles import story_id_for_name
from .errors import NotFound, StoreError

NONE = "none"
DEFAULT_STATUSES = ("accepted",)

Unit = tuple  # one value (or None for missing) per annotator, in annotator order
Span = tuple[int, int, str]  # start, end, label
_label_of = itemgetter(2)


# -- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """Sentence-unit agreement for one label (binary) or overall (nominal)."""

    units: int
    kappa: float | None
    alpha: float | None


@dataclass(frozen=True)
class PRF:
    matched: int
    reference: int
    other: int
    precision: float | None
    recall: float | None
    f1: float | None

    @classmethod
    def of(cls, matched: int, reference: int, other: int) -> PRF:
        return cls(matched, reference, other, _ratio(matched, other), _ratio(matched, reference),
                   _ratio(2 * matched, reference + other))


@dataclass(frozen=True)
class SpanScores:
    exact: PRF
    overlap: PRF


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


# -- pure functions over values --------------------------------------------------------


def sentence_values(sentences: Sequence[tuple[int, int]], spans: Iterable[Span]) -> list[str]:
    """Each sentence's value for one annotator: see "Units and values" above."""
    starts = [s for s, _ in sentences]
    ends = [e for _, e in sentences]
    count = len(starts)
    most = [0] * count  # the most characters shared so far, and by whom:
    best: list[tuple | None] = [None] * count  # (start, length, label) — the tie-break order
    find = bisect_right
    for start, end, label in spans:
        i = find(starts, start) - 1
        if i < 0:
            i = 0
        while i < count and starts[i] < end:
            shared = (end if end < ends[i] else ends[i]) - (start if start > starts[i] else starts[i])
            if shared > 0 and (shared > most[i] or (shared == most[i] and (start, end - start, label) < best[i])):
                most[i] = shared
                best[i] = (start, end - start, label)
            i += 1
    return [NONE if key is None else key[2] for key in best]


def kappa_fraction(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> Fraction | None:
    """Cohen's κ of two annotators' values, exactly; None marks a missing value."""
    return _kappa(Counter(zip(a, b, strict=True)))


def cohen_kappa(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> float | None:
    return _float(kappa_fraction(a, b))


def alpha_fraction(values_by_annotator: Sequence[Sequence[Hashable | None]]) -> Fraction | None:
    """Krippendorff's α (nominal), exactly. One sequence per annotator, all of
    the same length (the units); None marks a missing value."""
    return _alpha(Counter(zip(*values_by_annotator, strict=True)))


def krippendorff_alpha(values_by_annotator: Sequence[Sequence[Hashable | None]]) -> float | None:
    return _float(alpha_fraction(values_by_annotator))


def _kappa(units: Counter) -> Fraction | None:
    """κ from weighted units of two values each."""
    n = agree = 0
    first: Counter = Counter()
    second: Counter = Counter()
    for (a, b), weight in units.items():
        if a is None or b is None:
            continue
        n += weight
        agree += weight * (a == b)
        first[a] += weight
        second[b] += weight
    chance = sum(count * second[value] for value, count in first.items())
    if n * n == chance:
        return None
    return Fraction(n * agree - chance, n * n - chance)


def _alpha(units: Counter) -> Fraction | None:
    """α (nominal) from weighted units: each key holds one value or None per annotator."""
    disagreement = Fraction(0)
    totals: Counter = Counter()
    for unit, weight in units.items():
        present = Counter(v for v in unit if v is not None)
        m = sum(present.values())
        if m < 2:
            continue
        totals.update({value: count * weight for value, count in present.items()})
        unequal = m * m - sum(c * c for c in present.values())
        if unequal:
            disagreement += Fraction(weight * unequal, m - 1)
    n = sum(totals.values())
    expected = n * n - sum(c * c for c in totals.values())
    if expected == 0:
        return None
    return 1 - (n - 1) * disagreement / expected


def _pairable(units: Counter) -> int:
    return sum(w for unit, w in units.items() if sum(v is not None for v in unit) >= 2)


def _binary(units: Counter, label: str) -> Counter:
    out: Counter = Counter()
    for unit, weight in units.items():
        out[tuple(None if v is None else v == label for v in unit)] += weight
    return out


def _disagreeing(units: Counter) -> int:
    return sum(w for unit, w in units.items() if _differs(unit))


def _differs(unit: Unit) -> bool:
    return len({v for v in unit if v is not None}) > 1


def _agreement(units: Counter, annotators: int) -> Agreement:
    kappa = _kappa(units) if annotators == 2 else None
    return Agreement(_pairable(units), _float(kappa), _float(_alpha(units)))


# -- spans -----------------------------------------------------------------------------


def exact_matches(reference: Sequence[Span], other: Sequence[Span]) -> int:
    return sum(t[0] for t in _span_tally(reference, other).values())


def overlap_matches(reference: Sequence[Span], other: Sequence[Span]) -> int:
    """One-to-one matching of same-label spans sharing ≥ 1 character: exact
    matches first, then greedily by shared characters (see the module docstring)."""
    return sum(t[1] for t in _span_tally(reference, other).values())


def _split(reference: Sequence[Span], other: Sequence[Span]) -> tuple[Iterable[Span], Iterable[Span], Iterable[Span]]:
    """(exact matches, unmatched reference spans, unmatched other spans), as multisets."""
    ref, oth = set(reference), set(other)
    if len(ref) == len(reference) and len(oth) == len(other):  # no duplicates: sets are much faster
        return ref & oth, ref - oth, oth - ref
    counted_r, counted_o = Counter(reference), Counter(other)
    return ((counted_r & counted_o).elements(), (counted_r - counted_o).elements(),
            (counted_o - counted_r).elements())


def _greedy(reference: Sequence[Span], other: Sequence[Span]) -> int:
    """Greedy one-to-one matching of spans of ONE label that share ≥ 1 character."""
    used_r: set[int] = set()
    used_o: set[int] = set()
    for *_, i, j in sorted(_overlapping(reference, other)):
        if i not in used_r and j not in used_o:
            used_r.add(i)
            used_o.add(j)
    return len(used_r)


def _overlapping(reference: Sequence[Span], other: Sequence[Span]) -> list[tuple]:
    """Every overlapping pair as its sort key (−shared, r.start, r.end, o.start,
    o.end, r index, o index), by a sweep in start order; each side keeps its
    open spans in a heap by end."""
    events = sorted([(s, e, 0, i) for i, (s, e, _) in enumerate(reference)]
                    + [(s, e, 1, j) for j, (s, e, _) in enumerate(other)])
    open_spans: tuple[list, list] = ([], [])
    pairs = []
    for start, end, side, index in events:
        waiting = open_spans[1 - side]
        while waiting and waiting[0][0] <= start:
            heappop(waiting)
        for w_end, w_start, w_index in waiting:
            shared = (end if end < w_end else w_end) - start
            if side:
                pairs.append((-shared, w_start, w_end, start, end, w_index, index))
            else:
                pairs.append((-shared, start, end, w_start, w_end, index, w_index))
        heappush(open_spans[side], (end, start, index))
    return pairs


def span_scores(reference: Sequence[Span], other: Sequence[Span]) -> tuple[SpanScores, dict[str, SpanScores]]:
    """Overall (micro) and per-label scores of `other` against `reference`."""
    tally = _span_tally(reference, other)
    return _span_results(tally)


def _span_tally(reference: Sequence[Span], other: Sequence[Span]) -> dict[str, list[int]]:
    """label → [exact matched, overlap matched, |reference|, |other|]."""
    common, rest_r, rest_o = _split(reference, other)
    exact = Counter(map(_label_of, common))
    n_ref, n_other = Counter(map(_label_of, reference)), Counter(map(_label_of, other))
    rest: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for span in rest_r:
        rest[span[2]][0].append(span)
    for span in rest_o:
        rest[span[2]][1].append(span)
    tally = {}
    for label in n_ref.keys() | n_other.keys():
        r, o = rest.get(label, ((), ()))
        greedy = _greedy(r, o) if r and o else 0
        tally[label] = [exact[label], exact[label] + greedy, n_ref[label], n_other[label]]
    return tally


def _span_results(tally: dict[str, list[int]], labels: Iterable[str] | None = None) -> tuple[SpanScores, dict[str, SpanScores]]:
    total = [sum(t[k] for t in tally.values()) for k in range(4)]
    wanted = sorted(tally) if labels is None else labels
    per_label = {label: _scores(tally.get(label, [0, 0, 0, 0])) for label in wanted}
    return _scores(total), per_label


def _scores(t: Sequence[int]) -> SpanScores:
    return SpanScores(PRF.of(t[0], t[2], t[3]), PRF.of(t[1], t[2], t[3]))


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
        tally.spans[name] = _span_tally(reference, other) if reference and other else {}
    return tally


def _section(tally: _Tally, names: list[str], shown: list[str], label: str | None) -> Section:
    units = tally.units
    spans = []
    for name in names[1:]:
        overall, per_label = _span_results(tally.spans.get(name, {}), shown)
        spans.append(PairSpans(names[0], name, overall, per_label))
    return Section(
        sentences=tally.sentences,
        overall=_agreement(units, len(names)),
        labels={name: _agreement(_binary(units, name), len(names)) for name in shown},
        spans=spans,
        disagreements=_disagreeing(_binary(units, label) if label is not None else units),
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


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)
