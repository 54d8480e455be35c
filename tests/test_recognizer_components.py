"""The recognizer's own components work one by one and after a statistical `ner`:
they keep the entities already on the doc and add theirs. A tiny lexicon made
here stands in for the gazetteer, so no pipeline is built."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from parallax.ingest.gazetteer import NameLexicon
from parallax.ingest.name_tagger import ARTICLE_KEY, NAMES_FACTORY
from parallax.ingest.org_tagger import ORGS_FACTORY

LEXICON = NameLexicon(
    first_names=frozenset({"Lars", "Mark"}),
    surnames=frozenset({"Rutte"}),
    common_nouns=frozenset({"Bund", "Schifffahrt", "Amt", "Hafen", "Wasserstraße", "Wasserstraßen"}),
    role_forms=frozenset({"sprecher"}),
)

STAND_IN_NER = "stand_in_ner"


@Language.component(STAND_IN_NER)
def stand_in_ner(doc: Doc) -> Doc:
    """What a trained `ner` leaves on the doc: here, every "Kiel" as LOC."""
    doc.ents = [Span(doc, t.i, t.i + 1, label="LOC") for t in doc if t.text == "Kiel"]
    return doc


def pipeline(*components: str) -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(STAND_IN_NER)
    for name in components:
        nlp.add_pipe(name).lexicon = LEXICON  # type: ignore[attr-defined]
    return nlp


def ents(doc: Doc) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in doc.ents]


TEXT = "In Kiel sagte Mark Rutte, das Wasserschutzpolizei-Amt Kiel prüfe den Fall. Rutte blieb."


def test_the_name_tagger_after_ner_adds_people_and_keeps_the_rest() -> None:
    found = ents(pipeline(NAMES_FACTORY)(TEXT))
    assert ("Kiel", "LOC") in found
    assert ("Mark Rutte", "PER") in found
    assert found.count(("Rutte", "PER")) == 1  # the later bare surname
    assert not any(label == "ORG" for _, label in found)


def test_the_org_tagger_alone_after_ner_finds_organisations() -> None:
    found = ents(pipeline(ORGS_FACTORY)("Das Bundesamt für Seeschifffahrt in Kiel ermittelt."))
    assert ("Bundesamt für Seeschifffahrt", "ORG") in found
    assert ("Kiel", "LOC") in found


def test_both_components_in_order_after_ner() -> None:
    nlp = pipeline(NAMES_FACTORY, ORGS_FACTORY)
    found = ents(nlp("Reederei-Sprecher Lars Holm sagte, die Nordlicht Reederei in Kiel zahle."))
    assert ("Lars Holm", "PER") in found
    assert ("Nordlicht Reederei", "ORG") in found
    assert ("Kiel", "LOC") in found


def test_an_organisation_may_take_in_a_surname_alias_but_not_a_named_person() -> None:
    nlp = pipeline(NAMES_FACTORY, ORGS_FACTORY)
    doc = nlp.make_doc("Mark Rutte gründete sie. Die Firma Rutte Werke wuchs.")
    doc.user_data[ARTICLE_KEY] = object()
    found = ents(nlp(doc))
    assert ("Rutte Werke", "ORG") in found
    assert ("Mark Rutte", "PER") in found
    named = ents(nlp("Die Firma von Mark Rutte wuchs."))
    assert not any(label == "ORG" for _, label in named)


def test_the_components_save_and_load_with_one_shared_lexicon(tmp_path: Path) -> None:
    pipeline(NAMES_FACTORY, ORGS_FACTORY).to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    names, orgs = loaded.get_pipe(NAMES_FACTORY), loaded.get_pipe(ORGS_FACTORY)
    assert names.lexicon == LEXICON  # type: ignore[attr-defined]
    assert names.lexicon is orgs.lexicon  # type: ignore[attr-defined]
    assert names.classes is orgs.classes  # type: ignore[attr-defined]


@pytest.mark.parametrize("factory", [NAMES_FACTORY, ORGS_FACTORY])
def test_an_empty_doc_passes(factory: str) -> None:
    assert ents(pipeline(factory)("")) == []
