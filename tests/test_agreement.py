"""Agreement: a hand-computed example, the pure functions against scikit-learn
and the `krippendorff` package, span scores, and the `agreement` command."""

import json
import math
import tempfile
import warnings
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.cli import cli
from parallax.store import annotations
from parallax.analysis.agreement import agreement
from parallax.analysis.agreement_scores import (
    alpha_fraction,
    cohen_kappa,
    exact_matches,
    kappa_fraction,
    krippendorff_alpha,
    overlap_matches,
    sentence_values,
    span_scores,
)
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.errors import NotFound, StoreError
from parallax.store.records import ArticleRecord, Zone

# -- the hand-computed example ---------------------------------------------------------
#
# One article of ten sentences; anna and ben tag them (S1…S10):
#
#          S1     S2     S3     S4     S5    S6     S7       S8     S9     S10
#   anna   quote  quote  claim  claim  none  none   opinion  quote  claim  none
#   ben    quote  claim  claim  claim  none  quote  opinion  quote  none   none
#
# Overall (nominal), N = 10 units, 7 equal (all but S2, S6, S9).
#   anna: quote 3, claim 3, opinion 1, none 3;  ben: quote 3, claim 3, opinion 1, none 3
#   Σ a_c·b_c = 9 + 9 + 1 + 9 = 28
#   κ = (N·agree − Σ a_c b_c) / (N² − Σ a_c b_c) = (70 − 28) / (100 − 28) = 42/72 = 7/12
#   α: n = 20 values; n_c = quote 6, claim 6, opinion 2, none 6; Σ n_c² = 112
#      D = Σ_u (m² − Σ_c n_uc²)/(m − 1) = 3 disagreeing units × (4 − 2)/1 = 6
#      α = 1 − (n − 1)·D / (n² − Σ n_c²) = 1 − 19·6/288 = 174/288 = 29/48
# quote (binary): anna Q at S1 S2 S8, ben Q at S1 S6 S8 → agree 8 of 10
#   a = b = (Q 3, not 7): Σ a_c b_c = 9 + 49 = 58
#   κ = (80 − 58)/(100 − 58) = 22/42 = 11/21
#   α: n_c = Q 6, not 14; Σ n_c² = 232; D = 2 units × 2 = 4
#      α = 1 − 19·4/(400 − 232) = 1 − 76/168 = 92/168 = 23/42
#
# Spans (anna is the reference), 7 each: anna = S1 q, S2 q, S3 c, S4 c, S7 o, S8 q, S9 c;
#   ben = S1 q, [S2 … S3+5) c, S3 c, S4 c, S6 q, S7 o, [S8+2 … S8) q.
#   exact: S1 q, S3 c, S4 c, S7 o → 4;  P = R = F1 = 4/7
#   overlap: + S8 q (shares all but 2 chars) → 5; ben's S2–S3 claim loses S3 to the exact S3 claim;
#            P = R = F1 = 5/7;  quote alone: exact 1/3, overlap 2/3

ANNA = ["quote", "quote", "claim", "claim", "none", "none", "opinion", "quote", "claim", "none"]
BEN = ["quote", "claim", "claim", "claim", "none", "quote", "opinion", "quote", "none", "none"]


def ten_sentences() -> tuple[str, list[tuple[int, int]]]:
    parts, sentences, offset = [], [], 0
    for i in range(1, 11):
        sentence = f"Satz {i} handelt vom Kanal."
        sentences.append((offset, offset + len(sentence)))
        parts.append(sentence + " ")
        offset += len(sentence) + 1
    return "".join(parts), sentences


TEXT, S = ten_sentences()


def store_article(db, text: str = TEXT, sentences=None, story: str = "Kanal", outlet: str = "Kieler Rundschau"):
    record = ArticleRecord(text=text, source_path="kanal.txt", outlet=outlet, title="Kanal gesperrt",
                           zones=[Zone(0, len(text), "body")], sentences=sentences or S)
    return add_articles(db, story, [record])[0].article_id


def tag(db, article, span, label, who, status="accepted"):
    return annotations.add(db, article, span[0], span[1], label, who, status=status)


@pytest.fixture
def example(fresh_db):
    article = store_article(fresh_db)
    for i, label in zip((1, 2, 3, 4, 7, 8, 9), ("quote", "quote", "claim", "claim", "opinion", "quote", "claim")):
        tag(fresh_db, article, S[i - 1], label, "anna")
    tag(fresh_db, article, S[9], "opinion", "anna", status="rejected")  # not counted by default
    tag(fresh_db, article, S[3], "quote", "suggest:rules", status="suggested")  # nor this annotator
    tag(fresh_db, article, S[0], "quote", "ben")
    tag(fresh_db, article, (S[1][0], S[2][0] + 5), "claim", "ben")
    tag(fresh_db, article, S[2], "claim", "ben")
    tag(fresh_db, article, S[3], "claim", "ben")
    tag(fresh_db, article, S[5], "quote", "ben")
    tag(fresh_db, article, S[6], "opinion", "ben")
    tag(fresh_db, article, (S[7][0] + 2, S[7][1]), "quote", "ben")
    return fresh_db


