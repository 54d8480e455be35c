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
    common_nouns=frozenset({"Bund", "Schifffahrt", "Amt", "Hafen", "Wasserstraße", "Wasserstraßen", "Stadt"}),
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


@pytest.mark.parametrize(("text", "expected"), [
    ("Im Stadtzentrum von Kiel staute sich der Verkehr.", []),
    ("Das Palermo-Zentrum war am Abend gesperrt.", []),
    ("Das Zentrum für Schifffahrt in Kiel warnt.", [("Zentrum für Schifffahrt", "ORG")]),
])
def test_a_centre_is_an_organisation_only_with_its_tail(text: str, expected: list) -> None:
    found = ents(pipeline(ORGS_FACTORY)(text))
    assert [e for e in found if e[1] == "ORG"] == expected


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


@Language.component("stand_in_person_with_role")
def stand_in_person_with_role(doc: Doc) -> Doc:
    """A trained `ner` that takes the role word into the name: "Lotse Lars Brandt"."""
    doc.ents = [Span(doc, 1, 4, label="PER")]
    return doc


def test_a_role_word_at_the_start_of_a_trained_ners_person_is_cut_off() -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("stand_in_person_with_role")
    nlp.add_pipe(NAMES_FACTORY).lexicon = LEXICON  # type: ignore[attr-defined]
    assert ents(nlp("Der Hafensprecher Lars Brandt schwieg.")) == [("Lars Brandt", "PER")]
    assert ents(nlp("Die Leute Lars Brandt kennen.")) == [("Leute Lars Brandt", "PER")]


@pytest.mark.parametrize(("text", "person", "expected"), [
    # a role word alone, or a compound ending in one, names nobody ("Marineoberst außer Dienst")
    ("John Kline, ein Repräsentant und Marinesprecher außer Dienst.", "Marinesprecher", []),
    ("Der Sprecher schwieg.", "Sprecher", []),
    # a listed surname stays, whatever else the word is
    ("Das sagte Rutte gestern.", "Rutte", [("Rutte", "PER")]),
])
def test_a_trained_ners_person_that_is_only_a_role_word_is_dropped(text: str, person: str, expected: list) -> None:
    nlp = spacy.blank("de")
    names = nlp.add_pipe(NAMES_FACTORY)
    names.lexicon = LEXICON  # type: ignore[attr-defined]
    doc = nlp.make_doc(text)
    start = text.index(person)
    doc.ents = [doc.char_span(start, start + len(person), label="PER")]
    assert ents(names(doc)) == expected


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("wie der Abgeordnete Park Sun Won mitteilte.", "Park Sun Won"),  # "Won" is a currency too
        ("Gemeinschaft“. Choo Kyung Ho, Fraktionschef, sagte das.", "Choo Kyung Ho"),
        ("Oppositionsführer Lee Jae-myung gewann.", "Lee Jae-myung"),
        ("Am Abend sprach Moon Jae In lange.", "Moon Jae In"),
    ],
)
def test_korean_names_are_one_person(text: str, person: str) -> None:
    assert (person, "PER") in ents(pipeline(NAMES_FACTORY)(text))


@pytest.mark.parametrize(
    "text",
    ["Sie wohnt am Park Hotel Adlon.", "Das Kim Sun. Nein.", "Der Song Contest Final lief."],
)
def test_a_korean_family_name_alone_makes_no_person(text: str) -> None:
    lexicon = NameLexicon(LEXICON.first_names, LEXICON.surnames, LEXICON.common_nouns | {"Hotel"}, LEXICON.role_forms)
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(NAMES_FACTORY).lexicon = lexicon  # type: ignore[attr-defined]
    assert not any(label == "PER" for _, label in ents(nlp(text)))


