"""Which cues a sentence can match at all (by the words and flags each needs), and
whether a cue matches a sentence, by the cue's kind (`Cue.kind`):

    tokens    its token pattern, on spaCy's Matcher (`matching.match_tokens`)
    regex     a regular expression of `cues.REGEXES` (figures, dates)
    zone      the sentence lies in one of the zones named (the editorial)
    dep       its dependency pattern, on spaCy's DependencyMatcher (trained pipelines)
    heading   a heading "X: …" whose X is a person, organisation or role
    next      the next sentence opens with a word of the pattern and a speech verb ("Das sagte X.")

and what the rules need to know of a sentence besides: its words and flags for the
quick tests, whether it asks a question, and the rendered cue of a hit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import reduce
from operator import or_

from parallax.ingest import cues as C
from parallax.ingest.cues import CUES, Cue

from .article import Article
from .matching import Hit, first_dependency, match_tokens
from .patterns import TOKEN_CUES
from .sentences import Unit
from .tokens import CAP, DATEWORD, INQ, NUM, NUMWORD, SPEECH

_SPACE = re.compile(r"\s+")
_W_WORDS = frozenset("was wer wie warum wieso weshalb wo wohin woher wann welche welcher welches".split())


def match(a: Article, cue: Cue, unit: Unit, k: int) -> Hit | None:
    """The cue's hit in unit `k` (`unit`), or None."""
    kind = KINDS.get(cue.kind)
    if kind is None:
        raise ValueError(f"cue {cue.id}: unknown kind {cue.kind!r}")
    return kind(a, cue, unit, k)


def _tokens(a: Article, cue: Cue, unit: Unit, k: int) -> Hit | None:
    return match_tokens(a.docs, cue, k) if a.docs is not None else None


def _regex(a: Article, cue: Cue, unit: Unit, k: int) -> Hit | None:
    m = C.REGEXES[cue.pattern].search(a.text, unit.start, unit.end)
    return Hit(cue, -1, -1, text=_SPACE.sub(" ", m.group())) if m else None


def _zone(a: Article, cue: Cue, unit: Unit, k: int) -> Hit | None:
    if unit.zone not in cue.pattern.split():
        return None
    text = a.text[unit.start:unit.end]
    if text.endswith(":") and len(text.split()) <= 3:
        return None
    return Hit(cue, -1, -1)


def _dependency(a: Article, cue: Cue, unit: Unit, k: int) -> Hit | None:
    return first_dependency(a.docs, cue, unit) if a.tokens.has_dep else None


def _heading(a: Article, cue: Cue, unit: Unit, k: int) -> Hit | None:
    if unit.zone not in C.HEADING_ZONES:
        return None
    tokens = a.tokens
    for colon in range(unit.t0 + 1, min(unit.t0 + 3, unit.t1)):
        if tokens.text[colon] != ":":
            continue
        if unit.t1 - colon - 1 < 3 or not all(tokens.flags[i] & CAP for i in range(unit.t0, colon)):
            return None
        head = tokens.lower[colon - 1]
        entity = a.entity_ending_at(tokens.start[colon])
        roles = C.role_words()
        if entity or head in C.SPEAKER_NOUNS or head.split("-")[-1] in roles \
                or any(head.endswith(r) for r in roles if len(r) > 4):
            return Hit(cue, unit.t0, colon)
        return None
    return None


def _next(a: Article, cue: Cue, unit: Unit, k: int) -> Hit | None:
    """The next sentence of the paragraph opens with one of the pattern's words and a
    speech verb ("Das berichtete die Zeitung."): it names the source of this one."""
    if k + 1 >= len(a.units) or a.units[k + 1].zone_index != unit.zone_index:
        return None
    tokens, after = a.tokens, a.units[k + 1]
    t = after.t0
    if t + 1 >= after.t1 or tokens.lower[t] not in cue.pattern.split("|") \
            or tokens.flags[t + 1] & INQ or not tokens.flags[t + 1] & SPEECH:
        return None
    return Hit(cue, t, t + 1, verb=t + 1)


