"""What the key-driven reader tests share: the sample sentences they walk to
(located by their words, so a change of the sample's offsets does not break
them) and small readers of the stored story."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from parallax.store.db import open_db
from reader_support import ANNOTATOR, assert_row_matches_text, query, rows

# Sentences of the Kieler Rundschau (column 0) the tests walk to.
ALS = "Als am Dienstag um 4.40 Uhr"
LENGTH = "Das 170 Meter lange Containerschiff"
BRANDT_QUOTE = "„Wir hatten keine Chance, das Schiff noch auf Kurs zu halten“"
JAM = "Nach Angaben des Wasserstraßen- und Schifffahrtsamts Nord-Ostsee-Kanal warteten"


def sentences(db: Path, article_id: int) -> list[tuple[int, int]]:
    return query(db, 'SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY start', (article_id,))


def sentence_starting(db: Path, article_id: int, words: str) -> tuple[int, int]:
    """The stored sentence of `article_id` that starts with `words`."""
    text = query(db, "SELECT text FROM articles WHERE id = ?", (article_id,))[0][0]
    start = text.index(words)
    found = [(s, e) for s, e in sentences(db, article_id) if s == start]
    assert found, f"no stored sentence starts at {words!r}"
    return found[0]


def article_id(db: Path, index: int) -> int:
    return query(db, "SELECT id FROM articles ORDER BY id")[index][0]


def only_row(db: Path) -> dict:
    found = rows(db)
    assert len(found) == 1, found
    assert_row_matches_text(found[0], db)
    assert found[0]["annotator"] == ANNOTATOR
    return found[0]



def add_tiny_story(db: Path) -> None:
    from parallax.store.articles import add_articles
    from parallax.store.records import ArticleRecord

    conn = open_db(db)
    text = "Kiel meldet Ruhe im Hafen. Der Kanal ist wieder frei."
    add_articles(conn, "Hafen Kiel (kurz)", [ArticleRecord(text=text, source_path="tiny.txt", outlet="Kurz",
                                                            sentences=[(0, 26), (27, len(text))])])
    conn.close()


def help_text(help_screen) -> str:
    """The help screen's key table as plain text."""
    console = Console(width=150, record=True, file=io.StringIO())
    console.print(help_screen.query_one("#help-table").content)
    return console.export_text()
