"""Story search (^f): several words are one phrase, inflected forms are found
(Snowball German stems), quoted words still work, a lone quote is text, and
n / N walk every match in reading order across the columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_support import make_app, notifications, pilot_test, settle, story_screen
from parallax.analysis.text_search import Query, tokens
from parallax.store.articles import add_articles
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord

FIRST = ("Südkorea schweigt. Die Agentur hatte zuvor gemeldet, dass Soldaten verlegt wurden. "
         "Zuvor hatte sie nichts gemeldet.")
SECOND = "Die Behörden Südkoreas hatten zuvor gemeldet, es gebe keine Verluste."
THIRD = "Ein dritter Bericht erwähnt Südkorea nur am Rande."


@pytest.fixture
def search_db(db_path: Path) -> Path:
    db = open_db(db_path)
    try:
        add_articles(db, "Suche", [ArticleRecord(text=text, source_path=f"{i}.txt", outlet=f"Blatt {i}")
                                   for i, text in enumerate((FIRST, SECOND, THIRD), 1)])
    finally:
        db.close()
    return db_path


def places(text: str, *parts: str) -> list[tuple[int, int]]:
    return [(text.index(part), text.index(part) + len(part)) for part in parts]


def test_a_query_of_several_words_is_one_phrase_in_any_inflection():
    query = Query.parse("hatte zuvor gemeldet")
    assert query.find(tokens(FIRST)) == places(FIRST, "hatte zuvor gemeldet")  # not "Zuvor hatte … gemeldet"
    assert query.find(tokens(SECOND)) == places(SECOND, "hatten zuvor gemeldet")
    assert Query.parse("Südkorea").find(tokens(SECOND)) == places(SECOND, "Südkoreas")
    assert Query.parse('"hatte zuvor"').find(tokens(SECOND)) == []  # quoted: word for word
    assert Query.parse('"hatten zuvor"').find(tokens(SECOND)) == places(SECOND, "hatten zuvor")
    assert not Query.parse('"') and not Query.parse('""')


@pilot_test
async def test_story_search_finds_the_phrase_and_inflections_and_n_walks_across_the_columns(search_db):
    app = make_app(search_db)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await story_screen(app, pilot)
        await pilot.press("ctrl+f", *"Südkorea", "enter")
        await settle(app, pilot)
        found = [[(m.start, m.end) for m in column.view.marks("match")] for column in screen.columns]
        assert found == [places(FIRST, "Südkorea"), places(SECOND, "Südkoreas"), places(THIRD, "Südkorea")]
        assert (screen.current, screen.view.cursor) == (0, 0)
        # n walks in reading order: into the next column, and round again
        walked = []
        for _ in range(3):
            await pilot.press("n")
            walked.append((screen.current, screen.view.cursor))
        assert walked == [(1, SECOND.index("Südkoreas")), (2, THIRD.index("Südkorea")), (0, 0)]
        await pilot.press("N")
        assert (screen.current, screen.view.cursor) == (2, THIRD.index("Südkorea"))

        await pilot.press("ctrl+f", *"hatte zuvor gemeldet", "enter")
        await settle(app, pilot)
        found = [[(m.start, m.end) for m in column.view.marks("match")] for column in screen.columns]
        assert found == [places(FIRST, "hatte zuvor gemeldet"), places(SECOND, "hatten zuvor gemeldet"), []]


@pilot_test
async def test_a_lone_quote_in_the_story_search_does_not_crash(search_db):
    app = make_app(search_db)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await story_screen(app, pilot)
        await pilot.press("ctrl+f", '"', "enter")
        await settle(app, pilot)
        assert app.is_running and app.screen is screen
        await pilot.press("ctrl+f", *'"zuvor', "enter")
        await settle(app, pilot)
        assert app.is_running and any("matches" in n.message for n in notifications(app))
