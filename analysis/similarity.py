"""What two passages of a story share: the scoring behind the reader's align
(which sentence of another article reports what this one does?) and the link
suggestions (`analysis.link_suggest`).

A passage is scored against each candidate by what they share: entities
(the strongest signal across outlets), numbers (figures are copied, wording
is not) and content words, each weighted by how rare it is among the
candidates (`idf`). Pure Python, so it is tested without a screen.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

_WORD = re.compile(r"[^\W\d_]{4,}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# The commonest German function words of four letters or more; shorter ones
# are already dropped by the length rule.
STOPWORDS = frozenset(
    "aber alle allem allen aller alles also andere anderen auch auf aus bei beim bereits bis dabei damit dann "
    "darauf darum dass davon dazu denn dennoch deren derer dies diese diesem diesen dieser dieses doch dort "
    "durch eine einem einen einer eines etwa gegen haben habe hatte hatten hier hinter immer ihre ihrem ihren "
    "ihrer jedoch jetzt kann kein keine können könnte mehr mit nach nicht noch nun oder ohne schon sehr sein "
    "seine seinem seinen seiner seit sich sie sind soll sollen solle sowie über unter viel vom von vor wann "
    "waren warum weil weiter welche wenn werde werden wird wieder will wollen wurde wurden würde zwar zwischen "
    "sagte sagt erklärte laut".split()
)


def normalise_entity(text: str) -> str:
    """"Russlands" and "Russland", "Putins" and "Putin" are one entity."""
    key = text.casefold().strip()
    return key[:-1] if len(key) > 4 and key.endswith("s") else key


def features(text: str, start: int, end: int, entities: Sequence[tuple[int, int, str, str]]) -> tuple[set, set, set]:
    """`entities` sorted by start, as the store returns them."""
    piece = text[start:end]
    names = set()
    for entity in entities[bisect_left(entities, (start,)):]:
        if entity[0] >= end:
            break
        if entity[1] <= end:
            names.add(normalise_entity(entity[3]))
    numbers = {n.replace(".", "").replace(",", "") for n in _NUMBER.findall(piece)}
    words = {w.casefold() for w in _WORD.findall(piece)} - STOPWORDS
    # "Kiel-Holtenau" and "Wasserstraßen- und Schifffahrtsamt" are one feature, not also their words
    name_words = {normalise_entity(w) for name in names for w in _WORD.findall(name)}
    words = {w for w in words if normalise_entity(w) not in name_words}
    return names, numbers, words


WEIGHTS = (2.0, 3.0, 1.0)
"""Entities and figures survive rewording, so they outweigh content words;
a shared figure is the strongest sign of the same fact."""


def _tokens(features: tuple[set, set, set]) -> dict[str, float]:
    return {f"{kind}:{item}": weight
            for kind, items, weight in zip("enw", features, WEIGHTS) for item in items}


def idf(documents: Sequence[Iterable[str]]) -> Callable[[str], float]:
    """A token's weight by how few of `documents` hold it: log(1 + N / df);
    a token none holds counts as held by one."""
    frequency: Counter[str] = Counter()
    for tokens in documents:
        frequency.update(set(tokens))
    total = len(documents)
    return lambda token: math.log(1 + total / (frequency.get(token) or 1))


def best_match(
    source: tuple[set, set, set],
    text: str,
    sentences: Sequence[tuple[int, int]],
    entities: Sequence[tuple[int, int, str, str]],
) -> tuple[int, int] | None:
    """The sentence of `text` most like `source`; None when nothing is shared.

    A candidate scores the weight of the source's features it shares, each
    feature weighted by its inverse frequency among the candidate sentences:
    the city every other sentence names counts little, the figure only one
    sentence has counts much, so a one-word dateline cannot win on a single
    shared name. Ties go to the shorter sentence (less unrelated text).
    """
    candidates = [_tokens(features(text, start, end, entities)) for start, end in sentences]
    rarity = idf(candidates)
    wanted = {t: w * rarity(t) for t, w in _tokens(source).items()}
    best, best_score = None, (0.0, 0)
    for span, tokens in zip(sentences, candidates):
        value = (sum(wanted[t] for t in wanted.keys() & tokens.keys()), -len(tokens))
        if value[0] > 0 and value > best_score:
            best, best_score = span, value
    return best
