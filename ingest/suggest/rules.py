"""The rules over one article: sentence by sentence, its direct quotes first, then
the sentence cues of the table in order (the first hit per label counts), keeping
who was quoted last for the sentences that continue a quote.

    suggest(article, pipeline)   -> [Suggestion(start, end, label, attrs)]
    suggest_docs(article, docs)  -> the same over docs made already
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from parallax.ingest import cues as C
from parallax.ingest.cues import CUES

from .article import Article, Suggestion
from .direct_quotes import direct_quote, fragment_quote
from .pipeline import prepare
from .sentence_cues import SENTENCE_CUES, cues_and_sides, match, question, render, view
from .sentences import Quotation, Unit
from .speakers import Speaker, speaker, verb_speaker
from .tokens import INQ, SPEECH

ANNOTATOR = f"suggest:{C.RULES_NAME}-{C.RULES_VERSION}"
EARLIER = f"suggest:{C.RULES_NAME}-%"
"""Every version's annotator, as a LIKE pattern: what an upgrade does not suggest again."""

_COMMENT_CUE = next(c for c in CUES if c.kind == "zone" and c.label == C.COMMENT)


def suggest(article, nlp_or_pipeline) -> list[Suggestion]:
    """All suggestions for one article (`store.queries.ArticleData`), in text order."""
    return suggest_docs(article, prepare(article, nlp_or_pipeline))


def suggest_docs(article, docs: Iterable[tuple[int, Any]]) -> list[Suggestion]:
    """The rules over docs made already: (offset of the doc's text in the article, Doc)."""
    return run(Article(article, list(docs)))


def run(a: Article) -> list[Suggestion]:
    """The suggestions for one article, resolved (`_resolve`)."""
    found: list[Suggestion] = []
    by_unit: dict[int, list[Quotation]] = {}
    for q in a.quotations:
        k = bisect.bisect_right(a.unit_starts, q.start) - 1
        if k >= 0 and a.units[k].start <= q.start < a.units[k].end:
            by_unit.setdefault(k, []).append(q)
    tried = _cues_to_try(a)
    context: tuple[int, Speaker | None, int] | None = None
    """(unit index, speaker, speech verb token) of the last sentence that quoted or
    reported someone; with a verb and no speaker yet, the speaker is found when needed."""
    last_speaker: Speaker | None = None
    """The last speaker named: whom an unattributed "soll … haben" or Konjunktiv goes to."""
    frame_only = -1
    """A unit that only names the source of the one before ("Das berichtete X."): no quote itself."""
    nested: set[int] = set()
    """ids of the sentence quotes that keep the direct quotes inside them (`_embedded`)."""
    for k, unit in enumerate(a.units):
        after_quote = bool(context and context[0] == k - 1 and a.units[k - 1].zone_index == unit.zone_index)
        inherited = last_speaker
        if after_quote and context:
            inherited = context[1]
            if inherited is None and context[2] >= 0:
                inherited = verb_speaker(a, a.units[k - 1], context[2])
        if unit.zone in C.COMMENT_ZONES:
            suggestion = _comment(a, unit)
            if suggestion:
                found.append(suggestion)
            context = None
            continue
        who: Speaker | None = None
        last_unit = k
        direct: list[Suggestion] = []
        unattributed: list[Quotation] = []
        for q in by_unit.get(k, ()):
            suggestion, q_speaker, end_unit = direct_quote(a, q, k, after_quote, inherited)
            if suggestion:
                direct.append(suggestion)
                who = q_speaker or who
                last_unit = max(last_unit, end_unit)
            else:
                unattributed.append(q)
        before = len(found)
        # the quote cues of the sentence matter beside its direct quotes only where it may
        # hold them nested, lend them its speaker or make a fragment of a quotation
        framed = bool(direct) and not unattributed and not any(
            s.attrs.get("speaker_via") in _WEAK_SPEAKERS or not _opens(a, unit, s) for s in direct)
        reported, reporter = _sentence(a, k, unit, tried[k], found, quoted=framed or frame_only == k,
                                       after_quote=after_quote, inherited=inherited)
        sentence = next((s for s in found[before:] if s.label == C.QUOTE), None)
        if sentence is not None and sentence.attrs["rule"] in _NEXT_FRAMED:
            frame_only = k + 1
        says = reported and (sentence is None or sentence.attrs["rule"] not in _NO_WORDS)
        for q in unattributed:
            suggestion = fragment_quote(a, q, unit, says, reporter, inherited)
            if suggestion:
                direct.append(suggestion)
        if sentence is not None and direct:
            direct = _with_speaker(direct, sentence)
            if sentence.attrs["rule"] not in _FRAMES and _embedded(a, unit, direct):
                nested.add(id(sentence))
        found.extend(direct)
        if reported and not who:
            who = reporter
        if direct or reported:
            context = (last_unit, who, -1)
            last_speaker = who or last_speaker
        elif view(a, unit)[1] & SPEECH and a.has_flag(unit, SPEECH):
            context = (k, None, a.first_flag(unit, SPEECH))
    return _join_continued(a.text, _resolve(found, nested))


