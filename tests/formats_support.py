"""The fixture every format test exports: one story, two articles, and every
field a format can lose — overlapping and nested spans, a suggestion and its
rejection on the same offsets, a span inside a token, text after an
astral-plane character, German quotes, a link inside one article, a review
link, and a link across articles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parallax.store import annotations
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord, Zone

FIRST = ("🚢 Brunsbüttel. „Wir schließen den Kanal nicht leichtfertig“, sagte Hafenkapitänin Jana Petersen "
         "am Montag.\nDie Reederei erklärte, der Motor sei ausgefallen.")
SECOND = "Hafenkapitänin Petersen sagte: „Wir schließen den Kanal nicht leichtfertig.“ Mehr nicht."


@dataclass
class Fixture:
    path: Path
    ids: dict[str, str]


def where(text: str, part: str, after: str = "") -> tuple[int, int]:
    start = text.index(part, text.index(after) if after else 0)
    return start, start + len(part)


def sentences(text: str) -> list[tuple[int, int]]:
    cut = text.index("\n")
    return [(0, cut), (cut + 1, len(text))]


def build(folder: Path, name: str = "source.db") -> Fixture:
    path = folder / name
    db = open_db(path)
    first, second = (s.article_id for s in add_articles(db, "Kanal", [
        ArticleRecord(text=FIRST, source_path="a.txt", outlet="Kieler Rundschau", title="Kanal zu",
                      zones=[Zone(0, len(FIRST), "body")], sentences=sentences(FIRST)),
        ArticleRecord(text=SECOND, source_path="b.txt", outlet="Hanse-Kurier", title="Kanal bleibt zu",
                      zones=[Zone(0, len(SECOND), "body")], sentences=[(0, len(SECOND))]),
    ]))
    ids = {}

    def add(key, article, text, part, label, annotator, after="", **kw):
        start, end = where(text, part, after)
        ids[key] = annotations.add(db, article, start, end, label, annotator, **kw)["id"]

    add("other", second, SECOND, "„Wir schließen den Kanal nicht leichtfertig.“", "quote", "ben",
        attrs={"form": "direct"})
    add("nested", first, FIRST, "den Kanal", "claim", "anna")
    add("quote", first, FIRST, "„Wir schließen den Kanal nicht leichtfertig“", "quote", "anna",
        attrs={"form": "direct", "speaker": "Jana Petersen"}, note="geprüft, „wörtlich“",
        links=[(ids["nested"], "elaborates"), (ids["other"], "same")])
    add("overlap", first, FIRST, "leichtfertig“, sagte", "opinion", "anna")
    add("in_token", first, FIRST, "kapitänin", "claim", "ben")
    add("suggested", first, FIRST, "Die Reederei erklärte, der Motor sei ausgefallen.", "claim",
        "suggest:rules-de-1", status="suggested", attrs={"cue": "erklärte"})
    add("rejected", first, FIRST, "Die Reederei erklärte, der Motor sei ausgefallen.", "claim", "anna",
        status="rejected", links=[(ids["suggested"], "review_of")])
    db.close()
    return Fixture(path, ids)


def rows(path: Path) -> list[dict]:
    """Every annotation, in a form that compares across databases."""
    db = open_db(path)
    try:
        cursor = db.execute('SELECT a.sha256, n.start, n."end", n.label, n.text, n.annotator, n.status, n.attrs, '
                            'n.note, n.id FROM annotations n JOIN articles a ON a.id = n.article_id '
                            'ORDER BY a.sha256, n.start, n."end", n.label, n.annotator')
        keys = [d[0] for d in cursor.description]
        return [dict(zip(keys, row)) for row in cursor]
    finally:
        db.close()


def link_rows(path: Path) -> list[tuple]:
    db = open_db(path)
    try:
        return db.execute("SELECT s.start, s.label, s.annotator, d.start, d.label, d.annotator, l.kind "
                          "FROM links l JOIN annotations s ON s.id = l.src_annotation "
                          "JOIN annotations d ON d.id = l.dst_annotation ORDER BY 1, 2, 3, 4, 5, 6, 7").fetchall()
    finally:
        db.close()


def articles_only(folder: Path, name: str = "target.db") -> Path:
    """A second database with the same articles and no annotations: where a
    colleague's file is imported."""
    path = folder / name
    db = open_db(path)
    add_articles(db, "Kanal", [
        ArticleRecord(text=FIRST, source_path="a.txt", outlet="Kieler Rundschau", title="Kanal zu",
                      zones=[Zone(0, len(FIRST), "body")], sentences=sentences(FIRST)),
        ArticleRecord(text=SECOND, source_path="b.txt", outlet="Hanse-Kurier", title="Kanal bleibt zu",
                      zones=[Zone(0, len(SECOND), "body")], sentences=[(0, len(SECOND))]),
    ])
    db.close()
    return path


def export_to(fixture_path: Path, fmt: str, out: Path, **kw):
    """Export through the same code path as `parallax export --format`."""
    from parallax.formats.run import export
    from parallax.store.export import Filters

    db = open_db(fixture_path)
    try:
        return export(db, fmt, kw.pop("filters", Filters()), str(out), **kw)
    finally:
        db.close()


def import_from(db_path: Path, fmt: str, source: Path, annotator: str = "colleague"):
    from parallax.formats.run import import_file

    db = open_db(db_path)
    try:
        return import_file(db, fmt, str(source), annotator)
    finally:
        db.close()


def spans_of(path: Path, keep=lambda row: True) -> set[tuple]:
    """(sha256, start, end, label, annotator, status) of the rows `keep` selects."""
    return {(r["sha256"], r["start"], r["end"], r["label"], r["annotator"], r["status"])
            for r in rows(path) if keep(r)}


def not_off_tokens(row: dict) -> bool:
    return row["text"] != "kapitänin"
