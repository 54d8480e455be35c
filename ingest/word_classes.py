"""What a word can be in a name, from the name lexicon: a first name, a surname, a
role word ("Nato-Sprecherin"), the head of an organisation's name ("…amt",
"Reederei", "GmbH"). Shared by the name tagger and the organisation finder, and
computed once per distinct word.

The lexicon travels with each component that uses it (`write_lexicon`,
`read_lexicon`); components loaded from the same files share one lexicon and one
cache of word classes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from spacy.lang.de.stop_words import STOP_WORDS
from spacy.strings import StringStore

from parallax.ingest.gazetteer import NameLexicon
from parallax.ingest.org_words import (
    GENERIC_ACRONYMS,
    HEAD_FORMS,
    HEAD_LENGTHS,
    LEGAL_FORMS,
    OFFICIAL_PREFIXES,
    OPENING_QUOTES,
    PERSON_TITLE_HEADS,
    SELF,
    VESSELS,
    Head,
)

SURNAME = 1  # may continue a name: capitalised, not itself a common noun ("Zuckerberg")
NAME = 2  # may also start one: not a compound of nouns either ("Militärkooperation")
FIRST = 4  # a first name
ROLE = 8  # a role word or a compound ending in one: "Nato-Sprecherin"
STOP_FIRST = 16  # a first name that is also a function word ("Anders"): only after a role word
SPECIAL = 32  # an organisation head, a legal form or a quotation mark: see `org_finder`
VESSEL = 64  # a word for a ship ("Containerschiff", "Frachter"): quoted names near it are ships

# Linking elements between the parts of a compound: "Regierungs|sprecher".
LINKS = ("s", "es", "n", "en", "e", "er")
_MAX_CACHED_WORDS = 500_000
_LEXICON_FILES = ("first_names", "surnames", "common_nouns", "role_forms")
EMPTY_LEXICON = NameLexicon(frozenset(), frozenset(), frozenset(), frozenset())


class WordClasses:
    """The classes of words (bit sets of the constants above), cached by string id,
    and the organisation heads among them."""

    def __init__(self, lexicon: NameLexicon) -> None:
        self.lexicon = lexicon
        self._role_lengths = sorted({len(form) for form in lexicon.role_forms})
        self._classes: dict[int, int] = {}
        self.heads: dict[str, Head] = {}
        """The head words met so far (every word of class SPECIAL but quotation marks)."""

    def of(self, orths: list[int], strings: StringStore) -> list[int]:
        """The class of each word, by its string id."""
        cache = self._classes
        if len(cache) > _MAX_CACHED_WORDS:
            cache.clear()
            self.heads.clear()
        classes = [cache.get(orth, -1) for orth in orths]
        if -1 in classes:
            for t, orth in enumerate(orths):
                if classes[t] == -1:
                    classes[t] = cache[orth] = self._classify(strings[orth])
        return classes

    def _classify(self, word: str) -> int:
        if word in OPENING_QUOTES or word in LEGAL_FORMS:
            if word in LEGAL_FORMS:
                self.heads[word] = Head("legal", word, "")
            return SPECIAL
        if not word[:1].isupper():
            return 0
        lexicon = self.lexicon
        lower = word.lower()
        word_class = (FIRST if word in lexicon.first_names else 0) | (VESSEL if lower.endswith(VESSELS) else 0)
        if lower in lexicon.role_forms or any(
            lower[-n:] in lexicon.role_forms for n in self._role_lengths if n <= len(lower) - 2
        ):
            word_class |= ROLE
        elif (head := self.head_of(word)) is not None:
            self.heads[word] = head
            word_class |= SPECIAL
        if lower in STOP_WORDS:
            return word_class ^ (FIRST | STOP_FIRST) if word_class & FIRST else word_class
        if len(word) > 1 and word.isupper():
            return word_class
        if word in lexicon.first_names or word in lexicon.surnames:
            return word_class | SURNAME | NAME
        parts = [part[:1].upper() + part[1:] for part in word.replace("’", "").replace("'", "").split("-")]
        if not all(part.isalpha() and part not in lexicon.common_nouns for part in parts):
            return word_class
        word_class |= SURNAME
        if not any(self.is_compound_noun(part) for part in parts):
            word_class |= NAME
        return word_class

    def is_compound_noun(self, word: str) -> bool:
        """Two nouns in one: "Militär|kooperation", "Zaren|knecht". Both halves must
        be nouns, as names end in nouns by chance ("Apple|baum")."""
        nouns = self.lexicon.common_nouns
        for i in range(3, len(word) - 2):
            if word[i].upper() + word[i + 1 :] in nouns:
                head = word[:i]
                if head in nouns or any(
                    head.endswith(link) and head[: -len(link)] in nouns for link in LINKS
                ):
                    return True
        return False

    def head_of(self, word: str) -> Head | None:
        """What `word` is as the head of an organisation's name: "Schifffahrtsamt"
        (an office, closed compound), "EU-Kommission" (hyphenated, with a name part),
        "Reederei" (a company word, bare), "GmbH" (a legal form); None for the rest."""
        lower = word.lower()
        for n in HEAD_LENGTHS:
            if n <= len(lower) and (entry := HEAD_FORMS.get(lower[-n:])):
                break
        else:
            return None
        lemma, kind = entry
        modifier = word[: len(word) - n]
        if not modifier:
            return Head(kind, lemma, "")
        # "Kraftfahrt-Bundesamt": the hyphenated parts, then the last part's own modifier
        *parts, closed = modifier.split("-")
        named = any(self.name_part(part) for part in parts)
        if not closed:
            return Head(kind, lemma, modifier, hyphen=True, named=named)
        # "…ministerium", "…kommando", "…polizei" end nothing but compounds
        # ("Außen|ministerium"); other heads need a noun before them ("Samt", "Apparat").
        if len(closed) < 3 or (kind != SELF and not self._nounish(closed)):
            return None
        official = closed.startswith(OFFICIAL_PREFIXES) and lemma not in PERSON_TITLE_HEADS
        return Head(kind, lemma, modifier, hyphen=bool(parts), named=named, official=official)

    def _nounish(self, modifier: str) -> bool:
        """The first part of a compound is a noun, maybe with a linking element:
        "Schifffahrts|amt", "Hafenwirtschafts|verband"."""
        nouns = self.lexicon.common_nouns
        stems = [modifier] + [
            modifier[: -len(link)]
            for link in LINKS
            if modifier.endswith(link) and len(modifier) - len(link) >= 3
        ]
        return any(stem in nouns or self.is_compound_noun(stem) for stem in stems)

    def name_part(self, part: str) -> bool:
        """A part of a hyphenated compound that names something: an acronym ("EU"),
        a name ("Planck", "Robert"), not a common noun ("Hanse")."""
        if len(part) >= 2 and part.isupper():
            return part not in GENERIC_ACRONYMS
        lexicon = self.lexicon
        if part in lexicon.first_names or part in lexicon.surnames:
            return True
        return part[:1].isupper() and part.isalpha() and part not in lexicon.common_nouns

    def known_name(self, word: str) -> bool:
        """A first name or surname ("Lindner")."""
        return word in self.lexicon.first_names or word in self.lexicon.surnames


_SHARED: dict[str, tuple[NameLexicon, WordClasses]] = {}
"""Lexicons in use, by the digest of their files (or the object's id): the
components of one pipeline read the same lists and share them and their classes."""
_SHARED_MAX = 4


def word_classes(lexicon: NameLexicon) -> WordClasses:
    """The word classes of `lexicon`, shared by every component that uses the
    same lexicon object."""
    for shared, classes in _SHARED.values():
        if shared is lexicon:
            return classes
    return _share(f"object {id(lexicon)}", lexicon)


def write_lexicon(lexicon: NameLexicon, path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for name in _LEXICON_FILES:
        words = sorted(getattr(lexicon, name))
        (path / f"{name}.txt").write_text("\n".join(words), encoding="utf-8")


def read_lexicon(path: Path) -> NameLexicon:
    data = {name: (path / f"{name}.txt").read_bytes() for name in _LEXICON_FILES}
    digest = hashlib.sha256(b"\0".join(data.values())).hexdigest()
    if digest in _SHARED:
        return _SHARED[digest][0]
    lists = {name: frozenset(raw.decode("utf-8").split("\n")) - {""} for name, raw in data.items()}
    return _share(digest, NameLexicon(**lists)).lexicon


def _share(key: str, lexicon: NameLexicon) -> WordClasses:
    while len(_SHARED) >= _SHARED_MAX:
        del _SHARED[next(iter(_SHARED))]
    _SHARED[key] = (lexicon, WordClasses(lexicon))
    return _SHARED[key][1]


class LexiconComponent:
    """A pipeline component that reads words through a lexicon's word classes and
    stores the lexicon with the pipeline (`nlp.to_disk` / `spacy.load`)."""

    classes: WordClasses

    @property
    def lexicon(self) -> NameLexicon:
        return self.classes.lexicon

    @lexicon.setter
    def lexicon(self, lexicon: NameLexicon) -> None:
        self.classes = word_classes(lexicon)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        write_lexicon(self.lexicon, Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LexiconComponent:
        self.lexicon = read_lexicon(Path(path))
        return self