def _cues_to_try(a: Article) -> list[list[int]]:
    """Per unit, the sentence cues it may match (none in reader comments); the rules'
    Docs learn which units their token patterns will run on."""
    tried: list[list[int]] = []
    for k, unit in enumerate(a.units):
        if unit.zone in C.COMMENT_ZONES:
            tried.append([])
            continue
        cues, sides = cues_and_sides(*view(a, unit))
        tried.append(cues)
        if sides and a.docs is not None:
            a.docs.wanted[k] = sides
    return tried


def _sentence(a: Article, k: int, unit: Unit, cues: list[int], found: list[Suggestion], *, quoted: bool,
              after_quote: bool, inherited: Speaker | None) -> tuple[bool, Speaker | None]:
    """Add the suggestions of the sentence cues `cues` (those unit `k` may match) to
    `found`; whether one of them quotes or reports someone, and whom."""
    reported, reporter = False, None
    labels_done: set[str] = set()
    asks = question(a, unit)
    for j in cues:
        cue = SENTENCE_CUES[j][0]
        if cue.label in labels_done or (cue.label == C.QUOTE and quoted):
            continue
        if (asks and not cue.in_questions) or (cue.after_quote and not after_quote):
            continue
        hit = match(a, cue, unit, k)
        if hit is None:
            continue
        attrs = {"cue": render(a, cue, hit), "rule": cue.id}
        if cue.label == C.QUOTE:
            who = speaker(a, cue.speaker, hit, unit, inherited)
            if cue.named and not _named_subject(a, who, hit.verb):
                continue
            attrs["form"] = cue.form
            if who:
                attrs.update(who.attrs())
            reported, reporter, quoted = True, who, True
        labels_done.add(cue.label)
        found.append(Suggestion(unit.start, unit.end, cue.label, attrs))
    return reported, reporter


def _named_subject(a: Article, who: Speaker | None, verb: int) -> bool:
    """`who` is a name the recognizer marked, in the verb's own clause: "Die IG Metall will",
    "will die EZB", "Tesla Motors, der Hersteller …, will", not a name before a colon."""
    if who is None or who.via != "entity" or verb < 0:
        return False
    start, end = a.tokens.start[verb], a.tokens.end[verb]
    between = a.text[who.end:start] if who.end <= start else a.text[end:who.start]
    return not any(mark in between for mark in ":;")


_WEAK_SPEAKERS = frozenset({"inherited", None})
_NO_WORDS = frozenset({"quote.reported.intent"})
"""Cues of sentences that report no one's words: words in marks there are a title or a
name ("will das Buch „Deutschland schafft sich ab“ verfilmen"), no fragment of a quote."""
_NEXT_FRAMED = frozenset(c.id for c in CUES if c.kind == "next")


def _with_speaker(direct: list[Suggestion], sentence: Suggestion) -> list[Suggestion]:
    """A direct quote in a sentence of reported speech ("„…“, so X") is the words of
    the one it reports, where its own cue gave only the last speaker or none."""
    if not sentence.attrs.get("speaker") or sentence.attrs.get("speaker_via") == "inherited":
        return direct
    keys = ("speaker", "speaker_span", "speaker_via")
    return [Suggestion(s.start, s.end, s.label, {**s.attrs, **{key: sentence.attrs[key] for key in keys}})
            if s.attrs.get("speaker_via") in _WEAK_SPEAKERS and s.attrs["rule"] != "quote.direct.colon" else s
            for s in direct]


