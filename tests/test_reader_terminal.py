"""The reader in a real terminal: `python -m parallax.cli` inside tmux, driven with
send-keys, read with capture-pane, checked in the database afterwards."""

from __future__ import annotations

import re

from reader_support import (  # noqa: F401 (tmux is a fixture)
    OUTLETS, app_command, article_texts, quiet_env, rows, tmux, wait_until,
)

SAVED = re.compile(r"tmuxer\s+saved │")


def test_tag_in_a_real_terminal_is_stored_with_the_annotator(sample_db, tmux, tmp_path):
    pane = tmux.start("reader", app_command(sample_db, "tmuxer"), width=200, height=50, env=quiet_env(tmp_path))
    tmux.wait_for(pane, lambda s: OUTLETS[0] in s, what="the first outlet's column")

    # 200 cells hold four 48-cell columns: the outlets' headers side by side on one line
    def side_by_side(screen: str) -> bool:
        return any(sum(outlet in line for outlet in OUTLETS) >= 2 for line in screen.splitlines())

    screen = tmux.wait_for(pane, side_by_side, what="two outlet headers on one line")
    header = next(line for line in screen.splitlines() if OUTLETS[0] in line)
    assert header.index(OUTLETS[0]) < header.index(OUTLETS[1])
    assert "tmuxer" in screen  # the status line names the annotator

    # the cursor opens on the lead's first sentence; ")" goes one on, q tags it as a quote
    tmux.send(pane, "-l", ")")
    tmux.send(pane, "q")
    tmux.wait_for(pane, lambda s: bool(SAVED.search(s)), what='"saved" in the status line')

    # y: the sentence with its citation reaches the terminal's clipboard (OSC 52 → a tmux buffer)
    tmux.send(pane, "-l", "(")
    tmux.send(pane, "y")
    wait_until(lambda: "— Kieler Rundschau" in tmux.buffer(), deadline=10, what="the yank in tmux's buffer")

    tmux.send(pane, "C-q")
    assert tmux.wait_exit(pane) == "0"

    (row,) = rows(sample_db)
    assert (row["annotator"], row["label"], row["status"]) == ("tmuxer", "quote", "accepted")
    assert article_texts(sample_db)[row["article_id"]][row["start"]:row["end"]] == row["text"]
    assert row["text"] in tmux.buffer()  # the yanked span is the tagged sentence
