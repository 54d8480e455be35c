"""The spaCy pipeline whose tokens (and, from a trained pipeline, morphology,
lemmas and parse) the rules read, and the docs it makes of an article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .sentences import eligible_zones

_ANALYSERS = ("morphologizer", "tagger", "parser", "lemmatizer", "trainable_lemmatizer")
_HELPERS = ("tok2vec", "transformer", "attribute_ruler", "senter")


def load_suggest_pipeline(model: str | None = None, *, progress: Callable[[str], None] | None = None):
    """The pipeline whose tokens the rules read. Unlike `ingest.nlp.load_pipeline`
    (which drops what entity recognition does not need), a trained pipeline keeps
    its morphologizer, lemmatizer and parser here. None: the best installed German
    pipeline, else the offline recognizer; `ingest.nlp.OFFLINE` forces the latter."""
    import importlib.util

    import spacy

    from parallax.ingest.nlp import GERMAN_PIPELINES, OFFLINE, Pipeline, PipelineError, load_pipeline

    errors = (OSError, ImportError, AttributeError, ValueError, KeyError)
    if model is None:
        for name in GERMAN_PIPELINES:
            if importlib.util.find_spec(name) is None:
                continue
            try:
                nlp = spacy.load(name)
            except errors as error:
                if progress:
                    progress(f"skipping {name}: {str(error).strip().splitlines()[0] if str(error).strip() else error!r}")
                continue
            return Pipeline(nlp, _pipeline_name(nlp))
        return load_pipeline(OFFLINE, progress=progress)
    if model == OFFLINE:
        return load_pipeline(OFFLINE, progress=progress)
    path = Path(model)
    try:
        nlp = spacy.load(path if path.exists() else model)
    except errors as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise PipelineError(f"cannot load spaCy pipeline {model!r}: {first}") from error
    name = _pipeline_name(nlp)
    if path.exists() and not name.startswith(path.name):
        name = f"{path.name} ({name})"
    return Pipeline(nlp, name)


def _pipeline_name(nlp) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')} {meta.get('version', '0.0.0')}"


def _nlp_of(nlp_or_pipeline):
    return getattr(nlp_or_pipeline, "nlp", nlp_or_pipeline)


def analyses(nlp) -> tuple[str, ...]:
    """The components worth running for the rules: those that give morphology,
    lemmas or a parse (and what they listen to). Empty: the tokenizer is enough."""
    names = [n for n in nlp.pipe_names if n not in nlp.disabled]
    if not any(n in _ANALYSERS for n in names):
        return ()
    return tuple(n for n in names if n in _ANALYSERS or n in _HELPERS)


def prepare(article, nlp_or_pipeline) -> list[tuple[int, Any]]:
    """(offset, Doc) for every stretch of the article the rules look at: the zones
    that are not skipped, cut below spaCy's max_length."""
    from parallax.ingest.nlp import CHUNK_CHARS, text_chunks

    nlp = _nlp_of(nlp_or_pipeline)
    limit = min(CHUNK_CHARS, nlp.max_length // 2)
    pieces: list[tuple[int, str]] = []
    for start, end, _kind in eligible_zones(article):
        for a, b in text_chunks(article.text[start:end], limit):
            pieces.append((start + a, article.text[start + a:start + b]))
    wanted = analyses(nlp)
    if not wanted:
        return [(offset, nlp.make_doc(text)) for offset, text in pieces]
    with nlp.select_pipes(enable=list(wanted)):
        docs = nlp.pipe(text for _, text in pieces)
        return [(offset, doc) for (offset, _), doc in zip(pieces, docs)]

