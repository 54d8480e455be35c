"""Merging a database made on another machine into this one.

The other database is hostile until checked: `merge_source.py` reads it in a
connection of its own (no lock on the target meanwhile), checks its schema and
every row this database does not already hold value for value
(`merge_known.py`), and copies the rows into a staging file. A source with
anything wrong stores nothing. The staged rows are then merged with set-based SQL
(``INSERT … SELECT … WHERE NOT EXISTS``) in short batches (`staging.py`):
articles by source id, annotations by id range (their deletions and
conflicts with them), then links (`link_merge.py`), entity-group edits and
journal entries by id. Every batch is
idempotent, so merging the same file again changes nothing, and a merge
interrupted half-way is finished from its staging file by the next command.

What is matched by what:
- stories by name: a story is created here only for articles that come in;
- articles by ``sha256`` (their identity): an article missing here is copied
  with its zones, sentences and entities; one already here is not touched
  (its local id may differ: every row that points at it is remapped);
- annotations, links and journal entries by their ids (ULIDs). A journal
  entry never changes after it is written, so one with a known id is skipped
  (its undo state stays as it is here); links are merged like annotations
  (`link_merge.py`: newer version wins, deletions travel). The ``before``
  and ``after`` rows in copied journal entries get this database's
  ``article_id``, so undo works on them here.

Two versions of one annotation (same id, different content): the one with
the later ``updated_at`` is kept (equal times: the one whose content sorts
last as a JSON array, so merging A into B and B into A agree). It is a
*conflict*, and reported, unless the kept version's own history (the journal
of its side) holds the other version, every field equal, as a ``before`` or
``after`` — then one was edited from the other and it is a plain update.
After a merge the journal here holds the other side's history too, so
merging the same file again reports nothing. (Rows written without a journal
entry, by ``import-annotations`` say, cannot be traced: their differences are
always reported.)

Deletions travel through the journal: an annotation whose id one side's
journal knows but whose row that side no longer has was deleted there, at the
time of its last journal entry. The other side's copy is deleted too when it
was last changed before that time; when it was changed after, the change wins
and the pair is reported as a conflict. (A row deleted without a journal
entry leaves no trace and comes back from a database that still has it.)
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .db import db_path
from .errors import StoreError
from .link_merge import merge_links
from .merge_rows import TABLES, columns
from .merge_source import read_source
from .staging import ALIAS, Job, Staging, attached, in_batches, run_job, staged_keys

MERGE_CACHE_KIB = 128 * 1024
_CONTENT = ("start", "end", "label", "text", "annotator", "status", "attrs", "note", "created_at", "updated_at")
_ARTICLE_COLUMNS = ("outlet", "title", "url", "published", "author", "source_path", "sha256", "text",
                    "entity_source", "created_at")
_DERIVED = {
    "zones": ("start", "end", "kind"),
    "sentences": ("start", "end"),
    "entities": ("start", "end", "label", "text", "source"),
}
_KEYS = {"stories": "id INTEGER PRIMARY KEY", "articles": "id INTEGER PRIMARY KEY",
         "annotations": "id TEXT PRIMARY KEY", "links": "id TEXT PRIMARY KEY", "journal": "id TEXT PRIMARY KEY",
         "entity_group_edits": "id TEXT PRIMARY KEY"}


def _staging_table(table: str) -> str:
    fields = (_KEYS[table] if name == "id" else f'"{name}"' for name in columns(table))
    return f"CREATE TABLE {table} ({', '.join(fields)});"


SCHEMA = "\n".join(_staging_table(table) for table in TABLES) + """
CREATE INDEX articles_sha ON articles (sha256);
CREATE INDEX zones_article ON zones (article_id);
CREATE INDEX sentences_article ON sentences (article_id);
CREATE INDEX entities_article ON entities (article_id);
CREATE INDEX journal_annotation ON journal (annotation_id);
CREATE INDEX journal_link ON journal (link_id);
"""
"""The staging file: the source's tables, their rows checked (merge_source.py)."""


@dataclass(frozen=True)
class Conflict:
    id: str
    here_label: str
    here_updated_at: str
    there_label: str
    there_updated_at: str
    kept: str
    """"here" or "there"."""


