"""SVG snapshots of the reader (pytest-textual-snapshot). Regenerate after an
intended change with `pytest tests/test_reader_snapshots.py --snapshot-update`
and look at the result (e.g. `rsvg-convert -w 1600 x.svg -o x.png`).

Deterministic: a fixed annotator, fixed timestamps in the database, no
cursor blink, no notifications on screen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input

from reader_support import SIZE, make_app, settle
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord, EntitySpan, Zone

SNAP_ANNOTATOR = "snap"
FIXED_TIME = "2026-03-13T12:00:00.000Z"


@pytest.fixture(autouse=True)
def no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make a snapshot depend on when it was taken."""
    monkeypatch.setattr(Input, "cursor_blink", False)


def freeze_clock(db_path: Path) -> None:
    """Everything the screens show from the database that came from the clock."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("UPDATE stories SET created_at = ?", [FIXED_TIME])
        conn.execute("UPDATE annotations SET created_at = ?, updated_at = ?", [FIXED_TIME, FIXED_TIME])
        conn.commit()
    finally:
        conn.close()


def add_tiny_story(db_path: Path) -> None:
    text = "Kiel meldet Ruhe im Hafen.\n\nDer Kanal ist wieder frei, sagte Jana Petersen."
    db = open_db(db_path)
    try:
        add_articles(db, "Hafen Kiel (kurz)", [ArticleRecord(
            text=text, source_path="tiny.txt", outlet="Kieler Kurzmeldung", title="Ruhe im Hafen",
            zones=[Zone(0, 26, "headline"), Zone(28, len(text), "body")],
            sentences=[(0, 26), (28, len(text))],
            entities=[EntitySpan(0, 4, "LOC", "Kiel"), EntitySpan(61, 74, "PER", "Jana Petersen")],
            entity_source="fixed")])
    finally:
        db.close()


@pytest.fixture
def snap_db(sample_db: Path) -> Path:
    from parallax.store.annotations import add

    db = open_db(sample_db)
    try:
        text = db.execute("SELECT text FROM articles WHERE id = 1").fetchone()[0]
        quote = "„Wir hatten keine Chance, das Schiff noch auf Kurs zu halten“"
        start = text.index(quote)
        add(db, 1, start, start + len(quote), "quote", SNAP_ANNOTATOR)
        claim = "Das 170 Meter lange Containerschiff"
        start = text.index(claim)
        add(db, 1, start, text.index(".", start) + 1, "claim", "other")
    finally:
        db.close()
    freeze_clock(sample_db)
    return sample_db


def test_story_list_with_two_stories(snap_compare, snap_db):
    add_tiny_story(snap_db)
    freeze_clock(snap_db)
    assert snap_compare(make_app(snap_db, annotator=SNAP_ANNOTATOR), terminal_size=(120, 24))


def test_story_view_three_columns(snap_compare, snap_db):
    assert snap_compare(make_app(snap_db, annotator=SNAP_ANNOTATOR), terminal_size=SIZE)


def test_story_view_after_tagging_and_selecting(snap_compare, snap_db):
    """The focused column (▶) with the cursor, a selection, a fresh tag ("saved"), and the
    status line counting only my labels (the other annotator's claim counts in the header)."""
    async def tag_then_select(pilot) -> None:
        # two sentences on; q tags one and moves on; the write returns ("saved"); v l l selects three words
        await pilot.press(")", ")", "q")
        await settle(pilot.app, pilot)
        await pilot.press("v", "l", "l")

    assert snap_compare(make_app(snap_db, annotator=SNAP_ANNOTATOR), terminal_size=SIZE, run_before=tag_then_select)


def test_help_screen(snap_compare, snap_db):
    assert snap_compare(make_app(snap_db, annotator=SNAP_ANNOTATOR), terminal_size=SIZE, press=["question_mark"])


def test_entity_table(snap_compare, snap_db):
    # e: the first entity after the cursor; *: its row in the table, all its mentions marked
    assert snap_compare(make_app(snap_db, annotator=SNAP_ANNOTATOR), terminal_size=SIZE, press=["e", "asterisk"])


def test_story_view_80x24(snap_compare, snap_db):
    assert snap_compare(make_app(snap_db, annotator=SNAP_ANNOTATOR), terminal_size=(80, 24))


def test_story_view_without_colour_after_tab(snap_compare, snap_db, monkeypatch):
    """NO_COLOR: the second column is the focused one (▶ in its header, the only
    cursor); the quote's gutter Q and the other annotator's claim C."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(snap_db, annotator=SNAP_ANNOTATOR), terminal_size=SIZE, press=["tab"])
