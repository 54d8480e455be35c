"""doccano JSONL for a sequence-labeling project with relations: one line per
article, `entities` (`id`, `label`, `start_offset`, `end_offset`) and
`relations` (`from_id`, `to_id`, `type`).

doccano keeps one set of labels per example and has no place for
predictions or rejected answers, so only accepted spans go out (the others
are counted). Everything else on the line lands in the example's meta in
doccano, so the article's identity and, per entity id, our annotation id,
annotator, attrs and note ride along there. The file starts with a UTF-8
byte order mark: doccano's "auto" encoding guess otherwise mangles German.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from parallax.store.export import dumps

from . import loss
from .loss import LossReport
from .source import Article

BOM = "\ufeff"


def write(articles: Iterable[Article], handle: IO[str], report: LossReport) -> int:
    count = 0
    handle.write(BOM)
    for article in articles:
        handle.write(dumps(example(article, report)))
        handle.write("\n")
        count += 1
    return count


def example(article: Article, report: LossReport) -> dict[str, Any]:
    entities, described, number = [], {}, {}
    for span in article.spans:
        if span.status != "accepted":
            report.add(loss.SPAN_SUGGESTED if span.status == "suggested" else loss.SPAN_REJECTED)
            continue
        number[span.id] = len(number) + 1
        entities.append({"id": number[span.id], "label": span.label, "start_offset": span.start,
                         "end_offset": span.end})
        described[str(number[span.id])] = {"id": span.id, "annotator": span.annotator, "attrs": span.attrs,
                                           "note": span.note}
    relations = []
    for link in article.links:
        if link.src in number and link.dst in number:
            relations.append({"id": len(relations) + 1, "from_id": number[link.src], "to_id": number[link.dst],
                              "type": link.kind})
        else:
            report.add(loss.LINK_DROPPED_END)
    return {"text": article.text, "entities": entities, "relations": relations, "sha256": article.sha256,
            "story": article.story, "outlet": article.outlet, "title": article.title, "parallax": described}
