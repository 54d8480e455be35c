"""Links from the keyboard (issue 11): L on an annotation, move, a kind key;
both ends marked; ' walks, X deletes; undo, redo and a restart keep them;
another annotator's links are never changed (deleting one records a
rejection of one's own). Every step is checked in the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare_support import annotate, find
from reader_support import make_app, pilot_test, query, screen_text, settle, story_screen
from parallax.store import links
from parallax.store.db import open_db
from parallax.tui.story_screen import StoryScreen

ME = "tester"
LENGTH_KR = {"outlet": "Kieler Rundschau", "start": 833, "end": 983, "label": "claim"}
LENGTH_HK = {"outlet": "Hanse-Kurier", "start": 731, "end": 980, "label": "claim"}


@pytest.fixture
def linked_sample(sample_db: Path) -> dict[str, str]:
    """anna's annotations of the sample story; one link of hers (A same C)."""
    annotate(sample_db, with_links=False)
    db = open_db(sample_db)
    try:
        a, b = find(db, LENGTH_KR), find(db, LENGTH_HK)
        c = db.execute("SELECT n.id FROM annotations n JOIN articles r ON r.id = n.article_id "
                       "WHERE r.outlet = 'Hanse-Kurier' AND n.label = 'claim' AND n.id != ? "
                       "ORDER BY n.start LIMIT 1", [b]).fetchone()[0]
        anna = links.add(db, a, c, "same", "anna")
    finally:
        db.close()
    return {"A": a, "B": b, "C": c, "anna": anna.id, "path": str(sample_db)}


def link_rows(path: Path) -> list[tuple]:
    return query(path, "SELECT src_annotation, dst_annotation, kind, annotator, status, "
                       "json_extract(attrs, '$.review_of'), updated_at FROM links ORDER BY id")


def place(screen: StoryScreen, db_path: Path, annotation_id: str) -> None:
    """Setup: the cursor on an annotation's first char, in its column."""
    article_id, start = query(db_path, "SELECT article_id, start FROM annotations WHERE id = ?", (annotation_id,))[0]
    screen.current = [a.id for a in screen.articles].index(article_id)
    screen.view.move_to(start, center=True)


def here(screen: StoryScreen) -> str:
    return screen.linked_here()["id"]


@pilot_test
async def test_link_undo_redo_restart_walk_delete(linked_sample):
    path = Path(linked_sample["path"])
    a, b, c, anna = (linked_sample[k] for k in ("A", "B", "C", "anna"))
    annas_before = [row for row in link_rows(path) if row[3] == "anna"]
    app = make_app(path, annotator=ME)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await settle(app, pilot)
        place(screen, path, a)
        await pilot.pause()
        assert here(screen) == a
        await pilot.press("L")
        assert screen.status.mode.startswith("link from: claim, Kieler Rundschau „Das 170 Meter")
        # Moving keeps the link open: Tab to the other column, then to B.
        await pilot.press("tab")
        place(screen, path, b)
        await pilot.pause()
        await pilot.press("equals_sign")
        await settle(app, pilot)
        place(screen, path, a)
        await pilot.press("L", "tab")
        place(screen, path, c)
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        mine = [row[:5] for row in link_rows(path) if row[3] == ME]
        assert mine == [(a, b, "same", ME, "accepted"), (a, c, "contradicts", ME, "accepted")]
        # Both ends show it: the gutter's second cell and the status line.
        assert "! contradicts Kieler Rundschau claim" in screen.status.where
        await pilot.press("u")
        await settle(app, pilot)
        assert [row[2] for row in link_rows(path) if row[3] == ME] == ["same"]
        await pilot.press("U")
        await settle(app, pilot)
        assert [row[2] for row in link_rows(path) if row[3] == ME] == ["same", "contradicts"]
        await app.action_quit()

    app = make_app(path, annotator=ME)  # a restart: everything comes from the database
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await settle(app, pilot)
        place(screen, path, a)
        await pilot.pause()
        assert screen.status.where.count(" · ") >= 3
        assert "= same Hanse-Kurier claim (by anna)" in screen.status.where
        assert "! contradicts Hanse-Kurier claim" in screen.status.where
        kr_row = next(line for line in screen_text(app).splitlines() if "170 Meter lange" in line)
        assert "C#" in kr_row  # a claim, with links of several kinds
        # ' walks A's links, oldest first, then back to A.
        walked = []
        for _ in range(4):
            await pilot.press("apostrophe")
            await pilot.pause()
            walked.append((screen.current, here(screen)))
        assert walked == [(1, c), (1, b), (1, c), (0, a)]
        # On B (reached by the same link): X deletes my own link.
        await pilot.press("apostrophe", "apostrophe")
        await pilot.pause()
        assert here(screen) == b and "▸= same Kieler Rundschau claim" in screen.status.where
        await pilot.press("X")
        await settle(app, pilot)
        assert [row[:3] for row in link_rows(path) if row[3] == ME and row[5] is None] == [(a, c, "contradicts")]
        # From A, ' goes to C by the oldest link, anna's; there X records my rejection, hers stays.
        place(screen, path, a)
        await pilot.pause()
        await pilot.press("apostrophe")
        await pilot.pause()
        assert here(screen) == c and "▸= same Kieler Rundschau claim (by anna)" in screen.status.where
        await pilot.press("X")
        await settle(app, pilot)
        assert "(by anna)" not in screen.status.where
        assert "! contradicts Kieler Rundschau claim" in screen.status.where
        await app.action_quit()
    assert [row for row in link_rows(path) if row[3] == "anna"] == annas_before
    decisions = [row for row in link_rows(path) if row[5] is not None]
    assert [(row[0], row[1], row[3], row[4], row[5]) for row in decisions] == [(a, c, ME, "rejected", anna)]


@pilot_test
async def test_escape_cancels_a_link_and_a_kind_key_alone_explains(linked_sample):
    path = Path(linked_sample["path"])
    app = make_app(path, annotator=ME)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        place(screen, path, linked_sample["A"])
        await pilot.press("L", "escape")
        assert screen.link_source is None and screen.status.mode == ""
        await pilot.press("equals_sign")
        await settle(app, pilot)
        assert "Start a link with L" in [n.message for n in app._notifications][-1]
    assert len(link_rows(path)) == 1


def test_link_kinds_and_their_keys_come_from_the_config(tmp_path):
    from parallax.tui.config import load_config
    from parallax.tui.keymap import link_kind_commands

    path = tmp_path / "config.toml"
    path.write_text('[[link_kinds]]\nname = "quotes"\nkey = "Q"\nmark = "Q"\n', encoding="utf-8")
    config = load_config(path)
    assert [(k.name, k.key, k.mark) for k in config.link_kinds] == [("quotes", "Q", "Q")]
    (command,) = link_kind_commands(config.link_kinds)
    assert (command.id, command.keys, command.action) == ("link_quotes", "Q", "link_finish('quotes')")
    path.write_text('[[link_kinds]]\nname = "review_of"\nkey = "Q"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="review_of"):
        load_config(path)


def test_link_suggestions_need_no_spacy():
    """The palette's story-wide link suggestions run in the reader's process."""
    import subprocess
    import sys

    code = ("import sys, parallax.analysis.link_suggest, parallax.analysis.compare; "
            "print(sorted(m for m in ('spacy', 'thinc', 'textual') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
