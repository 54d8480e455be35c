"""One article as the reader navigates it: words, sentences, paragraphs, quotes,
clauses, entities, zones and annotations, all as char offsets into `text`.

Pure Python (no Textual), so every motion is unit-tested. Everything is
precomputed into sorted arrays once; a motion is a bisect.

Conventions: offsets are `str` indices, spans are half-open `(start, end)`.
A position is clamped into the text first, so no method raises on a bad
offset. Motions that find nothing further clamp at the ends: `next_*` returns
the last char (`len(text) - 1`), `prev_*` returns 0 — except entity and
annotation jumps, which return None so the caller can say "no more".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from parallax.tui.sanitize import display_text

T = TypeVar("T")
Span = tuple[int, int]
Entity = tuple[int, int, str, str]


@dataclass(frozen=True)
class Mark:
    """A transient highlight the app puts on a view (search hit, entity focus, aligned sentence)."""

    start: int
    end: int
    kind: str  # "entity" | "annotation" | "match" | "focus" | "aligned"
    label: str = ""
    key: str | None = None
    status: str = ""


class Intervals(Generic[T]):
    """Half-open intervals sorted by (start, longest first), with a running
    maximum of ends so containment and overlap queries stop early.

    Empty intervals are dropped: they cover no character, so nothing could show them.
    """

    __slots__ = ("items", "starts", "ends", "_reach")

    def __init__(self, spans: Iterable[tuple[int, int, T]]) -> None:
        rows = sorted(((s, e, item) for s, e, item in spans if e > s), key=lambda r: (r[0], -r[1]))
        self.items: list[T] = [item for _, _, item in rows]
        self.starts: list[int] = [s for s, _, _ in rows]
        self.ends: list[int] = [e for _, e, _ in rows]
        self._reach: list[int] = []
        reach = -1
        for end in self.ends:
            reach = max(reach, end)
            self._reach.append(reach)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        """The items, in sorted order."""
        return iter(self.items)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indices (in sorted order) of the intervals that share a char with [start, end)."""
        found: list[int] = []
        ends, reach = self.ends, self._reach
        i = bisect_left(self.starts, max(end, start + 1)) - 1
        while i >= 0 and reach[i] > start:
            if ends[i] > start:
                found.append(i)
            i -= 1
        found.reverse()
        return found

    def containing(self, pos: int) -> list[int]:
        """Indices of the intervals containing `pos`, outermost first."""
        return self.overlapping(pos, pos + 1)

    def next_start(self, pos: int) -> int | None:
        i = bisect_right(self.starts, pos)
        return self.starts[i] if i < len(self.starts) else None

    def prev_start(self, pos: int) -> int | None:
        i = bisect_left(self.starts, pos) - 1
        return self.starts[i] if i >= 0 else None


# A word: letters/digits with combining marks, joined by hyphens or apostrophes
# ("Nord-Ostsee-Kanal", "geht’s"), numbers with group/decimal separators
# ("12.000", "3,5"), and a trailing hyphen before a space ("Nord- und Südkorea").
_ATOM = r"(?:\d+(?:[.,]\d+)+|[\w\u0300-\u036f]+)"
_WORD = re.compile(rf"{_ATOM}(?:[-‐‑'’]{_ATOM})*(?:-(?=\s))?")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_HAS_WORD = re.compile(r"\w")
# A comma or colon inside a number ("3,5", "13:40") does not end a clause;
# a hyphen does only when it stands as a dash between spaces.
_CLAUSE_MARK = re.compile(r"[,:](?!\d)|[;–—]|(?<= )-(?= )")
# Most specific first: a later, looser pattern may not cross an accepted quote.
_QUOTES = [
    re.compile(p)
    for p in (
        r"„[^„“”\"\n]*[“”\"]",  # German „…“ (sloppy sources close with ” or ")
        r"»[^»«\n]*«",  # German guillemets
        r"«[^«»\n]*»",  # Swiss/French guillemets
        r"“[^“”„\n]*”",  # English
        r"\"[^\"\n]*\"",  # typewriter quotes, paired left to right per line
        r"‚[^‚‘’\n]*[‘’]",  # German single quotes (usually nested)
        r"›[^›‹\n]*‹",
        r"‹[^‹›\n]*›",
    )
]
_CLAUSE_TRIM = " \t\n,;:–—"


