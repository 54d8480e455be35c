"""Hostile and broken input: each gets one clear line, and nothing half-stored."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from parallax.cli import cli

GOOD = "Kanal gesperrt\n\nDie Hafenkapitänin Jana Petersen sagte in Kiel: „Der Kanal bleibt zu.“\n"


@pytest.fixture
def parallax(db_path, tiny_model):
    def invoke(*args: str):
        extra = ["--model", str(tiny_model)] if args[0] == "import" else []
        return CliRunner().invoke(cli, [*args, *extra, "--db", str(db_path)])

    return invoke


def count(db_path: Path, table: str = "articles") -> int:
    if not db_path.exists():
        return 0
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def one_error_line(result) -> str:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("parallax: ")]
    assert len(errors) == 1, result.output
    return errors[0]


@pytest.mark.parametrize("name, content, expected", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n \t\n", "empty"),
    ("binary.txt", bytes(range(256)) * 40, "binary"),
    ("nul.txt", b"Kanal gesperrt\x00\x00 weiter", "NUL"),
    ("latin1.txt", "Die Stra\u00dfe ist gesperrt, sagte der Beh\u00f6rdensprecher.".encode("latin-1"), "UTF-8"),
])
def test_unreadable_files_are_refused_by_name(parallax, db_path, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = parallax("import", str(path), str(good), "--story", "S")
    line = one_error_line(result)
    assert str(path) in line and expected.lower() in line.lower()
    assert "1 article added" in result.output and "1 file failed" in result.output
    assert count(db_path) == 1


def test_explicit_encoding_reads_latin1(parallax, db_path, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Die Stra\u00dfe ist gesperrt, sagte der Beh\u00f6rdensprecher.".encode("latin-1"))
    result = parallax("import", str(path), "--encoding", "latin-1", "--story", "S")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db_path) as conn:
        assert "Straße" in conn.execute("SELECT text FROM articles").fetchone()[0]


def test_missing_path(parallax, db_path, tmp_path):
    line = one_error_line(parallax("import", str(tmp_path / "nope.txt")))
    assert "nope.txt" in line
    assert count(db_path) == 0


def test_markup_and_escapes_are_stored_verbatim(parallax, db_path, tmp_path):
    hostile = "Titel [bold]fett[/] [dpa]\n\nEr sagte [@click=app.quit]x[/] \x1b[2J und \x1b]52;c;SGFjaw==\x07 Ende.\n"
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    result = parallax("import", str(path), "--story", "S")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("SELECT text FROM articles").fetchone()[0]
    for fragment in ("[bold]fett[/]", "[dpa]", "[@click=app.quit]x[/]", "\x1b[2J", "\x1b]52;c;SGFjaw==\x07"):
        assert fragment in stored


def test_same_file_twice_is_stored_once(parallax, db_path, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    parallax("import", str(path), "--story", "S")
    copy = tmp_path / "copy.txt"
    copy.write_text(GOOD, encoding="utf-8")
    result = parallax("import", str(path), str(copy), "--story", "S")
    assert result.exit_code == 0 and "2 already imported" in result.output
    assert count(db_path) == 1


def test_malformed_jsonl_line_names_the_line_and_stores_nothing_from_the_file(parallax, db_path, tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": GOOD, "title": "eins"}) + "\n"
                    + json.dumps({"text": GOOD + " zwei"}) + "\n{\"text\": \"kaputt\"\n", encoding="utf-8")
    line = one_error_line(parallax("import", str(path), "--story", "S"))
    assert f"{path}:3:" in line
    assert count(db_path) == 0


@pytest.mark.slow
def test_three_megabyte_file_imports(parallax, db_path, tmp_path):
    paragraph = ("Die Reederei erklärte am Dienstag in Kiel, der Motor des Frachters sei ausgefallen. "
                 "„Wir prüfen alles“, sagte Sprecher Lars Holm. ") * 4 + "\n\n"
    text = "Großer Text\n\n" + paragraph * (3_000_000 // len(paragraph.encode()) + 1)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 3_000_000
    result = parallax("import", str(path), "--story", "S")
    assert result.exit_code == 0, result.output
    assert count(db_path) == 1 and count(db_path, "sentences") > 10_000


@pytest.mark.slow
def test_one_and_a_half_million_character_article_imports(parallax, db_path, tmp_path):
    sentence = "Der Kanal bleibt nach Angaben der Behörde in Kiel gesperrt, sagte Jana Petersen. "
    text = (sentence * (1_500_000 // len(sentence) + 1))[:1_500_000]
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"text": text, "title": "Lang"}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = parallax("import", str(path), "--story", "S")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT length(text) FROM articles").fetchone()[0] >= 1_499_000
        assert conn.execute("SELECT count(*) FROM entities WHERE label = 'PER'").fetchone()[0] > 10_000


@pytest.fixture
def read_only(db_path):
    """The database file made read-only; root ignores file modes, so there the
    file is made immutable instead (where chattr works)."""
    CliRunner().invoke(cli, ["stories", "--db", str(db_path)])
    os.chmod(db_path, 0o444)
    immutable = False
    if os.access(db_path, os.W_OK):
        immutable = subprocess.run(["chattr", "+i", str(db_path)], capture_output=True).returncode == 0
        if not immutable:
            pytest.skip("cannot make the database read-only as this user")
    yield db_path
    if immutable:
        subprocess.run(["chattr", "-i", str(db_path)], check=True)
    os.chmod(db_path, 0o644)


@pytest.mark.parametrize("command", ["import", "import-annotations"])
def test_read_only_database(parallax, read_only, tmp_path, command):
    path = tmp_path / ("a.txt" if command == "import" else "a.jsonl")
    path.write_text(GOOD if command == "import" else json.dumps({"text": GOOD, "spans": []}), encoding="utf-8")
    line = one_error_line(parallax(command, str(path)))
    assert "read-only" in line and str(read_only) in line
    assert count(read_only) == 0
    assert parallax("stories").exit_code == 0


def test_read_only_folder(parallax, db_path, tmp_path):
    """Root ignores file modes, so also check the case root cannot write either: a bad folder."""
    line = one_error_line(CliRunner().invoke(cli, ["stories", "--db", str(tmp_path / "no" / "such" / "x.db")]))
    assert "does not exist" in line


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO stories (name, created_at) VALUES ('holder', 'now')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def test_locked_database_waits_then_says_so(parallax, db_path, tmp_path, tiny_model):
    parallax("stories")
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db_path), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        env = os.environ | {"PARALLAX_BUSY_TIMEOUT": "1"}
        result = subprocess.run([sys.executable, "-m", "parallax.cli", "import", str(path), "--story", "S",
                                 "--model", str(tiny_model), "--db", str(db_path)],
                                capture_output=True, text=True, env=env)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"parallax: {db_path}: database is locked by another writer (waited 1 s); try again"]
    assert count(db_path) == 0


def test_power_cut_leaves_only_whole_files(db_path, tmp_path, tiny_model):
    """Kill -9 the importer mid-run: the database opens and holds whole files only."""
    folder = tmp_path / "feed"
    folder.mkdir()
    files = 40
    for i in range(files):
        lines = [json.dumps({"text": f"Meldung {i}-{j}. " + GOOD * 200, "title": f"{i}-{j}"}) for j in range(5)]
        (folder / f"{i:03}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "parallax.cli", "import", str(folder), "--story", "S",
                                "--model", str(tiny_model), "--db", str(db_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if count(db_path) >= 10:
                break
        except sqlite3.OperationalError:
            pass
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        titles = [row[0] for row in conn.execute("SELECT title FROM articles")]
        orphans = conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                               "(SELECT 1 FROM sentences s WHERE s.article_id = a.id)").fetchone()[0]
    per_file: dict[str, int] = {}
    for title in titles:
        per_file[title.split("-")[0]] = per_file.get(title.split("-")[0], 0) + 1
    assert 0 < len(titles) < files * 5, "the kill should land mid-run"
    assert set(per_file.values()) == {5}, per_file
    assert orphans == 0
