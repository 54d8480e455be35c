"""One entity per person, place and organisation within a story: the grouping
rules on small hand-made mentions, manual merges and splits (stored, exported,
merged), and the five seed articles imported as one story."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from parallax.analysis.entity_groups import group_mentions, story_groups
from parallax.cli import cli
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.entity_groups import add_edit
from parallax.store.export import article_lines
from parallax.store.jsonl_import import import_jsonl
from parallax.store.records import ArticleRecord, EntitySpan, Zone


def mentions(text: str, names: list[tuple[str, str]], article_id: int = 1) -> list[tuple]:
    """(article, start, end, label, text) for each name, at its next occurrence."""
    found, position = [], 0
    for name, label in names:
        start = text.index(name, position)
        found.append((article_id, start, start + len(name), label, name))
        position = start + len(name)
    return found


def grouped(entities, texts) -> dict[str, set[str]]:
    """group name → the forms of its mentions."""
    return {g.name: {m.form for m in g.mentions} for g in group_mentions(entities, texts).groups}


def test_full_names_short_forms_genitives_and_titles_are_one_person():
    a = "Nato-Chef Mark Rutte warnte. Rutte sagte, Ruttes Plan stehe."
    b = "Der Nato-Generalsekretär Mark Rutte reiste ab."
    entities = mentions(a, [("Mark Rutte", "PER"), ("Rutte", "PER"), ("Ruttes", "PER")]) + \
        mentions(b, [("Mark Rutte", "PER")], article_id=2)
    assert grouped(entities, {1: a, 2: b}) == {
        "Mark Rutte": {"Nato-Chef Mark Rutte", "Rutte", "Ruttes", "Nato-Generalsekretär Mark Rutte"}}


def test_a_shared_first_name_goes_to_the_person_named_nearest_before():
    a = ("Verteidigungsminister Kim Yong-hyun sprach. Diktator Kim Jong-un schweigt. "
         "Kim traf Putin.")
    b = "Machthaber Kim Jong Un reiste. Später sagte Kim nichts."
    entities = mentions(a, [("Kim Yong-hyun", "PER"), ("Kim Jong-un", "PER"), ("Kim", "PER"), ("Putin", "PER")]) + \
        mentions(b, [("Kim Jong Un", "PER"), ("Kim", "PER")], article_id=2)
    groups = group_mentions(entities, {1: a, 2: b})
    kim = groups.at(1, a.index("Kim traf"), a.index("Kim traf") + 3)
    assert kim is groups.at(2, 11, 22) and kim.name in {"Kim Jong Un", "Kim Jong-un"}
    assert {m.form for m in kim.mentions} == {"Diktator Kim Jong-un", "Kim", "Machthaber Kim Jong Un"}
    assert groups.at(1, 22, 35).name == "Kim Yong-hyun"
    assert len(groups.groups) == 3


def test_a_typo_in_a_long_name_is_the_same_person_but_a_namesake_is_not():
    a = "Präsident Yoon Suk Yeo sprach mit Yoon Suk-yeol und Kim Jong Un und Kim Hong Kyun."
    entities = mentions(a, [("Yoon Suk Yeo", "PER"), ("Yoon Suk-yeol", "PER"), ("Kim Jong Un", "PER"),
                            ("Kim Hong Kyun", "PER")])
    assert sorted(len(g.mentions) for g in group_mentions(entities, {1: a}).groups) == [1, 1, 2]


def test_two_ministries_stay_apart_and_a_bare_one_joins_its_articles():
    a = "Zuvor hatte Südkoreas Außenministerium protestiert. Das Außenministerium bestellte den Botschafter ein."
    b = "Das russische Außenministerium betonte die Partnerschaft."
    entities = mentions(a, [("Südkoreas", "LOC"), ("Außenministerium", "ORG"), ("Außenministerium", "ORG")]) + \
        mentions(b, [("Außenministerium", "ORG")], article_id=2) + [(3, 0, 7, "LOC", "Südkorea")]
    groups = {g.name: g for g in group_mentions(entities, {1: a, 2: b, 3: "Südkorea"}).groups if g.label == "ORG"}
    assert set(groups) == {"Südkoreas Außenministerium", "russische Außenministerium"}
    assert len(groups["Südkoreas Außenministerium"].mentions) == 2


def test_places_never_join_by_parts():
    text = "In Kiel und Kiel-Holtenau warteten Schiffe; Kiels Hafen war voll."
    entities = mentions(text, [("Kiel", "LOC"), ("Kiel-Holtenau", "LOC"), ("Kiels", "LOC")])
    assert grouped(entities, {1: text}) == {"Kiel": {"Kiel", "Kiels"}, "Kiel-Holtenau": {"Kiel-Holtenau"}}


def test_a_free_typed_speaker_finds_its_group():
    text = "Lotse Henning Brandt sagte etwas. Reederei-Sprecher Lars Holm auch."
    groups = group_mentions(mentions(text, [("Henning Brandt", "PER"), ("Lars Holm", "PER")]), {1: text})
    assert groups.for_name("Brandt").name == "Henning Brandt"
    assert groups.for_name("henning brandt").name == "Henning Brandt"
    assert groups.for_name("Jana Petersen") is None


@pytest.fixture
def kim_story(fresh_db):
    text = "Machthaber Kim Jong Un reiste. Später sagte Kim nichts. Minister Kim Yong-hyun schwieg."
    entities = [EntitySpan(s, e, label, name) for _, s, e, label, name in mentions(
        text, [("Kim Jong Un", "PER"), ("Kim", "PER"), ("Kim Yong-hyun", "PER")])]
    add_articles(fresh_db, "Korea", [ArticleRecord(text=text, source_path="k.txt", outlet="K",
                                                   zones=[Zone(0, len(text), "body")], entities=entities,
                                                   entity_source="test")])
    return fresh_db


def test_manual_merge_and_split_override_the_grouping_and_the_later_wins(kim_story):
    db = kim_story
    sizes = lambda: sorted(len(g.mentions) for g in story_groups(db, "Korea").groups)
    assert sizes() == [1, 2]
    add_edit(db, 1, "split", "PER", "Kim", "anna")
    assert sizes() == [1, 1, 1]
    add_edit(db, 1, "merge", "PER", "Kim", "anna", target="Kim Yong-hyun")
    groups = story_groups(db, "Korea")
    assert groups.at(1, 0, 100).name == "Kim Jong Un" and len(groups.at(1, 0, 100).mentions) == 1
    assert {m.text for m in groups.get("PER:kim yong hyun").mentions} == {"Kim", "Kim Yong-hyun"}


def test_group_edits_travel_in_the_per_article_export(kim_story, tmp_path):
    add_edit(kim_story, 1, "merge", "PER", "Kim", "anna", target="Kim Yong-hyun")
    lines = list(article_lines(kim_story))
    assert [e["op"] for e in json.loads(lines[0])["entity_group_edits"]] == ["merge"]
    other = open_db(tmp_path / "other.db")
    import_jsonl(other, lines, "korea.jsonl")
    assert list(article_lines(other)) == lines
    assert len(story_groups(other, "Korea").get("PER:kim yong hyun").mentions) == 2
    other.close()


def test_group_edits_are_merged_by_id(kim_story, tmp_path):
    from parallax.store.merge import merge

    kim_story.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path / "copy.db"
    path.write_bytes(open(kim_story.execute("PRAGMA database_list").fetchone()[2], "rb").read())
    add_edit(kim_story, 1, "split", "PER", "Kim", "anna")
    merge(open_db(path), kim_story.execute("PRAGMA database_list").fetchone()[2])
    assert len(story_groups(open_db(path), "Korea").groups) == 3


# -- the seeds -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_groups(seeds_dir, tmp_path_factory):
    """The five seed articles imported as one story with the default pipeline."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    result = CliRunner().invoke(cli, ["import", str(seeds_dir), "--story", "Seeds", "--db", str(path)])
    assert result.exit_code == 0, result.output
    db = open_db(path)
    yield db, story_groups(db, "Seeds")
    db.close()


