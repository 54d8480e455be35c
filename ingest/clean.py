"""Clean a `RawDocument` into an `ArticleRecord`: the article's text, nothing lost,
and zones that say what each part of it is.

The stored text keeps every character of the article, boilerplate included. The
only changes are layout: line endings, trailing whitespace on lines, runs of blank
lines collapsed to one, text-only table frames unwrapped (`ingest.textonly`), and
an HTML page's reader comments appended after a blank line.

Zones come from the pattern table in `ingest.zone_rules` (matched by
`ingest.zone_matching`) plus structural rules (`ingest.zone_classifier` and
`ingest.zone_shapes`: position of headline and lead, a kicker line above the
headline, a teaser set off by the byline or caption under it, short lines inside
the body, sections opened by a heading); `ingest.page_metadata` reads the outlet,
title and author off them. Every step is linear in the text's length.
"""

from __future__ import annotations

from parallax.ingest import textonly
from parallax.ingest.page_metadata import author_of, detect_outlet, site_outlet, title_of
from parallax.ingest.readers import RawDocument, normalise_newlines
from parallax.ingest.zone_classifier import Classifier
from parallax.ingest.zone_matching import LINE_RULES, first_rule
from parallax.ingest.zone_shapes import Unit
from parallax.store.records import ArticleRecord, Zone

_UNMERGED_KINDS = frozenset({"body", "subheading"})
"""Adjacent zones of any other kind merge into one (an editorial block, a box)."""


def clean(doc: RawDocument) -> ArticleRecord:
    """The article's text and zones; metadata from the reader wins over what the
    text shows. Sentences and entities are left to the NLP step."""
    text, units, comments_start = _layout(doc)
    zones = _merge(Classifier(text, units, doc.title).run())
    # the page's own zones say who wrote it and where: never a commenter's name
    article = [zone for zone in zones if zone.start < comments_start]
    outlet = detect_outlet(text, article)
    return ArticleRecord(
        text=text,
        source_path=doc.source,
        outlet=doc.outlet or (outlet.name if outlet else site_outlet(text, article)),
        title=doc.title or title_of(text, article, outlet),
        url=doc.url,
        published=doc.published,
        author=doc.author or author_of(text, article),
        zones=zones,
    )


# --- layout -------------------------------------------------------------------


def _layout(doc: RawDocument) -> tuple[str, list[Unit], int]:
    """The text, its units, and where the reader comments start in it."""
    raw = normalise_newlines(doc.text)
    marked = doc.marked
    if textonly.is_textonly(raw):
        blocks = [(block.text, block.hint) for block in textonly.unwrap(raw)]
    else:
        blocks = [(paragraph, marked.get(_squeezed(paragraph))) for paragraph in _paragraphs(raw)]
    article_blocks = len(blocks)
    if doc.comments:
        comments = _paragraphs(normalise_newlines(doc.comments))
        blocks += [(p, marked.get(_squeezed(p), "reader_comments")) for p in comments]
    units: list[Unit] = []
    offset = 0
    comments_start = -1
    for number, (block, hint) in enumerate(blocks):
        if number == article_blocks:
            comments_start = offset
        units.extend(_units(block, offset, hint))
        offset += len(block) + 2
    text = "\n\n".join(block for block, _ in blocks)
    return text, units, comments_start if comments_start >= 0 else len(text) + 1


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, trailing whitespace off every line."""
    paragraphs: list[str] = []
    current: list[str] = []
    for raw_line in text.split("\n"):
        line = raw_line.rstrip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _units(block: str, offset: int, hint: str | None) -> list[Unit]:
    """Split a block into units: a first line that is a heading or a known
    one-line pattern ("Zum Inhalt springen", "Hinweise:") stands on its own."""
    units = []
    pos = 0
    while True:
        start = pos
        while start < len(block) and block[start].isspace():
            start += 1
        newline = block.find("\n", start)
        if hint is None and newline != -1:
            first = block[start:newline]
            if first_rule(first, LINE_RULES) is not None:
                units.append(Unit(offset + start, offset + newline, first, None))
                pos = newline + 1
                continue
        units.append(Unit(offset + start, offset + len(block), block[start:], hint))
        return units



def _merge(zones: list[Zone]) -> list[Zone]:
    merged: list[Zone] = []
    for zone in zones:
        last = merged[-1] if merged else None
        if last is not None and last.kind == zone.kind and zone.kind not in _UNMERGED_KINDS:
            merged[-1] = Zone(last.start, zone.end, zone.kind)
        else:
            merged.append(zone)
    return merged
