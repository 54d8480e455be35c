"""HTML import of real and made-up news pages: the article, not the readers' forum,
is the main text; the kicker and headline open it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_readers import read_one, write

from parallax.ingest.clean import clean
from parallax.ingest.html_reader import _article_among_comments

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "extraction-de"
TAZ = "taz.de.siemens.html"

HEADLINE = "Freibad bleibt den ganzen Sommer zu"
ARTICLE = "\n\n".join([
    "Badesaison",
    HEADLINE,
    "Der Stadtrat von Kleinstadt hat beschlossen, das Freibad nicht zu öffnen.",
    "„Wir hätten gern anders entschieden“, sagte die Bürgermeisterin nach der Sitzung.",
])
FORUM = "\n\n".join([
    "Bitte registrieren Sie sich und halten Sie sich an unsere Netiquette.",
    "Ein Skandal ist das, das Freibad war immer so schön.",
    "@Badenixe Da haben Sie recht, aber das Geld fehlt eben.",
    "@Kleinstädter Das Geld fehlt nie für die Umgehungsstraße.",
    "Endlich eine vernünftige Entscheidung des Stadtrats.",
    "@Badenixe Und wer zahlt die Sanierung?",
])


def test_an_article_filed_among_the_comments_of_a_forum_is_recognised() -> None:
    assert _article_among_comments(FORUM, ARTICLE, HEADLINE)


@pytest.mark.parametrize(
    ("text", "comments"),
    [
        (ARTICLE, FORUM),  # the usual order
        (FORUM.replace("@", ""), ARTICLE),  # no replies: nothing says the body is a forum
        (FORUM, "Kommentare\n\n" + FORUM),  # no headline among the comments
    ],
)
def test_no_swap_without_both_signs(text: str, comments: str) -> None:
    assert not _article_among_comments(text, comments, HEADLINE)


def test_a_lower_heading_right_before_the_h1_is_the_kicker(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Freibad</title></head><body><article>"
        f"<h4>Badesaison in Kleinstadt</h4><h1>{HEADLINE}</h1>"
        "<p>Der Stadtrat von Kleinstadt hat am Dienstag beschlossen, das Freibad wegen des "
        "anhaltenden Regens bis auf Weiteres zu schließen. Die Bürgermeisterin bedauerte das.</p>"
        "<p>„Wir hätten gern anders entschieden“, sagte sie nach der Sitzung. Die Badegäste "
        "müssen nun in die Nachbarstadt ausweichen, die ihr Hallenbad länger öffnen will.</p>"
        "</article></body></html>"
    )
    doc = read_one(write(tmp_path, "seite.html", page))
    assert doc.title == f"Badesaison in Kleinstadt: {HEADLINE}"
    assert doc.text.startswith(f"Badesaison in Kleinstadt\n{HEADLINE}\n\n")
    record = clean(doc)
    assert record.zones[0].kind == "headline"


@pytest.fixture(scope="module")
def taz_page() -> dict:
    gold = CORPUS / "gold.jsonl"
    if not (CORPUS / "html" / TAZ).is_file() or not gold.is_file():
        pytest.skip(f"extraction corpus not found at {CORPUS}")
    return next(p for p in map(json.loads, gold.read_text(encoding="utf-8").splitlines()) if p["file"] == TAZ)


def test_taz_page_article_in_body_and_forum_in_reader_comments(taz_page: dict) -> None:
    record = clean(read_one(CORPUS / "html" / TAZ))

    def text(*kinds: str) -> str:
        return " ".join(" ".join(record.text[z.start : z.end].split()) for z in record.zones if z.kind in kinds)

    article, forum = text("headline", "lead", "body"), text("reader_comments")
    for snippet in taz_page["with"]:
        assert " ".join(snippet.split()) in article, snippet
    for snippet in taz_page["without"]:
        assert " ".join(snippet.split()) not in article, snippet
    # the forum: dozens of posts, many of them replies ("@Name …"), none in the article
    start = next(i for i, z in enumerate(record.zones) if z.kind == "reader_comments")
    assert {z.kind for z in record.zones[start:]} == {"reader_comments", "byline"}  # posts, names
    posts = record.text[record.zones[start].start :].split("\n\n")
    assert len(posts) >= 40 and sum(post.startswith("@") for post in posts) >= 10
    assert not any(record.text.startswith("@", z.start) for z in record.zones if z.kind != "reader_comments")
    assert len(forum) > 2 * len(article)
    assert record.zones[0].kind == "headline"


PAGE_WITH_EXTRAS = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Freibad bleibt zu | Musterblatt</title></head>
<body><article>
<h1>Freibad bleibt den ganzen Sommer zu</h1>
<div class="article-byline">Von <span class="author">Erika Beispiel</span>, Kleinstadt</div>
<figure><img src="bad.jpg" alt=""><figcaption>Das leere Becken am Montagmorgen.</figcaption></figure>
<p>Der Stadtrat von Kleinstadt hat am Dienstag beschlossen, das Freibad wegen des
anhaltenden Regens bis auf Weiteres zu schließen. Die Bürgermeisterin bedauerte das.</p>
<p>„Wir hätten gern anders entschieden“, sagte sie nach der Sitzung. Die Badegäste
müssen nun in die Nachbarstadt ausweichen, die ihr Hallenbad länger öffnen will.</p>
<p>Die Nachbarstadt rechnet mit doppelt so vielen Besuchern wie sonst. Der Bademeister
kündigte zusätzliche Schichten an, damit alle Gäste sicher schwimmen können.</p>
</article>
<section id="comments"><h3>2 Kommentare</h3>
<div class="comment"><div class="comment-author">Badenixe</div>
<p>Ein Skandal ist das, das Freibad war immer so schön und jetzt ist es zu.</p></div>
<div class="comment"><span class="username">Kleinstädter</span>
<p>Endlich eine vernünftige Entscheidung des Stadtrats, finde ich gut.</p></div>
</section></body></html>
"""


