"""Direct quotes: a quotation in marks, attributed by the "quotation" cues of the
table in their order. Each cue's pattern names how the quotation is attributed:

    colon         "X sagte: „…“", "X: „…“" or "X weist das von sich: „…“" with X a person or
                  organisation; the colon may end the sentence or paragraph before
    verb          a speech verb before or after the quotation in its sentence
    so            ", so X" right after it ("„…“, so der Lotse")
    slogan        a noun of words written or chanted right before it ("Parolen wie „…“")
    continuation  three words or more right after a sentence that quoted someone
    sentence      four words or more, from a capital, that open their sentence or follow any colon
    fragment      words from a lower-case letter inside a sentence: four or more, or any
                  where the sentence is indirect or reported speech (`fragment_quote`, after
                  the sentence cues)

Names and titles in marks („Baltic Meridian“) are no quotes, nor is one capitalised word
in marks unless a colon introduces it (a term or scare quote: "nannte es „Polizeistaat“");
one lower-case word is a fragment only inside reported speech ("habe „vorbildlich“ reagiert").
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from parallax.ingest import cues as C
from parallax.ingest.cues import CUES
from parallax.ingest.speech_acts import JUDGING_VERBS, SLOGAN_NOUNS

from .article import Article, Suggestion
from .matching import Hit
from .sentences import Quotation, Unit
from .speakers import Speaker, canonical, nearest_entity, speaker, verb_speaker
from .tokens import CAP, INQ, SPEECH

Attribution = tuple[int, Any] | None
"""(speech verb token or -1, the entity or Speaker named before a colon, or None); None: not
attributed."""


def direct_quote(a: Article, q: Quotation, k: int, after_quote: bool,
                 inherited: Speaker | None) -> tuple[Suggestion | None, Speaker | None, int]:
    """The quotation `q` (starting in unit `k`) as a quote, its speaker and the last
    unit it reaches into; (None, None, k) if no cue attributes it."""
    last = k
    while last + 1 < len(a.units) and a.units[last].end < q.end \
            and a.units[last + 1].zone_index == a.units[k].zone_index:
        last += 1
    first_unit, last_unit = a.units[k], a.units[last]
    # "Parolen wie „Stoppt den Bau“": a slogan may look like a title
    if _name_like(a, q) and _slogan(a, q, first_unit, last_unit, after_quote) is None \
            and not _judged(a, q, first_unit):
        return None, None, k
    scare = _one_word(a, q)
    tokens = a.tokens
    for cue in QUOTATION_CUES:
        if scare and cue.pattern != "colon":
            continue
        found = ATTRIBUTIONS[cue.pattern](a, q, first_unit, last_unit, after_quote)
        if found is None:
            continue
        verb, entity = found
        if entity is not None:
            who = entity if isinstance(entity, Speaker) else Speaker(canonical(a, entity), entity[0], entity[1], "entity")
            attrs = {"cue": cue.template.format(verb=who.text, open=q.open, close=q.close),
                     "rule": cue.id, "form": cue.form, **who.attrs()}
            return Suggestion(q.start, q.end, C.QUOTE, attrs), who, last
        attrs = {"cue": cue.template.format(verb=tokens.verb_of(verb) if verb >= 0 else "",
                                            open=q.open, close=q.close),
                 "rule": cue.id, "form": cue.form}
        unit = first_unit if verb < 0 or tokens.start[verb] < q.start else last_unit
        who = speaker(a, cue.speaker, Hit(cue, -1, -1, verb=verb), unit, inherited)
        if who:
            attrs.update(who.attrs())
        return Suggestion(q.start, q.end, C.QUOTE, attrs), who, last
    return None, None, k


def _colon(a: Article, q: Quotation, first_unit: Unit, last_unit: Unit, after_quote: bool) -> Attribution:
    tokens = a.tokens
    after = bisect.bisect_left(tokens.start, q.end)
    if after + 1 < last_unit.t1 and tokens.text[after] == "," and tokens.flags[after + 1] & SPEECH:
        return None  # "…: „…“, sagte der Trainer": the verb after the quotation names who said it
    unit, colon = first_unit, _colon_before(a, q.start, first_unit)
    if colon is None:
        # "… sagte sie auf Twitter:" ending the sentence or paragraph before the quote
        k = bisect.bisect_right(a.unit_starts, first_unit.start) - 1
        if k < 1 or first_unit.t0 >= len(a.tokens.start) or a.tokens.start[first_unit.t0] < q.start:
            return None
        unit = a.units[k - 1]
        if unit.t1 <= unit.t0 or a.tokens.text[unit.t1 - 1] != ":":
            return None
        colon = unit.t1 - 1
    verb = a.last_flag(unit.t0, colon, SPEECH)
    if verb >= 0:
        return (verb, None) if unit is first_unit else (-1, verb_speaker(a, unit, verb))
    entity = a.entity_ending_at(a.tokens.start[colon])
    if entity is None:
        # "X weist das von sich: „…“": the one named before the colon speaks
        entity = nearest_entity(a, unit, colon)
        if entity is None or entity[0] > a.tokens.start[colon]:
            return None
    return -1, entity


def _verb(a: Article, q: Quotation, first_unit: Unit, last_unit: Unit, after_quote: bool) -> Attribution:
    tokens = a.tokens
    before = a.last_flag(first_unit.t0, bisect.bisect_left(tokens.start, q.start), SPEECH)
    after = a.first_flag_from(bisect.bisect_left(tokens.start, q.end), last_unit.t1, SPEECH)
    if before < 0 and after < 0:
        return None
    if before >= 0 and after >= 0:
        return (after if tokens.start[after] - q.end <= q.start - tokens.end[before] else before), None
    return max(before, after), None


def _sentence(a: Article, q: Quotation, first_unit: Unit, last_unit: Unit, after_quote: bool) -> Attribution:
    words = _inner(a, q).split()
    if len(words) < 4 or not _starts(words[0], str.isupper):
        return None
    colon = _after_colon(a, q.start)
    if not colon and q.start > first_unit.start + 1:
        return None
    if colon:
        # "Die Kapitänin war zufrieden: „…“": the first name of the clause before the colon
        k = bisect.bisect_right(a.unit_starts, colon) - 1
        who = speaker(a, "own", Hit(_FRAGMENT, -1, -1), a.units[k], None) if k >= 0 else None
        return -1, who
    # "„…“ erklärte die Ministerin.": a speech verb opening the next sentence
    k = bisect.bisect_right(a.unit_starts, last_unit.start)
    if k < len(a.units) and a.units[k].zone_index == last_unit.zone_index and a.units[k].t0 < a.units[k].t1 \
            and a.tokens.flags[a.units[k].t0] & SPEECH and not a.tokens.flags[a.units[k].t0] & INQ:
        return -1, verb_speaker(a, a.units[k], a.units[k].t0)
    return -1, None


def _slogan(a: Article, q: Quotation, first_unit: Unit, last_unit: Unit, after_quote: bool) -> Attribution:
    """"Parolen wie „…“", "mit der Aufschrift „…“", "Sprüche wie „…“ oder „…“": words written
    or chanted, quoted as they were."""
    tokens = a.tokens
    i = bisect.bisect_left(tokens.start, q.start) - 1
    while i >= first_unit.t0 and (tokens.lower[i] in _SLOGAN_LINKS or tokens.flags[i] & INQ):
        i -= 1  # "wie zum Beispiel", "etwa", a slogan before this one and "oder"
    if i < first_unit.t0 or tokens.lower[i] not in SLOGAN_NOUNS:
        return None
    return -1, None


_SLOGAN_LINKS = frozenset("wie zum beispiel etwa und oder sowie , :".split())


def _so(a: Article, q: Quotation, first_unit: Unit, last_unit: Unit, after_quote: bool) -> Attribution:
    """"„…“, so Lotse Jan Berg" / "„…“, so der Lotse": the quotation that opens its sentence right
    before ", so" and a name or noun phrase is that speaker's, whatever its shape. (Inside a
    sentence, "das Buch „…“, so X" is a title; across sentences the one around its start would be lost.)"""
    tokens = a.tokens
    i = bisect.bisect_left(tokens.start, q.end)
    if last_unit is not first_unit or q.start > first_unit.start + 1 or i + 2 >= last_unit.t1 \
            or tokens.text[i] != "," or tokens.lower[i + 1] != "so":
        return None
    nxt = i + 2
    if not (tokens.flags[nxt] & CAP or tokens.lower[nxt] in _SO_ARTICLES) or tokens.flags[nxt] & (INQ | SPEECH):
        return None
    return -1, speaker(a, "after", Hit(_SO, i, i + 1, word_first=i + 1, word_last=i + 1), last_unit, None)


_SO_ARTICLES = frozenset("der die das ein eine einem einer".split())


def _continuation(a: Article, q: Quotation, first_unit: Unit, last_unit: Unit, after_quote: bool) -> Attribution:
    if not after_quote or a.has_flag(first_unit, SPEECH) or a.has_flag(last_unit, SPEECH):
        return None
    if len(a.text[q.start + 1:q.end - 1].split()) < 3:
        return None
    return -1, None


ATTRIBUTIONS: dict[str, Callable[[Article, Quotation, Unit, Unit, bool], Attribution]] = {
    "colon": _colon, "verb": _verb, "so": _so, "slogan": _slogan, "continuation": _continuation,
    "sentence": _sentence}
QUOTATION_CUES = tuple(c for c in CUES if c.kind == "quotation" and c.pattern in ATTRIBUTIONS)
_FRAGMENT = next(c for c in CUES if c.kind == "quotation" and c.pattern == "fragment")
_SO = next(c for c in CUES if c.kind == "quotation" and c.pattern == "so")


def fragment_quote(a: Article, q: Quotation, unit: Unit, reported: bool, reporter: Speaker | None,
                   inherited: Speaker | None) -> Suggestion | None:
    """A quotation no cue attributed, as a fragment of someone's words inside its
    sentence: from a lower-case letter, four words or more, or any number where the
    sentence is indirect or reported speech (`reported`, whose speaker `reporter` it gets)."""
    judged = _judged(a, q, unit)
    if _name_like(a, q) and not judged:
        return None
    words = _inner(a, q).split()
    if not words or (len(words) < 4 and not reported and not judged):
        return None
    if not _starts(words[0], str.islower) and not (reported and _predicate(words)) and not judged:
        return None
    cue = _FRAGMENT
    attrs = {"cue": cue.template.format(open=q.open, close=q.close), "rule": cue.id, "form": cue.form}
    who = reporter if reported and reporter else speaker(a, cue.speaker, Hit(cue, -1, -1), unit, inherited)
    if who:
        attrs.update(who.attrs())
    return Suggestion(q.start, q.end, C.QUOTE, attrs)


def _judged(a: Article, q: Quotation, unit: Unit) -> bool:
    """"bezeichnete den Plan als „Knaller aus Karlsruhe“", "Als „verpasste Chance“ beurteilte X …":
    two words or more in marks right after "als" in a sentence that judges with a verb of
    calling or rating are the judge's words, even where they look like a name (one word stays
    a term: `_one_word`)."""
    tokens = a.tokens
    i = bisect.bisect_left(tokens.start, q.start) - 1
    if i < unit.t0 or tokens.lower[i] != "als" or len(_inner(a, q).split()) < 2:
        return False
    return any(tokens.lower[j] in JUDGING_VERBS and not tokens.flags[j] & INQ for j in range(unit.t0, unit.t1))


def _predicate(words: list[str]) -> bool:
    """„Entschuldung weit entfernt“: from a capital, but ending in a lower-case word and
    no sentence of its own — someone's phrasing, where a name or title ends in a noun."""
    return len(words) >= 2 and _starts(words[0], str.isupper) and _starts(words[-1], str.islower) \
        and not any(ch in " ".join(words) for ch in ".!?")


