"""Organisations by the shape of their names, and quoted ship names, as a spaCy
component (`parallax_orgs`).

It looks only at the few head words a doc has ("…amt", "Reederei", "GmbH",
quotation marks), keeps the entities already on the doc (an entity ruler's, a
trained `ner`'s, the name tagger's people) and never builds a name around a person,
so it runs after any of them. An organisation it finds replaces the entities inside
it ("SC Freiburg" over the place "Freiburg"), unless `keep_entities` is set: after a
trained `ner` its organisations only fill the gaps, and a quoted name replaces the
model's organisation only in a doc that speaks of a ship. A person holding an
organisation's compound head or legal form is taken for a misreading and left to
the rules. bench/README.md, "Quality: entities", has the measurements.
"""

from __future__ import annotations


from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from parallax.ingest.gazetteer import NameLexicon
from parallax.ingest.name_tagger import ALIAS, ARTICLE_KEY
from parallax.ingest.org_finder import OrgFinder
from parallax.ingest.org_words import PERSON_TITLE_HEADS
from parallax.ingest.word_classes import (
    EMPTY_LEXICON,
    SPECIAL,
    VESSEL,
    LexiconComponent,
)

ORGS_FACTORY = "parallax_orgs"


class OrgTagger(LexiconComponent):
    """Adds the organisations and ship names `OrgFinder` finds to `doc.ents`."""

    def __init__(self, vocab: Vocab, lexicon: NameLexicon | None = None, keep_entities: bool = False) -> None:
        self.vocab = vocab
        self.lexicon = lexicon or EMPTY_LEXICON
        self.keep_entities = keep_entities
        self._article: object | None = None
        self._ships = False

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orths: list[int] = doc.to_array(ORTH).tolist()
        classes = self.classes.of(orths, self.vocab.strings)
        ships = self._article_speaks_of_ships(doc, any(word_class & VESSEL for word_class in classes))
        special = [t for t, word_class in enumerate(classes) if word_class & SPECIAL]
        if not special:
            return doc
        ents = list(doc.ents)
        special_set = set(special)
        misread = {ent for ent in ents if ent.label_ == "PER" and self._holds_a_head(ent, orths, special_set)}
        named = [ent for ent in ents if ent.id_ != ALIAS and ent not in misread]
        owner = {t: ent for ent in named for t in range(ent.start, ent.end)}
        people = {t for ent in named if ent.label_ == "PER" for t in range(ent.start, ent.end)}
        found = OrgFinder(self.classes, doc, orths, classes, owner, people).run(special)
        if self.keep_entities:
            taken = {t for ent in ents if ent not in misread for t in range(ent.start, ent.end)}
            # a quoted name after an article is a paper as often as a ship ("die „Bild“"):
            # the model's organisation stays where the article has spoken of no ship
            organisations = {t for ent in named if ent.label_ == "ORG" for t in range(ent.start, ent.end)}
            found = [s for s in found if taken.isdisjoint(range(s.start, s.end)) or s.label_ == "MISC" and (
                ships or organisations.isdisjoint(range(s.start, s.end)))]
        if found:
            covered = {t for span in found for t in range(span.start, span.end)}
            kept = [ent for ent in ents if not covered.intersection(range(ent.start, ent.end))]
            doc.ents = filter_spans(found + kept)
        return doc

    def _article_speaks_of_ships(self, doc: Doc, here: bool) -> bool:
        """Whether this doc or an earlier one of its article (`ARTICLE_KEY`: the import
        hands spaCy an article paragraph by paragraph) has a word for a ship."""
        article = doc.user_data.get(ARTICLE_KEY)
        if article is None:
            return here
        if article is not self._article:
            self._article, self._ships = article, False
        self._ships = self._ships or here
        return self._ships

    def _holds_a_head(self, ent: Span, orths: list[int], special: set[int]) -> bool:
        """A person with an organisation's compound head or legal form inside
        ("Schifffahrtsamts Nord-Ostsee-Kanal", "Agrarministerium") is a trained ner's
        misreading: no person but what the rules may make of it. Bare heads are also
        surnames ("Kammer", "Rat") and title heads make people ("Stadtrat Müller")."""
        for t in range(ent.start, ent.end):
            if t in special:
                head = self.classes.heads.get(self.vocab.strings[orths[t]])
                if head is not None and (head.kind == "legal" or head.modifier) and head.lemma not in PERSON_TITLE_HEADS:
                    return True
        return False



@Language.factory(ORGS_FACTORY)
def make_org_tagger(nlp: Language, name: str) -> OrgTagger:
    return OrgTagger(nlp.vocab)
