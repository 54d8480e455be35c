"""The team workflow from the command line in a real terminal (tmux):
suggest → review → adjudicate → export the gold set."""

from __future__ import annotations

import json
import subprocess
import sys

from reader_support import REPO, STORY, query, quiet_env, rows, tmux  # noqa: F401 (tmux is a fixture)
from parallax.store import annotations
from parallax.store.db import open_db


def parallax(db_path, *args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "parallax.cli", "--db", str(db_path), *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env=env)


def test_suggest_then_review_quotes_in_a_real_terminal(sample_db, tmux, tmp_path):
    env = quiet_env(tmp_path)
    assert parallax(sample_db, "suggest").returncode == 0
    quotes = rows(sample_db, "status = 'suggested' AND label = 'quote'")
    pane = tmux.start("review", [sys.executable, "-m", "parallax.cli", "--db", str(sample_db), "review",
                                 "--label", "quote", "--annotator", "tmuxer"], width=200, height=50, env=env)
    tmux.wait_for(pane, lambda s: f"1 / {len(quotes)}, 0 accepted" in s, what="the progress line")
    tmux.send(pane, "a")
    tmux.wait_for(pane, lambda s: f"2 / {len(quotes)}, 1 accepted, 0 rejected" in s, what="one accepted")
    tmux.send(pane, "x")
    tmux.wait_for(pane, lambda s: "1 accepted, 1 rejected" in s, what="one rejected")
    tmux.send(pane, "Escape")
    tmux.wait_for(pane, lambda s: "REVIEW" not in s, what="back in the reader")
    tmux.send(pane, "C-q")
    assert tmux.wait_exit(pane) == "0"

    mine = {row["id"]: row for row in rows(sample_db, "annotator = 'tmuxer'")}
    linked = dict(query(sample_db, "SELECT dst_annotation, src_annotation FROM links WHERE kind = 'review_of'"))
    assert [mine[linked[q["id"]]]["status"] for q in quotes[:2]] == ["accepted", "rejected"]
    exported = parallax(sample_db, "export", "--annotator", "tmuxer", "--status", "accepted")
    (line,) = exported.stdout.splitlines()
    assert json.loads(line)["text"] == quotes[0]["text"]


def test_adjudicate_in_a_real_terminal_and_export_gold(sample_db, tmux, tmp_path):
    db = open_db(sample_db)
    sentences = db.execute("SELECT start, \"end\" FROM sentences WHERE article_id = 1 ORDER BY start "
                           "LIMIT 3 OFFSET 10").fetchall()
    for name, labels in (("anna", ("claim", "quote", "claim")), ("ben", ("claim", "opinion", "claim"))):
        for (start, end), label in zip(sentences, labels):
            annotations.add(db, 1, start, end, label, name)
    db.close()
    pane = tmux.start("adjudicate", [sys.executable, "-m", "parallax.cli", "--db", str(sample_db), "adjudicate",
                                     STORY, "--as", "curator"], width=200, height=50, env=quiet_env(tmp_path))
    tmux.wait_for(pane, lambda s: "ADJUDICATE as curator" in s and "anna: quote · ben: opinion" in s,
                  what="the disagreement")
    tmux.send(pane, "-l", "A")  # anna's side
    tmux.wait_for(pane, lambda s: "1 accepted, 1 rejected" in s, what="the pick")
    tmux.send(pane, "C-q")
    assert tmux.wait_exit(pane) == "0"
    gold = parallax(sample_db, "export", "--annotator", "curator", "--status", "accepted")
    (line,) = gold.stdout.splitlines()
    assert (json.loads(line)["label"], json.loads(line)["annotator"]) == ("quote", "curator")
