"""Cleaning into zones, on made-up German pages (never seed text): one test per
rule family, the text-only unwrapping, and properties that hold for any input."""

from __future__ import annotations

import re
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.ingest import textonly
from parallax.ingest.clean import clean
from parallax.ingest.zone_matching import CASE_ODDITIES, LINE_RULES, UNIT_RULES, first_rule
from parallax.ingest.readers import RawDocument
from parallax.ingest.zone_rules import OUTLETS, RULES, Rule
from parallax.store.records import ArticleRecord
from zone_checks import assert_invariants

HEADLINE = "Stadt Musterhausen sperrt die Alte Brücke"
LEAD = "Die Alte Brücke wird ab Montag gesperrt. Pendler müssen mit langen Umwegen rechnen."
BODY_1 = (
    "Die Stadtverwaltung hat am Freitag angekündigt, die Alte Brücke über den Mühlbach ab "
    "kommendem Montag vollständig zu sperren. Ein Gutachten habe gravierende Schäden an den "
    "Pfeilern festgestellt, teilte die Verwaltung mit. Die Sanierung werde zwölf Monate dauern."
)
BODY_2 = (
    "„Wir haben keine andere Wahl“, sagte Oberbürgermeister Hans Vorbild im Rathaus. Die "
    "Sicherheit der Bürgerinnen und Bürger gehe vor, auch wenn die Sperrung für viele Pendler "
    "eine große Belastung bedeute. Der Stadtrat will im Herbst erneut beraten."
)
BODY_3 = (
    "Der Verkehr soll während der Bauzeit über die Nordstraße und den Kreisel am Bahnhof "
    "umgeleitet werden. Die Stadtwerke kündigten zusätzliche Busse an, damit Schülerinnen und "
    "Schüler weiterhin pünktlich zum Unterricht kommen. Anwohner befürchten mehr Lärm."
)


def record_of(*paragraphs: str, comments: str | None = None, **meta: str) -> ArticleRecord:
    doc = RawDocument(text="\n\n".join(paragraphs), source="t.txt", comments=comments, **meta)
    record = clean(doc)
    assert_invariants(record)
    return record


def zones(record: ArticleRecord) -> list[tuple[str, str]]:
    return [(z.kind, record.text[z.start : z.end]) for z in record.zones]


def kind_of(record: ArticleRecord, snippet: str) -> str:
    """The kind of the one zone that contains `snippet`."""
    found = [kind for kind, text in zones(record) if snippet in text]
    assert len(found) == 1, (snippet, zones(record))
    return found[0]


# --- text is kept -------------------------------------------------------------


def test_only_layout_is_normalised() -> None:
    raw = "Titel der Meldung hier  \r\n\r\nErster Satz.\t \r\n  eingerückt.\r\r\r\n \n\xa0\n\nEnde."
    record = clean(RawDocument(text=raw, source="t.txt"))
    assert record.text == "Titel der Meldung hier\n\nErster Satz.\n  eingerückt.\n\nEnde."


def test_markup_and_escapes_stay_verbatim() -> None:
    hostile = "Laut [dpa] und [/] und [@click=app.quit]weg[/] wurde \x1b[2J\x1b]52;c;eA==\x07 gemeldet."
    record = record_of(HEADLINE, BODY_1, hostile)
    assert hostile in record.text
    assert kind_of(record, "[@click=app.quit]") == "body"


# --- headline, lead, subheadings ---------------------------------------------


def test_headline_lead_body_subheading() -> None:
    record = record_of(HEADLINE, LEAD, BODY_1, "Umleitung über die Nordstraße", BODY_2)
    assert [kind for kind, _ in zones(record)] == ["headline", "lead", "body", "subheading", "body"]
    assert record.title == HEADLINE


def test_no_lead_when_the_body_starts_with_a_dateline() -> None:
    record = record_of(HEADLINE, "Musterhausen (dpa) - " + BODY_1, BODY_2)
    assert [kind for kind, _ in zones(record)] == ["headline", "dateline", "body", "body"]


