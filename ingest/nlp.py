"""Sentences and named entities for imported articles.

The pipeline is the best installed trained German spaCy pipeline, else Parallax's own
German NER model followed by the offline recognizer's components
(`ingest.ner_model`), whose sentence-initial ordinary words taken for persons are
dropped (`ingest.sentence_openers`) and whose names are then made consistent across
the article (`ingest.mentions`). Texts go through spaCy paragraph by paragraph, in
chunks well below `nlp.max_length`, and every offset is mapped back into the full text.
"""

from __future__ import annotations

import importlib.util
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import ThreadpoolController

from parallax.ingest.gazetteer import COUNTRY, NameLexicon
from parallax.ingest.mentions import make_consistent
from parallax.ingest.name_tagger import ARTICLE_KEY, NAMES_FACTORY
from parallax.ingest.ner_model import MODEL_PACKAGE_DIR, default_pipeline_name, load_default_pipeline
from parallax.ingest.recognizer import RECOGNIZER_NAME, Progress, load_recognizer, recognizer_name
from parallax.ingest.sentence_openers import drop_sentence_initial_words
from parallax.store.records import ArticleRecord, EntitySpan
from parallax.store.spans import strip_span

GERMAN_PIPELINES = ("de_core_news_lg", "de_core_news_md", "de_core_news_sm")
OFFLINE = RECOGNIZER_NAME
"""`load_pipeline(OFFLINE)` picks the offline recognizer even where a trained one exists."""
OWN = MODEL_PACKAGE_DIR
"""`load_pipeline(OWN)` picks Parallax's own model with the recognizer's components
even where a trained German spaCy pipeline is installed."""

CHUNK_CHARS = 100_000
"""Longest text handed to spaCy at once; a tenth of its default max_length."""

