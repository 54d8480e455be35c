"""One article as the rules read it: its sentences, quotations, tokens and the
people and organisations named in it, with the look-ups the rules share; and
what the rules say about it (`Suggestion`)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from parallax.ingest import cues as C

from .matching import RulesDocs
from .sentences import Unit, quotations, units
from .tokens import INQ, Tokens, mark_particle_verbs, mark_quoted, place_units


@dataclass(frozen=True, slots=True)
class Suggestion:
    start: int
    end: int
    label: str
    attrs: dict[str, Any]


class Article:
    def __init__(self, article, docs: list[tuple[int, Any]]):
        self.article = article
        self.text: str = article.text
        self.tokens = Tokens(docs, article.text)
        self.units = units(article)
        self.unit_starts = [u.start for u in self.units]
        self.quotations = quotations(article)
        self.entities = sorted(
            (e for e in article.entities if e[2] in C.SPEAKER_LABELS), key=lambda e: (e[0], e[1]))
        self.entity_starts = [e[0] for e in self.entities]
        self.quote_spans = [(q.start, q.end) for q in self.quotations]
        self.quote_starts = [q.start for q in self.quotations]
        mark_quoted(self.tokens, self.quotations)
        place_units(self.tokens, self.units)
        mark_particle_verbs(self.tokens, self.units)
        self.docs = RulesDocs(docs[0][1].vocab, self.tokens, self.units) if docs else None
        """The Docs the cue patterns run over; None: no tokens, nothing to match."""

    # -- entities and quotations -------------------------------------------------------------

    def entity_over(self, start: int, end: int):
        i = bisect.bisect_right(self.entity_starts, start) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self.entities):
                entity = self.entities[j]
                if entity[0] < end and entity[1] > start:
                    return entity
        return None

    def entity_ending_at(self, position: int):
        i = bisect.bisect_left(self.entity_starts, position) - 1
        if i >= 0 and 0 <= position - self.entities[i][1] <= 1:
            return self.entities[i]
        return None

    def in_quote(self, position: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, position) - 1
        return i >= 0 and self.quote_spans[i][0] <= position < self.quote_spans[i][1]

    def readable(self, position: int) -> bool:
        """In a sentence the rules read (not in a byline, caption, …)."""
        i = bisect.bisect_right(self.unit_starts, position) - 1
        return i >= 0 and position < self.units[i].end

    # -- flags outside quotation marks ---------------------------------------------------------

    def has_flag(self, unit: Unit, flag: int) -> bool:
        return self.first_flag(unit, flag) >= 0

    def first_flag(self, unit: Unit, flag: int) -> int:
        return self.first_flag_from(unit.t0, unit.t1, flag)

    def first_flag_from(self, lo: int, hi: int, flag: int) -> int:
        flags = self.tokens.flags
        for i in range(lo, hi):
            if flags[i] & flag and not flags[i] & INQ:
                return i
        return -1

    def last_flag(self, lo: int, hi: int, flag: int) -> int:
        flags = self.tokens.flags
        for i in range(hi - 1, lo - 1, -1):
            if flags[i] & flag and not flags[i] & INQ:
                return i
        return -1
