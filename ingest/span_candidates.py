"""The spans a trained span categorizer looks at: sentences, their clauses and
quotations, as a spaCy suggester (`[components.spancat.suggester]`).

spaCy's n-gram suggester proposes every run of 1…n tokens; quotes, claims and
opinions run from a few words to whole sentences, which would need n ≈ 60 and
tens of thousands of candidates per paragraph. People mark sentences (one key in
the reader), quotations (`"`) and clauses, so those are the candidates:

- each sentence, an opening mark at its end given to the next one;
- each quotation from its opening to its closing mark (it may span sentences);
- inside a sentence, every run of up to `max_pieces` clause pieces, the pieces
  cut after , ; : and dashes (which stay outside) and around quotation marks
  ("X sagte, [dass …]", "[„…“], sagte X");
- each of these also without its final . ! ? …, as many annotators leave it out.

A span that is none of these cannot be learned exactly; `parallax train` counts
them. Registered with spaCy's `misc` registry (and the `spacy_misc` entry point,
so `spacy.load` finds it wherever Parallax is installed).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

SUGGESTER = "parallax.sentence_clause_quotation_suggester.v1"
OPENING = frozenset("„»‚«“\"(")
"""Marks that may open a quotation or aside; « and “ close in German but open elsewhere."""
CLOSING = {"„": "“”\"", "»": "«", "«": "»", "‚": "‘’", "“": "”\"", '"': '"', "(": ")"}
CUTS = frozenset(",;:–—-")
FINAL = frozenset(".!?…")


@registry.misc(SUGGESTER)
def make_suggester(max_pieces: int = 6):
    """`max_pieces`: the longest run of clause pieces proposed inside a sentence."""

    def suggest(docs: Iterable[Doc], *, ops: Ops | None = None) -> Ragged:
        ops = ops or get_current_ops()
        rows: list[tuple[int, int]] = []
        lengths = []
        for doc in docs:
            found = candidates(doc, max_pieces)
            rows.extend(found)
            lengths.append(len(found))
        data = ops.asarray2i(rows) if rows else ops.xp.zeros((0, 0), dtype="i")
        return Ragged(data, ops.asarray1i(lengths))

    return suggest


def candidates(doc: Doc, max_pieces: int = 6) -> list[tuple[int, int]]:
    """(start, end) token offsets of the candidate spans of `doc`, sorted, unique."""
    words = [t.text for t in doc]
    found: set[tuple[int, int]] = set()
    quotations = _quotations(words)
    opens, closes = {s for s, _ in quotations}, {e for _, e in quotations}
    for start, end in _sentences(doc, words):
        found.add((start, end))
        cuts = [start] + [i for i in range(start + 1, end) if _cut_before(words, i, opens, closes)] + [end]
        for a in range(len(cuts) - 1):
            for b in range(a + 1, min(a + max_pieces, len(cuts) - 1) + 1):
                stop = cuts[b]
                if stop < end and words[stop - 1] in CUTS and stop - 1 > cuts[a]:
                    stop -= 1  # the comma that ends a clause is not part of it
                found.add((cuts[a], stop))
    found.update(quotations)
    for start, end in list(found):
        if end - start > 1 and words[end - 1] in FINAL:
            found.add((start, end - 1))
    return sorted(found)


def _sentences(doc: Doc, words: list[str]) -> list[tuple[int, int]]:
    if not len(doc):
        return []
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc))]
    bounds = [[s.start, s.end] for s in doc.sents]
    # the sentencizer leaves an opening „ after a full stop with the sentence before
    for prev, nxt in zip(bounds, bounds[1:]):
        while prev[1] - prev[0] > 1 and words[prev[1] - 1] in OPENING and words[prev[1] - 1] != "“":
            prev[1] -= 1
            nxt[0] -= 1
    return [(s, e) for s, e in bounds if s < e]


def _quotations(words: list[str]) -> list[tuple[int, int]]:
    """Outermost pairs of quotation marks, as (first token, one past the last)."""
    found = []
    opened: tuple[int, str] | None = None
    for i, word in enumerate(words):
        if opened is not None and word in CLOSING.get(opened[1], ""):
            found.append((opened[0], i + 1))
            opened = None
        elif opened is None and word in CLOSING and word != "(":
            opened = (i, word)
    return found


def _cut_before(words: list[str], i: int, opens: set[int], closes: set[int]) -> bool:
    """A clause piece starts at token i: at a quotation's opening mark, or at a
    word after a cut mark or a quotation's end (a comma after “ stays behind)."""
    if i in opens:
        return True
    return any(ch.isalnum() for ch in words[i]) and (i in closes or words[i - 1] in CUTS)
