"""The story view driven by its REAL keys under Pilot; every tag, edit, undo and
redo is checked in the database (label, offsets, text == the article's slice,
annotator), every motion against the document and the stored sentences."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from rich.console import Console

import parallax.store.annotations
from parallax import store
from reader_support import (
    ANNOTATOR, OUTLETS, REPO, SIZE, STORY, assert_row_matches_text, goto_sentence, make_app, notifications,
    pilot_test, press_until, query, rows, screen_text, settle, slow_writer, story_screen,
)
from parallax.store.db import open_db
from parallax.tui.align import normalise_entity
from parallax.tui.annotation_form import AnnotationForm
from parallax.tui.config import load_config
from parallax.tui.entity_table import EntityTableScreen
from parallax.tui.help_screen import HelpScreen
from parallax.tui.keymap import STORY_COMMANDS
from parallax.tui.story_list import StoryListScreen

# Sentences of the Kieler Rundschau (column 0) the tests walk to; located by
# their words, so a change of the sample's offsets does not break the tests.
ALS = "Als am Dienstag um 4.40 Uhr"
LENGTH = "Das 170 Meter lange Containerschiff"
BRANDT_QUOTE = "„Wir hatten keine Chance, das Schiff noch auf Kurs zu halten“"
JAM = "Nach Angaben des Wasserstraßen- und Schifffahrtsamts Nord-Ostsee-Kanal warteten"


def sentences(db: Path, article_id: int) -> list[tuple[int, int]]:
    return query(db, 'SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY start', (article_id,))


def sentence_starting(db: Path, article_id: int, words: str) -> tuple[int, int]:
    """The stored sentence of `article_id` that starts with `words`."""
    text = query(db, "SELECT text FROM articles WHERE id = ?", (article_id,))[0][0]
    start = text.index(words)
    found = [(s, e) for s, e in sentences(db, article_id) if s == start]
    assert found, f"no stored sentence starts at {words!r}"
    return found[0]


def article_id(db: Path, index: int) -> int:
    return query(db, "SELECT id FROM articles ORDER BY id")[index][0]


def only_row(db: Path) -> dict:
    found = rows(db)
    assert len(found) == 1, found
    assert_row_matches_text(found[0], db)
    assert found[0]["annotator"] == ANNOTATOR
    return found[0]


# -- the story list -----------------------------------------------------------------------


def add_tiny_story(db: Path) -> None:
    from parallax.store.articles import add_articles
    from parallax.store.records import ArticleRecord

    conn = open_db(db)
    text = "Kiel meldet Ruhe im Hafen. Der Kanal ist wieder frei."
    add_articles(conn, "Hafen Kiel (kurz)", [ArticleRecord(text=text, source_path="tiny.txt", outlet="Kurz",
                                                            sentences=[(0, 26), (27, len(text))])])
    conn.close()


@pilot_test
async def test_story_list_shows_whole_names_opens_a_story_and_escape_comes_back(sample_db):
    add_tiny_story(sample_db)
    app = make_app(sample_db)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        # with two stories the list comes first, each name whole (not cut to the column label)
        assert STORY in text and "Hafen Kiel (kurz)" in text
        assert isinstance(app.screen, StoryListScreen)
        await pilot.press("down", "enter")
        screen = await story_screen(app, pilot)
        assert screen.story == STORY and len(screen.columns) == 4
        await pilot.press("q")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        row = next(line for line in text.splitlines() if STORY in line)
        assert re.search(r"\b4\s+1\s+0\s+0\s+0\b", row), row  # 4 articles, quote 1: refreshed on return
        assert STORY in text and "Hafen Kiel (kurz)" in text
        await pilot.press("up", "enter")
        screen = await story_screen(app, pilot)
        assert screen.story == "Hafen Kiel (kurz)" and len(screen.columns) == 1


# -- moving ------------------------------------------------------------------------------


@pilot_test
async def test_motions_by_word_sentence_paragraph_page_top_and_bottom(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        view, doc = screen.view, screen.doc
        stored = {s for s, _ in sentences(sample_db, article_id(sample_db, 0))}
        # the view opens on the article's first sentence, past the page's navigation
        lead = query(sample_db, "SELECT min(start) FROM zones WHERE article_id = 1 AND kind IN ('lead', 'body')")
        assert view.cursor == lead[0][0] and view.cursor in stored
        await pilot.press("g")
        assert view.cursor == 0

        await pilot.press(")")
        first = view.cursor
        assert first == doc.next_sentence(0) and first in stored
        await pilot.press(")", ")")
        assert view.cursor == doc.next_sentence(doc.next_sentence(first)) and view.cursor in stored
        third = view.cursor
        await pilot.press("(")
        assert view.cursor == doc.prev_sentence(third) and view.cursor in stored

        here = view.cursor
        await pilot.press("l")
        assert view.cursor == doc.next_word(here) > here
        await pilot.press("right")
        assert view.cursor == doc.next_word(doc.next_word(here))
        word = view.cursor
        await pilot.press("h")
        assert view.cursor == doc.prev_word(word) < word
        await pilot.press("left")
        assert view.cursor == doc.prev_word(doc.prev_word(word))

        here = view.cursor
        await pilot.press("}")
        assert view.cursor == doc.next_paragraph(here) > here
        assert doc.text[view.cursor - 2:view.cursor].strip() == ""  # a paragraph starts after a blank line
        after = view.cursor
        await pilot.press("}")
        await pilot.press("{")
        assert view.cursor == after

        line = view.cursor_line()
        await pilot.press("j")
        assert view.cursor_line() == line + 1
        await pilot.press("down")
        assert view.cursor_line() == line + 2
        await pilot.press("k", "up")
        assert view.cursor_line() == line

        height = view.scrollable_content_region.height
        line, top = view.cursor_line(), view.scroll_offset.y
        await pilot.press("pagedown")
        assert view.cursor_line() == line + height and view.scroll_offset.y > top
        await pilot.press("ctrl+d")
        assert view.cursor_line() == line + 2 * height
        await pilot.press("pageup", "ctrl+u")
        assert view.cursor_line() == line

        await pilot.press("G")
        assert view.cursor == len(doc.text) - 1
        await pilot.press("g")
        assert view.cursor == 0 and view.scroll_offset.y == 0
        await pilot.press("end")
        assert view.cursor == len(doc.text) - 1 and view.scroll_offset.y > 0
        await pilot.press("home")
        assert view.cursor == 0


@pilot_test
async def test_tab_and_shift_tab_switch_columns_and_scroll_across(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        shown = lambda: [column.display for column in screen.columns]  # noqa: E731
        first_cursor = screen.columns[0].view.cursor
        assert shown() == [True, True, True, False]  # three 48-cell columns fit in 160
        await pilot.press("tab")
        assert screen.current == 1 and app.focused is screen.columns[1].view
        assert screen.columns[1].has_class("current") and not screen.columns[0].has_class("current")
        await pilot.press("tab", "tab")
        assert screen.current == 3 and shown() == [False, True, True, True]
        await pilot.press("tab")
        assert screen.current == 0 and shown() == [True, True, True, False]
        await pilot.press("shift+tab")
        assert screen.current == 3 and app.focused is screen.columns[3].view
        await pilot.press("shift+tab")
        assert screen.current == 2
        # each column keeps its own cursor
        await pilot.press(")")
        assert screen.columns[2].view.cursor > 0 and screen.columns[0].view.cursor == first_cursor


@pilot_test
async def test_next_and_previous_entity(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        starts = [s for (s,) in query(sample_db, "SELECT DISTINCT start FROM entities WHERE article_id = ? "
                                      "ORDER BY start", (article_id(sample_db, 0),))]
        await pilot.press("g", "e")
        assert screen.view.cursor == starts[0]
        await pilot.press("e", "e")
        assert screen.view.cursor == starts[2]
        await pilot.press("E")
        assert screen.view.cursor == starts[1]
        assert screen.doc.entity_at(screen.view.cursor) is not None


@pilot_test
async def test_next_and_previous_annotation(sample_db):
    first = sentence_starting(sample_db, 1, ALS)
    second = sentence_starting(sample_db, 1, JAM)
    db = open_db(sample_db)
    for start, end in (first, second):
        store.annotations.add(db, 1, start, end, "claim", "someone-else")
    db.close()
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await pilot.press("]")
        assert screen.view.cursor == first[0]
        await pilot.press("]")
        assert screen.view.cursor == second[0]
        await pilot.press("[")
        assert screen.view.cursor == first[0]
        # the status line says whose annotation the cursor is on
        assert "claim by someone-else" in screen.status.where


# -- selecting and tagging -----------------------------------------------------------------


@pilot_test
async def test_select_start_extend_with_word_motions_and_tag(sample_db):
    start, _ = sentence_starting(sample_db, 1, ALS)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("v")
        assert screen.status.mode == "SELECT"
        await pilot.press("l", "l", "l")
        assert screen.view.selection == (start, start + len("Als am Dienstag um"))
        await pilot.press("c")
        await settle(app, pilot)
        row = only_row(sample_db)
        assert (row["label"], row["start"], row["text"]) == ("claim", start, "Als am Dienstag um")
        assert screen.view.selection is None and screen.status.mode == ""


@pilot_test
async def test_select_extends_across_a_sentence_and_shrinks_back(sample_db):
    start, end = sentence_starting(sample_db, 1, ALS)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("v", ")")  # to the start of the next sentence: its first word is in
        assert screen.view.selection[1] > end
        await pilot.press("h")  # one word back: the last word of this sentence
        await pilot.press("o")
        await settle(app, pilot)
        row = only_row(sample_db)
        # selections are word-wide: the last word is in, the full stop after it is not
        assert row["label"] == "opinion" and row["start"] == start and row["end"] == end - 1
        assert row["text"] + "." == screen.doc.text[start:end]


@pilot_test
async def test_select_sentence_and_tag(sample_db):
    start, end = sentence_starting(sample_db, 1, LENGTH)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("l", "l", "s")  # from the middle of the sentence
        assert screen.view.selection == (start, end)
        await pilot.press("o")
        await settle(app, pilot)
        row = only_row(sample_db)
        assert (row["label"], row["start"], row["end"]) == ("opinion", start, end)
        assert row["text"].startswith(LENGTH) and row["text"].endswith(".")


@pilot_test
async def test_select_quote_and_tag(sample_db):
    start, _ = sentence_starting(sample_db, 1, BRANDT_QUOTE)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        # no quotation in or after the sentence in its paragraph: a warning, no selection
        await goto_sentence(pilot, screen, sentence_starting(sample_db, 1, LENGTH)[0])
        await pilot.press('"')
        assert screen.view.selection is None
        assert any("No quotation" in n.message for n in notifications(app))
        await goto_sentence(pilot, screen, start)
        await pilot.press("l", "l", '"')  # inside the quotation
        await pilot.press("q")
        await settle(app, pilot)
        row = only_row(sample_db)
        assert (row["label"], row["start"], row["text"]) == ("quote", start, BRANDT_QUOTE)


@pilot_test
async def test_extend_to_clause_end_and_tag(sample_db):
    start, _ = sentence_starting(sample_db, 1, ALS)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press(",")
        clause = "Als am Dienstag um 4.40 Uhr auf der Brücke der „Baltic Meridian“ die Lichter flackerten"
        assert screen.view.selection == (start, start + len(clause))  # the comma is not carried along
        await pilot.press(",")  # the next clause mark, here the sentence end
        text = screen.doc.text
        assert text[slice(*screen.view.selection)].startswith(clause + ", lag die Schleuse")
        await pilot.press("m")
        await settle(app, pilot)
        row = only_row(sample_db)
        assert row["label"] == "comment" and row["start"] == start and row["text"].startswith(clause + ",")


@pilot_test
async def test_escape_cancels_the_selection_so_the_tag_takes_the_sentence(sample_db):
    start, end = sentence_starting(sample_db, 1, ALS)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("v", "l", "l")
        assert screen.view.selection is not None
        await pilot.press("escape")
        assert screen.view.selection is None and screen.status.mode == ""
        assert app.screen is screen  # escape with a selection does not leave the story
        await pilot.press("h", "h", "q")
        await settle(app, pilot)
        row = only_row(sample_db)
        assert (row["start"], row["end"], row["label"]) == (start, end, "quote")


@pilot_test
async def test_label_keys_tag_the_current_sentence_and_move_on(sample_db):
    """No selection: each label key stores the sentence under the cursor and
    moves to the next one, so q q q q tags four consecutive sentences."""
    start, _ = sentence_starting(sample_db, 1, ALS)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("l", "l")  # anywhere inside the sentence
        await pilot.press("q", "q", "q", "q", "c", "o", "m")
        await settle(app, pilot)
        stored = sentences(sample_db, 1)
        index = [s for s, _ in stored].index(start)
        found = rows(sample_db)
        assert [(r["start"], r["end"]) for r in found] == stored[index:index + 7]
        assert [r["label"] for r in found] == ["quote"] * 4 + ["claim", "opinion", "comment"]
        for row in found:
            assert row["annotator"] == ANNOTATOR and row["status"] == "accepted"
            assert_row_matches_text(row, sample_db)
        assert screen.view.cursor == stored[index + 7][0]  # ready for the next one
        assert "q quote 4  c claim 1  o opinion 1  m comment 1" in str(screen.status.render())


@pilot_test
async def test_tag_in_another_column_stores_that_article(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await pilot.press("tab", "tab", "tab")  # OSD.news, the fourth column
        assert screen.articles[screen.current].outlet == OUTLETS[3]
        await pilot.press(")", ")", "c")
        await settle(app, pilot)
        row = only_row(sample_db)
        assert row["article_id"] == article_id(sample_db, 3) and row["label"] == "claim"
        assert (row["start"], row["end"]) in sentences(sample_db, row["article_id"])
        assert "c1" in screen_text(app)  # the column header counts it


# -- editing ------------------------------------------------------------------------------------


@pilot_test
async def test_delete_with_x_and_with_the_delete_key(sample_db):
    start, _ = sentence_starting(sample_db, 1, ALS)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("q", "q")
        await settle(app, pilot)
        assert len(rows(sample_db)) == 2
        await pilot.press("(")
        await pilot.press("x")
        await settle(app, pilot)
        assert [r["start"] for r in rows(sample_db)] == [start]
        await pilot.press("(")
        assert screen.view.cursor == start
        await pilot.press("delete")
        await settle(app, pilot)
        assert rows(sample_db) == []
        await pilot.press("x")  # nothing under the cursor any more
        await settle(app, pilot)
        assert any("No annotation under the cursor" in n.message for n in notifications(app))


@pilot_test
async def test_relabel_with_r_then_a_label_key(sample_db):
    start, end = sentence_starting(sample_db, 1, ALS)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("q")
        await settle(app, pilot)
        before = only_row(sample_db)
        await pilot.press("(", "r")
        assert screen.status.mode.startswith("RELABEL")
        await pilot.press("c")
        await settle(app, pilot)
        after = only_row(sample_db)
        assert (after["id"], after["label"], after["start"], after["end"]) == (before["id"], "claim", start, end)
        assert screen.status.mode == "" and screen.view.cursor == start  # relabelling does not move on


@pilot_test
async def test_edit_form_sets_speaker_form_and_note_from_the_keyboard(sample_db):
    start, _ = sentence_starting(sample_db, 1, BRANDT_QUOTE)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press('"', "q")
        await settle(app, pilot)
        await pilot.press("(")
        assert screen.view.cursor == start
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AnnotationForm)
        speakers = [name for (name,) in query(sample_db, "SELECT text FROM entities WHERE article_id = 1 "
                                              "AND label IN ('PER', 'ORG') ORDER BY start")]
        # speaker: open the list, type to find the name, take it
        await pilot.press("enter", *"Henn", "enter")
        await pilot.pause()
        assert form.query_one("#speaker").value == "Henning Brandt" and "Henning Brandt" in speakers
        # form: the next field, open, first option after the prompt
        await pilot.press("tab", "enter", "down", "enter")
        await pilot.pause()
        assert form.query_one("#form-kind").value == "direct"
        await pilot.press("tab", *"an Bord", "enter")
        await settle(app, pilot)
        assert app.screen is screen
        row = only_row(sample_db)
        assert json.loads(row["attrs"]) == {"speaker": "Henning Brandt", "form": "direct"}
        assert row["note"] == "an Bord" and row["text"] == BRANDT_QUOTE

        # escape cancels without writing
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab", "tab", *" neu", "escape")
        await settle(app, pilot)
        assert only_row(sample_db)["note"] == "an Bord"


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
        keys = {(normalise_entity(text), label) for _, label, text in entities}
        assert table.row_count == len(keys)
        # Kiel and the genitive Kiels are one entity
        kiel = [sum(1 for a, label, text in entities if a == i and label == "LOC" and text in ("Kiel", "Kiels"))
                for i in ids]
        row = table.get_row("LOC:kiel")
        assert str(row[1]) == "LOC"
        assert row[2:] == [str(c) if c else "·" for c in kiel] + [str(sum(kiel))]
        assert table.cursor_coordinate.row == table.get_row_index("LOC:kiel")
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


@pilot_test
async def test_yank_copies_the_span_with_a_citation(sample_db, monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_TTY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    start, end = sentence_starting(sample_db, 1, ALS)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        title = screen.articles[0].title
        await goto_sentence(pilot, screen, start)
        assert app.clipboard == ""
        await pilot.press("y")
        sentence = screen.doc.text[start:end]
        assert app.clipboard == f"{sentence}\n— Kieler Rundschau, „{title}“"
        assert any("OSC 52" in n.message for n in notifications(app))
        await pilot.press("v", "l", "y")
        assert app.clipboard == f"Als am\n— Kieler Rundschau, „{title}“"
        # yanking copies, it never writes to the database
        await settle(app, pilot)
        assert rows(sample_db) == []


@pilot_test
async def test_zoom_shows_one_column_and_back(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await pilot.press("tab")
        await pilot.press("z")
        await pilot.pause()
        assert [c.display for c in screen.columns] == [False, True, False, False]
        assert screen.columns[1].size.width >= SIZE[0] - 2
        await pilot.press("tab")  # zoomed, tab walks the columns one at a time
        await pilot.pause()
        assert [c.display for c in screen.columns] == [False, False, True, False]
        await pilot.press("z")
        await pilot.pause()
        assert sum(c.display for c in screen.columns) == 3 and screen.columns[2].display


@pilot_test
async def test_fold_hides_boilerplate_and_unfolds(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        lines = len(screen.view.lines)
        assert "vgwort pixel img" in screen_text(app)
        await pilot.press("b")
        await pilot.pause()
        assert screen.view.folded and len(screen.view.lines) < lines
        assert "boilerplate" in screen_text(app) and "vgwort pixel img" not in screen_text(app)
        await pilot.press("b")
        await pilot.pause()
        assert not screen.view.folded and len(screen.view.lines) == lines


def help_text(help_screen: HelpScreen) -> str:
    console = Console(width=150, record=True, file=io.StringIO())
    console.print(help_screen.query_one("#help-table").content)
    return console.export_text()


@pilot_test
async def test_help_lists_every_key_and_closes(sample_db):
    from textual.binding import Binding

    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await pilot.press("?")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app.screen)
        lines = text.splitlines()
        assert set(STORY_COMMANDS) <= set(screen.commands) and len(screen.commands) == len(STORY_COMMANDS) + 4
        for command in screen.commands:
            shown = ", ".join(app.get_key_display(Binding(k, "")) for k in command.keys.split(","))
            assert any(command.description in line and command.id in line and f" {shown} " in line
                       for line in lines), command
        assert re.search(r"│ q +│ Tag quote +│ tag_quote", text)
        groups = [line.split("│")[0].strip() for line in lines if "│" in line]
        named = [g for g in groups if g]
        assert named == sorted(set(named), key=named.index), named  # each group once, in one block
        assert re.search(r"│ \^f +│ Search the whole story", text)
        # keyboard only: the list scrolls with the keys to its last line
        assert "Parallax keys" in screen_text(app) and "tag_comment" not in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "tag_comment" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("?", "?")
        await pilot.pause()
        assert app.screen is screen


@pilot_test
async def test_command_palette_finds_tag_quote_and_running_it_tags(sample_db):
    start, end = sentence_starting(sample_db, 1, LENGTH)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"tag quo")
        await pilot.pause(0.2)
        assert "Tag · keys: q" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        row = only_row(sample_db)
        assert (row["label"], row["start"], row["end"]) == ("quote", start, end)


@pilot_test
async def test_config_override_of_a_key_moves_the_binding(sample_db, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\ntag_quote = "Q"\n', encoding="utf-8")
    config = load_config(path, annotator=ANNOTATOR)
    start, end = sentence_starting(sample_db, 1, LENGTH)
    app = make_app(sample_db, config=config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("q")
        await settle(app, pilot)
        assert rows(sample_db) == [] and screen.view.cursor == start
        await pilot.press("Q")
        await settle(app, pilot)
        row = only_row(sample_db)
        assert (row["label"], row["start"], row["end"]) == ("quote", start, end)
        # the help and the palette show the new key
        await pilot.press("?")
        await pilot.pause()
        assert re.search(r"│ Q +│ Tag quote +│ tag_quote", help_text(app.screen))


@pilot_test
async def test_config_labels_bring_their_own_keys(sample_db, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('annotator = "from-config"\n'
                    '[[labels]]\nname = "quote"\nkey = "1"\ncolor = "magenta"\n'
                    '[[labels]]\nname = "source"\nkey = "2"\ncolor = "red"\n', encoding="utf-8")
    config = load_config(path)
    start, end = sentence_starting(sample_db, 1, LENGTH)
    app = make_app(sample_db, config=config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        await pilot.press("q", "c")  # the default keys are gone
        await settle(app, pilot)
        assert rows(sample_db) == []
        await pilot.press("2")
        await settle(app, pilot)
        (row,) = rows(sample_db)
        assert (row["label"], row["start"], row["end"], row["annotator"]) == ("source", start, end, "from-config")
        assert "2 source 1" in str(screen.status.render())


# -- the status line and failed writes ----------------------------------------------------------------


@pilot_test
async def test_status_line_shows_annotator_counts_and_saved_only_after_the_write(sample_db, monkeypatch):
    release = threading.Event()
    real_add = store.annotations.add

    def slow_add(*args, **kwargs):
        assert release.wait(10)
        return real_add(*args, **kwargs)

    monkeypatch.setattr(store.annotations, "add", slow_add)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        status = lambda: str(screen.status.render())  # noqa: E731
        assert ANNOTATOR in status() and "q quote 0" in status() and "saved" not in status()
        await pilot.press(")", "q")
        await pilot.pause(0.2)
        assert screen.status.save_state == "saving…" and "saved" not in status()
        assert rows(sample_db) == []
        release.set()
        await settle(app, pilot)
        assert screen.status.save_state == "saved" and f" {ANNOTATOR}  saved │ q quote 1" in status()
        assert "q quote 1" in status() and len(rows(sample_db)) == 1
        assert f" {ANNOTATOR} " in screen_text(app)


@pilot_test
async def test_on_an_80_column_terminal_the_save_state_stays_visible(sample_db):
    start, _ = sentence_starting(sample_db, 1, LENGTH)
    app = make_app(sample_db, annotator="annotator-with-a-long-name")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await story_screen(app, pilot)
        assert [c.display for c in screen.columns] == [True, False, False, False]
        await goto_sentence(pilot, screen, start)
        await pilot.press("q")
        await settle(app, pilot)
        status_row = screen_text(app).splitlines()[-2]
        assert "annotator-with-a-long-name" in status_row and "saved" in status_row, status_row


@pilot_test
async def test_a_locked_database_shows_not_saved_and_the_app_keeps_running(sample_db, monkeypatch):
    monkeypatch.setenv("PARALLAX_BUSY_TIMEOUT", "0.2")
    start, end = sentence_starting(sample_db, 1, LENGTH)
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, start)
        other = sqlite3.connect(sample_db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another annotator's long write
        try:
            await pilot.press("q")
            await settle(app, pilot)
            assert screen.status.save_state == "NOT saved"
            errors = [n for n in notifications(app) if n.severity == "error"]
            assert errors and "locked" in errors[-1].message and errors[-1].title == "Not saved"
            assert "NOT saved" in str(screen.status.render())
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert rows(sample_db) == []
        assert app.is_running and app.screen is screen
        # the app goes on: once the lock is gone the same tag is stored
        await pilot.press("(", "q")
        await settle(app, pilot)
        assert screen.status.save_state == "saved"
        row = only_row(sample_db)
        assert (row["start"], row["end"]) == (start, end)


@pilot_test
async def test_a_failing_writer_shows_not_saved(sample_db, monkeypatch):
    from parallax.store.errors import DatabaseLocked

    app = make_app(sample_db)

    async def failing_run(write, *args, **kwargs):
        raise DatabaseLocked("annotations.db: database is locked by another writer; try again")

    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        monkeypatch.setattr(app.writer, "run", failing_run)
        await pilot.press(")", "q", "u")
        await settle(app, pilot)
        assert screen.status.save_state == "NOT saved"
        assert sum(n.severity == "error" for n in notifications(app)) == 2
        assert rows(sample_db) == [] and app.is_running
        await pilot.press(")")
        assert screen.view.cursor > 0  # still answering keys


# -- spaCy never loads in the reader ------------------------------------------------------------


SPACY_PROBE = textwrap.dedent("""
    import asyncio, sys
    sys.path.insert(0, "tests")
    from reader_support import make_app, story_screen, settle, SIZE
    from pathlib import Path

    async def main():
        app = make_app(Path(sys.argv[1]))
        async with app.run_test(size=SIZE) as pilot:
            await story_screen(app, pilot)
            for key in (")", "q", "e", "*", "escape", "a", "tab", "s", "c", "y", "?", "escape", "z", "b"):
                await pilot.press(key)
            await settle(app, pilot)
            await pilot.press("ctrl+q")
        loaded = sorted({".".join(m.split(".")[:2]) for m in sys.modules})
        print(" ".join(loaded))

    asyncio.run(main())
""")


def test_the_running_reader_never_imports_spacy(sample_db):
    result = subprocess.run([sys.executable, "-c", SPACY_PROBE, str(sample_db)], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "textual" in loaded and "parallax.tui" in loaded
    assert not loaded & {"spacy", "thinc", "parallax.ingest"}
    assert len(rows(sample_db)) == 2  # the probe really drove the app


@pilot_test
async def test_quitting_right_after_tagging_keeps_the_tags(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await story_screen(app, pilot)
        slow_writer(app)
        await pilot.press("q", "c", "ctrl+q")
        await pilot.pause()
    assert sorted(row["label"] for row in rows(sample_db)) == ["claim", "quote"]


@pilot_test
async def test_a_label_key_pressed_twice_before_the_commit_stores_one_tag(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await story_screen(app, pilot)
        slow_writer(app)
        # the last sentence: the cursor cannot move on, so the second key hits the same span
        await pilot.press("G", "q", "q")
        await settle(app, pilot)
        assert any("Already tagged quote" in n.message for n in notifications(app))
    assert len(rows(sample_db)) == 1
