"""The links of annotation lines and the entity-group edits of article lines,
through `import-annotations`' staging file (`jsonl_import.py`; the two
phases are in `staging.py`).

A link is declared and checked with its line (`LinkLine`) and staged; where
it points is checked once the whole file is staged, because a link may point
to an annotation further down the file. A `to` that is in neither the file
nor the database, a link across two stories, or a link id that the database
has between other annotations stops the file with the link's line, before
anything is applied. Applying comes after the annotations' batches, so both
ends are there; like annotations, a link already here by id keeps the newer
`updated_at`, and one without an id is the same link as one with equal ends,
kind and annotator.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from .annotations import dump_attrs
from .ids import new_id
from .line_checks import LineError, LineProblem, check_not_future, stamp_text
from .line_schema import GroupEditLine, LinkLine
from .staging import ALIAS, in_batches, staged_keys

SCHEMA = """
CREATE TABLE links (n INTEGER PRIMARY KEY, line INTEGER NOT NULL, id TEXT NOT NULL, src TEXT, src_key TEXT,
    src_sha TEXT NOT NULL, dst TEXT NOT NULL, kind TEXT NOT NULL, annotator TEXT NOT NULL, status TEXT NOT NULL,
    attrs TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, by_key INTEGER NOT NULL);
CREATE TABLE group_edits (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, op TEXT NOT NULL, label TEXT NOT NULL,
    form TEXT NOT NULL, target TEXT, annotator TEXT NOT NULL, created_at TEXT NOT NULL);
"""
_LINK = ("id", "kind", "annotator", "status", "attrs", "created_at", "updated_at")


class LinkWriter:
    """Checked links and group edits into the staging file."""

    def __init__(self, conn: sqlite3.Connection, clock: datetime, stamp: str):
        self.conn, self.clock, self.stamp = conn, clock, stamp
        self.rows: list[list] = []

    def add_links(self, links: list[LinkLine], line: int, src: str | None, src_key: tuple, path: str) -> None:
        """The links of the annotation read on `line`: `src` is its id, None for
        a span without one (found by `src_key`, its sha256, offsets, label and
        annotator, when the file has been read)."""
        for index, link in enumerate(links):
            where = f"{path}links[{index}]."
            if src is not None and link.to == src:
                raise LineProblem(f"{where}to", "a link cannot point to its own annotation")
            check_not_future(link.created_at, f"{where}created_at", self.clock)
            check_not_future(link.updated_at, f"{where}updated_at", self.clock)
            self.rows.append([
                line, link.id or new_id(), src, None if src is not None else json.dumps(src_key), src_key[0],
                link.to, link.kind, link.annotator or src_key[4], link.status, dump_attrs(link.attrs),
                stamp_text(link.created_at) if link.created_at else self.stamp,
                stamp_text(link.updated_at) if link.updated_at else self.stamp, int(link.id is None)])
        if len(self.rows) >= 2000:
            self.flush()

    def add_edits(self, edits: list[GroupEditLine], sha: str) -> None:
        for index, edit in enumerate(edits):
            where = f"entity_group_edits[{index}]."
            if edit.op == "merge" and not edit.target:
                raise LineProblem(f"{where}target", "a merge needs the form whose group it joins")
            check_not_future(edit.created_at, f"{where}created_at", self.clock)
            self.conn.execute(
                "INSERT OR IGNORE INTO group_edits (id, sha256, op, label, form, target, annotator, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [edit.id or new_id(), sha, edit.op, edit.label, edit.form, edit.target, edit.annotator,
                 stamp_text(edit.created_at) if edit.created_at else self.stamp])

    def flush(self) -> None:
        self.conn.executemany(
            "INSERT INTO links (line, id, src, src_key, src_sha, dst, kind, annotator, status, attrs, created_at, "
            "updated_at, by_key) VALUES (" + ", ".join("?" * 13) + ")", self.rows)
        self.rows.clear()


def settle(db: Database, conn: sqlite3.Connection, source: str) -> None:
    """Once the file is staged: give every link its source annotation's id,
    check where it points, and keep one row per link (the newest of one id,
    the first of equal id-less ones). Reads the target, never locks it."""
    ends = _Ends(db, conn)
    seen: dict[str, tuple[int, str, str, str]] = {}
    by_key: set[tuple] = set()
    dropped: list[int] = []
    resolved: list[tuple[str, int]] = []
    for n, line, link_id, src, src_key, src_sha, dst, kind, annotator, updated_at, is_by_key in conn.execute(
            "SELECT n, line, id, src, src_key, src_sha, dst, kind, annotator, updated_at, by_key FROM links "
            "ORDER BY n").fetchall():
        if src is None:
            src = ends.by_key(json.loads(src_key))
            resolved.append((src, n))
        if dst == src:
            raise LineError(source, line, "a link cannot point to its own annotation")
        dst_sha = ends.sha_of(dst)
        if dst_sha is None:
            raise LineError(source, line, f"link {link_id if not is_by_key else ''} points to annotation {dst}, "
                                          "which is neither in this file nor in the database")
        if ends.story(src_sha) != ends.story(dst_sha):
            raise LineError(source, line, "a link joins annotations of one story; this one crosses two")
        here = db.execute("SELECT src_annotation, dst_annotation FROM links WHERE id = ?", [link_id]).fetchone()
        if here is not None and tuple(here) != (src, dst):
            raise LineError(source, line, f"link {link_id} is here already between other annotations")
        if is_by_key:
            key = (src, dst, kind, annotator)
            if key in by_key:
                dropped.append(n)
            by_key.add(key)
            continue
        earlier = seen.get(link_id)
        if earlier is not None:
            if earlier[1:3] != (src, dst):
                raise LineError(source, line, f"link {link_id} is in this file twice, between other annotations")
            # the newer copy counts; of equal ones the first
            dropped.append(n if updated_at <= earlier[3] else earlier[0])
            if updated_at <= earlier[3]:
                continue
        seen[link_id] = (n, src, dst, updated_at)
    conn.executemany("UPDATE links SET src = ? WHERE n = ?", resolved)
    conn.executemany("DELETE FROM links WHERE n = ?", [(n,) for n in dropped])


class _Ends:
    """Where the annotations a link joins are: the staging file first, then the target."""

    def __init__(self, db: Database, conn: sqlite3.Connection):
        self.db, self.conn = db, conn
        self.stories: dict[str, str | None] = {}

    def sha_of(self, annotation_id: str) -> str | None:
        row = self.conn.execute("SELECT sha256 FROM annotations WHERE id = ?", [annotation_id]).fetchone()
        if row is None:
            row = self.db.execute("SELECT a.sha256 FROM annotations n JOIN articles a ON a.id = n.article_id "
                                  "WHERE n.id = ?", [annotation_id]).fetchone()
        return row[0] if row else None

    def by_key(self, key: list[Any]) -> str:
        """The id a span without one ends up with: the database's equal
        annotation, else the staged one (the first of equal ones in the file)."""
        sha, start, end, label, annotator = key
        row = self.db.execute(
            'SELECT n.id FROM annotations n JOIN articles a ON a.id = n.article_id WHERE a.sha256 = ? '
            'AND n.start = ? AND n."end" = ? AND n.label = ? AND n.annotator = ? ORDER BY n.id LIMIT 1',
            key).fetchone() or self.conn.execute(
            'SELECT id FROM annotations WHERE by_span AND sha256 = ? AND start = ? AND "end" = ? AND label = ? '
            'AND annotator = ?', [sha, start, end, label, annotator]).fetchone()
        return row[0]

    def story(self, sha: str) -> str | None:
        """An article keeps the story it has in the database; a new one gets its line's."""
        if sha not in self.stories:
            row = self.db.execute("SELECT s.name FROM articles a JOIN stories s ON s.id = a.story_id "
                                  "WHERE a.sha256 = ?", [sha]).fetchone() or self.conn.execute(
                "SELECT story FROM articles WHERE sha256 = ?", [sha]).fetchone()
            self.stories[sha] = row[0] if row else None
        return self.stories[sha]


