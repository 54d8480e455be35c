"""Review mode, the agreement screen and adjudication, driven by their keys
(Pilot), checked in the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader_support import SIZE, make_app, notifications, pilot_test, query, rows, screen_text, settle
from parallax.store import annotations
from parallax.store.db import open_db
from parallax.tui.agreement_screen import AgreementScreen
from parallax.tui.app import ParallaxApp
from parallax.tui.config import Config
from parallax.tui.review_filter import ReviewFilterForm
from parallax.tui.review_screen import ReviewRequest, ReviewScreen
from parallax.tui.story_screen import StoryScreen
from parallax.tui.suggest_process import run_suggest

REVIEWER = "bob"
RULES = "suggest:test"


def sentence_spans(db_path: Path, article_id: int) -> list[tuple[int, int]]:
    """The article's body sentences (the headline and navigation are left alone)."""
    return [tuple(row) for row in query(
        db_path, 'SELECT s.start, s."end" FROM sentences s JOIN zones z ON z.article_id = s.article_id '
                 "AND z.kind = 'body' AND s.start >= z.start AND s.\"end\" <= z.\"end\" "
                 "WHERE s.article_id = ? ORDER BY s.start", (article_id,))]


@pytest.fixture
def review_db(sample_db: Path) -> Path:
    """Four suggestions: three in the first article, one in the second."""
    db = open_db(sample_db)
    try:
        first, second = sentence_spans(sample_db, 1), sentence_spans(sample_db, 2)
        for (start, end), label in zip(first[:3], ("claim", "quote", "opinion")):
            annotations.add(db, 1, start, end, label, RULES, status="suggested", attrs={"cue": f"cue-{label}"})
        annotations.add(db, 2, *second[0], "claim", RULES, status="suggested", attrs={"cue": "cue-claim"})
    finally:
        db.close()
    return sample_db


def suggestions(db_path: Path) -> list[dict]:
    return rows(db_path, "annotator = ?", (RULES,))


def decisions(db_path: Path) -> dict[str, dict]:
    """Source id → the reviewer's decision row."""
    found = {}
    for dst, decision_id in query(db_path, "SELECT dst_annotation, src_annotation FROM links WHERE kind = 'review_of'"):
        found[dst] = rows(db_path, "id = ?", (decision_id,))[0]
    return found


def reviewing(db_path: Path, request: ReviewRequest = ReviewRequest(), annotator: str = REVIEWER) -> ParallaxApp:
    return ParallaxApp(db_path, config=Config(annotator=annotator), review=request)


async def review_screen(app: ParallaxApp, pilot) -> ReviewScreen:
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen), screen
    return screen


def bar(screen: ReviewScreen) -> str:
    return str(screen.bar.render())


