"""Merging databases from several machines: union by ids and content hashes,
idempotent, conflicts reported, and the `merge` command."""

import json
import sqlite3
import time

import pytest
from click.testing import CliRunner

from db_support import dump
from parallax.cli import cli
from parallax.store import annotations
from parallax.store.articles import add_articles, text_sha256
from parallax.store.db import open_db
from parallax.store.errors import StoreError
from parallax.store.export import annotation_lines
from parallax.store.ids import new_id, now
from parallax.store.jsonl_import import import_jsonl
from parallax.store.merge import Conflict, merge
from parallax.store.records import ArticleRecord, EntitySpan, Zone

SHARED = "Der Kanal ist gesperrt. „Wir warten“, sagte Hafenkapitänin Jana Petersen in Kiel."
BOTH = "Ein Frachter blockiert die Schleuse. Laut Polizei ist niemand verletzt."
ONLY_BEN = "Die Werft in Rendsburg prüft den Schaden. Ein Gutachten folgt."


def record(text: str) -> ArticleRecord:
    first = text.index(". ") + 1
    return ArticleRecord(
        text=text, source_path="x.txt", outlet=f"Outlet {text[:3]}", title=text[:20],
        zones=[Zone(0, first, "headline"), Zone(first + 1, len(text), "body")],
        sentences=[(0, first), (first + 1, len(text))],
        entities=[EntitySpan(0, 3, "MISC", text[:3])],
        entity_source="test-pipeline",
    )


def link(db, src: str, dst: str, annotator: str) -> str:
    link_id = new_id()
    db.execute("INSERT INTO links (id, src_annotation, dst_annotation, kind, annotator, created_at) "
               "VALUES (?, ?, ?, 'same_claim', ?, ?)", [link_id, src, dst, annotator, now()])
    return link_id


def ids(db, sha: str) -> int:
    return db.execute("SELECT id FROM articles WHERE sha256 = ?", [sha]).fetchone()[0]


@pytest.fixture
def sides(tmp_path):
    """anna.db and ben.db, made on two machines. Both hold SHARED and BOTH (in
    another order and story, so local article ids differ); only ben has ONLY_BEN.
    One annotation went from anna to ben by export/import, then both edited it:
    anna first, ben later."""
    anna = open_db(tmp_path / "anna.db")
    ben = open_db(tmp_path / "ben.db")
    add_articles(anna, "Kanal", [record(SHARED), record(BOTH)])
    add_articles(ben, "Werft", [record(ONLY_BEN)])
    add_articles(ben, "Schleuse", [record(BOTH), record(SHARED)])
    a_shared, a_both = ids(anna, text_sha256(SHARED)), ids(anna, text_sha256(BOTH))
    quote = annotations.add(anna, a_shared, 24, 39, "quote", "anna")
    claim = annotations.add(anna, a_both, 0, 36, "claim", "anna")
    disputed = annotations.add(anna, a_shared, 0, 23, "claim", "anna")
    link(anna, quote["id"], claim["id"], "anna")
    import_jsonl(ben, [line for line in annotation_lines(anna) if disputed["id"] in line], "anna.jsonl")
    annotations.update(anna, disputed["id"], "anna", label="quote")
    time.sleep(0.01)
    annotations.update(ben, disputed["id"], "ben", label="opinion")
    b_only = ids(ben, text_sha256(ONLY_BEN))
    b1 = annotations.add(ben, b_only, 0, 41, "claim", "ben")
    b2 = annotations.add(ben, ids(ben, text_sha256(SHARED)), 24, 39, "quote", "ben")
    link(ben, b1["id"], b2["id"], "ben")
    annotations.update(ben, b2["id"], "ben", note="Petersen")
    anna.close()
    ben.close()
    return tmp_path / "anna.db", tmp_path / "ben.db", disputed["id"]


def export(path) -> set[str]:
    db = open_db(path)
    try:
        return set(annotation_lines(db))
    finally:
        db.close()


