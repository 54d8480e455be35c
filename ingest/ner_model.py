"""Parallax's own German NER model, shipped in the package (`ingest/models/`), and the
default pipeline built around it where no trained German spaCy pipeline is installed.

The model (three members, each tok2vec + ner, decoded together by `ingest.ner_joint`;
trained with `python train/ner/train.py --lexicon --seeds 17 18 19` on GermEval
2014, CC BY 4.0: D. Benikova, C. Biemann, M. Reznicek, "NoSta-D Named Entity Annotation
for German: Guidelines and Dataset", LREC 2014, with the name lists as word vectors, so
CC BY-SA 4.0 as german-nouns; see NOTICE next to it) finds the names; the line cut, the
entity shape (`ingest.entity_shape`) and the country cut mend its spans; the
offline recognizer's components (`ingest.recognizer`, from its on-disk cache) run
after it and add what they know that it missed: listed places, organisations and
people with their genitives (the entity ruler keeps the model's entities), people
announced by a role word or a first name and their surnames (`parallax_names`),
organisations by the shape of their names and quoted ship names (`parallax_orgs`).
bench/README.md ("Quality: entities") has the measurements behind this order.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab
from thinc.api import use_ops

from parallax.ingest.entity_shape import ENTITY_SHAPE
from parallax.ingest.gazetteer import COUNTRY
from parallax.ingest.name_tagger import NAMES_FACTORY
from parallax.ingest.ner_joint import JOINT  # noqa: F401  (registers the factory of a joint model)
from parallax.ingest.org_tagger import ORGS_FACTORY
from parallax.ingest.recognizer import Progress, load_recognizer, recognizer_name

MODEL_PACKAGE_DIR = "de_parallax_ner"
MODEL_DIR: Traversable = resources.files("parallax.ingest") / "models" / MODEL_PACKAGE_DIR
COUNTRY_CUT = "parallax_country_cut"
LINE_CUT = "parallax_line_cut"


def model_path() -> Path:
    """The shipped model's folder (package data, so a real directory once installed)."""
    return Path(str(MODEL_DIR))


def model_name(path: Path | None = None) -> str:
    """"de_parallax_ner 1.0.0", from the model's meta.json (read without loading it);
    `path` is another model folder of the same kind (a freshly trained candidate)."""
    meta = json.loads(((path or model_path()) / "meta.json").read_text(encoding="utf-8"))
    return f"{meta['lang']}_{meta['name']} {meta['version']}"


def load_model(vocab: Vocab | bool = True, path: Path | None = None) -> Language:
    """The shipped model (or the one in `path`) alone. Its layers compute with numpy's BLAS instead of
    thinc's bundled blis kernels: the same entities, ~1.4x faster on this kind of
    machine. The ops are chosen while the layers are made (each keeps its own), so
    thinc's global default is left as it was."""
    with use_ops("numpy", use_blis=False):
        return spacy.load(path or model_path(), vocab=vocab)


def default_pipeline_name(model: Path | None = None) -> str:
    return f"{model_name(model)} + {recognizer_name()}"


def load_default_pipeline(progress: Progress | None = None, model: Path | None = None) -> Language:
    """The model (the shipped one, or the one in `model` to compare a candidate the
    way the import uses it) followed by the offline recognizer's components, in one pipeline
    sharing the recognizer's vocab: sentencizer, the model's components (a joint model:
    ner, with its members disabled), parallax_line_cut, parallax_entity_shape,
    parallax_country_cut, entity_ruler, parallax_names, parallax_orgs."""
    nlp = load_recognizer(progress=progress)
    model = load_model(vocab=nlp.vocab, path=model)
    previous = "sentencizer"
    for name in model.component_names:
        nlp.add_pipe(name, source=model, after=previous)
        previous = name
    for name in model.disabled:  # a joint model's members: the joint decode runs them
        nlp.disable_pipe(name)
    nlp.add_pipe(LINE_CUT, after=previous)
    shape = nlp.add_pipe(ENTITY_SHAPE, after=LINE_CUT)
    cut = nlp.add_pipe(COUNTRY_CUT, after=ENTITY_SHAPE)
    cut.countries = {  # type: ignore[attr-defined]
        pattern["pattern"]: pattern["label"]
        for pattern in nlp.get_pipe("entity_ruler").patterns  # type: ignore[attr-defined]
        if pattern.get("id") == COUNTRY and isinstance(pattern["pattern"], str) and " " not in pattern["pattern"]
    }
    cut.common_nouns = shape.common_nouns = nlp.get_pipe(NAMES_FACTORY).lexicon.common_nouns  # type: ignore[attr-defined]
    # the model's entities beat the organisations found by the shape of their names
    # (GermEval dev, bench/README.md "Quality: entities")
    nlp.get_pipe(ORGS_FACTORY).keep_entities = True  # type: ignore[attr-defined]
    nlp.meta["name"] = MODEL_PACKAGE_DIR.removeprefix("de_")
    nlp.meta["version"] = model.meta["version"]
    nlp.meta["sources"] = model.meta.get("sources", [])
    return nlp


