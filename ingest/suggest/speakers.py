"""Who is quoted: the speaker of a quote, found where its cue says (`Cue.speaker`):

    verb     the subject of the speech verb: the parse's subject where there is a parse,
             else the name before a verb in second place ("Der Lotse Jan Berg sagte"),
             the person or organisation nearest the verb that no preposition governs,
             a pronoun's antecedent, or the noun phrase next to the verb ("der Minister"
             → the last minister named)
    after    the name or phrase after the cue's last word ("laut X", "so X"), else the
             frame's source noun ("nach Polizeiangaben")
    before   the name or phrase before its first word ("X zufolge")
    nearest  the person or organisation nearest the match
    inherit  the previous quote's speaker
    frame    the name in the sentence's first clause before a comma, where that clause has no
             Konjunktiv ("Die Reederei sah das anders, es gebe …"), else as inherit
    clause   the first name of the sentence's first clause, else as inherit
    own      the first name of the sentence's first clause, else nobody
    head     a heading's "X:"
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from parallax.ingest import cues as C

from .article import Article
from .matching import Hit
from .sentences import Unit
from .tokens import CAP, EVAL, INQ, KONJ1, KONJ2, LOW, NOT_LOW, SPEECH

_SUBJECT_DEPS = frozenset({"sb", "sbp", "nsubj", "nsubj:pass", "csubj"})


@dataclass(slots=True)
class Speaker:
    """Who is quoted (`text`: the fullest name found) and where the attribution names them
    (`start`, `end`): the name, or the role noun or pronoun that stands for it there
    ("sagte der Minister", "sagte sie"), as the field's corpora mark a speaker; an
    inherited speaker keeps the span of the quote it is inherited from."""

    text: str
    start: int
    end: int
    via: str

    def attrs(self) -> dict[str, Any]:
        return {"speaker": self.text, "speaker_span": [self.start, self.end], "speaker_via": self.via}


def speaker(a: Article, where: str | None, hit: Hit, unit: Unit, inherited: Speaker | None) -> Speaker | None:
    if where == "verb" and hit.verb >= 0:
        if not unit.t0 <= hit.verb < unit.t1:  # the verb of the next sentence ("Das sagte X.")
            unit = a.units[bisect.bisect_right(a.unit_starts, a.tokens.start[hit.verb]) - 1]
        return verb_speaker(a, unit, hit.verb)
    if where == "frame":
        who = _frame_subject(a, unit)
        if who:
            return who
        where = "inherit"
    if where in ("clause", "own"):
        who = _first_clause_name(a, unit)
        if who or where == "own":
            return who
        where = "inherit"
    if where == "inherit":
        return Speaker(inherited.text, inherited.start, inherited.end, "inherited") if inherited else None
    if where == "after" and hit.word_last >= 0:
        return _entity_or_phrase(a, hit.word_last + 1, unit, forward=True) or _source(a, hit)
    if where == "before" and hit.word_first >= 0:
        return _entity_or_phrase(a, hit.word_first - 1, unit, forward=False)
    if where == "nearest" and hit.first >= 0:
        entity = nearest_entity(a, unit, hit.first)
        return Speaker(canonical(a, entity), entity[0], entity[1], "entity") if entity else None
    if where == "head" and hit.first >= 0:
        s, e = a.tokens.start[hit.first], a.tokens.end[hit.last - 1]
        return Speaker(a.text[s:e], s, e, "heading")
    return None


def verb_speaker(a: Article, unit: Unit, verb: int) -> Speaker | None:
    """Who said it: the parse's subject, else the PER/ORG nearest the verb in the
    sentence, else a pronoun's antecedent, else the noun phrase next to the verb."""
    if verb < 0:
        return None
    tokens = a.tokens
    if tokens.has_dep:
        subject = next((i for i in range(unit.t0, unit.t1)
                        if tokens.head[i] == verb and i != verb and tokens.dep[i] in _SUBJECT_DEPS), -1)
        if subject >= 0:
            entity = a.entity_over(tokens.start[subject], tokens.end[subject])
            if entity:
                return Speaker(canonical(a, entity), entity[0], entity[1], "dep")
            pronoun = _pronoun_speaker(a, subject, unit)
            if pronoun:
                return pronoun
            left = subject
            while left - 1 >= unit.t0 and tokens.head[left - 1] == subject:
                left -= 1
            s, e = tokens.start[left], tokens.end[subject]
            return Speaker(a.text[s:e], s, e, "dep")
    fronted = _fronted_subject(a, unit, verb)
    if fronted is not None:
        return fronted
    best = nearest_entity(a, unit, verb, own_clause=True)
    if best is not None:
        return Speaker(canonical(a, best), best[0], best[1], "entity")
    for j in (verb + 1, verb - 1):
        if unit.t0 <= j < unit.t1:
            who = _pronoun_speaker(a, j, unit)
            if who:
                return who
    if " es" in tokens.verb_of(verb):
        return None  # "hieß es", "heißt es": nobody in particular
    if _participle(tokens.lower[verb]) or any(
            tokens.lower[i] in C.AUXILIARIES for i in range(unit.t0 + 1, min(unit.t0 + 4, verb))):
        # "Südkoreas Geheimdienst hatte am Freitag mitgeteilt": the subject opens the clause
        who = _opening_phrase(a, unit)
        if who:
            return who
    # verb second: "Der Verband beziffert …" has its subject before the verb,
    # "…, sagte der Minister" after it
    subject_first = verb - 1 > unit.t0 and tokens.flags[verb - 1] & CAP \
        and not tokens.flags[verb - 1] & INQ and tokens.lower[unit.t0] not in C.FRONTED
    order = (False, True) if subject_first else (True, False)
    for forward in order:
        # "Wie „Kieler Blatt“ berichtet": a name in marks before the verb (after it, marks hold what was said)
        who = _phrase(a, verb + 1, unit, forward=True) if forward else \
            _quoted_name(a, verb - 1, unit, forward=False) or _phrase(a, verb - 1, unit, forward=False)
        if who:
            return who
    return None