def test_article_without_headline_is_all_body() -> None:
    record = record_of(BODY_1, BODY_2)
    assert [kind for kind, _ in zones(record)] == ["body", "body"]
    assert record.title is None


def test_kicker_line_above_the_headline() -> None:
    record = record_of("Marode Bauwerke\n" + HEADLINE, LEAD, BODY_1, BODY_2)
    assert zones(record)[0] == ("headline", "Marode Bauwerke\n" + HEADLINE)
    assert record.title == "Marode Bauwerke: " + HEADLINE
    assert kind_of(record, LEAD) == "lead"
    # a two-line paragraph of running text is no headline
    prose = record_of("Die Stadt hat entschieden.\nDie Brücke bleibt zu.", BODY_1)
    assert {kind for kind, _ in zones(prose)} == {"body"}


def test_a_longer_teaser_above_caption_or_byline_is_the_lead() -> None:
    teaser = "Die Alte Brücke wird gesperrt. Pendler müssen umplanen. Und die Stadt sucht Geld."
    for chrome in ("Von Erika Beispiel", "Die Brücke im Nebel. Foto: Max Bildner/dpa", "18. März 2024"):
        record = record_of(HEADLINE, teaser, chrome, BODY_1, BODY_2)
        assert kind_of(record, teaser) == "lead", chrome
    # without chrome under it, three sentences are the body's first paragraph
    assert kind_of(record_of(HEADLINE, teaser, BODY_1, BODY_2), teaser) == "body"


@pytest.mark.parametrize(
    "paragraph",
    [
        "„Folgen Sie uns“, rief der Einsatzleiter den Anwohnern zu, bevor er die Straße sperrte.",
        "Die Stadt verschickt seit März Push-Nachrichten über Baustellen, sagte eine Sprecherin.",
        "Auch ein eigener WhatsApp-Kanal der Stadtwerke soll Pendler informieren, hieß es.",
    ],
)
def test_appeal_words_inside_the_article_stay_body(paragraph: str) -> None:
    record = record_of(HEADLINE, BODY_1, paragraph, BODY_2)
    assert kind_of(record, paragraph) == "body"


def test_a_unit_without_words_is_no_subheading() -> None:
    record = record_of(HEADLINE, BODY_1, "[/]", BODY_2, "***", BODY_3)
    assert kind_of(record, "[/]") == "boilerplate" and kind_of(record, "***") == "boilerplate"
    assert [text for kind, text in zones(record) if kind == "body"] == [BODY_1, BODY_2, BODY_3]


def test_short_sentence_in_the_body_is_not_a_subheading() -> None:
    record = record_of(HEADLINE, BODY_1, "Das ist alles.", BODY_2)
    assert kind_of(record, "Das ist alles.") == "body"


def test_heading_of_a_box_belongs_to_the_box() -> None:
    appeal = "Guter Journalismus kostet Geld. Unterstützen Sie uns mit einem Beitrag. Jetzt unterstützen"
    record = record_of(HEADLINE, BODY_1, "Gemeinsam für freie Presse", appeal)
    assert kind_of(record, "Gemeinsam für freie Presse") == "boilerplate"


def test_metadata_title_and_outlet_win_over_detection() -> None:
    record = record_of(HEADLINE, "Berlin taz | " + BODY_1, title="Brücke zu", outlet="Musterblatt")
    assert (record.title, record.outlet) == ("Brücke zu", "Musterblatt")


def test_glued_taz_kicker_is_split_in_the_title_only() -> None:
    glued = "Marode BauwerkeMusterhausen sperrt die Alte Brücke"
    record = record_of(glued, "Berlin taz | " + BODY_1)
    assert record.outlet == "taz"
    assert record.title == "Marode Bauwerke: Musterhausen sperrt die Alte Brücke"
    assert kind_of(record, glued) == "headline"


# --- page chrome and boxes: one snippet per rule family ---------------------

TOP = "top"
MIDDLE = "middle"
END = "end"


