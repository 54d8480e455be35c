"""The sample story annotated by hand: the spans of tests/data/sample_gold.jsonl
as anna's accepted annotations (with their form and speaker), and the links
of tests/data/sample_links_gold.jsonl between them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from parallax.store import annotations, links, reading
from parallax.store.db import open_db
from parallax.tui.compare_screen import CompareScreen
from reader_support import settle, story_screen

DATA = Path(__file__).parent / "data"
STORY = "Havarie im Nord-Ostsee-Kanal"
ANNOTATOR = "anna"


def gold_links() -> list[dict]:
    return [json.loads(line) for line in (DATA / "sample_links_gold.jsonl").read_text(encoding="utf-8").splitlines()]


def annotate(db_path: Path, *, with_links: bool = True) -> None:
    db = open_db(db_path)
    try:
        articles = {outlet: (article_id, text) for article_id, outlet, text in
                    db.execute("SELECT id, outlet, text FROM articles")}
        for line in (DATA / "sample_gold.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            article_id, text = articles[row["outlet"]]
            start = text.index(row["text"])
            attrs = {key: row[key] for key in ("form", "speaker") if key in row}
            annotations.add(db, article_id, start, start + len(row["text"]), row["label"], ANNOTATOR,
                            attrs=attrs or None)
        if with_links:
            for link in gold_links():
                links.add(db, find(db, link["src"]), find(db, link["dst"]), link["kind"], ANNOTATOR)
    finally:
        db.close()


def find(db, ref: dict) -> str:
    """The annotation a gold line names by outlet, offsets and label."""
    row = db.execute('SELECT n.id FROM annotations n JOIN articles a ON a.id = n.article_id WHERE a.outlet = ? '
                     'AND n.start = ? AND n."end" = ? AND n.label = ? AND n.annotator = ?',
                     [ref["outlet"], ref["start"], ref["end"], ref["label"], ANNOTATOR]).fetchone()
    assert row, f"no {ref['label']} at {ref['outlet']} {ref['start']}–{ref['end']}"
    return row[0]


def score_suggestions(db_path: Path) -> dict[str, float]:
    """Link suggestions on the annotated sample (without its gold links)
    against the gold file: precision and recall over linked pairs (either
    direction), and how often the kind of a found pair is the gold kind."""
    from parallax.analysis.link_suggest import LinkSuggester
    from parallax.analysis.story_data import load_story

    db = open_db(db_path)
    try:
        data = load_story(db, STORY)
        where = {item.id: (data.article(item.article_id).outlet, item.start, item.end, item.label)
                 for item in data.items}
        found = {frozenset((where[c.src], where[c.dst])): c.kind for c in LinkSuggester(data).story()}
    finally:
        db.close()
    gold = {frozenset(tuple(g[end][k] for k in ("outlet", "start", "end", "label")) for end in ("src", "dst")):
            g["kind"] for g in gold_links()}
    hits = found.keys() & gold.keys()
    return {"suggested": len(found), "gold": len(gold), "hits": len(hits),
            "precision": len(hits) / len(found) if found else 0.0, "recall": len(hits) / len(gold),
            "kind_agreement": sum(found[p] == gold[p] for p in hits) / len(hits) if hits else 0.0}


async def wait_for_comparison(pilot) -> CompareScreen:
    for _ in range(50):
        await pilot.pause()
        if isinstance(pilot.app.screen, CompareScreen) and pilot.app.screen.filled and pilot.app.screen.query("#coverage-table"):
            return pilot.app.screen
    raise AssertionError(f"the comparison did not open: {pilot.app.screen}")


async def wait_until(pilot, done, what: str, seconds: float = 10.0) -> None:
    """Let the app run until `done()` (the comparison made ahead, say), or fail naming `what`."""
    for _ in range(int(seconds / 0.02)):
        if done():
            return
        await asyncio.sleep(0.02)
        await pilot.pause()
    raise AssertionError(f"never: {what}")


async def made_ahead(app, pilot) -> tuple:
    """The reader once it has made its comparison ahead, and the database version made."""
    reader = await story_screen(app, pilot)
    await settle(app, pilot)
    version = reading.data_version(app.reader)
    await wait_until(pilot, lambda: reader.keeper.ready(version), "the comparison made ahead")
    return reader, version


async def open_comparison(pilot) -> CompareScreen:
    """Let the reader settle, press C and wait for the comparison."""
    await settle(pilot.app, pilot)
    await pilot.press("C")
    return await wait_for_comparison(pilot)


def printed_sections(db_path: Path) -> dict:
    """`parallax compare`'s sections of the sample story by title ("Coverage", …), as the screen must show them."""
    from parallax.analysis.compare import compare_story
    from parallax.analysis.compare_tables import sections

    db = open_db(db_path)
    try:
        return {s.title.split(" (")[0]: s for s in sections(compare_story(db, STORY), width=None)}
    finally:
        db.close()
