"""The rules over one article: sentence by sentence, its direct quotes first, then
the sentence cues of the table in order (the first hit per label counts), keeping
who was quoted last for the sentences that continue a quote.

    suggest(article, pipeline)   -> [Suggestion(start, end, label, attrs)]
    suggest_docs(article, docs)  -> the same over docs made already
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

from parallax.ingest import cues as C
from parallax.ingest.cues import CUES

from .article import Article, Suggestion
from .direct_quotes import direct_quote
from .pipeline import prepare
from .patterns import sides_to_match
from .sentence_cues import SENTENCE_CUES, candidates, match, question, render, view
from .sentences import Quotation, Unit
from .speakers import Speaker, speaker, verb_speaker
from .tokens import SPEECH

ANNOTATOR = f"suggest:{C.RULES_NAME}-{C.RULES_VERSION}"

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
        quoted = False
        who: Speaker | None = None
        last_unit = k
        for q in by_unit.get(k, ()):
            suggestion, q_speaker, end_unit = direct_quote(a, q, k, after_quote, inherited)
            if suggestion:
                found.append(suggestion)
                quoted = True
                who = q_speaker or who
                last_unit = max(last_unit, end_unit)
        reported, reporter = _sentence(a, k, unit, tried[k], found, quoted=quoted, after_quote=after_quote,
                                       inherited=inherited)
        if reported:
            quoted, who = True, reporter
        if quoted:
            context = (last_unit, who, -1)
            last_speaker = who or last_speaker
        elif view(a, unit)[1] & SPEECH and a.has_flag(unit, SPEECH):
            context = (k, None, a.first_flag(unit, SPEECH))
    return _resolve(found)


def _cues_to_try(a: Article) -> list[list[int]]:
    """Per unit, the sentence cues it may match (none in reader comments); the rules'
    Docs learn which units their token patterns will run on."""
    tried = [[] if unit.zone in C.COMMENT_ZONES else candidates(*view(a, unit)) for unit in a.units]
    if a.docs is not None:
        for k, cues in enumerate(tried):
            words, mask = view(a, a.units[k])
            sides = [side for j in cues if SENTENCE_CUES[j][0].kind == "tokens"
                     for side in sides_to_match(SENTENCE_CUES[j][0].id, words, mask)]
            if sides:
                a.docs.wanted[k] = tuple(sides)
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
        labels_done.add(cue.label)
        attrs = {"cue": render(a, cue, hit), "rule": cue.id}
        if cue.label == C.QUOTE:
            attrs["form"] = cue.form
            who = speaker(a, cue.speaker, hit, unit, inherited)
            if who:
                attrs.update(who.attrs())
            reported, reporter, quoted = True, who, True
        found.append(Suggestion(unit.start, unit.end, cue.label, attrs))
    return reported, reporter


def _comment(a: Article, unit: Unit) -> Suggestion | None:
    text = a.text[unit.start:unit.end]
    if C.COMMENT_META.match(text) or not any(ch.isalnum() for ch in text):
        return None
    cue = _COMMENT_CUE
    if unit.zone not in cue.pattern.split():
        return None
    return Suggestion(unit.start, unit.end, C.COMMENT, {"cue": cue.template, "rule": cue.id})


def _resolve(found: list[Suggestion]) -> list[Suggestion]:
    """One suggestion per label and span; within a label no overlaps, a direct quote
    winning over the reported speech around it."""
    kept: list[Suggestion] = []
    by_label: dict[str, list[Suggestion]] = {}
    for s in found:
        by_label.setdefault(s.label, []).append(s)
    rank = {C.DIRECT: 0, C.INDIRECT: 1, C.REPORTED: 2}
    for items in by_label.values():
        items.sort(key=lambda s: (rank.get(s.attrs.get("form"), 3), s.start, -s.end))
        taken: list[tuple[int, int]] = []
        for s in items:
            i = bisect.bisect_left(taken, (s.start, s.end))
            if (i > 0 and taken[i - 1][1] > s.start) or (i < len(taken) and taken[i][0] < s.end):
                continue
            taken.insert(i, (s.start, s.end))
            kept.append(s)
    kept.sort(key=lambda s: (s.start, s.end, C.LABELS.index(s.label) if s.label in C.LABELS else 9))
    return kept
