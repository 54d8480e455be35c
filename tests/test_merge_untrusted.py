"""`merge` treats the other database as hostile: views and foreign triggers
are refused, every row is checked, a runaway query is stopped, and the
target is never locked while the source is read."""

import os
import signal
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from db_support import dump, tamper
from parallax.cli import cli
from parallax.store import annotations, entity_groups, links, merge_source
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.errors import StoreError
from parallax.store.merge import merge
from parallax.store.records import ArticleRecord

TEXT = "Der Kanal ist gesperrt. Die Reederei schweigt."
OTHER = "Die Schleuse ist zu. Ein Frachter blockiert sie."


@pytest.fixture
def target(tmp_path) -> Path:
    path = tmp_path / "team.db"
    db = open_db(path)
    (stored,) = add_articles(db, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt", outlet="taz")])
    annotations.add(db, stored.article_id, 0, 9, "claim", "anna")
    db.close()
    return path


@pytest.fixture
def source(tmp_path) -> Path:
    """ben.db: the same article, one more, and ben's labels; then tampered with by each test."""
    path = tmp_path / "ben.db"
    db = open_db(path)
    stored = add_articles(db, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt"),
                                        ArticleRecord(text=OTHER, source_path="b.txt")])
    quote = annotations.add(db, stored[0].article_id, 10, 22, "quote", "ben")
    claim = annotations.add(db, stored[1].article_id, 0, 19, "claim", "ben")
    links.add(db, quote["id"], claim["id"], "same", "ben", attrs={"evidence": "Kanal"})
    entity_groups.add_edit(db, stored[1].article_id, "split", "ORG", "Reederei", "ben")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def refused(target: Path, source: Path, *expected: str) -> str:
    before = dump(target)
    result = CliRunner().invoke(cli, ["merge", str(source), "--into", str(target)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"parallax: {source}"), result.output
    for part in expected:
        assert part in lines[0], lines[0]
    assert dump(target) == before
    assert not list(target.parent.glob("*.staging"))
    return lines[0]


ENDLESS = ("CREATE VIEW annotations AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
           "SELECT 'x' || i AS id, 1 AS article_id, 0 AS start, 3 AS \"end\", 'quote' AS label, 'Der' AS text, "
           "'eve' AS annotator, 'accepted' AS status, '{}' AS attrs, NULL AS note, "
           "'2026-11-24T09:12:03.512Z' AS created_at, '2026-11-24T09:12:03.512Z' AS updated_at FROM n")


def test_a_view_with_an_endless_query_is_refused(target, source):
    tamper(source, "ALTER TABLE annotations RENAME TO annotations_old", ENDLESS)
    refused(target, source, "annotations is a view, not a table")


def test_a_foreign_trigger_is_refused(target, source):
    tamper(source, "CREATE TRIGGER sneaky AFTER INSERT ON annotations BEGIN DELETE FROM stories; END")
    refused(target, source, "trigger sneaky on annotations")


@pytest.mark.parametrize("statement, expected", [
    ("UPDATE annotations SET start = 'abc' WHERE annotator = 'ben' AND label = 'quote'", "start: expected int"),
    ("UPDATE annotations SET attrs = 'not json' WHERE label = 'quote'", "attrs: not valid JSON"),
    ("UPDATE annotations SET \"end\" = 4000 WHERE label = 'quote'", "end: 4000 is outside the article text"),
    ("UPDATE annotations SET text = 'etwas anderes' WHERE label = 'quote'", "text:"),
    ("UPDATE annotations SET updated_at = '9999-01-01T00:00:00.000Z' WHERE label = 'quote'",
     "updated_at: 9999-01-01T00:00:00.000Z is in the future"),
    ("UPDATE journal SET created_at = '9999-12-31T00:00:00.000Z' WHERE op = 'add' AND rowid = 1",
     "created_at: 9999-12-31T00:00:00.000Z is in the future"),
    ("UPDATE journal SET after = '{broken' WHERE rowid = 1", "after: not valid JSON"),
    ("UPDATE annotations SET label = 'quo' || char(0) || 'te' WHERE label = 'quote'", "label: NUL character"),
    ("UPDATE annotations SET start = 99999999999999999 WHERE label = 'claim'", "start:"),
    # links, entity-group edits and the journal's link entries (issue 11's tables) are checked alike
    ("UPDATE links SET attrs = '{\"evidence\": '",
     ("links row id=", "attrs: not valid JSON")),
    ("UPDATE links SET attrs = '[1, 2]'",
     ("links row id=", "attrs: expected object, got array")),
    ("UPDATE links SET dst_annotation = src_annotation",
     ("links row", "cannot point to its own annotation")),
    ("UPDATE links SET kind = 'sa' || char(0) || 'me'",
     ("links row", "kind: NUL character")),
    ("UPDATE links SET status = 'maybe'",
     ("links row", "status:")),
    ("UPDATE links SET updated_at = '9999-01-01T00:00:00.000Z'",
     ("links row", "updated_at: 9999-01-01")),
    ("UPDATE links SET created_at = 'yesterday'",
     ("links row", "created_at:")),
    ("UPDATE entity_group_edits SET op = 'explode'",
     ("entity_group_edits row", "op:")),
    ("UPDATE entity_group_edits SET article_id = 77",
     ("entity_group_edits row", "no article 77")),
    ("UPDATE entity_group_edits SET op = 'merge', target = NULL",
     ("entity_group_edits row", "target: a merge needs")),
    ("UPDATE journal SET link_id = NULL WHERE op = 'link_add'",
     ("journal row", "link_id: required for a link_add")),
    ("UPDATE journal SET after = json_set(after, '$.attrs', 'not json') WHERE op = 'link_add'",
     ("journal row", "after.attrs: not valid JSON")),
    ("UPDATE journal SET after = json_set(after, '$.id', 'someone else') WHERE op = 'link_add'",
     ("journal row", "after.id: is not the entry's link_id")),
    ("UPDATE journal SET annotation_id = link_id WHERE op = 'link_add'",
     ("journal row", "annotation_id: a link change names no annotation")),
])
def test_a_bad_row_is_refused_by_file_table_and_field(target, source, statement, expected):
    tamper(source, statement)
    refused(target, source, *((expected,) if isinstance(expected, str) else expected))


def test_a_journal_delete_dated_9999_does_not_delete_anything(target, tmp_path):
    """The delete of anna's annotation forged into ben.db with a date far ahead."""
    db = open_db(target)
    (row,) = db.execute("SELECT id FROM annotations").fetchall()
    db.close()
    forged = tmp_path / "forged.db"
    forged.write_bytes(target.read_bytes())
    tamper(forged, "DELETE FROM annotations",
           "INSERT INTO journal (id, annotator, op, annotation_id, before, after, ref, state, created_at) "
           f"VALUES ('01KZZZZZZZZZZZZZZZZZZZZZZZ', 'eve', 'delete', '{row[0]}', NULL, NULL, NULL, 'active', "
           "'9999-01-01T00:00:00.000Z')")
    refused(target, forged, "journal row", "in the future")


def test_an_article_with_a_real_hash_and_other_text_is_refused(target, source):
    tamper(source, "DROP INDEX idx_articles_sha256", f"UPDATE articles SET text = 'Gefälscht.' WHERE text = '{OTHER}'",
           "UPDATE articles SET sha256 = (SELECT sha256 FROM articles WHERE id = 1) WHERE text = 'Gefälscht.'")
    refused(target, source, "sha256: does not match the hash")


def test_a_runaway_query_on_the_source_is_stopped(source):
    with pytest.raises(StoreError, match="ran away"), merge_source._guarded(source) as db:
        db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")


def test_ctrl_c_stops_a_long_query_on_the_source(source, monkeypatch):
    monkeypatch.setattr(merge_source, "STEPS_PER_BYTE", 10**12)  # only Ctrl-C can stop it now
    timer = threading.Timer(0.5, os.kill, [os.getpid(), signal.SIGINT])
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt), merge_source._guarded(source) as db:
            db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
    finally:
        timer.cancel()


