"""What a unit of an article looks like, by its shape rather than its words:
headline, kicker, lead, teaser, subheading, caption printed twice, a list of short
lines. The limits are those of German news pages in general."""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADLINE_MAX = 200
KICKER_MAX = 80
KICKER_MAX_WORDS = 8
"""A kicker (Dachzeile) above the headline is a few words: "Havarie im Nord-Ostsee-Kanal"."""
LEAD_MAX = 400
LEAD_MAX_SENTENCES = 2
"""A teaser is short: one or two sentences."""
TEASER_MAX = 600
TEASER_MAX_SENTENCES = 3
"""A teaser set apart by the byline, caption or dateline under it may be a little longer."""
SUBHEADING_MAX = 150
SUBHEADING_MAX_WORDS = 20
ITEM_MAX = 150
"""A list item standing alone (link, tag, title, name) is at most this long."""
ITEM_LINE_MAX = 300
"""Lines of a block of items (teaser texts under their titles) are at most this long."""
LIST_LINE_MAX = 60
LIST_MIN_LINES = 3
CLOSING_QUOTES = "\"'“”»«’)"
HEADING_BAD_END = frozenset(".,;:!")
SENTENCE_END = frozenset(".!?…")
SENTENCE_BREAK = re.compile(r"[.!?][\"'“”»«’)]?\s")
WORD = re.compile(r"[^\W\d_]{2}")


@dataclass(frozen=True, slots=True)
class Unit:
    """A paragraph, or a heading line split off the top of one."""

    start: int
    end: int
    text: str
    hint: str | None


def structural_kinds(units: list[Unit]) -> list[str | None]:
    """Kinds that follow from a unit's shape rather than its words."""
    kinds: list[str | None] = [None] * len(units)
    for index, unit in enumerate(units):
        lines = unit.text.split("\n")
        if len(lines) == 2 and repeated_with_credit(lines[0], lines[1]):
            kinds[index] = "caption"
        elif (
            index + 1 < len(units)
            and len(lines) == 1
            and repeated_with_credit(unit.text, units[index + 1].text)
        ):
            kinds[index] = kinds[index + 1] = "caption"
        elif (
            len(lines) >= LIST_MIN_LINES
            and all(len(line.strip()) <= LIST_LINE_MAX for line in lines)
            and not any(last_char(line) in SENTENCE_END for line in lines)
        ):
            kinds[index] = "link_list"
    return kinds


def repeated_with_credit(first: str, second: str) -> bool:
    """A caption printed twice, the second time with the picture credit."""
    return (
        20 <= len(first) <= 400
        and "\n" not in second
        and len(second) <= len(first) + 80
        and second.startswith(first)
        and len(second) > len(first)
    )


def lead_like(text: str) -> bool:
    return (
        len(text) <= LEAD_MAX
        and len(SENTENCE_BREAK.findall(text.rstrip())) < LEAD_MAX_SENTENCES
    )


def teaser_like(text: str) -> bool:
    return (
        len(text) <= TEASER_MAX
        and "\n" not in text
        and len(SENTENCE_BREAK.findall(text.rstrip())) < TEASER_MAX_SENTENCES
    )


def kicker_and_headline(text: str) -> bool:
    """Two lines: a short kicker, then the headline ("Havarie im Nord-Ostsee-Kanal" /
    "Frachter blockiert den Kanal – Kiel zählt die Verluste")."""
    lines = text.split("\n")
    if len(lines) != 2:
        return False
    kicker, headline = (line.strip() for line in lines)
    return (
        0 < len(kicker) <= KICKER_MAX
        and len(kicker.split()) <= KICKER_MAX_WORDS
        and last_char(kicker) not in HEADING_BAD_END - {":"}
        and len(headline) <= HEADLINE_MAX
        and len(headline.split()) >= 2
        and last_char(headline) not in HEADING_BAD_END
        and has_word(kicker)
    )


def has_word(text: str) -> bool:
    """At least two letters in a row: more than a separator or a bracket."""
    return WORD.search(text) is not None


def subheading_like(text: str) -> bool:
    return (
        len(text) <= SUBHEADING_MAX
        and "\n" not in text
        and len(text.split()) <= SUBHEADING_MAX_WORDS
        and last_char(text) not in HEADING_BAD_END
    )


def is_fragment(text: str) -> bool:
    return len(text) <= HEADLINE_MAX and "\n" not in text and len(text.split()) < 2


def last_char(text: str) -> str:
    stripped = text.rstrip().rstrip(CLOSING_QUOTES)
    return stripped[-1:] if stripped else ""