@pytest.mark.parametrize(
    ("snippet", "where", "kind"),
    [
        ("piwik no script img", TOP, "boilerplate"),
        ("Zählpixel VG Wort", MIDDLE, "boilerplate"),
        ("Zum Inhalt springen", TOP, "boilerplate"),
        ("Startseite › Politik › Inland", TOP, "boilerplate"),
        ("1. Startseite\n2. Politik\n3. Inland", TOP, "boilerplate"),
        ("Wir verwenden Cookies, um unser Angebot zu verbessern. Mit „Alle akzeptieren“ "
         "stimmen Sie der Verarbeitung zu.", TOP, "boilerplate"),
        ("Musterblatt.de - Nachrichten aus der Region", TOP, "boilerplate"),
        ("Teilen Facebook Twitter WhatsApp E-Mail", TOP, "boilerplate"),
        ("Artikel teilen\nFacebook\nWhatsApp\nE-Mail", MIDDLE, "boilerplate"),
        ("Anzeige", MIDDLE, "boilerplate"),
        ("Melden Sie sich jetzt für unseren Morgen-Newsletter an und verpassen Sie nichts.",
         MIDDLE, "boilerplate"),
        ("Jetzt Probeabo abschließen: vier Wochen für nur 1 Euro", MIDDLE, "boilerplate"),
        ("Nichts mehr verpassen aus der Region!\nMelden Sie sich jetzt für unseren kostenlosen "
         "Newsletter „Musterhausen am Abend“ an.\nE-Mail-Adresse\nJetzt anmelden", MIDDLE, "boilerplate"),
        ("Folgen Sie uns auf WhatsApp", MIDDLE, "boilerplate"),
        ("Push-Nachrichten aktivieren und keine Eilmeldung verpassen.", MIDDLE, "boilerplate"),
        ("Jetzt kostenlos registrieren und mitdiskutieren.", MIDDLE, "boilerplate"),
        ("Unser WhatsApp-Kanal: Die wichtigsten Meldungen direkt aufs Handy.", MIDDLE, "boilerplate"),
        ("Melden Sie sich hier für Eilmeldungen per E-Mail an.", MIDDLE, "boilerplate"),
        ("Lesen Sie auch: Neue Radwege für die Innenstadt", MIDDLE, "link_list"),
        ("Unabhängiger Journalismus braucht Sie. Unterstützen Sie uns mit einem freiwilligen "
         "Beitrag, damit alle Texte frei lesbar bleiben. Jetzt unterstützen", END, "boilerplate"),
        ("Damit wir auch morgen berichten können, brauchen wir Sie: Mit nur 5 Euro im Monat "
         "sichern Sie freien Zugang ohne Paywall für alle.", END, "boilerplate"),
        ("Alle Angaben ohne Gewähr.", END, "boilerplate"),
        ("© Musterblatt 2024", END, "boilerplate"),
        ("Alle Rechte vorbehalten", END, "boilerplate"),
        ("Impressum | Datenschutz | Kontakt", END, "boilerplate"),
        ("Schlagworte: Verkehr, Brücken, Musterhausen", END, "link_list"),
        ("Hinweis: Der Text wurde am Nachmittag aktualisiert.", END, "boilerplate"),
        ("(dpa)", END, "byline"),
        ("MBZ / ©dpa", END, "byline"),
        ("(afp, rtr, dpa)", END, "byline"),
        ("Foto: Max Bildner/dpa", MIDDLE, "caption"),
        ("Die Brücke im Morgennebel. Foto: Max Bildner/dpa", MIDDLE, "caption"),
        ("Bild: Der Bürgermeister am Rednerpult", MIDDLE, "caption"),
        ("Die Baustelle am Mühlbach (Archivbild). © Musterfoto/AFP", MIDDLE, "caption"),
        ("Von Max Muster", MIDDLE, "byline"),
        ("Von Max Muster und Erika Beispiel, Berlin", MIDDLE, "byline"),
        ("18. März 2024", MIDDLE, "dateline"),
        ("Montag, 21.10.2024, 14:05 Uhr", MIDDLE, "dateline"),
        ("Stand: 21.10.2024", MIDDLE, "dateline"),
    ],
)
def test_rule_families(snippet: str, where: str, kind: str) -> None:
    if where == TOP:
        record = record_of(snippet, HEADLINE, LEAD, BODY_1, BODY_2)
    elif where == MIDDLE:
        record = record_of(HEADLINE, LEAD, BODY_1, snippet, BODY_2)
    else:
        record = record_of(HEADLINE, LEAD, BODY_1, BODY_2, snippet)
    assert kind_of(record, snippet) == kind
    assert kind_of(record, BODY_1) == "body"
    assert kind_of(record, HEADLINE) == "headline"


