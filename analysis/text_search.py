"""Story search as a reader means it: the words typed are one phrase, found in
any inflected form ("Südkorea" finds "Südkoreas", "hatte zuvor gemeldet"
finds "hatten zuvor gemeldet"), with offsets into the article text.

Words are compared by their Snowball German stems (`snowballstemmer`, the
same stems `analysis.names` compares names by). Snowball leaves the genitive
-s of names on ("Südkoreas", "Ruttes"), so a word of the text ending in s
also counts without it — the rule `analysis.names.strip_genitive` applies to
entity names. A part in double quotes is a phrase of its own, matched word
for word without stemming; the rest of the query, unquoted, is one stemmed
phrase. A quote without its partner is read as text.

The reader holds every article of the story, so the search runs over the
texts it already has: nothing to index at import or keep in step after a
merge, and the offsets are the text's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import stem

_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)"')

Token = tuple[int, int, str, frozenset[str]]
"""(start, end, the word case-folded, the stems it counts as)"""


def tokens(text: str) -> list[Token]:
    found = []
    for match in _WORD.finditer(text):
        word = match.group().casefold()
        stems = {stem(word)}
        if len(word) > 3 and word.endswith("s"):
            stems.add(stem(word[:-1]))
        found.append((match.start(), match.end(), word, frozenset(stems)))
    return found


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    stemmed: bool

    def matches(self, token: Token, word: str) -> bool:
        return word in token[3] if self.stemmed else word == token[2]


@dataclass(frozen=True)
class Query:
    phrases: tuple[Phrase, ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        phrases = []
        for quoted in _QUOTED.findall(text):
            words = tuple(w.casefold() for w in _WORD.findall(quoted))
            if words:
                phrases.append(Phrase(words, stemmed=False))
        rest = _QUOTED.sub(" ", text)
        words = tuple(stem(w) for w in _WORD.findall(rest))
        if words:
            phrases.append(Phrase(words, stemmed=True))
        return cls(tuple(phrases))

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def find(self, text_tokens: list[Token]) -> list[tuple[int, int]]:
        """Where any phrase occurs: from its first word's start to its last word's end, in text order."""
        found = set()
        for phrase in self.phrases:
            size = len(phrase.words)
            for i in range(len(text_tokens) - size + 1):
                if all(phrase.matches(text_tokens[i + j], word) for j, word in enumerate(phrase.words)):
                    found.add((text_tokens[i][0], text_tokens[i + size - 1][1]))
        return sorted(found)
