"""Bulk commands commit in short batches (another annotator's tags are saved
meanwhile) and still store a file whole: an import killed half-way is
finished by the next command."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from parallax.store import annotations
from parallax.store.articles import add_articles, text_sha256
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord

TEXT = "Der Kanal ist gesperrt. Die Reederei schweigt. " * 200
LINES = 120_000


@pytest.fixture
def big_feed(db_path, tmp_path) -> Path:
    return make_feed(db_path, tmp_path, LINES)


def make_feed(db_path: Path, tmp_path: Path, lines: int) -> Path:
    db = open_db(db_path)
    add_articles(db, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt", outlet="taz")])
    db.close()
    sha = text_sha256(TEXT)
    feed = tmp_path / "labels.jsonl"
    with feed.open("w", encoding="utf-8") as handle:
        for i in range(lines):
            start = i % (len(TEXT) - 10)
            handle.write(json.dumps({"sha256": sha, "label": "claim", "start": start, "end": start + 5,
                                     "annotator": f"bulk{i % 7}", "id": f"01KM{i:022d}",
                                     "updated_at": "2026-11-24T09:12:03.512Z"}) + "\n")
    return feed


def parallax(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "parallax.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ | (env or {}))


def count(path: Path, where: str = "1") -> int:
    conn = sqlite3.connect(path, timeout=10)
    try:
        return conn.execute(f"SELECT count(*) FROM annotations WHERE {where}").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_tags_are_saved_while_a_big_import_runs(db_path, big_feed):
    """The annotator's writer waits at most 2 s for the lock (main held it for the whole file)."""
    importer = parallax("import-annotations", str(big_feed), "--db", str(db_path))
    failures: list[str] = []
    saved: list[str] = []
    stop = threading.Event()

    def tag() -> None:
        db = open_db(db_path, busy_timeout=2)
        article = db.execute("SELECT id FROM articles").fetchone()[0]
        while not stop.is_set():
            try:
                annotations.add(db, article, 0, 9, "quote", "anna")
                saved.append(time.strftime("%H:%M:%S"))
            except Exception as err:  # the test counts every failure
                failures.append(str(err))
            time.sleep(0.05)
        db.close()

    tagger = threading.Thread(target=tag)
    tagger.start()
    try:
        _, stderr = importer.communicate(timeout=300)
    finally:
        stop.set()
        tagger.join()
    assert importer.returncode == 0, stderr
    assert failures == []
    during = count(db_path, "annotator = 'anna'")
    assert during == len(saved) and during > 5
    assert count(db_path, "annotator LIKE 'bulk%'") == LINES


@pytest.mark.slow
def test_an_import_killed_while_applying_is_finished_by_the_next_command(db_path, big_feed):
    importer = parallax("import-annotations", str(big_feed), "--db", str(db_path),
                        env={"PARALLAX_BATCH_SECONDS": "0.002"})
    deadline = time.monotonic() + 120
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        while time.monotonic() < deadline and importer.poll() is None:
            try:
                if conn.execute("SELECT count(*) FROM annotations").fetchone()[0] > 1000:
                    break
            except sqlite3.OperationalError:
                pass
            time.sleep(0.01)
    finally:
        conn.close()
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    partial = count(db_path)
    assert 0 < partial < LINES, "the kill should land while batches are being applied"

    stories = parallax("stories", "--db", str(db_path))
    out, err = stories.communicate(timeout=300)
    assert stories.returncode == 0, err
    assert "finished the import-annotations that was interrupted" in err
    assert count(db_path) == LINES
    assert not list(db_path.parent.glob("*.staging"))
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM bulk_jobs").fetchone()[0] == 0


def test_a_bad_line_at_the_end_of_a_file_stores_nothing(db_path, tmp_path):
    big_feed = make_feed(db_path, tmp_path, 5000)
    with big_feed.open("a", encoding="utf-8") as handle:
        handle.write('{"sha256": "' + text_sha256(TEXT) + '", "label": "claim", "start": 5, "end": 2}\n')
    importer = parallax("import-annotations", str(big_feed), "--db", str(db_path))
    _, stderr = importer.communicate(timeout=300)
    assert importer.returncode == 1
    assert stderr.strip() == f"parallax: {big_feed}:5001: end: 2 must be after start (5)"
    assert count(db_path) == 0
    assert not list(db_path.parent.glob("*.staging"))
