"""An article that tries to be markup or terminal commands: shown verbatim,
never interpreted, never reaching the terminal as an escape sequence — under
Pilot (the segments Textual writes) and in a real terminal (tmux)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader_support import (  # noqa: F401 (tmux is a fixture)
    app_command, make_app, notifications, pilot_test, press_until, quiet_env, rows, screen_segments, screen_text,
    settle, story_screen, tmux, wait_until,
)
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord, EntitySpan, Zone
from parallax.tui.annotation_form import AnnotationForm
from parallax.tui.entity_table import EntityTableScreen
from parallax.tui.story_list import StoryListScreen

CLICK = "[@click=app.quit]x[/]"
PARAGRAPHS = [
    f"Kiel meldet einen Satz mit [/] und [dpa] und {CLICK} darin.",
    "Der zweite Satz \x1b[2J löscht nichts.",
    "Der dritte Satz \x1b]52;c;SGFjaw==\x07 setzt keine Zwischenablage und \x1b]0;title\x07 keinen Titel.",
    "Der vierte Satz zeigt [bold red]Fett?[/bold red] und [link=https://evil.example]Link[/link] und \x9b31m C1.",
]
TEXT = "\n\n".join(PARAGRAPHS) + "\n"
STORY = "Hostile [/] story [b]"
OUTLET = "Evil [b]Outlet[/b] \x1b]0;title\x07"
TITLE = f"[/] Titel {CLICK}"
VERBATIM = ["[/]", "[dpa]", CLICK, "[bold red]Fett?[/bold red]", "[link=https://evil.example]Link[/link]"]
FORBIDDEN = ("\x1b", "\x07", "\x9b")


def hostile_record() -> ArticleRecord:
    sentences, zones, start = [], [], 0
    for paragraph in PARAGRAPHS:
        sentences.append((start, start + len(paragraph)))
        zones.append(Zone(start, start + len(paragraph), "body"))
        start += len(paragraph) + 2
    entities = [EntitySpan(0, 4, "LOC", "Kiel")]
    for name, label in (("[dpa]", "ORG"), (CLICK, "PER")):
        at = TEXT.index(name)
        entities.append(EntitySpan(at, at + len(name), label, name))
    return ArticleRecord(text=TEXT, source_path="evil.txt", outlet=OUTLET, title=TITLE, zones=zones,
                         sentences=sentences, entities=sorted(entities, key=lambda e: e.start),
                         entity_source="hand-made")


def add_hostile_story(db_path: Path) -> None:
    db = open_db(db_path)
    try:
        add_articles(db, STORY, [hostile_record()])
    finally:
        db.close()


@pytest.fixture
def hostile_db(db_path: Path) -> Path:
    """A database with only the hostile story: the app opens it directly."""
    add_hostile_story(db_path)
    return db_path


def assert_clean(app) -> None:
    for segment in screen_segments(app):
        for bad in FORBIDDEN:
            assert bad not in segment.text, (bad, segment)


@pilot_test
async def test_markup_in_the_article_shows_verbatim_and_no_escape_reaches_the_screen(hostile_db):
    app = make_app(hostile_db)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        text = screen_text(app)
        for needle in VERBATIM:
            assert needle in text, needle
        # outlet and title are article data too
        assert "Evil [b]Outlet[/b]" in text and TITLE in text
        assert "␛" in text  # ESC is shown as a visible stand-in, offsets kept
        assert_clean(app)
        # every rendered line of the article, straight from the view
        for y in range(len(screen.view.lines)):
            for segment in screen.view.render_line(y):
                assert not any(bad in segment.text for bad in FORBIDDEN), segment


@pilot_test
async def test_keys_over_the_hostile_text_keep_the_app_running_and_the_clipboard_untouched(hostile_db, monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_TTY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    app = make_app(hostile_db)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        # word by word over each escape sequence (the cursor is drawn on each of them)
        for escape in ("\x1b[2J", "\x1b]52;", "\x1b]0;", "\x9b"):
            at = TEXT.index(escape)
            screen.view.move_to(TEXT.rfind(" ", 0, at - 1) + 1)  # setup: the word before it
            await press_until(pilot, "l", lambda at=at: screen.view.cursor > at, limit=6)
        assert_clean(app)
        await pilot.press("g", "q", "q", "q", "q")  # every sentence tagged
        await pilot.press("g", "e", "e", "e", "E", '"', "a", "s", "escape", "b", "b", "z", "z")
        await settle(app, pilot)
        assert app.is_running and app.screen is screen
        assert app.clipboard == ""  # nothing but yank touches the clipboard
        assert_clean(app)
        stored = rows(hostile_db)
        assert [r["text"] for r in stored] == PARAGRAPHS  # stored as imported, escapes and all

        # the whole story in one search box query: markup in a query is just text
        await pilot.press("ctrl+f", *"[/x]", "enter")
        await pilot.pause()
        assert app.is_running
        assert any("[/x]" in n.message for n in notifications(app))

        # yank copies what the screen shows: the markup verbatim, no control characters
        await pilot.press("g", ")", ")", "y")
        copied = app.clipboard
        assert "SGFjaw==" in copied and "Evil [b]Outlet[/b]" in copied
        assert not any(bad in copied for bad in FORBIDDEN), repr(copied)


@pilot_test
async def test_markup_in_story_names_outlets_and_entities_is_never_interpreted(sample_db):
    add_hostile_story(sample_db)
    app = make_app(sample_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StoryListScreen)
        assert STORY in screen_text(app)
        await pilot.press("down", "enter")  # sorted by name: the hostile story is the second
        screen = await story_screen(app, pilot)
        assert screen.story == STORY
        await pilot.press("g", "e", "e")  # "[dpa]"
        await pilot.press("*")
        await pilot.pause()
        assert isinstance(app.screen, EntityTableScreen)
        text = screen_text(app)
        assert "Evil [b]Outlet[/b]" in text and "[dpa]" in text and CLICK in text
        assert_clean(app)
        await pilot.press("escape", "escape", "escape")  # table, entity marks, story: back to the list
        await pilot.pause()
        assert isinstance(app.screen, StoryListScreen) and app.is_running


@pilot_test
async def test_markup_in_a_speaker_name_in_the_form_is_text(hostile_db):
    app = make_app(hostile_db)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await pilot.press("g", "q", "g", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AnnotationForm)
        await pilot.press(*"[@")  # type to find it in the story's people and organisations
        await pilot.pause()
        assert CLICK in screen_text(app)
        await pilot.press("down", "enter")  # take it
        await pilot.pause()
        assert CLICK in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and app.is_running
        (row,) = rows(hostile_db)
        assert json.loads(row["attrs"])["speaker"] == CLICK

        # the form's title quotes the annotation: escape sequences in it stay harmless
        await pilot.press(")", ")", "q", "(", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AnnotationForm)
        assert "SGFjaw==" in screen_text(app)
        assert_clean(app)


def test_in_a_real_terminal_the_article_cannot_retitle_or_set_the_clipboard(hostile_db, tmux, tmp_path):
    # control: this tmux server does accept both from a program that really sends them
    control = tmux.start("control", ["sh", "-c", "printf '\\033]0;title\\007\\033]52;c;SGFjaw==\\007'; sleep 30"])
    wait_until(lambda: tmux.display(control, "#{pane_title}") == "title" and "Hack" in tmux.buffers(),
               deadline=10, what="the control pane's title and buffer")
    tmux.run("delete-buffer")
    assert "Hack" not in tmux.buffers()

    pane = tmux.start("reader", app_command(hostile_db, "tmuxer"), width=160, height=40, env=quiet_env(tmp_path))
    screen = tmux.wait_for(pane, lambda s: "[dpa]" in s, what="the hostile article")
    for needle in VERBATIM[:3]:
        assert needle in screen, needle
    # into the third sentence, then tag it and (the cursor moves on) the fourth, the last
    for key in ("g", ")", ")", "l", "l", "l", "q", "q", "b", "b"):
        tmux.send(pane, "-l", key)
    screen = tmux.wait_for(pane, lambda s: re.search(r"tmuxer\s+saved", s) is not None, what="the tags saved")
    assert "Evil [b]Outlet[/b]" in screen  # the screen was not cleared out from under the app
    tmux.send(pane, "C-q")
    assert tmux.wait_exit(pane) == "0"
    assert tmux.display(pane, "#{pane_title}") != "title"
    assert "Hack" not in tmux.buffers()
    tagged = rows(hostile_db)
    assert len({(row["start"], row["end"]) for row in tagged}) == len(tagged) == 2
