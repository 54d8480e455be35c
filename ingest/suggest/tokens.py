"""The article's tokens as the rules see them: offsets in the article, lower-case
forms and word-class flags (speech verb, Konjunktiv I/II, evaluative, written
with a capital, …) that the cue patterns test with `@speech`, `@konj1`, ….

Flags that depend on the word alone come from the word lists in `ingest/data/`
(`word_flags`, kept per word); where a doc has morphology, Mood=Sub
replaces the Konjunktiv lists, and its lemmas extend the speech verbs. A speech
verb written as more than its token ("teilte … mit", "hieß es") is flagged once
the sentences are known (`mark_particle_verbs`).

A new word class for the cue table is a bit here, its names in `CLASSES` and
`CLASS_NAMES` (and a group in `CLASS_GROUPS`), and the line in `word_flags` (or
`Tokens._analysed`, or a pass like `mark_particle_verbs`) that sets it.
"""

from __future__ import annotations

import bisect
from typing import Any

from parallax.ingest import cues as C

from .sentences import Quotation, Unit

SPEECH, KONJ1, KONJ2, EVAL, CAP, LOW, NUM, INQ, PART, NUMWORD, DATEWORD = (1 << i for i in range(11))
"""INQ: inside quotation marks. PART: a finite form that is a speech verb only with its
particle ("teilte … mit"). NUMWORD, DATEWORD: words the figure and date regexes need."""

CLASSES: dict[str, int] = {
    "@speech": SPEECH, "@konj1": KONJ1, "@konj2": KONJ2, "@konj": KONJ1 | KONJ2,
    "@eval": EVAL, "@cap": CAP, "@low": LOW, "@num": NUM,
}
"""The word classes of the cue patterns: a token is of a class if it has one of its flags."""
CLASS_NAMES: dict[int, str] = {
    SPEECH: "SPEECH", KONJ1: "KONJ1", KONJ2: "KONJ2", EVAL: "EVAL", CAP: "CAP", LOW: "LOW", NUM: "NUM",
    INQ: "QUOTED",
}
"""The flags the rules' spaCy Docs carry as each token's `tag_` (`matching.RulesDocs`), by name."""
CLASS_GROUPS: tuple[tuple[int, ...], ...] = ((CAP, LOW, NUM), (KONJ1, KONJ2), (SPEECH,), (EVAL,), (INQ,))
"""A token has at most one flag of each group (the first letter decides the case; a
form is Konjunktiv I or II)."""

NOT_LOW = C.DETERMINERS | frozenset(
    "ich du er sie es wir ihr man sich mich dich uns euch ihm ihn ihnen".split())
"""Lower-case words that are no "@low" word: articles and pronouns."""


class Tokens:
    """The article's tokens in the zones the rules read, with article offsets and flags."""

    __slots__ = ("start", "end", "text", "orth", "lower", "flags", "verbs", "head", "dep", "has_morph", "has_dep")

    def __init__(self, docs: list[tuple[int, Any]], text: str):
        self.start: list[int] = []
        self.end: list[int] = []
        """Where each token ends in the article."""
        self.text: list[str] = []
        self.orth: list[int] = []
        """The text's hash in the pipeline's StringStore (spaCy's ORTH)."""
        self.lower: list[str] = []
        self.flags: list[int] = []
        self.verbs: dict[int, str] = {}
        """Speech verbs written as more than their token: "teilte…mit", "hieß es"."""
        self.head: list[int] = []
        self.dep: list[str] = []
        self.has_morph = self.has_dep = False
        for offset, doc in docs:
            morph, dep = doc.has_annotation("MORPH"), doc.has_annotation("DEP")
            self.has_morph |= morph
            self.has_dep |= dep
            if morph or dep or doc.has_annotation("LEMMA"):
                self._analysed(offset, doc)
            else:
                self._plain(offset, doc, text)

    def verb_of(self, i: int) -> str:
        return self.verbs.get(i) or self.text[i]

    def _plain(self, offset: int, doc, whole: str) -> None:
        """Tokens only (a blank pipeline or the offline recognizer): word lists decide.
        Written as comprehensions over the doc's arrays: this pass runs over every token
        of every article and led the rules' profile as a loop of appends."""
        first = len(self.text)
        idx, lengths, orths = doc.to_array(["IDX", "LENGTH", "ORTH"]).T.tolist() if len(doc) else ([], [], [])
        infos = list(map(_WORDS.get, orths))
        if None in infos:
            for i, info in enumerate(infos):
                if info is None:
                    start = offset + idx[i]
                    infos[i] = _learn(orths[i], whole[start:start + lengths[i]])
        if _SPACE in infos:  # whitespace has no text
            keep = [i for i, info in enumerate(infos) if info[0]]
            idx, lengths, orths, infos = ([column[i] for i in keep] for column in (idx, lengths, orths, infos))
        starts = [offset + i for i in idx]
        self.start.extend(starts)
        self.end.extend([start + n for start, n in zip(starts, lengths)])
        self.orth.extend(orths)
        text, lower, flags = zip(*infos) if infos else ((), (), ())
        self.text.extend(text)
        self.lower.extend(lower)
        self.flags.extend(flags)
        if "ich" in lower:
            for j in range(1, len(lower)):
                # first person indicative: "ich habe", "ich werde"
                if lower[j] in ("habe", "werde") and lower[j - 1] == "ich":
                    self.flags[first + j] &= ~KONJ1
        self.head.extend(range(len(self.head), len(self.text)))
        self.dep.extend([""] * (len(self.text) - len(self.dep)))

    def _analysed(self, offset: int, doc) -> None:
        """A trained pipeline's doc: Mood=Sub and lemmas where it has them, its parse."""
        morph, lemma, dep = doc.has_annotation("MORPH"), doc.has_annotation("LEMMA"), doc.has_annotation("DEP")
        lemmas = C.speech_verbs().lemmas
        index: dict[int, int] = {}
        for token in doc:
            if token.is_space:
                continue
            index[token.i] = len(self.text)
            text, lower, flags = _WORDS.get(token.orth) or _learn(token.orth, token.text)
            if morph:
                flags &= ~(KONJ1 | KONJ2)
                if "Sub" in token.morph.get("Mood"):
                    flags |= KONJ2 if "Past" in token.morph.get("Tense") else KONJ1
            elif flags & KONJ1 and lower in ("habe", "werde") and self.lower and self.lower[-1] == "ich":
                flags &= ~KONJ1
            if not flags & SPEECH and lemma and token.lemma_ in lemmas and token.pos_ in ("VERB", "AUX", ""):
                flags |= SPEECH
            self.start.append(offset + token.idx)
            self.end.append(offset + token.idx + len(text))
            self.text.append(text)
            self.orth.append(token.orth)
            self.lower.append(lower)
            self.flags.append(flags)
        for token in doc:
            if token.i in index:
                self.head.append(index.get(token.head.i, index[token.i]) if dep else index[token.i])
                self.dep.append(token.dep_ if dep else "")


