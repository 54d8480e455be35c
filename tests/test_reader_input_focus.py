"""Keys typed into an input go to that input from the first key on, however
fast they arrive, and no document command runs while an input is open.

Pilot's `press` waits for the app to be idle after every key; a person typing
fast (or tmux's send-keys, or a paste) does not. `burst` hands the keys to the
driver all at once, as a terminal delivers them."""

from __future__ import annotations

import re
import unicodedata

from textual import events
from textual.app import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.widgets import Input

from reader_support import (  # noqa: F401 (tmux is a fixture)
    OUTLETS, app_command, make_app, pilot_test, quiet_env, rows, settle, story_screen, tmux,
)
from parallax.store.annotations import add
from parallax.store.db import open_db
from parallax.tui.annotation_form import AnnotationForm
from parallax.tui.review_filter import ReviewFilterForm


def burst(app, *keys: str) -> None:
    """Every key posted to the app before any of them is handled."""
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original = REPLACED_KEYS.get(key, key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(original))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


@pilot_test
async def test_a_fast_slash_search_types_into_the_search_box_and_tags_nothing(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        # "Meridian": m tags a comment, e jumps to an entity, r starts a relabel, n walks matches
        burst(app, "slash", *"Meridian", "enter")
        await settle(app, pilot)
        await settle(app, pilot)
        assert rows(sample_db) == []
        assert screen.status.mode == ""  # no relabel started, no selection
        hits = [m.start() for m in re.finditer("meridian", screen.doc.text.lower())]
        assert hits and [m.start for m in screen.view.marks("match")] == hits
        assert app.focused is screen.view


@pilot_test
async def test_a_fast_story_search_then_more_words_never_tag(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        burst(app, "ctrl+f", *"Kanal", "enter")
        await settle(app, pilot)
        assert screen.view.marks("match")
        # at once after the search, more typing into a second search: "Südkoreas" holds o, c, r, s…
        burst(app, "ctrl+f", *"Südkoreas", "escape")
        await settle(app, pilot)
        await settle(app, pilot)
        assert rows(sample_db) == []
        assert screen.status.mode == "" and not screen.relabel_pending
        assert app.focused is screen.view


@pilot_test
async def test_while_the_search_box_is_open_no_document_key_runs(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        cursor, column = screen.view.cursor, screen.current
        await pilot.press("slash", "q", "pagedown", "ctrl+r", "tab", "right_parenthesis", "x")
        await settle(app, pilot)
        box = screen.query_one("#search", Input)
        assert box.value == "q)x" and app.focused is box
        assert (screen.view.cursor, screen.current) == (cursor, column)
        assert rows(sample_db) == []


@pilot_test
async def test_fast_typing_into_the_edit_form_goes_to_the_note(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await pilot.press("q", "left_parenthesis")
        await settle(app, pilot)
        # enter opens the form; tab twice reaches the note; the words are typed at once
        burst(app, "enter", "tab", "tab", *"quote", "enter")
        await settle(app, pilot)
        await settle(app, pilot)
        (row,) = rows(sample_db)
        assert (row["label"], row["note"]) == ("quote", "quote")
        assert not isinstance(app.screen, AnnotationForm)


@pilot_test
async def test_fast_typing_into_the_review_filter_goes_to_the_filter(sample_db):
    db = open_db(sample_db)
    add(db, 1, 0, 10, "claim", "suggest:rules", status="suggested")
    db.close()
    from parallax.tui.review_screen import ReviewRequest

    app = make_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await story_screen(app, pilot)
        app.open_review(app.screen.story, ReviewRequest())
        await settle(app, pilot)
        burst(app, "f", "ctrl+u", *"label:quote")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewFilterForm)
        assert app.screen.query_one("#filter-input", Input).value == "label:quote"
        assert [r["annotator"] for r in rows(sample_db)] == ["suggest:rules"]  # nothing accepted


@pilot_test
async def test_fast_typing_into_the_palette_goes_to_the_palette(sample_db):
    app = make_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await story_screen(app, pilot)
        burst(app, "ctrl+p", *"quote")
        await settle(app, pilot)
        from textual.command import CommandPalette

        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).value == "quote"
        assert rows(sample_db) == []


def test_in_a_real_terminal_slash_kim_enter_in_one_send_keys_tags_nothing(sample_db, tmux, tmp_path):
    pane = tmux.start("reader", app_command(sample_db, "tmuxer"), width=200, height=50, env=quiet_env(tmp_path))
    tmux.wait_for(pane, lambda s: all(o in s for o in OUTLETS), what="four columns")
    tmux.send(pane, "/", "Kim", "Enter")
    tmux.wait_for(pane, lambda s: "No match for 'Kim'" in s, what="the search's message")
    tmux.send(pane, "/", "Meridian", "Enter")
    tmux.wait_for(pane, lambda s: "matches for 'Meridian' · n / N" in s, what="the search's message")
    tmux.send(pane, "C-f", "Südkoreas", "Enter")
    tmux.wait_for(pane, lambda s: "Südkoreas" in s, what="the story search's message")
    tmux.send(pane, "C-q")
    assert tmux.wait_exit(pane) == "0"
    assert rows(sample_db) == []
