"""Capitalised ordinary words at the start of a sentence that the model took for a
person: "Politisch macht er es sich zu leicht", "Juristisch mag das stimmen".

German capitalises every sentence's first word, so there the model cannot tell an
adverb from a surname by its shape. A one-word person there is dropped when the
word is an ordinary word by what we ship or by the article itself: a function word
(spaCy's German stop words: "Ganze"), an adjective by its ending ("-isch", "-lich"),
or a word the same article also writes in lower case. It stays when the
name lexicon lists it as a first name or surname, or when the article tags the same
word as a person where it does not start a sentence ("… sagte Hart."). Runs before
`ingest.mentions`, whose lone-surname step still tags the word after a full name
("Jan Hart … Hart sagte").

Nouns of the german-nouns table (or compounds of them) are not dropped, nor are other
labels: on GermEval dev that cost more correct names ("Madonna", "Hanse", "Grissmann";
"Deutschland") than it removed wrong ones (bench/README.md, "Quality: entities").

An article and a common noun opening a sentence, taken for a title (MISC: „Der Kanal ist
eine Bundeswasserstraße“), are dropped where the article also writes the noun after a
lower-case article ("den Kanal"): titles of that shape are real in GermEval ("Der Sturm",
a film) but are not written as an ordinary noun phrase beside it; names of organisations
("Die Linke", "Die Zeit") are another label and stay.
"""

from __future__ import annotations

import re
from collections.abc import Set

from spacy.lang.de.stop_words import STOP_WORDS

from parallax.ingest.gazetteer import NameLexicon
from parallax.ingest.org_words import ARTICLES
from parallax.store.records import ArticleRecord, EntitySpan

ADJECTIVE_ENDINGS = ("isch", "lich")
"""Endings of German adjectives and adverbs ("juristisch", "schließlich") that no
common noun has and few names: a listed surname ("Fröhlich") is kept anyway."""
_MIN_STEM = 3
_OPENING = "„»\"'‚‹“([{-–— \t"
"""What may stand between a sentence's start and its first word."""


def drop_sentence_initial_words(
    record: ArticleRecord, lexicon: NameLexicon, labels: Set[str] = frozenset({"PER"})
) -> None:
    """Remove from `record.entities` the one-word entities with a label in `labels`
    that start a sentence and are ordinary words, and the article-and-noun titles that
    are ordinary noun phrases (see the module's docstring)."""
    text = record.text
    starts = {start for start, _ in record.sentences}
    initial = {id(e) for e in record.entities if _starts_sentence(text, e.start, starts)}
    # the same word tagged with the same label inside a sentence: the model saw a name
    inside = {(e.text, e.label) for e in record.entities if id(e) not in initial}
    lower_words: set[str] | None = None

    def ordinary(word: str) -> bool:
        nonlocal lower_words
        if word in lexicon.first_names or word in lexicon.surnames:
            return False
        lower = word.lower()
        if lower in STOP_WORDS:
            return True
        if lower.endswith(ADJECTIVE_ENDINGS) and len(lower) - 4 >= _MIN_STEM:
            return True
        if lower_words is None:
            lower_words = {w for w in re.findall(r"\w+", text) if w[:1].islower()}
        return lower in lower_words

    def ordinary_phrase(phrase: str) -> bool:
        words = phrase.split()
        if len(words) != 2 or words[0].lower() not in ARTICLES or words[1] not in lexicon.common_nouns:
            return False
        # the lower-case article: the noun phrase where it does not open a sentence
        return re.search(rf"\b(?:{'|'.join(ARTICLES)})\s+{re.escape(words[1])}\b", text) is not None

    def dropped(e: EntitySpan) -> bool:
        if id(e) not in initial or (e.text, e.label) in inside:
            return False
        if e.label == "MISC" and ordinary_phrase(e.text):
            return True
        return e.label in labels and e.text.isalpha() and e.text[:1].isupper() and ordinary(e.text)

    record.entities = [e for e in record.entities if not dropped(e)]


def _starts_sentence(text: str, start: int, starts: Set[int]) -> bool:
    """Whether only opening marks stand between a sentence's start and `start`."""
    at = start
    while at > 0 and at not in starts and text[at - 1] in _OPENING:
        at -= 1
    return at in starts
