"""The built-in offline German recognizer, used where no trained pipeline is
installed: how it is built, and the on-disk cache it is loaded from.

`spacy.blank("de")` + sentencizer + an entity ruler fed by `ingest.gazetteer` (names
and their genitives) + `parallax_names` (`ingest.name_tagger`: people announced by
a role word or a first name, and their surnames later on) + `parallax_orgs`
(`ingest.org_tagger`: organisations by the shape of their names, "Bundesstelle für
…", "Nordlicht Reederei", and quoted ship names). Each component keeps the entities
already on the doc, so the last three can also follow a trained `ner`.

Building it reads ~100k rows of noun data, so the built pipeline is cached on disk,
keyed by the versions of everything it was built from.
"""

from __future__ import annotations

import hashlib
import json
import os
import inspect
import shutil
import tempfile
from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs
import spacy
from spacy.language import Language

from parallax.ingest import name_tagger, org_finder, org_tagger, org_words, word_classes
from parallax.ingest.gazetteer import (
    DATA_DIR,
    Gazetteer,
    build_gazetteer,
    data_fingerprint,
    source_versions,
)
from parallax.ingest.name_tagger import NAMES_FACTORY
from parallax.ingest.org_tagger import ORGS_FACTORY

RECOGNIZER_NAME = "parallax-offline-de"
RECOGNIZER_VERSION = 3
"""Part of the pipeline's name; bump it when what the recognizer finds changes."""

CACHE_ENV = "PARALLAX_CACHE_DIR"

Progress = Callable[[str], None]


def recognizer_name() -> str:
    return f"{RECOGNIZER_NAME} {RECOGNIZER_VERSION} (spaCy {spacy.__version__})"


def build_recognizer(gazetteer: Gazetteer | None = None) -> Language:
    gazetteer = gazetteer or build_gazetteer()
    nlp = spacy.blank("de")
    nlp.meta["name"] = RECOGNIZER_NAME.replace("-", "_")
    nlp.meta["version"] = f"{RECOGNIZER_VERSION}.0.0"
    nlp.meta["description"] = "Offline German entity recognizer built from babel and german-nouns"
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer.patterns)  # type: ignore[attr-defined]
    for factory in (NAMES_FACTORY, ORGS_FACTORY):
        component = nlp.add_pipe(factory)
        component.lexicon = gazetteer.lexicon  # type: ignore[attr-defined]
    return nlp


def cache_root() -> Path:
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir("parallax"))


def cache_key(data_dir: Traversable = DATA_DIR) -> str:
    """Changes with anything the built pipeline depends on: package versions, the
    package-data lists and the code that builds it."""
    code = hashlib.sha256()
    modules = (name_tagger, org_finder, org_tagger, org_words, word_classes)
    for source in (inspect.getfile(build_gazetteer), __file__, *map(inspect.getfile, modules)):
        code.update(Path(source).read_bytes())
    facts = {
        "recognizer": RECOGNIZER_VERSION,
        "versions": source_versions(),
        "data": data_fingerprint(data_dir),
        "code": code.hexdigest(),
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:20]


def cached_path(root: Path | None = None) -> Path:
    return (root or cache_root()) / f"{RECOGNIZER_NAME}-{cache_key()}"


def load_recognizer(*, root: Path | None = None, progress: Progress | None = None) -> Language:
    """The offline recognizer from the cache, built and cached first if needed."""
    path = cached_path(root)
    if (path / "config.cfg").is_file():
        nlp = spacy.load(path)
    else:
        if progress:
            progress(f"building the offline recognizer (first run) into {path}")
        nlp = build_recognizer()
        _write_atomically(nlp, path)
    # Adding the ~12k patterns filled the tokenizer's cache (10,000 chunks) with words
    # texts rarely contain; a full cache takes no new words and tokenizing then runs
    # ~2.5x slower. Setting the rules again empties it.
    nlp.tokenizer.rules = nlp.tokenizer.rules  # type: ignore[union-attr]
    return nlp


def _write_atomically(nlp: Language, path: Path) -> None:
    """Write beside the target, then rename: a reader sees no half-written pipeline,
    and of two processes building at once the second simply keeps the first's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
    try:
        nlp.to_disk(staging)
        try:
            staging.rename(path)
        except OSError:
            if not (path / "config.cfg").is_file():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging)
