"""Every field a colleague can fill reaches the terminal sanitised: label,
annotator, note, speaker, cue, story name — stored straight into the database
as a merge would. The bytes the app writes to a real terminal (tmux
pipe-pane) are checked while it shows the story view with the cursor on those
rows, the edit form, review mode, its filter, the agreement screen and the
story list."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader_support import (  # noqa: F401 (tmux is a fixture)
    app_command, make_app, pilot_test, quiet_env, screen_text, settle, tmux, wait_until,
)
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord
from parallax.tui.agreement_screen import AgreementScreen

OSC52 = "\x1b]52;c;UFdORUQ=\x1b\\"
OSC2 = "\x1b]2;pwned\x07"
CSI2J = "\x1b[2J"
C1 = "\x9b31m"
HOSTILE = f"{OSC52}x{OSC2}y{CSI2J}z{C1}[/]"
STORY = f"Story{HOSTILE}"
EVE = f"eve{HOSTILE}"
TEXT = "Kiel meldet einen ruhigen Morgen am Kanal.\n\nDer Lotse sagte, alles sei in Ordnung.\n"
FORBIDDEN = [b"\x1b]52", b"\x1b]2;pwned", b"\x1b[2Jz", b"\xc2\x9b"]
ME = "tmuxer"


def hostile_db(db_path: Path) -> Path:
    db = open_db(db_path)
    try:
        add_articles(db, STORY, [ArticleRecord(text=TEXT, source_path="calm.txt", outlet="Kieler Kurz",
                                               sentences=[(0, 42), (44, 83)])])
    finally:
        db.close()
    conn = sqlite3.connect(db_path)
    stamp = "2026-03-13T12:00:00.000Z"
    attrs = json.dumps({"speaker": f"Lotse{HOSTILE}", "cue": f"cue{HOSTILE}", "form": "direct"})
    rows = [("r1", EVE, f"claim{HOSTILE}", "suggested"), ("r2", EVE, "quote", "accepted"),
            ("r3", ME, f"quote{HOSTILE}", "accepted"), ("r4", "[/]", "claim", "accepted")]
    with conn:
        for row_id, annotator, label, status in rows:
            conn.execute(
                'INSERT INTO annotations (id, article_id, start, "end", label, text, annotator, status, attrs, note, '
                "created_at, updated_at) VALUES (?, 1, 0, 42, ?, ?, ?, ?, ?, ?, ?, ?)",
                [row_id, label, TEXT[:42], annotator, status, attrs, f"note{HOSTILE}", stamp, stamp])
    conn.close()
    return db_path


@pilot_test
async def test_an_annotator_named_like_markup_does_not_crash_the_agreement_screen(db_path):
    hostile_db(db_path)
    app = make_app(db_path, annotator=ME)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("A")
        await settle(app, pilot)
        assert isinstance(app.screen, AgreementScreen) and app.is_running
        text = screen_text(app)
        assert "[/]" in text and "eve" in text
        assert "\x1b" not in text and "\x9b" not in text


def test_in_a_real_terminal_no_field_writes_an_escape_sequence(db_path, tmux, tmp_path):
    hostile_db(db_path)
    log = tmp_path / "terminal.bytes"
    # The app starts a moment after the pane, once pipe-pane records everything it writes.
    command = ["sh", "-c", f"sleep 0.5; exec {' '.join(app_command(db_path, ME))}"]
    pane = tmux.start("reader", command, width=160, height=40, env=quiet_env(tmp_path))
    tmux.run("pipe-pane", "-t", pane, "-o", f"cat >> {log}")

    def wait(what: str, text: str) -> None:
        tmux.wait_for(pane, lambda s: text in s, what=what)

    def escape_from(what: str, text: str) -> None:
        # Esc alone, then wait: Esc and the next key at once read as Alt+key in a terminal.
        tmux.send(pane, "Escape")
        tmux.wait_for(pane, lambda s: text not in s, what=f"{what} to close")

    wait("the story view", "Kieler Kurz")
    tmux.send(pane, "l")  # the cursor rests on the rows: the status line names them
    wait("the rows under the cursor in the status line", "by eve")
    tmux.send(pane, "Enter")  # the edit form, on the annotator's own row
    wait("the edit form", "Speaker")
    escape_from("the edit form", "Speaker")
    tmux.send(pane, "R")  # review mode: eve's suggestion, with its cue
    wait("review mode", "REVIEW")
    tmux.send(pane, "f")
    wait("the filter form", "Review which items?")
    escape_from("the filter form", "Review which items?")
    escape_from("review mode", "REVIEW")
    tmux.send(pane, "A")
    wait("the agreement screen", "sentences where they differ")
    escape_from("the agreement screen", "sentences where they differ")
    tmux.send(pane, "Escape")
    wait("the story list", "Parallax — stories")
    tmux.send(pane, "C-q")
    assert tmux.wait_exit(pane) == "0"
    wait_until(lambda: log.exists() and log.stat().st_size > 0, what="the recorded output")
    written = log.read_bytes()
    assert b"Kieler Kurz" in written and "␛".encode() in written  # recorded, and shown as visible stand-ins
    for bad in FORBIDDEN:
        assert bad not in written, bad
    assert tmux.display(pane, "#{pane_title}") != "pwned"
    assert "PWNED" not in tmux.buffers()
