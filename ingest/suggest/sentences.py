"""What the rules label: the sentences of the zones they read, and the quotation
marks in them.

A unit is a stored sentence clipped to its zone, with a stray opening mark or
bracket at its end given to the next sentence, and list bullets or a reply's
"@name:" in front dropped. A quotation is an outermost pair of quotation marks
inside one zone.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from parallax.ingest import cues as C
from parallax.store.spans import strip_span

_OPENERS_AT_END = "„»«\"“([‚"
_QUOTE_CHARS = re.compile('[„“”»«"]')
_CLOSERS = {"„": "“”", "»": "«", "«": "»", "“": "”", '"': '"'}


@dataclass(slots=True)
class Unit:
    start: int
    end: int
    zone: str
    zone_index: int
    t0: int = 0
    """Its tokens are t0 … t1 - 1 (indices into `Tokens`)."""
    t1: int = 0
    view: tuple | None = None
    """(lower-case words, flags ORed), made on first use."""


@dataclass(slots=True)
class Quotation:
    start: int
    end: int
    open: str
    close: str
    zone_index: int


def eligible_zones(article) -> list[tuple[int, int, str]]:
    """The zones the rules read: all but page furniture (`cues.SKIP_ZONES`)."""
    zones = article.zones or [(0, len(article.text), "body")]
    return [(s, e, kind) for s, e, kind in zones if kind not in C.SKIP_ZONES and s < e]


def units(article) -> list[Unit]:
    """The sentences the rules label, in text order (see the module docstring)."""
    text = article.text
    sentences = sorted(article.sentences)
    sentence_ends = [s[1] for s in sentences]
    found: list[Unit] = []
    for z, (zs, ze, kind) in enumerate(eligible_zones(article)):
        i = bisect.bisect_right(sentence_ends, zs)  # first sentence ending after zs
        pieces = []
        while i < len(sentences) and sentences[i][0] < ze:
            s, e = max(sentences[i][0], zs), min(sentences[i][1], ze)
            if s < e:
                pieces.append([s, e])
            i += 1
        if not pieces:
            pieces = [[zs, ze]]
        # a stray opening mark or bracket at a sentence's end opens the next one
        for a, b in zip(pieces, pieces[1:]):
            e = a[1]
            while e > a[0] + 1 and text[e - 1] in _OPENERS_AT_END and text[e - 2].isspace() \
                    and not text[a[0]:e - 1].isspace():
                e -= 1
            if e != a[1] and not text[e:b[0]].strip(_OPENERS_AT_END + " \t\n"):
                a[1] = e
                b[0] = e
        for s, e in pieces:
            s, e = strip_span(text, s, e)
            noise = C.LEADING_NOISE.match(text, s, e)
            if noise:
                s, e = strip_span(text, noise.end(), e)
            reply = C.REPLY_PREFIX.match(text, s, e)
            if reply and reply.end() < e:
                s, e = strip_span(text, reply.end(), e)
            if s < e:
                found.append(Unit(s, e, kind, z))
    return found


def quotations(article) -> list[Quotation]:
    """Outermost quotation-mark pairs, each inside one zone."""
    text = article.text
    found: list[Quotation] = []
    for z, (zs, ze, _kind) in enumerate(eligible_zones(article)):
        stack: list[tuple[str, int]] = []
        for m in _QUOTE_CHARS.finditer(text, zs, ze):
            ch, at = m.group(), m.start()
            if stack and ch in _CLOSERS[stack[-1][0]]:
                opener, start = stack.pop()
                if not stack:
                    found.append(Quotation(start, at + 1, opener, ch, z))
                continue
            if ch in _CLOSERS and len(stack) < 3:
                stack.append((ch, at))
    found.sort(key=lambda q: q.start)
    return found
