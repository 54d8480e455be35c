"""Blind mode: an annotator sees only their own labels and the suggestions, and
counts only theirs; the story list shows everyone's progress; agreement reads
everyone's. Two annotators on one database, as independent annotation needs."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reader_support import STORY, goto_sentence, make_app, pilot_test, query, screen_text, settle, story_screen
from parallax.analysis.agreement import agreement
from parallax.store.annotations import add
from parallax.store.db import open_db
from parallax.tui.config import Config, load_config
from parallax.tui.story_list import StoryListScreen


def sentences(db_path: Path) -> list[tuple[int, int]]:
    return query(db_path, 'SELECT start, "end" FROM sentences WHERE article_id = 1 ORDER BY start')[3:6]


async def tag(db_path: Path, annotator: str, keys: dict[int, str]) -> list[list[tuple]]:
    """`annotator` in blind mode tags sentence → label key; returns what each column showed at the start."""
    app = make_app(db_path, config=Config(annotator=annotator, blind=True))
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        seen = [[(r["annotator"], r["label"]) for r in doc.annotations] for doc in screen.docs]
        status = str(screen.status.render())
        assert "BLIND" in status and "q quote 0  c claim 0  o opinion 0" in status
        header = str(screen.columns[0].query_one(".column-header").render())
        assert header.split("\n")[0].endswith("q0  c0  o0  m1")  # only the suggestion, a comment
        for start, key in keys.items():
            await goto_sentence(pilot, screen, start)
            await pilot.press(key)
        await settle(app, pilot)
        screen.poll_changes()
        after = [[(r["annotator"], r["label"]) for r in doc.annotations] for doc in screen.docs]
        assert sorted(after[0]) == sorted(seen[0] + [(annotator, "quote" if k == "q" else
                                                      "claim" if k == "c" else "opinion") for k in keys.values()])
    return seen


@pilot_test
async def test_two_blind_annotators_never_see_each_others_labels_and_agreement_reads_both(sample_db):
    first, second, third = sentences(sample_db)
    db = open_db(sample_db)
    add(db, 1, *third, "comment", "suggest:rules-de-1", status="suggested")
    db.close()
    suggestion = ("suggest:rules-de-1", "comment")

    seen_by_anna = await tag(sample_db, "anna", {first[0]: "q", second[0]: "c"})
    seen_by_ben = await tag(sample_db, "ben", {first[0]: "o", second[0]: "q"})
    assert seen_by_anna[0] == [suggestion]
    assert seen_by_ben[0] == [suggestion]  # not anna's quote and claim

    # toggling blind off shows everyone's
    app = make_app(sample_db, config=Config(annotator="ben", blind=True))
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await story_screen(app, pilot)
        await pilot.press("B")
        await settle(app, pilot)
        assert {r["annotator"] for r in screen.docs[0].annotations} == {"anna", "ben", "suggest:rules-de-1"}
        assert "BLIND" not in str(screen.status.render())
        await pilot.press("escape")  # the story list: each annotator's progress
        await settle(app, pilot)
        assert isinstance(app.screen, StoryListScreen)
        assert "anna 1·2  ben 1·2" in screen_text(app)

    db = open_db(sample_db)
    result = agreement(db, STORY, annotators=["anna", "ben"], max_disagreements=None)
    db.close()
    assert result.annotators == ["anna", "ben"]
    assert result.total.disagreements == 2 and result.total.overall.units > 2


def test_open_blind_and_the_config_key_switch_it_on(sample_db, tmp_path, monkeypatch):
    import parallax.cli.launch
    from parallax.cli.main import cli

    opened = []
    monkeypatch.setattr(parallax.cli.launch, "start_reader", lambda path, story, config, **kw: opened.append(config))
    monkeypatch.setenv("PARALLAX_CONFIG", str(tmp_path / "none.toml"))
    result = CliRunner().invoke(cli, ["--db", str(sample_db), "open", "--blind", "--annotator", "ben"])
    assert result.exit_code == 0, result.output
    assert opened[-1].blind and opened[-1].annotator == "ben"
    assert not load_config(tmp_path / "none.toml").blind
    path = tmp_path / "config.toml"
    path.write_text("blind = true\n")
    monkeypatch.setenv("PARALLAX_CONFIG", str(path))
    result = CliRunner().invoke(cli, ["--db", str(sample_db), "open", "--annotator", "ben"])
    assert result.exit_code == 0, result.output
    assert opened[-1].blind and len(opened) == 2