def test_a_place_name_is_not_an_author_line() -> None:
    record = record_of(HEADLINE, BODY_1, "Von Musterhausen nach Beispielstadt", BODY_2)
    assert kind_of(record, "Von Musterhausen nach Beispielstadt") == "subheading"


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("Berlin taz | ", "Berlin taz |"),
        ("Kyjiw/Moskau taz | ", "Kyjiw/Moskau taz |"),
        ("BERLIN (dpa) - ", "BERLIN (dpa) -"),
        ("Frankfurt/Main (AFP) – ", "Frankfurt/Main (AFP) –"),
        ("Musterhausen. ", "Musterhausen."),
    ],
)
def test_datelines(opening: str, dateline: str) -> None:
    record = record_of(HEADLINE, opening + BODY_1, BODY_2)
    assert zones(record)[1:3] == [("dateline", dateline), ("body", BODY_1)]


def test_author_from_byline() -> None:
    record = record_of(HEADLINE, LEAD, "Von Max Muster, Musterhausen", BODY_1)
    assert record.author == "Max Muster"
    assert record_of(HEADLINE, BODY_1, author="Erika Beispiel").author == "Erika Beispiel"


# --- sections -----------------------------------------------------------------


def test_related_links_section_ends_at_a_subheading_with_text() -> None:
    record = record_of(
        HEADLINE, BODY_1, "Mehr zum Thema", "Neue Umgehungsstraße: Baubeginn verschoben",
        "Verkehrschaos: Was Pendler jetzt wissen müssen", "Umleitung über die Nordstraße", BODY_3,
    )
    assert kind_of(record, "Mehr zum Thema") == "link_list"
    assert kind_of(record, "Was Pendler jetzt wissen müssen") == "link_list"
    assert kind_of(record, "Umleitung über die Nordstraße") == "subheading"
    assert kind_of(record, BODY_3) == "body"


def test_lone_related_heading_is_boilerplate() -> None:
    record = record_of(HEADLINE, BODY_1, BODY_2, "Auch interessant")
    assert kind_of(record, "Auch interessant") == "boilerplate"


def test_tag_and_author_sections() -> None:
    record = record_of(HEADLINE, BODY_1, "Autoren", "Max Muster\nErika Beispiel",
                       "Themen", "Verkehr\nBrücken\nMusterhausen")
    assert zones(record)[2:] == [
        ("byline", "Autoren\n\nMax Muster\nErika Beispiel"),
        ("link_list", "Themen\n\nVerkehr\nBrücken\nMusterhausen"),
    ]
    assert record.author == "Max Muster, Erika Beispiel"


def test_block_of_many_short_lines_is_a_link_list() -> None:
    links = "Radwege in der Innenstadt\nNeue Buslinie ab Juni\nParkhaus wird teurer\nBaustellen im Überblick"
    record = record_of(HEADLINE, BODY_1, BODY_2, links)
    assert kind_of(record, "Parkhaus wird teurer") == "link_list"


def test_explanatory_box_runs_to_the_end() -> None:
    record = record_of(
        HEADLINE, BODY_1, BODY_2, "Erklärungen:",
        "Was ist der Mühlbach?\nDer Mühlbach ist ein Nebenfluss, der durch Musterhausen fließt.",
        "Hinweise:\nAlle Angaben ohne Gewähr.",
    )
    assert zones(record)[-1][0] == "boilerplate"
    assert zones(record)[-1][1].startswith("Erklärungen:")
    assert zones(record)[-1][1].endswith("Alle Angaben ohne Gewähr.")


