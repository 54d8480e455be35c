"""Which rows of a merge source this database already holds, value for value.

A source merged again, or one that shares most of its rows with this
database, brings mostly rows that are here already. Such a row needs no
check: cell for cell it is a row of this database, checked when it came in,
and merging it changes nothing. `merge_source.py` attaches the target
read-only to the source's connection and reads only the other rows for
checking; this module says, in SQL, what "already here" means:

- the same storage class and the same bytes in every column (`typeof`, and
  `IS` under BINARY of a value without affinity): SQLite would call '10' and
  10 equal, or 'QUOTE' and 'quote' in a column the source declares NOCASE —
  neither is the row here;
- an `article_id` is the same when the source's article (checked before:
  its text hashes to its sha256) has the sha256 of the target's article,
  which is how merge matches articles;
- the target's row is found through its own primary key; the source's table
  is read with NOT INDEXED (`merge_source.py`), so no index of the source's
  making stands in for its rows.

Every other row — new, or a known id with other content, forged or edited —
is checked like any row. Journal entries are compared as text: one whose
`before`/`after` were rewritten on the way in (the source's article ids
differ from ours) is checked each time it comes.
"""

from __future__ import annotations

import sqlite3

from .merge_rows import columns

ARTICLES = "temp.merge_known_articles"
KEYS: dict[str, tuple[str, ...]] = {
    "zones": ("article_id", "start", "end"),
    "sentences": ("article_id", "start", "end"),
    "entities": ("article_id", "start", "end", "label"),
    "annotations": ("id",),
    "links": ("id",),
    "entity_group_edits": ("id",),
    "journal": ("id",),
}
"""The tables whose rows may be known, by the target's primary key; stories
and articles are always checked (the checks of the other rows need them)."""


def map_articles(conn: sqlite3.Connection, staged: str, target: str) -> None:
    """ARTICLES: each checked source article (in the `staged` schema) that the
    target holds → its id there."""
    conn.execute(f"DROP TABLE IF EXISTS {ARTICLES}")
    conn.execute(f"CREATE TABLE {ARTICLES} (src_id INTEGER PRIMARY KEY, dst_id INTEGER NOT NULL)")
    conn.execute(f"INSERT INTO {ARTICLES} SELECT a.id, t.id FROM {staged}.articles a "
                 f"JOIN {target}.articles t ON t.sha256 = a.sha256")


def not_here(table: str, target: str, row: str = "s") -> str:
    """An SQL condition on the source's `row` of `table`: true unless the
    target holds it (see the module docstring)."""
    terms = []
    for name in columns(table):
        theirs, ours = f'{row}."{name}"', f't."{name}"'
        if name == "article_id":
            terms.append(f"typeof({theirs}) = 'integer' AND {ours} = "
                         f"(SELECT k.dst_id FROM {ARTICLES} k WHERE k.src_id = {theirs})")
            continue
        # unary + drops the source column's affinity, COLLATE its collation
        compare = "=" if name in KEYS[table] else "IS"
        terms.append(f"typeof({ours}) = typeof({theirs}) AND {ours} {compare} (+{theirs}) COLLATE BINARY")
    return f"NOT EXISTS (SELECT 1 FROM {target}.{table} t WHERE {' AND '.join(terms)})"
