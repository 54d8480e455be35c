import json

import pytest

from parallax.store import annotations
from parallax.store.articles import add_articles, text_sha256
from parallax.store.db import open_db, write
from parallax.store.errors import DatabaseLocked, NotFound, StoreError, UndoConflict
from parallax.store.export import annotation_lines
from parallax.store.queries import search, stats, stories
from parallax.store.records import ArticleRecord, EntitySpan, Zone

TEXT = "Die Hafenkapitänin Jana Petersen sagte: „Der Kanal bleibt zu.“ Das sei teuer. [dpa] AND NEAR*"


def record(text: str = TEXT) -> ArticleRecord:
    return ArticleRecord(
        text=text,
        source_path="kanal.txt",
        outlet="Kieler Rundschau",
        title="Kanal gesperrt",
        zones=[Zone(0, len(text), "body")],
        sentences=[(0, 62), (63, 77)],
        entities=[EntitySpan(19, 32, "PER", "Jana Petersen")],
        entity_source="test-pipeline",
    )


@pytest.fixture
def article(fresh_db):
    return add_articles(fresh_db, "Kanal", [record()])[0].article_id


def test_pragmas_wal_foreign_keys_busy_timeout(fresh_db):
    assert fresh_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fresh_db.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_migrations_are_recorded_and_reopening_changes_nothing(db_path):
    first = open_db(db_path)
    applied = first.execute("SELECT name FROM _sqlite_migrations").fetchall()
    first.close()
    second = open_db(db_path)
    assert second.execute("SELECT name FROM _sqlite_migrations").fetchall() == applied
    assert {"stories", "articles", "zones", "sentences", "entities", "annotations", "links", "journal"} <= set(
        second.table_names()
    )


def test_article_is_identified_by_sha256_and_stored_once(fresh_db):
    first = add_articles(fresh_db, "Kanal", [record()])
    again = add_articles(fresh_db, "Anderer Name", [record()])
    assert first[0].created and not again[0].created
    assert again[0].story == "Kanal"
    row = fresh_db.execute("SELECT sha256, text FROM articles").fetchall()
    assert row == [(text_sha256(TEXT), TEXT)]
    assert fresh_db.execute("SELECT count(*) FROM entities").fetchone()[0] == 1


def test_failed_file_stores_nothing(fresh_db):
    bad = record(TEXT + " Zweiter Text.")
    # Valid zones (the store checks kinds and offsets first) whose primary keys
    # clash: the failure comes from SQLite in the middle of the transaction.
    bad.zones = [Zone(0, 3, "headline"), Zone(0, 3, "lead")]
    with pytest.raises(StoreError, match="UNIQUE"):
        add_articles(fresh_db, "Kanal", [record(), bad])
    assert fresh_db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert fresh_db.execute("SELECT count(*) FROM stories").fetchone()[0] == 0


def test_annotation_text_comes_from_the_article(fresh_db, article):
    row = annotations.add(fresh_db, article, 40, 61, "quote", "anna", attrs={"form": "direct"})
    assert row["text"] == TEXT[40:61]
    assert annotations.get(fresh_db, row["id"])["attrs"] == '{"form":"direct"}'
    with pytest.raises(StoreError, match="outside the article"):
        annotations.add(fresh_db, article, 10, len(TEXT) + 1, "quote", "anna")
    with pytest.raises(StoreError, match="status"):
        annotations.add(fresh_db, article, 0, 3, "quote", "anna", status="maybe")


def test_ids_are_globally_unique_ulids(fresh_db, article):
    ids = [annotations.add(fresh_db, article, 0, 3, "claim", "anna")["id"] for _ in range(20)]
    assert len(set(ids)) == 20 and all(len(i) == 26 for i in ids)
    assert ids == sorted(ids)


def test_undo_redo_survive_a_restart(db_path):
    db = open_db(db_path)
    article = add_articles(db, "Kanal", [record()])[0].article_id
    a = annotations.add(db, article, 40, 61, "quote", "anna")
    annotations.update(db, a["id"], "anna", label="claim", note="prüfen")
    b = annotations.add(db, article, 63, 77, "opinion", "anna")
    annotations.delete(db, b["id"], "anna")
    db.close()

    db = open_db(db_path)
    assert annotations.undo(db, "anna")["op"] == "delete"
    assert annotations.get(db, b["id"])["label"] == "opinion"
    assert annotations.undo(db, "anna")["op"] == "add"
    assert annotations.get(db, b["id"]) is None
    assert annotations.undo(db, "anna")["op"] == "update"
    assert annotations.get(db, a["id"])["label"] == "quote"
    db.close()

    db = open_db(db_path)
    assert annotations.redo(db, "anna")["op"] == "update"
    assert annotations.get(db, a["id"])["note"] == "prüfen"
    assert annotations.redo(db, "anna")["op"] == "add"
    assert annotations.get(db, b["id"]) is not None
    # A new change drops what is left to redo, as in any editor.
    annotations.update(db, a["id"], "anna", label="opinion")
    assert annotations.redo(db, "anna") is None
    ops = [r[0] for r in db.execute("SELECT op FROM journal ORDER BY id")]
    assert ops == ["add", "update", "add", "delete", "undo", "undo", "undo", "redo", "redo", "update"]


