"""How a German news text writes a name, reduced to what identifies it.

- Case, hyphens and apostrophes do not matter: "Kim Jong-un" is "Kim Jong Un".
- The genitive does not: "Ruttes", "Putins", "Südkoreas", "Lars'" are Rutte,
  Putin, Südkorea, Lars when the story also has the base form.
- Organisations and places are compared by Snowball German stems (the
  Snowball project's stemmer, through `snowballstemmer`: a maintained,
  pure-Python implementation of the standard algorithm), so inflected words
  inside a name agree: "des Außenministeriums" / "das Außenministerium",
  "russische" / "russischen". Person names are not stemmed ("Lorenzen" is not
  "Lorenz").
- What stands before a name is read too: a nationality adjective or a
  genitive place before an institution qualifies it ("Südkoreas
  Außenministerium", "das russische Außenministerium" are two), and titles
  before a person ("Nato-Chef", "Machthaber") are the outlet's way of naming
  them (the naming table shows them).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# The word right before a position, on the same line (a line break ends a
# title: lists of tags and authors are not names' titles).
_PRECEDING = re.compile(r"([^\W\d_][\w-]*)[’']?[ \t\u00a0]+$", re.UNICODE)
_ADJECTIVE = re.compile(r"^[a-zäöüß-]+(?:isch|sch)(?:e|en|er|es|em)$")
STOP = frozenset(
    "der die das des dem den ein eine einer eines einem einen und oder für von vom im in am an zu zum zur "
    "auf aus bei beim mit nach über unter vor gegen durch".split())
_FUNCTION = STOP | frozenset(
    "auch aber doch als wie wenn dass so laut nun noch schon nur erst zuvor danach dann damit denn "
    "sagte sagt erklärte betonte hieß heißt meinte schrieb warnte forderte hatte hat ist war sind waren "
    "wird wurde werden soll sollen will wollen kann können muss müssen ob weil während seit bis "
    "was wer wo warum wann welche welcher welches dies diese dieser dieses jetzt heute gestern".split())


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer  # loads every language's stemmer (~20 ms): only once a name or a unit is stemmed

    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.casefold())


def words(text: str) -> tuple[str, ...]:
    """The words of a name, case-folded; hyphens and apostrophes split nothing off but themselves."""
    return tuple(w.casefold() for w in _WORD.findall(text))


def raw_key(text: str, label: str) -> tuple[str, ...]:
    """A mention's key before genitives are resolved: words for persons,
    stems without function words for everything else."""
    if label == "PER":
        return words(text)
    return tuple(stem(w) for w in words(text) if w not in STOP) or words(text)


def strip_genitive(key: tuple[str, ...], known: frozenset[str] | set[str]) -> tuple[str, ...]:
    """"ruttes" → "rutte" when "rutte" is a word the story has elsewhere."""
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") and w[:-1] in known else w for w in key)


def qualifier(text: str, start: int, place_words: frozenset[str] | set[str]) -> tuple[str, int] | None:
    """What qualifies an institution named at `start`: the nationality
    adjective ("russische") or genitive place ("Südkoreas") right before it,
    as a stem, and where that word starts."""
    found = _PRECEDING.search(text, max(0, start - 40), start)
    if found is None:
        return None
    word = found.group(1)
    if _ADJECTIVE.match(word):
        return stem(word), found.start(1)
    lowered = word.casefold()
    if word[0].isupper() and lowered.endswith("s") and (lowered[:-1] in place_words or stem(lowered[:-1]) in place_words):
        return stem(lowered[:-1]), found.start(1)
    return None


def epithet_start(text: str, start: int, sentence_start: int) -> int:
    """Where the titles before a person's name begin ("Südkoreas Präsident
    Yoon", "Nato-Chef Mark Rutte"): up to two capitalised words right before
    it, never a function word; `start` when there is none."""
    begin = start
    for _ in range(2):
        found = _PRECEDING.search(text, max(sentence_start, begin - 40), begin)
        if found is None:
            break
        word = found.group(1)
        if not word[0].isupper() or word.casefold() in _FUNCTION:
            break
        begin = found.start(1)
    return begin
