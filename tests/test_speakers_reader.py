"""Speakers in the reader (issues 11 and 13): typed freely or picked from the
story's entity groups, stored as text plus group; shown in the status line
and the review line; set in review mode with p (accepting the item)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compare_support import annotate
from reader_support import make_app, pilot_test, query, rows, settle, story_screen
from parallax.store import annotations, review
from parallax.store.db import open_db
from parallax.store.review import Filters
from parallax.tui.annotation_form import AnnotationForm
from parallax.tui.app import ParallaxApp
from parallax.tui.config import Config
from parallax.tui.review_screen import ReviewRequest
from parallax.tui.speaker_field import SpeakerForm
from test_links_reader import place

ME = "tester"


def test_a_decision_can_set_and_remove_the_speaker(fresh_db):
    fresh_db.execute("INSERT INTO stories (name, created_at) VALUES ('s', 'now')")
    fresh_db.execute("INSERT INTO articles (story_id, sha256, text, created_at) VALUES (1, 'x', 'Er sagte das.', 'now')")
    source = annotations.add(fresh_db, 1, 0, 13, "quote", "suggest:rules", status="suggested",
                             attrs={"form": "indirect", "speaker": "Er"})
    decided = review.decide(fresh_db, "anna", source["id"], "accepted",
                            attrs={"speaker": "Lars Holm", "speaker_group": "PER:lars holm"})
    assert json.loads(decided["attrs"]) == {"form": "indirect", "speaker": "Lars Holm", "speaker_group": "PER:lars holm"}
    again = review.decide(fresh_db, "anna", source["id"], "accepted", attrs={"speaker": None, "speaker_group": None})
    assert again["id"] == decided["id"] and json.loads(again["attrs"]) == {"form": "indirect"}
    assert json.loads(annotations.get(fresh_db, source["id"])["attrs"])["speaker"] == "Er"  # the source stays


@pytest.fixture
def annotated(sample_db: Path) -> Path:
    annotate(sample_db, with_links=False)
    return sample_db


@pilot_test
async def test_a_speaker_typed_freely_is_kept_as_typed_and_shown(sample_db):
    app = make_app(sample_db, annotator=ME)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await settle(app, pilot)
        await pilot.press(")", ")", "q")
        await settle(app, pilot)
        await pilot.press("[", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationForm)
        await pilot.press(*"Ein Augenzeuge", "enter")  # no group holds it: nothing highlighted, Enter saves
        await settle(app, pilot)
        assert app.screen is screen
        (row,) = rows(sample_db)
        assert json.loads(row["attrs"]) == {"speaker": "Ein Augenzeuge"}
        assert "speaker: Ein Augenzeuge" in screen.status.where


@pilot_test
async def test_p_in_review_mode_sets_the_speaker_from_the_groups_and_accepts(annotated):
    app = ParallaxApp(annotated, config=Config(annotator=ME),
                      review=ReviewRequest(Filters(annotators=("anna",), labels=("quote",))))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        item = screen.item
        before = json.loads(item.source["attrs"]).get("speaker")
        assert f"speaker {before}" in str(screen.bar.render())
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerForm)
        await pilot.press(*["backspace"] * 30, *"Wöhr", "down", "enter", "enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert "speaker Carsten Wöhrmann" in str(screen.bar.render())
    (decision,) = rows(annotated, "annotator = ?", (ME,))
    assert decision["status"] == "accepted" and decision["text"] == item.source["text"]
    attrs = json.loads(decision["attrs"])
    assert (attrs["speaker"], attrs["speaker_group"]) == ("Carsten Wöhrmann", "PER:carsten wöhrmann")
    assert query(annotated, "SELECT dst_annotation FROM links WHERE kind = 'review_of'") == [(item.id,)]


@pilot_test
async def test_the_status_line_shows_the_speaker_under_the_cursor(annotated):
    db = open_db(annotated)
    quote = db.execute("SELECT id FROM annotations WHERE label = 'quote' AND attrs LIKE '%Holm%' "
                       "ORDER BY article_id, start LIMIT 1").fetchone()[0]
    db.close()
    app = make_app(annotated, annotator="anna")
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await settle(app, pilot)
        place(screen, annotated, quote)
        await pilot.pause()
        assert "speaker: Holm" in screen.status.where
