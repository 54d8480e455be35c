"""The comparison of a big story: 20 articles × 2,000 annotations × 500 links.

The sample story is imported once (the real importer: cleaning, sentences,
entities by the offline recognizer); its four articles are copied into a
story of 20 articles (each with its entities and sentences, its text made
unique by a suffix), then 2,000 annotations are put on random sentences
(quotes with a form and a speaker's name, claims, opinions, comments) and
500 links drawn between annotations of different articles (same 70 %,
contradicts 20 %, elaborates 10 %). Measured, best of R runs:

- read      the story's annotations and links with one SELECT each: the baseline;
- load      `load_story`: articles, annotations, links, and what the entity
            groups are made from (grouped when first asked for);
- compare   the coverage matrix from the loaded story (the other views are
            made when first read);
- build     load + compare: what C needs (cold: nothing kept from an earlier
            build; warm: the entity groups and figures kept, as they are until
            the story's entities, group edits or annotations change);
- every     build and all five views, as `parallax compare` prints them;
- screen    the reader's C in a Pilot session at 120×40, from the key's action
            to the first frame that shows the matrix, and to the last frame
            of the opening (the footer's keys): the first C of a new process
            (a child per run: the comparison's modules load on the key too);
            the first C of a session before anything was made ahead and after
            the idle reader made it ahead; C after a change, at once and once
            made ahead; C with nothing changed. Goal: < 100 ms.

The story is built in a child process, so the measuring process holds what
the reader holds (not the importer's spaCy pipeline, which every full garbage
collection would walk). CPU time counts every thread of the process.

    python bench/bench_compare.py [--articles 20] [--annotations 2000] [--links 500] [--repeat 5]
"""

from __future__ import annotations

import os

os.environ["TEXTUAL_FPS"] = "1000"  # before Textual reads it: no frame timer in the screen figures