def _source(a: Article, hit: Hit) -> Speaker | None:
    """The frame's own source noun where nobody follows it: "nach Polizeiangaben",
    "nach offiziellen Angaben" (who says so, as the sentence names it)."""
    tokens = a.tokens
    if hit.last <= hit.first or not tokens.flags[hit.last] & CAP:
        return None
    s, e = tokens.start[hit.first + 1], tokens.end[hit.last]
    return Speaker(a.text[s:e], s, e, "source")


def _first_clause_name(a: Article, unit: Unit) -> Speaker | None:
    """The first person or organisation of a sentence's first clause, no preposition's:
    who "ist der Meinung, dass …" or "kam zu dem Ergebnis, …" (a verb not on the lists)."""
    tokens = a.tokens
    for i in range(unit.t0, unit.t1):
        if tokens.text[i] in ",;:":
            return None
        entity = a.entity_over(tokens.start[i], tokens.end[i])
        if entity and not a.in_quote(entity[0]) and not _governed(a, entity[0], unit):
            return Speaker(canonical(a, entity), entity[0], entity[1], "entity")
    return None


def _frame_subject(a: Article, unit: Unit) -> Speaker | None:
    """In a sentence that continues someone's words, an indicative first clause up to a comma
    that names someone ("Die Firma Nordlicht widersprach, …") names a new speaker. (Its opening
    noun phrase where no name is in it was wrong more often than right on train.)"""
    tokens = a.tokens
    comma = next((i for i in range(unit.t0, unit.t1) if tokens.text[i] == ","), -1)
    if comma < unit.t0 + 2 or a.first_flag_from(unit.t0, comma, KONJ1 | KONJ2) >= 0:
        return None
    return _first_clause_name(a, unit)