@pilot_test
async def test_accept_reject_relabel_walk_the_suggestions_in_order(review_db):
    source = suggestions(review_db)
    app = reviewing(review_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await review_screen(app, pilot)
        assert [item.id for item in screen.items] == [row["id"] for row in source]
        assert "1 / 4, 0 accepted, 0 rejected" in bar(screen)
        await pilot.press("a")        # accept the claim as it is
        await pilot.press("x")        # reject the quote
        await pilot.press("c")        # accept the opinion, as a claim
        await settle(app, pilot)
        # the last one is in the second article: its column became the current one
        assert screen.current == 1 and screen.position == 3
        assert "4 / 4, 2 accepted, 1 rejected" in bar(screen)
    found = decisions(review_db)
    assert [(found[r["id"]]["status"], found[r["id"]]["label"]) for r in source[:3]] == [
        ("accepted", "claim"), ("rejected", "quote"), ("accepted", "claim")]
    for row in source[:3]:
        decision = found[row["id"]]
        assert decision["annotator"] == REVIEWER and (decision["start"], decision["end"]) == (row["start"], row["end"])
        assert json.loads(decision["attrs"])["cue"] == f"cue-{row['label']}"
    # nothing deleted, the suggestions untouched
    assert suggestions(review_db) == source


@pilot_test
async def test_skip_and_back_then_decide_and_change_the_decision(review_db):
    source = suggestions(review_db)
    app = reviewing(review_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await review_screen(app, pilot)
        await pilot.press("space", "space")
        assert screen.position == 2
        await pilot.press("backspace")
        assert screen.position == 1
        await pilot.press("a")
        await settle(app, pilot)
        assert list(decisions(review_db)) == [source[1]["id"]]
        await pilot.press("backspace")  # back to it (accepting moved on), and reject it instead
        assert screen.position == 1 and "accepted" in bar(screen)
        await pilot.press("x")
        await settle(app, pilot)
    found = decisions(review_db)
    assert list(found) == [source[1]["id"]] and found[source[1]["id"]]["status"] == "rejected"
    assert len(rows(review_db, "annotator = ?", (REVIEWER,))) == 1


@pilot_test
async def test_span_boundary_moves_by_words_before_accepting(review_db):
    source = suggestions(review_db)[0]
    app = reviewing(review_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await review_screen(app, pilot)
        text = screen.doc.text
        await pilot.press("greater_than_sign")       # start one word later
        _, start, end = screen.pending
        assert start > source["start"] and text[source["start"]:start].strip().count(" ") == 0
        await pilot.press("left_square_bracket")     # end one word earlier
        _, _, shorter = screen.pending
        assert shorter < end and " " not in text[shorter:end].strip()
        assert "chars" in bar(screen)
        await pilot.press("a")
        await settle(app, pilot)
    decision = decisions(review_db)[source["id"]]
    assert (decision["start"], decision["end"]) == (start, shorter)
    assert decision["text"] == text[start:shorter] and decision["text"] == decision["text"].strip()


async def type_filter(app: ParallaxApp, pilot, text: str) -> None:
    """f, then type `text` over the current filter, then Enter."""
    await pilot.press("f")
    await pilot.pause()
    app.screen.query_one("#filter-input").value = ""
    await pilot.press(*text, "enter")
    await pilot.pause()


@pilot_test
async def test_filter_by_annotator_and_label(review_db):
    db = open_db(review_db)
    start, end = sentence_spans(review_db, 1)[5]
    anna = annotations.add(db, 1, start, end, "quote", "anna")
    db.close()
    app = reviewing(review_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await review_screen(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ReviewFilterForm)
        form_text = screen_text(app)
        assert "anna (1)" in form_text and "suggest:test (4)" in form_text
        await pilot.press("escape")
        await type_filter(app, pilot, "by:anna")
        assert app.screen is screen
        assert [item.id for item in screen.items] == [anna["id"]]
        await type_filter(app, pilot, "label:klaim")  # no such label: nothing to review, said so
        assert screen.items == [] and "nothing to review" in bar(screen)
        await type_filter(app, pilot, "colour:red")   # not a key: the form says what is
        assert isinstance(app.screen, ReviewFilterForm)
        assert "key one of label, status, by, article" in screen_text(app)


@pilot_test
async def test_undo_in_review_takes_the_decision_back_and_returns_to_it(review_db):
    source = suggestions(review_db)
    app = reviewing(review_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await review_screen(app, pilot)
        await pilot.press("a", "a")
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert list(decisions(review_db)) == [source[0]["id"]]
        assert screen.position == 1 and "open" in bar(screen)


@pilot_test
async def test_r_opens_review_from_the_reader_and_escape_comes_back(review_db):
    app = make_app(review_db, annotator=REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        screen = await review_screen(app, pilot)
        assert len(screen.items) == 4
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen) and not isinstance(app.screen, ReviewScreen)
    assert len(decisions(review_db)) == 1


@pytest.fixture
def two_annotators(review_db: Path) -> Path:
    """anna and ben tagged the first three body sentences of article 1: they
    agree on the first, differ on the label of the second, and only anna
    tagged the third."""
    db = open_db(review_db)
    try:
        first = sentence_spans(review_db, 1)
        for name, labels in (("anna", ("claim", "quote", "opinion")), ("ben", ("claim", "claim", None))):
            for (start, end), label in zip(first, labels):
                if label:
                    annotations.add(db, 1, start, end, label, name)
    finally:
        db.close()
    return review_db


@pilot_test
async def test_agreement_screen_then_adjudicate_by_picking_sides(two_annotators):
    app = make_app(two_annotators, annotator="anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AgreementScreen)
        shown = screen_text(app)
        assert "anna, ben" in shown and "2 sentences where they differ" in shown
        await pilot.press("down", "enter")  # the second disagreement: only anna's opinion
        screen = await review_screen(app, pilot)
        assert screen.config.annotator == "gold"
        assert screen.item.source["label"] == "opinion" and "ben: none" in bar(screen)
        await pilot.press("x")  # gold sides with ben: no opinion there
        await pilot.press("backspace", "backspace", "backspace")
        assert screen.position == 0
        assert screen.item.source["annotator"] == "anna" and "anna: quote · ben: claim" in bar(screen)
        await pilot.press("A")  # pick anna's quote: ben's claim is rejected with it
        await settle(app, pilot)
        assert screen.position == 2
    gold = rows(two_annotators, "annotator = 'gold'")
    assert sorted((g["label"], g["status"]) for g in gold) == [
        ("claim", "rejected"), ("opinion", "rejected"), ("quote", "accepted")]
    sources = {row["id"]: row for row in rows(two_annotators, "annotator IN ('anna', 'ben')")}
    for decision_id, dst in query(two_annotators, "SELECT src_annotation, dst_annotation FROM links"):
        decision = next(g for g in gold if g["id"] == decision_id)
        assert sources[dst]["label"] == decision["label"]


@pilot_test
async def test_agreement_with_one_annotator_says_what_is_missing(review_db):
    app = make_app(review_db, annotator="anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert any("needs two annotators" in str(n.message) for n in notifications(app))


@pilot_test
async def test_palette_suggest_adds_suggestions_that_r_then_reviews(sample_db):
    app = make_app(sample_db, annotator=REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"suggest ann")
        await pilot.pause(0.2)
        assert "Run the German suggestion rules" in screen_text(app)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("added" in str(n.message) for n in notifications(app))
        added = len(rows(sample_db, "status = 'suggested'"))
        assert added > 0
        await pilot.press("R")
        screen = await review_screen(app, pilot)
        assert len(screen.items) == added and f"1 / {added}, 0 accepted" in bar(screen)


def test_suggest_runs_as_a_child_process_and_reports(sample_db):
    from reader_support import STORY

    ok, message = run_suggest(sample_db, STORY)
    assert ok and "added" in message
    assert query(sample_db, "SELECT count(*) FROM annotations WHERE status = 'suggested'")[0][0] > 0
    ok, message = run_suggest(sample_db, "no such story")
    assert not ok and "no such story" in message
