"""Training data for `parallax train`: the accepted annotations as spaCy Docs
with `doc.spans["sc"]`, one Doc per paragraph of the text the model reads,
split by article into a training and a held-out part.

The Docs are made by the tokenizer of the pipeline `parallax suggest` uses, so
a span's tokens are the ones the model will see. A model reads what the rules
read: the zones that are article text (no boilerplate, captions, bylines…),
paragraph by paragraph (`ingest.nlp.text_chunks`); an annotation is cut at
paragraph ends. The span categorizer can only return candidate spans
(`ingest.span_candidates`): a training span that is no candidate is taught as
the candidate sharing most of its tokens (at least half of their union), or
left out; the held-out part keeps every span as it was marked, so its scores
count those misses.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, DocBin, Span

from parallax.ingest.cues import SKIP_ZONES
from parallax.ingest.nlp import CHUNK_CHARS, text_chunks
from parallax.ingest.span_candidates import candidates
from parallax.store.accepted import LabelledArticle
from parallax.store.spans import strip_span

SPANS_KEY = "sc"
HELD_OUT = 0.2
SNAP_AT_LEAST = 0.5
"""Jaccard overlap (in tokens) a candidate needs to stand in for a training span."""


@dataclass
class TrainingData:
    train: list[Doc] = field(default_factory=list)
    held_out: list[Doc] = field(default_factory=list)
    train_articles: int = 0
    held_out_articles: int = 0
    labels: Counter = field(default_factory=Counter)
    """Spans per label, both parts, as marked."""
    held_out_labels: Counter = field(default_factory=Counter)
    stories: list[str] = field(default_factory=list)
    annotators: list[str] = field(default_factory=list)
    snapped: int = 0
    """Training spans taught as their nearest candidate."""
    left_out: int = 0
    """Training spans no candidate stands in for."""
    outside: int = 0
    """Annotations wholly outside the text the model reads."""


def pieces(article, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, text) of the paragraphs a model reads in `article`
    (`store.queries.ArticleData`): its article-text zones cut at blank lines."""
    zones = article.zones or [(0, len(article.text), "body")]
    found = []
    for start, end, kind in zones:
        if kind in SKIP_ZONES or start >= end:
            continue
        for a, b in text_chunks(article.text[start:end], limit):
            found.append((start + a, article.text[start + a:start + b]))
    return found


def split(items: list[LabelledArticle], held_out: float, seed: int) -> tuple[list, list]:
    """A seeded share of the articles for the held-out part; none when that
    would leave either part empty."""
    order = sorted(items, key=lambda item: (item.story, item.article.id))
    random.Random(seed).shuffle(order)
    n = round(len(order) * held_out)
    if n == 0 or n == len(order):
        return order, []
    return order[n:], order[:n]


def build(items: list[LabelledArticle], nlp: Language, *, held_out: float = HELD_OUT, seed: int = 0) -> TrainingData:
    """Docs for `items`, tokenized by `nlp`'s tokenizer."""
    data = TrainingData(stories=sorted({i.story for i in items}),
                        annotators=sorted({a for i in items for a in i.annotators}))
    train, held = split(items, held_out, seed)
    data.train_articles, data.held_out_articles = len(train), len(held)
    sentencizer = Sentencizer()
    for part, docs, exact in ((train, data.train, False), (held, data.held_out, True)):
        for item in part:
            data.labels.update(label for *_, label in item.spans)
            if exact:
                data.held_out_labels.update(label for *_, label in item.spans)
            placed = [False] * len(item.spans)
            for offset, text in pieces(item.article):
                doc = sentencizer(nlp.make_doc(text))
                spans = []
                for k, (start, end, label) in enumerate(item.spans):
                    s, e = strip_span(item.article.text, max(start, offset), min(end, offset + len(text)))
                    if s >= e:
                        continue
                    placed[k] = True
                    span = doc.char_span(s - offset, e - offset, label=label, alignment_mode="expand")
                    if span is not None and len(span):
                        spans.append(span)
                if not exact:
                    spans = _learnable(doc, spans, data)
                doc.spans[SPANS_KEY] = _unique(spans)
                docs.append(doc)
            data.outside += placed.count(False)
    return data


def _learnable(doc: Doc, spans: list, data: TrainingData) -> list:
    """Each span as a candidate: itself, the nearest candidate, or left out."""
    if not spans:
        return spans
    pool = candidates(doc)
    known = set(pool)
    kept = []
    for span in spans:
        if (span.start, span.end) in known:
            kept.append(span)
            continue
        best, score = None, 0.0
        for s, e in pool:
            shared = min(e, span.end) - max(s, span.start)
            if shared > 0:
                jaccard = shared / (max(e, span.end) - min(s, span.start))
                if jaccard > score:
                    best, score = (s, e), jaccard
        if best is not None and score >= SNAP_AT_LEAST:
            kept.append(Span(doc, best[0], best[1], label=span.label_))
            data.snapped += 1
        else:
            data.left_out += 1
    return kept


def _unique(spans: list) -> list:
    seen, kept = set(), []
    for span in spans:
        key = (span.start, span.end, span.label_)
        if key not in seen:
            seen.add(key)
            kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end, s.label_))


def write(docs: list[Doc], path: Path) -> Path:
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return path
