"""The project's own sample story (`ingest/sample/`, fictional, written by us) through
the real pipeline: read → clean → recognise, as `parallax demo` imports it.

Four outlets, four page styles: a regional web page copied as text (01), an HTML
page (02), a text-only table dump (03) and an agency-style portal (04). The entity
oracle below follows `ingest/sample/README.md` and the articles themselves. The
last section runs pages in the style of other outlets (made up here) through the
same steps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from parallax.ingest.clean import clean
from parallax.ingest.nlp import OFFLINE, Pipeline, annotate, load_pipeline
from parallax.ingest.readers import RawDocument, read_path
from parallax.ingest.sample import SampleArticle, sample_folder, sample_story
from parallax.store.records import ArticleRecord
from zone_checks import assert_invariants

ARTICLE_KINDS = ("headline", "lead", "body", "subheading", "editorial")
TEXT_KINDS = ("headline", "lead", "body", "subheading")

# --- the oracle ----------------------------------------------------------------

PEOPLE = {
    "01": ["Henning Brandt", "Dirk Wendland", "Lars Holm", "Jana Petersen", "Birte Lorenzen",
           "Carsten Wöhrmann", "Mira Okafor"],
    "02": ["Katrin Feddersen", "Lars Holm", "Carsten Wöhrmann", "Birte Lorenzen", "Elena Marić",
           "Anders Møllerup", "Mira Okafor"],
    "03": ["Henning Brandt", "Lars Holm", "Dirk Wendland", "Mira Okafor", "Carsten Wöhrmann",
           "Birte Lorenzen", "Jana Petersen"],
    "04": ["Lars Holm", "Dirk Wendland", "Carsten Wöhrmann", "Birte Lorenzen", "Jörg Steffens",
           "Mira Okafor"],
}
"""Named people in the article text (headline, lead, body, subheadings), as first named."""

SURNAMES = {
    "01": ["Holm", "Petersen", "Lorenzen"],
    "02": ["Holm", "Wöhrmann", "Møllerup", "Okafor"],
    "03": ["Brandt"],
    "04": ["Holm", "Wendland", "Lorenzen"],
}
"""Later mentions by surname alone ("betonte Holm")."""

ORGANISATIONS = {
    "01": ["Wasserschutzpolizei", "Wasserstraßen- und Schifffahrtsamts Nord-Ostsee-Kanal",
           "Nordlicht Reederei", "Wasserstraßen- und Schifffahrtsamt",
           "Bundesstelle für Seeunfalluntersuchung", "Havariekommando", "Bündnis Blaue Küste"],
    "02": ["Wasserstraßen- und Schifffahrtsamt", "Nordlicht Reederei", "Hafenwirtschaftsverbands Hamburg",
           "Wasserstraßen- und Schifffahrtsverwaltung des Bundes", "Bundesstelle für Seeunfalluntersuchung",
           "Generaldirektion Wasserstraßen und Schifffahrt", "EU-Kommission", "Vesterhav Færger",
           "Havariekommandos", "Bündnis Blaue Küste", "Wasserschutzpolizei"],
    "03": ["Wasserstraßen- und Schifffahrtsamts", "Nordlicht Reederei", "Wasserstraßen- und Schifffahrtsamt",
           "Bundesstelle für Seeunfalluntersuchung", "Bündnis Blaue Küste", "EU-Kommission"],
    "04": ["Wasserstraßen- und Schifffahrtsamts Nord-Ostsee-Kanal", "Nordlicht Reederei",
           "Wasserschutzpolizei", "Wasserstraßen- und Schifffahrtsamt", "Bundesstelle für Seeunfalluntersuchung",
           "Havariekommandos", "Umweltbündnis Blaue Küste", "EU-Kommission", "Vesterhav Færger"],
}
"""Organisations as the article text writes them (case forms included)."""

SHIP = "Baltic Meridian"

TRAPS = {
    "Kommentare", "Anzeige", "Reederei", "Bündnis", "Amt", "Behörde", "Behörden", "Verband", "Bund",
    "Hafenwirtschaft", "Minister", "Kanal", "Lotse", "Elbsegler61", "Moin_Moin_HH", "Kanalratte",
    "Fördeblick", "Schlepperpflicht", "Verursacherprinzip", "Nord-Ostsee-Kanal", SHIP,
}
"""Words that must never be a person or an organisation: section words, commenters'
names, generic institutions, the canal and the ship."""

PER_RECALL = 0.9
ORG_RECALL = 0.7


# --- fixtures --------------------------------------------------------------------


@pytest.fixture(scope="module")
def story() -> Iterator[tuple[str, list[SampleArticle]]]:
    with sample_folder() as folder:
        yield sample_story(Path(folder))


@pytest.fixture(scope="module")
def detected(story: tuple[str, list[SampleArticle]]) -> dict[str, ArticleRecord]:
    """Cleaned records with the outlet the pages show themselves (no manifest)."""
    return {a.path.name[:2]: clean(read_path(a.path)[0]) for a in story[1]}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return load_pipeline(OFFLINE)


@pytest.fixture(scope="module")
def records(story: tuple[str, list[SampleArticle]], pipeline: Pipeline) -> dict[str, ArticleRecord]:
    """As the importer stores them: the manifest's outlet wins over detection."""
    cleaned = {}
    for article in story[1]:
        (doc,) = read_path(article.path)
        record = clean(doc)
        record.outlet = article.outlet
        cleaned[article.path.name[:2]] = record
    return dict(zip(cleaned, annotate(pipeline, cleaned.values())))