import argparse
import asyncio
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
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
    parser.add_argument("--build-into", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--first-c-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_into:
        build(args.build_into, args.articles, args.annotations, args.links)
        return
    if args.first_c_of:
        (wall, cpu), (last_wall, last_cpu) = asyncio.run(_first_c(args.first_c_of))
        print(wall, cpu, last_wall, last_cpu)
        return

    from parallax.analysis.compare import compare, compare_story
    from parallax.analysis.story_data import load_story
    from parallax.store.db import open_db

    with tempfile.TemporaryDirectory() as folder:
        # Built in a child: the importer's spaCy pipeline would stay in this
        # process's heap, and every full garbage collection here would walk it.
        subprocess.run([sys.executable, __file__, "--build-into", folder, "--articles", str(args.articles),
                        "--annotations", str(args.annotations), "--links", str(args.links)], check=True)
        path = Path(folder) / "compare.db"
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
        every_cold_s = _best(args.repeat, lambda: (_forget(), compare_story(db, STORY).complete()))
        every_s = _best(args.repeat, lambda: compare_story(db, STORY).complete())
        result = compare_story(db, STORY)
        db.close()
        screens = asyncio.run(_screen_open(path, args.repeat))
        fresh = [[float(n) for n in subprocess.run(
            [sys.executable, __file__, "--first-c-of", str(path)], check=True, capture_output=True,
            text=True).stdout.split()[-4:]] for _ in range(max(1, args.repeat))]
        screens = {"first C of a new process, nothing ahead": tuple(
            (min(run[i] for run in fresh), min(run[i + 1] for run in fresh)) for i in (0, 2)), **screens}
    print(f"rows {len(result.coverage.rows):,}, drift groups {len(result.drift)}, "
          f"speakers {len(result.speakers.rows)}, naming rows {len(result.naming)}, figure rows {len(result.figures)}")
    print(f"{'':40} wall ms   CPU ms")
    rows = [("read (baseline)", read_s), ("build, cold", cold_s), ("load_story (warm)", load_s),
            ("compare", compare_s), ("build, warm", build_s), ("every view, cold", every_cold_s),
            ("every view, warm", every_s)]
    for name, (wall, cpu) in rows:
        print(f"{name + ':':40} {wall * 1000:7.1f}  {cpu * 1000:7.1f}  ({cpu / read_s[1]:.1f}x read CPU)")
    print(f"\nC at 120×40 (best of {args.repeat}):{'':16} first frame        last frame of the opening")
    print(f"{'':40} wall ms   CPU ms   wall ms   CPU ms")
    for name, (first, last) in screens.items():
        print(f"{name + ':':40} {first[0] * 1000:7.1f}  {first[1] * 1000:7.1f}  {last[0] * 1000:7.1f}  "
              f"{last[1] * 1000:7.1f}  ({first[1] / read_s[1]:.1f}x / {last[1] / read_s[1]:.1f}x read CPU)")
    print("goal: build and screen < 100 ms")


def _forget() -> None:
    """What a build keeps for the next one: the entity groups, each passage's figures, each word's stem."""
    from parallax.analysis import entity_groups, figures, names

    entity_groups._CACHE.clear()
    figures._figures.cache_clear()
    names.stem.cache_clear()


async def _screen_open(path: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """C in the reader at 120×40, from the key's action to the comparison screen's first frame
    with the matrix on it. Best of `repeat` runs of each case (a fresh reader for each run of the
    first two): C before anything was made ahead (pressed at once after start-up), the first C
    after the idle reader made the comparison ahead, C at once after a change (an annotation
    added or removed by another connection; C once the reader shows it, as after one's own
    tag), C after a change once the idle reader made it ahead, C with nothing changed."""
    from parallax.store import annotations
    from parallax.store.db import open_db
    from parallax.tui import story_comparing

    other = open_db(path)
    article_id, start, end = other.execute(
        "SELECT article_id, start, \"end\" FROM annotations WHERE label = 'claim' LIMIT 1").fetchone()
    added: list[str] = []

    def change() -> None:
        if added:
            annotations.delete(other, added.pop(), "bench")
        else:
            added.append(annotations.add(other, article_id, start, end, "claim", "bench")["id"])

    found: dict[str, list] = {}
    idle = story_comparing.IDLE_SECONDS
    for _ in range(max(1, repeat)):
        for ahead in (False, True):
            _forget()
            # Pressed at once, however long a loaded machine takes to start the reader: nothing made ahead.
            story_comparing.IDLE_SECONDS = idle if ahead else float("inf")
            async with _reader(path) as (app, reader):
                if ahead:
                    await _made_ahead(reader)
                name = "first C, made ahead" if ahead else "first C, nothing made ahead"
                found.setdefault(name, []).append(await _open(app, reader))
                story_comparing.IDLE_SECONDS = idle
                if ahead:
                    continue
                for name, wait in (("after a change, at once", False), ("after a change, made ahead", True),
                                   ("unchanged", False)):
                    if name != "unchanged":
                        change()
                        await _seen(reader)
                    if wait:
                        reader._last_key = 0.0  # idle for a while
                        await _made_ahead(reader)
                    found.setdefault(name, []).append(await _open(app, reader))
    other.close()
    return {name: tuple((min(run[i][0] for run in runs), min(run[i][1] for run in runs)) for i in (0, 1))
            for name, runs in found.items()}


async def _first_c(path: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """C at once in a process that has done nothing else: what a user who presses C right after
    start-up waits for, the comparison's modules loaded on the key too."""
    from parallax.tui import story_comparing

    story_comparing.IDLE_SECONDS = float("inf")
    async with _reader(path) as (app, reader):
        return await _open(app, reader)


@asynccontextmanager
async def _reader(path: Path):
    from parallax.tui.app import ParallaxApp
    from parallax.tui.config import Config

    app = ParallaxApp(path, story=STORY, config=Config(annotator="bench"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.screen
        while not reader._last_key:  # set once the reader's first frame is done
            await asyncio.sleep(0.01)
        reader.key_pressed()
        await app.writer.run(lambda db: None)  # the writer thread's start-up (sqlite-utils, migrations) is over
        await pilot.pause()
        reader.key_pressed()  # what is made ahead starts after IDLE_SECONDS from here
        yield app, reader


async def _seen(reader) -> None:
    """Until the reader shows the change (its poll re-read the annotations), as after one's own tag;
    meanwhile it is kept busy, so nothing is made ahead."""
    from parallax.store import reading

    while reader._version != reading.data_version(reader.app.reader):
        reader.key_pressed()
        await asyncio.sleep(0.02)
    reader.key_pressed()


async def _made_ahead(reader) -> None:
    from parallax.store import reading

    while not reader.keeper.ready(reading.data_version(reader.app.reader)):
        await asyncio.sleep(0.02)


async def _open(app, reader, drawn_hook=None) -> tuple[tuple[float, float], tuple[float, float]]:
    """C, timed (wall, CPU) to the first frame that shows the matrix — the moment the app hands
    it to the terminal (`App._display`) — and to the last frame of the opening (the footer's keys
    and whatever else follows within a quarter of a second)."""
    from parallax.tui.compare_screen import CompareScreen
    from parallax.tui.matrix_view import MatrixView

    frames: list[tuple[float, float]] = []
    shown = asyncio.Event()
    display = app._display

    def timed_display(screen, update) -> None:
        display(screen, update)
        if update is None or not isinstance(screen, CompareScreen):
            return
        if frames or (screen.query(MatrixView) and screen.query_one(MatrixView).region.height):
            frames.append((time.perf_counter(), time.process_time()))
            shown.set()

    reader.key_pressed()  # C is a key: the reader is not idle, nothing is made ahead meanwhile
    app._display = timed_display
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        await reader.action_compare()
        await shown.wait()
        if drawn_hook is not None:
            drawn_hook()
        await asyncio.sleep(0.25)
    finally:
        app._display = display
    app.pop_screen()
    await asyncio.sleep(0.05)
    return tuple((wall - start, cpu - start_cpu) for wall, cpu in (frames[0], frames[-1]))


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
