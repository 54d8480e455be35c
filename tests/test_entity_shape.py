"""A trained ner's entities whose shape says they are no name, or more than one
(`parallax_entity_shape`, `parallax_country_cut`): each case is a kind of error the
model makes on real news; the lists here are tiny stand-ins for the gazetteer's."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from parallax.ingest.entity_shape import ENTITY_SHAPE
from parallax.ingest.ner_model import COUNTRY_CUT

COMMON_NOUNS = frozenset({"Autoren", "Tags", "Links", "Kanal"})
COUNTRIES = {"Nordkorea": "LOC", "Russland": "LOC", "Ukraine": "LOC", "Südkorea": "LOC"}


def tagged(text: str, entity: str, label: str) -> tuple[spacy.Language, Doc]:
    nlp = spacy.blank("de")
    doc = nlp(text)
    start = text.index(entity)
    span = doc.char_span(start, start + len(entity), label=label)
    assert span is not None, entity
    doc.ents = [span]
    return nlp, doc


def shaped(text: str, entity: str, label: str = "PER") -> list[tuple[str, str]]:
    nlp, doc = tagged(text, entity, label)
    shape = nlp.add_pipe(ENTITY_SHAPE)
    shape.common_nouns = COMMON_NOUNS  # type: ignore[attr-defined]
    return [(ent.text, ent.label_) for ent in shape(doc).ents]


@pytest.mark.parametrize(("text", "entity", "label", "expected"), [
    # a separator or an unpaired bracket at an edge is no part of the name
    ("Foto: Dita Alangkara/ap", "Dita Alangkara/", "PER", [("Dita Alangkara", "PER")]),
    ("eine [3][Grußbotschaft von Xi Jinping], in der", "Xi Jinping]", "PER", [("Xi Jinping", "PER")]),
    ("Die Zeitung OZD / ©AFP meldet", "OZD / ©", "ORG", [("OZD", "ORG")]),
    ("Elbsegler61 · 25 Millionen", "Elbsegler61 ·", "ORG", [("Elbsegler61", "ORG")]),
    # a bar or bullet between words joins an outlet's header to what follows: the name ends before it
    ("taz | Südkoreas Präsident reist ab", "taz | Südkoreas", "ORG", [("taz", "ORG")]),
    ("Kiel · Hamburg", "Kiel · Hamburg", "LOC", [("Kiel", "LOC")]),
    # a text dump's link reference glued to a word ("[3][neue …]") is no name
    ("die [3][neue Schleusenkammer in Brunsbüttel] wird", "3][neue Schleusenkammer", "ORG", []),
    ("[1][Russlands Krieg] gegen", "1][Russlands Krieg", "ORG", []),
    # a paired bracket or quote, or a mark that belongs to names, stays
    ("Er sah „Die Zeit“ im Kiosk.", "„Die Zeit“", "ORG", [("„Die Zeit“", "ORG")]),
    ("Wie Yahoo! heute meldet", "Yahoo!", "ORG", [("Yahoo!", "ORG")]),
    ("König James II. starb", "James II.", "PER", [("James II.", "PER")]),
    ("Das war Holmes' letzter Fall", "Holmes'", "PER", [("Holmes'", "PER")]),  # a genitive, as GermEval tags it
    # a name does not end in a lower-case function word: the model misread the span
    ("„Der Kanal ist eine Bundeswasserstraße“", "Der Kanal ist", "MISC", []),
    ("Er sagte: „Der Bund kann nicht zahlen“", "Der Bund kann", "MISC", []),
    ("Sigismund von kam", "Sigismund von", "PER", []),
    ("Der Kanal ist tief.", "Kanal", "LOC", [("Kanal", "LOC")]),
    # an all-caps common word alone on its line is a heading, not an organisation
    ("AUTOREN\nFabian Kretschmer", "AUTOREN", "ORG", []),
    ("TAGS", "TAGS", "ORG", []),
    # …but an acronym alone on its line, or a capitalised word in running text, stays
    ("NATO\nDie Allianz wächst.", "NATO", "ORG", [("NATO", "ORG")]),
    ("Die LINKS im Landtag stimmten dagegen.", "LINKS", "ORG", [("LINKS", "ORG")]),
])
def test_a_trained_ners_entity_is_trimmed_or_dropped_by_its_shape(
    text: str, entity: str, label: str, expected: list
) -> None:
    assert shaped(text, entity, label) == expected


@pytest.mark.parametrize(("text", "entity", "expected"), [
    ("nachdem Nordkorea Russland mit Soldaten hilft.", "Nordkorea Russland",
     [("Nordkorea", "LOC"), ("Russland", "LOC")]),
    ("Soldaten in der Ukraine Nordkorea Südkorea auch", "Ukraine Nordkorea Südkorea",
     [("Ukraine", "LOC"), ("Nordkorea", "LOC"), ("Südkorea", "LOC")]),
    # a place that only begins with a country is one place
    ("Biden lässt Ukraine Raketensignal senden", "Ukraine Raketensignal", [("Ukraine Raketensignal", "LOC")]),
])
def test_a_trained_ners_place_of_countries_side_by_side_is_cut_into_them(text: str, entity: str, expected: list) -> None:
    nlp, doc = tagged(text, entity, "LOC")
    cut = nlp.add_pipe(COUNTRY_CUT)
    cut.countries = COUNTRIES  # type: ignore[attr-defined]
    assert [(ent.text, ent.label_) for ent in cut(doc).ents] == expected


@pytest.mark.parametrize(("text", "entity", "expected"), [
    # the ministry is no place: the country is, the ministry is left to the organisation rules
    ("Zuvor hatte Südkoreas Außenministerium den Botschafter einbestellt.", "Südkoreas Außenministerium",
     [("Südkoreas", "LOC")]),
    ("Russlands Einmarsch in der Ukraine", "Russlands Einmarsch", [("Russlands", "LOC")]),
    # not a genitive, or not only common nouns after it: one place as the model found it
    ("in der Bundesrepublik Deutschland", "Bundesrepublik Deutschland", [("Bundesrepublik Deutschland", "LOC")]),
    ("Russland Einmarsch", "Russland Einmarsch", [("Russland Einmarsch", "LOC")]),
    ("Russlands Fernost", "Russlands Fernost", [("Russlands Fernost", "LOC")]),
])
def test_a_trained_ners_place_that_is_a_countrys_genitive_before_nouns_is_the_country(
    text: str, entity: str, expected: list,
) -> None:
    nlp, doc = tagged(text, entity, "LOC")
    cut = nlp.add_pipe(COUNTRY_CUT)
    cut.countries = {**COUNTRIES, "Südkoreas": "LOC", "Russlands": "LOC"}  # type: ignore[attr-defined]
    cut.common_nouns = COMMON_NOUNS | {"Außenministerium", "Einmarsch", "Bundesrepublik"}  # type: ignore[attr-defined]
    assert [(ent.text, ent.label_) for ent in cut(doc).ents] == expected
