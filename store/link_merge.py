"""The links' and entity-group edits' part of a merge (`store.merge` calls it
after the annotations, with the checked, staged source attached as `alias`
and `temp.merge_articles` mapping its article ids to ours). Like the rest of
a merge it runs in short batches by id, each its own transaction and
idempotent (`store.staging`).

Links are matched by id, like annotations: a link on one side only is copied
when both its annotations are here; two versions of one link keep the later
`updated_at` (equal times: the one whose content sorts last, so merging
either way round agrees). Deletions travel through the journal: a link whose
id a side's journal knows (`journal.link_id`) but whose row that side lacks
was deleted there, at the time of its last journal entry; the other side's
copy goes too unless it was changed after that. Entity-group edits never
change, so the ones missing here are added.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from .link_rows import COLUMNS
from .staging import in_batches, staged_keys

_CONTENT = tuple(c for c in COLUMNS if c not in ("id", "src_annotation", "dst_annotation"))
_EDIT_COLUMNS = ("id", "op", "label", "form", "target", "annotator", "created_at")


@dataclass
class LinkMerge:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    group_edits: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.deleted


def merge_links(db: Database, alias: str) -> LinkMerge:
    result = LinkMerge()
    gone_here, gone_there = _gone_table(db, "main"), _gone_table(db, alias)
    differs = " OR ".join(f's."{c}" IS NOT t."{c}"' for c in _CONTENT)
    newer = (f"s.updated_at > t.updated_at OR (s.updated_at = t.updated_at AND "
             f"{_version('s')} > {_version('t')})")
    # the source's links and the ones its journal knows it deleted
    keys = sorted({row[0] for row in db.execute(
        f"SELECT id FROM {alias}.links UNION SELECT link_id FROM {alias}.journal WHERE link_id IS NOT NULL")})

    def batch(lo: str, hi: str) -> None:
        span = [lo, hi]
        _gone(db, "main", gone_here, span)
        _gone(db, alias, gone_there, span)
        result.deleted += _run(db, f"DELETE FROM main.links WHERE id IN (SELECT g.id FROM temp.{gone_there} g "
                                   "JOIN main.links t ON t.id = g.id WHERE t.updated_at <= g.gone_at)")
        result.updated += _run(db, (
            f"UPDATE main.links SET ({_cols(_CONTENT)}) = (SELECT {_cols(_CONTENT, 's.')} FROM {alias}.links s "
            "WHERE s.id = links.id) "
            f"WHERE id IN (SELECT s.id FROM {alias}.links s JOIN main.links t ON t.id = s.id "
            f"WHERE s.id BETWEEN ? AND ? AND ({differs}) AND ({newer}))"), span)
        result.added += _run(db, (
            f"INSERT INTO main.links ({_cols(COLUMNS)}) SELECT {_cols(COLUMNS, 'x.')} FROM {alias}.links x "
            "WHERE x.id BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM main.links t WHERE t.id = x.id) "
            "AND EXISTS (SELECT 1 FROM main.annotations a WHERE a.id = x.src_annotation) "
            "AND EXISTS (SELECT 1 FROM main.annotations a WHERE a.id = x.dst_annotation) "
            f"AND NOT EXISTS (SELECT 1 FROM temp.{gone_here} g WHERE g.id = x.id AND x.updated_at <= g.gone_at)"),
            span)

    in_batches(db, keys, batch)

    def edits(lo: str, hi: str) -> None:
        result.group_edits += _run(db, (
            f"INSERT OR IGNORE INTO main.entity_group_edits (article_id, {_cols(_EDIT_COLUMNS)}) "
            f"SELECT m.dst_id, {_cols(_EDIT_COLUMNS, 'x.')} FROM {alias}.entity_group_edits x "
            "JOIN temp.merge_articles m ON m.src_id = x.article_id WHERE x.id BETWEEN ? AND ? "
            "AND m.dst_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.entity_group_edits t WHERE t.id = x.id)"),
            [lo, hi])

    in_batches(db, staged_keys(db, "entity_group_edits", "id"), edits)
    for table in (gone_here, gone_there):
        _run(db, f"DROP TABLE temp.{table}")
    return result


def _gone_table(db: Database, schema: str) -> str:
    table = f"link_gone_{'main' if schema == 'main' else 'other'}"
    _run(db, f"DROP TABLE IF EXISTS temp.{table}")
    _run(db, f"CREATE TEMP TABLE {table} (id TEXT PRIMARY KEY, gone_at TEXT NOT NULL)")
    return table


def _gone(db: Database, schema: str, table: str, span: list[str]) -> None:
    """temp.link_gone_<schema>: the links in `span` that `schema` deleted (its
    journal knows the id, its table no longer has the row), and when."""
    _run(db, f"DELETE FROM temp.{table}")
    _run(db, f"INSERT INTO temp.{table} SELECT j.link_id, max(j.created_at) FROM {schema}.journal j "
             f"WHERE j.link_id BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM {schema}.links l "
             "WHERE l.id = j.link_id) GROUP BY j.link_id", span)


def _version(alias: str) -> str:
    return "json_array(" + ", ".join(f'{alias}."{c}"' for c in _CONTENT) + ")"


def _cols(names: tuple[str, ...], prefix: str = "") -> str:
    return ", ".join(f'{prefix}"{name}"' for name in names)


def _run(db: Database, sql: str, params: list | tuple = ()) -> int:
    return db.conn.execute(sql, params).rowcount