def _name_like(a: Article, q: Quotation) -> bool:
    """„Baltic Meridian“, »Kiel am Morgen«: a name or title in quotation marks, no quote."""
    inner_start, inner_end = q.start + len(q.open), q.end - len(q.close)
    inner = a.text[inner_start:inner_end].strip()
    if not inner:
        return True
    for start, end, label, _ in a.article.entities:
        if start <= inner_start and end >= inner_end and label != "PER":
            return True
    words = inner.split()
    if 2 <= len(words) <= 4 and all(not w[0].isalpha() or w[0].isupper() for w in words):
        return True
    # "Initiative für einen Sauberen Kanal", "Gesetz zur Sicherung der Wasserstraßen": capitals
    # joined by articles and prepositions, no clause
    if len(words) < 3 or not words[0][0].isupper() or any(ch in inner for ch in ".!?,;"):
        return False
    return all(w[0].isupper() or not w[0].isalpha() or w.lower() in _NAME_JOINERS for w in words)


_NAME_JOINERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines und oder für gegen zur zum zu von vom im in am "
    "an auf aus mit bei über unter nach vor um ohne durch a the of for and la le de du et pour".split())
"""Lower-case words inside a name or title in marks ("Lotsen ohne Grenzen")."""


def _inner(a: Article, q: Quotation) -> str:
    return a.text[q.start + len(q.open):q.end - len(q.close)]


def _starts(word: str, case: Callable[[str], bool]) -> bool:
    """Whether the first letter of `word` ("[…]", "(Schiffs-)" skipped) is of that case."""
    letter = next((ch for ch in word if ch.isalpha()), "")
    return bool(letter) and case(letter)


def _after_colon(a: Article, position: int) -> int:
    """Where the colon right before `position` (only whitespace between) is, or 0."""
    i = position - 1
    while i > 0 and a.text[i].isspace():
        i -= 1
    return i if i > 0 and a.text[i] == ":" else 0


def _one_word(a: Article, q: Quotation) -> bool:
    """„Polizeistaat“ in "bezeichnete das als „Polizeistaat“": one word in marks is a
    term someone used or a scare quote, a quote only where a colon introduces it."""
    return len(a.text[q.start + len(q.open):q.end - len(q.close)].split()) == 1


def _colon_before(a: Article, position: int, unit: Unit) -> int | None:
    """Index of a ':' token right before `position` in `unit`, if any."""
    i = bisect.bisect_left(a.tokens.start, position) - 1
    if i >= unit.t0 and a.tokens.text[i] == ":":
        return i
    return None
