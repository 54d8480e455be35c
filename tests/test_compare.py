"""The comparison's rules on a three-outlet story (tests/link_support.py) and
on hand-built story data, link suggestions, speakers, and the commands:
compare (every format), link, suggest --links."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from link_support import STORY, TEXTS, build_story, tag
from parallax.analysis.compare import compare_story
from parallax.analysis.compare_drift import drift, word_diff
from parallax.analysis.compare_coverage import coverage
from parallax.analysis.entity_groups import EntityGroups
from parallax.analysis.link_suggest import LinkSuggester
from parallax.analysis.story_data import Article, Item, StoryData, load_story
from parallax.cli import cli
from parallax.store import annotations, links, review
from parallax.store.errors import StoreError
from parallax.store.speakers import set_speaker


@pytest.fixture
def story(fresh_db):
    ids = build_story(fresh_db)
    t = lambda outlet, piece, label="claim", **attrs: tag(fresh_db, ids, outlet, piece, label, **attrs)
    made = {
        "ship": [t("Nord", "Das 170 Meter lange Schiff sank am Dienstag."),
                 t("Süd", "Das 168 Meter lange Schiff sank am Dienstag."),
                 t("West", "Das 172 Meter lange Schiff sank.")],
        "jam": [t("Nord", "Rund 240 Schiffe warteten."), t("Süd", "Rund 240 Schiffe warteten vor Kiel.")],
        "pilot": [t("Nord", "„Wir hatten keine Chance“", "quote", form="direct", speaker="Henning Brandt"),
                  t("Süd", "Lotse Brandt sagte, man habe keine Chance gehabt.", "quote", form="indirect",
                    speaker="Brandt")],
    }
    return fresh_db, ids, made


def row_of(result, annotation_id):
    return next(r for r in result.coverage.rows if any(annotation_id in ids for ids in r.versions))


def marks(row) -> list[str]:
    return [cell.mark for cell in row.cells]


def test_rows_versions_contradictions_and_omissions(story):
    db, _, made = story
    ship, jam, pilot = made["ship"], made["jam"], made["pilot"]
    links.add(db, ship[0], ship[1], "contradicts", "anna")
    links.add(db, ship[2], ship[0], "contradicts", "anna")
    links.add(db, jam[0], jam[1], "same", "anna")
    links.add(db, pilot[0], pilot[1], "same", "anna")
    result = compare_story(db, STORY)
    assert result.coverage.outlets == ["Nord", "Süd", "West"]
    assert marks(row_of(result, ship[0])) == ["claim", "!", "!"]
    assert marks(row_of(result, jam[0])) == ["claim", "claim", "·"]
    assert marks(row_of(result, pilot[0])) == ["direct", "indirect", "·"]
    assert [r.carriers for r in result.coverage.rows] == [3, 2, 2]
    west = result.coverage.per_outlet[2]
    assert set(west.omissions) == {row_of(result, jam[0]).id, row_of(result, pilot[0]).id}
    assert west.exclusives == [] and west.carried == 1
    # the cell lists what Enter jumps to
    assert row_of(result, ship[0]).cells[1].items == (ship[1],)
    assert [f.values for f in result.figures] == [[["170 Meter"], ["168 Meter"], ["172 Meter"]]]


def test_a_version_two_outlets_share_is_the_reference(story):
    db, _, made = story
    ship = made["ship"]
    links.add(db, ship[1], ship[2], "same", "anna")  # as if Süd and West agreed
    links.add(db, ship[0], ship[1], "contradicts", "anna")
    assert marks(row_of(compare_story(db, STORY), ship[0])) == ["!", "claim", "claim"]


def test_suggested_and_rejected_links_count_only_when_they_should(story):
    db, _, made = story
    jam = made["jam"]
    suggestion = links.add(db, jam[0], jam[1], "same", "suggest:links-1", status="suggested")
    assert compare_story(db, STORY).links == 0
    assert compare_story(db, STORY, include_suggested=True).links == 1
    links.delete(db, suggestion.id, "anna")  # anna rejects it
    assert compare_story(db, STORY, include_suggested=True).links == 0
    links.decide(db, "anna", suggestion.id, "accepted")
    assert compare_story(db, STORY).links == 1


def test_a_link_to_a_suggestion_someone_accepted_counts_for_the_accepted_copy(story):
    db, ids, made = story
    suggested = annotations.add(db, ids["West"], 0, 32, "claim", "suggest:rules", status="suggested")["id"]
    links.add(db, made["ship"][0], suggested, "contradicts", "anna")
    assert compare_story(db, STORY).links == 0
    copy = review.decide(db, "anna", suggested, "accepted")
    result = compare_story(db, STORY)
    assert result.links == 1
    assert row_of(result, made["ship"][0]).versions[1] == [copy["id"]]


def test_speakers_come_from_the_entity_groups(story):
    db, _, made = story
    result = compare_story(db, STORY)
    [row] = result.speakers.rows
    assert (row.speaker, row.group_id) == ("Henning Brandt", "PER:henning brandt")
    assert [(c.direct, c.indirect) for c in row.cells] == [(1, 0), (0, 1), (0, 0)]
    assert [o.top_share for o in result.speakers.per_outlet] == [1.0, 1.0, None]
    assert result.speakers.heard_only == {}


def test_set_speaker_is_journalled_and_only_on_ones_own(story):
    db, _, made = story
    quote = made["pilot"][1]
    set_speaker(db, quote, "anna", "Henning  Brandt", "PER:henning brandt")
    assert json.loads(annotations.get(db, quote)["attrs"]) | {} == {
        "form": "indirect", "speaker": "Henning Brandt", "speaker_group": "PER:henning brandt"}
    annotations.undo(db, "anna")
    assert json.loads(annotations.get(db, quote)["attrs"])["speaker"] == "Brandt"
    with pytest.raises(StoreError, match="anna's annotation"):
        set_speaker(db, quote, "ben", "Jemand")


def handmade(versions: list[tuple[str, str, str, str]]) -> StoryData:
    """Articles with one quote each (outlet, text before, quote, form), all linked `same`."""
    articles, items = [], []
    for index, (outlet, before, quote, form) in enumerate(versions, 1):
        text = before + quote + "."
        articles.append(Article(index, outlet, None, text))
        items.append(Item(f"q{index}", index, len(before), len(before) + len(quote), "quote", quote, "anna",
                          "accepted", {"form": form}))
    data = StoryData("t", articles, items, [], EntityGroups([]))
    return data


def test_drift_flags_form_verb_and_a_cut_version():
    data = handmade([("A", "Er sagte: ", "„Wir haben den Anker sofort fallen lassen, als die Maschine ausfiel“", "direct"),
                     ("B", "Er räumte ein, ", "man habe den Anker fallen lassen", "indirect"),
                     ("C", "Er behauptete: ", "„Wir haben den Anker sofort fallen lassen“", "direct")])
    from parallax.store.links import Link
    data.links = [Link("l1", "q1", "q2", "same", "anna", "accepted"), Link("l2", "q1", "q3", "same", "anna", "accepted")]
    [group] = drift(data, coverage(data, data.links))
    assert group.flags == ["form", "verb", "cut"]
    assert [v.verb for v in group.versions] == ["sagte", "räumte ein", "behauptete"]
    assert [v.cut for v in group.versions] == [False, False, True]
    assert word_diff("a b c d".split(), "a x c".split()) == [("=", "a"), ("-", "b"), ("+", "x"), ("=", "c"), ("-", "d")]


def test_link_suggestions_for_one_annotation_and_for_the_story(story):
    db, _, made = story
    suggester = LinkSuggester(load_story(db, STORY))
    found = suggester.for_item(made["ship"][0])
    assert {c.dst for c in found[:2]} == set(made["ship"][1:])  # then weaker ones ("Schiffe")
    assert {c.kind for c in found[:2]} == {"contradicts"}
    assert "170 Meter ≠ 168 Meter" in next(c for c in found if c.dst == made["ship"][1]).evidence["differing"]
    pairs = {frozenset((c.src, c.dst)): c.kind for c in suggester.story()}
    assert pairs[frozenset(made["jam"])] == "same"
    assert pairs[frozenset(made["ship"][:2])] == "contradicts"
    assert frozenset(made["pilot"]) in pairs  # the speaker's group and "Chance"


def run(db_path, *args):
    result = CliRunner().invoke(cli, [*args, "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_suggest_links_stores_suggestions_once(story, db_path):
    db, _, made = story
    first = run(db_path, "suggest", "--links")
    assert "added" in first
    count = db.execute("SELECT count(*) FROM links WHERE status = 'suggested'").fetchone()[0]
    assert count >= 2
    assert "0 added" in run(db_path, "suggest", "--links")
    assert db.execute("SELECT count(*) FROM links").fetchone()[0] == count
    row = db.execute("SELECT annotator, attrs FROM links LIMIT 1").fetchone()
    assert row[0] == "suggest:links-1" and "score" in json.loads(row[1])


def test_compare_prints_every_format(story, db_path):
    db, _, made = story
    links.add(db, made["ship"][0], made["ship"][1], "contradicts", "anna")
    obj = json.loads(run(db_path, "compare", "--format", "json"))
    assert set(obj) >= {"schema", "story", "articles", "coverage", "speakers", "drift", "naming", "figures"}
    assert obj["coverage"]["rows"][0]["cells"][1]["mark"] == "!"
    table = list(csv.reader(io.StringIO(run(db_path, "compare", "--format", "csv"))))
    assert table[0] == ["#", "label", "outlets", "Nord", "Süd", "West", "text", "id"]
    assert table[1][3:6] == ["claim", "!", "·"]
    assert "## Speakers" in run(db_path, "compare", "--format", "markdown", "--view", "speakers")
    assert "Henning Brandt" in run(db_path, "compare", "--view", "naming")


def test_compare_never_passes_control_characters_to_the_terminal(fresh_db, db_path):
    ids = build_story(fresh_db)
    annotations.add(fresh_db, ids["Nord"], 0, 10, "claim", "anna", attrs={"speaker": "\x1b]52;c;AAAA\x07Eve"})
    annotations.add(fresh_db, ids["Nord"], 11, 20, "quote", "anna", attrs={"speaker": "\x1b[2JEve"})
    output = run(db_path, "compare")
    assert "\x1b" not in output and "\x07" not in output


def test_the_link_command_adds_and_deletes(story, db_path):
    db, _, made = story
    out = run(db_path, "link", made["jam"][0], made["jam"][1], "--kind", "same", "--annotator", "anna")
    link_id = out.split()[1].rstrip(":")
    assert links.get(db, link_id).annotator == "anna"
    assert "rejected by ben" in run(db_path, "link", "--delete", link_id, "--annotator", "ben")
    assert "deleted" in run(db_path, "link", "--delete", link_id, "--annotator", "anna")
    assert links.get(db, link_id) is None


def test_suggest_links_on_a_story_with_only_suggested_spans_says_what_to_do(fresh_db, db_path):
    ids = build_story(fresh_db)
    for outlet, piece in (("Nord", "Das 170 Meter lange Schiff sank am Dienstag."),
                          ("Süd", "Das 168 Meter lange Schiff sank am Dienstag.")):
        start = TEXTS[outlet].index(piece)
        annotations.add(fresh_db, ids[outlet], start, start + len(piece), "claim", "suggest:rules-de-1",
                        status="suggested")
    output = run(db_path, "suggest", "--links")
    assert "no accepted quotes or claims" in output
    assert "parallax review" in output


def test_suggest_links_on_a_story_without_any_annotation_says_to_suggest_spans_first(fresh_db, db_path):
    build_story(fresh_db)
    output = run(db_path, "suggest", "--links")
    assert "no quotes or claims" in output
    assert "parallax suggest" in output and "parallax review" in output


def test_compare_of_a_story_without_rows_says_how_rows_come_about(fresh_db, db_path):
    build_story(fresh_db)
    output = run(db_path, "compare")
    assert "0 rows, 0 links" in output
    assert "Nothing to compare yet" in output and "parallax suggest --links" in output