def texts_of(record: ArticleRecord, *kinds: str) -> list[str]:
    return [record.text[z.start : z.end] for z in record.zones if z.kind in kinds]


def entities_in(record: ArticleRecord, label: str, kinds: tuple[str, ...] = ARTICLE_KINDS) -> list[str]:
    spans = [(z.start, z.end) for z in record.zones if z.kind in kinds]
    return [
        e.text
        for e in record.entities
        if e.label == label and any(start <= e.start and e.end <= end for start, end in spans)
    ]


# --- the story as imported -------------------------------------------------------


def test_the_manifest_names_four_articles_and_their_outlets(
    story: tuple[str, list[SampleArticle]], records: dict[str, ArticleRecord]
) -> None:
    name, articles = story
    assert name == "Havarie im Nord-Ostsee-Kanal"
    assert {key: r.outlet for key, r in records.items()} == {
        "01": "Kieler Rundschau", "02": "Hanse-Kurier", "03": "nordwelle", "04": "OSD.news"}
    assert [a.outlet for a in articles] == [records[k].outlet for k in ("01", "02", "03", "04")]


def test_outlet_detection_where_the_page_shows_it(detected: dict[str, ArticleRecord]) -> None:
    assert detected["02"].outlet == "Hanse-Kurier"  # og:site_name
    assert detected["03"].outlet == "nordwelle"  # "nordwelle.de --" and "Kiel nordwelle |"
    assert detected["04"].outlet == "OSD.news"  # "OSD.news - Nachrichten aus dem Norden"


def test_zones_are_valid_and_every_article_has_a_headline_and_a_title(
    records: dict[str, ArticleRecord],
) -> None:
    for key, record in records.items():
        assert_invariants(record)
        assert len(texts_of(record, "headline")) == 1, key
        assert len(texts_of(record, "lead")) == 1, key
        assert record.title, key
        assert len(texts_of(record, "body")) >= 5, key


def test_regional_page_kicker_headline_lead_and_subheadings(records: dict[str, ArticleRecord]) -> None:
    record = records["01"]
    (headline,) = texts_of(record, "headline")
    assert headline == "Havarie im Nord-Ostsee-Kanal\nFrachter blockiert den Kanal – Kiel zählt die Verluste"
    assert record.title == "Havarie im Nord-Ostsee-Kanal: Frachter blockiert den Kanal – Kiel zählt die Verluste"
    assert texts_of(record, "lead")[0].startswith("Drei Tage lang ging")
    assert texts_of(record, "subheading") == [
        "Rund 240 Schiffe im Stau",
        "Reederei sieht die Schuld beim Lieferanten",
        "Kiel rechnet mit Millionenschaden",
        "Umweltschützer sehen mehr Öl im Wasser",
    ]
    assert texts_of(record, "byline") == ["Von Tjark Ohlsen"]
    assert texts_of(record, "body")[0].startswith("Als am Dienstag")  # dateline "Brunsbüttel." off
    assert any(t.startswith("Nichts mehr verpassen") for t in texts_of(record, "boilerplate"))