def test_the_target_is_not_locked_while_the_source_is_read(target, source, monkeypatch):
    """While merge reads and checks the source, another writer gets the target's lock at once."""
    reading, release = threading.Event(), threading.Event()
    original = merge_source._copy

    def slow_copy(*args):
        reading.set()
        release.wait(10)
        return original(*args)

    monkeypatch.setattr(merge_source, "_copy", slow_copy)
    db = open_db(target)
    worker = threading.Thread(target=merge, args=(db, source))
    worker.start()
    try:
        assert reading.wait(10)
        other = sqlite3.connect(target, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if merge held the lock
        other.execute("ROLLBACK")
        other.close()
    finally:
        release.set()
        worker.join(30)
    assert db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 3
    db.close()


def test_a_checked_source_brings_its_links_group_edits_and_their_journal(target, source):
    result = CliRunner().invoke(cli, ["merge", str(source), "--into", str(target)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(target)
    (src, dst, kind, attrs), = conn.execute(
        "SELECT s.label, d.label, l.kind, l.attrs FROM links l JOIN annotations s ON s.id = l.src_annotation "
        "JOIN annotations d ON d.id = l.dst_annotation").fetchall()
    assert (src, dst, kind, attrs) == ("quote", "claim", "same", '{"evidence":"Kanal"}')
    assert conn.execute("SELECT op, label, form, annotator FROM entity_group_edits").fetchall() == [
        ("split", "ORG", "Reederei", "ben")]
    assert conn.execute("SELECT count(*) FROM journal WHERE op = 'link_add' AND link_id IS NOT NULL").fetchone()[0] == 1
    assert not list(target.parent.glob("*.staging"))
