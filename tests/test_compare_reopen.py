"""The comparison screen is kept between openings and its data made ahead
(issue 11's < 100 ms): reopening after a change shows the change in the same
screen, the cursor on the row it was on; the idle reader makes the comparison
on a thread and C uses it (never while keys come in or a write is on its
way); C while the thread is still at it waits for it, and never shows a
comparison older than the database; the matrix follows the terminal's width;
the footers keep their key widgets when the keys are the same and follow them
when they change; the reader's thread and screen go with it; review mode over the
reader uses the reader's comparison."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from compare_support import annotate, made_ahead, open_comparison, wait_for_comparison, wait_until
from reader_support import make_app, pilot_test, query, settle, story_screen
from parallax.store import annotations, reading
from parallax.store.db import open_db
from parallax.tui import comparison_keeper, story_comparing
from parallax.tui.compare_screen import CompareScreen
from parallax.tui.matrix_view import MatrixView


@pytest.fixture
def compared(sample_db: Path) -> Path:
    annotate(sample_db)
    return sample_db


def matrix_of(screen: CompareScreen) -> MatrixView:
    return screen.query_one("#coverage-table", MatrixView)


def row_texts(screen: CompareScreen) -> list[str]:
    matrix = matrix_of(screen)
    return [" ".join(matrix.row_texts(i)[-1].split()) for i in range(matrix.row_count)]


def untagged_sentence(reader) -> tuple[int, int]:
    """A body sentence of the current article that no annotation touches."""
    article, doc = reader.articles[reader.current], reader.doc
    for start, end in article.sentences:
        if doc.zone_at(start) == "body" and not any(doc.annotations_at(i) for i in range(start, end)):
            return start, end
    raise AssertionError("every sentence is annotated")


def add_claim(db_path: Path) -> str:
    """Another annotator's connection tags the next word of the first article as a claim (a coverage row)."""
    db = open_db(db_path)
    try:
        article_id, text = db.execute("SELECT id, text FROM articles ORDER BY id LIMIT 1").fetchone()
        taken = db.execute("SELECT count(*) FROM annotations WHERE annotator = 'bert'").fetchone()[0]
        start = [i for i, word in enumerate(text.split(" ")) if len(word) > 4][taken]
        start = len(" ".join(text.split(" ")[:start])) + 1
        return annotations.add(db, article_id, start, start + 5, "claim", "bert")["id"]
    finally:
        db.close()


@pilot_test
async def test_reopening_after_a_tag_shows_it_in_the_same_screen_on_the_same_row(compared):
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await story_screen(app, pilot)
        screen = await open_comparison(pilot)
        before = row_texts(screen)
        await pilot.press("down", "down", "down")
        row_id = screen.result.coverage.rows[matrix_of(screen).cursor[0]].id
        await pilot.press("escape")
        await pilot.pause()
        start, end = untagged_sentence(reader)
        reader.view.move_to(start, center=True)
        await pilot.press("c")
        await settle(app, pilot)
        tagged = query(compared, 'SELECT text FROM annotations WHERE label = \'claim\' AND start = ? AND "end" = ?',
                       (start, end))
        assert tagged, "the c key stored no claim"
        await pilot.press("C")
        again = await wait_for_comparison(pilot)
        assert again is screen  # kept, not made again
        after = row_texts(again)
        assert len(after) == len(before) + 1
        assert " ".join(tagged[0][0].split())[:20] in [text[:20] for text in after]
        # The cursor is on the row it was on, wherever that row went.
        assert again.result.coverage.rows[matrix_of(again).cursor[0]].id == row_id
        # Reopened with nothing changed: the very same comparison.
        prepared = again.prepared
        await pilot.press("escape", "C")
        assert (await wait_for_comparison(pilot)).prepared is prepared


@pilot_test
async def test_a_view_shown_when_the_data_changed_is_made_again(compared):
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_comparison(pilot)
        await pilot.press("4")  # naming
        await pilot.pause()
        old_table = screen.query_one("#naming-table")
        await pilot.press("escape")
        add_claim(compared)
        await pilot.press("C")
        await wait_for_comparison(pilot)
        await pilot.pause()
        assert screen.active == "naming"
        table = screen.query_one("#naming-table")
        assert table is not old_table and table.has_focus
        assert screen.query_one("#naming-pane").display and not screen.query_one("#coverage-pane").display


@pytest.fixture
def prepared(monkeypatch) -> list[tuple[str, int]]:
    """(thread, version) of every comparison prepared, with a reader idle after 0.2 s."""
    monkeypatch.setattr(story_comparing, "IDLE_SECONDS", 0.2)
    monkeypatch.setattr(story_comparing, "IDLE_CHECK_SECONDS", 0.05)
    made: list[tuple[str, int]] = []
    prepare = comparison_keeper.prepare

    def recording_prepare(result, palette, version):
        made.append((threading.current_thread().name, version))
        return prepare(result, palette, version)

    monkeypatch.setattr(comparison_keeper, "prepare", recording_prepare)
    return made


@pilot_test
async def test_the_idle_reader_makes_the_comparison_ahead_and_c_uses_it(compared, prepared):
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        reader, version = await made_ahead(app, pilot)
        assert prepared and all(name.startswith("parallax-compare") for name, _ in prepared)
        await pilot.press("C")
        screen = await wait_for_comparison(pilot)
        assert all(name.startswith("parallax-compare") for name, _ in prepared)  # C made nothing itself
        assert screen.prepared.version == version and len(row_texts(screen)) == 84
        # A change made by someone else while the reader is idle is made ahead too.
        await pilot.press("escape")
        add_claim(compared)
        await wait_until(pilot, lambda: reader.keeper.ready(reading.data_version(app.reader)), "the change made ahead")
        made = len(prepared)
        await pilot.press("C")
        await wait_for_comparison(pilot)
        assert len(prepared) == made and len(row_texts(screen)) == 85


