"""The story view's undo and redo, search, entity focus and align, driven by
their real keys under Pilot and checked in the database and the document."""

from __future__ import annotations

import re
from pathlib import Path


import parallax.store.annotations
from parallax import store
from reader_keys_support import ALS, JAM, LENGTH, only_row, sentence_starting, sentences
from reader_support import (
    OUTLETS, SIZE, goto_sentence, make_app, notifications, pilot_test, press_until, query, rows, settle, story_screen,
)
from parallax.store.db import open_db
from parallax.tui.align import normalise_entity
from parallax.tui.entity_table import EntityTableScreen


@pilot_test
async def test_undo_and_redo(sample_db):
    start, end = sentence_starting(sample_db, 1, ALS)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("q")
        await settle(app, pilot)
        tagged = only_row(sample_db)
        await pilot.press("(", "r", "c")
        await settle(app, pilot)
        assert only_row(sample_db)["label"] == "claim"
        await pilot.press("g")
        await pilot.press("u")  # undo the relabel
        await settle(app, pilot)
        assert only_row(sample_db)["label"] == "quote"
        assert screen.view.cursor == start  # undo shows where it happened
        await pilot.press("u")  # undo the tag
        await settle(app, pilot)
        assert rows(sample_db) == []
        await pilot.press("U")
        await settle(app, pilot)
        assert only_row(sample_db) | {"label": "quote"} == tagged
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert only_row(sample_db)["label"] == "claim"
        await pilot.press("ctrl+r")  # nothing left to redo
        await settle(app, pilot)
        assert any("Nothing to redo" in n.message for n in notifications(app))
        assert (only_row(sample_db)["start"], only_row(sample_db)["end"]) == (start, end)


@pilot_test
async def test_undo_and_redo_across_an_app_restart(sample_db):
    start, _ = sentence_starting(sample_db, 1, LENGTH)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("m")
        await pilot.press("ctrl+q")  # quit at once: the write queued before quitting is kept
    tagged = only_row(sample_db)
    assert tagged["label"] == "comment"

    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        assert "m comment 1" in str(screen.status.render())
        await pilot.press("u")
        await settle(app, pilot)
        assert rows(sample_db) == []
        assert "m comment 0" in str(screen.status.render())
        await pilot.press("U")
        await settle(app, pilot)
        assert only_row(sample_db) == tagged
        assert screen.view.cursor == start


@pilot_test
async def test_undo_is_per_annotator(sample_db):
    db = open_db(sample_db)
    store.annotations.add(db, 1, *sentence_starting(sample_db, 1, ALS), "claim", "someone-else")
    db.close()
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await story_screen(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert [r["annotator"] for r in rows(sample_db)] == ["someone-else"]
        assert any("Nothing to undo" in n.message for n in notifications(app))


# -- finding ---------------------------------------------------------------------------------------


def places(text: str, term: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(term.lower()), text.lower())]