@pytest.mark.parametrize("heading", ["MBZ-Kommentar:", "Kommentar", "Ein Kommentar von Max Muster", "Meinung"])
def test_editorial_block(heading: str) -> None:
    record = record_of(HEADLINE, BODY_1, BODY_2, "(dpa)", heading, "Eine Brücke ist mehr als Beton",
                       BODY_3, "Die Stadt hätte früher handeln müssen.", "Hinweise:", "Alle Angaben ohne Gewähr.")
    assert [kind for kind, _ in zones(record)] == [
        "headline", "body", "body", "byline", "editorial", "boilerplate"]
    editorial = zones(record)[4][1]
    assert editorial.startswith(heading) and editorial.endswith("früher handeln müssen.")


def test_background_box_after_the_editorial() -> None:
    record = record_of(HEADLINE, BODY_1, "MBZ-Kommentar:", BODY_2, "Hintergrund und Erklärungen:",
                       "Was ist der Mühlbach?\nDer Mühlbach ist ein Nebenfluss.",
                       "Hinweise:\nAlle Angaben ohne Gewähr.")
    assert [kind for kind, _ in zones(record)] == ["headline", "body", "editorial", "boilerplate"]
    assert zones(record)[-1][1].startswith("Hintergrund und Erklärungen:")
    # a "Hintergrund" subheading without a colon opens no box
    plain = record_of(HEADLINE, BODY_1, "Hintergrund", BODY_2)
    assert kind_of(plain, BODY_2) == "body"


def test_editorial_word_above_the_headline_is_a_kicker() -> None:
    record = record_of("Meinung", HEADLINE, BODY_1)
    assert zones(record)[0] == ("boilerplate", "Meinung")
    assert "editorial" not in {kind for kind, _ in zones(record)}


def test_reader_comments_form_one_zone_to_the_end() -> None:
    record = record_of(
        HEADLINE, BODY_1, BODY_2, "Mehr zum Thema", "3 Kommentare",
        "  • Endlich tut die Stadt etwas, die Brücke war seit Jahren ein Risiko.",
        "    Das sehe ich genauso.",
        "  • Und wer bezahlt die Umwege? Die Pendler natürlich.",
        "    • @Erika B.:\n\n      Die Stadt bezahlt nichts, wir alle bezahlen.",
    )
    comments = [text for kind, text in zones(record) if kind == "reader_comments"]
    assert len(comments) == 1
    assert comments[0].startswith("3 Kommentare") and comments[0].endswith("wir alle bezahlen.")
    assert kind_of(record, "Mehr zum Thema") == "boilerplate"


def test_comment_heading_without_count_needs_posts() -> None:
    with_posts = record_of(HEADLINE, BODY_1, "Kommentare", "• Gute Entscheidung.", "• @Max: Finde ich nicht.")
    assert kind_of(with_posts, "Gute Entscheidung") == "reader_comments"
    navigation = record_of(HEADLINE, "Kommentare", LEAD, BODY_1, BODY_2, "Kommentare")
    assert "reader_comments" not in {kind for kind, _ in zones(navigation)}
    assert zones(navigation)[1] == ("boilerplate", "Kommentare")
    assert zones(navigation)[-1] == ("boilerplate", "Kommentare")
    assert kind_of(navigation, LEAD) == "lead"


def test_html_comments_are_appended_as_reader_comments() -> None:
    record = record_of(HEADLINE, BODY_1, comments="Ein Leser:\r\nDas finde ich gut.\n\n\n\nNoch einer.")
    assert record.text.endswith(BODY_1 + "\n\nEin Leser:\nDas finde ich gut.\n\nNoch einer.")
    assert zones(record)[-1] == ("reader_comments", "Ein Leser:\nDas finde ich gut.\n\nNoch einer.")


def test_outlet_is_never_taken_from_reader_comments() -> None:
    record = record_of(HEADLINE, BODY_1, "2 Kommentare", "• Siehe tagesschau.de/inland", "• Genau.")
    assert record.outlet is None