def test_html_page_gets_its_headline_back(records: dict[str, ArticleRecord]) -> None:
    record = records["02"]
    kicker_and_h1 = "Nord-Ostsee-Kanal\nDrei Tage Stillstand: Was die Kanal-Havarie den Hamburger Hafen kostet"
    assert record.text.startswith(kicker_and_h1 + "\n\n")
    assert texts_of(record, "headline") == [kicker_and_h1]
    assert record.title == "Nord-Ostsee-Kanal: " + kicker_and_h1.split("\n")[1]
    assert texts_of(record, "lead")[0].startswith("Nach der Havarie der „Baltic Meridian“")
    assert texts_of(record, "subheading") == [
        "Reederei: Der Treibstoff war schuld", "Minister: Der Eigner haftet", "Dänische Fähren auf Umwegen"]


def test_reader_comments_close_the_regional_and_the_html_page(records: dict[str, ArticleRecord]) -> None:
    for key, names in (("01", ["@Fördeblick"]), ("02", ["Elbsegler61", "Moin_Moin_HH", "Kanalratte"])):
        record = records[key]
        (comments,) = texts_of(record, "reader_comments")
        assert record.zones[-1].kind == "reader_comments" and record.zones[-1].end == len(record.text)
        assert all(name in comments for name in names), key
        for text in texts_of(record, *ARTICLE_KINDS):
            assert not any(name in text for name in names), key


def test_text_only_page_is_unwrapped_with_its_lists(records: dict[str, ArticleRecord]) -> None:
    record = records["03"]
    for line in record.text.split("\n"):
        assert not line.startswith("|") and not line.endswith("| |"), line
    assert "Bündnis Blaue Küste" in record.text  # hard wrap joined
    assert texts_of(record, "dateline") == ["Kiel nordwelle |"]
    (byline,) = texts_of(record, "byline")
    assert byline == "AUTOREN\n\nSönke Harms\nPaula Wittkamp"
    link_lists = texts_of(record, "link_list")
    assert link_lists[0].startswith("LINKS\n\n[1] /")
    assert link_lists[-1].startswith("TAGS\n\n") and "ARTIKEL ZUM THEMA" in link_lists[-1]
    assert "[1][Lotsen warnen seit Jahren]" in record.text  # link references stay verbatim
    assert len(texts_of(record, "subheading")) == 3


def test_agency_page_editorial_and_explanations(records: dict[str, ArticleRecord]) -> None:
    record = records["04"]
    (editorial,) = texts_of(record, "editorial")
    assert editorial.startswith("OSD-Kommentar:\n\nEin Kanal auf Verschleiß")
    assert editorial.endswith("wäre ein vernünftiger erster Schritt.")
    assert texts_of(record, "byline") == ["OSD / ©dpa"]
    boxes = texts_of(record, "boilerplate")
    assert boxes[-1].startswith("Hintergrund und Erklärungen:")
    assert boxes[-1].endswith("Titelbild: OSD-Archiv.")
    # markup-like strings stay verbatim; a stray "[/]" is no subheading
    assert "(Quelle: [dpa])" in record.text
    assert "[/]" in boxes and "[/]" not in texts_of(record, "subheading")


def test_no_chrome_in_article_text(records: dict[str, ArticleRecord]) -> None:
    markers = ("Newsletter", "Nichts mehr verpassen", "Melden Sie sich", "Jetzt anmelden", "Anzeige",
               "Mehr zum Thema", "Lesen Sie auch", "Kommentare", "Zum Inhalt springen", "Startseite",
               "Foto:", "Teilen", "Cookies", "Impressum", "Alle Angaben ohne Gewähr", "©")
    for key, record in records.items():
        for text in texts_of(record, *TEXT_KINDS):
            for marker in markers:
                assert marker not in text, (key, marker, text[:60])