@pytest.mark.parametrize("keep", [False, True])
def test_after_a_trained_ner_organisations_by_shape_only_fill_the_gaps(keep: bool) -> None:
    """`keep_entities` (the default pipeline): the model's "Kiel" stays a place
    instead of becoming part of an organisation the rules built around it; a quoted
    ship name still replaces what was there."""
    nlp = pipeline(ORGS_FACTORY)
    nlp.get_pipe(ORGS_FACTORY).keep_entities = keep  # type: ignore[attr-defined]
    text = "Das Wasserschutzpolizei-Amt Kiel prüft den Frachter „Kiel Express“ und das Bundesamt für Seeschifffahrt."
    found = ents(nlp(text))
    assert ("Kiel Express", "MISC") in found
    assert ("Bundesamt für Seeschifffahrt", "ORG") in found
    assert (("Kiel", "LOC") in found) is keep
    assert any(label == "ORG" and text.endswith("Amt Kiel") for text, label in found) is not keep


@pytest.mark.parametrize(("text", "person", "expected"), [
    ("Erst drohte Kim Südkorea mit Vergeltung.", "Kim Südkorea", [("Kim", "PER"), ("Südkorea", "LOC")]),
    ("Zuvor hatte Südkoreas Außenministerium protestiert.", "Südkoreas Außenministerium", [("Südkoreas", "LOC")]),
    ("Dann sprach Mark Rutte.", "Mark Rutte", [("Mark Rutte", "PER")]),
])
def test_a_country_at_the_edge_of_a_trained_ners_person_is_cut_off(text: str, person: str, expected: list) -> None:
    from parallax.ingest.ner_model import COUNTRY_CUT

    nlp = spacy.blank("de")
    doc = nlp(text)
    start = text.index(person)
    doc.ents = [doc.char_span(start, start + len(person), label="PER")]
    cut = nlp.add_pipe(COUNTRY_CUT)
    cut.countries = {"Südkorea": "LOC", "Südkoreas": "LOC"}  # type: ignore[attr-defined]
    cut.common_nouns = frozenset({"Außenministerium"})  # type: ignore[attr-defined]
    assert ents(cut(doc)) == expected


@pytest.mark.parametrize(("text", "misread", "expected"), [
    ("Nach Angaben des Bundesamts für Küstenschutz stieg der Pegel.", "Bundesamts für Küstenschutz",
     ("Bundesamts für Küstenschutz", "ORG")),
    ("Gestern widersprach das Agrarministerium sofort.", "Agrarministerium", ("Agrarministerium", "ORG")),
    ("Zuletzt sprach Greta Kammer lange.", "Greta Kammer", ("Greta Kammer", "PER")),  # a bare head is a surname
])
def test_a_trained_ners_person_with_an_organisation_head_is_the_organisation(text: str, misread: str, expected: tuple) -> None:
    """The model's person that holds the compound head of an organisation's name
    ("…amt", "…ministerium") is no person: with `keep_entities` the organisation rules
    still claim it."""
    nlp = spacy.blank("de")
    orgs = nlp.add_pipe(ORGS_FACTORY)
    orgs.lexicon = LEXICON  # type: ignore[attr-defined]
    orgs.keep_entities = True  # type: ignore[attr-defined]
    doc = nlp.make_doc(text)
    start = text.index(misread)
    doc.ents = [doc.char_span(start, start + len(misread), label="PER")]
    assert ents(orgs(doc)) == [expected]


