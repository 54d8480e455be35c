"""Saved means saved: a write that failed stays on the status line ("1 NOT
saved — Enter to retry") and visibly unsaved in its column until Enter stores
it or Esc discards it, whatever the writes after it did."""

from __future__ import annotations

import sqlite3

from test_reader_saving import drawn, status_text

from reader_support import goto_sentence, make_app, notifications, pilot_test, query, rows, settle, story_screen
from parallax.tui.styles import GUTTER_FAILED


def two_sentences(db_path) -> list[tuple[int, int]]:
    return query(db_path, 'SELECT start, "end" FROM sentences WHERE article_id = 1 ORDER BY start')[3:5]


@pilot_test
async def test_a_lost_tag_keeps_not_saved_on_the_status_line_after_a_later_tag_commits(sample_db, monkeypatch):
    monkeypatch.setenv("PARALLAX_BUSY_TIMEOUT", "0.2")
    (first, _), (second, _) = two_sentences(sample_db)
    app = make_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, first)
        other = sqlite3.connect(sample_db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            await pilot.press("q")
            await settle(app, pilot)
        finally:
            other.execute("ROLLBACK")
            other.close()
        await goto_sentence(pilot, screen, second)
        await pilot.press("c")
        await settle(app, pilot)
        assert [r["label"] for r in rows(sample_db)] == ["claim"]
        assert "1 NOT saved — Enter to retry" in status_text(screen)
        assert screen.status.save_state == "NOT saved"
        gutter, style, _ = drawn(app, screen.view, first + 1)
        assert gutter == GUTTER_FAILED  # the lost tag is still drawn, marked as not stored
        assert style.bgcolor is not None and style.bgcolor.name == "magenta"
        await pilot.press("enter")  # retry
        await settle(app, pilot)
        assert sorted(r["label"] for r in rows(sample_db)) == ["claim", "quote"]
        assert screen.status.save_state == "saved" and "NOT saved" not in status_text(screen)
        assert drawn(app, screen.view, first + 1)[0] == "Q"


@pilot_test
async def test_escape_discards_a_failed_write_and_says_so(sample_db, monkeypatch):
    from parallax.store.errors import DatabaseLocked

    (first, _), _ = two_sentences(sample_db)
    app = make_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, first)
        run = app.writer.run

        async def failing_run(write, *args, **kwargs):
            raise DatabaseLocked("annotations.db: database is locked by another writer; try again")

        app.writer.run = failing_run
        await pilot.press("q")
        await settle(app, pilot)
        assert "1 NOT saved" in status_text(screen)
        assert drawn(app, screen.view, first + 1)[0] == GUTTER_FAILED
        app.writer.run = run
        await pilot.press("escape")
        await settle(app, pilot)
        assert any("Discarded" in n.message and "quote" in n.message for n in notifications(app))
        assert "NOT saved" not in status_text(screen) and screen.status.save_state == ""
        assert drawn(app, screen.view, first + 1)[0] == " "
        assert rows(sample_db) == []
        assert app.screen is screen  # Esc discarded; it did not leave the story