KINDS: dict[str, Callable[[Article, Cue, Unit, int], Hit | None]] = {
    "tokens": _tokens, "regex": _regex, "zone": _zone, "dep": _dependency, "heading": _heading, "next": _next}


def view(a: Article, unit: Unit) -> tuple[set[str], int]:
    """A sentence's lower-case words and its flags ORed, for quick tests: a superset
    of those outside quotation marks, which the patterns read."""
    found = unit.view
    if found is None:
        flags = a.tokens.flags[unit.t0:unit.t1]
        found = unit.view = (set(a.tokens.lower[unit.t0:unit.t1]), reduce(or_, flags, 0))
    return found


def question(a: Article, unit: Unit) -> bool:
    """Ends in "?", or a heading "X: Was … kostet" / "Wer bezahlt …" (often cut before its "?")."""
    if a.text[unit.end - 1] == "?":
        return True
    if unit.zone in C.HEADING_ZONES:
        tokens = a.tokens
        for i in range(unit.t0, unit.t1 - 1):
            if tokens.text[i] == ":" and tokens.lower[i + 1] in _W_WORDS:
                return True
    return False


def render(a: Article, cue: Cue, hit: Hit) -> str:
    """The cue as stored in `attrs.cue`: the cue's template filled from the hit."""
    tokens = a.tokens
    return cue.template.format(
        verb=tokens.verb_of(hit.verb) if hit.verb >= 0 else "",
        konj=tokens.text[hit.konj] if hit.konj >= 0 else "",
        hit=hit.text, open="", close="")


# -- which cues a sentence can match at all -------------------------------------------------


_REGEX_NEEDS = {"FIGURE": (NUM, NUMWORD), "DATE": (NUM, DATEWORD)}
"""A regex cue is tried only on sentences with one of these flags (a digit, a number or date word)."""


Needs = tuple[tuple[tuple[frozenset[str], ...], int, tuple[int, ...]], ...]


def quick(cue: Cue) -> Needs:
    """Per alternative of a cue what a sentence needs for it (empty: always try it):
    (word groups it needs a word of each, flags it needs all of, flag sets it needs one of each)."""
    if cue.kind == "regex":
        return tuple(((), flag, ()) for flag in _REGEX_NEEDS[cue.pattern])
    if cue.kind != "tokens":
        return ()
    needs = []
    for parts in TOKEN_CUES[cue.id]:
        flags = [f for part in parts if not part.negated for f in part.needs_flags]
        needs.append((tuple(w for part in parts if not part.negated for w in part.needs_words),
                      sum({f for f in flags if f & (f - 1) == 0}), tuple(f for f in flags if f & (f - 1))))
    return tuple(needs)


SENTENCE_CUES = tuple((c, quick(c)) for c in CUES if c.kind not in ("quotation", "zone") or c.label == C.OPINION)
"""The cues tried on every sentence, in table order (quotations and comments have their own
pass), each with its quick test."""


def _triggers() -> tuple[tuple[int, ...], dict[str, tuple[int, ...]], tuple[tuple[int, tuple[int, ...]], ...]]:
    """Which sentence cues a sentence can possibly match, by one word or flag each
    alternative needs: (cues to try always, word → cues, (flag, cues) pairs)."""
    always: list[int] = []
    words: dict[str, list[int]] = {}
    flags: dict[int, list[int]] = {}
    for j, (_cue, needs) in enumerate(SENTENCE_CUES):
        if not needs:
            always.append(j)
        for groups, wanted, sets in needs:
            if groups:
                for word in groups[0]:
                    words.setdefault(word, []).append(j)
            elif wanted:
                flags.setdefault(wanted & -wanted, []).append(j)
            elif sets:
                bits = sets[0]
                while bits:
                    bit = bits & -bits
                    flags.setdefault(bit, []).append(j)
                    bits ^= bit
            else:
                always.append(j)
    return (tuple(sorted(set(always))), {w: tuple(js) for w, js in words.items()},
            tuple((bit, tuple(js)) for bit, js in flags.items()))


