"""Zone rules for patterns of German news pages met on other outlets' pages
(issue 12, "Clean text"): made-up pages, one per rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_clean import BODY_1, BODY_2, BODY_3, HEADLINE, LEAD, kind_of, record_of, zones
from test_readers import read_one, write

from parallax.ingest.clean import clean

PRICE = (
    "Das zweijährige Abo kostet ab dem 1. November pro Monat nur 2,49 Euro, statt wie sonst "
    "3,10 Euro. Insgesamt werden für 27 Monate folglich knapp 70 Euro fällig."
)


def test_a_paragraph_reporting_a_price_is_article_text() -> None:
    record = record_of(HEADLINE, LEAD, BODY_1, PRICE, BODY_2)
    assert kind_of(record, PRICE) == "body"


@pytest.mark.parametrize(
    "offer",
    [
        "Jetzt Probeabo abschließen: vier Wochen für nur 1 Euro",
        "Lesen Sie 10 Wochen lang die digitale Ausgabe und die Wochenendausgabe zusätzlich auf Papier.",
        "Testen Sie 30 Tage gratis alle Artikel auf musterblatt.de.",
    ],
)
def test_offers_that_ask_the_reader_to_act_stay_boilerplate(offer: str) -> None:
    record = record_of(HEADLINE, LEAD, BODY_1, BODY_2, offer)
    assert kind_of(record, offer) == "boilerplate"


def test_an_advertising_label_with_its_teaser_is_boilerplate() -> None:
    ad = "ANZEIGE - Heute mal ausgehen oder bestellen? Wie wäre es mit:"
    record = record_of(HEADLINE, LEAD, BODY_1, ad, BODY_2)
    assert kind_of(record, ad) == "boilerplate"
    assert kind_of(record, BODY_2) == "body"


def test_a_zur_person_box_is_article_text_and_the_article_goes_on() -> None:
    box = "Hanna Beispiel ist Ingenieurin und leitet seit 2019 das Brückenbauamt der Stadt."
    record = record_of(HEADLINE, LEAD, BODY_1, "Zur Person", box, "Wie es weitergeht", BODY_2)
    assert kind_of(record, "Zur Person") == "subheading"
    assert kind_of(record, box) == "body"
    assert kind_of(record, BODY_2) == "body"


def test_the_author_box_under_a_comment_is_byline() -> None:
    bio = (
        "Schreibt seit 2008 für das Musterblatt. Beschäftigt sich mit Verkehr und Städtebau. "
        "War Korrespondentin in Kiel."
    )
    record = record_of(HEADLINE, LEAD, BODY_1, BODY_2, "Kommentar von", "Erika Beispiel",
                       "Redakteurin für Verkehr", bio)
    for part in ("Kommentar von", "Erika Beispiel", "Redakteurin für Verkehr", bio):
        assert kind_of(record, part) == "byline"
    assert kind_of(record, BODY_2) == "body"


@pytest.mark.parametrize(
    "link",
    ["Lesen Sie hier: Neue Radwege für die Innenstadt", "Mehr dazu: Der Stadtrat tagt im Herbst"],
)
def test_inline_links_to_other_articles(link: str) -> None:
    record = record_of(HEADLINE, LEAD, BODY_1, link, BODY_2)
    assert kind_of(record, link) == "link_list"
    assert kind_of(record, BODY_2) == "body"


@pytest.mark.parametrize(
    "heading", ["Beiträge aus dem Forum", "Interessante Links", "Weitere Informationen zum Brückenbau:"]
)
def test_headings_of_link_sections(heading: str) -> None:
    record = record_of(HEADLINE, LEAD, BODY_1, BODY_2, heading, "Radwege in der Innenstadt",
                       "Neue Buslinie ab Juni")
    assert kind_of(record, heading) == "link_list"
    assert kind_of(record, "Neue Buslinie ab Juni") == "link_list"


def test_a_list_the_article_introduces_with_a_colon_is_article_text() -> None:
    ingredients = "1 Würfelzucker\n2 Spritzer Bitter\n1 TL Wasser\n5 cl Whiskey"
    record = record_of(HEADLINE, LEAD, BODY_1, "Aber erst einmal der Reihe nach:", ingredients, BODY_3)
    assert kind_of(record, "2 Spritzer Bitter") == "body"
    lone = record_of(HEADLINE, LEAD, BODY_1, BODY_2, ingredients)
    assert kind_of(lone, "2 Spritzer Bitter") == "link_list"


def test_link_list_detection_does_not_eat_the_title_block() -> None:
    block = "Havarie im Kanal\nFrachter blockiert den Nord-Ostsee-Kanal\nVon Max Muster\n18. März 2024"
    record = record_of(block, LEAD, BODY_1, BODY_2, title="Frachter blockiert den Nord-Ostsee-Kanal")
    assert kind_of(record, "Frachter blockiert") != "link_list"
    assert ("link_list", block) not in zones(record)


@pytest.mark.parametrize(("line", "kind"), [
    ("Fotocredit: SID", "caption"),
    ("Bildquelle: Musterfoto/Erika Beispiel", "caption"),
    ("Ad", "boilerplate"),
    ("Advertisement", "boilerplate"),
])
def test_credit_lines_and_advertising_labels(line: str, kind: str) -> None:
    record = record_of(HEADLINE, LEAD, BODY_1, line, BODY_2)
    assert kind_of(record, line) == kind


# --- HTML pages ---------------------------------------------------------------

LAYOUT_TABLE_PAGE = f"""<html><head><title>{HEADLINE}</title></head><body>
<table><tr>
<td><h2>Suche</h2><p>Suchen Sie in über 50000 Artikeln:</p><h3>Meistgelesen</h3></td>
<td><h1>{HEADLINE}</h1><p>vor 3 Stunden in Lokales</p><p>{BODY_1}</p><p>{BODY_2}</p><p>{BODY_3}</p></td>
</tr></table></body></html>"""


def test_a_layout_table_is_read_as_its_cells_blocks(tmp_path: Path) -> None:
    """Old pages lay the page out in a table: a cell with headings and paragraphs
    is a column of the page, not a table cell to print in one row."""
    record = clean(read_one(write(tmp_path, "seite.html", LAYOUT_TABLE_PAGE)))
    assert [kind_of(record, body) for body in (BODY_1, BODY_2, BODY_3)] == ["body"] * 3
    assert "|" not in record.text
    # the column beside the article's is the page's menu
    for chrome in ("Suchen Sie in über 50000 Artikeln:", "Meistgelesen"):
        assert kind_of(record, chrome) == "boilerplate"


def test_a_data_table_with_paragraphs_in_its_cells_stays_a_table(tmp_path: Path) -> None:
    rows = "".join(
        f"<tr><td><p>{rank}.</p></td><td><p>{team}</p></td><td><p>{points} Pkt</p></td></tr>"
        for rank, team, points in [(1, "Musterhausen", 28), (2, "Beispielstadt", 26), (3, "Kleinstadt", 21)]
    )
    page = LAYOUT_TABLE_PAGE.replace("<table>", f"<table>{rows}</table><table>")
    record = clean(read_one(write(tmp_path, "seite.html", page)))
    assert "| 2. | Beispielstadt | 26 Pkt |" in record.text


FACT_BOX = (
    "Der Brückenbauverein Musterhausen wurde 1902 gegründet und hat heute rund 400 Mitglieder. "
    "Er pflegt die historischen Brücken der Stadt und finanziert Gutachten aus Spenden."
)


@pytest.mark.parametrize("box_class", ["infobox", "article-factbox", "pane-artikel-infokasten"])
def test_a_box_the_page_calls_an_info_box_is_boilerplate(tmp_path: Path, box_class: str) -> None:
    """Like a box under an "Info" or "Hintergrund" heading: background the page adds,
    not the article's text, wherever the page puts it."""
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
        f'<div class="{box_class}"><h3>Der Verein</h3><p>{FACT_BOX}</p></div>'
        f"<p>{BODY_1}</p><p>{BODY_2}</p><p>{BODY_3}</p></article></body></html>"
    )
    record = clean(read_one(write(tmp_path, "seite.html", page)))
    assert kind_of(record, FACT_BOX) == "boilerplate"
    assert [kind_of(record, body) for body in (BODY_1, BODY_2, BODY_3)] == ["body"] * 3