def test_two_machines_merge_into_a_third(sides, tmp_path):
    anna, ben, disputed = sides
    team = open_db(tmp_path / "team.db")
    first = merge(team, anna)
    assert (first.stories, first.articles, first.zones, first.sentences, first.entities) == (1, 2, 4, 4, 2)
    assert (first.annotations_new, first.annotations_updated, first.links, first.conflicts) == (3, 0, 1, [])
    assert first.journal == 4  # three adds, one update

    second = merge(team, ben)
    assert (second.stories, second.articles, second.zones, second.sentences) == (1, 1, 2, 2)
    assert (second.annotations_new, second.annotations_updated, second.links) == (2, 1, 1)
    assert second.journal == 4  # the update of the imported one, two adds, one update (imports write none)
    [conflict] = second.conflicts
    assert isinstance(conflict, Conflict)
    assert (conflict.id, conflict.here_label, conflict.there_label, conflict.kept) == (
        disputed, "quote", "opinion", "there")
    assert conflict.there_updated_at > conflict.here_updated_at
    assert annotations.get(team, disputed)["label"] == "opinion"

    # An article whose sha is present is not duplicated; the missing one came with its derived rows.
    rows = team.execute("SELECT sha256, s.name FROM articles a JOIN stories s ON s.id = a.story_id "
                        "ORDER BY a.id").fetchall()
    assert rows == [(text_sha256(SHARED), "Kanal"), (text_sha256(BOTH), "Kanal"), (text_sha256(ONLY_BEN), "Werft")]
    only = ids(team, text_sha256(ONLY_BEN))
    assert team.execute('SELECT start, "end", kind FROM zones WHERE article_id = ? ORDER BY start',
                        [only]).fetchall() == [(0, 41, "headline"), (42, len(ONLY_BEN), "body")]
    assert team.execute("SELECT count(*) FROM entities WHERE article_id = ?", [only]).fetchone()[0] == 1
    assert team.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Werft'").fetchone()[0] == 1
    # ben's annotations now point at this database's articles
    shared = ids(team, text_sha256(SHARED))
    assert {r[0] for r in team.execute("SELECT article_id FROM annotations WHERE annotator = 'ben' "
                                       "AND label = 'quote'")} == {shared}
    assert team.execute("SELECT count(*) FROM links").fetchone()[0] == 2
    team.close()


def test_merging_again_changes_nothing(sides, tmp_path):
    anna, ben, _ = sides
    target = tmp_path / "team.db"
    team = open_db(target)
    merge(team, anna)
    merge(team, ben)
    team.close()
    before = dump(target)
    team = open_db(target)
    for source in (anna, ben, anna):
        summary = merge(team, source)
        assert not summary.changed and summary.conflicts == [], summary
        assert str(summary).endswith("nothing new")
    team.close()
    assert dump(target) == before


def test_export_agrees_before_and_after(sides, tmp_path):
    anna, ben, disputed = sides
    anna_lines, ben_lines = export(anna), export(ben)
    team = open_db(tmp_path / "team.db")
    merge(team, anna)
    merge(team, ben)
    merged = set(annotation_lines(team))
    team.close()
    # ben's version of the disputed annotation is newer; every other line comes through as it was.
    lost = {line for line in anna_lines if disputed in line}
    assert len(lost) == 1 and not lost & merged
    assert anna_lines - lost <= merged
    # ben's lines name ben's story; here the shared articles stay in the story they were first merged into
    assert {_story_free(line) for line in ben_lines} <= {_story_free(line) for line in merged}
    assert len(merged) == len(anna_lines | ben_lines) - 1


def _story_free(line: str) -> str:
    obj = json.loads(line)
    obj.pop("story")
    return json.dumps(obj, sort_keys=True)


def test_journal_comes_along_and_undo_works_on_it(sides, tmp_path):
    anna, ben, disputed = sides
    team = open_db(tmp_path / "team.db")
    merge(team, anna)
    merge(team, ben)
    for source in (anna, ben):
        conn = sqlite3.connect(source)
        theirs = {row[0] for row in conn.execute("SELECT id FROM journal")}
        conn.close()
        assert theirs <= {row[0] for row in team.execute("SELECT id FROM journal")}
    # Journal rows carry this database's article ids: undoing ben's last edit here works.
    for before, after in team.execute("SELECT before, after FROM journal"):
        for row in filter(None, (before, after)):
            row = json.loads(row)
            assert team.execute("SELECT substr(text, ? + 1, ? - ?) FROM articles WHERE id = ?",
                                [row["start"], row["end"], row["start"], row["article_id"]]).fetchone()[0] == row["text"]
    undone = annotations.undo(team, "ben")
    assert undone["op"] == "update"
    assert annotations.get(team, undone["annotation_id"])["note"] is None
    team.close()


def test_a_later_edit_of_a_merged_annotation_is_an_update_not_a_conflict(sides, tmp_path):
    anna, ben, disputed = sides
    team = open_db(tmp_path / "team.db")
    merge(team, ben)
    db = open_db(ben)
    annotations.update(db, disputed, "ben", label="claim")
    db.close()
    summary = merge(team, ben)
    assert (summary.annotations_updated, summary.conflicts, summary.journal) == (1, [], 1)
    assert annotations.get(team, disputed)["label"] == "claim"
    # …and an older version from the other side is reported once, kept out, then known
    first = merge(team, anna)
    assert [c.kept for c in first.conflicts] == ["here"]
    assert merge(team, anna).conflicts == []
    team.close()


