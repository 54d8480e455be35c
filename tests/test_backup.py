"""`parallax backup`: a consistent copy of a database that others have open,
WAL rows included; and `merge` of a source whose rows are still in its WAL."""

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from parallax.store import annotations
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.merge import merge
from parallax.store.records import ArticleRecord

TEXT = "Der Kanal ist gesperrt. Die Reederei schweigt. " * 40
LABELS = 188


def fill(db, count: int) -> None:
    (stored,) = add_articles(db, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt", outlet="taz")])
    for i in range(count):
        start = i * 5 % (len(TEXT) - 5)
        annotations.add(db, stored.article_id, start, start + 4, "claim", "anna")


@pytest.fixture
def open_elsewhere(db_path):
    """A reader (here: the writer itself) keeps the database open with
    automatic checkpoints off: the labels live in the -wal file only."""
    db = open_db(db_path)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    fill(db, LABELS)
    assert Path(f"{db_path}-wal").stat().st_size > 0
    yield db_path
    db.close()


def count(path: Path, table: str = "annotations") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_backup_of_an_open_database_has_every_row(open_elsewhere, tmp_path):
    copy = tmp_path / "ben.db"
    result = CliRunner().invoke(cli, ["backup", str(copy), "--db", str(open_elsewhere)])
    assert result.exit_code == 0, result.output
    assert str(copy) in result.output
    assert not Path(f"{copy}-wal").exists(), "the copy is one self-contained file"
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert count(copy) == LABELS
    ben = open_db(copy)  # opens as a Parallax database
    assert ben.execute("SELECT count(*) FROM journal").fetchone()[0] == LABELS


def test_backup_refuses_to_overwrite_and_to_copy_onto_itself(open_elsewhere, tmp_path):
    existing = tmp_path / "existing.db"
    existing.write_text("keep me")
    result = CliRunner().invoke(cli, ["backup", str(existing), "--db", str(open_elsewhere)])
    assert result.exit_code == 1 and "exists" in result.output
    assert existing.read_text() == "keep me"
    result = CliRunner().invoke(cli, ["backup", str(open_elsewhere), "--db", str(open_elsewhere)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert count(open_elsewhere) == LABELS


WRITER = """
import sys, time
from parallax.store import annotations
from parallax.store.db import open_db
db = open_db(sys.argv[1])
article = db.execute("SELECT id FROM articles").fetchone()[0]
longest, done, deadline = 0.0, 0, time.monotonic() + float(sys.argv[2])
print("writing", flush=True)
while time.monotonic() < deadline:
    started = time.monotonic()
    annotations.add(db, article, 0, 4, "quote", "ben")
    longest = max(longest, time.monotonic() - started)
    done += 1
print(done, longest, flush=True)
"""


def test_backup_while_a_writer_tags(db_path, tmp_path):
    db = open_db(db_path)
    fill(db, 2000)
    db.close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), "4"], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        time.sleep(0.3)
        copy = tmp_path / "copy.db"
        result = CliRunner().invoke(cli, ["backup", str(copy), "--db", str(db_path)])
        assert result.exit_code == 0, result.output
        done, longest = writer.stdout.readline().split()
    finally:
        writer.kill()
        writer.wait()
    assert int(done) > 0
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    quotes = conn.execute("SELECT count(*) FROM annotations WHERE label = 'quote'").fetchone()[0]
    journal = conn.execute("SELECT count(*) FROM journal WHERE annotator = 'ben'").fetchone()[0]
    conn.close()
    assert quotes == journal, "a snapshot: every annotation with its journal entry"
    assert 2000 + quotes == count(copy)


def test_merge_reads_the_wal_rows_of_a_source_open_elsewhere(open_elsewhere, tmp_path):
    team = open_db(tmp_path / "team.db")
    summary = merge(team, open_elsewhere)
    assert summary.annotations_new == LABELS
    assert team.execute("SELECT count(*) FROM annotations").fetchone()[0] == LABELS
    team.close()
    assert count(open_elsewhere) == LABELS