def _fronted_subject(a: Article, unit: Unit, verb: int) -> Speaker | None:
    """Verb second: in "Der Lotse Jan Berg sagte, …" everything before the verb is its
    subject, unless the clause opens with an adverbial ("Am Montag sagte …", "Laut …")."""
    tokens = a.tokens
    if verb - unit.t0 < 1 or verb - unit.t0 > 8 or tokens.lower[unit.t0] in C.FRONTED \
            or tokens.lower[unit.t0] in C.PREPOSITIONS:
        return None
    if any(not tokens.text[i][0].isalnum() and tokens.text[i] not in "-()" for i in range(unit.t0, verb)) \
            or any(tokens.flags[i] & (INQ | SPEECH) for i in range(unit.t0, verb)):
        return None
    for i in range(verb - 1, unit.t0 - 1, -1):
        entity = a.entity_over(tokens.start[i], tokens.end[i])
        if entity and not _governed(a, entity[0], unit):
            return Speaker(canonical(a, entity), entity[0], entity[1], "entity")
    if verb - unit.t0 == 1:
        return _pronoun_speaker(a, unit.t0, unit)
    return _phrase(a, verb - 1, unit, forward=False) if verb - unit.t0 <= 3 else None


def _opening_phrase(a: Article, unit: Unit) -> Speaker | None:
    tokens = a.tokens
    i = unit.t0
    if i < unit.t1 and tokens.lower[i] in _NO_SUBJECT:
        if tokens.lower[i] in _GOVERNING:
            return None  # "Von Seiten der Partei hieß es", "Als Grund wurde … genannt"
        i += 1  # "Auch die Reederei hatte … mitgeteilt"
    if i < unit.t1 and tokens.lower[i] in C.DETERMINERS:
        i += 1
    if i < unit.t1 and tokens.flags[i] & INQ:
        return _quoted_name(a, i, unit, forward=True)  # "Die „Kieler Nachrichten“ hatten berichtet"
    j = i
    while j < unit.t1 and j < i + 3 and tokens.flags[j] & CAP and not tokens.flags[j] & INQ:
        j += 1
    if j == i or tokens.flags[j - 1] & EVAL or tokens.lower[j - 1] in NOT_LOW:
        return None  # "Interessant ist, dass …", "Diese berichtete …"
    s, e = tokens.start[i], tokens.end[j - 1]
    return Speaker(a.text[s:e], s, e, "phrase")


def nearest_entity(a: Article, unit: Unit, anchor: int, own_clause: bool = False):
    """The PER/ORG outside quotation marks nearest token `anchor` in `unit`; with
    `own_clause` none after a comma that follows the anchor ("X meldete, Y habe …": Y is
    in what was said, not who said it)."""
    tokens = a.tokens
    anchor_start, anchor_end = tokens.start[anchor], tokens.end[anchor]
    if own_clause:
        comma = next((i for i in range(anchor + 1, unit.t1) if tokens.text[i] == ","), -1)
        # "…, erklärte X": a speech verb after the comma puts its own subject there
        after_speech = comma >= 0 and comma + 1 < unit.t1 and tokens.flags[comma + 1] & SPEECH
        limit = tokens.start[comma] if comma >= 0 and not after_speech else unit.end
    else:
        limit = unit.end
    best, distance = None, None
    i = bisect.bisect_left(a.entity_starts, unit.start)
    while i < len(a.entities) and a.entities[i][0] < unit.end:
        entity = a.entities[i]
        i += 1
        if entity[1] > unit.end or (entity[0] >= anchor_end and entity[0] > limit) or a.in_quote(entity[0]) \
                or _governed(a, entity[0], unit):
            continue
        gap = entity[0] - anchor_end if entity[0] >= anchor_end else anchor_start - entity[1]
        if gap < 0:
            continue
        if distance is None or gap < distance:
            best, distance = entity, gap
    return best


def _governed(a: Article, start: int, unit: Unit) -> bool:
    """A name after a preposition ("in einem Interview mit der Süddeutschen Zeitung",
    "gegenüber Reuters") is no subject, so nobody who speaks there."""
    tokens = a.tokens
    i = bisect.bisect_left(tokens.start, start) - 1
    for _ in range(3):
        if i < unit.t0:
            return False
        word = tokens.lower[i]
        if word in C.PREPOSITIONS:
            return True
        if word not in C.DETERMINERS and not tokens.flags[i] & LOW:
            return False
        i -= 1
    return False


