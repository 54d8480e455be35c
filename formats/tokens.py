"""Token offsets for the formats that count in tokens (Prodigy, spaCy,
CoNLL, CoNLL-U), with one alignment policy for all of them.

Parallax stores character offsets; tokens come from spaCy's German tokenizer
(`spacy.blank("de")`, the same on every machine). A span maps to tokens with
`Doc.char_span(start, end, alignment_mode=...)`: `strict` (the default) leaves
out a span whose ends fall inside a token and counts it in the loss report;
`expand` widens it to the tokens it touches and reports that it did.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan

from . import loss
from .loss import LossReport
from .source import Span

ALIGN_MODES = ("strict", "expand")


@lru_cache(maxsize=1)
def german() -> Language:
    import spacy

    return spacy.blank("de")


def tokenize(text: str) -> Doc:
    # The tokenizer alone: nothing else of a pipeline changes token offsets.
    return german().tokenizer(text)


def align(doc: Doc, span: Span, mode: str, report: LossReport) -> SpacySpan | None:
    """The tokens of `span`, or None when the policy leaves it out (counted)."""
    exact = doc.char_span(span.start, span.end, alignment_mode="strict")
    if exact is not None:
        return exact
    if mode == "expand":
        widened = doc.char_span(span.start, span.end, alignment_mode="expand")
        if widened is not None and len(widened):
            report.add(loss.SPAN_WIDENED)
            return widened
    report.add(loss.SPAN_OFF_TOKENS)
    return None