@pytest.mark.parametrize(
    ("paragraph", "outlet"),
    [
        ("Berlin taz | " + BODY_1, "taz"),
        ("MBZ.news - News und Nachrichten aus Musterhausen\n\nOZD.news - Nachrichten zum Nachschlagen", "OZD"),
        (BODY_1 + " Das sagte er im Interview mit IPPEN.MEDIA.", "IPPEN.MEDIA"),
        ("Alle Artikel auf spiegel.de", "Spiegel"),
    ],
)
def test_outlet_detection(paragraph: str, outlet: str) -> None:
    assert record_of(HEADLINE, paragraph, BODY_2).outlet == outlet


@pytest.mark.parametrize(
    ("pages", "outlet"),
    [
        (["musterblatt.de -- " + HEADLINE, BODY_1], "musterblatt"),
        (["Zum Inhalt springen\nMBZ.news - Nachrichten aus dem Süden", HEADLINE, BODY_1], "MBZ.news"),
        ([HEADLINE, "Musterhausen blattwerk | " + BODY_1, BODY_2], "blattwerk"),
        ([HEADLINE, BODY_1, BODY_2, "MBZ-Kommentar:", BODY_3], "MBZ"),
    ],
)
def test_an_unknown_outlet_named_by_its_own_page(pages: list[str], outlet: str) -> None:
    assert record_of(*pages).outlet == outlet


# --- another outlet's page, end to end ----------------------------------------

NEWS_PAGE = f"""Zum Inhalt springen
Startseite › Politik › Deutschland

Anzeige

Brückensanierung

{HEADLINE} für ein Jahr

{LEAD}

Von Erika Beispiel

Teilen Facebook Twitter WhatsApp E-Mail

Musterhausen (dpa) - {BODY_1}

{BODY_2}

Mehr zum Thema

Neue Umgehungsstraße: Baubeginn verschoben

Verkehrschaos in der Innenstadt: Was Pendler jetzt wissen müssen

Umleitungen über die Nordstraße

{BODY_3}

Die Alte Brücke bei Nacht. Foto: Max Bildner/dpa

Newsletter
Melden Sie sich jetzt für unseren Morgen-Newsletter an und erfahren Sie, was heute wichtig ist.

Schlagworte: Musterhausen, Verkehr, Brücken

© Musterblatt GmbH 2024
Alle Rechte vorbehalten
Impressum · Datenschutz · Kontakt
"""


def test_other_outlet_page_comes_out_clean() -> None:
    record = record_of(NEWS_PAGE)
    assert record.title == HEADLINE + " für ein Jahr"
    assert record.author == "Erika Beispiel"
    article_kinds = {"headline", "lead", "body", "subheading"}
    article = " ".join(text for kind, text in zones(record) if kind in article_kinds)
    for chrome in ("Zum Inhalt", "Startseite", "Anzeige", "Teilen", "Mehr zum Thema", "Umgehungsstraße",
                   "Foto:", "Newsletter", "Schlagworte", "©", "Impressum", "(dpa)"):
        assert chrome not in article, chrome
    assert [text for kind, text in zones(record) if kind == "body"] == [BODY_1, BODY_2, BODY_3]
    assert kind_of(record, "Umleitungen über die Nordstraße") == "subheading"


# --- text-only table layout -----------------------------------------------------

WRAP = 60
TEXTONLY_PARAGRAPHS = [
    "Musterhausen taz | " + BODY_1,
    # The first line ends a sentence, but the long next word did not fit: one paragraph.
    "Der Gemeinderat stimmte am Abend ab und war sich einig. "
    "Verkehrsinfrastrukturfinanzierungsgesetz und Landesrecht gelten weiter.",
    BODY_2,
]


def frame(lines: list[str]) -> str:
    return "\n".join(f"| {line} | |" for line in lines)


def wrapped(paragraph: str, prefix: str = "") -> list[str]:
    lines = textwrap.wrap(paragraph, WRAP - len(prefix), break_on_hyphens=False, break_long_words=False)
    return [prefix + line for line in lines]


