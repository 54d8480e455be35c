"""An annotator's keys change only their own annotations. On someone else's
label (or a machine suggestion) x, r and the label keys record the
annotator's own review decision, linked `review_of`; the other's row is never
changed or deleted, and the journal shows who did what. Carl and Anna share
one database, as in issue 10."""

from __future__ import annotations

from contextlib import asynccontextmanager

from reader_support import (
    goto_sentence, make_app, notifications, pilot_test, query, rows, settle, story_screen,
)
from parallax.store.annotations import add
from parallax.store.db import open_db


def links(db_path) -> list[tuple]:
    return query(db_path, "SELECT l.src_annotation, l.dst_annotation, l.kind, l.annotator FROM links l ORDER BY l.id")


def journal(db_path) -> list[tuple[str, str, str]]:
    return query(db_path, "SELECT annotator, op, annotation_id FROM journal ORDER BY id")


async def carl_tags_a_claim(sample_db) -> dict:
    """Carl, in his own reader, tags the first sentence a claim."""
    app = make_app(sample_db, annotator="carl")
    async with app.run_test(size=(160, 48)) as pilot:
        await story_screen(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
    (row,) = rows(sample_db)
    return row


@asynccontextmanager
async def reader_at(sample_db, start: int, annotator: str = "anna"):
    """`annotator`'s reader with the cursor on the sentence at `start`."""
    app = make_app(sample_db, annotator=annotator)
    async with app.run_test(size=(160, 48)) as pilot:
        await goto_sentence(pilot, await story_screen(app, pilot), start)
        yield app, pilot


@pilot_test
async def test_anna_relabelling_carls_claim_records_her_decision_and_leaves_his(sample_db):
    carls = await carl_tags_a_claim(sample_db)
    async with reader_at(sample_db, carls["start"]) as (app, pilot):
        await pilot.press("r", "q")
        await settle(app, pilot)
        assert any("carl" in n.message and "your decision" in n.message for n in notifications(app))
        by = {r["annotator"]: r for r in rows(sample_db)}
        assert by["carl"] == carls  # untouched: still his claim
        assert (by["anna"]["label"], by["anna"]["status"], by["anna"]["start"], by["anna"]["end"]) == (
            "quote", "accepted", carls["start"], carls["end"])
        assert links(sample_db) == [(by["anna"]["id"], carls["id"], "review_of", "anna")]

        # x: her own decision comes first under the cursor, and is withdrawn; x again rejects his claim
        await pilot.press("x")
        await settle(app, pilot)
        assert rows(sample_db) == [carls]
        await pilot.press("x")
        await settle(app, pilot)
        by = {r["annotator"]: r for r in rows(sample_db)}
        assert by["carl"] == carls
        assert by["anna"]["status"] == "rejected"
    # the journal: carl's add, then only anna's own rows
    entries = journal(sample_db)
    assert entries[0] == ("carl", "add", carls["id"])
    assert all(who == "anna" and target != carls["id"] for who, _, target in entries[1:])


@pilot_test
async def test_x_on_carls_label_rejects_it_as_anna_and_x_again_withdraws_her_decision(sample_db):
    carls = await carl_tags_a_claim(sample_db)
    async with reader_at(sample_db, carls["start"]) as (app, pilot):
        await pilot.press("x")
        await settle(app, pilot)
        by = {r["annotator"]: r for r in rows(sample_db)}
        assert by["carl"] == carls
        assert (by["anna"]["status"], by["anna"]["label"]) == ("rejected", "claim")
        assert any("Rejected carl's claim" in n.message for n in notifications(app))
        await pilot.press("x")  # on her own decision: withdrawn
        await settle(app, pilot)
        assert rows(sample_db) == [carls]


@pilot_test
async def test_a_label_key_on_carls_sentence_accepts_it_as_annas_label(sample_db):
    carls = await carl_tags_a_claim(sample_db)
    async with reader_at(sample_db, carls["start"]) as (app, pilot):
        await pilot.press("o")
        await settle(app, pilot)
        by = {r["annotator"]: r for r in rows(sample_db)}
        assert by["carl"] == carls
        assert (by["anna"]["label"], by["anna"]["status"]) == ("opinion", "accepted")
        assert links(sample_db) == [(by["anna"]["id"], carls["id"], "review_of", "anna")]


@pilot_test
async def test_x_on_a_suggestion_rejects_it_and_the_suggestion_stays(sample_db):
    db = open_db(sample_db)
    start, end = query(sample_db, 'SELECT start, "end" FROM sentences WHERE article_id = 1 ORDER BY start')[3]
    suggestion = add(db, 1, start, end, "quote", "suggest:rules-de-1", status="suggested")
    db.close()
    async with reader_at(sample_db, start) as (app, pilot):
        await pilot.press("x")
        await settle(app, pilot)
        by = {r["annotator"]: r for r in rows(sample_db)}
        assert by["suggest:rules-de-1"]["status"] == "suggested" and by["suggest:rules-de-1"]["id"] == suggestion["id"]
        assert by["anna"]["status"] == "rejected"
        assert links(sample_db) == [(by["anna"]["id"], suggestion["id"], "review_of", "anna")]


@pilot_test
async def test_the_curator_decides_the_same_way(sample_db):
    carls = await carl_tags_a_claim(sample_db)
    async with reader_at(sample_db, carls["start"], "gold") as (app, pilot):
        await pilot.press("r", "q")
        await settle(app, pilot)
        by = {r["annotator"]: r for r in rows(sample_db)}
        assert by["carl"] == carls and by["gold"]["label"] == "quote"
