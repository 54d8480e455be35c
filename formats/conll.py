"""CoNLL-2003 (IOB2, `word -X- _ tag`) and CoNLL-U (NER in MISC as `NE=B-LABEL`,
`SpaceAfter=No`), both as `spacy convert` reads them.

Both hold one label per token, sentence by sentence: only accepted spans go
out, overlapping ones are chosen first come (earlier start, then longer),
and a span must lie inside one sentence (the article's stored sentences).
Everything else — suggestions, rejected spans, overlaps, annotator, attrs,
notes, links — is counted in the loss report. Tokens come from spaCy's German
tokenizer with the alignment policy of tokens.py; runs of whitespace are not
tokens, so exact whitespace (line breaks) is not kept. CoNLL-U labels are
upper-cased: spaCy's CoNLL-U reader only reads `[A-Z_]+`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO

from spacy.tokens import Doc, Token

from . import loss
from .loss import LossReport
from .source import Article
from .tokens import align, tokenize

DOCSTART = "-DOCSTART- -X- O O"
UPPER_LABEL = re.compile(r"[A-Z_]+")


def write_conll(articles: Iterable[Article], handle: IO[str], report: LossReport, align_mode: str = "strict") -> int:
    count = 0
    for article in articles:
        handle.write(DOCSTART + "\n\n")
        for sentence in sentences(article, report, align_mode, lambda label: None if re.search(r"\s", label) else label):
            handle.write("".join(f"{token.text} -X- _ {tag}\n" for token, tag in sentence))
            handle.write("\n")
        count += 1
    return count


def write_conllu(articles: Iterable[Article], handle: IO[str], report: LossReport, align_mode: str = "strict") -> int:
    count = 0
    report.note("labels are upper-cased in CoNLL-U (spaCy's reader takes NE=B-[A-Z_]+ only)")
    for article in articles:
        handle.write(f"# newdoc id = {article.sha256}\n")
        spelled = lambda label: label.upper() if UPPER_LABEL.fullmatch(label.upper()) else None  # noqa: E731
        for number, sentence in enumerate(sentences(article, report, align_mode, spelled), 1):
            first, last = sentence[0][0], sentence[-1][0]
            text = " ".join(article.text[first.idx:last.idx + len(last.text)].split())
            handle.write(f"# sent_id = {article.name}-{number}\n# text = {text}\n")
            for i, (token, tag) in enumerate(sentence, 1):
                misc = ([] if tag == "O" else [f"NE={tag}"]) + ([] if _space_after(article.text, token) else
                                                                ["SpaceAfter=No"])
                handle.write(f"{i}\t{token.text}\t_\t_\t_\t_\t_\t_\t_\t{'|'.join(misc) or '_'}\n")
            handle.write("\n")
        count += 1
    return count


def _space_after(text: str, token: Token) -> bool:
    following = text[token.idx + len(token.text):token.idx + len(token.text) + 1]
    return following == "" or following.isspace()


def sentences(article: Article, report: LossReport, align_mode: str, spell) -> Iterator[list[tuple[Token, str]]]:
    """Tokens and IOB2 tags, sentence by sentence, whitespace tokens left out."""
    doc = tokenize(article.text)
    sentence_of = _sentence_index(doc, article.sentences)
    tags = ["O"] * len(doc)
    for span in article.spans:
        if span.status != "accepted":
            report.add(loss.SPAN_SUGGESTED if span.status == "suggested" else loss.SPAN_REJECTED)
            continue
        label = spell(span.label)
        if label is None:
            report.add(loss.SPAN_LABEL)
            continue
        tokens_of = align(doc, span, align_mode, report)
        if tokens_of is None:
            continue
        if len({sentence_of[i] for i in range(tokens_of.start, tokens_of.end)}) > 1:
            report.add(loss.SPAN_ACROSS_SENTENCES)
        elif any(tags[i] != "O" for i in range(tokens_of.start, tokens_of.end)):
            report.add(loss.SPAN_OVERLAP)
        else:
            for i in range(tokens_of.start, tokens_of.end):
                tags[i] = ("B-" if i == tokens_of.start else "I-") + label
            _count_lost_fields(span, report)
    report.add(loss.LINK_NONE, len(article.links))
    current, last = [], None
    for token in doc:
        if token.is_space:
            continue
        if last is not None and sentence_of[token.i] != last and current:
            yield current
            current = []
        current.append((token, tags[token.i]))
        last = sentence_of[token.i]
    if current:
        yield current


def _sentence_index(doc: Doc, bounds: list[tuple[int, int]]) -> list[int]:
    """For each token, the number of the stored sentence it starts in (the
    whole article is one sentence when none are stored)."""
    index, number = [], 0
    for token in doc:
        while number + 1 < len(bounds) and token.idx >= bounds[number + 1][0]:
            number += 1
        index.append(number)
    return index


def _count_lost_fields(span, report: LossReport) -> None:
    report.add(loss.ANNOTATOR)
    report.add(loss.ATTRS, len(span.attrs))
    if span.note is not None:
        report.add(loss.NOTES)
