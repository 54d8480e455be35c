"""Prodigy JSONL (`spans_manual` tasks with `tokens`, relations inside a task).

One task per article × annotator × status, because Prodigy keeps the answer
per task, not per span: accepted spans are an `accept` answer, rejected ones
a `reject` answer, and suggestions a task without an answer (what Prodigy's
`spans.correct` streams in as the model's predictions). `_annotator_id` is
our annotator. Our span fields (id, attrs, note, timestamps) ride along on
the span objects, which Prodigy keeps as they are. `token_end` is inclusive.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import IO, Any

from parallax.store.export import dumps

from . import loss
from .loss import LossReport
from .records import ImportedArticle, ImportedLink, ImportedSpan
from .source import Article, Span
from .tokens import align, tokenize

ANSWERS = {"accepted": "accept", "rejected": "reject"}
STATUS_OF_ANSWER = {"accept": "accepted", "reject": "rejected"}


def write(articles: Iterable[Article], handle: IO[str], report: LossReport, align_mode: str = "strict") -> int:
    count = 0
    for article in articles:
        for task in tasks(article, report, align_mode):
            handle.write(dumps(task))
            handle.write("\n")
            count += 1
    return count


def tasks(article: Article, report: LossReport, align_mode: str) -> Iterator[dict[str, Any]]:
    doc = tokenize(article.text)
    tokens = [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
              for t in doc]
    placed: dict[str, dict[str, Any]] = {}
    group_of: dict[str, tuple[str, str]] = {}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    key = lambda span: (span.annotator, span.status)  # noqa: E731
    for group, spans in groupby(sorted(article.spans, key=key), key=key):
        for span in spans:
            tokens_of = align(doc, span, align_mode, report)
            if tokens_of is None:
                continue
            placed[span.id] = _span(span, tokens_of)
            group_of[span.id] = group
            groups.setdefault(group, []).append(placed[span.id])
    relations: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for link in article.links:
        if link.src not in placed or link.dst not in placed:
            report.add(loss.LINK_DROPPED_END)
        elif group_of[link.src] != group_of[link.dst]:
            report.add(loss.LINK_ACROSS_GROUPS)
        else:
            head, child = placed[link.src], placed[link.dst]
            relations.setdefault(group_of[link.src], []).append({
                "head": head["token_end"], "child": child["token_end"],
                "head_span": _anchor(head), "child_span": _anchor(child),
                "label": link.kind, "id": link.id, "annotator": link.annotator, "created_at": link.created_at,
            })
    input_hash = _hash(article.text)
    for (annotator, status), spans in groups.items():
        spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
        task: dict[str, Any] = {
            "text": article.text,
            "meta": {"story": article.story, "outlet": article.outlet, "title": article.title, "sha256": article.sha256},
            "tokens": tokens,
            "spans": spans,
            "relations": relations.get((annotator, status), []),
            "_input_hash": input_hash,
            "_task_hash": _hash(f"{input_hash}\n{annotator}\n{status}"),
            "_view_id": "spans_manual",
            "_annotator_id": annotator,
            "_session_id": annotator,
        }
        if status in ANSWERS:
            task["answer"] = ANSWERS[status]
        yield task


def _span(span: Span, tokens_of) -> dict[str, Any]:
    out = {"start": tokens_of.start_char, "end": tokens_of.end_char, "token_start": tokens_of.start,
           "token_end": tokens_of.end - 1, "label": span.label, "text": tokens_of.text, "id": span.id,
           "created_at": span.created_at, "updated_at": span.updated_at}
    if span.attrs:
        out["attrs"] = span.attrs
    if span.note is not None:
        out["note"] = span.note
    return out


def _anchor(span: dict[str, Any]) -> dict[str, Any]:
    return {k: span[k] for k in ("start", "end", "token_start", "token_end", "label")}


def _hash(text: str) -> int:
    # Prodigy's hashes are signed 32-bit ints; ours are stable across runs.
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "little", signed=True)


def read(opened: tuple[Iterable[str], str]) -> Iterator[ImportedArticle]:
    """Tasks as Prodigy writes them (`db-out`), from (lines, file name):
    answered tasks become accepted or rejected spans, tasks without an answer
    suggestions, `ignore` nothing."""
    lines, source = opened
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            task = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{source}:{number}: not valid JSON ({err.msg})") from None
        if not isinstance(task, dict) or not isinstance(task.get("text"), str):
            raise ValueError(f"{source}:{number}: a Prodigy task needs a \"text\"")
        answer = task.get("answer")
        if answer == "ignore":
            continue
        status = STATUS_OF_ANSWER.get(answer, "suggested")
        annotator = task.get("_annotator_id") or task.get("_session_id")
        spans = [ImportedSpan(start=s["start"], end=s["end"], label=s["label"], annotator=annotator, status=status,
                              id=s.get("id"), attrs=s.get("attrs") or {}, note=s.get("note"),
                              created_at=s.get("created_at"), updated_at=s.get("updated_at"))
                 for s in task.get("spans") or []]
        by_offsets = {(s.start, s.end, s.label): s for s in spans}
        links = []
        for relation in task.get("relations") or []:
            head, child = relation.get("head_span"), relation.get("child_span")
            if not head or not child:
                continue  # a token-to-token dependency, not a link between spans
            src = by_offsets.get((head["start"], head["end"], head.get("label")))
            dst = by_offsets.get((child["start"], child["end"], child.get("label")))
            if src is None or dst is None:
                raise ValueError(f"{source}:{number}: a relation points at a span the task does not have")
            links.append(ImportedLink(src=src, dst=dst, kind=relation["label"], id=relation.get("id"),
                                      annotator=relation.get("annotator") or annotator,
                                      created_at=relation.get("created_at")))
        yield ImportedArticle(text=task["text"], spans=spans, links=links, where=f"{source}:{number}")