# --- entities ----------------------------------------------------------------------


def test_people_recall(records: dict[str, ArticleRecord]) -> None:
    expected = [(key, name) for key, names in PEOPLE.items() for name in names]
    expected += [(key, name) for key, names in SURNAMES.items() for name in names]
    found = [(key, name) for key, name in expected if name in entities_in(records[key], "PER")]
    missed = sorted(set(expected) - set(found))
    assert len(found) >= PER_RECALL * len(expected), missed


def test_organisation_recall(records: dict[str, ArticleRecord]) -> None:
    expected = [(key, name) for key, names in ORGANISATIONS.items() for name in names]
    found = [(key, name) for key, name in expected if name in entities_in(records[key], "ORG")]
    missed = sorted(set(expected) - set(found))
    assert len(found) >= ORG_RECALL * len(expected), missed


def test_the_ship_is_a_name_in_every_article(records: dict[str, ArticleRecord]) -> None:
    for key, record in records.items():
        assert SHIP in entities_in(record, "MISC"), key


def test_no_person_or_organisation_among_the_traps(records: dict[str, ArticleRecord]) -> None:
    for key, record in records.items():
        wrong = [(e.label, e.text) for e in record.entities if e.label in ("PER", "ORG") and e.text in TRAPS]
        assert not wrong, (key, wrong)
        # nobody in the readers' forum is a named person: they sign with user names
        assert entities_in(record, "PER", ("reader_comments",)) == [], key


def test_entities_slice_the_text_and_never_overlap(records: dict[str, ArticleRecord]) -> None:
    for record in records.values():
        spans = sorted((e.start, e.end) for e in record.entities)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
        assert all(record.text[e.start : e.end] == e.text for e in record.entities)


# --- pages in the style of other outlets (made up here) -------------------------------

MAGAZINE_PAGE = """Zum Inhalt springen
Menü
Politik › Deutschland › Verkehr

Marode Talbrücken
Bundesamt weist Kritik an Brückensanierung zurück

Die Sanierung der Talbrücke Musterfeld verzögert sich erneut. Das zuständige Bundesamt sieht die Schuld bei den Ländern. Die Opposition spricht von Staatsversagen.

Ein Bagger vor der gesperrten Talbrücke. Foto: Max Bildner / Wochenblick

Von Erika Beispiel und Max Muster
12.05.2025, 18.03 Uhr

Seit März ist die Talbrücke Musterfeld für Lastwagen gesperrt, seit Montag auch für Autos. Das Bundesamt für Brückenbau und Verkehrswege teilte mit, Gutachter hätten neue Risse in zwei Pfeilern gefunden. Behördensprecherin Okka Jendrusch sagte, vor dem Herbst sei mit keiner Freigabe zu rechnen.

Folgen Sie uns auf WhatsApp
Push-Nachrichten aktivieren und keine Eilmeldung verpassen.

Länder sehen den Bund in der Pflicht

Die Landesbehörde widerspricht. Nach Angaben des Straßen- und Verkehrsamts wurden die Mittel bereits 2023 beantragt. Auch die Industrie- und Handelskammer forderte mehr Tempo, ebenso die Deutsche Bauindustrie AG.

Mehr zum Thema
Gesperrte Brücken: Wo es jetzt eng wird
Pendler: Die besten Umwege im Überblick
"""
"""A news magazine's page: kicker line over the headline, teaser, caption, byline,
date, a messenger box, a subheading, related links."""

DAILY_PAGE = """Startseite › Stadt › Stadtpolitik

Verkehrspolitik: Stadt will Tempo 30 auf allen Hauptstraßen

Der Stadtrat stimmt am Mittwoch über das Konzept ab. Die Wirtschaft warnt vor Staus.

Von Hans Vorbild, Musterstadt

Die Stadtverwaltung hat ihr Konzept am Montag vorgestellt. Oberbürgermeisterin Birgit Sonnleitner sprach von einem „überfälligen Schritt“. Die Musterbau GmbH, die mehrere Baustellen in der Innenstadt betreibt, begrüßte den Plan.

Die Polizei rechnet mit mehr Kontrollen. Das Landgericht Hamburg hatte im vergangenen Jahr eine ähnliche Regelung gekippt. Ein Sprecher des Verkehrsministeriums sagte, man prüfe den Vorschlag.

Jetzt abonnieren und kostenlos testen: Die Tagespost im Digitalabo für nur 1 Euro im ersten Monat.
"""
"""A broadsheet's page: kicker and headline on one line with a colon, a subscription offer."""

