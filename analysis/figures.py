"""Figures in German news text: a number, what it counts, and how exact the
outlet says it is.

"rund 240 Schiffe" is (240, schiff, approx); "mindestens 25 Millionen Euro"
(25,000,000, euro, at least); "das 170 Meter lange Schiff" (170, meter,
exact); "um 4.40 Uhr" (4.40, uhr, exact). The unit is the Snowball stem of
the word after the number ("Liter"/"Litern" agree). Two figures with the same
unit disagree when no reading of them can be true at once: exact values
differ, approximate ones by more than 5 %, a bound is broken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .names import stem

APPROX = ("rund", "etwa", "circa", "ca.", "gut", "fast", "knapp", "annähernd", "ungefähr", "gegen")
AT_LEAST = ("mehr als", "über", "mindestens", "weit über")
AT_MOST = ("bis zu", "weniger als", "unter", "höchstens", "maximal")
VAGUE = ("mehrere", "einige", "ein paar")
"""Before "Hundert", "Tausend": "mehrere Hundert" is anything from 200 to 999."""
TOLERANCE = 0.05
_MULTIPLIERS = {"tausend": 1e3, "million": 1e6, "millionen": 1e6, "mio": 1e6, "mio.": 1e6,
                "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9, "mrd.": 1e9}
_WORDS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
          "elf": 11, "zwölf": 12, "zwanzig": 20, "dreißig": 30, "hundert": 100}
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<number>\d{1,3}(?:\.\d{3})+(?!\d)|\d+(?:[.,]\d+)?|"
    + "|".join(_WORDS) + r")(?![\w])(?!\.\d)"
    r"(?:\s+(?P<multiplier>Tausend|Millionen|Million|Mio\.?|Milliarden|Milliarde|Mrd\.?))?"
    r"(?:\s+(?P<unit>[^\W\d_][\w-]*))?", re.IGNORECASE)
_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_QUALIFIER = re.compile(r"(" + "|".join(re.escape(q) for q in APPROX + AT_LEAST + AT_MOST + VAGUE) + r")\s+$",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    value: float
    unit: str
    bound: str
    """"exact", "approx", "min", "max" or "vague"."""

    def interval(self) -> tuple[float, float]:
        """The values the outlet's wording allows."""
        v = self.value
        return {"exact": (v, v), "approx": (v * (1 - TOLERANCE), v * (1 + TOLERANCE)),
                "min": (v, float("inf")), "max": (float("-inf"), v), "vague": (2 * v, 10 * v - 1)}[self.bound]

    def agrees(self, other: Figure) -> bool:
        """Can both be true? (Only meaningful for the same unit.)"""
        (a_low, a_high), (b_low, b_high) = self.interval(), other.interval()
        return a_low <= b_high and b_low <= a_high


def figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """The figures in text[start:end], with offsets into `text`."""
    return list(_figures(text, start, len(text) if end is None else end))


@lru_cache(maxsize=16384)
def _figures(text: str, start: int, end: int) -> tuple[Figure, ...]:
    # Kept per passage: the comparison and the link suggestions read the same
    # annotations' figures again whenever a story is compared.
    piece = text[start:end]
    dates = [(m.start(), m.end()) for m in _DATE.finditer(piece)]
    found = []
    for match in _NUMBER.finditer(piece):
        if any(s <= match.start() < e for s, e in dates):
            continue
        value = _value(match.group("number"))
        if value is None:
            continue
        if match.group("multiplier"):
            value *= _MULTIPLIERS[match.group("multiplier").casefold()]
        unit_word = match.group("unit") or ""
        if match.group("number").casefold() in _WORDS and not unit_word[:1].isupper():
            continue  # "drei" counts something only before a noun
        qualifier = _QUALIFIER.search(piece, max(0, match.start() - 16), match.start())
        bound = _bound(qualifier.group(1)) if qualifier else "exact"
        first = qualifier.start(1) if qualifier else match.start()
        found.append(Figure(start + first, start + match.end(), " ".join(piece[first:match.end()].split()),
                            value, stem(unit_word) if unit_word else "", bound))
    return tuple(found)


def dates(text: str) -> set[str]:
    """Date words a passage names: weekdays, months, dd.mm.yyyy."""
    found = {m.group(0) for m in _DATE.finditer(text)}
    found |= {w.casefold() for w in re.findall(r"\b(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)"
                                               r"(?:morgen|mittag|nachmittag|abend|nacht)?\b", text)}
    return found


def _value(number: str) -> float | None:
    lowered = number.casefold()
    if lowered in _WORDS:
        return float(_WORDS[lowered])
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number):
        return float(number.replace(".", ""))
    try:
        return float(number.replace(",", "."))
    except ValueError:
        return None


def _bound(word: str) -> str:
    lowered = word.casefold()
    if lowered in AT_LEAST:
        return "min"
    if lowered in AT_MOST:
        return "max"
    if lowered in VAGUE:
        return "vague"
    return "approx"
