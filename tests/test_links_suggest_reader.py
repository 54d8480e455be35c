"""Link suggestions in the reader: S for the annotation under the cursor, the
palette's "Suggest links" for the story (the same pairs `parallax suggest
--links` stores), and review mode for suggested links (K): accept, reject,
accept as another kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare_support import STORY, annotate, find
from reader_support import make_app, pilot_test, query, settle, story_screen
from parallax.analysis.link_suggest import ANNOTATOR, LinkSuggester
from parallax.analysis.story_data import load_story
from parallax.store.db import open_db
from parallax.tui.link_review import LinkReviewScreen
from parallax.tui.link_suggestions import LinkCandidatesScreen
from test_links_reader import LENGTH_HK, LENGTH_KR, ME, place


@pytest.fixture
def annotated(sample_db: Path) -> Path:
    annotate(sample_db, with_links=False)
    return sample_db


def expected_pairs(path: Path) -> set[tuple[str, str, str]]:
    db = open_db(path)
    try:
        return {(c.src, c.dst, c.kind) for c in LinkSuggester(load_story(db, STORY)).story()}
    finally:
        db.close()


def ids(path: Path, *refs: dict) -> list[str]:
    db = open_db(path)
    try:
        return [find(db, ref) for ref in refs]
    finally:
        db.close()


@pilot_test
async def test_counterparts_of_the_annotation_under_the_cursor(annotated):
    kr, hk = ids(annotated, LENGTH_KR, LENGTH_HK)
    app = make_app(annotated, annotator=ME)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await settle(app, pilot)
        place(screen, annotated, kr)
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, LinkCandidatesScreen)
        # The ship's length in the Hanse-Kurier, with a differing figure: proposed as contradicts.
        index = [c.dst for c in modal.found].index(hk)
        assert modal.found[index].kind == "contradicts"
        prompt = modal.query_one("#link-candidate-list").get_option_at_index(index).prompt
        assert "170 Meter ≠ 168 Meter" in str(prompt) and "Hanse-Kurier" in str(prompt)
        await pilot.press(*["down"] * index, "enter")
        await settle(app, pilot)
    assert query(annotated, "SELECT src_annotation, dst_annotation, kind, annotator FROM links") == [
        (kr, hk, "contradicts", ME)]


@pilot_test
async def test_story_suggestions_then_review_them(annotated):
    expected = expected_pairs(annotated)
    assert len(expected) > 3
    app = make_app(annotated, annotator=ME)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await settle(app, pilot)
        screen.suggest_story_links()  # what the palette entry runs
        await settle(app, pilot)
        stored = set(query(annotated, "SELECT src_annotation, dst_annotation, kind FROM links WHERE annotator = ?",
                           (ANNOTATOR,)))
        assert stored == expected
        # Suggested links are marked (dim) on their annotations, and listed in the status line.
        assert any(mark.status == "suggested" for column in screen.columns for mark in column.view.marks("link"))
        await pilot.press("K")
        await pilot.pause()
        await pilot.pause()
        review = app.screen
        assert isinstance(review, LinkReviewScreen)
        assert len(review.items) == len(expected)
        walked = [review.item.id]
        await pilot.press("a")
        walked.append(review.item.id)
        await pilot.press("x")
        walked.append(review.item.id)
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        assert review.tally() == (2, 1)
        assert "LINK REVIEW" in str(review.bar.render())
    decided = dict((row[0], row[1:]) for row in query(
        annotated, "SELECT json_extract(attrs, '$.review_of'), status, kind, annotator FROM links "
                   "WHERE json_extract(attrs, '$.review_of') IS NOT NULL"))
    kinds = dict(query(annotated, "SELECT id, kind FROM links"))
    assert decided[walked[0]] == ("accepted", kinds[walked[0]], ME)
    assert decided[walked[1]][:1] == ("rejected",)
    assert decided[walked[2]] == ("accepted", "contradicts", ME)
    # The suggestions themselves are unchanged.
    assert {row[0] for row in query(annotated, "SELECT status FROM links WHERE annotator = ?", (ANNOTATOR,))} == {
        "suggested"}
