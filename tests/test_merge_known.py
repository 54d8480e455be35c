"""Merging a source again: the rows this database already holds, value for
value, need no check — and every other row of the source is still checked
and merged as any row is. A row with a known id but other content (a
forged one, or one edited without a new `updated_at`) is never taken for
a known one."""

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from db_support import dump, tamper
from parallax.cli import cli
from parallax.store import annotations, entity_groups, links, merge_checks
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.merge import Conflict, merge
from parallax.store.records import ArticleRecord, EntitySpan, Zone

TEXT = "Der Kanal ist gesperrt. Die Reederei schweigt."
OTHER = "Die Schleuse ist zu. Ein Frachter blockiert sie."


def _record(text: str, path: str) -> ArticleRecord:
    return ArticleRecord(text=text, source_path=path, sentences=[(0, text.index(".") + 1)],
                         zones=[Zone(0, len(text), "body")],
                         entities=[EntitySpan(4, 9, "LOC", text[4:9])])


@pytest.fixture(params=["same ids", "moved ids"])
def merged(request, tmp_path) -> tuple[Path, Path]:
    """ben.db, and team.db that has merged it once. With "moved ids" the
    team's articles have other ids than ben's (their journal images were
    rewritten on the way in)."""
    source = tmp_path / "ben.db"
    db = open_db(source)
    stored = add_articles(db, "Kanal", [_record(TEXT, "a.txt"), _record(OTHER, "b.txt")])
    quote = annotations.add(db, stored[0].article_id, 10, 22, "quote", "ben")
    claim = annotations.add(db, stored[1].article_id, 0, 19, "claim", "ben")
    annotations.update(db, claim["id"], "ben", note="Frachter")
    links.add(db, quote["id"], claim["id"], "same", "ben", attrs={"evidence": "Kanal"})
    entity_groups.add_edit(db, stored[1].article_id, "split", "ORG", "Reederei", "ben")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    target = tmp_path / "team.db"
    db = open_db(target)
    if request.param == "moved ids":
        add_articles(db, "Schleuse", [_record(OTHER, "b.txt")])
    merge(db, source)
    db.close()
    return target, source


def retype(path: Path, table: str, declarations: str, select: str) -> None:
    """`table` made again with other column declarations (no types, a
    collation…), its rows copied through `select` — what a forger can do."""
    tamper(path, f"ALTER TABLE {table} RENAME TO {table}_old", f"CREATE TABLE {table} ({declarations})",
           f"INSERT INTO {table} SELECT {select} FROM {table}_old", f"DROP TABLE {table}_old")


def refused(target: Path, source: Path, *expected: str) -> None:
    before = dump(target)
    result = CliRunner().invoke(cli, ["merge", str(source), "--into", str(target)])
    assert result.exit_code == 1, result.output
    for part in expected:
        assert part in result.output, result.output
    assert dump(target) == before
    assert not list(target.parent.glob("*.staging"))


def test_merging_the_same_source_again_is_nothing_new(merged):
    target, source = merged
    before = dump(target)
    db = open_db(target)
    summary = merge(db, source)
    db.close()
    assert not summary.changed and summary.conflicts == [], summary
    assert dump(target) == before


def test_rows_already_here_skip_the_checks_and_changed_ones_do_not(merged, request, monkeypatch):
    """What makes merging again cheap: no row the target holds reaches the
    row checks. A row edited since still does, and so does a journal entry
    whose annotation images were rewritten on the way in (its article's id
    differs here)."""
    rewritten = {} if "same ids" in request.node.name else {"journal": 3}  # the two adds and the update
    target, source = merged
    checked: dict[str, int] = {}
    original = merge_checks.Rows.check_rows

    def counting(self, table, shape, names, rows):
        checked[table] = checked.get(table, 0) + len(rows)
        return original(self, table, shape, names, rows)

    monkeypatch.setattr(merge_checks.Rows, "check_rows", counting)
    db = open_db(target)
    merge(db, source)
    assert {table: n for table, n in checked.items() if table not in ("stories", "articles")} == rewritten
    tamper(source, "UPDATE annotations SET note = 'später' WHERE label = 'quote'")
    checked.clear()
    merge(db, source)
    db.close()
    assert {table: n for table, n in checked.items() if table not in ("stories", "articles")} == {
        "annotations": 1, **rewritten}


