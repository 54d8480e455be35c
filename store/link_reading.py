"""A link as the store hands it out (`Link`, also what `store.links` returns),
and the links the reader draws, read on the standard library's `sqlite3`
(like `reading`: no sqlite-utils on the way to a frame)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Link:
    id: str
    src: str
    dst: str
    kind: str
    annotator: str
    status: str
    attrs: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""

    @property
    def review_of(self) -> str | None:
        """The link this one is a decision on (`store.links`), if it is a decision."""
        review_of = self.attrs.get("review_of")
        return review_of if isinstance(review_of, str) else None

    def other(self, annotation_id: str) -> str:
        """The end that is not `annotation_id`."""
        return self.dst if annotation_id == self.src else self.src

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Link:
        return cls(row["id"], row["src_annotation"], row["dst_annotation"], row["kind"], row["annotator"],
                   row["status"], json.loads(row["attrs"] or "{}"), row["created_at"], row["updated_at"])


def story_links(db: Any, article_ids: list[int]) -> list[Link]:
    """Every link (review decisions on annotations excluded) whose source is
    an annotation of `article_ids`, oldest first."""
    if not article_ids:
        return []
    cursor = db.execute(
        "SELECT l.id, l.src_annotation, l.dst_annotation, l.kind, l.annotator, l.status, l.attrs, l.created_at, "
        "l.updated_at FROM links l JOIN annotations n ON n.id = l.src_annotation "
        f"WHERE n.article_id IN ({', '.join('?' * len(article_ids))}) AND l.kind != 'review_of' ORDER BY l.id",
        article_ids)
    return [Link(link_id, src, dst, kind, annotator, status, json.loads(attrs) if attrs and attrs != "{}" else {},
                 created_at, updated_at or "")
            for link_id, src, dst, kind, annotator, status, attrs, created_at, updated_at in cursor]
