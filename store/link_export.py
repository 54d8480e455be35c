"""Links and entity-group edits in the JSONL export (`store.export` calls it).

An annotation line carries its outgoing links as `links`, a list of
`{id, to, kind, annotator, status, attrs, created_at, updated_at}` (`to` is
the other annotation's id), present only when there is one. With filters, a
link is written only when the annotation it points to passes them too, so a
filtered export imports on its own. Article lines carry the same `links` on
their spans, and the article's `entity_group_edits`.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from sqlite_utils import Database

LINK_FIELDS = (("id", "l.id"), ("to", "l.dst_annotation"), ("kind", "l.kind"), ("annotator", "l.annotator"),
               ("status", "l.status"), ("attrs", "json(l.attrs)"), ("created_at", "l.created_at"),
               ("updated_at", "l.updated_at"))
EDIT_FIELDS = ("id", "op", "label", "form", "target", "annotator", "created_at")


class AnnotationFilters(Protocol):
    labels: tuple[str, ...]
    annotators: tuple[str, ...]
    statuses: tuple[str, ...]


def _target_filter(filters: AnnotationFilters) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for column, values in (("d.label", filters.labels), ("d.annotator", filters.annotators),
                           ("d.status", filters.statuses)):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if not clauses:
        return "", []
    return (" AND EXISTS (SELECT 1 FROM annotations d WHERE d.id = l.dst_annotation AND "
            + " AND ".join(clauses) + ")"), params


def with_links(line_sql: str, filters: AnnotationFilters, alias: str = "n") -> tuple[str, list[Any]]:
    """SQL for one annotation line (`line_sql`, a json_object over the
    annotation `alias`) with its `links` added when it has any; and the
    parameters that SQL needs, in order."""
    where, params = _target_filter(filters)
    pairs = ", ".join(f"'{key}', {expr}" for key, expr in LINK_FIELDS)
    links = (f"(SELECT json_group_array(json(x)) FROM (SELECT json_object({pairs}) AS x FROM links l "
             f"WHERE l.src_annotation = {alias}.id{where} ORDER BY l.id))")
    sql = (f"CASE WHEN EXISTS (SELECT 1 FROM links l WHERE l.src_annotation = {alias}.id{where}) "
           f"THEN json_set({line_sql}, '$.links', json({links})) ELSE {line_sql} END")
    return sql, params + params


def span_links(db: Database, article_id: int, filters: AnnotationFilters) -> dict[str, list[dict[str, Any]]]:
    """The outgoing links of the article's annotations, by annotation id."""
    where, params = _target_filter(filters)
    found: dict[str, list[dict[str, Any]]] = {}
    columns = ", ".join(expr for _, expr in LINK_FIELDS)
    for src, *values in db.conn.execute(
            f"SELECT l.src_annotation, {columns} FROM links l JOIN annotations n ON n.id = l.src_annotation "
            f"WHERE n.article_id = ?{where} ORDER BY l.id", [article_id, *params]):
        link = dict(zip((key for key, _ in LINK_FIELDS), values))
        link["attrs"] = json.loads(link["attrs"])
        found.setdefault(src, []).append(link)
    return found


def group_edits(db: Database, article_id: int) -> list[dict[str, Any]]:
    columns = ", ".join(f'"{c}"' for c in EDIT_FIELDS)
    return [dict(zip(EDIT_FIELDS, row)) for row in db.conn.execute(
        f"SELECT {columns} FROM entity_group_edits WHERE article_id = ? ORDER BY id", [article_id])]