class ArticleDoc:
    """An article's display text plus everything a motion needs, precomputed."""

    def __init__(
        self,
        text: str,
        zones: list[tuple[int, int, str]],
        sentences: list[tuple[int, int]],
        entities: list[Entity],
    ) -> None:
        self.text = display_text(text)
        self.last = max(len(self.text) - 1, 0)
        """The last valid cursor position."""
        words = [m.span() for m in _WORD.finditer(self.text)]
        self._word_starts = [s for s, _ in words]
        self._word_ends = [e for _, e in words]
        self.paragraphs: list[Span] = self._find_paragraphs()
        self._para_starts = [s for s, _ in self.paragraphs]
        self.units: list[Span] = self._sentence_units(sentences)
        """Stored sentences, plus paragraph pieces no sentence covers: every
        non-blank char belongs to exactly one unit."""
        self._unit_starts = [s for s, _ in self.units]
        self.quotes: Intervals[Span] = Intervals((s, e, (s, e)) for s, e in self._find_quotes())
        self.zones: Intervals[str] = Intervals(zones)
        self.entities: Intervals[Entity] = Intervals((s, e, (s, e, label, name)) for s, e, label, name in entities)
        self.annotations: Intervals[dict[str, Any]] = Intervals(())

    # -- positions -------------------------------------------------------------

    def clamp(self, pos: int) -> int:
        """`pos` moved into the text: 0 ≤ pos ≤ last."""
        return min(max(pos, 0), self.last)

    @staticmethod
    def _next(starts: list[int], pos: int, default: int) -> int:
        i = bisect_right(starts, pos)
        return starts[i] if i < len(starts) else default

    @staticmethod
    def _prev(starts: list[int], pos: int) -> int:
        i = bisect_left(starts, pos) - 1
        return starts[i] if i >= 0 else 0

    # -- words -----------------------------------------------------------------

    def next_word(self, pos: int) -> int:
        """Start of the first word after `pos`."""
        return self._next(self._word_starts, self.clamp(pos), self.last)

    def prev_word(self, pos: int) -> int:
        """Start of the word containing `pos` if `pos` is inside it, else of the word before."""
        return self._prev(self._word_starts, self.clamp(pos))

    def word_at(self, pos: int) -> Span:
        """The word containing `pos`, or the single char at `pos` when it is not in a word."""
        pos = self.clamp(pos)
        i = bisect_right(self._word_starts, pos) - 1
        if i >= 0 and pos < self._word_ends[i]:
            return self._word_starts[i], self._word_ends[i]
        return pos, min(pos + 1, len(self.text))

    # -- sentences and paragraphs ------------------------------------------------

    def next_sentence(self, pos: int) -> int:
        return self._next(self._unit_starts, self.clamp(pos), self.last)

    def prev_sentence(self, pos: int) -> int:
        return self._prev(self._unit_starts, self.clamp(pos))

    def sentence_at(self, pos: int) -> Span:
        """The sentence (or uncovered paragraph piece) containing `pos`; on blank
        space between two, the following one (else the preceding one)."""
        return self._span_at(self.units, self._unit_starts, self.clamp(pos))

    def next_paragraph(self, pos: int) -> int:
        return self._next(self._para_starts, self.clamp(pos), self.last)

    def prev_paragraph(self, pos: int) -> int:
        return self._prev(self._para_starts, self.clamp(pos))

    def paragraph_at(self, pos: int) -> Span:
        """The blank-line separated paragraph containing `pos` (same rule as `sentence_at`)."""
        return self._span_at(self.paragraphs, self._para_starts, self.clamp(pos))

    @staticmethod
    def _span_at(spans: list[Span], starts: list[int], pos: int) -> Span:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < spans[i][1]:
            return spans[i]
        if i + 1 < len(spans):
            return spans[i + 1]
        return spans[i] if i >= 0 else (pos, pos)

    def _find_paragraphs(self) -> list[Span]:
        text, spans, start = self.text, [], 0
        for sep in (*_PARAGRAPH_BREAK.finditer(text), None):
            end = sep.start() if sep else len(text)
            span = _strip(text, start, end)
            if span:
                spans.append(span)
            if sep:
                start = sep.end()
        return spans

    def _sentence_units(self, sentences: list[tuple[int, int]]) -> list[Span]:
        """Clean the stored sentences (clip, trim, drop overlaps) and fill the
        gaps: a gap piece with a word becomes its own unit; a piece of bare
        punctuation (a closing quote the splitter left behind) joins the
        sentence before it in the same paragraph."""
        text, n = self.text, len(self.text)
        clean: list[Span] = []
        for s, e in sorted(sentences):
            span = _strip(text, max(s, 0), min(e, n))
            if span and (not clean or span[0] >= clean[-1][1]):
                clean.append(span)
        units: list[Span] = []
        covered = i = 0  # every char before `covered` is in a unit
        for ps, pe in self.paragraphs:
            pos = max(ps, covered)
            while i < len(clean) and clean[i][0] < pe:
                s, e = clean[i]
                if s > pos:
                    self._add_piece(units, pos, s, ps)
                units.append((s, e))
                pos = covered = e  # a sentence may run on into the next paragraph
                i += 1
            if pos < pe:
                self._add_piece(units, pos, pe, ps)
        return units

    def _add_piece(self, units: list[Span], start: int, end: int, para_start: int) -> None:
        span = _strip(self.text, start, end)
        if not span:
            return
        if not _HAS_WORD.search(self.text, *span) and units and units[-1][1] > para_start:
            units[-1] = (units[-1][0], span[1])
        else:
            units.append(span)

    # -- quotes and clauses ----------------------------------------------------------

    def _find_quotes(self) -> list[Span]:
        text = self.text
        by_line: dict[int, list[Span]] = {}
        for pattern in _QUOTES:
            for m in pattern.finditer(text):
                s, e = m.span()
                accepted = by_line.setdefault(text.rfind("\n", 0, s), [])
                if all(e <= a or b <= s or (a <= s and e <= b) or (s <= a and b <= e) for a, b in accepted):
                    accepted.append((s, e))
        return [span for spans in by_line.values() for span in spans]

    def quote_at(self, pos: int) -> Span | None:
        """The innermost quotation containing `pos`, else the first one starting at
        or after `pos` in the same paragraph; marks included. None if neither."""
        pos = self.clamp(pos)
        inside = self.quotes.containing(pos)
        if inside:
            return self.quotes.items[inside[-1]]
        _, para_end = self.paragraph_at(pos)
        i = bisect_left(self.quotes.starts, pos)
        if i < len(self.quotes) and self.quotes.starts[i] < para_end:
            return self.quotes.items[i]
        return None

    def clause_end(self, pos: int) -> int:
        """Offset OF the next clause mark (, ; : – —, a spaced hyphen) after
        `pos` in its sentence, else of the sentence's last char; from the last
        char of a sentence, the first clause end of the next sentence; after
        the last sentence, `pos` itself."""
        pos = self.clamp(pos)
        start, end = self.sentence_at(pos)
        if pos >= end - 1:
            i = bisect_right(self._unit_starts, pos)
            if i == len(self.units):
                return pos
            start, end = self.units[i]
            pos = start - 1
        mark = _CLAUSE_MARK.search(self.text, max(pos + 1, start), end)
        return mark.start() if mark else end - 1

    def selection_span(self, anchor: int, cursor: int) -> Span:
        """The selection between `anchor` and `cursor`, both ends inclusive:
        widened to whole words at both ends, then trimmed of surrounding
        whitespace and of trailing clause marks (so a selection extended with
        `clause_end` does not carry the comma). A selection that would trim to
        nothing is returned untrimmed."""
        lo, hi = sorted((self.clamp(anchor), self.clamp(cursor)))
        start, end = self.word_at(lo)[0], self.word_at(hi)[1]
        text, s, e = self.text, start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1] in _CLAUSE_TRIM:
            e -= 1
        return (s, e) if e > s else (start, end)

    # -- entities, zones, annotations ---------------------------------------------------

    def next_entity(self, pos: int) -> int | None:
        return self.entities.next_start(self.clamp(pos))

    def prev_entity(self, pos: int) -> int | None:
        return self.entities.prev_start(self.clamp(pos))

    def entity_at(self, pos: int) -> Entity | None:
        """The innermost entity containing `pos` as (start, end, label, text)."""
        return _innermost(self.entities, self.clamp(pos))

    def zone_at(self, pos: int) -> str | None:
        return _innermost(self.zones, self.clamp(pos))

    def zone_ranges(self, kinds: Collection[str]) -> list[Span]:
        """The zones of `kinds` as ranges to fold: neighbours separated only by
        whitespace are merged, and each range swallows the newline that ends
        it so a fold does not leave an empty line behind."""
        text, merged = self.text, []
        for i in range(len(self.zones)):
            if self.zones.items[i] not in kinds:
                continue
            s, e = self.zones.starts[i], self.zones.ends[i]
            if merged and not text[merged[-1][1] : s].strip():
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        ranges = []
        for s, e in merged:
            nl = text.find("\n", e)
            if nl >= 0 and not text[e:nl].strip():
                e = nl + 1
            ranges.append((s, e))
        return ranges

    def set_annotations(self, rows: list[dict[str, Any]]) -> None:
        """Replace the annotations; `rows` are store dicts with at least start and end."""
        self.annotations = Intervals((row["start"], row["end"], row) for row in rows)

    def annotations_at(self, pos: int) -> list[dict[str, Any]]:
        """The annotations containing `pos`, outermost first."""
        return [self.annotations.items[i] for i in self.annotations.containing(self.clamp(pos))]

    def next_annotation(self, pos: int) -> int | None:
        return self.annotations.next_start(self.clamp(pos))

    def prev_annotation(self, pos: int) -> int | None:
        return self.annotations.prev_start(self.clamp(pos))


def _strip(text: str, start: int, end: int) -> Span | None:
    """[start, end) without surrounding whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _innermost(intervals: Intervals[T], pos: int) -> T | None:
    found = intervals.containing(pos)
    return intervals.items[found[-1]] if found else None