@pytest.mark.parametrize("statement, expected", [
    ("UPDATE annotations SET text = 'etwas anderes' WHERE label = 'quote'", "text:"),
    ("UPDATE annotations SET \"end\" = 4000 WHERE label = 'quote'", "end: 4000 is outside the article text"),
    ("UPDATE annotations SET label = 'quo' || char(0) || 'te' WHERE label = 'quote'", "label: NUL character"),
    ("UPDATE annotations SET start = 'abc' WHERE label = 'quote'", "start: expected int"),
    ("UPDATE annotations SET attrs = '{\"speaker\": ' WHERE label = 'quote'", "attrs: not valid JSON"),
    ("UPDATE annotations SET article_id = 77 WHERE label = 'quote'", "no article 77"),
    ("UPDATE journal SET after = json_set(after, '$.text', 'falsch') WHERE op = 'add' AND after LIKE '%quote%'",
     "after.text:"),
    ("UPDATE journal SET created_at = '9999-12-31T00:00:00.000Z' WHERE op = 'add'", "in the future"),
    ("UPDATE journal SET after = json_set(after, '$.updated_at', '9999-01-01T00:00:00.000Z') WHERE op = 'add'",
     "after.updated_at: 9999-01-01T00:00:00.000Z is in the future"),
    ("UPDATE journal SET after = json_set(after, '$.attrs', '[1]') WHERE op = 'add'", "after.attrs: expected object"),
    ("UPDATE journal SET after = json_set(after, '$.article_id', 77) WHERE op = 'add'", "after.article_id: no article 77"),
    ("UPDATE journal SET before = json_set(before, '$.end', 4000) WHERE op = 'update'", "before.end: 4000 is outside"),
    ("UPDATE annotations SET created_at = '2026-12-03 10:00:00' WHERE label = 'quote'",
     "created_at: expected str matching regex"),
    ("UPDATE journal SET created_at = '2026-12-03T10:00:00.000+01:00' WHERE op = 'update'",
     "created_at: expected str matching regex"),
    ("UPDATE journal SET after = json_set(after, '$.updated_at', 'gestern') WHERE op = 'add'",
     "after.updated_at: expected str matching regex"),
    ("UPDATE journal SET after = json_set(after, '$.links', json('[{\"id\": \"l1\", \"dst_annotation\": \"x\", "
     "\"kind\": \"same\", \"annotator\": \"ben\", \"created_at\": \"2026-12-03T10:00:00.000Z\", "
     "\"updated_at\": \"2026-12-03T10:00:00Z\"}]')) WHERE op = 'add'",
     "after.links[0].updated_at: expected str matching regex"),
    ("UPDATE links SET updated_at = '２０２６-12-03T10:00:00.000Z'", ("links row", "updated_at:")),
    ("UPDATE journal SET before = json_set(before, '$.label', '') WHERE op = 'update'", "before.label:"),
    ("UPDATE journal SET annotator = 'eve' || char(0) WHERE op = 'update'", "annotator: NUL character"),
    ("UPDATE sentences SET \"end\" = 4000", "sentences row article_id=1: end: 4000 is outside"),
    ("UPDATE entities SET text = 'Reede'", ("entities row", "text:")),
    ("UPDATE zones SET kind = 'marquee'", ("zones row", "kind:")),
    ("UPDATE links SET attrs = '[1, 2]'", ("links row", "attrs: expected object")),
    ("UPDATE entity_group_edits SET op = 'explode'", ("entity_group_edits row", "op:")),
])
def test_a_row_with_a_known_id_and_other_content_is_checked(merged, statement, expected):
    target, source = merged
    tamper(source, statement)
    refused(target, source, *((expected,) if isinstance(expected, str) else expected))


