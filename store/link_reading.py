"""The links the reader draws, read on the standard library's `sqlite3`
(like `reading`: no sqlite-utils on the way to a frame)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LinkRow:
    id: str
    src: str
    dst: str
    kind: str
    annotator: str
    status: str
    review_of: str | None
    """The link this one is a decision on (`store.links`), if it is one."""
    attrs: dict[str, Any]


def story_links(db: Any, article_ids: list[int]) -> list[LinkRow]:
    """Every link (review decisions on annotations excluded) whose source is
    an annotation of `article_ids`, oldest first."""
    if not article_ids:
        return []
    cursor = db.execute(
        "SELECT l.id, l.src_annotation, l.dst_annotation, l.kind, l.annotator, l.status, l.attrs "
        "FROM links l JOIN annotations n ON n.id = l.src_annotation "
        f"WHERE n.article_id IN ({', '.join('?' * len(article_ids))}) AND l.kind != 'review_of' ORDER BY l.id",
        article_ids)
    found = []
    for link_id, src, dst, kind, annotator, status, attrs in cursor:
        parsed = json.loads(attrs) if attrs and attrs != "{}" else {}
        review_of = parsed.get("review_of")
        found.append(LinkRow(link_id, src, dst, kind, annotator, status,
                             review_of if isinstance(review_of, str) else None, parsed))
    return found
