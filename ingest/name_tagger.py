"""People, as a spaCy component (`parallax_names`): names announced by a role word
or a first name, then their surnames wherever they recur in the article.

It keeps the entities already on the doc (from an entity ruler or a trained `ner`)
unless a name it finds overlaps them, so it can run after either.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import ORTH
from spacy.lang.de.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from parallax.ingest.gazetteer import PLACE, NameLexicon
from parallax.ingest.org_words import ABSTRACT_ENDINGS, NOT_SURNAMES
from parallax.ingest.word_classes import (
    EMPTY_LEXICON,
    FIRST,
    NAME,
    ROLE,
    STOP_FIRST,
    SURNAME,
    LexiconComponent,
)

NAMES_FACTORY = "parallax_names"
ARTICLE_KEY = "parallax_article"
"""`doc.user_data` key: consecutive docs with the same object under it are paragraphs
of one article, and a person named in one is recognised by surname in the later ones."""

ALIAS = "alias"
"""Entity id of a surname standing for a person named before: an organisation's
name may take it in ("Firma Benz & Co" after "Carl Benz")."""

_MAX_NAME_TOKENS = 4

KOREAN_FAMILY_NAMES = frozenset(
    "Ahn Bae Baek Bang Byun Cha Chae Chang Cho Choe Choi Choo Chu Chun Chung Gong Han Heo Hong "
    "Hwang Hyun Jang Jeon Jeong Jin Joo Jung Kang Kim Koo Kwak Kwon Lee Lim Min Moon Nam Noh Paik "
    "Park Pyo Rhee Roh Ryu Seo Shin Sohn Son Song Suh Sung Won Woo Yang Yoo Yoon Yun".split()
)
"""Korean family names as German news romanise them (two-letter ones such as "An",
"Im", "Oh" are left out: they are German words too). Followed by a given name of two
syllables ("Park Sun Won", "Choo Kyung Ho", "Lee Jae-myung"), they are one person's
name, whose syllables are often common words ("Won") or unknown to the lexicon."""
_MAX_SYLLABLE = 6


class NameTagger(LexiconComponent):
    """Tags people announced by a role word or a first name ("Kreml-Sprecher Dmitri
    Peskow", "Mark Rutte"), then every bare mention of a tagged person's surname in
    the same doc or in later paragraphs of the same article ("sagte Rutte", "Ruttes")."""

    def __init__(self, vocab: Vocab, lexicon: NameLexicon | None = None) -> None:
        self.vocab = vocab
        self.lexicon = lexicon or EMPTY_LEXICON
        self._article: object = None
        self._article_seen: set[int] = set()

    def _role_alone(self, ent: Span, classes: list[int]) -> bool:
        """A trained recognizer's person that is one role word, or a compound ending in
        one ("Marineoberst" in "Marineoberst außer Dienst"), names nobody, unless the
        word is also a listed name ("Richter")."""
        if ent.label_ != "PER" or len(ent) != 1 or not classes[ent.start] & ROLE:
            return False
        word = ent.text
        return word not in self.lexicon.surnames and word not in self.lexicon.first_names

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orths: list[int] = doc.to_array(ORTH).tolist()
        classes = self.classes.of(orths, self.vocab.strings)
        ents = [
            _without_role(ent, classes) for ent in doc.ents if not self._role_alone(ent, classes)
        ]
        trimmed = len(ents) < len(doc.ents) or any(ent.start != before.start for ent, before in zip(ents, doc.ents))
        owner = {t: ent for ent in ents for t in range(ent.start, ent.end)}

        def free(t: int) -> bool:
            """Not an entity, or one word that may be part of a longer name: a
            short form ("Kim" of "Kim Hong Kyun") or a minor place ("Austin")."""
            ent = owner.get(t)
            return ent is None or (
                len(ent) == 1 and (ent.label_ == "PER" or (ent.label_ == "LOC" and ent.id_ == PLACE))
            )

        def run_end(start: int, first: int) -> int:
            """End of the name words from `start` within one sentence; the first
            must be of class `first`, the others may be any surname-like word."""
            end = start
            while (
                end < len(doc)
                and end - start < _MAX_NAME_TOKENS
                and classes[end] & (first if end == start else SURNAME)
                and not classes[end] & ROLE
                and free(end)
                and not doc[end].is_sent_start
            ):
                end += 1
            return end

        def noun_surname(t: int) -> bool:
            """After a role word and a first name, a capitalised noun is the surname
            ("Reederei-Sprecher Lars Holm") unless it is plainly a time or amount."""
            if t >= len(doc) or classes[t] & (SURNAME | ROLE) or not free(t) or t in owner:
                return False
            word = self.vocab.strings[orths[t]]
            return (
                word[:1].isupper()
                and word.isalpha()
                and not word.isupper()
                and word.lower() not in STOP_WORDS
                and word not in NOT_SURNAMES
                and not word.endswith(ABSTRACT_ENDINGS)
                and not doc[t].is_sent_start
            )

        found = self._korean_names(doc)
        noun_surnames: set[int] = set()
        for i, word_class in enumerate(classes):
            # Right after a role word a place is no name: "Botschafter Seouls".
            after_role = owner.get(i + 1)
            if word_class & ROLE and (after_role is None or after_role.label_ == "PER"):
                first = i + 1
                if first < len(doc) and classes[first] & STOP_FIRST and free(first):
                    end = run_end(first + 1, SURNAME)  # "Geschäftsführer Anders Møllerup"
                    end = end if end > first + 1 else first
                else:
                    end = run_end(first, NAME)
                if end == first + 1 and classes[first] & FIRST and noun_surname(end):
                    noun_surnames.add(end)
                    end += 1
                if end > first:
                    found.append(Span(doc, first, end, label="PER"))
            if word_class & FIRST and free(i):
                if (end := run_end(i + 1, SURNAME)) > i + 1:
                    found.append(Span(doc, i, end, label="PER"))
        covered = {t for span in found for t in range(span.start, span.end)}
        aliases = self._aliases(found + [ent for ent in ents if ent.label_ == "PER"], classes, orths)
        aliases.update(self._noun_aliases(noun_surnames, orths))
        aliases |= self._article_aliases(doc, aliases)
        for t, orth in enumerate(orths):
            if orth in aliases and t not in covered and free(t):
                found.append(Span(doc, t, t + 1, label="PER", span_id=ALIAS))
        if found or trimmed:
            covered = {t for span in found for t in range(span.start, span.end)}
            kept = [ent for ent in ents if not covered.intersection(range(ent.start, ent.end))]
            doc.ents = filter_spans(found + kept)
        return doc

    def _korean_names(self, doc: Doc) -> list[Span]:
        """A Korean family name and a given name of two syllables, written as two
        words or hyphenated: "Park Sun Won", "Lee Jae-myung"."""
        nouns = self.lexicon.common_nouns

        def syllables(token: Token) -> int:
            # a longer German noun is no syllable: "Park Hotel Adlon"
            word = token.text
            return 0 if token.is_sent_start or (len(word) > 3 and word in nouns) else _syllables(word)

        found = []
        for t, token in enumerate(doc[:-1]):
            if token.text not in KOREAN_FAMILY_NAMES:
                continue
            given = [doc[u] for u in range(t + 1, min(t + 3, len(doc)))]
            if syllables(given[0]) == 2:
                found.append(Span(doc, t, t + 2, label="PER"))
            elif len(given) == 2 and syllables(given[0]) == syllables(given[1]) == 1:
                found.append(Span(doc, t, t + 3, label="PER"))
        return found

    def _noun_aliases(self, tokens: set[int], orths: list[int]) -> set[int]:
        """A surname that is also a noun ("Holm") stands for the person later on too."""
        aliases = set()
        for t in tokens:
            text = self.vocab.strings[orths[t]]
            aliases.update((get_string_id(text), get_string_id(text + "s")))
        return aliases

    def _article_aliases(self, doc: Doc, aliases: set[int]) -> set[int]:
        """The aliases found in the earlier docs of the same article (`ARTICLE_KEY`),
        remembering this doc's: "Lloyd Austin" in one paragraph, "Austin" in the next."""
        article = doc.user_data.get(ARTICLE_KEY)
        if article is None:
            return set()
        if article is not self._article:
            self._article, self._article_seen = article, set()
        earlier = self._article_seen
        self._article_seen = earlier | aliases
        return earlier

    def _aliases(self, people: Iterable[Span], classes: list[int], orths: list[int]) -> set[int]:
        """Short forms of the people found: the last word and its genitive, and a
        first word that is no first name (family name first: "Yoon Suk Yeol")."""
        words = set()
        for span in people:
            words.add(span.end - 1)
            if len(span) > 1 and classes[span.start] & (FIRST | NAME) == NAME:
                words.add(span.start)
        aliases = set()
        for t in words:
            if classes[t] & SURNAME:
                text = self.vocab.strings[orths[t]]
                aliases.update((get_string_id(text), get_string_id(text + "s")))
        return aliases



def _without_role(ent: Span, classes: list[int]) -> Span:
    """A trained recognizer's person without the role word before the name: "Lotse
    Henning Brandt" is "Henning Brandt" (the role word announces the name here)."""
    if ent.label_ != "PER" or len(ent) < 2 or not classes[ent.start] & ROLE:
        return ent
    return Span(ent.doc, ent.start + 1, ent.end, label="PER", span_id=ent.id)


def _syllables(word: str) -> int:
    """1 for "Sun", 2 for "Jae-myung", 0 for anything that is no romanised syllable
    or pair of them."""
    parts = word.split("-")
    if len(parts) > 2 or not all(
        1 < len(part) <= _MAX_SYLLABLE and part.isalpha() and part[1:].islower() for part in parts
    ):
        return 0
    return len(parts) if word[:1].isupper() else 0


@Language.factory(NAMES_FACTORY)
def make_name_tagger(nlp: Language, name: str) -> NameTagger:
    return NameTagger(nlp.vocab)