LABELS = {
    "PER": "PER",
    "PERSON": "PER",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "MISC": "MISC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
"""Pipeline labels → ours. Dates, numbers and amounts (OntoNotes' DATE, MONEY, …)
are no named entities here and are dropped."""

# Trained components that neither find entities nor split sentences.
_UNNEEDED = ("tagger", "morphologizer", "lemmatizer", "trainable_lemmatizer", "attribute_ruler")
_SENTENCE_COMPONENTS = ("parser", "senter", "sentencizer")
_LOAD_ERRORS = (OSError, ImportError, AttributeError, ValueError, KeyError)

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'»«“”„)\]]*\s")


class PipelineError(Exception):
    """A pipeline that was asked for cannot be loaded; the message is one line."""


@dataclass(slots=True)
class Pipeline:
    nlp: Language
    name: str
    """Recorded as the source of every entity, and shown by the CLI."""
    finish: Callable[[ArticleRecord], None] | None = None
    """Run on each whole article after spaCy (the default pipeline's
    `drop_sentence_initial_words` and `make_consistent`)."""


def load_pipeline(model: str | None = None, *, progress: Progress | None = None) -> Pipeline:
    """`model` is a spaCy package name, a pipeline directory or `OFFLINE`; None
    picks the best installed German pipeline, else Parallax's own model with the
    offline recognizer's components (`ingest.ner_model`)."""
    if model == OFFLINE:
        return _offline(progress)
    if model == OWN:
        return default_pipeline(progress)
    if model is None:
        for name in GERMAN_PIPELINES:
            if importlib.util.find_spec(name) is None:
                continue
            try:
                return _trained(spacy.load(name, exclude=_UNNEEDED))
            except _LOAD_ERRORS as error:
                # an installed but unusable package, e.g. PyPI's empty placeholder
                if progress:
                    progress(f"skipping {name}: {_first_line(error)}")
        return default_pipeline(progress)
    path = Path(model)
    try:
        nlp = spacy.load(path if path.exists() else model, exclude=_UNNEEDED)
    except _LOAD_ERRORS as error:
        raise PipelineError(f"cannot load spaCy pipeline {model!r}: {_first_line(error)}") from error
    return _trained(nlp, directory=path.name if path.exists() else None)


def annotate(
    pipeline: Pipeline,
    records: Iterable[ArticleRecord],
    batch_size: int = 64,
    *,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[ArticleRecord]:
    """Fill each record's sentences, entities and entity_source, lazily and in order.

    Sentences never cross a paragraph (blank line) or chunk boundary and exclude
    surrounding whitespace; entity offsets slice `record.text` exactly."""
    nlp = pipeline.nlp
    limit = min(chunk_chars, nlp.max_length // 2)
    pending: deque[ArticleRecord] = deque()

    def chunks() -> Iterator[tuple[Doc, tuple[int, bool]]]:
        for record in records:
            # tells components which docs are one article's paragraphs; an object, as
            # a counter would repeat across calls
            article = object()
            record.sentences, record.entities = [], []
            record.entity_source = pipeline.name
            pending.append(record)
            spans = list(text_chunks(record.text, limit)) or [(0, 0)]
            for k, (start, end) in enumerate(spans):
                doc = nlp.make_doc(record.text[start:end])
                doc.user_data[ARTICLE_KEY] = article
                yield doc, (start, k == len(spans) - 1)

    docs = nlp.pipe(chunks(), as_tuples=True, batch_size=batch_size)
    # numpy's OpenBLAS would spread the model's small matrix products over every
    # core, spending about twice the CPU time for the same result; one thread
    # while this runs, as it was before afterwards.
    with _blas_controller().limit(limits=1, user_api="blas"):
        for doc, (offset, last) in docs:
            _collect(doc, offset, pending[0])
            if last:
                record = pending.popleft()
                if pipeline.finish:
                    pipeline.finish(record)
                yield record


@cache
def _blas_controller() -> ThreadpoolController:
    """The BLAS libraries loaded (numpy's, by the time a pipeline runs), found once:
    a fresh `threadpool_limits` scans every loaded library, ~7 ms per call, and the
    import calls `annotate()` once per file."""
    return ThreadpoolController()


def text_chunks(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) of the paragraphs of `text` without surrounding whitespace, a
    paragraph longer than `limit` cut after a sentence end or else at whitespace."""
    start = 0
    for blank in _BLANK_LINE.finditer(text):
        yield from _cut(text, start, blank.start(), limit)
        start = blank.end()
    yield from _cut(text, start, len(text), limit)


def _cut(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    start, end = strip_span(text, start, end)
    while end - start > limit:
        stop = _cut_point(text, start, start + limit)
        piece = strip_span(text, start, stop)
        if piece[0] < piece[1]:
            yield piece
        start, _ = strip_span(text, stop, end)
    if start < end:
        yield start, end


def _cut_point(text: str, start: int, stop: int) -> int:
    """Where to end a chunk in text[start:stop]: after the last sentence end in its
    second half, else after the last whitespace, else at `stop`."""
    middle = start + (stop - start) // 2
    last = None
    for last in _SENTENCE_END.finditer(text, middle, stop):
        pass
    if last is not None:
        return last.end()
    space = max(text.rfind(ws, middle, stop) for ws in (" ", "\n", "\t"))
    return space + 1 if space >= 0 else stop


def _collect(doc: Doc, offset: int, record: ArticleRecord) -> None:
    text = record.text
    if doc.has_annotation("SENT_START"):
        bounds = _openers_forward(doc.text, [(sent.start_char, sent.end_char) for sent in doc.sents])
    else:
        bounds = [(0, len(doc.text))]
    for start, end in bounds:
        start, end = strip_span(text, offset + start, offset + end)
        if start < end:
            record.sentences.append((start, end))
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        start, end = strip_span(text, offset + ent.start_char, offset + ent.end_char)
        # a span without a letter (a model's lone "[", a year) names nothing
        if label and start < end and any(char.isalpha() for char in text[start:end]):
            record.entities.append(EntitySpan(start, end, label, text[start:end]))


OPENERS = "„»([{"
"""Marks that open what follows. The sentencizer keeps punctuation after a full
stop with the sentence before, which is right for a closing “ but leaves an
opening „ or [ stranded at the end of the previous sentence."""


def _openers_forward(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    moved = list(bounds)
    for i in range(len(moved) - 1):
        (start, end), (_, next_end) = moved[i], moved[i + 1]
        cut = end
        while cut > start and (text[cut - 1] in OPENERS or text[cut - 1].isspace()):
            cut -= 1
        tail = text[cut:end]
        if any(mark in tail for mark in OPENERS):
            opener = cut + min(tail.index(m) for m in OPENERS if m in tail)
            moved[i], moved[i + 1] = (start, opener), (opener, next_end)
    return moved


def _offline(progress: Progress | None) -> Pipeline:
    return Pipeline(load_recognizer(progress=progress), recognizer_name())


def default_pipeline(progress: Progress | None = None, ner_model: Path | None = None) -> Pipeline:
    """Parallax's model with the offline recognizer's components and the per-article
    steps; `ner_model` swaps in another model folder of the same kind (bench/ compares
    a freshly trained one this way)."""
    nlp = load_default_pipeline(progress, ner_model)
    lexicon = nlp.get_pipe(NAMES_FACTORY).lexicon  # type: ignore[attr-defined]
    countries = {
        pattern["pattern"]: pattern["label"]
        for pattern in nlp.get_pipe("entity_ruler").patterns  # type: ignore[attr-defined]
        if pattern.get("id") == COUNTRY
    }
    finish = partial(_finish_article, lexicon=lexicon, countries=countries)
    return Pipeline(nlp, default_pipeline_name(ner_model), finish)


def _finish_article(record: ArticleRecord, lexicon: NameLexicon, countries: dict[str, str]) -> None:
    # ordinary words out first, so that make_consistent does not spread them
    drop_sentence_initial_words(record, lexicon)
    make_consistent(record, common_nouns=lexicon.common_nouns, fixed=countries)


def _trained(nlp: Language, directory: str | None = None) -> Pipeline:
    """A package is named by its meta ("de_core_news_lg 3.8.0"); a directory also
    by itself, as its meta is often spaCy's default ("mymodel (de_pipeline 0.0.0)")."""
    _ensure_sentences(nlp)
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')} {meta.get('version', '0.0.0')}"
    if directory and not name.startswith(directory):
        name = f"{directory} ({name})"
    return Pipeline(nlp, name)


def _ensure_sentences(nlp: Language) -> None:
    """Sentences from the cheapest source: a disabled senter beats the parser."""
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
        if "parser" in nlp.pipe_names:
            nlp.disable_pipe("parser")
    if not any(name in nlp.pipe_names for name in _SENTENCE_COMPONENTS):
        nlp.add_pipe("sentencizer", first=True)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