@pilot_test
async def test_search_in_the_column_with_slash_then_n_and_shift_n(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        hits = places(screen.doc.text, "Meridian")
        assert len(hits) >= 3
        await pilot.press("/")
        assert app.focused.id == "search"
        await pilot.press(*"meridian", "enter")  # case-insensitive
        await pilot.pause()
        assert app.focused is screen.view  # back in the column
        assert screen.view.cursor == hits[0]
        assert [m.start for m in screen.view.marks("match")] == hits
        await pilot.press("n")
        assert screen.view.cursor == hits[1]
        await pilot.press("n")
        assert screen.view.cursor == hits[2]
        await pilot.press("N")
        assert screen.view.cursor == hits[1]
        # only this column is searched
        assert all(not column.view.marks("match") for column in screen.columns[1:])
        # escape clears the marks
        await pilot.press("escape")
        assert not screen.view.marks("match") and app.screen is screen
        # escape in the search box closes it; what was typed there tagged nothing
        await pilot.press("/", "q", "escape")
        await pilot.pause()
        assert app.focused is screen.view and not screen.query_one("#search").display
        await settle(app, pilot)
        assert rows(sample_db) == []


@pilot_test
async def test_search_across_the_story_moves_to_the_column_with_the_match(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        texts = [a.text for a in screen.articles]
        assert [bool(places(t, "Møllerup")) for t in texts] == [False, True, False, False]
        await pilot.press("ctrl+f", *"Møllerup", "enter")
        await pilot.pause()
        assert screen.current == 1 and app.focused is screen.columns[1].view
        hits = places(texts[1], "Møllerup")
        assert screen.view.cursor == hits[0]
        await pilot.press("n")
        assert screen.view.cursor == hits[1]
        assert any("matches in 1 articles" in n.message for n in notifications(app))
        # a name in every article: every column marks its hits, the cursor stays in this column
        await pilot.press("ctrl+f", *"Okafor", "enter")
        await pilot.pause()
        for column, article in zip(screen.columns, screen.articles):
            assert [m.start for m in column.view.marks("match")] == places(article.text, "Okafor")
        assert screen.current == 1 and screen.view.cursor == places(texts[1], "Okafor")[0]


@pilot_test
async def test_entity_focus_opens_the_table_and_enter_jumps_to_another_column(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await press_until(pilot, "e", lambda: (screen.doc.entity_at(screen.view.cursor) or "    ")[3] == "Kiel")
        await pilot.press("*")
        await pilot.pause()
        table_screen = app.screen
        assert isinstance(table_screen, EntityTableScreen)
        table = table_screen.query_one("#entity-table")

        entities = query(sample_db, "SELECT a.id, e.label, e.text FROM entities e JOIN articles a "
                                    "ON a.id = e.article_id ORDER BY a.id")
        ids = [a for (a,) in query(sample_db, "SELECT id FROM articles ORDER BY id")]
        # one row per entity group of the story (issue 11)
        groups = screen.story_groups().groups
        assert table.row_count == len(groups) and len(groups) < len({text for _, _, text in entities})
        # Kiel and the genitive Kiels are one entity
        kiel = [sum(1 for a, label, text in entities if a == i and label == "LOC" and text in ("Kiel", "Kiels"))
                for i in ids]
        (key,) = [g.id for g in groups if g.name == "Kiel"]
        row = table.get_row(key)
        assert str(row[0]) == "Kiel" and str(row[1]) == "LOC"
        assert row[2:] == [str(c) if c else "·" for c in kiel] + [str(sum(kiel))]
        assert table.cursor_coordinate.row == table.get_row_index(key)
        assert str(table.ordered_columns[table.cursor_coordinate.column].label) == OUTLETS[0]
        # every column marks its mentions
        for column, count in zip(screen.columns, kiel):
            assert len(column.view.marks("focus")) == count

        await pilot.press("right", "right")  # the nordwelle column
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.current == 2
        first = min(s for (s,) in query(sample_db, "SELECT start FROM entities WHERE article_id = ? AND "
                                                   "text IN ('Kiel', 'Kiels')", (ids[2],)))
        assert screen.view.cursor == first


@pilot_test
async def test_entity_table_escape_closes_and_star_off_an_entity_warns(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await pilot.press("g", "*")  # on "vgwort", not an entity
        await pilot.pause()
        assert app.screen is screen
        assert any("No entity under the cursor" in n.message for n in notifications(app))
        await pilot.press("e", "*")
        await pilot.pause()
        assert isinstance(app.screen, EntityTableScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.current == 0


def numbers(text: str) -> set[str]:
    return {n.replace(".", "").replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", text)}


def entity_names(db: Path, article: int, start: int, end: int) -> set[str]:
    return {normalise_entity(t) for (t,) in query(
        db, 'SELECT text FROM entities WHERE article_id = ? AND start >= ? AND "end" <= ?', (article, start, end))}


async def align_from(pilot, app, sample_db, words: str):
    """Put the cursor on the sentence starting with `words` in column 0 and press `a`;
    returns, per other column, the stored sentence its cursor landed on."""
    start, end = sentence_starting(sample_db, 1, words)
    screen = await story_screen(app, pilot)
    await goto_sentence(pilot, screen, start)
    await pilot.press("a")
    await pilot.pause()
    assert screen.current == 0 and screen.view.cursor == start
    landed = {}
    for index, column in enumerate(screen.columns[1:], start=1):
        cursor = column.view.cursor
        found = [(s, e) for s, e in sentences(sample_db, screen.articles[index].id) if s == cursor]
        assert found, f"{OUTLETS[index]}: the cursor is not at a sentence start"
        assert [(m.start, m.end) for m in column.view.marks("aligned")] == found
        if column.display:  # the aligned sentence is scrolled into view
            top = column.view.scroll_offset.y
            assert top <= column.view.cursor_line() < top + column.view.scrollable_content_region.height
        landed[index] = found[0]
    return screen, (start, end), landed


def shared(db: Path, screen, source: tuple[int, int], index: int, target: tuple[int, int]) -> set[str]:
    """Numbers and entities the two sentences have in common (read from the DB, not the aligner)."""
    ids = [a.id for a in screen.articles]
    a, b = screen.articles[0].text[slice(*source)], screen.articles[index].text[slice(*target)]
    return (numbers(a) & numbers(b)) | (entity_names(db, ids[0], *source) & entity_names(db, ids[index], *target))


@pilot_test
async def test_align_moves_the_other_columns_to_sentences_sharing_numbers_or_entities(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        # the ship's length: the OSD reports the same 170 metres, nordwelle shares a place
        # (Hanse-Kurier's own figure differs: see the next test)
        screen, source, landed = await align_from(pilot, app, sample_db, LENGTH)
        assert "170 Meter lange" in screen.articles[3].text[slice(*landed[3])]
        for index in (2, 3):
            assert shared(sample_db, screen, source, index, landed[index]), (OUTLETS[index], landed[index])
        assert any("Aligned 3 of 3" in n.message for n in notifications(app))

        # the number of ships: nordwelle has the same 240, the OSD the same authority
        screen, source, landed = await align_from(pilot, app, sample_db, JAM)
        assert "rund 240" in screen.articles[2].text[slice(*landed[2])]
        assert "240" in shared(sample_db, screen, source, 2, landed[2])
        assert shared(sample_db, screen, source, 3, landed[3])

        # escape clears the aligned marks
        await pilot.press("escape")
        assert not any(column.view.marks("aligned") for column in screen.columns)
        assert app.screen is screen


@pilot_test
async def test_align_prefers_the_same_fact_over_a_shared_place(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        # Hanse-Kurier also has the one-word dateline "Hamburg.", sharing only the city
        screen, _, landed = await align_from(pilot, app, sample_db, LENGTH)
        assert "Das 168 Meter lange Containerschiff" in screen.articles[1].text[slice(*landed[1])]
