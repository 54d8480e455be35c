"""A tag shows in the next frame: painted at once, marked unsaved until its
commit returns, "saved" only then; a failed commit marks it failed and says so
(tests/test_reader_failed_writes.py: retry and discard).

What the terminal shows is read from the compositor (the cells Textual sends),
not from the widget's own state."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.style import Style

from reader_support import (
    ANNOTATOR, SIZE, make_app, notifications, pilot_test, rows, settle, slow_writer, story_screen,
)
from parallax.store.errors import DatabaseLocked
from parallax.tui.article_lines import GUTTER
from parallax.tui.article_view import ArticleView
from parallax.tui.styles import GUTTER_FAILED, GUTTER_UNSAVED


def drawn(app: Any, view: ArticleView, pos: int) -> tuple[str, Style, str]:
    """On screen: the gutter cell of the line showing char `pos`, that char's
    style and the char itself (the sample story's text is one cell per char)."""
    region = view.content_region
    line = next(i for i, (s, e, _) in enumerate(view.lines) if s <= pos < e)
    y = region.y + line - view.scroll_offset.y
    assert region.y <= y < region.bottom, "the char is not on screen"
    strip = app.screen._compositor.render_strips()[y]
    x = region.x + GUTTER + pos - view.lines[line][0]

    def cell(at: int) -> tuple[str, Style]:
        segments = list(strip.crop(at, at + 1))
        return "".join(s.text for s in segments), Style.combine(s.style for s in segments if s.style)

    gutter, _ = cell(region.x)
    char, style = cell(x)
    return gutter, style, char


def status_text(screen: Any) -> str:
    return str(screen.status.render())


@pilot_test
async def test_a_tag_is_drawn_before_its_commit_returns(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        view, doc = screen.view, screen.doc
        first = doc.sentence_at(view.cursor)
        slow_writer(app, 1.0)
        await pilot.press("q")
        second = doc.sentence_at(view.cursor)
        await pilot.press("c")
        await pilot.pause()  # one frame: far less than the writer's second
        assert rows(sample_db) == []
        for (start, end), colour in ((first, "magenta"), (second, "yellow")):
            gutter, style, char = drawn(app, view, start + 1)
            assert char == doc.text[start + 1]
            assert style.bgcolor is not None and style.bgcolor.name == colour, style
            assert gutter == GUTTER_UNSAVED
        assert "2 saving…" in status_text(screen) and "saved" not in status_text(screen)
        await settle(app, pilot)
        assert sorted((r["label"], r["start"], r["end"]) for r in rows(sample_db)) == [
            ("claim", *second), ("quote", *first)]
        assert [drawn(app, view, first[0] + 1)[0], drawn(app, view, second[0] + 1)[0]] == ["Q", "C"]
        assert screen.status.save_state == "saved" and "saving" not in status_text(screen)


@pilot_test
async def test_a_failed_commit_keeps_the_tag_marked_failed_with_an_error(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        view, doc = screen.view, screen.doc
        start, _ = doc.sentence_at(view.cursor)
        release = asyncio.Event()

        async def failing_run(write, *args, **kwargs):
            await release.wait()
            raise DatabaseLocked("annotations.db: database is locked by another writer; try again")

        app.writer.run = failing_run
        await pilot.press("q")
        await pilot.pause()
        gutter, style, _ = drawn(app, view, start + 1)
        assert gutter == GUTTER_UNSAVED and style.bgcolor is not None and style.bgcolor.name == "magenta"
        assert "1 saving…" in status_text(screen)
        release.set()
        await settle(app, pilot)
        gutter, style, _ = drawn(app, view, start + 1)
        assert gutter == GUTTER_FAILED and style.bgcolor.name == "magenta"  # still drawn, marked not stored
        assert [r.get("failed") for r in doc.annotations_at(start + 1)] == [True]
        errors = [n for n in notifications(app) if n.severity == "error"]
        assert errors and errors[-1].title == "Not saved" and "locked" in errors[-1].message
        assert "1 NOT saved — Enter to retry" in status_text(screen) and screen.status.save_state == "NOT saved"
        assert "q quote 0" in status_text(screen)
        assert rows(sample_db) == []


@pilot_test
async def test_an_unsaved_tag_cannot_be_deleted_or_edited_until_it_is_stored(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        view, doc = screen.view, screen.doc
        start, end = doc.sentence_at(view.cursor)
        slow_writer(app, 0.5)
        await pilot.press("q", "left_parenthesis", "x")
        await pilot.pause()
        assert any("still being saved" in n.message for n in notifications(app))
        await settle(app, pilot)
        assert [(r["label"], r["start"], r["end"], r["annotator"]) for r in rows(sample_db)] == [
            ("quote", start, end, ANNOTATOR)]
        await pilot.press("x")
        await settle(app, pilot)
        assert rows(sample_db) == []
