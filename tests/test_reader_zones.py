"""The outlet's editorial looks different from the report around it, and `b`
folds the readers' comments as it folds boilerplate (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_support import make_app, pilot_test, screen_text, settle, story_screen
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord, Zone
from parallax.tui.styles import GUTTER_COMMENTS, GUTTER_EDITORIAL
from test_reader_saving import drawn

BODY = "Der Kanal ist seit Freitag wieder frei, meldet das Amt."
EDITORIAL = "Kommentar: Die Behörden haben viel zu spät reagiert."
COMMENTS = "leser42: Das war doch absehbar.\nkielerin: Endlich wieder Schiffe."
TEXT = f"{BODY}\n\n{EDITORIAL}\n\n{COMMENTS}\n"


@pytest.fixture
def zones_db(db_path: Path) -> Path:
    starts = [TEXT.index(part) for part in (BODY, EDITORIAL, COMMENTS)]
    zones = [Zone(s, s + len(part), kind) for s, part, kind in
             zip(starts, (BODY, EDITORIAL, COMMENTS), ("body", "editorial", "reader_comments"))]
    db = open_db(db_path)
    try:
        add_articles(db, "Zonen", [ArticleRecord(text=TEXT, source_path="z.txt", outlet="Kiel", zones=zones,
                                                 sentences=[(z.start, z.end) for z in zones])])
    finally:
        db.close()
    return db_path


@pilot_test
async def test_the_editorial_is_set_apart_and_b_folds_the_reader_comments(zones_db):
    app = make_app(zones_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await story_screen(app, pilot)
        view = screen.view
        body_gutter, body_style, _ = drawn(app, view, 2)
        gutter, style, _ = drawn(app, view, TEXT.index(EDITORIAL) + 2)
        assert gutter == GUTTER_EDITORIAL and body_gutter == " "
        assert style != body_style and style.italic and not body_style.italic
        assert drawn(app, view, TEXT.index(COMMENTS) + 2)[0] == GUTTER_COMMENTS
        assert "leser42" in screen_text(app)
        await pilot.press("b")
        await settle(app, pilot)
        text = screen_text(app)
        assert "leser42" not in text and "kielerin" not in text
        assert "reader comments" in text and "chars folded" in text
        assert EDITORIAL in text and BODY in text  # the article itself never folds
        await pilot.press("b")
        await settle(app, pilot)
        assert "leser42" in screen_text(app)
