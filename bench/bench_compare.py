"""The comparison of a big story: 20 articles × 2,000 annotations × 500 links.

The sample story is imported once (the real importer: cleaning, sentences,
entities by the offline recognizer); its four articles are copied into a
story of 20 articles (each with its entities and sentences, its text made
unique by a suffix), then 2,000 annotations are put on random sentences
(quotes with a form and a speaker's name, claims, opinions, comments) and
500 links drawn between annotations of different articles (same 70 %,
contradicts 20 %, elaborates 10 %). Measured, best of R runs:

- read      the story's annotations and links with one SELECT each: the baseline;
- load      `load_story`: articles, annotations, links and the entity groups;
- compare   every view from the loaded story;
- build     load + compare (cold: the entity groups and the figures computed
            anew; warm: kept from the last build, as they are until the
            story's entities, group edits or annotations change);
- screen    the reader's C, from the key's action to the comparison screen's
            first frame, in a Pilot session at 120×40: cold (nothing kept),
            after a change (groups and figures kept, the comparison rebuilt),
            unchanged (the comparison kept). Goal: < 100 ms.

    python bench/bench_compare.py [--articles 20] [--annotations 2000] [--links 500] [--repeat 5]
"""

from __future__ import annotations

import os

os.environ["TEXTUAL_FPS"] = "1000"  # before Textual reads it: no frame timer in the screen figures

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

LABELS = ("quote", "quote", "claim", "claim", "opinion", "comment")
FORMS = ("direct", "indirect", "reported")
SPEAKERS = ("Lars Holm", "Holm", "Carsten Wöhrmann", "Birte Lorenzen", "Mira Okafor", "Henning Brandt")
STORY = "Bench"


def build(folder: Path, articles: int, annotations: int, links: int) -> Path:
    from bench_suggest import _sample_articles
    from parallax.ingest.nlp import OFFLINE, load_pipeline
    from parallax.store.articles import add_articles
    from parallax.store.db import open_db, write
    from parallax.store.ids import new_id, now
    from parallax.store.records import ArticleRecord, EntitySpan, Zone

    os.environ.setdefault("PARALLAX_CACHE_DIR", str(folder / "cache"))
    base = _sample_articles(folder, load_pipeline(OFFLINE))
    rng = random.Random(11)
    path = folder / "compare.db"
    db = open_db(path)
    records = []
    for n in range(articles):
        a = base[n % len(base)]
        text = a.text + f"\n(Kopie {n})"
        records.append(ArticleRecord(
            text=text, source_path=f"{n}.txt", outlet=f"{a.outlet} {n // len(base) + 1}", title=a.title,
            zones=[Zone(s, e, k) for s, e, k in a.zones], sentences=list(a.sentences),
            entities=[EntitySpan(*e) for e in a.entities], entity_source="bench"))
    stored = [s.article_id for s in add_articles(db, STORY, records)]
    stamp = now()
    rows = []
    for _ in range(annotations):
        index = rng.randrange(articles)
        start, end = rng.choice(records[index].sentences)
        label = rng.choice(LABELS)
        attrs = ('{"form":"%s","speaker":"%s"}' % (rng.choice(FORMS), rng.choice(SPEAKERS))) if label == "quote" else "{}"
        rows.append((new_id(), stored[index], start, end, label, records[index].text[start:end], "anna",
                     "accepted", attrs, None, stamp, stamp))
    with write(db):
        db.conn.executemany('INSERT INTO annotations (id, article_id, start, "end", label, text, annotator, status, '
                            "attrs, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        made = 0
        while made < links:
            a, b = rng.sample(rows, 2)
            if a[1] == b[1]:
                continue
            kind = rng.choices(("same", "contradicts", "elaborates"), (7, 2, 1))[0]
            db.execute("INSERT INTO links (id, src_annotation, dst_annotation, kind, annotator, status, attrs, "
                       "created_at, updated_at) VALUES (?, ?, ?, ?, 'anna', 'accepted', '{}', ?, ?)",
                       [new_id(), a[0], b[0], kind, stamp, stamp])
            made += 1
    entities = db.execute("SELECT count(*) FROM entities").fetchone()[0]
    print(f"story: {articles} articles, {annotations:,} annotations, {links} links, {entities:,} entity mentions")
    db.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--annotations", type=int, default=2000)
    parser.add_argument("--links", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the best counts")
    args = parser.parse_args()

    from parallax.analysis.compare import compare, compare_story
    from parallax.analysis.story_data import load_story
    from parallax.store.db import open_db

    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder), args.articles, args.annotations, args.links)
        db = open_db(path)

        def read() -> None:
            db.execute("SELECT * FROM annotations").fetchall()
            db.execute("SELECT * FROM links").fetchall()

        read_s = _best(args.repeat, read)
        cold_s = _best(args.repeat, lambda: (_forget(), compare_story(db, STORY)))
        load_s = _best(args.repeat, lambda: load_story(db, STORY))
        data = load_story(db, STORY)
        compare_s = _best(args.repeat, lambda: compare(data))
        build_s = _best(args.repeat, lambda: compare_story(db, STORY))
        result = compare_story(db, STORY)
        db.close()
        screens = asyncio.run(_screen_open(path, args.repeat))
    print(f"rows {len(result.coverage.rows):,}, drift groups {len(result.drift)}, "
          f"speakers {len(result.speakers.rows)}, naming rows {len(result.naming)}, figure rows {len(result.figures)}")
    print("                              wall ms   CPU ms")
    rows = [("read (baseline)", read_s), ("build, cold", cold_s), ("load_story (warm)", load_s),
            ("compare", compare_s), ("build, warm", build_s)] + [(f"screen, {k}", v) for k, v in screens.items()]
    for name, (wall, cpu) in rows:
        print(f"{name + ':':29} {wall * 1000:7.1f}  {cpu * 1000:7.1f}  ({cpu / read_s[1]:.1f}x read CPU)")
    print("goal: build and screen < 100 ms")


def _forget() -> None:
    """What a build keeps for the next one: the entity groups and each passage's figures."""
    from parallax.analysis import entity_groups, figures

    entity_groups._CACHE.clear()
    figures._figures.cache_clear()


async def _screen_open(path: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """C in the reader: from the action to the comparison screen's first frame."""
    from parallax.tui.app import ParallaxApp
    from parallax.tui.compare_screen import CompareScreen
    from parallax.tui.config import Config

    app = ParallaxApp(path, story=STORY, config=Config(annotator="bench"))
    found: dict[str, tuple[float, float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.screen
        for name, forget in (("cold", True), ("after a change", False), ("unchanged", None)):
            wall = cpu = float("inf")
            for _ in range(max(1, repeat)):
                if forget:
                    _forget()
                if forget is not None:
                    reader._comparison = None
                drawn = asyncio.Event()
                start, start_cpu = time.perf_counter(), time.process_time()
                reader.action_compare()
                while not isinstance(app.screen, CompareScreen):
                    await asyncio.sleep(0)
                app.screen.call_after_refresh(drawn.set)
                await drawn.wait()
                wall = min(wall, time.perf_counter() - start)
                cpu = min(cpu, time.process_time() - start_cpu)
                app.pop_screen()
                await pilot.pause()
            found[name] = (wall, cpu)
    return found


def _best(repeat: int, run: Callable[[], object]) -> tuple[float, float]:
    """Best wall and best CPU seconds (CPU shows what a busy machine hides)."""
    wall = cpu = float("inf")
    for _ in range(max(1, repeat)):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall, cpu = min(wall, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
    return wall, cpu


if __name__ == "__main__":
    main()