_WORDS: dict[int, tuple[str, str, int]] = {}
"""A word's hash (spaCy's ORTH) → (the word, lower case, flags that depend on the word
alone); ("", "", 0) for whitespace. Bounded by `_learn`."""


_SPACE = ("", "", 0)


def _learn(orth: int, text: str) -> tuple[str, str, int]:
    if len(_WORDS) > 200_000:
        _WORDS.clear()
    info = _WORDS[orth] = _SPACE if text.isspace() else (text, *word_flags(text))
    return info


def word_flags(text: str) -> tuple[str, int]:
    """A word's lower case and the flags that depend on it alone."""
    lower = text.lower()
    # "[1][Lotsen": a link reference glued to a word by the text-only page
    first = text[text.rfind("]") + 1] if "]" in text[:-1] else text[0]
    flags = 0
    if first.isupper():
        flags |= CAP
    elif first.islower():
        if lower not in NOT_LOW:
            flags |= LOW
        if lower in C.konjunktiv_i():
            flags |= KONJ1
        elif lower in C.konjunktiv_ii():
            flags |= KONJ2
        # verbs are written in lower case: "Berichte" is a noun, "berichte" a verb
        verbs = C.speech_verbs()
        if lower in verbs.forms:
            flags |= SPEECH
        if lower in verbs.particles or lower in verbs.adjacent:
            flags |= PART
    elif first.isdigit():
        flags |= NUM
    if lower in C.evaluative():
        flags |= EVAL
    if lower in C.FIGURE_WORDS:
        flags |= NUMWORD
    if lower.startswith(C.DATE_PREFIXES):
        flags |= DATEWORD
    return lower, flags


def mark_quoted(tokens: Tokens, quotations: list[Quotation]) -> None:
    """Flag the tokens inside quotation marks (marks included) with INQ."""
    for q in quotations:
        i = bisect.bisect_left(tokens.start, q.start)
        while i < len(tokens.start) and tokens.start[i] < q.end:
            tokens.flags[i] |= INQ
            i += 1


def place_units(tokens: Tokens, units: list[Unit]) -> None:
    """Give each unit its token range t0 … t1."""
    starts = tokens.start
    for unit in units:
        unit.t0 = bisect.bisect_left(starts, unit.start)
        unit.t1 = bisect.bisect_left(starts, unit.end)


def mark_particle_verbs(tokens: Tokens, units: list[Unit]) -> None:
    """'teilte … mit', 'kündigte Holm an', 'hieß es': a speech verb only with its particle."""
    verbs = C.speech_verbs()
    lower, flags = tokens.lower, tokens.flags
    candidates = [i for i, f in enumerate(flags) if f & PART]
    if not candidates:
        return
    unit_t0 = [u.t0 for u in units]
    for i in candidates:
        k = bisect.bisect_right(unit_t0, i) - 1
        if k < 0 or i >= units[k].t1:
            continue
        unit = units[k]
        word = lower[i]
        following = verbs.adjacent.get(word)
        if following and i + 1 < unit.t1 and lower[i + 1] in following:
            flags[i] |= SPEECH
            tokens.verbs[i] = f"{tokens.text[i]} {tokens.text[i + 1]}"
            continue
        particles = verbs.particles.get(word)
        if not particles or flags[i] & SPEECH:
            continue
        for j in range(i + 1, unit.t1):
            if flags[j] & INQ:
                continue
            # the particle closes the clause: "teilte … mit." / "kündigte Holm an,"
            if lower[j] in particles and (j + 1 >= unit.t1 or not tokens.text[j + 1][0].isalnum()):
                flags[i] |= SPEECH
                tokens.verbs[i] = f"{tokens.text[i]}…{tokens.text[j]}"
                break