def test_undo_is_per_annotator_and_refuses_to_clobber_others(fresh_db, article):
    mine = annotations.add(fresh_db, article, 40, 61, "quote", "anna")
    annotations.add(fresh_db, article, 63, 77, "claim", "ben")
    annotations.update(fresh_db, mine["id"], "ben", label="claim")
    with pytest.raises(UndoConflict):
        annotations.undo(fresh_db, "anna")
    assert annotations.get(fresh_db, mine["id"])["label"] == "claim"
    assert annotations.undo(fresh_db, "ben")["op"] == "update"
    assert annotations.undo(fresh_db, "anna")["op"] == "add"
    assert annotations.get(fresh_db, mine["id"]) is None


def test_unknown_annotation(fresh_db):
    with pytest.raises(NotFound):
        annotations.update(fresh_db, "nope", "anna", label="claim")
    with pytest.raises(StoreError, match="cannot change"):
        annotations.update(fresh_db, "nope", "anna", text="x")


def test_fts_search_quotes_user_input(fresh_db, article):
    assert [h.article_id for h in search(fresh_db, "Petersen")] == [article]
    # FTS5 syntax in the query is searched for literally, never a syntax error.
    for query in ("AND", "NEAR*", '"Kanal', "Petersen OR", "(", "[dpa]"):
        search(fresh_db, query)
    assert search(fresh_db, "Petersen AND Wladiwostok") == []


def test_queries_count_per_story(fresh_db, article):
    annotations.add(fresh_db, article, 40, 61, "quote", "anna")
    annotations.add(fresh_db, article, 63, 77, "claim", "anna", status="suggested")
    [summary] = stories(fresh_db)
    assert (summary.name, summary.articles, summary.annotations) == ("Kanal", 1, {"claim": 1, "quote": 1})
    result = stats(fresh_db, "Kanal")
    assert result.entity_sources == {"test-pipeline": 1}
    assert result.statuses == {"accepted": 1, "suggested": 1}
    with pytest.raises(NotFound):
        stats(fresh_db, "Gibt es nicht")


def test_busy_writer_gets_a_clear_error_after_waiting(db_path):
    holder = open_db(db_path)
    waiter = open_db(db_path, busy_timeout=0.2)
    article = add_articles(holder, "Kanal", [record()])[0].article_id
    with write(holder):
        with pytest.raises(DatabaseLocked, match="locked by another writer"):
            annotations.add(waiter, article, 0, 3, "claim", "anna")
    assert annotations.add(waiter, article, 0, 3, "claim", "anna")["text"] == "Die"


def test_export_line_fields(fresh_db, article):
    annotations.add(fresh_db, article, 40, 61, "quote", "anna", attrs={"speaker": "Jana Petersen"}, note="n")
    [line] = annotation_lines(fresh_db)
    obj = json.loads(line)
    assert list(obj) == ["story", "sha256", "outlet", "title", "label", "start", "end", "text", "annotator",
                         "status", "attrs", "note", "id", "created_at", "updated_at"]
    assert obj["attrs"] == {"speaker": "Jana Petersen"}
    assert TEXT[obj["start"]:obj["end"]] == obj["text"]


def test_undo_and_redo_are_changes_made_now(fresh_db, article, monkeypatch):
    ticks = iter(f"2026-01-01T00:00:{second:02}.000Z" for second in range(60))
    monkeypatch.setattr(annotations, "now", lambda: next(ticks))
    row = annotations.add(fresh_db, article, 40, 61, "quote", "anna")
    changed = annotations.update(fresh_db, row["id"], "anna", label="claim")
    annotations.undo(fresh_db, "anna")
    undone = annotations.get(fresh_db, row["id"])
    # newer than the change it reverts, so a merge keeps the undo
    assert undone["label"] == "quote" and undone["updated_at"] > changed["updated_at"]
    annotations.redo(fresh_db, "anna")
    assert annotations.get(fresh_db, row["id"])["label"] == "claim"
    assert annotations.undo(fresh_db, "anna")["op"] == "update"