def _pronoun_speaker(a: Article, i: int, unit: Unit) -> Speaker | None:
    labels = C.PRONOUNS.get(a.tokens.lower[i])
    if not labels:
        return None
    frame = unit.start
    q = bisect.bisect_right(a.quote_starts, unit.start) - 1
    if q >= 0 and a.quote_spans[q][1] > unit.start:
        frame = a.quote_spans[q][0]
    for label in labels:
        entity = _antecedent(a, frame, label)
        if entity:
            return Speaker(canonical(a, entity), a.tokens.start[i], a.tokens.end[i], "antecedent")
    return None


def _antecedent(a: Article, before: int, label: str, role: str | None = None):
    i = bisect.bisect_left(a.entity_starts, before) - 1
    while i >= 0:
        entity = a.entities[i]
        i -= 1
        if entity[1] > before or entity[2] != label or a.in_quote(entity[0]) or not a.readable(entity[0]):
            continue
        if role is None:
            return entity
        t = bisect.bisect_left(a.tokens.start, entity[0]) - 1
        if t >= 0 and a.tokens.lower[t].endswith(role):
            return entity
    return None


def _entity_or_phrase(a: Article, i: int, unit: Unit, *, forward: bool) -> Speaker | None:
    tokens = a.tokens
    quoted = _quoted_name(a, i, unit, forward=forward)
    if quoted:
        return quoted
    if forward:
        # "so Amtsleiter Dirk Wendland", "des Wasserstraßen- und Schifffahrtsamts"
        for j in range(i, min(unit.t1, i + 5)):
            if not tokens.text[j][0].isalnum() and tokens.text[j] != "-":
                break
            if j > i and tokens.flags[j] & LOW and tokens.lower[j] not in _INSIDE_A_NAME:
                break  # "laut bildblog.de veröffentlichte das Ministerium": past the source, at its verb
            entity = a.entity_over(tokens.start[j], tokens.end[j])
            if entity:
                return Speaker(canonical(a, entity), entity[0], entity[1], "entity")
    elif i >= unit.t0:
        entity = a.entity_over(tokens.start[i], tokens.end[i])
        if entity:
            return Speaker(canonical(a, entity), entity[0], entity[1], "entity")
    return _phrase(a, i, unit, forward=forward)


def _quoted_name(a: Article, i: int, unit: Unit, *, forward: bool) -> Speaker | None:
    """A paper or agency whose name is in quotation marks next to the frame: "laut „Kieler
    Blatt“", "dem „Kieler Blatt“ zufolge" — a name of a few words from a capital, not a quote."""
    tokens = a.tokens
    if unit.t0 <= i < unit.t1 and tokens.lower[i] in C.DETERMINERS:
        i += 1 if forward else -1
    if not unit.t0 <= i < unit.t1 or not tokens.flags[i] & INQ:
        return None
    k = bisect.bisect_right(a.quote_starts, tokens.start[i]) - 1
    if k < 0:
        return None
    q = a.quotations[k]
    edge = q.start if forward else q.end
    if edge != (tokens.start[i] if forward else tokens.end[i]):
        return None
    s, e = q.start + len(q.open), q.end - len(q.close)
    inner = a.text[s:e]
    words = inner.split()
    if not 1 <= len(words) <= _QUOTED_NAME_WORDS or any(ch in inner for ch in "!?,;:") or inner[-1:] == "." \
            or not (words[0][:1].isupper() or "." in words[0]):
        return None  # a name ("Kieler Blatt", "tagesschau.de"), not a sentence
    return Speaker(inner, s, e, "quoted")


_QUOTED_NAME_WORDS = 3


