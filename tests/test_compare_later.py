"""The comparison makes only what C opens on (issue 11's < 100 ms when C
comes before anything was made ahead): the coverage matrix and its summary.
The other views (speakers, drift, naming, figures) and the entity groups
they read are made when first asked for — by the screen when the view is
first shown, by the keeper's thread after the matrix when the idle reader
makes the comparison ahead — with the same numbers as when made at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from compare_support import STORY, annotate, made_ahead, open_comparison, printed_sections, wait_for_comparison
from reader_support import make_app, pilot_test
from parallax.analysis import compare_drift, compare_figures, compare_naming, compare_speakers, entity_groups
from parallax.analysis.compare import LATER_VIEWS, compare_story
from parallax.analysis.entity_groups import EntityGroups, group_mentions, story_groups, story_groups_later
from parallax.analysis.story_data import load_story
from parallax.store.articles import story_id_for_name
from parallax.store.db import open_db, write
from parallax.tui import story_comparing


@pytest.fixture
def compared(sample_db: Path) -> Path:
    annotate(sample_db)
    entity_groups._CACHE.clear()  # the groups made anew, as in a fresh process
    return sample_db


def made_views(result) -> set[str]:
    return {view for view in LATER_VIEWS if view in vars(result)}


def test_later_views_are_made_when_read_with_the_numbers_of_an_eager_comparison(compared):
    db = open_db(compared)
    try:
        result = compare_story(db, STORY)
        assert made_views(result) == set()
        assert not isinstance(result.data.entity_groups, EntityGroups)  # not grouped yet
        # The same story read again, every view made from it at once, with groups read the old way.
        data = load_story(db, STORY)
        data.entity_groups = story_groups(db, STORY)
        eager = {"speakers": compare_speakers.speakers(data), "drift": compare_drift.drift(data, result.coverage),
                 "naming": compare_naming.naming(data), "figures": compare_figures.figure_rows(data, result.coverage)}
    finally:
        db.close()
    assert result.speakers == eager["speakers"]
    assert made_views(result) == {"speakers"}
    assert isinstance(result.data.entity_groups, EntityGroups)  # grouped for the speakers, kept for the rest
    for view in ("drift", "naming", "figures"):
        assert getattr(result, view) == eager[view], view
    assert result.speakers.rows and result.drift and result.naming and result.figures  # the sample has them all
    assert result.to_dict()["speakers"]["rows"][0]["speaker"] == eager["speakers"].rows[0].speaker


def test_groups_read_now_are_grouped_on_the_first_call_and_kept(compared):
    db = open_db(compared)
    try:
        later = story_groups_later(db, STORY)
        assert not entity_groups._CACHE  # read, not grouped
        groups = later()
        assert later() is groups and story_groups(db, STORY) is groups  # kept for the next reader
        at_once = group_mentions(*entity_groups._read_mentions(db, story_id_for_name(db, STORY)))
        assert [(g.id, g.name, g.mentions) for g in groups.groups] == [
            (g.id, g.name, g.mentions) for g in at_once.groups]
        # What is grouped is what was read, not what the store holds when the groups are first asked for.
        entity_groups._CACHE.clear()
        later = story_groups_later(db, STORY)
        with write(db):
            db.execute("DELETE FROM entities")
        assert later().groups and [g.id for g in later().groups] == [g.id for g in groups.groups]
        assert story_groups(db, STORY).groups == []  # read again now: nothing
    finally:
        db.close()


@pilot_test
async def test_c_at_once_makes_a_view_when_it_is_first_shown(compared, monkeypatch):
    monkeypatch.setattr(story_comparing, "IDLE_SECONDS", 60.0)  # nothing made ahead
    expected = printed_sections(compared)
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_comparison(pilot)
        assert made_views(screen.result) == set()
        await pilot.press("2")
        await pilot.pause()
        assert made_views(screen.result) == {"speakers"}
        shown = screen.query_one("#speakers-table")
        assert [[" ".join(str(c).split()) for c in shown.get_row_at(i)] for i in range(shown.row_count)] == [
            [" ".join(c.split()) for c in row] for row in expected["Speakers"].rows]
        await pilot.press("5")
        await pilot.pause()
        assert made_views(screen.result) == {"speakers", "figures"}
        assert screen.query_one("#figures-table").row_count == len(
            expected["Figures that differ between linked items"].rows) > 0


@pilot_test
async def test_the_idle_reader_makes_every_view_ahead_on_its_thread(compared, monkeypatch):
    monkeypatch.setattr(story_comparing, "IDLE_SECONDS", 0.2)
    monkeypatch.setattr(story_comparing, "IDLE_CHECK_SECONDS", 0.05)
    made_on: dict[str, str] = {}
    speakers = compare_speakers.speakers

    def recording_speakers(data):
        made_on["speakers"] = threading.current_thread().name
        return speakers(data)

    monkeypatch.setattr(compare_speakers, "speakers", recording_speakers)
    app = make_app(compared, annotator="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        reader, version = await made_ahead(app, pilot)
        await pilot.press("C")
        screen = await wait_for_comparison(pilot)
        assert screen.prepared.version == version
        assert made_views(screen.result) == set(LATER_VIEWS)
        assert made_on["speakers"].startswith("parallax-compare")
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one("#speakers-table").row_count == len(screen.result.speakers.rows) > 0
        assert made_on["speakers"].startswith("parallax-compare")  # shown, not made again

