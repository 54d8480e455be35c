"""Fuzzing `import` and `import-annotations`: bytes, unicode with NUL and lone
surrogates, wrong JSON types, offsets out of range. Every case ends in
success, or in exit 1 with one line naming the file (and line), no traceback,
and the database exactly as before."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db_support import dump
from parallax.cli import cli
from parallax.store import annotations
from parallax.store.articles import add_articles, text_sha256
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord

TEXT = "Der Kanal ist gesperrt. „Wir warten“, sagte Jana Petersen in Kiel."
SHA = text_sha256(TEXT)
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

any_text = st.text(st.characters(), max_size=12)  # NUL and lone surrogates included
scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | any_text
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(any_text, inner, max_size=3), max_leaves=8)
offsets = st.integers(-5, len(TEXT) + 5) | st.integers(-(2**66), 2**66)


@st.composite
def annotation_line(draw) -> str:
    start = draw(offsets)
    end = draw(offsets)
    line = {"sha256": draw(st.sampled_from([SHA, "0" * 64, "xyz"])), "label": draw(st.sampled_from(["quote", ""])
                                                                                   | any_text),
            "start": start, "end": end, "annotator": draw(any_text | st.just("ben")),
            "status": draw(st.sampled_from(["accepted", "suggested", "maybe"])),
            "attrs": draw(st.dictionaries(any_text, json_values, max_size=2)), "note": draw(st.none() | any_text),
            "updated_at": draw(st.sampled_from(["2026-11-24T09:12:03.512Z", "9999-01-01T00:00:00Z", "gestern"]))}
    if draw(st.booleans()) and isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(TEXT):
        line["text"] = TEXT[start:end]
    for key in draw(st.lists(st.sampled_from(sorted(line)), max_size=2)):
        line[key] = draw(json_values)  # a wrong type in a random field
    return json.dumps(line)  # ensure_ascii: lone surrogates travel as \udxxx escapes


@st.composite
def article_line(draw) -> str:
    text = draw(st.sampled_from([TEXT, "Kurz."]) | any_text)
    line = {"text": text, "story": draw(st.sampled_from(["Kanal"]) | any_text),
            "zones": [{"start": draw(offsets), "end": draw(offsets), "kind": draw(st.sampled_from(["body", "x"]))}],
            "sentences": [{"start": draw(offsets), "end": draw(offsets)}],
            "entities": [{"start": 0, "end": 3, "label": "LOC", "text": draw(st.sampled_from([text[:3], "Kim"]))}],
            "spans": [{"start": draw(offsets), "end": draw(offsets), "label": "claim"}]}
    for key in draw(st.lists(st.sampled_from(sorted(line)), max_size=1)):
        line[key] = draw(json_values)
    return json.dumps(line)


def as_file(draw_lines: list[str]) -> bytes:
    return "\n".join(draw_lines).encode("utf-8", "surrogatepass") + b"\n"


annotation_files = (st.lists(annotation_line() | article_line(), min_size=1, max_size=4).map(as_file)
                    | st.binary(max_size=200)
                    | st.text(st.characters(), max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "template.db"
    db = open_db(path)
    (stored,) = add_articles(db, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt", outlet="taz")])
    annotations.add(db, stored.article_id, 0, 9, "claim", "anna")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def check_outcome(result, path: Path, db: Path, before: list[str]) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        return
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("parallax: ")]
    assert len(errors) == 1 and errors[0].startswith(f"parallax: {path}"), result.output
    assert dump(db) == before


@FUZZ
@given(content=annotation_files)
def test_import_annotations_fuzz(template, tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("case")
    db = Path(shutil.copy(template, folder / "fuzz.db"))
    path = folder / "feed.jsonl"
    path.write_bytes(content)
    before = dump(db)
    result = CliRunner().invoke(cli, ["import-annotations", str(path), "--db", str(db)])
    check_outcome(result, path, db, before)


feed_line = st.fixed_dictionaries({"text": st.sampled_from([TEXT]) | any_text | json_values},
                                  optional={"title": any_text | json_values, "outlet": json_values,
                                            "published": any_text})
import_files = st.tuples(
    st.sampled_from(["feed.jsonl", "article.txt", "page.html"]),
    st.lists(feed_line.map(json.dumps), min_size=1, max_size=3).map(as_file)
    | st.binary(max_size=200)
    | st.text(st.characters(), min_size=1, max_size=120).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@FUZZ
@given(case=import_files)
def test_import_fuzz(template, tmp_path_factory, tiny_model, case):
    name, content = case
    folder = tmp_path_factory.mktemp("case")
    db = Path(shutil.copy(template, folder / "fuzz.db"))
    path = folder / name
    path.write_bytes(content)
    before = dump(db)
    result = CliRunner().invoke(cli, ["import", str(path), "--story", "S", "--model", str(tiny_model),
                                      "--db", str(db)])
    check_outcome(result, path, db, before)
    if result.exit_code == 0:
        conn = sqlite3.connect(db)
        texts = [row[0] for row in conn.execute("SELECT text FROM articles")]
        assert not any("\x00" in text for text in texts)