@pytest.mark.parametrize(("text", "entity", "expected"), [
    # a heading line and the text under it: the outlet broke the line
    ("Nord-Ostsee-Kanal\nDrei Tage Stillstand, sagte der Lotse am Abend in einem sehr langen Satz.",
     "Nord-Ostsee-Kanal\nDrei Tage Stillstand", []),
    ("Themen:\nUkraine\nNordkorea\nSüdkorea und noch etwas mehr Text, damit die Zeile lang ist.",
     "Ukraine\nNordkorea", []),
    # a list of short lines: its longest line ends where the next word would not fit,
    # yet the other lines show that nobody wrapped it
    ("TAGS\nNordkorea\nSchwerpunkt Krieg in der Ukraine\nJoe Biden\nSüdkorea", "Ukraine\nJoe", []),
    # a line that opens a list item ("[2] …", "2. …", "• …") starts anew, however full the line before
    ("[1] /Irina-Scherbakowa-ueber-Exil-und-Flucht/!6039574\n[2] /Spannungen-zwischen-Nord--und-Suedkorea/!6040076",
     "[1] /Irina-Scherbakowa-ueber-Exil-und-Flucht/!6039574\n[2] /Spannungen-zwischen-Nord", []),
    # a hard-wrapped text: the next word would not have fitted, so the name runs on
    ("Es protestierte eine Umweltgruppe, das Bündnis Blaue\nKüste, vor dem Rathaus der Stadt.",
     "Bündnis Blaue\nKüste", [("Bündnis Blaue\nKüste", "ORG")]),
])
def test_a_trained_ners_entity_over_a_line_the_outlet_broke_is_dropped(text: str, entity: str, expected: list) -> None:
    from parallax.ingest.ner_model import LINE_CUT

    nlp = spacy.blank("de")
    doc = nlp(text)
    start = text.index(entity)
    doc.ents = [doc.char_span(start, start + len(entity), label="ORG")]
    assert ents(nlp.add_pipe(LINE_CUT)(doc)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a paper the model knows as an organisation stays one after an article
    ("Das berichtete die „Passauer Neue Presse“ am Montag.", [("Passauer Neue Presse", "ORG")]),
    # in a doc that speaks of a ship it is the ship's name
    ("Die „Baltic Meridian“ liegt fest. Das Containerschiff kam aus Hamburg.", [("Baltic Meridian", "MISC")]),
    ("Der Frachter „Baltic Meridian“ liegt fest.", [("Baltic Meridian", "MISC")]),
])
def test_after_a_trained_ner_a_quoted_organisation_is_a_ship_only_in_a_doc_about_ships(text: str, expected: list) -> None:
    """GermEval train: 49 of the model's quoted organisations after an article ("die „Bild“",
    "der „New York Times“") were right and became wrong ships, 4 ships were won."""
    nlp = spacy.blank("de")
    orgs = nlp.add_pipe(ORGS_FACTORY)
    orgs.lexicon = LEXICON  # type: ignore[attr-defined]
    orgs.keep_entities = True  # type: ignore[attr-defined]
    doc = nlp.make_doc(text)
    names = [name for name, _ in expected]
    spans, at = [], 0
    for name in names:
        at = text.index(name, at)
        spans.append(doc.char_span(at, at + len(name), label="ORG"))
        at += len(name)
    doc.ents = spans
    assert ents(orgs(doc)) == expected


def test_a_ship_spoken_of_in_an_earlier_paragraph_makes_a_quoted_name_a_ship() -> None:
    """The import hands spaCy an article paragraph by paragraph; a doc of another
    article, or one with no article, does not carry the ship over."""
    from parallax.ingest.name_tagger import ARTICLE_KEY

    nlp = spacy.blank("de")
    orgs = nlp.add_pipe(ORGS_FACTORY)
    orgs.lexicon = LEXICON  # type: ignore[attr-defined]
    orgs.keep_entities = True  # type: ignore[attr-defined]

    def paragraph(text: str, article: object | None) -> list[tuple[str, str]]:
        doc = nlp.make_doc(text)
        if article is not None:
            doc.user_data[ARTICLE_KEY] = article
        at = text.find("Baltic Meridian")
        doc.ents = [doc.char_span(at, at + len("Baltic Meridian"), label="ORG")] if at >= 0 else []
        return ents(orgs(doc))

    one, other = object(), object()
    assert paragraph("Ein Frachter ohne Strom blockiert den Kanal.", one) == []
    assert paragraph("Nach der Havarie der „Baltic Meridian“ streiten alle.", one) == [("Baltic Meridian", "MISC")]
    assert paragraph("Nach der Havarie der „Baltic Meridian“ streiten alle.", other) == [("Baltic Meridian", "ORG")]
    assert paragraph("Nach der Havarie der „Baltic Meridian“ streiten alle.", None) == [("Baltic Meridian", "ORG")]
