"""What an article's text and zones say about it: the outlet, the title, the author."""

from __future__ import annotations

import re

from parallax.ingest.zone_rules import (
    AUTHOR_HEADING,
    BRAND_TLDS,
    BYLINE_NAME,
    DATELINE_BRAND,
    EDITORIAL_BRAND,
    OUTLETS,
    SITE_NAME,
    Outlet,
)
from parallax.store.records import Zone

_CHROME_KINDS = frozenset({"boilerplate", "dateline", "byline", "link_list", "caption"})
_GLUED_KICKER = re.compile(r"(?<=[a-zäöüß]{3})(?=[A-ZÄÖÜ][a-zäöüß]{2})")


def detect_outlet(text: str, zones: list[Zone]) -> Outlet | None:
    """The outlet the page names in its own chrome first, then anywhere outside
    the readers' comments (which may name other outlets)."""
    chrome = "\n".join(text[z.start : z.end] for z in zones if z.kind in _CHROME_KINDS)
    article = "\n".join(text[z.start : z.end] for z in zones if z.kind != "reader_comments")
    for haystack in (chrome, article):
        for outlet in OUTLETS:
            for pattern, word in zip(outlet.patterns, outlet.words):
                if (word is None or word in haystack) and pattern.search(haystack):
                    return outlet
    return None


def site_outlet(text: str, zones: list[Zone]) -> str | None:
    """An outlet no table entry knows, named by the page itself: the site name
    opening the page ("nordwelle.de -- ", "OSD.news - …"), the dateline
    ("Kiel nordwelle |"), or the heading of its own comment ("OSD-Kommentar:")."""
    chrome = [text[z.start : z.end] for z in zones if z.kind in ("boilerplate", "dateline")]
    for block in chrome:
        if match := SITE_NAME.search(block):
            site, tld = match["site"], match["tld"]
            return f"{site}.{tld}" if tld.lower() in BRAND_TLDS else site
    for zone in zones:
        if zone.kind == "dateline":
            if match := DATELINE_BRAND.fullmatch(text[zone.start : zone.end]):
                return match["brand"]
    for zone in zones:
        if zone.kind == "editorial":
            if match := EDITORIAL_BRAND.match(text, zone.start, zone.end):
                return match["brand"]
    return None


def title_of(text: str, zones: list[Zone], outlet: Outlet | None) -> str | None:
    headline = next((z for z in zones if z.kind == "headline"), None)
    if headline is None:
        return None
    lines = [" ".join(line.split()) for line in text[headline.start : headline.end].split("\n")]
    lines = [line for line in lines if line]
    if len(lines) == 2:
        # kicker and headline: "Havarie im Nord-Ostsee-Kanal: Frachter blockiert den Kanal"
        kicker, rest = lines
        return f"{kicker} {rest}" if kicker.endswith(":") else f"{kicker}: {rest}"
    title = " ".join(lines)
    if outlet is not None and outlet.glued_kicker:
        title = _split_glued_kicker(title)
    return title


def _split_glued_kicker(title: str) -> str:
    """"Marode BauwerkeMusterhausen sperrt die Brücke" → "Marode Bauwerke:
    Musterhausen sperrt die Brücke" (the page's kicker, glued on without a space)."""
    for match in _GLUED_KICKER.finditer(title):
        kicker, headline = title[: match.start()], title[match.start() :]
        if " " in kicker and " " in headline:
            return f"{kicker}: {headline}"
    return title


def author_of(text: str, zones: list[Zone]) -> str | None:
    for zone in zones:
        if zone.kind != "byline":
            continue
        lines = [line.strip() for line in text[zone.start : zone.end].split("\n")]
        if AUTHOR_HEADING.fullmatch(lines[0]):
            names = [line for line in lines[1:] if line]
            if names:
                return ", ".join(names)
        match = BYLINE_NAME.match(lines[0])
        if match:
            return match["name"]
    return None
