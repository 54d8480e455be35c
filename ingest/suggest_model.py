"""Suggestions from a trained span categorizer (`parallax train`): Prodigy's
model in the loop, in a terminal.

    model = load_span_model(Path("models/quotes"))
    suggest_story_with_model(db, "Hafen", model)   # -> SuggestSummary

The model reads what the rules read (`spancat_data.pieces`: article-text zones,
paragraph by paragraph). Its spans are stored with status `suggested` under the
annotator `suggest:<model name>`, with `attrs.score` (the model's probability)
and `attrs.cue` ("spancat 0.87", shown in review mode). Within a label, spans
never overlap: where the model proposes a sentence and a clause of it, the more
probable one is kept. Running it again adds nothing that is there already.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.language import Language

from parallax.ingest import span_candidates  # noqa: F401  (registers the suggester the model's config names)
from parallax.ingest.spancat_data import pieces
from parallax.ingest.suggest.storing import SuggestSummary, store_story
from parallax.store.spans import strip_span

SPANCAT_FACTORIES = ("spancat", "spancat_singlelabel")


class ModelError(Exception):
    """The model cannot be used; the message is one line."""


@dataclass
class SpanModel:
    nlp: Language
    name: str
    component: str

    @property
    def annotator(self) -> str:
        return f"suggest:{self.name}"


def spancat_component(path: Path) -> str | None:
    """The name of the span categorizer in the pipeline folder `path`, read from
    its config without loading it; None for anything else (a name, a file, a
    pipeline without one)."""
    if not (path / "config.cfg").is_file():
        return None
    try:
        config = spacy.util.load_config(path / "config.cfg", interpolate=False)
    except (OSError, ValueError):
        return None
    for name, component in (config.get("components") or {}).items():
        if isinstance(component, dict) and component.get("factory") in SPANCAT_FACTORIES:
            return name
    return None


def load_span_model(path: Path, *, threshold: float | None = None) -> SpanModel:
    """Load a pipeline folder with a span categorizer; `threshold` overrides the
    probability a span needs (the model's default: 0.5)."""
    component = spancat_component(path)
    if component is None:
        raise ModelError(f"{path}: not a spaCy pipeline with a span categorizer (`parallax train` makes one)")
    try:
        nlp = spacy.load(path)
    except (OSError, ImportError, ValueError, KeyError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ModelError(f"{path}: cannot load the model: {first}") from error
    if threshold is not None:
        nlp.get_pipe(component).cfg["threshold"] = threshold
    return SpanModel(nlp, nlp.meta.get("name") or path.name, component)


def predict(article, model: SpanModel) -> list[tuple[int, int, str, dict[str, Any]]]:
    """(start, end, label, attrs) for one article (`store.queries.ArticleData`), in text order."""
    key = model.nlp.get_pipe(model.component).key
    parts = pieces(article)
    found: list[tuple[float, int, int, str]] = []
    for (offset, _), doc in zip(parts, model.nlp.pipe(text for _, text in parts)):
        group = doc.spans.get(key, [])
        scores = numpy.asarray(group.attrs.get("scores", []) if len(group) else []).reshape(-1)
        for span, score in zip(group, scores):
            start, end = strip_span(article.text, offset + span.start_char, offset + span.end_char)
            if start < end:
                found.append((float(score), start, end, span.label_))
    kept: dict[str, list[tuple[int, int]]] = {}
    result = []
    for score, start, end, label in sorted(found, key=lambda f: (-f[0], f[1], f[2])):
        taken = kept.setdefault(label, [])
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        result.append((start, end, label, {"cue": f"spancat {score:.2f}", "score": round(score, 4)}))
    return sorted(result, key=lambda r: (r[0], r[1], r[2]))


def suggest_story_with_model(db, story: str, model: SpanModel | Path, *,
                             progress: Callable[[Any], None] | None = None) -> SuggestSummary:
    """Predict for every article of `story` and store what is new (one
    transaction per article; see `ingest.suggest.storing.store_story`)."""
    if isinstance(model, Path):
        model = load_span_model(model)
    return store_story(db, story, model.annotator, model.name, lambda article: predict(article, model),
                       progress=progress)
