"""A small story of three outlets for the link, comparison and grouping tests:
the same claim with different figures, one speaker quoted directly and
indirectly, and a claim one outlet leaves out."""

from __future__ import annotations

from sqlite_utils import Database

from parallax.store import annotations
from parallax.store.articles import add_articles
from parallax.store.records import ArticleRecord, EntitySpan, Zone

STORY = "Kanal"
TEXTS = {
    "Nord": ("Das 170 Meter lange Schiff sank am Dienstag. „Wir hatten keine Chance“, sagte Lotse Henning Brandt. "
             "Rund 240 Schiffe warteten."),
    "Süd": ("Das 168 Meter lange Schiff sank am Dienstag. Lotse Brandt sagte, man habe keine Chance gehabt. "
            "Rund 240 Schiffe warteten vor Kiel."),
    "West": "Das 172 Meter lange Schiff sank. Die Reederei Nordlicht schweigt.",
}


def _entities(text: str) -> list[EntitySpan]:
    found = []
    for name, label in (("Henning Brandt", "PER"), ("Brandt", "PER"), ("Kiel", "LOC"), ("Nordlicht", "ORG")):
        start = text.find(name)
        if start >= 0 and not any(e.start <= start < e.end for e in found):
            found.append(EntitySpan(start, start + len(name), label, name))
    return found


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for index, char in enumerate(text):
        if char == "." and (index + 1 == len(text) or text[index + 1] == " "):
            spans.append((start, index + 1))
            start = index + 2
    return spans


def build_story(db: Database) -> dict[str, int]:
    """outlet → article id."""
    records = [ArticleRecord(text=text, source_path=f"{outlet}.txt", outlet=outlet, title=f"{outlet} berichtet",
                             zones=[Zone(0, len(text), "body")], sentences=_sentences(text),
                             entities=_entities(text), entity_source="test")
               for outlet, text in TEXTS.items()]
    stored = add_articles(db, STORY, records)
    return {outlet: s.article_id for outlet, s in zip(TEXTS, stored)}


def tag(db: Database, article_ids: dict[str, int], outlet: str, piece: str, label: str,
        annotator: str = "anna", **attrs) -> str:
    """Annotate `piece` (found in the outlet's text) and return the annotation id."""
    start = TEXTS[outlet].index(piece)
    return annotations.add(db, article_ids[outlet], start, start + len(piece), label, annotator,
                           attrs=attrs or None)["id"]
