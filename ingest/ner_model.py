"""Parallax's own German NER model, shipped in the package (`ingest/models/`), and the
default pipeline built around it where no trained German spaCy pipeline is installed.

The model (tok2vec + ner, trained with `python train/ner/train.py` on GermEval 2014,
CC BY 4.0: D. Benikova, C. Biemann, M. Reznicek, "NoSta-D Named Entity Annotation for
German: Guidelines and Dataset", LREC 2014; see NOTICE next to it) finds the names; the
offline recognizer's components (`ingest.recognizer`, from its on-disk cache) run
after it and add what they know that it missed: listed places, organisations and
people with their genitives (the entity ruler keeps the model's entities), people
announced by a role word or a first name and their surnames (`parallax_names`),
organisations by the shape of their names and quoted ship names (`parallax_orgs`).
bench/README.md ("Quality: entities") has the measurements behind this order.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.vocab import Vocab
from thinc.api import use_ops

from parallax.ingest.org_tagger import ORGS_FACTORY
from parallax.ingest.recognizer import Progress, load_recognizer, recognizer_name

MODEL_PACKAGE_DIR = "de_parallax_ner"
MODEL_DIR: Traversable = resources.files("parallax.ingest") / "models" / MODEL_PACKAGE_DIR
MODEL_COMPONENTS = ("tok2vec", "ner")


def model_path() -> Path:
    """The shipped model's folder (package data, so a real directory once installed)."""
    return Path(str(MODEL_DIR))


def model_name() -> str:
    """"de_parallax_ner 1.0.0", from the model's meta.json (read without loading it)."""
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    return f"{meta['lang']}_{meta['name']} {meta['version']}"


def load_model(vocab: Vocab | bool = True) -> Language:
    """The shipped model alone. Its layers compute with numpy's BLAS instead of
    thinc's bundled blis kernels: the same entities, ~1.4x faster on this kind of
    machine. The ops are chosen while the layers are made (each keeps its own), so
    thinc's global default is left as it was."""
    with use_ops("numpy", use_blis=False):
        return spacy.load(model_path(), vocab=vocab)


def default_pipeline_name() -> str:
    return f"{model_name()} + {recognizer_name()}"


def load_default_pipeline(progress: Progress | None = None) -> Language:
    """The model followed by the offline recognizer's components, in one pipeline
    sharing the recognizer's vocab: sentencizer, tok2vec, ner, entity_ruler,
    parallax_names, parallax_orgs."""
    nlp = load_recognizer(progress=progress)
    model = load_model(vocab=nlp.vocab)
    previous = "sentencizer"
    for name in MODEL_COMPONENTS:
        nlp.add_pipe(name, source=model, after=previous)
        previous = name
    # the model's entities beat the organisations found by the shape of their names
    # (GermEval dev, bench/README.md "Quality: entities")
    nlp.get_pipe(ORGS_FACTORY).keep_entities = True  # type: ignore[attr-defined]
    nlp.meta["name"] = MODEL_PACKAGE_DIR.removeprefix("de_")
    nlp.meta["version"] = model.meta["version"]
    nlp.meta["sources"] = model.meta.get("sources", [])
    return nlp
