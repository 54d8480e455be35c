"""Link suggestions: for an annotation, its counterparts in the other articles.

Two annotations are compared by what they share (`analysis.similarity`'s
idea, on richer features): entity groups (the speaker's too), figures with
the same unit and agreeing values, date words, and content words by their
Snowball stem; each weighted by kind and by how rare it is among the story's
annotations, and the sum divided by the geometric mean of the two sides'
totals (a cosine: long passages do not win by length).

Quotes are matched with quotes, claims with claims. For a whole story a
pair is proposed when each is the other's best match in its article and the
score reaches `THRESHOLD`, and they share more than names (a speaker alone
does not make two of her statements the same). The kind is `contradicts`
when the two report a figure with the same unit that cannot agree
(170 vs 168 Meter) and nothing else of that unit agrees, and they share an
entity or the word the figure measures; otherwise `same`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .figures import Figure, dates, figures
from .names import stem
from .similarity import STOPWORDS, idf
from .story_data import Item, StoryData

ANNOTATOR = "suggest:links-1"
LABELS = ("quote", "claim")
THRESHOLD = 0.2
WEIGHTS = {"e": 2.0, "f": 3.0, "q": 2.5, "u": 1.0, "d": 1.0, "w": 1.0}
"""Entity group, figure (unit and value), quantity (unit and the word it
measures: "Meter lange"), unit alone, date word, content word. A quantity
is shared whatever the values: two outlets giving the ship's length report
the same fact, in agreement or not."""
_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass
class Features:
    item: Item
    groups: dict[str, str]
    """Group id → group name."""
    figures: list[Figure]
    tokens: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    src: str
    dst: str
    kind: str
    score: float
    evidence: dict[str, Any]

    def attrs(self) -> dict[str, Any]:
        return {"score": round(self.score, 3), **self.evidence}


class LinkSuggester:
    """Built once per story; `for_item` is what the reader asks for one
    annotation, `story` what `parallax suggest --links` stores."""

    def __init__(self, data: StoryData, labels: Sequence[str] = LABELS):
        self.data = data
        self.features = {item.id: self._features(item) for item in data.items if item.label in labels}
        self.rarity = idf([f.tokens for f in self.features.values()])
        self.norm = {key: math.sqrt(sum(w * self.rarity(t) for t, w in f.tokens.items()) or 1.0)
                     for key, f in self.features.items()}

    def for_item(self, item_id: str, limit: int = 5) -> list[Candidate]:
        """The best counterparts of one annotation in the other articles, best first."""
        mine = self.features.get(item_id)
        if mine is None:
            return []
        found = [self.compare(mine, other) for other in self.features.values()
                 if other.item.article_id != mine.item.article_id and other.item.label == mine.item.label]
        found = [c for c in found if c.score > 0]
        found.sort(key=lambda c: (-c.score, c.dst))
        return found[:limit]

    def story(self, threshold: float = THRESHOLD) -> list[Candidate]:
        """Pairs that are each other's best match in their articles."""
        by_article: dict[tuple[str, int], list[Features]] = {}
        for f in self.features.values():
            by_article.setdefault((f.item.label, f.item.article_id), []).append(f)
        articles = sorted(by_article)
        found = []
        for i, a in enumerate(articles):
            for b in (b for b in articles[i + 1:] if b[0] == a[0]):
                scores = {(x.item.id, y.item.id): self.compare(x, y) for x in by_article[a] for y in by_article[b]}
                best_a = _best(scores, 0)
                best_b = _best(scores, 1)
                for (x, y), candidate in scores.items():
                    if (candidate.score >= threshold and best_a.get(x) == y and best_b.get(y) == x
                            and set(candidate.evidence) - {"entities"}):
                        found.append(candidate)
        found.sort(key=lambda c: (c.src, c.dst))
        return found

    def compare(self, a: Features, b: Features) -> Candidate:
        shared = a.tokens.keys() & b.tokens.keys()
        same, differing = _figure_pairs(a.figures, b.figures)
        # Figures that agree without being equal ("rund 240" / "238") count as equal ones.
        near = {x.unit for x, y in same if f"f:{x.unit}:{x.value:g}" not in shared}
        score = (sum(a.tokens[t] * self.rarity(t) for t in shared)
                 + sum(WEIGHTS["f"] * self.rarity(f"u:{unit}") for unit in near)) / (
                     self.norm[a.item.id] * self.norm[b.item.id])
        groups = sorted({a.groups[g] for g in a.groups.keys() & b.groups.keys()})
        words = sorted(t[2:] for t in shared if t.startswith("w:"))
        measured = any(_measures(a.item, x) & _measures(b.item, y) for x, y in differing)
        kind = "contradicts" if differing and not same and (groups or measured or words) else "same"
        evidence = {"entities": groups, "figures": [f"{x.text} = {y.text}" for x, y in same],
                    "differing": [f"{x.text} ≠ {y.text}" for x, y in differing], "words": words[:8]}
        return Candidate(a.item.id, b.item.id, kind, score, {k: v for k, v in evidence.items() if v})

    def _features(self, item: Item) -> Features:
        text = self.data.article(item.article_id).text
        groups = {g.id: g.name for _, g in self.data.groups.within(item.article_id, item.start, item.end)}
        speaker = self.data.groups.get(item.attrs.get("speaker_group")) or (
            self.data.groups.for_name(item.speaker) if item.speaker else None)
        if speaker is not None:
            groups[speaker.id] = speaker.name
        found = figures(text, item.start, item.end)
        named = {stem(w) for name in groups.values() for w in _WORD.findall(name)}
        tokens = {f"e:{g}": WEIGHTS["e"] for g in groups}
        for f in found:
            tokens[f"u:{f.unit}"] = WEIGHTS["u"]
            tokens[f"f:{f.unit}:{f.value:g}"] = WEIGHTS["f"]
            tokens |= {f"q:{f.unit}:{word}": WEIGHTS["q"] for word in _measures(item, f)}
        tokens |= {f"d:{d}": WEIGHTS["d"] for d in dates(item.text)}
        for word in _WORD.findall(item.text):
            lowered = word.casefold()
            if lowered not in STOPWORDS and stem(lowered) not in named:
                tokens[f"w:{stem(lowered)}"] = WEIGHTS["w"]
        return Features(item, groups, found, tokens)


def _best(scores: dict[tuple[str, str], Candidate], side: int) -> dict[str, str]:
    best: dict[str, tuple[float, str]] = {}
    for pair, candidate in scores.items():
        key, other = pair[side], pair[1 - side]
        if candidate.score > 0 and (key not in best or (candidate.score, other) > best[key]):
            best[key] = (candidate.score, other)
    return {key: other for key, (_, other) in best.items()}


def _figure_pairs(a: Iterable[Figure], b: Iterable[Figure]) -> tuple[list, list]:
    """Pairs of figures with one unit that agree, and (units with no agreeing pair) that differ."""
    same, differing = [], []
    b = list(b)
    for x in a:
        for y in b:
            if x.unit and x.unit == y.unit:
                (same if x.agrees(y) else differing).append((x, y))
    agreed = {x.unit for x, _ in same}
    return same, [(x, y) for x, y in differing if x.unit not in agreed]


def _measures(item: Item, figure: Figure) -> set[str]:
    """The stems of the two words after a figure ("Meter lange Schiff" → lang, schiff)."""
    offset = figure.end - item.start
    return {stem(w) for w in _WORD.findall(item.text[offset:offset + 40])[:2]}