def _embedded(a: Article, unit: Unit, direct: list[Suggestion]) -> bool:
    """Whether a sentence of indirect or reported speech stays a quote beside the
    direct quotes in it: they are fragments inside its clause (none opens the
    sentence or follows a colon) and it says more than who spoke."""
    if any(_opens(a, unit, s) for s in direct):
        return False
    outside = [i for i in range(unit.t0, unit.t1) if not a.tokens.flags[i] & INQ and a.tokens.text[i][0].isalnum()]
    return len(outside) >= MIN_OUTSIDE


def _opens(a: Article, unit: Unit, s: Suggestion) -> bool:
    """The quotation opens its sentence or follows a colon: the sentence is its frame."""
    return s.start <= unit.start + 1 or a.text[unit.start:s.start].rstrip().endswith(":")


MIN_OUTSIDE = 5
"""Words outside quotation marks a sentence needs to stay a quote around direct ones."""
_FRAMES = frozenset({"quote.reported.act"})
"""Cues whose sentence only frames the quotation it holds ("nannte die Pläne „völlig
überzogen“", "sprach von einer „schwarzen Woche“"): the quotation is the quote, not the sentence."""


_CONTINUED = frozenset({"quote.indirect.continued1", "quote.indirect.continued2"})


def _join_continued(text: str, kept: list[Suggestion]) -> list[Suggestion]:
    """Sentences that carry reported speech on, one after another in a paragraph, are
    one quote: the field counts a run of Konjunktiv after an attributed sentence as one
    passage (Wikinews' IndirectFreeIndirect; on train 47 such neighbours in one gold quote,
    11 in two). The attributed sentence before the run stays a quote of its own."""
    joined: list[Suggestion] = []
    last = -1
    """Index in `joined` of the last quote."""
    for s in kept:
        if s.label != C.QUOTE:
            joined.append(s)
            continue
        before = joined[last] if last >= 0 else None
        if before is not None and s.attrs.get("rule") in _CONTINUED and before.attrs.get("rule") in _CONTINUED:
            gap = text[before.end:s.start]
            if not gap.strip() and "\n" not in gap:
                joined[last] = replace(before, end=s.end)
                continue
        last = len(joined)
        joined.append(s)
    return joined


def _comment(a: Article, unit: Unit) -> Suggestion | None:
    text = a.text[unit.start:unit.end]
    if C.COMMENT_META.match(text) or not any(ch.isalnum() for ch in text):
        return None
    cue = _COMMENT_CUE
    if unit.zone not in cue.pattern.split():
        return None
    return Suggestion(unit.start, unit.end, C.COMMENT, {"cue": cue.template, "rule": cue.id})


def _resolve(found: list[Suggestion], nested: set[int]) -> list[Suggestion]:
    """One suggestion per label and span; within a label no overlaps, a direct quote
    winning over the reported speech around it, except that a sentence in `nested`
    (ids) keeps the direct quotes inside it."""
    kept: list[Suggestion] = []
    by_label: dict[str, list[Suggestion]] = {}
    for s in found:
        by_label.setdefault(s.label, []).append(s)
    rank = {C.DIRECT: 0, C.INDIRECT: 1, C.REPORTED: 2}
    for items in by_label.values():
        items.sort(key=lambda s: (rank.get(s.attrs.get("form"), 3), s.start, -s.end))
        taken: list[tuple[int, int]] = []
        """Spans kept, sorted; disjoint but for direct quotes inside a nested sentence."""
        for s in items:
            i = bisect.bisect_left(taken, (s.start, s.end))
            j = i
            while j < len(taken) and taken[j][0] < s.end:
                j += 1
            inside = taken[i:j]
            if any(e > s.start for _, e in taken[:i]) or (
                    inside and not (id(s) in nested and all(s.start <= b and e <= s.end for b, e in inside))):
                continue
            taken.insert(i, (s.start, s.end))
            kept.append(s)
    kept.sort(key=lambda s: (s.start, s.end, C.LABELS.index(s.label) if s.label in C.LABELS else 9))
    return kept