@pytest.mark.parametrize(
    "note",
    [
        "Dies ist Teil 2 zum Text „Brücken in Gefahr“, der vergangene Woche im Musterblatt erschienen ist.",
        "Das ist der dritte Teil unserer Serie über die Brücken der Stadt.",
        "Dieser Beitrag ist Teil einer Serie über marode Bauwerke in Norddeutschland.",
        "Teil 1 der Serie lesen Sie hier: Die Brücke, die niemand baute",
    ],
)
def test_a_note_pointing_to_another_part_of_a_series_links_elsewhere(note: str) -> None:
    record = record_of(HEADLINE, LEAD, BODY_1, BODY_2, note, BODY_3)
    assert kind_of(record, note) == "link_list"
    assert kind_of(record, BODY_3) == "body"


@pytest.mark.parametrize(
    "sentence",
    [
        "Ein Teil der Pendler weicht auf die Bahn aus.",
        "Dies ist Teil des Problems, sagt der Bürgermeister.",
    ],
)
def test_a_part_in_running_text_is_no_series_note(sentence: str) -> None:
    record = record_of(HEADLINE, LEAD, BODY_1, sentence, BODY_2)
    assert kind_of(record, sentence) == "body"


def test_the_headline_is_the_h1_the_page_title_names(tmp_path: Path) -> None:
    """Teaser cards of other articles may carry an <h1> of their own, before the
    article's: the page's <title> says which one is the article's."""
    page = (
        f"<html><head><title>{HEADLINE} | Musterblatt</title></head><body>"
        "<article class='card'><h1>Zoos sind Auslaufmodelle</h1><p>Ein Besuch im Tierpark.</p></article>"
        f"<article><h1>{HEADLINE}</h1><p>{BODY_1}</p><p>{BODY_2}</p><p>{BODY_3}</p></article>"
        "</body></html>"
    )
    record = clean(read_one(write(tmp_path, "seite.html", page)))
    assert record.title == HEADLINE
    assert zones(record)[0] == ("headline", HEADLINE)


