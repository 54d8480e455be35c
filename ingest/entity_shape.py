"""A trained ner's entities whose shape says they are no name as tagged
(`parallax_entity_shape`, right after the model in the default pipeline).

GermEval's sentences, which the model learnt from, hold no photo credits, link lists,
comment headers or section headings; on such text the model takes in a separator
("Dita Alangkara/" from "Dita Alangkara/ap", "OZD / ©" from "OZD / ©AFP"), runs a
quoted sentence's subject on into its verb ("Der Kanal ist"), or tags a heading
("AUTOREN", "TAGS") as an organisation. Each rule is about the span's shape, not
about a word: bench/README.md ("Quality: entities") has what each did.
"""

from __future__ import annotations

from collections.abc import Set

from spacy.lang.de.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

ENTITY_SHAPE = "parallax_entity_shape"

SEPARATORS = frozenset("/|·•,;:–—-©")
"""Marks that stand between names or after a credit, never at a name's edge."""
BARS = frozenset("|·•")
"""Of those, the ones never inside a name either (a credit's "/" is, as GermEval tags it)."""
PARTNERS = {"(": ")", "[": "]", "{": "}", "„": "“", "‚": "‘", "»": "«", "«": "»", '"': '"', "'": "'"}
PARTNERS |= {close: open_ for open_, close in PARTNERS.items() if close not in PARTNERS}
APOSTROPHES = frozenset("'’")


class EntityShape:
    """Cuts an entity at a bar or bullet inside it and trims separators and unpaired
    brackets or quotes from its edges; drops an entity holding a text dump's link
    reference ("[3][neue …]": the tokenizer glues "3][neue"), one that ends in a lower-case
    function word ("ist", "kann", "von": the model misread where the name stops) and an
    all-caps common word alone on its line (a heading: "AUTOREN", not "NATO")."""

    def __init__(self) -> None:
        self.common_nouns: Set[str] = frozenset()

    def __call__(self, doc: Doc) -> Doc:
        ents, changed = [], False
        for ent in doc.ents:
            shaped = self._shape(ent)
            changed = changed or shaped is not ent
            if shaped is not None:
                ents.append(shaped)
        if changed:
            doc.ents = ents
        return doc

    def _shape(self, ent: Span) -> Span | None:
        doc, start, end = ent.doc, ent.start, ent.end
        # "taz | Südkoreas": an outlet's header run on into the text; the name ends at the bar
        end = next((i for i in range(start + 1, end) if doc[i].text in BARS), end)
        while start < end and _loose(doc, start, start, end):
            start += 1
        while end > start and _loose(doc, end - 1, start, end):
            end -= 1
        if start == end or any("][" in doc[i].text for i in range(start, end)):
            return None  # "3][neue": a text dump's link reference glued to a word
        last = doc[end - 1]
        if end - start > 1 and last.is_lower and last.text in STOP_WORDS:
            return None
        if end - start == 1 and self._heading(doc[start]):
            return None
        return ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label=ent.label)

    def _heading(self, token) -> bool:
        text = token.text
        if not (text.isupper() and len(text) > 1 and text.title() in self.common_nouns):
            return False
        before = token.doc.text[: token.idx].rsplit("\n", 1)[-1]
        after = token.doc.text[token.idx + len(text) :].split("\n", 1)[0]
        return not before.strip() and not after.strip()


def _loose(doc: Doc, i: int, start: int, end: int) -> bool:
    """Token i at an edge of doc[start:end] is no part of a name: whitespace, a
    separator, or a bracket or quote whose partner is not inside. An apostrophe
    right after the name's last word is its genitive ("Holmes'"), which GermEval tags."""
    text = doc[i].text
    if doc[i].is_space or text in SEPARATORS:
        return True
    if text in APOSTROPHES and i == end - 1 and i > start and not doc[i - 1].whitespace_:
        return False
    partner = PARTNERS.get(text)
    return partner is not None and not any(doc[k].text == partner for k in range(start, end) if k != i)


@Language.factory(ENTITY_SHAPE)
def make_entity_shape(nlp: Language, name: str) -> EntityShape:
    return EntityShape()