def textonly_page() -> str:
    lines = ["# musterblatt.de -- Verkehr: " + HEADLINE]
    lines += wrapped(LEAD, "> ")
    lines.append("Bild: Die Alte Brücke über den Mühlbach im Morgennebel, aufgenommen vom Ufer…")
    for paragraph in TEXTONLY_PARAGRAPHS[:2]:
        lines += wrapped(paragraph)
    lines.append("## Umleitung über die Nordstraße")
    lines += wrapped(TEXTONLY_PARAGRAPHS[2])
    lines += ["## LINKS", "[1] /Radwege-in-der-Innenstadt/!1234", "[2] /Neue-Buslinie/!5678"]
    lines += ["## AUTOREN", "Max Muster", "Erika Beispiel"]
    lines += ["## TAGS", "Verkehr", "Musterhausen"]
    return frame(lines)


def test_textonly_page_is_detected() -> None:
    assert textonly.is_textonly(textonly_page())
    assert not textonly.is_textonly("\n\n".join([HEADLINE, BODY_1, "| eine | Tabelle |"]))


def test_textonly_page_is_unwrapped_into_paragraphs() -> None:
    page = textonly_page()
    # Precondition: a wrapped line ends a sentence where the next word did not fit,
    # so only the fit test keeps that paragraph whole.
    inner = [line[2:-4] for line in page.split("\n")]
    assert any(
        line.endswith(".") and len(line) + 1 + len(nxt.split()[0]) > WRAP and not nxt.startswith("#")
        for line, nxt in zip(inner, inner[1:])
    )
    record = record_of(page)
    assert not any(line.startswith("|") or line.endswith("| |") for line in record.text.split("\n"))
    assert zones(record) == [
        ("boilerplate", "musterblatt.de --"),
        ("headline", "Verkehr: " + HEADLINE),
        ("lead", LEAD),
        ("caption", "Bild: Die Alte Brücke über den Mühlbach im Morgennebel, aufgenommen vom Ufer…"),
        ("dateline", "Musterhausen taz |"),
        ("body", BODY_1),
        ("body", TEXTONLY_PARAGRAPHS[1]),
        ("subheading", "Umleitung über die Nordstraße"),
        ("body", BODY_2),
        ("link_list", "LINKS\n\n[1] /Radwege-in-der-Innenstadt/!1234\n[2] /Neue-Buslinie/!5678"),
        ("byline", "AUTOREN\n\nMax Muster\nErika Beispiel"),
        ("link_list", "TAGS\n\nVerkehr\nMusterhausen"),
    ]
    assert (record.title, record.outlet, record.author) == (
        "Verkehr: " + HEADLINE, "taz", "Max Muster, Erika Beispiel")


def test_textonly_frame_keeps_a_pipe_that_is_text() -> None:
    page = frame(["Musterhausen taz | | |"[:-4], "Erste Zeile.", "Zweite Zeile."])
    assert textonly.unwrap(page)[0].text.startswith("Musterhausen taz |")


# --- properties -----------------------------------------------------------------

