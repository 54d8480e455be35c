"""Two annotators tag the same story at the same time, in two processes on one
database file: both rows are stored, and each reader shows the other's
annotation within about a second (the screen polls PRAGMA data_version every
0.5 s) without moving anybody's cursor."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time

from reader_support import (  # noqa: F401 (tmux is a fixture)
    OUTLETS, REPO, app_command, assert_row_matches_text, quiet_env, rows, tmux, wait_until,
)

SEEN_WITHIN = 1.0
"""Seconds after one reader has saved within which the other must show it: two
polls of 0.5 s. A deadline for polling, not a timing assert: it only fails
when the change does not show up at all in that time."""


def quote_count(screen: str, outlet: str) -> int | None:
    """The quote count in `outlet`'s column header ("Kieler Rundschau  q1  c0 …")."""
    found = re.search(re.escape(outlet) + r"\s+q(\d+)", screen)
    return int(found.group(1)) if found else None


def test_two_readers_in_tmux_see_each_others_tags(sample_db, tmux, tmp_path):
    env = quiet_env(tmp_path)
    anna = tmux.start("anna", app_command(sample_db, "anna"), width=200, height=50, env=env)
    ben = tmux.start("ben", app_command(sample_db, "ben"), width=200, height=50, env=env)
    for pane in (anna, ben):
        tmux.wait_for(pane, lambda s: all(o in s for o in OUTLETS), what="four columns")

    # at once: anna tags in the Kieler Rundschau, ben in the Hanse-Kurier
    tmux.send(ben, "Tab")  # keys reach a pane in order: the tab before the q
    tmux.send(anna, "q")
    tmux.send(ben, "q")
    saved = {}
    for pane in (anna, ben):
        tmux.wait_for(pane, lambda s, pane=pane: re.search(rf"{pane}\s+saved", s) is not None,
                      what=f"{pane}'s tag saved")
        saved[pane] = time.monotonic()

    # each reader shows the other's tag: the other column's header counts it, the gutter marks it
    anna_sees = tmux.wait_for(anna, lambda s: quote_count(s, OUTLETS[1]) == 1,
                              deadline=max(SEEN_WITHIN - (time.monotonic() - saved[ben]), 0.2),
                              what="ben's quote in anna's Hanse-Kurier column")
    ben_sees = tmux.wait_for(ben, lambda s: quote_count(s, OUTLETS[0]) == 1,
                             deadline=max(SEEN_WITHIN - (time.monotonic() - saved[anna]), 0.2),
                             what="anna's quote in ben's Kieler Rundschau column")
    assert quote_count(anna_sees, OUTLETS[0]) == 1 and quote_count(ben_sees, OUTLETS[1]) == 1
    for screen in (anna_sees, ben_sees):
        assert "q quote 1" in screen  # the status line counts the annotator's own; the headers count both
        assert sum(line.count("▏ Q") for line in screen.splitlines()) >= 2  # a quote gutter in two columns

    for pane in (anna, ben):
        tmux.send(pane, "C-q")
    for pane in (anna, ben):
        assert tmux.wait_exit(pane) == "0"
    stored = rows(sample_db)
    assert sorted((r["annotator"], r["article_id"], r["label"]) for r in stored) == [
        ("anna", 1, "quote"), ("ben", 2, "quote")]
    for row in stored:
        assert_row_matches_text(row, sample_db)


READER = textwrap.dedent("""
    import asyncio, json, sys, time
    from pathlib import Path
    sys.path.insert(0, "tests")
    from reader_support import make_app, settle, story_screen, SIZE

    db, annotator, other, column, folder, within = sys.argv[1:7]
    folder = Path(folder)

    async def main():
        app = make_app(Path(db), annotator=annotator)
        async with app.run_test(size=SIZE) as pilot:
            screen = await story_screen(app, pilot)
            (folder / f"{annotator}.ready").touch()
            while not (folder / "go").exists():
                await asyncio.sleep(0.02)
            for _ in range(int(column)):
                await pilot.press("tab")
            cursors = [c.view.cursor for c in screen.columns]
            await pilot.press("q")
            await settle(app, pilot)
            saved = screen.status.save_state
            (folder / f"{annotator}.saved").write_text(str(time.monotonic()))  # one clock for all processes
            after_tag = [c.view.cursor for c in screen.columns]
            other_saved = folder / f"{other}.saved"
            end = time.monotonic() + 20
            while time.monotonic() < end and not other_saved.exists():
                await asyncio.sleep(0.02)
            # polling with a deadline: the other's tag must show up within `within` s of its commit
            end = float(other_saved.read_text()) + float(within)
            while time.monotonic() < end and sum(len(d.annotations) for d in screen.docs) < 2:
                await pilot.pause(0.05)
            seen = [[(r["annotator"], r["start"], r["end"]) for r in d.annotations] for d in screen.docs]
            result = dict(saved=saved, seen=seen, counts=screen.status.counts, cursors=cursors,
                          after_tag=after_tag, final=[c.view.cursor for c in screen.columns],
                          current=screen.current)
            await pilot.press("ctrl+q")
        (folder / f"{annotator}.json").write_text(json.dumps(result))

    asyncio.run(main())
""")


def test_two_pilot_readers_in_two_processes_see_each_others_tags(sample_db, tmp_path):
    """The same without a terminal: two apps under Pilot in two processes."""
    procs = []
    for annotator, other, column in (("anna", "ben", 0), ("ben", "anna", 1)):
        procs.append(subprocess.Popen(
            [sys.executable, "-c", READER, str(sample_db), annotator, other, str(column), str(tmp_path),
             str(SEEN_WITHIN)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    try:
        wait_until(lambda: all((tmp_path / f"{n}.ready").exists() for n in ("anna", "ben")), deadline=30,
                   what="both readers")
        (tmp_path / "go").touch()
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    results = {name: json.loads((tmp_path / f"{name}.json").read_text()) for name in ("anna", "ben")}
    stored = rows(sample_db)
    assert sorted((r["annotator"], r["article_id"]) for r in stored) == [("anna", 1), ("ben", 2)]
    spans = {r["annotator"]: (r["annotator"], r["start"], r["end"]) for r in stored}
    for name, result in results.items():
        assert result["saved"] == "saved"
        # each app holds both annotations, in the right article
        assert [tuple(x) for x in result["seen"][0]] == [spans["anna"]]
        assert [tuple(x) for x in result["seen"][1]] == [spans["ben"]]
        assert result["counts"] == {"quote": 1}  # the status line: one's own
        # the other's change moved nobody's cursor
        assert result["final"] == result["after_tag"]