@pilot_test
async def test_c_waits_for_the_thread_and_never_shows_an_older_comparison(compared, monkeypatch):
    gate = threading.Event()
    made: list = []
    prepare = comparison_keeper.prepare

    def held_prepare(*args, **kwargs):
        if not threading.current_thread().name.startswith("parallax-compare"):
            return prepare(*args, **kwargs)
        assert gate.wait(10)  # held after reading the story
        made.append(prepare(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(comparison_keeper, "prepare", held_prepare)
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await story_screen(app, pilot)
        await settle(app, pilot)
        # The thread has read the story and is held; someone adds a claim; C comes: the thread's is too old.
        reader.keeper.start(reading.data_version(app.reader))
        add_claim(compared)
        threading.Timer(0.3, gate.set).start()
        await pilot.press("C")
        screen = await wait_for_comparison(pilot)
        assert len(row_texts(screen)) == 85 and screen.prepared not in made
        await pilot.press("escape")
        await pilot.pause()
        # Another claim; the thread has read it and is held when C comes: C waits for what it makes.
        gate.clear()
        add_claim(compared)
        await pilot.pause()
        reader.keeper.start(reading.data_version(app.reader))
        threading.Timer(0.3, gate.set).start()
        await pilot.press("C")
        await wait_for_comparison(pilot)
        assert len(row_texts(screen)) == 86 and screen.prepared is made[-1]


@pilot_test
async def test_the_reopened_matrix_follows_the_terminals_width(compared):
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_comparison(pilot)
        narrow = matrix_of(screen).columns[-1].width
        await pilot.press("escape")
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        await pilot.press("C")
        await wait_for_comparison(pilot)
        assert matrix_of(screen).columns[-1].width == narrow + 40


def footer_keys(screen) -> list[FooterKey]:
    return list(screen.query(FooterKey))


@pilot_test
async def test_footers_keep_their_keys_when_they_are_the_same_and_follow_them_when_not(compared):
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await story_screen(app, pilot)
        await settle(app, pilot)
        reader_keys = footer_keys(reader)
        assert reader_keys
        await pilot.press("C")
        screen = await wait_for_comparison(pilot)
        await pilot.pause()
        compare_keys = footer_keys(screen)
        assert "go to span" in [key.description for key in compare_keys]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("C")
        await wait_for_comparison(pilot)
        await pilot.pause()
        assert footer_keys(screen) == compare_keys  # the same widgets: not made again
        await pilot.press("escape")
        await pilot.pause()
        assert footer_keys(reader) == reader_keys
        # The search box takes the keys (check_action): the reader's footer hides them, then shows them again.
        shown = [key.description for key in reader_keys]
        await pilot.press("slash")
        await pilot.pause()
        await pilot.pause()
        assert len(footer_keys(reader)) < len(shown)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert [key.description for key in footer_keys(reader)] == shown


@pilot_test
async def test_the_readers_thread_and_comparison_screen_go_with_it(compared, monkeypatch):
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await story_screen(app, pilot)
        screen = await open_comparison(pilot)
        await pilot.press("escape")
        await pilot.pause()
        keeper = reader.keeper
        keeper.start(reading.data_version(app.reader) + 1)  # the thread runs
        assert app.is_screen_installed(screen)
        app.show_story_list()
        await wait_until(pilot, lambda: not reader.is_attached, "the reader gone")
        assert not app.is_screen_installed(screen)
        await wait_until(pilot, lambda: not screen.is_attached, "the comparison screen gone")
        assert keeper._thread is None


@pilot_test
async def test_nothing_is_made_ahead_while_keys_come_in_or_a_write_is_on_its_way(compared, monkeypatch):
    monkeypatch.setattr(story_comparing, "IDLE_SECONDS", 30.0)
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await story_screen(app, pilot)
        await settle(app, pilot)
        version = reading.data_version(app.reader)
        await pilot.press("j")
        reader.compare_ahead()
        assert not reader.keeper.has(version)  # a key a moment ago: the reader is not idle
        monkeypatch.setattr(story_comparing, "IDLE_SECONDS", 0.0)
        reader.status.pending += 1  # a tag on its way to the store: the version is about to change
        reader.compare_ahead()
        assert not reader.keeper.has(version)
        reader.status.pending -= 1
        reader.compare_ahead()
        assert reader.keeper.has(version)
        await wait_until(pilot, lambda: reader.keeper.ready(version), "the comparison made ahead")


@pilot_test
async def test_review_over_the_reader_shares_its_comparison_and_keeps_its_thread_alive(compared, prepared):
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        reader, version = await made_ahead(app, pilot)
        await pilot.press("R")
        await wait_until(pilot, lambda: app.screen is not reader and getattr(app.screen, "items", None) is not None,
                         "review mode")
        review = app.screen
        await pilot.pause(0.5)  # idle long enough for the review screen to make a comparison of its own
        await pilot.press("C")
        await wait_for_comparison(pilot)
        assert [made for _, made in prepared] == [version]  # the version the reader made, made once
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is review, "back in review")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader, "back in the reader")
        await pilot.press("C")  # the thread left with the review screen was not the reader's
        await wait_for_comparison(pilot)
        assert [made for _, made in prepared] == [version] and reader.keeper._thread is not None
