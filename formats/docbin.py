"""spaCy DocBin (`.spacy`): one Doc per article, tokenized by spaCy's German
tokenizer, ready for `spacy train` with a spancat or NER component.

Accepted spans are the span group `sc` (overlaps allowed) and, where they do
not overlap another accepted span, `doc.ents`; suggestions are the group
`sc_suggested` and rejected spans `sc_rejected`, so none of them trains a
model by accident. `Span.id` is our annotation id; annotator, status, attrs,
note, timestamps and the links inside the article are in
`doc.user_data["parallax"]` (saved by `DocBin(store_user_data=True)`).
Spans off token boundaries follow the alignment policy (see tokens.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin, Span as SpacySpan

from . import loss
from .loss import LossReport
from .records import ImportedArticle, ImportedLink, ImportedSpan
from .source import Article
from .tokens import align, german, tokenize

GROUPS = {"accepted": "sc", "suggested": "sc_suggested", "rejected": "sc_rejected"}


def write(articles: Iterable[Article], path: Path, report: LossReport, align_mode: str = "strict") -> int:
    docs = DocBin(store_user_data=True)
    count = 0
    for article in articles:
        docs.add(to_doc(article, report, align_mode))
        count += 1
    docs.to_disk(path)
    return count


def to_doc(article: Article, report: LossReport, align_mode: str) -> Doc:
    doc = tokenize(article.text)
    groups: dict[str, list[SpacySpan]] = {key: [] for key in GROUPS.values()}
    meta: dict[str, dict[str, Any]] = {}
    for span in article.spans:
        tokens_of = align(doc, span, align_mode, report)
        if tokens_of is None:
            continue
        groups[GROUPS[span.status]].append(SpacySpan(doc, tokens_of.start, tokens_of.end, label=span.label,
                                                     span_id=span.id))
        meta[span.id] = {"annotator": span.annotator, "status": span.status, "attrs": span.attrs,
                         "note": span.note, "created_at": span.created_at, "updated_at": span.updated_at}
    for key, spans in groups.items():
        doc.spans[key] = spans
    doc.ents = _without_overlaps(groups["sc"])
    links = []
    for link in article.links:
        if link.src in meta and link.dst in meta:
            links.append({"id": link.id, "src": link.src, "dst": link.dst, "kind": link.kind,
                          "annotator": link.annotator, "created_at": link.created_at})
        else:
            report.add(loss.LINK_DROPPED_END)
    doc.user_data["parallax"] = {"sha256": article.sha256, "story": article.story, "outlet": article.outlet,
                                 "title": article.title, "spans": meta, "links": links}
    return doc


def _without_overlaps(spans: list[SpacySpan]) -> list[SpacySpan]:
    taken: dict[int, int] = {}
    for span in spans:
        for i in range(span.start, span.end):
            taken[i] = taken.get(i, 0) + 1
    return [span for span in spans if all(taken[i] == 1 for i in range(span.start, span.end))]


def read(path: Path) -> Iterator[ImportedArticle]:
    """Docs from a `.spacy` file: our span groups when present, else `sc` and
    `doc.ents` as accepted spans (a DocBin made by another pipeline)."""
    for number, doc in enumerate(DocBin().from_disk(path).get_docs(german().vocab), 1):
        meta = doc.user_data.get("parallax") or {}
        described = meta.get("spans") or {}
        spans: list[ImportedSpan] = []
        by_id: dict[str, ImportedSpan] = {}
        groups = [(key, status) for status, key in GROUPS.items() if key in doc.spans]
        seen = set()
        sources = [(doc.spans[key], status) for key, status in groups] or [(doc.ents, "accepted")]
        for group, status in sources:
            for span in group:
                ident = span.id_ or None
                if (span.start_char, span.end_char, span.label_, ident, status) in seen:
                    continue
                seen.add((span.start_char, span.end_char, span.label_, ident, status))
                info = described.get(ident, {})
                imported = ImportedSpan(start=span.start_char, end=span.end_char, label=span.label_,
                                        annotator=info.get("annotator"), status=status, id=ident,
                                        attrs=info.get("attrs") or {}, note=info.get("note"),
                                        created_at=info.get("created_at"), updated_at=info.get("updated_at"))
                spans.append(imported)
                if ident:
                    by_id[ident] = imported
        links = [ImportedLink(src=by_id[link["src"]], dst=by_id[link["dst"]], kind=link["kind"], id=link.get("id"),
                              annotator=link.get("annotator"), created_at=link.get("created_at"))
                 for link in meta.get("links") or [] if link["src"] in by_id and link["dst"] in by_id]
        yield ImportedArticle(text=doc.text, spans=spans, links=links, where=f"{path}: doc {number}")
