"""The command line as a user meets it: click's CliRunner, and real processes where it matters."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from parallax.ingest.ner_model import default_pipeline_name

ARTICLE = """Kanal nach Havarie gesperrt

Die Hafenkapitänin Jana Petersen sagte am Dienstag in Kiel: „Der Kanal bleibt bis Freitag zu.“

Die Reederei erklärte, der Motor sei ausgefallen. Laut Polizei ist niemand verletzt.
"""


@pytest.fixture
def run(db_path, tiny_model):
    def invoke(*args: str, input: str | None = None, model: bool = True):
        extra = ["--model", str(tiny_model)] if model and args and args[0] == "import" else []
        return CliRunner().invoke(cli, [*args, *extra, "--db", str(db_path)], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "kanal"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("Dienstag", "Mittwoch"), encoding="utf-8")
    return folder


def test_version_and_help_teach():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and re.search(r"parallax, version \d", result.output)
    result = CliRunner().invoke(cli, ["--help"])
    for command in ("demo", "import", "stories", "stats", "export", "import-annotations", "open"):
        assert command in result.output
    assert "annotations.db" in result.output


def test_every_command_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"parallax {name}" in readme, name


def test_import_folder_then_stories_stats_export(run, articles, tiny_model):
    result = run("import", str(articles), "--story", "Kanal")
    assert result.exit_code == 0, result.output
    assert "2 articles added to story 'Kanal'" in result.output
    assert f"entities by: {tiny_model.name}" in result.output

    result = run("import", str(articles / "a.txt"), "--story", "Kanal")
    assert "0 articles added" in result.output and "1 already imported" in result.output

    result = run("stories")
    assert result.output.startswith("Kanal\t2 articles")

    result = run("stats", "Kanal", "--json")
    stats = json.loads(result.output)
    assert len(stats["articles"]) == 2
    assert stats["entity_sources"] and all(tiny_model.name in s for s in stats["entity_sources"])
    assert stats["entity_labels"].get("PER") == 2

    assert run("export").output == ""
    lines = [json.loads(line) for line in run("export", "--per-article").output.splitlines()]
    assert len(lines) == 2
    for line in lines:
        for entity in line["entities"]:
            assert line["text"][entity["start"]:entity["end"]] == entity["text"]


def test_default_story_is_the_folder_name(run, articles):
    run("import", str(articles))
    assert run("stories").output.startswith("kanal\t")


def test_outlet_option_overrides_detection(run, articles):
    run("import", str(articles / "a.txt"), "--outlet", "Kieler Rundschau", "--story", "K")
    [line] = run("export", "--per-article").output.splitlines()
    assert json.loads(line)["outlet"] == "Kieler Rundschau"


def test_export_to_file_and_import_annotations_roundtrip(run, articles, db_path, tmp_path):
    from parallax.store import annotations
    from parallax.store.db import open_db

    run("import", str(articles), "--story", "Kanal")
    db = open_db(db_path)
    annotations.add(db, 1, 0, 27, "claim", "anna", attrs={"cue": "Schlagzeile"})
    annotations.add(db, 2, 29, 60, "quote", "ben", status="suggested")
    db.close()
    out = tmp_path / "all.jsonl"
    result = run("export", "--per-article", "--out", str(out))
    assert result.exit_code == 0 and "2 lines written" in result.output

    fresh = tmp_path / "fresh.db"
    result = CliRunner().invoke(cli, ["import-annotations", str(out), "--db", str(fresh)])
    assert result.exit_code == 0, result.output
    assert "2 annotations added" in result.output and "2 articles added" in result.output
    again = CliRunner().invoke(cli, ["import-annotations", str(out), "--db", str(fresh)])
    assert "0 annotations added, 0 updated, 2 unchanged" in again.output
    exported = CliRunner().invoke(cli, ["export", "--db", str(fresh)]).output
    assert exported == run("export").output
    only_ben = CliRunner().invoke(cli, ["export", "--db", str(fresh), "--annotator", "ben"]).output
    assert [json.loads(l)["annotator"] for l in only_ben.splitlines()] == ["ben"]


def test_export_unknown_story_is_an_error(run):
    result = run("export", "--story", "Gibt es nicht")
    assert result.exit_code == 1
    assert "no story named 'Gibt es nicht'" in result.output


def test_import_annotations_bad_line(run, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "spans": []}\n{oops\n', encoding="utf-8")
    result = run("import-annotations", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:2: not valid JSON" in result.output
    assert "Traceback" not in result.output


def test_demo_imports_the_sample_story_once(db_path, tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--no-open", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "4 articles added to story" in result.output
    assert f"entities by: {default_pipeline_name()}" in result.output  # the model + the recognizer
    again = CliRunner().invoke(cli, ["demo", "--no-open", "--db", str(db_path)])
    assert "0 articles added" in again.output and "4 already imported" in again.output
    stats = json.loads(CliRunner().invoke(cli, ["stats", "--json", "--db", str(db_path)]).output)
    assert [a["outlet"] for a in stats["articles"]] == ["Kieler Rundschau", "Hanse-Kurier", "nordwelle", "OSD.news"]
    assert stats["zones"].get("reader_comments", 0) >= 2
    assert stats["entity_labels"]["PER"] >= 10 and stats["entity_labels"]["LOC"] >= 10