def test_hand_computed_example_from_values():
    assert kappa_fraction(ANNA, BEN) == Fraction(7, 12)
    assert alpha_fraction([ANNA, BEN]) == Fraction(29, 48)
    quote = [[v == "quote" for v in values] for values in (ANNA, BEN)]
    assert kappa_fraction(*quote) == Fraction(11, 21)
    assert alpha_fraction(quote) == Fraction(23, 42)


def test_hand_computed_example_through_the_database(example):
    result = agreement(example, "Kanal")
    assert result.annotators == ["anna", "ben"]
    assert result.labels == ["claim", "opinion", "quote"]
    total = result.total
    assert (total.sentences, total.overall.units) == (10, 10)
    assert total.overall.kappa == float(Fraction(7, 12))
    assert total.overall.alpha == float(Fraction(29, 48))
    assert total.labels["quote"].kappa == float(Fraction(11, 21))
    assert total.labels["quote"].alpha == float(Fraction(23, 42))
    [pair] = total.spans
    assert (pair.reference, pair.other) == ("anna", "ben")
    exact, overlap = pair.overall.exact, pair.overall.overlap
    assert (exact.matched, exact.reference, exact.other) == (4, 7, 7)
    assert exact.precision == exact.recall == exact.f1 == 4 / 7
    assert overlap.precision == overlap.recall == overlap.f1 == 5 / 7
    assert pair.labels["quote"].exact.f1 == 1 / 3 and pair.labels["quote"].overlap.f1 == 2 / 3
    assert total.disagreements == 3
    assert [(d.start, d.end) for d in result.disagreements] == [S[1], S[5], S[8]]
    assert result.disagreements[0].values == {"anna": "quote", "ben": "claim"}
    assert result.disagreements[0].text == "Satz 2 handelt vom Kanal."
    [article] = result.articles
    assert article.overall == total.overall and article.annotators == ["anna", "ben"]


def test_label_filter_and_statuses(example):
    result = agreement(example, "Kanal", label="quote")
    assert list(result.total.labels) == ["quote"]
    assert result.total.overall.kappa == float(Fraction(7, 12))  # overall stays overall
    assert result.total.disagreements == 2  # S2 and S6 differ on quote / not quote
    with_rejected = agreement(example, "Kanal", statuses=("accepted", "rejected"))
    assert with_rejected.total.disagreements == 4  # anna's rejected opinion on S10 now counts


def test_missing_annotator_is_missing_not_none(fresh_db):
    first = store_article(fresh_db)
    text2 = "Zweiter Artikel. Noch ein Satz."
    second = store_article(fresh_db, text2, [(0, 16), (17, 31)], outlet="Hanse-Kurier")
    tag(fresh_db, first, S[0], "quote", "anna")
    tag(fresh_db, first, S[0], "quote", "ben")
    tag(fresh_db, second, (0, 16), "claim", "anna")
    tag(fresh_db, second, (0, 16), "claim", "cem")  # cem never opened the first article
    result = agreement(fresh_db, "Kanal")
    assert result.annotators == ["anna", "ben", "cem"]
    by_outlet = {a.outlet: a for a in result.articles}
    assert by_outlet["Kieler Rundschau"].annotators == ["anna", "ben"]
    assert by_outlet["Hanse-Kurier"].annotators == ["anna", "cem"]
    assert result.total.overall.kappa is None  # three annotators
    assert result.total.overall.units == 12 and result.total.overall.alpha == 1.0
    values = [[*ANNA_FIRST, "claim", "none"], [*ANNA_FIRST, None, None], [None] * 10 + ["claim", "none"]]
    assert result.total.overall.alpha == krippendorff_alpha(values)
    # spans are scored only where both count: ben vs anna in the first article, cem vs anna in the second
    spans = {p.other: p.overall.exact for p in result.total.spans}
    assert (spans["ben"].reference, spans["ben"].other) == (1, 1)
    assert (spans["cem"].reference, spans["cem"].other) == (1, 1)


ANNA_FIRST = ["quote"] + ["none"] * 9


