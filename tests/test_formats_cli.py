"""`parallax export --format …` and `import-annotations --format …` as a user
meets them: the loss report on stderr, --strict, the layouts, the errors."""

import json

import pytest
from click.testing import CliRunner

from formats_support import articles_only, build, rows
from parallax.cli.main import cli


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_every_export_prints_its_loss_report(tmp_path):
    fixture = build(tmp_path)
    result = run("export", "--format", "labelstudio", "--db", str(fixture.path), "--out", str(tmp_path / "ls"))
    assert result.exit_code == 0, result.output
    assert "2 articles written to" in result.stderr
    assert ("loss report: labelstudio: 1 links across articles not representable; 1 links whose span was left out; "
            "1 rejected spans left out (the format has no place for rejected answers)") in result.stderr
    assert json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))


def test_strict_fails_and_writes_nothing_when_something_would_be_lost(tmp_path):
    fixture = build(tmp_path)
    out = tmp_path / "inception.zip"
    result = run("export", "--format", "xmi", "--strict", "--db", str(fixture.path), "--out", str(out))
    assert result.exit_code == 1
    assert "--strict: xmi would leave things out: 1 links across articles not representable" in result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".parallax-export")] == []


def test_strict_passes_when_the_selection_fits_the_format(tmp_path):
    fixture = build(tmp_path)
    out = tmp_path / "ben.zip"
    result = run("export", "--format", "xmi", "--strict", "--annotator", "ben", "--db", str(fixture.path),
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "loss report: xmi: nothing left out" in result.stderr
    assert out.exists()


def test_stream_formats_go_to_stdout_and_folders_need_out(tmp_path):
    fixture = build(tmp_path)
    result = run("export", "--format", "conllu", "--db", str(fixture.path))
    assert result.exit_code == 0
    assert result.stdout.startswith("# newdoc id = ")
    result = run("export", "--format", "brat", "--db", str(fixture.path))
    assert result.exit_code == 1
    assert "--format brat writes a folder: give it with --out" in result.stderr


def test_an_existing_folder_is_never_written_over(tmp_path):
    fixture = build(tmp_path)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me", encoding="utf-8")
    result = run("export", "--format", "brat", "--db", str(fixture.path), "--out", str(folder))
    assert result.exit_code == 1 and "already exists; name a new folder" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]


def test_per_article_is_only_for_jsonl(tmp_path):
    fixture = build(tmp_path)
    result = run("export", "--format", "prodigy", "--per-article", "--db", str(fixture.path))
    assert result.exit_code == 1 and "--per-article is a JSONL shape" in result.stderr


def test_import_annotations_names_spans_whose_file_does_not_say_who(tmp_path):
    fixture = build(tmp_path)
    out = tmp_path / "brat"
    assert run("export", "--format", "brat", "--annotator", "ben", "--db", str(fixture.path),
               "--out", str(out)).exit_code == 0
    for ann in out.glob("*.ann"):  # what a colleague's own brat file looks like: no annotator attribute
        lines = [line for line in ann.read_text(encoding="utf-8").splitlines() if not line.startswith("A")]
        ann.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    target = articles_only(tmp_path)
    result = run("import-annotations", "--format", "brat", "--annotator", "carla", "--db", str(target), str(out))
    assert result.exit_code == 0, result.output
    assert "2 annotations added, 0 updated, 0 unchanged; 0 links added, 0 unchanged" in result.stdout
    assert {(r["annotator"], r["status"]) for r in rows(target)} == {("carla", "accepted")}


def test_a_broken_file_names_itself_and_stores_nothing(tmp_path):
    fixture = build(tmp_path)
    out = tmp_path / "brat"
    run("export", "--format", "brat", "--db", str(fixture.path), "--out", str(out))
    ann = sorted(out.glob("*.ann"))[0]
    ann.write_text(ann.read_text(encoding="utf-8") + "R9\tsame Arg1:T1 Arg2:T99\n", encoding="utf-8")
    target = articles_only(tmp_path)
    result = run("import-annotations", "--format", "brat", "--db", str(target), str(out))
    assert result.exit_code == 1
    assert f"{ann}:" in result.stderr and "T99" in result.stderr
    assert rows(target) == []


def test_suggested_links_are_counted_not_exported_as_relations(tmp_path):
    from parallax.store import links
    from parallax.store.db import open_db

    fixture = build(tmp_path)
    db = open_db(fixture.path)
    links.add(db, fixture.ids["quote"], fixture.ids["overlap"], "same", "suggest:links-1", status="suggested")
    db.close()
    result = run("export", "--format", "brat", "--db", str(fixture.path), "--out", str(tmp_path / "brat"))
    assert result.exit_code == 0, result.output
    assert "1 suggested and rejected links left out (the formats hold accepted relations only)" in result.stderr
    relations = [line for ann in (tmp_path / "brat").rglob("*.ann")
                 for line in ann.read_text(encoding="utf-8").splitlines() if line.startswith("R")]
    assert len(relations) == 2  # elaborates and review_of, inside the first article; not the suggestion


def test_another_tools_spans_and_links_are_checked_like_an_import_line(db_path):
    """issue 10 for the formats' import: what `import-annotations` refuses in a
    JSONL line (NUL, a status it does not know, a date far ahead, a link kind
    SQLite cannot hold) is refused from another tool's file too, storing nothing."""
    from parallax.formats.records import ImportedArticle, ImportedLink, ImportedSpan
    from parallax.formats.store_in import import_articles
    from parallax.store.articles import add_articles
    from parallax.store.db import open_db
    from parallax.store.errors import StoreError
    from parallax.store.records import ArticleRecord

    text = "Der Kanal ist gesperrt. Die Reederei schweigt."
    db = open_db(db_path)
    add_articles(db, "Kanal", [ArticleRecord(text=text, source_path="a.txt")])
    good = ImportedSpan(0, 9, "claim", annotator="ben", created_at="2026-11-24T09:12:03.512Z")
    cases = [
        (ImportedSpan(0, 9, "claim", note="a\x00b"), [], "note: NUL character"),
        (ImportedSpan(0, 9, "claim", status="maybe"), [], "status: unknown value 'maybe'"),
        (ImportedSpan(0, 9, "claim", updated_at="9999-01-01T00:00:00Z"), [], "updated_at: 9999-01-01"),
        (ImportedSpan(0, 9, "claim", attrs={"speaker": {"deep": [1]}}), [], "attrs"),
        (ImportedSpan(0, 90, "claim"), [], "end: 90 is outside the article text"),
    ]
    for span, _, expected in cases:
        with pytest.raises(StoreError, match=expected):
            import_articles(db, [ImportedArticle(text, [good, span], where="f.json:3")], "import:test")
    other = ImportedSpan(10, 22, "quote", annotator="ben")
    with pytest.raises(StoreError, match=r"f.json:3: kind: NUL character"):
        import_articles(db, [ImportedArticle(text, [good, other], [ImportedLink(good, other, "sa\x00me")],
                                             where="f.json:3")], "import:test")
    assert db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM links").fetchone()[0] == 0
    summary = import_articles(db, [ImportedArticle(text, [good, other], [ImportedLink(good, other, "same")],
                                                   where="f.json:3")], "import:test")
    assert (summary.added, summary.links_added) == (2, 1)
    assert db.execute("SELECT created_at FROM annotations WHERE label = 'claim'").fetchone()[0] == (
        "2026-11-24T09:12:03.512Z")
