"""Undo when someone else changed one of my annotations: that entry is
explained once and skipped, and my older changes stay reachable."""

import pytest

from parallax.store import annotations
from parallax.store.articles import add_articles
from parallax.store.errors import UndoConflict
from parallax.store.records import ArticleRecord

TEXT = "Der Kanal ist gesperrt. Die Reederei schweigt. Laut Polizei ist niemand verletzt."


@pytest.fixture
def article(fresh_db):
    return add_articles(fresh_db, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt")])[0].article_id


def test_undo_explains_the_entry_ben_changed_then_reaches_annas_first(fresh_db, article):
    first = annotations.add(fresh_db, article, 0, 23, "claim", "anna")
    second = annotations.add(fresh_db, article, 24, 46, "quote", "anna")
    third = annotations.add(fresh_db, article, 47, 81, "claim", "anna")
    annotations.update(fresh_db, second["id"], "ben", label="opinion")

    assert annotations.undo(fresh_db, "anna")["annotation_id"] == third["id"]
    assert annotations.get(fresh_db, third["id"]) is None

    with pytest.raises(UndoConflict, match="ben") as explained:
        annotations.undo(fresh_db, "anna")
    assert "skipped" in str(explained.value)
    assert annotations.get(fresh_db, second["id"])["label"] == "opinion", "ben's label stays"

    assert annotations.undo(fresh_db, "anna")["annotation_id"] == first["id"]
    assert annotations.get(fresh_db, first["id"]) is None
    assert annotations.undo(fresh_db, "anna") is None
    assert annotations.get(fresh_db, second["id"])["label"] == "opinion"


def test_redo_after_a_skip_brings_back_only_what_was_undone(fresh_db, article):
    first = annotations.add(fresh_db, article, 0, 23, "claim", "anna")
    second = annotations.add(fresh_db, article, 24, 46, "quote", "anna")
    annotations.update(fresh_db, second["id"], "ben", note="meins")
    with pytest.raises(UndoConflict):
        annotations.undo(fresh_db, "anna")
    assert annotations.undo(fresh_db, "anna")["annotation_id"] == first["id"]
    assert annotations.redo(fresh_db, "anna")["annotation_id"] == first["id"]
    assert annotations.redo(fresh_db, "anna") is None
    assert annotations.get(fresh_db, first["id"]) is not None
    assert annotations.get(fresh_db, second["id"])["note"] == "meins"