TICKER = """Brücke Musterfeld bleibt bis Herbst gesperrt

Musterfeld (dpa) - Die gesperrte Talbrücke Musterfeld bleibt voraussichtlich bis zum Herbst dicht. Das teilte die Autobahn GmbH des Bundes am Dienstag mit. Das Verkehrsministerium kündigte eine Sonderprüfung an, ein Sonderkommando der Polizei sicherte die Baustelle.

Ein Sprecher des Bundesamts für Brückenbau sagte, man arbeite mit Hochdruck. Der Frachter „Nordstern“ hatte zuvor im Kanal unter der Brücke festgemacht. (dpa)
"""
"""An agency ticker: headline, dateline with the agency, credit in the last line."""


def recognised(pipeline: Pipeline, page: str) -> ArticleRecord:
    record = clean(RawDocument(text=page, source="page.txt"))
    assert_invariants(record)
    return next(annotate(pipeline, [record]))


def labelled(record: ArticleRecord, label: str) -> list[str]:
    return [e.text for e in record.entities if e.label == label]


def test_magazine_page(pipeline: Pipeline) -> None:
    record = recognised(pipeline, MAGAZINE_PAGE)
    assert record.title == "Marode Talbrücken: Bundesamt weist Kritik an Brückensanierung zurück"
    assert texts_of(record, "lead")[0].startswith("Die Sanierung")  # three sentences, then the caption
    assert record.author == "Erika Beispiel und Max Muster"
    assert texts_of(record, "subheading") == ["Länder sehen den Bund in der Pflicht"]
    assert any(t.startswith("Folgen Sie uns auf WhatsApp") for t in texts_of(record, "boilerplate"))
    assert len(texts_of(record, "body")) == 2
    orgs = labelled(record, "ORG")
    for org in ("Bundesamt für Brückenbau und Verkehrswege", "Straßen- und Verkehrsamts",
                "Industrie- und Handelskammer", "Deutsche Bauindustrie AG"):
        assert org in orgs, orgs
    assert "Okka Jendrusch" in labelled(record, "PER")
    assert "Push-Nachrichten" not in orgs


def test_daily_page(pipeline: Pipeline) -> None:
    record = recognised(pipeline, DAILY_PAGE)
    assert record.title == "Verkehrspolitik: Stadt will Tempo 30 auf allen Hauptstraßen"
    assert texts_of(record, "lead") == ["Der Stadtrat stimmt am Mittwoch über das Konzept ab. "
                                        "Die Wirtschaft warnt vor Staus."]
    assert texts_of(record, "boilerplate")[-1].startswith("Jetzt abonnieren")
    orgs = labelled(record, "ORG")
    assert {"Musterbau GmbH", "Landgericht Hamburg", "Verkehrsministeriums"} <= set(orgs), orgs
    assert not {"Stadtrat", "Polizei", "Wirtschaft"} & set(orgs), orgs
    assert "Birgit Sonnleitner" in labelled(record, "PER")


def test_agency_ticker(pipeline: Pipeline) -> None:
    record = recognised(pipeline, TICKER)
    assert [z.kind for z in record.zones] == ["headline", "dateline", "body", "body"]
    assert record.title == "Brücke Musterfeld bleibt bis Herbst gesperrt"
    orgs = labelled(record, "ORG")
    assert {"Autobahn GmbH des Bundes", "Verkehrsministerium", "Bundesamts für Brückenbau", "dpa"} <= set(orgs)
    assert not any(re.search(r"Sonderkommando|Polizei", org) for org in orgs), orgs
    assert labelled(record, "MISC") == ["Nordstern"]