def test_errors(example):
    with pytest.raises(NotFound, match="no story named 'Nope'"):
        agreement(example, "Nope")
    with pytest.raises(NotFound, match="no annotations by 'zoe'"):
        agreement(example, "Kanal", annotators=["anna", "zoe"])
    with pytest.raises(StoreError, match="two annotators"):
        agreement(example, "Kanal", annotators=["anna"])
    with pytest.raises(StoreError, match="two annotators"):
        agreement(example, "Kanal", annotators=["anna", "suggest:rules"])  # no accepted ones
    with pytest.raises(NotFound, match="label 'Zitat'"):
        agreement(example, "Kanal", label="Zitat")


# -- values of sentences ---------------------------------------------------------------


def test_sentence_value_is_the_label_covering_most_characters():
    sentences = [(0, 10), (10, 20), (20, 30)]
    spans = [(12, 30, "claim"), (5, 15, "quote"), (0, 5, "opinion")]
    # S1: opinion 5 chars vs quote 5 chars → tie → the earlier start
    # S2: quote 5 vs claim 8 → claim (plurality, not majority);  S3: claim
    assert sentence_values(sentences, spans) == ["opinion", "claim", "claim"]
    assert sentence_values(sentences, []) == ["none"] * 3
    # same start: the shorter wins; same span: the label that sorts first
    assert sentence_values([(0, 10)], [(0, 6, "quote"), (0, 4, "claim"), (0, 4, "comment")]) == ["quote"]
    assert sentence_values([(0, 10)], [(0, 5, "quote"), (0, 5, "claim")]) == ["claim"]
    assert sentence_values([(0, 10), (10, 12)], [(2, 3, "claim"), (10, 11, "quote")]) == ["claim", "quote"]


# -- the pure functions against the reference implementations ---------------------------

LABELS = ["quote", "claim", "opinion", "comment", "none"]


# The reference implementations are test-only dependencies (pyproject's `test` extra).


def sklearn_kappa(a, b):
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sklearn_metrics.cohen_kappa_score(a, b)


def reference_alpha(values_by_annotator):
    krippendorff = pytest.importorskip("krippendorff")
    np = pytest.importorskip("numpy")
    codes = {label: i for i, label in enumerate(LABELS)}
    data = np.array([[np.nan if v is None else codes[v] for v in row] for row in values_by_annotator], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        except ValueError:  # "There has to be more than one value in the domain."
            return math.nan


def agrees(ours, theirs) -> bool:
    return math.isnan(theirs) if ours is None else math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)


@st.composite
def paired_values(draw):
    n = draw(st.integers(1, 40))
    alphabet = st.sampled_from(LABELS[: draw(st.integers(1, len(LABELS)))])
    return draw(st.lists(alphabet, min_size=n, max_size=n)), draw(st.lists(alphabet, min_size=n, max_size=n))


@st.composite
def reliability_data(draw):
    coders, units = draw(st.integers(2, 5)), draw(st.integers(1, 30))
    value = st.sampled_from(LABELS) | st.none()
    return [draw(st.lists(value, min_size=units, max_size=units)) for _ in range(coders)]


@settings(max_examples=300, deadline=None)
@given(paired_values())
def test_kappa_matches_scikit_learn(pair):
    a, b = pair
    assert agrees(cohen_kappa(a, b), sklearn_kappa(a, b))


@settings(max_examples=300, deadline=None)
@given(reliability_data())
def test_alpha_matches_the_krippendorff_package(values):
    assert agrees(krippendorff_alpha(values), reference_alpha(values))


@settings(max_examples=100, deadline=None)
@given(paired_values())
def test_alpha_is_undefined_exactly_when_nothing_varies(pair):
    a, b = pair
    assert (krippendorff_alpha([a, b]) is None) == (len(set(a) | set(b)) == 1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(LABELS), min_size=2, unique=True), st.lists(st.sampled_from(LABELS)),
       st.integers(2, 5))
def test_identical_annotators_agree_perfectly(distinct, more, annotators):
    values = distinct + more  # at least two different values, or there is nothing to agree on
    copies = [list(values) for _ in range(annotators)]
    assert kappa_fraction(copies[0], copies[1]) == 1
    assert alpha_fraction(copies) == 1
    assert agreement_of_copies(values) == (1.0, 1.0)


def agreement_of_copies(values):
    return cohen_kappa(values, values), krippendorff_alpha([values, values])


@st.composite
def tagged_story(draw):
    annotators = draw(st.integers(2, 3))
    sentences = draw(st.integers(2, 12))
    labels = st.sampled_from(["quote", "claim", "none"])
    return [draw(st.lists(labels, min_size=sentences, max_size=sentences)) for _ in range(annotators)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tagged_story())