def test_a_failed_merge_stores_nothing(sides, tmp_path):
    anna, _, _ = sides
    broken = tmp_path / "broken.db"
    db = open_db(broken)
    add_articles(db, "Kaputt", [record(ONLY_BEN)])
    annotations.add(db, 1, 0, 3, "claim", "eve")
    # A journal without its NOT NULL constraints holds an entry this database
    # refuses: the row check stops the merge before anything is written.
    db.execute("DROP TABLE journal")
    db.execute("CREATE TABLE journal (id, annotator, op, annotation_id, link_id, before, after, ref, state, created_at)")
    db.execute("INSERT INTO journal (id, op) VALUES ('x', 'add')")
    db.close()
    target = tmp_path / "team.db"
    team = open_db(target)
    merge(team, anna)
    team.close()
    before = dump(target)
    team = open_db(target)
    with pytest.raises(StoreError, match="journal row id='x': annotator: expected str, got null"):
        merge(team, broken)
    assert team.execute("PRAGMA database_list").fetchall()[-1][1] != "merge_src"  # detached again
    team.close()
    assert dump(target) == before


def test_the_source_is_only_read(sides, tmp_path):
    anna, _, _ = sides
    before = dump(anna)
    team = open_db(tmp_path / "team.db")
    merge(team, anna)
    team.close()
    assert dump(anna) == before


def test_bad_sources(sides, tmp_path, fresh_db, db_path):
    anna, _, _ = sides
    with pytest.raises(StoreError, match="no such database file"):
        merge(fresh_db, tmp_path / "missing.db")
    with pytest.raises(StoreError, match="being merged into"):
        merge(fresh_db, db_path)
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all " * 100)
    with pytest.raises(StoreError, match="not a Parallax database"):
        merge(fresh_db, junk)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not a Parallax database"):
        merge(fresh_db, other)
    assert merge(fresh_db, anna).articles == 2  # the failures left the connection usable


# -- the command -----------------------------------------------------------------------


def test_cli_merge_into(sides, tmp_path):
    anna, ben, disputed = sides
    into = tmp_path / "team.db"
    result = CliRunner().invoke(cli, ["merge", str(anna), str(ben), "--into", str(into)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{anna}: 2 articles")
    assert lines[1].startswith(f"{ben}: 1 article ") and "1 conflict" in lines[1]
    assert lines[2].startswith(f"  conflict {disputed}: here quote (") and lines[2].endswith(f"kept {ben}")
    again = CliRunner().invoke(cli, ["merge", str(anna), str(ben), "--db", str(into)])
    assert again.output.splitlines() == [f"{anna}: nothing new", f"{ben}: nothing new"]


def test_cli_merge_json(sides, tmp_path):
    anna, ben, disputed = sides
    into = tmp_path / "team.db"
    result = CliRunner().invoke(cli, ["--db", str(into), "merge", str(anna), str(ben), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["into"] == str(into)
    assert [s["annotations_new"] for s in data["sources"]] == [3, 2]
    assert data["sources"][1]["conflicts"][0]["id"] == disputed


def test_cli_merge_errors_are_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["merge", str(tmp_path / "nope.db"), "--into", str(tmp_path / "t.db")])
    assert result.exit_code == 1
    assert result.output == f"parallax: {tmp_path / 'nope.db'}: no such database file\n"


def test_deletions_travel_and_a_later_edit_beats_a_deletion(tmp_path):
    """anna and ben start from one database; anna deletes two annotations, ben
    has edited one of them after her deletion."""
    anna_path, ben_path = tmp_path / "anna.db", tmp_path / "ben.db"
    anna = open_db(anna_path)
    add_articles(anna, "Kanal", [record(SHARED)])
    article = ids(anna, text_sha256(SHARED))
    plain = annotations.add(anna, article, 0, 3, "claim", "anna")
    edited = annotations.add(anna, article, 4, 9, "claim", "anna")
    linked = annotations.add(anna, article, 10, 20, "quote", "ben")
    link(anna, linked["id"], plain["id"], "ben")
    anna.close()
    ben_path.write_bytes(anna_path.read_bytes())
    anna = open_db(anna_path)
    annotations.delete(anna, plain["id"], "anna")
    annotations.delete(anna, edited["id"], "anna")
    time.sleep(0.01)
    ben = open_db(ben_path)
    annotations.update(ben, edited["id"], "ben", label="opinion")

    summary = merge(ben, anna_path)
    assert summary.annotations_deleted == 1
    assert annotations.get(ben, plain["id"]) is None
    assert ben.execute("SELECT count(*) FROM links").fetchone()[0] == 0
    assert annotations.get(ben, edited["id"])["label"] == "opinion"
    assert [(c.id, c.here_label, c.there_label, c.kept) for c in summary.conflicts] == [
        (edited["id"], "opinion", "(deleted)", "here")]
    again = merge(ben, anna_path)
    assert (again.annotations_deleted, again.annotations_new, again.links) == (0, 0, 0)

    # The other way: what anna deleted stays deleted, ben's later edit comes in.
    back = merge(anna, ben_path)
    assert annotations.get(anna, plain["id"]) is None
    assert annotations.get(anna, edited["id"])["label"] == "opinion"
    assert [c.kept for c in back.conflicts] == ["there"]
    assert list(annotation_lines(anna)) == list(annotation_lines(ben))
    anna.close()
    ben.close()
