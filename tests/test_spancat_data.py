"""What the span categorizer can propose (sentences, clauses, quotations) and how
accepted annotations become its training Docs."""

from __future__ import annotations

import spacy

from parallax.ingest.span_candidates import candidates
from parallax.ingest.spancat_data import SPANS_KEY, build, split
from parallax.store.accepted import LabelledArticle
from parallax.store.queries import ArticleData


def nlp():
    pipeline = spacy.blank("de")
    pipeline.add_pipe("sentencizer")
    return pipeline


def texts(text: str) -> list[str]:
    doc = nlp()(text)
    return [doc[s:e].text for s, e in candidates(doc)]


def test_candidates_are_sentences_clauses_and_quotations():
    found = texts("„Wir kommen“, sagte der Minister. Er sagte, dass er müde sei. Dann ging er.")
    assert "„Wir kommen“" in found
    assert "„Wir kommen“, sagte der Minister." in found
    assert "„Wir kommen“, sagte der Minister" in found  # without the full stop
    assert "sagte der Minister" in found
    assert "dass er müde sei" in found and "Er sagte" in found
    assert "Dann ging er." in found
    # no piece starts with the comma after a quotation, none crosses a sentence
    assert not any(t.startswith(",") or t.endswith(",") for t in found)
    assert not any("Minister. Er" in t for t in found)


def test_an_opening_mark_after_a_full_stop_opens_the_next_sentence():
    found = texts("Er sagte dies. „Wir kommen morgen. Ganz sicher.“ Dann ging er.")
    assert "„Wir kommen morgen. Ganz sicher.“" in found  # a quotation over two sentences
    assert "Er sagte dies." in found and "Er sagte dies. „" not in found


def article(article_id: int, text: str, zones=None) -> ArticleData:
    return ArticleData(article_id, "X", f"T{article_id}", None, None, text, zones or [(0, len(text), "body")], [], [])


def test_build_cuts_at_paragraphs_snaps_training_spans_and_keeps_held_out_ones():
    text = "Laut Polizei ist niemand verletzt worden. Es regnete.\n\nBildunterschrift: Ein Schiff."
    caption = text.index("Bildunterschrift")
    zones = [(0, caption - 2, "body"), (caption, len(text), "caption")]
    start = text.index("ist")
    spans = [(start, text.index(" worden") + len(" worden"), "quote"),  # no candidate: "Laut Polizei" has no comma
             (caption, len(text), "claim")]  # in a caption, which no model reads
    items = [LabelledArticle("S", article(i, text, zones), list(spans), {"anna"}) for i in range(5)]
    data = build(items, nlp(), held_out=0.2, seed=1)
    assert (data.train_articles, data.held_out_articles) == (4, 1)
    assert len(data.train) == 4 and len(data.held_out) == 1  # the caption paragraph is not read
    assert data.outside == 5 and data.snapped == 4 and data.left_out == 0
    taught = data.train[0].spans[SPANS_KEY]
    assert [(s.text, s.label_) for s in taught] == [("Laut Polizei ist niemand verletzt worden", "quote")]
    kept = data.held_out[0].spans[SPANS_KEY]
    assert [(s.text, s.label_) for s in kept] == [("ist niemand verletzt worden", "quote")]
    assert data.labels == {"quote": 5, "claim": 5} and data.held_out_labels == {"quote": 1, "claim": 1}


def test_split_is_by_article_seeded_and_never_empties_a_part():
    items = [LabelledArticle("S", article(i, "Text."), [], set()) for i in range(10)]
    train, held = split(items, 0.2, seed=3)
    assert len(held) == 2 and {i.article.id for i in train} | {i.article.id for i in held} == set(range(10))
    assert [i.article.id for i in split(items, 0.2, seed=3)[1]] == [i.article.id for i in held]
    assert [i.article.id for i in split(items, 0.2, seed=4)[1]] != [i.article.id for i in held]
    assert split(items[:2], 0.2, seed=3) == (split(items[:2], 0.2, seed=3)[0], [])
