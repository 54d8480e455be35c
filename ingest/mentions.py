"""One article's names, made consistent after recognition: a name tagged once is tagged
wherever the article repeats it, with one label, and a person's surname alone is
tagged after the full name ("Mark Rutte" … "Rutte", "Ruttes").

A recognizer decides mention by mention and misses many repeats of a name it found
once (a small town: "bei Brunsbüttel", "in Brunsbüttel"); it also labels the same name
differently in different sentences. The label of a name is the one most of its
mentions have, where an untagged mention right after a locative preposition ("in",
"bei", "aus") counts as a place. Works on the stored text and its entity spans,
after spaCy, so it sees the whole article across paragraphs and chunks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Set
from types import MappingProxyType

from spacy.lang.de.stop_words import STOP_WORDS

from parallax.store.records import ArticleRecord, EntitySpan

LOCATIVE = frozenset({"in", "im", "bei", "aus", "nach", "nahe", "vor"})
"""Words after which a name is a place more often than not ("bei Brunsbüttel")."""

_MIN_CHARS = 3
_WORD_BEFORE = re.compile(r"(\w+)\s+$")


def make_consistent(
    record: ArticleRecord, common_nouns: Set[str] = frozenset(), fixed: Mapping[str, str] = MappingProxyType({})
) -> None:
    """Add the untagged repeats of the record's names and relabel every mention of
    a name to its majority label. A one-word name that is also a common noun
    ("Bund") is not spread: the recognizer may have meant the noun's sense. A name
    in `fixed` (countries and regions, with their genitives) always has its label
    there and is nobody's surname: "Südkoreas" is a place whatever a model said."""
    text = record.text
    entities = sorted(record.entities, key=lambda e: (e.start, e.end))
    taken = [False] * len(text)
    for e in entities:
        taken[e.start : e.end] = [True] * (e.end - e.start)

    def spreadable(name: str) -> bool:
        return (
            len(name) >= _MIN_CHARS
            and name[:1].isupper()
            and "\n" not in name
            and name.lower() not in STOP_WORDS
            and not (" " not in name and name in common_nouns)
        )

    names = {e.text for e in entities if spreadable(e.text)}
    names |= {e.text for e in entities if e.text in fixed}
    added: list[EntitySpan] = []
    # longer names first, so "Bündnis Blaue Küste" is not taken apart by "Blaue Küste"
    for name in sorted(names, key=len, reverse=True):
        for start, end in _occurrences(text, name):
            if not any(taken[start:end]):
                added.append(EntitySpan(start, end, "", name))
                taken[start:end] = [True] * (end - start)
    labels = _majority_labels(text, entities, added)

    labels.update((name, fixed[name]) for name in names if name in fixed)

    def surname_like(word: str) -> bool:
        # a double name is made of names: "Müller-Lüdenscheidt", not "Nord-Ostsee-Kanal";
        # a surname that is also a noun ("Holm") is the person once the full name was
        # there, unless an article makes it the noun (_lone_surnames)
        return (
            (spreadable(word) or word in common_nouns)
            and word not in fixed
            and ("-" not in word or common_nouns.isdisjoint(word.split("-")))
        )

    surnames = _surnames(entities, labels, surname_like)

    def label(e: EntitySpan) -> str:
        # after "Dirk Wendland", "Wendland" is him, not the region
        after = surnames.get(e.text, surnames.get(e.text[:-1] if e.text.endswith("s") else "", len(text)))
        return "PER" if e.start >= after else labels.get(e.text, e.label)

    mentions = [EntitySpan(e.start, e.end, label(e), e.text) for e in [*entities, *added]]
    mentions += _lone_surnames(text, surnames, taken, common_nouns)
    record.entities = sorted(mentions, key=lambda e: (e.start, e.end))


def _majority_labels(text: str, tagged: Iterable[EntitySpan], untagged: Iterable[EntitySpan]) -> dict[str, str]:
    votes: dict[str, Counter[str]] = {}
    order: dict[str, dict[str, int]] = {}
    for e in tagged:
        votes.setdefault(e.text, Counter())[e.label] += 1
        order.setdefault(e.text, {}).setdefault(e.label, e.start)
    for e in untagged:
        before = _WORD_BEFORE.search(text, max(0, e.start - 20), e.start)
        if before and before.group(1).lower() in LOCATIVE:
            votes[e.text]["LOC"] += 1
            order.setdefault(e.text, {}).setdefault("LOC", e.start)
    # most votes; a tie goes to the label seen first
    return {
        name: min(counts, key=lambda label: (-counts[label], order[name][label]))
        for name, counts in votes.items()
    }


def _surnames(
    entities: list[EntitySpan], labels: dict[str, str], spreadable: Callable[[str], bool]
) -> dict[str, int]:
    """The last words of the people's full names, each with where its first full
    name ends."""
    surnames: dict[str, int] = {}
    for e in entities:
        if labels.get(e.text, e.label) == "PER" and " " in e.text:
            last = e.text.rsplit(" ", 1)[1]
            if spreadable(last):
                surnames.setdefault(last, e.end)
    return surnames


def _lone_surnames(text: str, surnames: dict[str, int], taken: list[bool], common_nouns: Set[str]) -> list[EntitySpan]:
    """The untagged surnames, and their genitives, after the full name; a surname that
    is also a common noun not after an article ("der Holm")."""
    found = []
    for surname, after in surnames.items():
        for form in (surname, surname + "s"):
            for start, end in _occurrences(text, form, after):
                if surname in common_nouns and _after_article(text, start):
                    continue
                if not any(taken[start:end]):
                    found.append(EntitySpan(start, end, "PER", form))
                    taken[start:end] = [True] * (end - start)
    return found


ARTICLES = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "am", "im", "ins", "vom", "zum", "zur", "beim", "kein", "keine", "keinen", "keinem", "keiner", "keines",
})
"""Articles and the prepositions fused with one: a noun follows them, a surname rarely."""


def _after_article(text: str, start: int) -> bool:
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return bool(before) and before.group(1).lower() in ARTICLES


def _occurrences(text: str, name: str, start: int = 0) -> Iterable[tuple[int, int]]:
    """Where `name` stands as a whole word: not inside a longer word or a hyphenated
    compound ("Brunsbüttel-Nord"). `str.find` with the two neighbours checked: a
    regular expression per name (its look-behind defeats the literal-prefix search)
    cost a tenth of the import's time."""
    at = text.find(name, start)
    while at >= 0:
        end = at + len(name)
        if not (at and _joins(text[at - 1])) and not (end < len(text) and _joins(text[end])):
            yield at, end
            at = text.find(name, end)
        else:
            at = text.find(name, at + 1)


def _joins(char: str) -> bool:
    """A character that would make a name part of a longer word."""
    return char.isalnum() or char in "_-"
