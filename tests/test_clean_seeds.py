"""Cleaning the five real seed articles (read from ../shared/seeds, skipped when
absent; their text is never copied here: the checks use generic markers only)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parallax.ingest.clean import clean
from parallax.ingest.readers import read_path
from parallax.store.records import ArticleRecord
from zone_checks import assert_invariants

pytestmark = pytest.mark.seeds

ARTICLE_KINDS = ("headline", "lead", "body", "subheading", "editorial")
CHROME_MARKERS = (
    "piwik no script img",
    "Jetzt unterstützen",
    "unterstützen Sie",
    "taz zahl ich",
    "Mehr zum Thema",
    "Auch interessant",
    "Zum Inhalt springen",
    "Startseite",
    "Alle Angaben ohne Gewähr",
)
LINK_LINE = re.compile(r"^\[\d+\] /", re.MULTILINE)
SECTION_HEADING = re.compile(r"^(?:LINKS|AUTOREN|TAGS|ARTIKEL ZUM THEMA)$", re.MULTILINE)
SENTENCE_END = re.compile(r"[.!?][\"“”»«’)]*$")


@pytest.fixture(scope="module")
def records(seeds_dir: Path) -> dict[str, ArticleRecord]:
    result = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        (doc,) = read_path(path)
        result[path.name[:3]] = clean(doc)
    return result


def texts_of(record: ArticleRecord, *kinds: str) -> list[str]:
    return [record.text[z.start : z.end] for z in record.zones if z.kind in kinds]


def test_all_five_seeds_clean_with_valid_zones(records: dict[str, ArticleRecord]) -> None:
    assert sorted(records) == ["000", "001", "002", "003", "004"]
    for record in records.values():
        assert_invariants(record)
        assert len(texts_of(record, "headline")) == 1
        assert len(texts_of(record, "lead")) == 1
        assert texts_of(record, "body")
        assert record.title


def test_plain_seeds_lose_no_character(records: dict[str, ArticleRecord], seed_texts: dict[str, str]) -> None:
    for key in ("000", "001", "003", "004"):
        assert "".join(records[key].text.split()) == "".join(seed_texts[key].split())


def test_no_chrome_in_article_zones(records: dict[str, ArticleRecord]) -> None:
    for key, record in records.items():
        for text in texts_of(record, *ARTICLE_KINDS):
            for marker in CHROME_MARKERS:
                assert marker not in text, (key, marker)
            assert not LINK_LINE.search(text), key
            assert not SECTION_HEADING.search(text), key


def test_donation_appeals_are_boilerplate(records: dict[str, ArticleRecord]) -> None:
    for key in ("000", "003"):
        appeals = [t for t in texts_of(records[key], "boilerplate") if "Jetzt unterstützen" in t]
        assert appeals, key


def test_outlets(records: dict[str, ArticleRecord]) -> None:
    assert {key: r.outlet for key, r in records.items()} == {
        "000": "taz", "001": "OZD", "002": "taz", "003": "taz", "004": "IPPEN.MEDIA"}


def test_seed_000_reader_comments_are_one_zone_to_the_end(records: dict[str, ArticleRecord]) -> None:
    record = records["000"]
    comments = [z for z in record.zones if z.kind == "reader_comments"]
    assert len(comments) == 1
    zone = comments[0]
    text = record.text[zone.start : zone.end]
    assert re.match(r"\d+ Kommentare\n", text)
    assert text.count("•") >= 4 and re.search(r"• @\w", text)
    assert zone.end == len(record.text)
    assert record.zones[-1] == zone


def test_seed_000_caption_dateline_and_title(records: dict[str, ArticleRecord]) -> None:
    record = records["000"]
    assert re.search(r"Foto: \S", texts_of(record, "caption")[0])
    assert texts_of(record, "dateline") == ["Berlin taz |"]
    assert ": " in record.title  # the glued kicker is split off in the title


def test_seed_001_editorial_block(records: dict[str, ArticleRecord]) -> None:
    record = records["001"]
    kinds = [z.kind for z in record.zones]
    assert kinds.count("editorial") == 1
    index = kinds.index("editorial")
    editorial = texts_of(record, "editorial")[0]
    assert editorial.startswith("OZD-Kommentar:")
    assert editorial.count("\n\n") >= 3
    assert kinds[index - 1] == "byline" and kinds[index + 1] == "boilerplate"
    assert "Hinweise:" not in editorial and "Biographien" not in editorial
    assert kinds[index + 1 :] == ["boilerplate"]  # the explanatory box runs to the end
    assert record.zones[-1].end == len(record.text)


def test_seed_002_is_unwrapped(records: dict[str, ArticleRecord], seed_texts: dict[str, str]) -> None:
    record = records["002"]
    raw_lines = [line for line in seed_texts["002"].split("\n") if line]
    assert all(line.startswith("|") for line in raw_lines)  # the layout this test is about
    for line in record.text.split("\n"):
        assert not line.startswith("|") and not line.endswith("|"), line
    bodies = texts_of(record, "body")
    assert len(bodies) >= 10
    for paragraph in bodies:
        assert "\n" not in paragraph
        assert SENTENCE_END.search(paragraph), paragraph[-40:]
    headline, lead = texts_of(record, "headline")[0], texts_of(record, "lead")[0]
    assert not headline.startswith(("#", "taz.de")) and not lead.startswith(">")
    assert record.title == headline
    assert len(texts_of(record, "subheading")) == 3
    assert texts_of(record, "dateline")[0].endswith("taz |")


def test_seed_002_sections_keep_one_item_per_line(records: dict[str, ArticleRecord]) -> None:
    record = records["002"]
    link_lists = texts_of(record, "link_list")
    assert link_lists[0].startswith("LINKS\n\n")
    assert all(LINK_LINE.match(line) for line in link_lists[0].split("\n")[2:])
    assert link_lists[-1].startswith("TAGS\n\n") and "\n\nARTIKEL ZUM THEMA\n\n" in link_lists[-1]
    (byline,) = texts_of(record, "byline")
    assert byline.startswith("AUTOREN\n\n")
    assert record.author == ", ".join(byline.split("\n")[2:])


def test_seed_004_navigation_words_are_not_comments(records: dict[str, ArticleRecord]) -> None:
    record = records["004"]
    assert not texts_of(record, "reader_comments")
    chrome = texts_of(record, "boilerplate")
    assert chrome[0].startswith("1. Startseite") and chrome[0].endswith("Kommentare")
    assert chrome[-1].endswith("Kommentare") and record.zones[-1].kind == "boilerplate"
    (caption,) = texts_of(record, "caption")
    assert caption.count("\n") == 1 and "©" in caption
