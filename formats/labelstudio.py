"""Label Studio: a folder with `tasks.json` (import it into a project) and
`label_config.xml` (the project's labeling config: Labels, Relations and two
per-region text areas).

One task per article. Accepted spans are one annotation per annotator
(`completed_by` is a user id; `data.parallax_annotators` maps it back to the
name), suggestions one prediction per suggesting annotator
(`model_version`). Label Studio has no per-region "rejected", so rejected
spans are left out and counted. A span's note and attributes are per-region
text areas (`note`, `attrs` as JSON). Offsets are code points with
`value.text`, as Label Studio exports them; the reader also accepts the
UTF-16 offsets older frontends wrote after an emoji.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from . import loss
from .loss import LossReport
from .records import ImportedArticle, ImportedLink, ImportedSpan
from .source import Article, Span

TASKS = "tasks.json"
CONFIG = "label_config.xml"


def write(articles: Iterable[Article], folder: Path, report: LossReport) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    labels, kinds, count = set(), set(), 0
    with open(folder / TASKS, "w", encoding="utf-8") as handle:
        handle.write("[")
        for article in articles:
            labels.update(s.label for s in article.spans if s.status != "rejected")
            handle.write(",\n" if count else "\n")
            handle.write(json.dumps(task(article, report, kinds), ensure_ascii=False))
            count += 1
        handle.write("\n]\n")
    (folder / CONFIG).write_text(label_config(sorted(labels), sorted(kinds)), encoding="utf-8")
    return count


def label_config(labels: list[str], kinds: list[str]) -> str:
    lines = ["<View>", '  <Labels name="label" toName="text">']
    lines += [f"    <Label value={quoteattr(label)}/>" for label in labels]
    lines += ["  </Labels>", '  <Text name="text" value="$text"/>']
    if kinds:
        lines += ["  <Relations>"] + [f"    <Relation value={quoteattr(kind)}/>" for kind in kinds] + ["  </Relations>"]
    lines += ['  <TextArea name="note" toName="text" perRegion="true" editable="true" maxSubmissions="1"/>',
              '  <TextArea name="attrs" toName="text" perRegion="true" editable="true" maxSubmissions="1"/>',
              "</View>", ""]
    return "\n".join(lines)


def task(article: Article, report: LossReport, kinds: set[str]) -> dict[str, Any]:
    annotators = sorted({s.annotator for s in article.spans if s.status == "accepted"})
    user = {name: number for number, name in enumerate(annotators, 1)}
    group_of: dict[str, tuple[str, str]] = {}
    results: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for span in article.spans:
        if span.status == "rejected":
            report.add(loss.SPAN_REJECTED)
            continue
        group_of[span.id] = (span.status, span.annotator)
        results.setdefault(group_of[span.id], []).extend(_regions(span))
    for link in article.links:
        if link.src not in group_of or link.dst not in group_of:
            report.add(loss.LINK_DROPPED_END)
        elif group_of[link.src] != group_of[link.dst]:
            report.add(loss.LINK_ACROSS_GROUPS)
        else:
            kinds.add(link.kind)
            results[group_of[link.src]].append({"type": "relation", "from_id": link.src, "to_id": link.dst,
                                                "direction": "right", "labels": [link.kind]})
    stamps = {}
    for span in article.spans:
        if span.id in group_of:
            first, last = stamps.get(group_of[span.id], (span.created_at, span.updated_at))
            stamps[group_of[span.id]] = (min(first, span.created_at), max(last, span.updated_at))
    return {
        "data": {"text": article.text, "sha256": article.sha256, "story": article.story, "outlet": article.outlet,
                 "title": article.title, "parallax_annotators": {str(n): name for name, n in user.items()}},
        "annotations": [{"completed_by": user[annotator], "result": result, "was_cancelled": False,
                         "ground_truth": False, "created_at": stamps[(status, annotator)][0],
                         "updated_at": stamps[(status, annotator)][1]}
                        for (status, annotator), result in results.items() if status == "accepted"],
        "predictions": [{"model_version": annotator, "result": result}
                        for (status, annotator), result in results.items() if status == "suggested"],
    }


def _regions(span: Span) -> list[dict[str, Any]]:
    where = {"start": span.start, "end": span.end}
    base = {"id": span.id, "from_name": "label", "to_name": "text", "type": "labels",
            "value": where | {"text": span.text, "labels": [span.label]},
            "meta": {"created_at": span.created_at, "updated_at": span.updated_at}}
    regions = [base]
    if span.note is not None:
        regions.append({"id": span.id, "from_name": "note", "to_name": "text", "type": "textarea",
                        "value": where | {"text": [span.note]}})
    if span.attrs:
        regions.append({"id": span.id, "from_name": "attrs", "to_name": "text", "type": "textarea",
                        "value": where | {"text": [json.dumps(span.attrs, ensure_ascii=False, sort_keys=True)]}})
    return regions


def read(path: Path) -> Iterator[ImportedArticle]:
    """A Label Studio JSON export (or our tasks.json): annotations are
    accepted spans of their `completed_by`, predictions suggestions."""
    file = path / TASKS if path.is_dir() else path
    with open(file, encoding="utf-8") as handle:
        tasks = json.load(handle)
    if not isinstance(tasks, list):
        raise ValueError(f"{file}: a Label Studio export is a JSON list of tasks")
    for number, item in enumerate(tasks, 1):
        where = f"{file}: task {number}"
        data = item.get("data") or {}
        text = data.get("text")
        if not isinstance(text, str):
            raise ValueError(f"{where}: the task has no data.text")
        names = data.get("parallax_annotators") or {}
        spans: list[ImportedSpan] = []
        links: list[ImportedLink] = []
        for annotation in item.get("annotations") or []:
            if annotation.get("was_cancelled"):
                continue
            who = annotation.get("completed_by")
            if isinstance(who, dict):  # older exports: {"id": …, "email": …}
                who = who.get("email") or who.get("id")
            annotator = names.get(str(who)) or f"labelstudio:{who}"
            _read_result(annotation.get("result") or [], text, annotator, "accepted", spans, links, where)
        for prediction in item.get("predictions") or []:
            annotator = prediction.get("model_version") or "labelstudio:prediction"
            _read_result(prediction.get("result") or [], text, annotator, "suggested", spans, links, where)
        yield ImportedArticle(text=text, spans=spans, links=links, where=where)


def _read_result(result: list[dict[str, Any]], text: str, annotator: str, status: str,
                 spans: list[ImportedSpan], links: list[ImportedLink], where: str) -> None:
    by_id: dict[str, ImportedSpan] = {}
    for region in result:
        if region.get("type") == "labels":
            value = region["value"]
            start, end = _codepoints(text, value["start"], value["end"], value.get("text"))
            meta = region.get("meta") or {}
            span = ImportedSpan(start=start, end=end, label=value["labels"][0], annotator=annotator, status=status,
                                id=region.get("id"), created_at=meta.get("created_at"),
                                updated_at=meta.get("updated_at"), text=value.get("text"))
            by_id[region.get("id")] = span
            spans.append(span)
    for region in result:
        kind = region.get("type")
        if kind == "textarea" and region.get("id") in by_id:
            value = "\n".join(region["value"].get("text") or [])
            if region.get("from_name") == "note":
                by_id[region["id"]].note = value
            elif region.get("from_name") == "attrs" and value:
                by_id[region["id"]].attrs = json.loads(value)
        elif kind == "relation":
            if region.get("from_id") not in by_id or region.get("to_id") not in by_id:
                raise ValueError(f"{where}: a relation points at a region the result does not have")
            for label in region.get("labels") or ["related"]:
                links.append(ImportedLink(src=by_id[region["from_id"]], dst=by_id[region["to_id"]], kind=label,
                                          annotator=annotator))


def _codepoints(text: str, start: int, end: int, expected: str | None) -> tuple[int, int]:
    if expected is None or text[start:end] == expected:
        return start, end
    # UTF-16 offsets (a browser's string length counts an emoji twice).
    encoded = text.encode("utf-16-le")
    before = len(encoded[:start * 2].decode("utf-16-le", errors="ignore"))
    inside = len(encoded[start * 2:end * 2].decode("utf-16-le", errors="ignore"))
    if text[before:before + inside] == expected:
        return before, before + inside
    raise ValueError(f"region text {expected[:40]!r} is not at {start}–{end} of the task text")
