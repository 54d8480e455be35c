"""Agreement scores: sentence units (κ, α) and spans (P/R/F1), as pure functions.

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
from dataclasses import dataclass
from fractions import Fraction
from heapq import heappop, heappush
from operator import itemgetter

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
        return cls(matched, reference, other, ratio(matched, other), ratio(matched, reference),
                   ratio(2 * matched, reference + other))


@dataclass(frozen=True)
class SpanScores:
    exact: PRF
    overlap: PRF


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
    return as_float(kappa_fraction(a, b))


def alpha_fraction(values_by_annotator: Sequence[Sequence[Hashable | None]]) -> Fraction | None:
    """Krippendorff's α (nominal), exactly. One sequence per annotator, all of
    the same length (the units); None marks a missing value."""
    return _alpha(Counter(zip(*values_by_annotator, strict=True)))


def krippendorff_alpha(values_by_annotator: Sequence[Sequence[Hashable | None]]) -> float | None:
    return as_float(alpha_fraction(values_by_annotator))


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


def binary(units: Counter, label: str) -> Counter:
    out: Counter = Counter()
    for unit, weight in units.items():
        out[tuple(None if v is None else v == label for v in unit)] += weight
    return out


def disagreeing(units: Counter) -> int:
    return sum(w for unit, w in units.items() if _differs(unit))


def _differs(unit: Unit) -> bool:
    return len({v for v in unit if v is not None}) > 1


def agreement_of(units: Counter, annotators: int) -> Agreement:
    kappa = _kappa(units) if annotators == 2 else None
    return Agreement(_pairable(units), as_float(kappa), as_float(_alpha(units)))


# -- spans -----------------------------------------------------------------------------


def exact_matches(reference: Sequence[Span], other: Sequence[Span]) -> int:
    return sum(t[0] for t in span_tally(reference, other).values())


def overlap_matches(reference: Sequence[Span], other: Sequence[Span]) -> int:
    """One-to-one matching of same-label spans sharing ≥ 1 character: exact
    matches first, then greedily by shared characters (see the module docstring)."""
    return sum(t[1] for t in span_tally(reference, other).values())


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
    tally = span_tally(reference, other)
    return span_results(tally)


def span_tally(reference: Sequence[Span], other: Sequence[Span]) -> dict[str, list[int]]:
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


def span_results(tally: dict[str, list[int]], labels: Iterable[str] | None = None) -> tuple[SpanScores, dict[str, SpanScores]]:
    total = [sum(t[k] for t in tally.values()) for k in range(4)]
    wanted = sorted(tally) if labels is None else labels
    per_label = {label: _scores(tally.get(label, [0, 0, 0, 0])) for label in wanted}
    return _scores(total), per_label


def _scores(t: Sequence[int]) -> SpanScores:
    return SpanScores(PRF.of(t[0], t[2], t[3]), PRF.of(t[1], t[2], t[3]))


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def as_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)