def test_html_keeps_caption_byline_and_commenters_names_as_zones(tmp_path: Path) -> None:
    record = clean(read_one(write(tmp_path, "seite.html", PAGE_WITH_EXTRAS)))
    zones = [(z.kind, record.text[z.start : z.end]) for z in record.zones]
    assert ("caption", "Das leere Becken am Montagmorgen.") in zones
    assert ("byline", "Von Erika Beispiel, Kleinstadt") in zones
    assert ("byline", "Badenixe") in zones and ("byline", "Kleinstädter") in zones
    first_comment = next(i for i, (kind, _) in enumerate(zones) if kind == "reader_comments")
    assert zones.index(("byline", "Badenixe")) > first_comment
    assert record.author == "Erika Beispiel"  # never a commenter
    assert record.text.count("Erika Beispiel") == 1 and record.text.count("Badenixe") == 1


def test_a_heading_styled_like_a_caption_is_no_caption(tmp_path: Path) -> None:
    teaser = "Eigentlich sollte das Freibad im Mai öffnen, doch der Regen hat alles verändert."
    page = PAGE_WITH_EXTRAS.replace(
        '<div class="article-byline">',
        f'<img src="top.jpg" alt=""><h2 class="hero-teaser caption-large">{teaser}</h2><div class="article-byline">',
    )
    doc = read_one(write(tmp_path, "seite.html", page))
    assert doc.marked.get(teaser) != "caption"  # a teaser under the headline: the lead
    assert doc.marked["Das leere Becken am Montagmorgen."] == "caption"


def test_a_byline_in_the_article_header_is_kept_under_the_headline(tmp_path: Path) -> None:
    page = PAGE_WITH_EXTRAS.replace(
        f"<h1>{HEADLINE}</h1>\n<div class=\"article-byline\">Von <span class=\"author\">Erika Beispiel</span>, Kleinstadt</div>",
        f'<header><h1>{HEADLINE}</h1><p class="byline">Von <span class="author">Erika Beispiel</span> · '
        '<time datetime="2024-05-03">3. Mai 2024</time></p></header>',
    )
    assert "<header>" in page
    record = clean(read_one(write(tmp_path, "seite.html", page)))
    assert [z.kind for z in record.zones[:2]] == ["headline", "byline"]
    assert record.text[record.zones[1].start : record.zones[1].end] == "Von Erika Beispiel · 3. Mai 2024"
