"""The quote measures of bench/README.md ("Quality: quotes"), as plain functions.

Offsets are compared in non-space characters: a span [start, end) of a text is
the range of indices, among the text's non-space characters, of the non-space
characters inside it. Two copies of an article that differ only in whitespace
(Parallax's import drops spaces before line breaks) give the same ranges.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

TYPES = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
PRONOUNS = frozenset("""
    ich du er sie es wir ihr man mich mir dich dir ihn ihm uns euch ihnen
    der die das dem den des dessen deren denen dieser diese dieses diesem diesen
    jener jene jenes letztere letzterer ersterer welcher welche welches welchem welchen
    demnach danach wonach worin darin dazu hierzu jemand niemand
""".split())
"""German pronouns and pronominal adverbs: a gold speaker that is one of these
alone is not scored (the suggestion would have to resolve it)."""
OPENING_MARKS = "„»«\"“‚'"
CLOSING_MARKS = "“”«»\"‘'"
_WORD = re.compile(r"\w+")


class Coordinates:
    """Maps [start, end) of one text to non-space character indices."""

    def __init__(self, text: str):
        self.text = text
        self._nonspace = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.letters = "".join(text[i] for i in self._nonspace)

    def range(self, start: int, end: int) -> tuple[int, int]:
        return bisect.bisect_left(self._nonspace, start), bisect.bisect_left(self._nonspace, end)

    def position(self, k: int) -> int:
        """Where the k-th non-space character is in the text."""
        return self._nonspace[k]


@dataclass
class Gold:
    type: str
    ranges: list[tuple[int, int]]
    speaker_ranges: list[tuple[int, int]]
    speaker_text: str

    @property
    def extent(self) -> tuple[int, int]:
        return self.ranges[0][0], self.ranges[-1][1]


@dataclass
class Suggested:
    range: tuple[int, int]
    direct: bool
    speaker_text: str = ""
    speaker_range: tuple[int, int] | None = None


@dataclass
class Tally:
    suggested: int = 0
    gold: int = 0
    matched: int = 0
    direct_suggested: int = 0
    direct_gold: int = 0
    direct_exact: int = 0
    gold_by_type: Counter = field(default_factory=Counter)
    matched_by_type: Counter = field(default_factory=Counter)
    speaker_named: int = 0
    """Matched pairs whose suggestion names a speaker."""
    speaker_scored: int = 0
    speaker_right: int = 0

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                getattr(self, name).update(value)
            else:
                setattr(self, name, getattr(self, name) + value)

    def figures(self) -> dict[str, float | None]:
        p, r = _ratio(self.matched, self.suggested), _ratio(self.matched, self.gold)
        figures = {
            "quote P": p, "quote R": r, "quote F1": None if p is None or r is None or p + r == 0 else 2 * p * r / (p + r),
            "direct exact P": _ratio(self.direct_exact, self.direct_suggested),
            "direct exact R": _ratio(self.direct_exact, self.direct_gold),
        }
        for t in TYPES:
            figures[f"recall {t}"] = _ratio(self.matched_by_type[t], self.gold_by_type[t])
        figures["speaker right"] = _ratio(self.speaker_right, self.speaker_scored)
        figures["speaker named"] = _ratio(self.speaker_named, self.matched)
        return figures


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def overlap(a: list[tuple[int, int]], b: tuple[int, int]) -> int:
    return sum(max(0, min(e, b[1]) - max(s, b[0])) for s, e in a)


def match(gold: list[Gold], suggested: list[Suggested]) -> list[tuple[int, int]]:
    """One-to-one (gold index, suggestion index) pairs sharing at least one
    non-space character, the pair sharing most taken first; among pairs sharing
    as many, the one with fewer characters in all (a direct quote nested in an
    indirect one goes to the suggestion of just that quote), then text order."""
    pairs = []
    for i, g in enumerate(gold):
        size = sum(e - s for s, e in g.ranges)
        for j, s in enumerate(suggested):
            shared = overlap(g.ranges, s.range)
            if shared:
                pairs.append((-shared, size + s.range[1] - s.range[0], g.extent, s.range, i, j))
    pairs.sort()
    used_gold, used_suggested, result = set(), set(), []
    for *_, i, j in pairs:
        if i not in used_gold and j not in used_suggested:
            used_gold.add(i)
            used_suggested.add(j)
            result.append((i, j))
    return result


def speaker_right(g: Gold, s: Suggested) -> bool:
    if s.speaker_range is not None and overlap(g.speaker_ranges, s.speaker_range):
        return True
    words = _WORD.findall(s.speaker_text)
    return bool(words) and words[-1].lower() in {w.lower() for w in _WORD.findall(g.speaker_text)}


def scored_speaker(g: Gold) -> bool:
    """A gold speaker that counts: present and not a pronoun alone."""
    text = g.speaker_text.strip()
    return bool(text) and bool(g.speaker_ranges) and text.lower() not in PRONOUNS


def tally(gold: list[Gold], suggested: list[Suggested]) -> Tally:
    """Every measure's counts for one article."""
    t = Tally(suggested=len(suggested), gold=len(gold))
    t.gold_by_type.update(g.type for g in gold)
    for i, j in match(gold, suggested):
        g, s = gold[i], suggested[j]
        t.matched += 1
        t.matched_by_type[g.type] += 1
        if s.speaker_text:
            t.speaker_named += 1
            if scored_speaker(g):
                t.speaker_scored += 1
                t.speaker_right += speaker_right(g, s)
    direct_gold = [g.extent for g in gold if g.type == "Direct"]
    direct_suggested = [s.range for s in suggested if s.direct]
    t.direct_gold, t.direct_suggested = len(direct_gold), len(direct_suggested)
    t.direct_exact = len(set(direct_gold) & set(direct_suggested))
    return t


def gold_quotes(record: dict, coordinates: Coordinates) -> list[Gold]:
    """The gold quotes of one corpus line, in non-space coordinates."""
    found = []
    for q in record["quotes"]:
        speaker = q.get("speaker") or {}
        found.append(Gold(
            q["type"],
            [coordinates.range(s, e) for s, e in q["spans"]],
            [coordinates.range(s, e) for s, e in speaker.get("spans") or []],
            speaker.get("text") or "",
        ))
    return found


def looks_direct(text: str) -> bool:
    """For suggesters that record no form: a span from an opening to a closing mark."""
    text = text.strip()
    return len(text) > 1 and text[0] in OPENING_MARKS and text[-1] in CLOSING_MARKS