_ALWAYS, _TRIGGER_WORDS, _TRIGGER_FLAGS = _triggers()


def _group_bits() -> tuple[dict[frozenset[str], int], dict[str, int]]:
    """A bit for every word group the token patterns need (`patterns.Part.needs_words`,
    negated sides included), and every word → the bits of the groups it is in."""
    groups = sorted({group for alternatives in TOKEN_CUES.values() for parts in alternatives
                     for part in parts for group in part.needs_words}, key=sorted)
    bit_of = {group: 1 << n for n, group in enumerate(groups)}
    words: dict[str, int] = {}
    for group, bit in bit_of.items():
        for word in group:
            words[word] = words.get(word, 0) | bit
    return bit_of, words


_GROUP_BIT, _WORD_BITS = _group_bits()

Need = tuple[int, int, tuple[int, ...]]
"""What a sentence needs: (word groups it needs a word of each, as `_GROUP_BIT` bits;
flags it needs all of; flag sets it needs one of each)."""


def _need(groups, flags) -> Need:
    return (sum({_GROUP_BIT[g] for g in groups}), sum({f for f in flags if f & (f - 1) == 0}),
            tuple(f for f in flags if f & (f - 1)))


def _plan(cue: Cue) -> tuple[tuple[Need, tuple[tuple[tuple[str, int, int], Need | None], ...]], ...]:
    """Per alternative of a sentence cue (none: always try it): what a sentence needs
    for it (its positive sides together), and its sides of "&" for the Matcher with
    what a sentence needs for each negated one (None for the positive ones)."""
    if cue.kind == "regex":
        return tuple((((0, flag, ()), ())) for flag in _REGEX_NEEDS[cue.pattern])
    if cue.kind != "tokens":
        return ()
    return tuple(
        (_need([g for part in parts if not part.negated for g in part.needs_words],
               [f for part in parts if not part.negated for f in part.needs_flags]),
         tuple(((cue.id, a, p), _need(part.needs_words, part.needs_flags) if part.negated else None)
               for p, part in enumerate(parts)))
        for a, parts in enumerate(TOKEN_CUES[cue.id]))


_PLANS = tuple(_plan(cue) for cue, _needs in SENTENCE_CUES)


def _met(need: Need, hits: int, mask: int) -> bool:
    groups, bits, sets = need
    return hits & groups == groups and mask & bits == bits and all(mask & f for f in sets)


def cues_and_sides(words: set[str], mask: int) -> tuple[list[int], tuple[tuple[str, int, int], ...]]:
    """The sentence cues (indices into SENTENCE_CUES, in table order) that a sentence
    with these words and flags may match, and the sides (cue id, alternative, side)
    of their "tokens" cues worth matching: those of the alternatives whose positive
    sides may match, but no negated side that cannot match. The words count through
    the word groups they meet, as bits, so each test is a few operations on ints."""
    hits = 0
    for word in words & _WORD_BITS.keys():
        hits |= _WORD_BITS[word]
    found = set(_ALWAYS)
    for word in words & _TRIGGER_WORDS.keys():
        found.update(_TRIGGER_WORDS[word])
    for bit, indices in _TRIGGER_FLAGS:
        if mask & bit:
            found.update(indices)
    cues: list[int] = []
    sides: list[tuple[str, int, int]] = []
    for j in sorted(found):
        alternatives = _PLANS[j]
        if not alternatives:
            cues.append(j)
            continue
        possible = False
        for (groups, bits, sets), parts in alternatives:
            # _met, written out: this runs for every alternative triggered in every sentence
            if hits & groups == groups and mask & bits == bits and (not sets or all(mask & f for f in sets)):
                possible = True
                for side, negated in parts:
                    if negated is None or _met(negated, hits, mask):
                        sides.append(side)
        if possible:
            cues.append(j)
    return cues, tuple(sides)
