"""Files that are not ours: another program's SQLite file is refused and left
untouched, a damaged file is one line (CLI and reader), a database from a newer
Parallax is read but never written."""

import asyncio
import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from parallax.store import annotations
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.errors import StoreError
from parallax.store.records import ArticleRecord
from parallax.store.schema import migrations

TEXT = "Der Kanal ist gesperrt. " * 2000


def one_error_line(result) -> str:
    assert result.exit_code not in (0, None), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    errors = [line for line in result.output.splitlines() if line.startswith("parallax: ")]
    assert len(errors) == 1, result.output
    return errors[0]


def parallax(db: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--db", str(db)])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def other_program(tmp_path) -> Path:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Kim', '0431')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("command", [("stories",), ("export",), ("import-annotations", "IN")])
def test_another_programs_database_is_refused_and_untouched(other_program, tmp_path, command):
    before = digest(other_program)
    args = [str(tmp_path / "in.jsonl") if a == "IN" else a for a in command]
    (tmp_path / "in.jsonl").write_text("", encoding="utf-8")
    line = one_error_line(parallax(other_program, *args))
    assert str(other_program) in line and "not a Parallax database" in line
    assert digest(other_program) == before
    assert not Path(f"{other_program}-wal").exists()
    conn = sqlite3.connect(other_program)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["contacts"]


def test_a_file_that_is_not_sqlite_is_one_line(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"Einkaufsliste: Brot, Milch\n" * 100)
    line = one_error_line(parallax(path, "stories"))
    assert str(path) in line
    assert path.read_bytes() == b"Einkaufsliste: Brot, Milch\n" * 100


def test_new_databases_carry_the_application_id(db_path):
    open_db(db_path).close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x50524C58


def test_a_database_made_by_the_previous_parallax_opens_and_is_upgraded(db_path):
    """The previous release stopped at m010 (links): no application id yet,
    no bulk_jobs. Its links and stories survive the upgrade."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    from sqlite_utils import Database

    old = Database(conn)
    migrations.apply(old, stop_before=["m011_application_id"])
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == [
        "m001_initial", "m010_links_status_and_group_edits"]
    old.execute("INSERT INTO stories (name, created_at) VALUES ('Kanal', '2026-11-20T10:00:00.000Z')")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
    assert "bulk_jobs" not in old.table_names()
    conn.close()

    result = parallax(db_path, "stories")
    assert result.exit_code == 0, result.output
    assert "Kanal" in result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x50524C58
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == [m.name for m in migrations._migrations]
    assert "bulk_jobs" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture
def damaged(db_path) -> Path:
    """A Parallax database whose article text (overflow pages) is garbage;
    the schema and the migrations table are intact, so it opens."""
    db = open_db(db_path)
    (stored,) = add_articles(db, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt", outlet="taz")])
    annotations.add(db, stored.article_id, 0, 23, "claim", "anna")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = [row[0] for row in db.execute("SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'overflow'")]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    assert pages
    with open(db_path, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(b"\xa5" * size)
    return db_path


@pytest.mark.parametrize("command", [("stats",), ("export", "--per-article")])
def test_a_damaged_database_is_one_line_in_the_cli(damaged, command):
    line = one_error_line(parallax(damaged, *command))
    assert str(damaged) in line and "damaged" in line


def test_a_damaged_database_is_one_line_in_the_reader(damaged):
    from parallax.tui.app import ParallaxApp

    app = ParallaxApp(damaged, story="Kanal")

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()

    asyncio.run(run())
    assert app.return_code == 1
    assert str(damaged) in app.error_message and "damaged" in app.error_message
    assert "\n" not in app.error_message


@pytest.fixture
def newer(db_path) -> Path:
    db = open_db(db_path)
    (stored,) = add_articles(db, "Kanal", [ArticleRecord(text="Der Kanal ist gesperrt.", source_path="a.txt")])
    annotations.add(db, stored.article_id, 0, 9, "claim", "anna")
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
               "VALUES ('parallax', 'm999_from_the_future', '2027-01-01')")
    db.close()
    return db_path


def test_a_database_from_a_newer_parallax_is_read_but_never_written(newer, tmp_path):
    assert parallax(newer, "stories").exit_code == 0
    exported = parallax(newer, "export")
    assert exported.exit_code == 0 and json.loads(exported.output.splitlines()[0])["label"] == "claim"
    line = json.loads(exported.output.splitlines()[0])
    line.update(id="01KZZZZZZZZZZZZZZZZZZZZZZZ", start=10, end=15, text="ist g")
    feed = tmp_path / "in.jsonl"
    feed.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = sqlite3.connect(newer).execute("SELECT count(*) FROM annotations").fetchone()[0]
    message = one_error_line(parallax(newer, "import-annotations", str(feed)))
    assert "newer Parallax" in message and "m999_from_the_future" in message
    assert sqlite3.connect(newer).execute("SELECT count(*) FROM annotations").fetchone()[0] == before
    db = open_db(newer)
    with pytest.raises(StoreError, match="newer Parallax"):
        annotations.add(db, 1, 0, 3, "quote", "anna")


READER_PROBE = """
import sys
from parallax.cli import launch

def record(path, story, config, **options):
    print("reader opened", path)

launch.start_reader = record
sys.argv = ["parallax", *sys.argv[1:]]
launch.main()
"""


def start_parallax(*args: str) -> subprocess.CompletedProcess:
    """`parallax ARGS` as typed, the app itself replaced by a probe: the
    reader's own start-up path (cli/launch.py, store/reading.py) decides."""
    return subprocess.run([sys.executable, "-I", "-c", READER_PROBE, *args], capture_output=True, text=True,
                          timeout=60)


def test_the_readers_start_refuses_another_programs_file_in_one_line(other_program):
    before = digest(other_program)
    done = start_parallax("--db", str(other_program), "--annotator", "anna")
    assert done.returncode == 1 and "reader opened" not in done.stdout
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("parallax: ") and str(other_program) in line and "not a Parallax database" in line
    assert digest(other_program) == before
    assert not Path(f"{other_program}-wal").exists()


def test_the_readers_start_on_a_file_that_is_not_sqlite_is_one_line(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"\x00\x01 not a database at all " * 200)
    before = digest(path)
    done = start_parallax("--db", str(path), "open", "Kanal")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert str(path) in line and "not a Parallax database" in line
    assert digest(path) == before


def test_the_readers_start_opens_a_newer_database_without_upgrading_it(newer):
    before = sqlite3.connect(newer).execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall()
    done = start_parallax("--db", str(newer), "open", "Kanal")
    assert done.returncode == 0, done.stderr
    assert f"reader opened {newer}" in done.stdout
    assert sqlite3.connect(newer).execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall() == before
