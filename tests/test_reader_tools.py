"""The story view's tools under Pilot: yank, zoom, fold, help, palette, config
overrides, the status line and its save states, and the reader's imports."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import textwrap
import threading

import parallax.store.annotations
from parallax import store
from reader_keys_support import ALS, LENGTH, help_text, only_row, sentence_starting
from reader_support import (
    ANNOTATOR, REPO, SIZE, goto_sentence, make_app, notifications, pilot_test, rows, screen_text, settle, slow_writer,
    story_screen,
)
from parallax.tui.config import load_config
from parallax.tui.help_screen import HelpScreen
from parallax.tui.keymap import STORY_COMMANDS


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
        # plus a key per label (4) and per link kind (3)
        assert set(STORY_COMMANDS) <= set(screen.commands) and len(screen.commands) == len(STORY_COMMANDS) + 4 + 3
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
async def test_the_palette_puts_the_story_wide_suggest_commands_first_for_suggest(sample_db):
    from textual.command import CommandList

    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await story_screen(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"suggest")
        await pilot.pause(0.3)
        found = app.screen.query_one(CommandList)
        titles = [str(found.get_option_at_index(i).prompt).split("\n")[0] for i in range(found.option_count)]
        # every match scores the same in Textual's matcher, so the order is the order offered
        assert titles[:2] == ["Suggest annotations", "Suggest links"], titles
        assert "Link suggestions for this annotation" in titles


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


@pilot_test
async def test_suggest_from_the_story_list_runs_on_the_highlighted_story_and_shows_its_counts(sample_db):
    from reader_keys_support import add_tiny_story
    from reader_support import STORY, query
    from parallax.tui.story_list import StoryListScreen

    add_tiny_story(sample_db)
    app = make_app(sample_db)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StoryListScreen)
        await pilot.press("down", "ctrl+p")  # the tiny story sorts first: this highlights the sample story
        await pilot.pause()
        await pilot.press(*"suggest annotations")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StoryListScreen)
        suggested = dict(query(sample_db, "SELECT s.name, count(n.id) FROM stories s JOIN articles a ON a.story_id = s.id "
                                          "LEFT JOIN annotations n ON n.article_id = a.id GROUP BY s.name"))
        assert suggested[STORY] > 0 and suggested["Hafen Kiel (kurz)"] == 0
        row = next(line for line in screen_text(app).splitlines() if STORY in line)
        assert not re.search(r"\b4\s+0\s+0\s+0\s+0\b", row), row  # the list shows what was added
        assert any("added" in n.message for n in notifications(app))
