"""`export --out` writes into what it is given: a regular file is replaced
atomically, but a FIFO, a device or a link to one is written into, never
replaced by a new file."""

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from parallax.store import annotations
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord

TEXT = "Der Kanal ist gesperrt. Die Reederei schweigt."


@pytest.fixture
def labelled(db_path):
    db = open_db(db_path)
    (stored,) = add_articles(db, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt", outlet="taz")])
    annotations.add(db, stored.article_id, 0, 23, "claim", "anna")
    db.close()
    return db_path


def export(db_path: Path, out: str):
    return CliRunner().invoke(cli, ["export", "--out", out, "--db", str(db_path)])


def test_regular_file_is_replaced_whole(labelled, tmp_path):
    out = tmp_path / "labels.jsonl"
    out.write_text("old contents that must go\n" * 100, encoding="utf-8")
    result = export(labelled, str(out))
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["label"] for line in lines] == ["claim"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary file left behind"


def test_link_to_a_regular_file_keeps_the_link(labelled, tmp_path):
    real = tmp_path / "real.jsonl"
    real.write_text("", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    assert export(labelled, str(link)).exit_code == 0
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["label"] == "claim"


def test_fifo_is_written_into_and_its_reader_gets_the_lines(labelled, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []

    def read() -> None:
        with open(fifo, encoding="utf-8") as handle:
            received.extend(handle.read().splitlines())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = export(labelled, str(fifo))
    if not received:
        # On main the export replaced the FIFO with a file: unblock the reader.
        with open(fifo, "w"):
            pass
    reader.join(5)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    assert [json.loads(line)["label"] for line in received] == ["claim"]


def test_link_to_a_character_device_stays_a_device(labelled, tmp_path):
    """/dev/null itself is never risked here: a link to it shows the same thing,
    and on main the link was replaced by a regular file."""
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    result = export(labelled, str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and stat.S_ISCHR(os.stat(link).st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dash_is_standard_output(labelled):
    result = export(labelled, "-")
    assert result.exit_code == 0
    assert json.loads(result.output.splitlines()[0])["label"] == "claim"


def test_other_formats_write_into_a_fifo_too(labelled, tmp_path):
    """The formats' export (another tool's format, written whole then moved)
    writes into a FIFO instead of moving a file over it."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []

    def read() -> None:
        with open(fifo, encoding="utf-8-sig") as handle:  # doccano starts with a BOM
            received.extend(handle.read().splitlines())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = CliRunner().invoke(cli, ["export", "--format", "doccano", "--out", str(fifo), "--db", str(labelled)])
    if not received:
        with open(fifo, "w"):
            pass
    reader.join(5)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    (task,) = [json.loads(line) for line in received]
    assert task["text"] == TEXT and [e["label"] for e in task["entities"]] == ["claim"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".parallax-export-")]


def test_other_formats_leave_a_device_a_device(labelled, tmp_path):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    result = CliRunner().invoke(cli, ["export", "--format", "doccano", "--out", str(link), "--db", str(labelled)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and stat.S_ISCHR(os.stat(link).st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_folder_format_refuses_a_fifo_in_one_line(labelled, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = CliRunner().invoke(cli, ["export", "--format", "brat", "--out", str(fifo), "--db", str(labelled)])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert str(fifo) in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