LEAD_TEXT = (
    "Die Alte Brücke über den Mühlbach ist marode und wird ab Montag für ein Jahr gesperrt. "
    "Pendler müssen mit langen Umwegen rechnen, die Stadt verspricht zusätzliche Busse."
)


@pytest.mark.parametrize("lead_class", ["article-intro", "entry-excerpt", "story-lead-text", "ts-intro"])
def test_the_lead_the_extractor_drops_is_put_back_under_the_headline(tmp_path: Path, lead_class: str) -> None:
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body><article>"
        f'<header><h1>{HEADLINE}</h1><div class="{lead_class}"><p>{LEAD_TEXT}</p></div></header>'
        f'<div class="article-body"><p>{BODY_1}</p><p>{BODY_2}</p><p>{BODY_3}</p></div>'
        "</article></body></html>"
    )
    record = clean(read_one(write(tmp_path, "seite.html", page)))
    assert zones(record)[:2] == [("headline", HEADLINE), ("lead", LEAD_TEXT)]
    assert record.text.count(LEAD_TEXT) == 1


def test_teasers_below_the_start_of_the_article_and_captions_are_no_lead(tmp_path: Path) -> None:
    other = (
        "Im Nachbarort wird das Freibad saniert und soll im nächsten Sommer wieder öffnen. "
        "Die Gemeinde rechnet mit Kosten von zwei Millionen Euro."
    )
    caption = "Die Alte Brücke über den Mühlbach am Freitagmorgen, kurz vor der Sperrung durch die Stadt."
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body><article>"
        f'<header><h1>{HEADLINE}</h1><div class="teaser-media"><figure><img src="b.jpg">'
        f'<figcaption class="description">{caption}</figcaption></figure></div></header>'
        f'<div class="article-body"><p>{BODY_1}</p><p>{BODY_2}</p><p>{BODY_3}</p></div></article>'
        f'<div class="related"><h2>Mehr aus der Region</h2><div class="teaser-intro"><p>{other}</p></div></div>'
        "</body></html>"
    )
    record = clean(read_one(write(tmp_path, "seite.html", page)))
    assert not any(kind == "lead" and (other in text or caption in text) for kind, text in zones(record))


NEXT_LEAD = (
    "Von der Stadtgeschichte meist übersehen, haben Frauen die ersten Brücken der Region "
    "geplant. Ein Archivfund gibt ihnen nun ihre Namen zurück."
)
NEXT_BODY = (
    "Geht man auf die Anfänge des Brückenbaus im Kreis zurück, erscheint er als reine "
    "Männersache. Doch in den Bauakten tauchen immer wieder dieselben Namen von Frauen auf, "
    "die Pläne zeichneten und Statiken berechneten."
)


@pytest.mark.parametrize("above_lead", ["", "<h2>Das Wichtigste in Kürze</h2>"])
def test_the_opening_of_the_next_article_on_the_page_is_boilerplate(tmp_path: Path, above_lead: str) -> None:
    """Pages that scroll on into the next article show its title, lead and first
    paragraphs under the article: a lead under another headline (the article's own
    lead may have a heading of its own)."""
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body><div class='story'>"
        f"<h1>{HEADLINE}</h1>{above_lead}<p class='lead'>{LEAD_TEXT}</p><p>{BODY_1}</p><p>{BODY_2}</p><p>{BODY_3}</p>"
        "<div><div><h2>Die vergessenen Brückenbauerinnen</h2>"
        f"<p class='lead'>{NEXT_LEAD}</p><p>{NEXT_BODY}</p></div></div></div></body></html>"
    )
    record = clean(read_one(write(tmp_path, "seite.html", page)))
    assert kind_of(record, LEAD_TEXT) == "lead"
    assert [kind_of(record, body) for body in (BODY_1, BODY_2, BODY_3)] == ["body"] * 3
    article = [text for kind, text in zones(record) if kind in ("headline", "lead", "body", "subheading")]
    assert not any(NEXT_LEAD in text or NEXT_BODY in text for text in article)