_PIECES = st.sampled_from([
    "\n", "\n\n", "\r\n", "\r", " ", "\t", "\xa0", "|", "| ", " | |", "#", "## ", "> ", "…", ".", ":",
    "„", "“", "•", "@", "©", "Kommentare", "4 Kommentare", "OZD-Kommentar:", "Hinweise:", "Foto: ",
    "Bild:", "taz | ", "Berlin taz |", "BERLIN (dpa) - ", "Anzeige", "Jetzt unterstützen", "## LINKS",
    "## TAGS", "Von Max Muster", "1. Startseite", "Mehr zum Thema", "piwik no script img", "taz.de -- ",
    "\u2028", "\x1c", "\x0b", "[/]", "\x1b[2J",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, comments=st.none() | _TEXT)
def test_clean_never_crashes_and_keeps_its_invariants(text: str, comments: str | None) -> None:
    record = clean(RawDocument(text=text, source="x.txt", comments=comments))
    assert_invariants(record)
    if not textonly.is_textonly(text.replace("\r\n", "\n").replace("\r", "\n")):
        # Nothing but whitespace is ever dropped.
        expected = "".join(text.split()) + "".join((comments or "").split())
        assert "".join(record.text.split()) == expected


# --- the table's shortcuts change no result ---------------------------------------

_PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _matches(rule: Rule, text: str) -> re.Match[str] | None:
    return rule.pattern.search(text) if rule.scope == "block" else rule.pattern.fullmatch(text)


def _rule_text(rule: Rule) -> st.SearchStrategy[str]:
    return st.from_regex(rule.pattern, fullmatch=rule.scope != "block")


def test_every_block_rule_names_the_words_it_needs() -> None:
    assert all(rule.needs for rule in RULES if rule.scope == "block")


@pytest.mark.parametrize("rule", [r for r in RULES if r.needs], ids=lambda rule: rule.reason)
@_PROPERTY
@given(data=st.data())
def test_what_a_rule_matches_holds_a_word_it_needs(rule: Rule, data: st.DataObject) -> None:
    match = _matches(rule, data.draw(_rule_text(rule)))
    assert match is not None
    if CASE_ODDITIES.search(match[0]) is None:
        assert any(word in match[0].lower() for word in rule.needs), match[0]


def test_case_oddities_are_the_letters_lowering_misses() -> None:
    """The words a rule needs are looked for in the lower-cased unit, its pattern
    matches them ignoring case: every character the pattern takes for one of their
    letters lower-cases to it, or switches the shortcut off."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    for char in {char for rule in RULES for word in rule.needs for char in word}:
        for other in re.findall(re.escape(char), everything, re.IGNORECASE):
            assert other.lower() == char or CASE_ODDITIES.fullmatch(other), (char, other)


def _first_rule_in_order(text: str, rules: tuple[Rule, ...]) -> Rule | None:
    """The plain reading of the table: each rule in turn, the first match wins."""
    return next((r for r in rules if len(text) <= r.max_len and _matches(r, text)), None)


_ANY_RULE_TEXT = st.one_of([_rule_text(rule) for rule in RULES if rule.scope != "prefix"])
_UNIT_TEXT = st.one_of(
    _ANY_RULE_TEXT,
    st.lists(_ANY_RULE_TEXT | _PIECES | st.text(max_size=12), max_size=4).map(" ".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=_UNIT_TEXT, case=st.sampled_from([str, str.upper, str.lower, str.title]))
def test_first_rule_is_the_first_of_the_table_that_matches(text: str, case) -> None:
    text = case(text)
    for rules in (UNIT_RULES, LINE_RULES):
        assert first_rule(text, rules) is _first_rule_in_order(text, rules.rules)


@pytest.mark.parametrize(
    ("pattern", "word"),
    [(p, w) for outlet in OUTLETS for p, w in zip(outlet.patterns, outlet.words) if w],
    ids=lambda value: getattr(value, "pattern", value),
)
@_PROPERTY
@given(data=st.data())
def test_an_outlet_pattern_read_as_a_word_matches_only_that_word(
    pattern: re.Pattern[str], word: str, data: st.DataObject
) -> None:
    match = pattern.search(data.draw(st.from_regex(pattern)))
    assert match is not None and match[0] == word


# --- large input ----------------------------------------------------------------


@pytest.mark.slow
def test_huge_single_paragraph_is_cleaned() -> None:
    sentence = "Der Stadtrat von Musterhausen tagte erneut bis spät in die Nacht (dpa). "
    paragraph = (sentence * (1_500_000 // len(sentence) + 1))[:1_500_000]
    record = clean(RawDocument(text=paragraph, source="big.txt"))
    assert record.text == paragraph.rstrip()
    assert [z.kind for z in record.zones] == ["body"]


@pytest.mark.slow
def test_many_short_hostile_lines_are_cleaned() -> None:
    lines = ["Teilen", "| a | |", "Von Max Muster", "4 Kommentare", "((((((((((", "....", "›"] * 40_000
    record = clean(RawDocument(text="\n".join(lines), source="big.txt"))
    assert_invariants(record)
