"""Every JSONL line of `import` and `import-annotations` is checked against a
declared schema before anything is stored: one line `file:line: field: reason`,
exit 1, nothing from that file in the database."""

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from db_support import dump
from parallax.cli import cli
from parallax.store import annotations
from parallax.store.articles import add_articles, text_sha256
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord

TEXT = "Der Kanal ist gesperrt. „Wir warten“, sagte Jana Petersen in Kiel."
SHA = text_sha256(TEXT)


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("parallax: ")]
    assert len(errors) == 1, result.output
    return errors[0].removeprefix("parallax: ")


@pytest.fixture
def stocked(db_path) -> Path:
    db = open_db(db_path)
    (stored,) = add_articles(db, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt", outlet="taz")])
    annotations.add(db, stored.article_id, 0, 23, "claim", "anna")
    db.close()
    return db_path


def annotation(**changes) -> dict:
    line = {"sha256": SHA, "label": "quote", "start": 24, "end": 36, "text": TEXT[24:36], "annotator": "ben",
            "status": "accepted", "attrs": {"form": "direct"}, "note": None, "id": "01KM3ZZZZZZZZZZZZZZZZZZZZZ",
            "created_at": "2026-11-24T09:12:03.512Z", "updated_at": "2026-11-24T09:12:03.512Z"}
    return line | changes


def article(**changes) -> dict:
    text = "Die Schleuse ist zu. Ein Frachter blockiert sie."
    line = {"story": "Schleuse", "sha256": text_sha256(text), "outlet": "taz", "title": "Schleuse", "text": text,
            "zones": [{"start": 0, "end": len(text), "kind": "body"}],
            "sentences": [{"start": 0, "end": 20}, {"start": 21, "end": len(text)}],
            "entities": [{"start": 4, "end": 12, "label": "LOC", "text": "Schleuse"}],
            "spans": [{"start": 0, "end": 20, "label": "claim", "text": text[:20], "annotator": "anna"}]}
    return line | changes


def raw(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


BAD_ANNOTATION_LINES = {
    "start is a boolean": (raw(annotation(start=True)), "start", "bool"),
    "start is text": (raw(annotation(start="abc")), "start", "str"),
    "id is a list": (raw(annotation(id=[])), "id", "array"),
    "note is an object": (raw(annotation(note={})), "note", "object"),
    "huge integer": (raw(annotation(end=10**20)), "end", ""),
    "end past the text": (raw(annotation(end=len(TEXT) + 1, text=None)), "end", "outside"),
    "empty span": (raw(annotation(start=30, end=30, text=None)), "end", "after start"),
    "text does not match": (raw(annotation(text="etwas anderes")), "text", "does not match"),
    "NUL in a label": (raw(annotation(label="quo\u0000te")), "label", "NUL"),
    "lone surrogate in a note": (raw(annotation(note="x")).replace('"note": "x"', '"note": "ab\\ud800"'),
                                 "note", "surrogate"),
    "attrs nested 100,000 deep": (raw(annotation()).replace('{"form": "direct"}', deep(100_000)), "", "deep"),
    "unknown field nested 100,000 deep": (raw(annotation())[:-1] + ', "extra": ' + deep(100_000) + "}",
                                          "", "deep"),
    "attrs nested a little too deep": (raw(annotation(attrs={"a": {"b": {"c": 1}}})), "attrs", ""),
    "unknown status": (raw(annotation(status="maybe")), "status", "accepted"),
    "timestamp in the year 9999": (raw(annotation(updated_at="9999-12-31T00:00:00.000Z")), "updated_at", "future"),
    "timestamp that is not one": (raw(annotation(created_at="yesterday")), "created_at", ""),
    "sha256 that is not one": (raw(annotation(sha256="abc")), "sha256", ""),
    "a list instead of an object": ("[1, 2, 3]", "", "object"),
    "not JSON": ('{"label": "quote", ', "", "JSON"),
}


@pytest.mark.parametrize("case", sorted(BAD_ANNOTATION_LINES))
def test_bad_annotation_line_is_one_line_and_stores_nothing(stocked, tmp_path, case):
    line, field, reason = BAD_ANNOTATION_LINES[case]
    feed = tmp_path / "feed.jsonl"
    good = raw(annotation(id="01KM3YYYYYYYYYYYYYYYYYYYYY", start=0, end=9, text=TEXT[:9]))
    feed.write_text(good + "\n" + line + "\n", encoding="utf-8", errors="surrogatepass")
    before = dump(stocked)
    message = one_error_line(CliRunner().invoke(cli, ["import-annotations", str(feed), "--db", str(stocked)]))
    where, _, rest = message.partition(": ")
    assert where == f"{feed}:2"
    if field:
        assert rest.startswith(field), message
    assert reason.lower() in rest.lower(), message
    assert dump(stocked) == before


BAD_ARTICLE_LINES = {
    "unknown zone kind": (article(zones=[{"start": 0, "end": 5, "kind": "sidebar"}]), "zones[0].kind", ""),
    "zone past the text": (article(zones=[{"start": 0, "end": 500, "kind": "body"}]), "zones[0].end", "outside"),
    "sentence past the text": (article(sentences=[{"start": 40, "end": 4000}]), "sentences[0].end", "outside"),
    "entity text that does not match": (article(entities=[{"start": 0, "end": 3, "label": "PER", "text": "Kim"}]),
                                        "entities[0].text", "does not match"),
    "span past the text": (article(spans=[{"start": 0, "end": 900, "label": "claim"}]), "spans[0].end", "outside"),
    "NUL in the text": (article(text="Die Schleuse\u0000 ist zu.", sha256=None, zones=[], sentences=[],
                                entities=[], spans=[]), "text", "position 12"),
    "sha256 of another text": (article(sha256=SHA), "sha256", "does not match"),
    "negative offset": (article(sentences=[{"start": -1, "end": 4}]), "sentences[0].start", ""),
    # issue 11's entity-group edits ride on article lines: declared and checked alike
    "group edit of an unknown op": (article(entity_group_edits=[{"op": "explode", "label": "PER", "form": "Kim",
                                                                 "annotator": "anna"}]),
                                    "entity_group_edits[0].op", "unknown value 'explode'"),
    "group merge without a target": (article(entity_group_edits=[{"op": "merge", "label": "PER", "form": "Kim",
                                                                  "annotator": "anna"}]),
                                     "entity_group_edits[0].target", "a merge needs"),
    "group edit dated ahead": (article(entity_group_edits=[{"op": "split", "label": "PER", "form": "Kim",
                                                            "annotator": "anna",
                                                            "created_at": "9999-01-01T00:00:00Z"}]),
                               "entity_group_edits[0].created_at", "in the future"),
    "group edit with a NUL": (article(entity_group_edits=[{"op": "split", "label": "PER", "form": "K\u0000im",
                                                           "annotator": "anna"}]),
                              "entity_group_edits[0].form", "NUL character"),
}


@pytest.mark.parametrize("case", sorted(BAD_ARTICLE_LINES))
def test_bad_article_line_is_one_line_and_stores_nothing(db_path, tmp_path, case):
    obj, field, reason = BAD_ARTICLE_LINES[case]
    feed = tmp_path / "articles.jsonl"
    feed.write_text(raw(article(text="Ein guter Text.", sha256=None, zones=[], sentences=[], entities=[],
                                spans=[])) + "\n" + raw(obj) + "\n", encoding="utf-8")
    open_db(db_path).close()
    before = dump(db_path)
    message = one_error_line(CliRunner().invoke(cli, ["import-annotations", str(feed), "--db", str(db_path)]))
    assert message.startswith(f"{feed}:2: {field}: "), message
    assert reason.lower() in message.lower(), message
    assert dump(db_path) == before


def link(**changes) -> dict:
    line = {"id": "01KM3ZZZZZZZZZZZZZZZZZZZZL", "to": "X", "kind": "same", "annotator": "ben",
            "status": "accepted", "attrs": {"evidence": "Kiel"}, "created_at": "2026-11-24T09:12:03.512Z",
            "updated_at": "2026-11-24T09:12:03.512Z"}
    return line | changes


def test_links_on_annotation_lines_are_declared_checked_and_stored(stocked, tmp_path):
    """The `links` of an annotation line go through the same declared schema and the same
    all-or-nothing staging as the line itself; a bad one names file, line and field."""
    (anna,) = sqlite3.connect(stocked).execute("SELECT id FROM annotations").fetchone()
    feed = tmp_path / "feed.jsonl"
    bad = link(to=anna, attrs={"evidence": {"deep": ["x"]}})
    feed.write_text(raw(annotation(links=[bad])) + "\n", encoding="utf-8")
    before = dump(stocked)
    message = one_error_line(CliRunner().invoke(cli, ["import-annotations", str(feed), "--db", str(stocked)]))
    assert message.startswith(f"{feed}:1: links[0].attrs") and "got array" in message, message
    assert dump(stocked) == before

    feed.write_text(raw(annotation(links=[link(to=anna)])) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import-annotations", str(feed), "--db", str(stocked)])
    assert result.exit_code == 0, result.output
    stored = sqlite3.connect(stocked).execute("SELECT id, src_annotation, dst_annotation, kind, attrs FROM links")
    assert stored.fetchall() == [(link()["id"], annotation()["id"], anna, "same", '{"evidence":"Kiel"}')]


# -- parallax import ------------------------------------------------------------------------


@pytest.fixture
def run_import(db_path, tiny_model):
    def invoke(*paths: Path, extra: tuple[str, ...] = ()):
        return CliRunner().invoke(cli, ["import", *map(str, paths), "--story", "S", "--model", str(tiny_model),
                                        *extra, "--db", str(db_path)])

    return invoke


BAD_FEED_LINES = {
    "title is a number": ('{"text": "Der Kanal ist zu.", "title": 5}', "title", "int"),
    "published is an object": ('{"text": "Der Kanal ist zu.", "published": {}}', "published", "object"),
    "NUL in the text": ('{"text": "Der Kanal\\u0000 ist zu."}', "text", "position 9"),
    "lone surrogate in the text": ('{"text": "Der Kanal \\udc80 ist zu."}', "text", "surrogate"),
    "huge integer as the author": ('{"text": "Der Kanal ist zu.", "author": ' + str(10**20) + "}", "author", ""),
    "nested 100,000 deep": ('{"text": "Der Kanal ist zu.", "x": ' + deep(100_000) + "}", "", "deep"),
    "no text": ('{"title": "leer"}', "text", ""),
}


@pytest.mark.parametrize("case", sorted(BAD_FEED_LINES))
def test_bad_feed_line_in_import(run_import, db_path, tmp_path, case):
    line, field, reason = BAD_FEED_LINES[case]
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "Ein guter Text über den Kanal."}\n' + line + "\n", encoding="utf-8")
    result = run_import(feed)
    message = one_error_line(result)
    assert message.startswith(f"{feed}:2: {field}: " if field else f"{feed}:2: "), message
    assert reason.lower() in message.lower(), message
    assert "0 articles added" in result.output


def test_nul_deep_in_a_text_file_is_refused_with_its_position(run_import, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Der Kanal ist gesperrt.\n" * 1000 + "Ende\u0000.\n", encoding="utf-8")
    message = one_error_line(run_import(path))
    assert message.startswith(f"{path}:1001: ") and "NUL" in message and "--replace-invalid" in message


def test_replace_invalid_replaces_and_reports(run_import, db_path, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Der Kanal ist gesperrt.\n" * 1000 + "Ende\u0000.\n", encoding="utf-8")
    result = run_import(path, extra=("--replace-invalid",))
    assert result.exit_code == 0, result.output
    assert "replaced 1 NUL character" in result.output and "1 article added" in result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT instr(text, char(0)) FROM articles").fetchone()[0] == 0
    assert "Ende\ufffd." in conn.execute("SELECT text FROM articles").fetchone()[0]


@pytest.mark.parametrize("content", [b"Nur ein Text, kein HTML.\n", b"<", b'{"text": "x"}', b"%PDF-1.4 abc",
                                     b"<!-- nichts -->", b"a\xff\xfeb"])
def test_an_html_file_that_is_not_html_is_a_clear_error(run_import, tmp_path, content):
    path = tmp_path / "page.html"
    path.write_bytes(content)
    message = one_error_line(run_import(path))
    assert message.startswith(f"{path}: ") and "HTML" in message
