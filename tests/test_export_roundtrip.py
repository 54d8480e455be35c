"""What `export` writes comes back through `import-annotations` without loss."""

import json
import time
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.store import annotations
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.export import Filters, annotation_lines, article_lines
from parallax.store.jsonl_import import LineError, import_jsonl
from parallax.store.records import ArticleRecord, EntitySpan, Zone

import pytest

from parallax.store.ids import now

TEXTS = [
    "„Wir schließen den Kanal“, sagte Hafenkapitänin Jana Petersen am Montag in Brunsbüttel.",
    "Die Reederei erklärte, der Motor sei ausgefallen. [dpa] [/] \x1b[2J Ende 😀 e\u0301.",
]

# NUL and lone surrogates are refused by the store (SQLite's text functions stop
# at NUL; UTF-8 cannot hold surrogates), integers in attrs are JSON-safe ones.
unicode_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
attrs = st.dictionaries(st.sampled_from(["speaker", "form", "cue", "x y"]),
                        unicode_text | st.integers(-(2**53), 2**53), max_size=3)


@st.composite
def spans(draw):
    article = draw(st.integers(0, len(TEXTS) - 1))
    length = len(TEXTS[article])
    start = draw(st.integers(0, length - 1))
    end = draw(st.integers(start + 1, length))
    return dict(
        article=article, start=start, end=end,
        label=draw(st.sampled_from(["quote", "claim", "opinion", "comment", "Zitat ü"])),
        annotator=draw(st.sampled_from(["anna", "ben", "suggest:rules"])),
        status=draw(st.sampled_from(["accepted", "suggested", "rejected"])),
        attrs=draw(attrs), note=draw(st.none() | unicode_text),
    )


def make_db(folder: Path, name: str):
    return open_db(folder / name)


def seed(db):
    records = [
        ArticleRecord(text=t, source_path=f"{i}.txt", outlet=f"Outlet {i}", title=f"Titel {i}",
                      zones=[Zone(0, len(t), "body")], sentences=[(0, len(t))],
                      entities=[EntitySpan(0, 1, "MISC", t[0])], entity_source="test")
        for i, t in enumerate(TEXTS)
    ]
    return [s.article_id for s in add_articles(db, "Kanal", records)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(spans(), max_size=12))
def test_export_import_export_is_identical(items):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = make_db(folder, "a.db")
        ids = seed(source)
        for item in items:
            annotations.add(source, ids[item["article"]], item["start"], item["end"], item["label"],
                            item["annotator"], status=item["status"], attrs=item["attrs"], note=item["note"])
        per_annotation = list(annotation_lines(source))
        per_article = list(article_lines(source))
        for line in per_annotation:
            obj = json.loads(line)
            assert TEXTS[int(obj["title"][-1])][obj["start"]:obj["end"]] == obj["text"]

        # Articles with their spans come back from the per-article shape alone …
        target = make_db(folder, "b.db")
        import_jsonl(target, per_article, "articles.jsonl")
        assert list(article_lines(target)) == per_article
        assert list(annotation_lines(target)) == per_annotation

        # … and annotation lines into a database that has the articles.
        third = make_db(folder, "c.db")
        seed(third)
        summary = import_jsonl(third, per_annotation, "labels.jsonl")
        assert summary.annotations_added == len(items)
        assert list(annotation_lines(third)) == per_annotation
        again = import_jsonl(third, per_annotation, "labels.jsonl")
        assert (again.annotations_added, again.annotations_unchanged) == (0, len(items))
        for db in (source, target, third):
            db.close()


def test_filters_narrow_both_shapes(fresh_db):
    a, b = seed(fresh_db)
    annotations.add(fresh_db, a, 0, 5, "quote", "anna")
    annotations.add(fresh_db, a, 6, 10, "claim", "ben", status="suggested")
    annotations.add(fresh_db, b, 0, 3, "claim", "anna")
    only = lambda **kw: [json.loads(l) for l in annotation_lines(fresh_db, Filters(**kw))]
    assert {o["label"] for o in only(labels=("claim",))} == {"claim"}
    assert [o["annotator"] for o in only(annotators=("ben",))] == ["ben"]
    assert [o["status"] for o in only(statuses=("suggested",))] == ["suggested"]
    assert len(only(stories=("Kanal",))) == 3 and only(stories=("Anders",)) == []
    articles = [json.loads(l) for l in article_lines(fresh_db, Filters(annotators=("anna",)))]
    assert [len(a["spans"]) for a in articles] == [1, 1]
    assert all(s["annotator"] == "anna" for a in articles for s in a["spans"])


def test_newer_copy_wins_and_older_is_ignored(fresh_db):
    a, _ = seed(fresh_db)
    row = annotations.add(fresh_db, a, 0, 5, "quote", "anna")
    [line] = annotation_lines(fresh_db)
    time.sleep(0.002)  # a later edit on another machine; a date far ahead would be refused as in the future
    newer = json.loads(line) | {"label": "claim", "updated_at": now()}
    older = json.loads(line) | {"label": "opinion", "updated_at": "2000-01-01T00:00:00.000Z"}
    summary = import_jsonl(fresh_db, [json.dumps(older), json.dumps(newer)], "x.jsonl")
    assert (summary.annotations_unchanged, summary.annotations_updated) == (1, 1)
    assert annotations.get(fresh_db, row["id"])["label"] == "claim"


@pytest.mark.parametrize("line, message", [
    ("{not json", "2: not valid JSON"),
    ("[1, 2]", "2: a line must be a JSON object"),
    ('{"foo": 1}', "2: neither an annotation line"),
    ('{"sha256": "ab", "label": "quote", "start": 0, "end": 3}', "2: sha256: expected str matching"),
    ('{"sha256": "' + "0" * 64 + '", "label": "quote", "start": 0, "end": 3}', "2: sha256: article 000000000000…"),
])
def test_a_bad_line_names_file_and_line_and_stores_nothing(fresh_db, line, message):
    a, _ = seed(fresh_db)
    good = json.dumps({"sha256": fresh_db.execute("SELECT sha256 FROM articles WHERE id = ?", [a]).fetchone()[0],
                       "label": "quote", "start": 0, "end": 3, "annotator": "anna"})
    with pytest.raises(LineError, match=f"labels.jsonl:{message}"):
        import_jsonl(fresh_db, [good, line], "labels.jsonl")
    assert fresh_db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0


def test_span_text_must_match_the_article(fresh_db):
    a, _ = seed(fresh_db)
    sha = fresh_db.execute("SELECT sha256 FROM articles WHERE id = ?", [a]).fetchone()[0]
    bad = json.dumps({"sha256": sha, "label": "quote", "start": 0, "end": 3, "text": "xyz"})
    with pytest.raises(LineError, match="does not match"):
        import_jsonl(fresh_db, [bad], "f.jsonl")