def test_through_the_database_matches_the_reference_implementations(values):
    names = ["anna", "ben", "cem"][: len(values)]
    text = " ".join(f"Satz {i}." for i in range(len(values[0])))
    spans, offset = [], 0
    for i in range(len(values[0])):
        spans.append((offset, offset + len(f"Satz {i}.")))
        offset += len(f"Satz {i}.") + 1
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "a.db")
        article = store_article(db, text, spans)
        for name, row in zip(names, values):
            tag(db, article, spans[0], "comment", name)  # everyone counts for the article…
            for span, label in zip(spans, row):
                if label != "none":
                    tag(db, article, span, label, name)
        result = agreement(db, "Kanal")
        db.close()
    # …and a comment shares its sentence with whatever else is there: the earlier/shorter rule decides.
    expected = [[("claim" if row[0] == "claim" else "comment")] + row[1:] for row in values]
    assert agrees(result.total.overall.alpha, reference_alpha(expected))
    if len(values) == 2:
        assert agrees(result.total.overall.kappa, sklearn_kappa(*expected))
    assert result.total.overall.units == len(values[0])


# -- spans -----------------------------------------------------------------------------


def test_span_scores_exact_and_overlap():
    reference = [(0, 10, "quote"), (20, 30, "claim"), (40, 50, "claim")]
    other = [(0, 10, "quote"), (22, 35, "claim"), (45, 46, "quote"), (60, 70, "opinion")]
    overall, labels = span_scores(reference, other)
    assert (overall.exact.matched, overall.overlap.matched) == (1, 2)
    assert overall.exact.precision == 1 / 4 and overall.exact.recall == 1 / 3
    assert overall.exact.f1 == 2 * 1 / (3 + 4)
    assert overall.overlap.precision == 2 / 4 and overall.overlap.recall == 2 / 3 and overall.overlap.f1 == 4 / 7
    assert labels["claim"].overlap.recall == 1 / 2
    assert labels["opinion"].exact.recall is None and labels["opinion"].exact.precision == 0.0


def test_overlap_matching_is_one_to_one_and_greedy_by_shared_characters():
    # One long span against two short ones: only one may match it.
    assert overlap_matches([(0, 100, "q")], [(0, 10, "q"), (50, 90, "q")]) == 1
    # Candidates (shared): r0–o0 5, r1–o0 3, r0–o1 1, r1–o1 1 → r0–o0, then r1–o1.
    assert overlap_matches([(0, 10, "q"), (12, 20, "q")], [(5, 15, "q"), (9, 13, "q")]) == 2
    assert overlap_matches([(0, 10, "q")], [(10, 20, "q")]) == 0  # touching is not sharing
    assert overlap_matches([(0, 10, "q")], [(0, 10, "c")]) == 0  # labels must agree
    assert exact_matches([(0, 1, "q"), (0, 1, "q")], [(0, 1, "q")]) == 1  # a multiset


# -- the command -----------------------------------------------------------------------


@pytest.fixture
def example_path(example, db_path):
    example.close()
    return str(db_path)


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_cli_table(example_path):
    result = run("agreement", "Kanal", "--db", example_path)
    assert result.exit_code == 0, result.output
    assert "anna, ben" in result.output
    assert "overall" in result.output and "0.583" in result.output and "0.604" in result.output
    assert "spans: ben vs anna" in result.output and "0.571" in result.output and "0.714" in result.output
    assert "3 disagreements; the first 3:" in result.output
    assert "'Satz 2 handelt vom Kanal.'  anna: quote · ben: claim" in result.output


def test_cli_json(example_path):
    result = run("agreement", "Kanal", "--annotators", "anna, ben", "--json", "--db", example_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"]["overall"]["kappa"] == float(Fraction(7, 12))
    assert data["total"]["labels"]["quote"]["alpha"] == float(Fraction(23, 42))
    assert data["total"]["disagreements"] == 3 and len(data["disagreements"]) == 3
    assert data["articles"][0]["spans"][0]["overall"]["overlap"]["matched"] == 5
    shown = json.loads(run("agreement", "--label", "quote", "--disagreements", "1", "--json",
                           "--db", example_path).output)
    assert shown["story"] is None and list(shown["total"]["labels"]) == ["quote"] and len(shown["disagreements"]) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["Nope"], "parallax: no story named 'Nope'"),
    (["Kanal", "--annotators", "anna,zoe"], "parallax: no annotations by 'zoe' in story 'Kanal' (annotators: anna, ben, suggest:rules)"),
    (["Kanal", "--annotators", "anna"], "parallax: agreement needs two annotators with accepted annotations in story 'Kanal'; found anna"),
])
def test_cli_errors_are_one_line(example_path, args, message):
    result = run("agreement", *args, "--db", example_path)
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1