@dataclass
class MergeSummary:
    source: str
    stories: int = 0
    articles: int = 0
    zones: int = 0
    sentences: int = 0
    entities: int = 0
    annotations_new: int = 0
    annotations_updated: int = 0
    annotations_deleted: int = 0
    links: int = 0
    journal: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(v for k, v in asdict(self).items() if k not in ("source", "conflicts"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        if not self.changed and not self.conflicts:
            return f"{self.source}: nothing new"
        return (f"{self.source}: {_n(self.articles, 'article')} ({_n(self.zones, 'zone')}, "
                f"{_n(self.sentences, 'sentence')}, {_n(self.entities, 'entity', 'entities')}), "
                f"{_n(self.stories, 'new story', 'new stories')}; annotations: {self.annotations_new} new, "
                f"{self.annotations_updated} updated, {self.annotations_deleted} deleted, "
                f"{_n(len(self.conflicts), 'conflict')}; "
                f"{_n(self.links, 'link')}; {_n(self.journal, 'journal entry', 'journal entries')}")


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def merge(db: Database, source: str | Path) -> MergeSummary:
    """Merge the database at `source` into `db` (see the module docstring)."""
    path = _source_path(db, source)
    staging = Staging(db, SCHEMA)
    try:
        read_source(path, staging.path, db_path(db))
    except BaseException:
        staging.discard()
        raise
    return run_job(db, "merge", str(source), staging, apply)


def apply(db: Database, job: Job) -> MergeSummary:
    """Merge a checked, staged source in batches (also what finishes an interrupted merge)."""
    summary = MergeSummary(job.source)
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    # The bulk inserts touch index pages all over the tables; a page cache
    # big enough to hold them makes them about twice as fast.
    db.execute(f"PRAGMA cache_size = {-MERGE_CACHE_KIB}")
    try:
        with attached(db, job):
            _merge_articles(db, summary)
            _merge_annotations(db, summary)
            summary.links = merge_links(db, ALIAS).total
            summary.journal = _merge_journal(db)
            for table in ("merge_articles", "merge_diff", "merge_gone_main", f"merge_gone_{ALIAS}"):
                _run(db, f"DROP TABLE IF EXISTS temp.{table}")
    finally:
        db.execute(f"PRAGMA cache_size = {int(cache)}")
    summary.conflicts.sort(key=lambda conflict: conflict.id)
    return summary


def _source_path(db: Database, source: str | Path) -> Path:
    path = Path(source)
    if not path.is_file():
        raise StoreError(f"{source}: no such database file")
    target = db_path(db)
    if target != ":memory:" and os.path.exists(target) and os.path.samefile(path, target):
        raise StoreError(f"{source}: is the database being merged into")
    return path.resolve()


def _batched(db: Database, table: str, step) -> int:
    """Run `step(db, lo, hi)` over the staged `table`'s ids in short transactions; the sum of what it returns."""
    total = 0

    def batch(lo: Any, hi: Any) -> None:
        nonlocal total
        total += step(db, lo, hi)

    in_batches(db, staged_keys(db, table, "id"), batch)
    return total


def _run(db: Database, sql: str, params: list | tuple = ()) -> int:
    return db.conn.execute(sql, params).rowcount


def _cols(names: tuple[str, ...], prefix: str = "") -> str:
    return ", ".join(f'{prefix}"{name}"' for name in names)


def _merge_articles(db: Database, summary: MergeSummary) -> None:
    # Every source article → its id here and whether this merge copied it;
    # decided inside each batch's transaction, against the database as it is then.
    _run(db, "DROP TABLE IF EXISTS temp.merge_articles")
    _run(db, "CREATE TEMP TABLE merge_articles (src_id INTEGER PRIMARY KEY, dst_id INTEGER, is_new INTEGER)")
    _run(db, f"INSERT INTO temp.merge_articles SELECT id, NULL, 0 FROM {ALIAS}.articles")

    def batch(lo: int, hi: int) -> None:
        span = [lo, hi]
        _run(db, "UPDATE temp.merge_articles SET dst_id = (SELECT t.id FROM main.articles t "
                 f"JOIN {ALIAS}.articles a ON a.sha256 = t.sha256 WHERE a.id = merge_articles.src_id) "
                 "WHERE src_id BETWEEN ? AND ?", span)
        _run(db, "UPDATE temp.merge_articles SET is_new = dst_id IS NULL WHERE src_id BETWEEN ? AND ?", span)
        summary.stories += _run(db, (
            f"INSERT OR IGNORE INTO main.stories (name, created_at) SELECT s.name, s.created_at FROM {ALIAS}.stories s "
            "WHERE NOT EXISTS (SELECT 1 FROM main.stories t WHERE t.name = s.name) "
            f"AND EXISTS (SELECT 1 FROM {ALIAS}.articles a JOIN temp.merge_articles m ON m.src_id = a.id "
            "WHERE a.story_id = s.id AND m.is_new AND a.id BETWEEN ? AND ?) ORDER BY s.id"), span)
        summary.articles += _run(db, (
            f"INSERT OR IGNORE INTO main.articles (story_id, {_cols(_ARTICLE_COLUMNS)}) "
            f"SELECT t.id, {_cols(_ARTICLE_COLUMNS, 'a.')} FROM {ALIAS}.articles a "
            "JOIN temp.merge_articles m ON m.src_id = a.id AND m.is_new "
            f"JOIN {ALIAS}.stories s ON s.id = a.story_id JOIN main.stories t ON t.name = s.name "
            "WHERE a.id BETWEEN ? AND ? ORDER BY a.id"), span)
        _run(db, "UPDATE temp.merge_articles SET dst_id = (SELECT t.id FROM main.articles t "
                 f"JOIN {ALIAS}.articles a ON a.sha256 = t.sha256 WHERE a.id = merge_articles.src_id) "
                 "WHERE is_new AND src_id BETWEEN ? AND ?", span)
        for table, columns_ in _DERIVED.items():
            count = _run(db, f"INSERT OR IGNORE INTO main.{table} (article_id, {_cols(columns_)}) "
                             f"SELECT m.dst_id, {_cols(columns_, 'x.')} FROM {ALIAS}.{table} x "
                             "JOIN temp.merge_articles m ON m.src_id = x.article_id "
                             "WHERE m.is_new AND x.article_id BETWEEN ? AND ?", span)
            setattr(summary, table, getattr(summary, table) + count)

    in_batches(db, staged_keys(db, "articles", "id"), batch, first=5)


def _merge_annotations(db: Database, summary: MergeSummary) -> None:
    """Annotations by id range: in each batch the differences, the deletions
    either side made and the new rows of the ids in that range."""
    for table in ("merge_gone_main", f"merge_gone_{ALIAS}"):
        _run(db, f"DROP TABLE IF EXISTS temp.{table}")
        _run(db, f"CREATE TEMP TABLE {table} (id TEXT PRIMARY KEY, gone_at TEXT NOT NULL)")
    keys = sorted({row[0] for row in db.execute(
        f"SELECT id FROM {ALIAS}.annotations UNION SELECT annotation_id FROM {ALIAS}.journal "
        "WHERE annotation_id IS NOT NULL")})

    def batch(lo: str, hi: str) -> None:
        span = [lo, hi]
        _find_differences(db, span)
        gone_here, gone_there = _find_deleted(db, "main", span), _find_deleted(db, ALIAS, span)
        summary.conflicts += [Conflict(*row) for row in db.execute(
            f"SELECT t.id, t.label, t.updated_at, '(deleted)', g.gone_at, 'here' FROM temp.{gone_there} g "
            "JOIN main.annotations t ON t.id = g.id WHERE t.updated_at > g.gone_at")]
        summary.conflicts += [Conflict(*row) for row in db.execute(
            f"SELECT s.id, '(deleted)', g.gone_at, s.label, s.updated_at, 'there' FROM temp.{gone_here} g "
            f"JOIN {ALIAS}.annotations s ON s.id = g.id WHERE s.updated_at > g.gone_at")]
        doomed = (f"SELECT g.id FROM temp.{gone_there} g JOIN main.annotations t ON t.id = g.id "
                  "WHERE t.updated_at <= g.gone_at")
        _run(db, f"DELETE FROM main.links WHERE src_annotation IN ({doomed}) OR dst_annotation IN ({doomed})")
        summary.annotations_deleted += _run(db, f"DELETE FROM main.annotations WHERE id IN ({doomed})")
        summary.annotations_updated += _run(db, (
            f"UPDATE main.annotations SET (article_id, {_cols(_CONTENT)}) = "
            f"(SELECT m.dst_id, {_cols(_CONTENT, 's.')} FROM {ALIAS}.annotations s "
            "JOIN temp.merge_articles m ON m.src_id = s.article_id WHERE s.id = annotations.id) "
            "WHERE id IN (SELECT id FROM temp.merge_diff WHERE kept = 'there')"))
        summary.annotations_new += _run(db, (
            f"INSERT INTO main.annotations (id, article_id, {_cols(_CONTENT)}) "
            f"SELECT s.id, m.dst_id, {_cols(_CONTENT, 's.')} FROM {ALIAS}.annotations s "
            "JOIN temp.merge_articles m ON m.src_id = s.article_id WHERE s.id BETWEEN ? AND ? "
            "AND NOT EXISTS (SELECT 1 FROM main.annotations t WHERE t.id = s.id) "
            f"AND NOT EXISTS (SELECT 1 FROM temp.{gone_here} g WHERE g.id = s.id AND s.updated_at <= g.gone_at)"),
            span)
        summary.conflicts += [Conflict(*row) for row in db.execute(
            "SELECT id, here_label, here_updated_at, there_label, there_updated_at, kept "
            "FROM temp.merge_diff WHERE conflict ORDER BY id")]

    in_batches(db, keys, batch)


def _find_deleted(db: Database, schema: str, span: list) -> str:
    """temp.merge_gone_<schema>: the annotations in `span` that `schema` deleted
    (its journal knows the id, its table no longer has the row) and when: the
    last journal entry, the only kinds of which that remove a row are delete,
    undo and redo."""
    table = f"merge_gone_{schema}"
    _run(db, f"DELETE FROM temp.{table}")
    _run(db, f"INSERT INTO temp.{table} SELECT j.annotation_id, max(j.created_at) FROM {schema}.journal j "
             "WHERE j.annotation_id BETWEEN ? AND ? AND j.op IN ('delete', 'undo', 'redo') AND NOT EXISTS "
             f"(SELECT 1 FROM {schema}.annotations a WHERE a.id = j.annotation_id) GROUP BY j.annotation_id", span)
    return table


def _find_differences(db: Database, span: list) -> None:
    """temp.merge_diff: the ids in `span` on both sides whose content differs,
    which side wins, and whether that is a conflict (see the module docstring)."""
    differs = " OR ".join(f's."{c}" IS NOT t."{c}"' for c in _CONTENT)
    _run(db, "DROP TABLE IF EXISTS temp.merge_diff")
    _run(db, (
        "CREATE TEMP TABLE merge_diff AS SELECT s.id AS id, t.label AS here_label, "
        "t.updated_at AS here_updated_at, s.label AS there_label, s.updated_at AS there_updated_at, "
        f"CASE WHEN s.updated_at > t.updated_at OR (s.updated_at = t.updated_at AND "
        f"{_version('s')} > {_version('t')}) THEN 'there' ELSE 'here' END AS kept, "
        f"{_version('t')} AS here_version, {_version('s')} AS there_version, 1 AS conflict "
        f"FROM {ALIAS}.annotations s JOIN main.annotations t ON t.id = s.id "
        "JOIN temp.merge_articles m ON m.src_id = s.article_id "
        f"WHERE s.id BETWEEN ? AND ? AND (m.dst_id IS NOT t.article_id OR {differs})"), span)
    # Not a conflict when the winner's history passed through the loser's version.
    known = ("EXISTS (SELECT 1 FROM {schema}.journal j WHERE j.annotation_id = merge_diff.id "
             f"AND ({_version('j.before')} = {{older}} OR {_version('j.after')} = {{older}}))")
    _run(db, (
        "UPDATE temp.merge_diff SET conflict = 0 WHERE CASE kept "
        f"WHEN 'there' THEN {known.format(schema=ALIAS, older='here_version')} "
        f"ELSE {known.format(schema='main', older='there_version')} END"))


def _version(source: str) -> str:
    """One annotation version as a JSON array: from a table alias (`t`) or
    from a journal row's JSON column (`j.before`)."""
    if "." in source:
        values = [f"json_extract({source}, '$.{c}')" for c in _CONTENT]
    else:
        values = [f'{source}."{c}"' for c in _CONTENT]
    return f"json_array({', '.join(values)})"


def _merge_journal(db: Database) -> int:
    columns_ = ("id", "annotator", "op", "annotation_id", "link_id", "before", "after", "ref", "state", "created_at")
    moved = db.execute("SELECT count(*) FROM temp.merge_articles WHERE src_id IS NOT dst_id").fetchone()[0]
    if not moved:
        select = _cols(columns_, "x.")
        join = ""
    else:
        # Rows in before/after carry the other database's article ids: remap them.
        remap = ("CASE WHEN m.src_id IS m.dst_id OR x.{c} IS NULL THEN x.{c} "
                 "ELSE json_set(x.{c}, '$.article_id', m.dst_id) END")
        select = ", ".join(remap.format(c=c) if c in ("before", "after") else f"x.{c}" for c in columns_)
        join = ("LEFT JOIN temp.merge_articles m "
                "ON m.src_id = json_extract(coalesce(x.after, x.before), '$.article_id') ")

    def step(db: Database, lo: str, hi: str) -> int:
        return _run(db, (
            f"INSERT INTO main.journal ({_cols(columns_)}) SELECT {select} FROM {ALIAS}.journal x {join}"
            "WHERE x.id BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM main.journal t WHERE t.id = x.id)"), [lo, hi])

    return _batched(db, "journal", step)
