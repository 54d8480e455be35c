"""The comparison screen (C) on the hand-annotated sample story: every view
shows the numbers `parallax compare` prints (analysis.compare_tables), Enter
on a cell goes to the span in its column (also in a real terminal, tmux,
120×40); entity focus and the entity table use the entity groups, and M
merges or splits a group in the store."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList

from compare_support import annotate, find, open_comparison, printed_sections, wait_for_comparison
from reader_support import make_app, pilot_test, query, quiet_env, settle, slow_writer, story_screen, tmux  # noqa: F401
from parallax.store.db import open_db
from parallax.tui.entity_table import EntityTableScreen
from parallax.tui.group_picker import GroupPicker
from parallax.tui.matrix_view import MatrixView
from test_links_reader import LENGTH_HK

STORY = "Havarie im Nord-Ostsee-Kanal"


@pytest.fixture
def compared(sample_db: Path) -> Path:
    annotate(sample_db)
    return sample_db


def cells(table: DataTable) -> list[list[str]]:
    return [[" ".join(str(cell).split()) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def squash(text: str) -> str:
    return "".join(text.replace("; ", "").split())


def flat(text: str) -> str:
    return " ".join(text.replace("; ", " ").split())


@pilot_test
async def test_every_view_shows_the_numbers_parallax_compare_prints(compared):
    expected = printed_sections(compared)
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_comparison(pilot)
        for key in "2345":
            await pilot.press(key)
            await pilot.pause()
        matrix = screen.query_one("#coverage-table", MatrixView)
        coverage = [[" ".join(c.split()) for c in matrix.row_texts(i)] for i in range(matrix.row_count)]
        assert not screen.query("#coverage-empty")  # rows to show: no hint
        outlets = len(screen.result.coverage.outlets)
        assert len(coverage) == len(expected["Coverage"].rows) == 84
        for shown, row in zip(coverage, expected["Coverage"].rows):
            # number, label, carried (n/outlets), one mark per outlet; the text is cut to the column
            assert shown[:2] + [shown[2].split("/")[0]] + shown[3:3 + outlets] == row[:3 + outlets]
            assert shown[-1] == " ".join(row[-2].split())
        assert cells(screen.query_one("#speakers-table", DataTable)) == [
            [flat(c) for c in row] for row in expected["Speakers"].rows]
        naming = cells(screen.query_one("#naming-table", DataTable))
        assert len(naming) == len(expected["Naming"].rows)
        for shown, row in zip(naming, expected["Naming"].rows):
            for cell, printed in zip([shown[0]] + shown[2:], row):
                # Forms are wrapped (long words too); a cell taller than a row may be shows the
                # forms it has room for and how many there are.
                cut, _, more = cell.partition(" +")
                assert squash(printed).startswith(squash(cut)) if more else squash(cell) == squash(printed)
        figures = cells(screen.query_one("#figures-table", DataTable))
        assert [[squash(c) for c in row[:-1]] for row in figures] == [
            [squash(c) for c in row] for row in expected["Figures that differ between linked items"].rows]
        drift = [str(option.prompt) for option in screen.query_one(OptionList)._options]
        versions = [row for row in expected["Quote drift"].rows]
        assert sum(1 for line in drift if line.startswith("  ")) == len(versions)
        for line, row in zip([d for d in drift if d.startswith("  ")], versions):
            assert line.split()[:2] == row[3].split()[:2] or row[3] in line  # the outlet
            assert row[4] in line and row[5] in line  # form and speech verb


@pilot_test
async def test_enter_on_a_cell_goes_to_that_outlets_span(compared):
    db = open_db(compared)
    try:
        hk_length = find(db, LENGTH_HK)
    finally:
        db.close()
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await story_screen(app, pilot)
        screen = await open_comparison(pilot)
        # Row 2 is the ship's length; the Hanse-Kurier carries a contradicting version ("!").
        await pilot.press("down", "right", "enter")
        await pilot.pause()
        assert app.screen is reader
        assert reader.current == 1 and reader.linked_here()["id"] == hk_length
        assert "! contradicts Kieler Rundschau claim" in reader.status.where
        # Back again: built once, opened again as it was.
        await pilot.press("C")
        again = await wait_for_comparison(pilot)
        assert again.result is screen.result


def mention(db_path: Path, outlet: str, text: str) -> tuple[int, int]:
    return query(db_path, "SELECT a.id, e.start FROM entities e JOIN articles a ON a.id = e.article_id "
                          "WHERE a.outlet = ? AND e.text = ? ORDER BY e.start LIMIT 1", (outlet, text))[0]


@pilot_test
async def test_entity_focus_uses_the_groups_and_m_splits_and_merges(compared):
    article_id, start = mention(compared, "Kieler Rundschau", "Holm")
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await settle(app, pilot)
        screen.view.move_to(start, center=True)
        await pilot.press("asterisk")
        await pilot.pause()
        table = app.screen
        assert isinstance(table, EntityTableScreen) and table.focus == "PER:lars holm"
        groups = screen.story_groups()
        holm = groups.get("PER:lars holm")
        assert table.counts[("PER:lars holm", "PER")] == [
            sum(1 for m in holm.mentions if m.article_id == a.id) for a in screen.articles]
        await pilot.press("escape")
        marked = {(column.index, m.start) for column in screen.columns for m in column.view.marks("focus")}
        index = {a.id: i for i, a in enumerate(screen.articles)}
        assert marked == {(index[m.article_id], m.start) for m in holm.mentions}
        assert {m.text for m in holm.mentions} >= {"Holm", "Lars Holm"}
        # M, then Enter on the first choice: "Holm" gets a group of its own.
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, GroupPicker)
        await pilot.press("enter")
        await settle(app, pilot)
        assert query(compared, "SELECT op, label, form, target, annotator FROM entity_group_edits") == [
            ("split", "PER", "Holm", None, "anna")]
        split = screen.story_groups().at(article_id, start, start + 4)
        assert split.id != "PER:lars holm" and {m.text for m in split.mentions} == {"Holm"}
        # M again: merge it back into Lars Holm's group, picked from the list.
        await pilot.press("M")
        await pilot.pause()
        picker = app.screen
        target = [g.name for g in picker.others].index("Lars Holm")
        await pilot.press(*["down"] * (target + 1), "enter")
        await settle(app, pilot)
        assert screen.story_groups().at(article_id, start, start + 4).id == "PER:lars holm"
    assert [row[0] for row in query(compared, "SELECT op FROM entity_group_edits ORDER BY id")] == ["split", "merge"]


def test_comparison_in_a_real_terminal_enter_lands_on_the_span(compared, tmux, tmp_path):
    pane = tmux.start("compare", [sys.executable, "-m", "parallax.cli", "--db", str(compared), "--annotator",
                                  "anna"], width=120, height=40, env=quiet_env(tmp_path))
    tmux.wait_for(pane, lambda s: "Kieler Rundschau" in s and "anna" in s, what="the story")
    tmux.send(pane, "C")
    shown = tmux.wait_for(pane, lambda s: "Comparison" in s and "carried" in s, what="the comparison screen")
    assert "84 rows" in shown and "4/4" in shown
    tmux.send(pane, "Down", "Right", "Enter")  # row 2 (the ship's length), the Hanse-Kurier's cell
    screen = tmux.wait_for(pane, lambda s: "claim by anna · links: ! contradicts Kieler" in s,
                           what="the reader at the span")
    assert "168 Meter" in screen and "Comparison" not in screen
    tmux.send(pane, "C-q")
    assert tmux.wait_exit(pane) == "0"


@pilot_test
async def test_the_comparison_screens_keys_are_in_its_help_and_the_readme(compared):
    from parallax.tui.help_screen import HelpScreen
    from parallax.tui.keymap import COMPARE_COMMANDS, REVIEW_COMMANDS, STORY_COMMANDS
    from reader_keys_support import help_text

    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_comparison(pilot)
        await pilot.press("?")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = help_text(app.screen).splitlines()
        for command in COMPARE_COMMANDS:
            assert any(command.description in line and command.id in line for line in lines), command
        await pilot.press("escape", "3")
        await pilot.pause()
        assert app.screen is screen and screen.active == "drift"
    # The README's key tables name the keys of issue 11 (links, comparison, groups) and review's p.
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table_rows = [line for line in readme.splitlines() if line.startswith("| `")]
    new = {"link_start", "link_walk", "link_delete", "link_suggest", "link_review", "compare", "entity_group",
           "review_speaker", *(c.id for c in COMPARE_COMMANDS if c.keys not in ("escape", "question_mark"))}
    commands = {c.id: c for c in STORY_COMMANDS + REVIEW_COMMANDS + COMPARE_COMMANDS}
    for command_id in new:
        key = {"apostrophe": "'", "enter": "Enter"}.get(commands[command_id].keys, commands[command_id].keys)
        assert any(f"`{key}`" in row for row in table_rows), command_id



@pilot_test
async def test_a_story_with_nothing_accepted_says_how_coverage_rows_come_about(sample_db):
    app = make_app(sample_db, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_comparison(pilot)
        assert screen.query_one("#coverage-table", MatrixView).row_count == 0
        assert "Nothing to compare yet" in str(screen.query_one("#coverage-empty").render())
        # the other views with nothing in them say what would fill them, as drift does
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one("#speakers-table", DataTable).row_count == 0
        assert "No accepted quotes yet" in str(screen.query_one("#speakers-empty").render())
        await pilot.press("5")
        await pilot.pause()
        assert screen.query_one("#figures-table", DataTable).row_count == 0
        assert "No differing figures" in str(screen.query_one("#figures-empty").render())


@pilot_test
async def test_c_pressed_while_a_tag_is_saving_shows_that_tag_and_counts_one_row(sample_db):
    app = make_app(sample_db, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        slow_writer(app, 0.5)
        await pilot.press("q", "C")
        screen = await wait_for_comparison(pilot)
        title = str(screen.query_one("#compare-title").render())
        assert "4 articles · 1 row · 0 links counted" in title
        assert screen.query_one("#coverage-table", MatrixView).row_count == 1