def test_the_type_of_a_value_counts_not_only_its_value(merged):
    """'10' stored as text compares equal to 10 in SQLite; it is not the row here."""
    target, source = merged
    retype(source, "annotations", "id, article_id, start, \"end\", label, text, annotator, status, attrs, note, "
           "created_at, updated_at",
           "id, article_id, CAST(start AS TEXT), \"end\", label, text, annotator, status, attrs, note, "
           "created_at, updated_at")
    refused(target, source, "annotations row", "start: expected int")


def test_a_collation_of_the_source_does_not_make_other_text_equal(merged):
    """A source column declared NOCASE: 'QUOTE' is still not 'quote'. Same id,
    same updated_at, other content: kept by the content order and reported,
    as any such pair."""
    target, source = merged
    retype(source, "annotations", "id TEXT PRIMARY KEY, article_id INTEGER, start INTEGER, \"end\" INTEGER, "
           "label TEXT COLLATE NOCASE, text TEXT, annotator TEXT, status TEXT, attrs TEXT, note TEXT, "
           "created_at TEXT, updated_at TEXT",
           "id, article_id, start, \"end\", upper(label), text, annotator, status, attrs, note, created_at, "
           "updated_at")
    db = open_db(target)
    rows = db.execute("SELECT id, label, updated_at FROM annotations ORDER BY id").fetchall()
    summary = merge(db, source)
    # '["…","QUOTE",…]' sorts before '["…","quote",…]': this side's version is kept, and both are reported
    assert summary.conflicts == [Conflict(id_, label, stamp, label.upper(), stamp, "here")
                                 for id_, label, stamp in rows]
    assert db.execute("SELECT id, label, updated_at FROM annotations ORDER BY id").fetchall() == rows
    db.close()


def test_other_content_with_the_same_updated_at_is_merged_as_any_difference(merged):
    """Kept by the content order; not a conflict, as ben's journal holds the version here."""
    target, source = merged
    tamper(source, "UPDATE annotations SET label = 'zitat' WHERE label = 'quote'")
    db = open_db(target)
    (id_, stamp), = db.execute("SELECT id, updated_at FROM annotations WHERE label = 'quote'").fetchall()
    summary = merge(db, source)
    assert summary.annotations_updated == 1
    assert summary.conflicts == []
    assert annotations.get(db, id_)["label"] == "zitat"
    db.close()


def test_two_rows_with_one_id_are_refused(merged):
    target, source = merged
    names = "id, src_annotation, dst_annotation, kind, annotator, status, attrs, created_at, updated_at"
    retype(source, "links", names, names)
    tamper(source, "INSERT INTO links SELECT * FROM links")
    refused(target, source, "two rows with one id")


def test_a_source_in_utf16_is_refused_with_a_reason(tmp_path):
    """Parallax writes UTF-8; SQLite compares and attaches only databases of one encoding."""
    source = tmp_path / "utf16.db"
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.execute("CREATE TABLE t (x)")  # the file is made now, in UTF-16; then it looks new and empty
    conn.execute("DROP TABLE t")
    conn.execute("PRAGMA application_id = 1347570776")
    conn.commit()
    conn.close()
    db = open_db(source)
    (stored,) = add_articles(db, "Kanal", [_record(TEXT, "a.txt")])
    annotations.add(db, stored.article_id, 10, 22, "quote", "ben")
    db.close()
    target = tmp_path / "team.db"
    open_db(target).close()
    refused(target, source, "UTF-16")


@pytest.mark.parametrize("stamp", [
    "updated_at || char(10)",  # a final newline, which a pattern ending in $ lets through
    "replace(updated_at, '2', char(1634))",  # Arabic-Indic digits, which \\d matches
])
def test_a_stamp_with_a_final_newline_or_other_digits_is_refused(merged, stamp):
    target, source = merged
    tamper(source, f"UPDATE annotations SET note = 'neu', updated_at = {stamp} WHERE label = 'quote'")
    refused(target, source, "updated_at")