def _phrase(a: Article, i: int, unit: Unit, *, forward: bool) -> Speaker | None:
    """A noun phrase next to a speech verb: "der Minister", "ein US-Regierungsvertreter".
    A definite role noun is resolved to the last person named with that role."""
    tokens = a.tokens
    if forward:
        # a determiner and its adjectives, then the noun: no prepositions ("seit Jahren")
        j = i
        if j < unit.t1 and tokens.lower[j] in C.DETERMINERS:
            j += 1
            while j < unit.t1 and j < i + 4 and tokens.flags[j] & LOW:
                j += 1
        if j >= unit.t1 or not tokens.flags[j] & CAP or tokens.flags[j] & INQ:
            return None
        k = j
        while k + 1 < unit.t1 and tokens.flags[k + 1] & CAP and not tokens.flags[k + 1] & INQ \
                or k + 2 < unit.t1 and tokens.text[k].endswith("-") and tokens.lower[k + 1] in ("und", "oder"):
            k += 1  # "des Wasserstraßen- und Schifffahrtsamts": the compound the hyphen shares
        head, first = k, i if i < j and tokens.lower[i] in C.DETERMINERS else j
    else:
        if i < unit.t0 or not tokens.flags[i] & CAP or tokens.flags[i] & INQ:
            return None
        head = first = i
        # "die dänische Reederei", "Südkoreas Geheimdienst"
        while first - 1 >= unit.t0 and first > i - 3 and tokens.flags[first - 1] & (CAP | LOW) \
                and not tokens.flags[first - 1] & (SPEECH | INQ) \
                and (tokens.flags[first - 1] & CAP or tokens.lower[first - 1].endswith(("e", "en"))):
            first -= 1
        if first - 1 >= unit.t0 and tokens.lower[first - 1] in C.DETERMINERS:
            first -= 1
        elif first < head and not tokens.flags[first] & CAP:
            first = head
        if first == unit.t0 and tokens.lower[first] in _GOVERNING:
            return None  # "Als Beispiel nannte die NASA": a phrase the opening "als" or preposition governs
        while first < head and tokens.lower[first] in _NO_SUBJECT:
            first += 1  # "Aber Zeitungen berichten": the sentence's adverbial is no part of who spoke
    if tokens.lower[first] in _NO_SUBJECT:
        return None
    noun = tokens.lower[head]
    if noun in NOT_LOW or tokens.flags[head] & EVAL:
        return None
    if C.DATE.fullmatch(tokens.text[head]):
        return None  # "am Freitag" says when, not who
    s = tokens.start[first if tokens.lower[first] not in C.DETERMINERS else min(first + 1, head)]
    e = tokens.end[head]
    while s < e and not a.text[s].isalpha():
        s += 1
    if tokens.lower[first] in ("der", "die", "das", "den", "dem", "des"):
        for role in C.role_words():
            if noun.endswith(role) and len(role) > 3:
                entity = _antecedent(a, tokens.start[first], "PER", role)
                if entity and s < e:
                    return Speaker(canonical(a, entity), s, e, "role")
                break
    return Speaker(a.text[s:e], s, e, "phrase") if s < e else None


_GOVERNING = C.PREPOSITIONS | frozenset({"als", "bis"})
_INSIDE_A_NAME = C.DETERMINERS | C.PREPOSITIONS | frozenset({"und", "oder", "de", "del", "van", "von", "der"})
"""Lower-case words a source's name or its phrase may hold ("des Amts für Umwelt und Natur")."""
_NO_SUBJECT = (C.FRONTED | _GOVERNING | frozenset({"insbesondere"})) - {"laut"}
"""Words a speaker never begins with, though capitalised where they open the sentence ("So …",
"Inzwischen …", "Als Begründung …", "Von Seiten …"); "Laut X" is X's."""


def canonical(a: Article, entity) -> str:
    """The fullest earlier name a short mention stands for ("Lorenzen" → "Birte Lorenzen"),
    an organisation's name without its genitive s where the article has it so."""
    text = entity[3]
    if entity[2] == "ORG" and text.endswith("s"):
        if any(other[3] == text[:-1] for other in a.entities):
            return text[:-1]
    if entity[2] != "PER" or " " in text:
        return text
    for other in a.entities:
        if other[0] >= entity[0]:
            break
        if other[2] == "PER" and other[3].endswith(" " + text):
            return other[3]
    return text


def _participle(word: str) -> bool:
    """"gesagt", "mitgeteilt", "angekündigt": a speech verb at the end of its clause."""
    return "ge" in word[:7] and word.endswith(("t", "en")) and not word.startswith(("gebe", "gegen"))
