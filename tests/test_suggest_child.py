"""The palette's Suggest runs `parallax suggest` as a child process: a story's
name is only ever a name, and nothing in the working folder is imported."""

from pathlib import Path

import pytest

from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord
from parallax.tui.suggest_process import run_suggest

TEXT = "Kanal gesperrt\n\n„Der Kanal bleibt bis Freitag zu“, sagte die Hafenkapitänin in Kiel.\n"


def suggested(path: Path) -> int:
    db = open_db(path)
    try:
        return db.execute("SELECT count(*) FROM annotations WHERE status = 'suggested'").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def story_db(tmp_path, monkeypatch):
    def make(name: str) -> Path:
        path = tmp_path / "annotations.db"
        db = open_db(path)
        add_articles(db, name, [ArticleRecord(text=TEXT, source_path="a.txt", outlet="taz")])
        db.close()
        return path

    monkeypatch.chdir(tmp_path)
    return make


@pytest.mark.parametrize("story", ["--db=victim.db", "--help"])
def test_a_story_name_that_looks_like_an_option_is_a_name(story_db, tmp_path, story):
    path = story_db(story)
    ok, message = run_suggest(path, story)
    assert ok, message
    assert "added" in message and story in message
    assert suggested(path) > 0
    assert not (tmp_path / "victim.db").exists()


def test_nothing_in_the_working_folder_is_imported(story_db, tmp_path):
    path = story_db("Kanal")
    (tmp_path / "click.py").write_text(
        "from pathlib import Path\nPath('imported-from-the-working-folder').write_text('x')\n", encoding="utf-8")
    ok, message = run_suggest(path, "Kanal")
    assert ok, message
    assert not (tmp_path / "imported-from-the-working-folder").exists()
    assert suggested(path) > 0


def test_a_failure_is_reported(story_db):
    path = story_db("Kanal")
    ok, message = run_suggest(path, "Hafen")
    assert not ok and "Hafen" in message