def apply_attached(db: Database) -> tuple[int, int]:
    """Apply the staged links (after the annotations) and group edits in
    batches; returns (links added, links updated)."""
    added = updated = 0
    assignments = ", ".join(f'"{c}" = s."{c}"' for c in _LINK if c != "id")

    def batch(first: int, last: int) -> None:
        nonlocal added, updated
        where = f"s.n BETWEEN {int(first)} AND {int(last)}"
        updated += db.execute(
            f"UPDATE main.links AS t SET {assignments} FROM {ALIAS}.links s WHERE s.id = t.id AND {where} "
            "AND t.src_annotation = s.src AND t.dst_annotation = s.dst AND s.updated_at > t.updated_at").rowcount
        # An end deleted since the file was checked leaves its link out.
        added += db.execute(
            f"INSERT INTO main.links (id, src_annotation, dst_annotation, {', '.join(_LINK[1:])}) "
            f"SELECT s.id, s.src, s.dst, {', '.join('s.' + c for c in _LINK[1:])} FROM {ALIAS}.links s "
            f"WHERE {where} AND NOT EXISTS (SELECT 1 FROM main.links t WHERE t.id = s.id) "
            "AND NOT (s.by_key AND EXISTS (SELECT 1 FROM main.links t WHERE t.src_annotation = s.src "
            "AND t.dst_annotation = s.dst AND t.kind = s.kind AND t.annotator = s.annotator)) "
            "AND EXISTS (SELECT 1 FROM main.annotations a WHERE a.id = s.src) "
            "AND EXISTS (SELECT 1 FROM main.annotations a WHERE a.id = s.dst) ORDER BY s.n").rowcount

    in_batches(db, staged_keys(db, "links", "n"), batch)

    def edits(first: str, last: str) -> None:
        db.execute(
            "INSERT OR IGNORE INTO main.entity_group_edits (id, article_id, op, label, form, target, annotator, "
            f"created_at) SELECT s.id, m.id, s.op, s.label, s.form, s.target, s.annotator, s.created_at "
            f"FROM {ALIAS}.group_edits s JOIN main.articles m ON m.sha256 = s.sha256 WHERE s.id BETWEEN ? AND ?",
            [first, last])

    in_batches(db, staged_keys(db, "group_edits", "id"), edits)
    return added, updated