def line_cut(doc: Doc) -> Doc:
    """A trained ner's entity that runs on over a line the outlet broke ("Nord-Ostsee-Kanal"
    heading + "Drei Tage …" under it, a list "Ukraine / Nordkorea") is dropped: GermEval's
    sentences hold no line breaks, so the model never learnt to stop at one, and its label
    for the run-on is no label for the parts (cut, they were MISC and ORG headings on the
    seeds); the rule components after it find the names they know. A paragraph a
    hard-wrapping writer broke (at every line break the next word would not have fitted
    on the line) has no breaks; one line that is merely the longest of a list does not
    make the list wrapped, nor does a full line before a list item."""
    text = doc.text
    if "\n" not in text:  # most paragraphs: no pass over the tokens
        return doc
    width = max(map(len, text.split("\n")))
    newlines = [token for token in doc if token.is_space and "\n" in token.text]
    if all(_wrapped(text, token, width) for token in newlines):
        return doc
    breaks = {token.i for token in newlines}
    kept = [ent for ent in doc.ents if breaks.isdisjoint(range(ent.start + 1, ent.end - 1))]
    if len(kept) < len(doc.ents):
        doc.ents = kept
    return doc


_LIST_ITEM = re.compile(r"(\[\d+\]|\d+[.)]|[-–•*·])\s")
"""The start of a line that opens a list item: "[2] …", "2. …", "• …"."""


def _wrapped(text: str, token: Token, width: int) -> bool:
    at = token.idx
    line = at - (text.rfind("\n", 0, at) + 1)
    following = token.nbor(1).text if token.i + 1 < len(token.doc) else ""
    return line + 1 + len(following) > width and not _LIST_ITEM.match(text, at + len(token.text))


Language.component(LINE_CUT, func=line_cut)


class CountryCut:
    """A trained ner's person with a country at its edge ("Kim Südkorea" in "drohte Kim
    Südkorea mit …", "Südkoreas Außenministerium"): the country becomes the place
    the entity ruler knows it as, the rest stays a person unless it is only common
    nouns (then `parallax_orgs` may still find an organisation there). A place that is
    a country's genitive before common nouns ("Südkoreas Außenministerium") is the
    country alone, the nouns left to `parallax_orgs` as well ("Bundesrepublik
    Deutschland" stays whole). An entity that is nothing but countries side by side
    ("nachdem Nordkorea Russland hilft") is each of them."""

    def __init__(self) -> None:
        self.countries: dict[str, str] = {}
        self.common_nouns: frozenset[str] | set[str] = frozenset()

    def __call__(self, doc: Doc) -> Doc:
        ents, changed = [], False
        for ent in doc.ents:
            parts = None
            if len(ent) > 1 and all(token.text in self.countries for token in ent):
                parts = [Span(doc, token.i, token.i + 1, label=self.countries[token.text]) for token in ent]
            elif ent.label_ == "PER" and len(ent) > 1:
                parts = self._cut(ent)
            elif ent.label_ == "LOC" and len(ent) > 1 and self._genitive_before_nouns(ent):
                parts = [Span(doc, ent.start, ent.start + 1, label=self.countries[ent[0].text])]
            changed = changed or parts is not None
            ents.extend(parts if parts is not None else [ent])
        if changed:
            doc.ents = ents
        return doc

    def _genitive_before_nouns(self, ent: Span) -> bool:
        first = ent[0].text
        return first in self.countries and first.endswith("s") and all(t.text in self.common_nouns for t in ent[1:])

    def _cut(self, ent: Span) -> list[Span] | None:
        for place, rest in ((ent.start, (ent.start + 1, ent.end)), (ent.end - 1, (ent.start, ent.end - 1))):
            label = self.countries.get(ent.doc[place].text)
            if label is not None:
                parts = [Span(ent.doc, place, place + 1, label=label)]
                if not all(token.text in self.common_nouns for token in ent.doc[rest[0] : rest[1]]):
                    parts.append(Span(ent.doc, *rest, label="PER"))
                return sorted(parts, key=lambda span: span.start)
        return None


@Language.factory(COUNTRY_CUT)
def make_country_cut(nlp: Language, name: str) -> CountryCut:
    return CountryCut()
