"""The story view driven by its REAL keys under Pilot; every tag, edit, undo and
redo is checked in the database (label, offsets, text == the article's slice,
annotator), every motion against the document and the stored sentences."""

from __future__ import annotations

import json
import re


import parallax.store.annotations
from parallax import store
from reader_keys_support import (
    ALS, BRANDT_QUOTE, JAM, LENGTH, add_tiny_story, article_id, only_row, sentence_starting, sentences,
)
from reader_support import (
    ANNOTATOR, OUTLETS, SIZE, STORY, assert_row_matches_text, goto_sentence, make_app, notifications, pilot_test,
    query, rows, screen_text, settle, story_screen,
)
from parallax.store.db import open_db
from parallax.tui.annotation_form import AnnotationForm
from parallax.tui.story_list import StoryListScreen


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
        # speaker: type to narrow the story's people and organisations, take the first with ↓ Enter
        await pilot.press(*"Henn", "down", "enter")
        await pilot.pause()
        assert form.query_one("#speaker").value == "Henning Brandt"
        # form: the next field, open, first option after the prompt
        await pilot.press("tab", "enter", "down", "enter")
        await pilot.pause()
        assert form.query_one("#form-kind").value == "direct"
        await pilot.press("tab", *"an Bord", "enter")
        await settle(app, pilot)
        assert app.screen is screen
        row = only_row(sample_db)
        assert json.loads(row["attrs"]) == {"speaker": "Henning Brandt", "speaker_group": "PER:henning brandt",
                                            "form": "direct"}
        assert row["note"] == "an Bord" and row["text"] == BRANDT_QUOTE

        # escape cancels without writing
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab", "tab", *" neu", "escape")
        await settle(app, pilot)
        assert only_row(sample_db)["note"] == "an Bord"