def mentioned_in(db, name: str) -> set[int]:
    """The articles whose text names someone (by the surname), whether recognised or not."""
    return {row[0] for row in db.execute("SELECT id FROM articles WHERE instr(text, ?) > 0", [name])}


@pytest.mark.seeds
@pytest.mark.parametrize("name, surname", [("Mark Rutte", "Rutte"), ("Yoon Suk Yeol", "Yoon"),
                                           ("Kim Jong Un", "Jong")])
def test_seed_people_are_one_group_across_the_articles(seed_groups, name, surname):
    db, groups = seed_groups
    matching = [g for g in groups.groups if g.label == "PER" and any(surname in m.text for m in g.mentions)
                and (surname != "Jong" or any("Jong" in m.text and "Yong" not in m.text for m in g.mentions))]
    assert len(matching) == 1, [(g.name, g.forms()) for g in matching]
    group = matching[0]
    assert group.name.replace("-", " ").casefold() == name.casefold()
    assert {m.article_id for m in group.mentions} == mentioned_in(db, surname if surname != "Jong" else "Kim Jong")


@pytest.mark.seeds
def test_seed_kim_alone_is_kim_jong_un_not_his_namesakes(seed_groups):
    _, groups = seed_groups
    kim = groups.for_name("Kim Jong Un")
    assert sum(1 for m in kim.mentions if m.text == "Kim") >= 5
    namesakes = [g for g in groups.groups if g.name in ("Kim Hong Kyun", "Kim Yong-hyun")]
    assert [len(g.mentions) for g in namesakes] == [1, 1]


@pytest.mark.seeds
def test_seed_ministries_of_two_countries_are_two_groups(seed_groups):
    _, groups = seed_groups
    ministries = {g.name for g in groups.groups if g.label == "ORG" and
                  any(m.text == "Außenministerium" for m in g.mentions)}
    assert ministries == {"Südkoreas Außenministerium", "russische Außenministerium"}
