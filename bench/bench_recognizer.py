"""Import speed: the offline recognizer (build and load cost, throughput of spaCy vs
annotate() vs the whole import) and the default pipeline with Parallax's NER model
(load time, the same throughputs, on one core).

    python bench/bench_recognizer.py [--chars N] [--model-chars N] [--only offline|default]
                                     [--ner-model DIR]... [--rounds N]

Uses the seed articles in ../shared/seeds when present, else generated German text.
Times are wall clock and, for the model, also the CPU time of this process (the
machine is shared: CPU time is what one free core would take); BLAS threads as the
import sets them (one, while annotating). `--ner-model DIR` also measures the default
pipeline with another model folder in place of the shipped one (a freshly trained
candidate), the pipelines taking turns for `--rounds` rounds so that both see the same
load. Prints numbers and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
sys.path.insert(0, str(REPO))

import spacy  # noqa: E402

from parallax.ingest import recognizer  # noqa: E402
from parallax.ingest.nlp import Pipeline, annotate  # noqa: E402
from parallax.store.records import ArticleRecord  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=2_000_000, help="text volume per measurement (offline)")
    parser.add_argument("--model-chars", type=int, default=500_000, help="text volume per measurement (default)")
    parser.add_argument("--only", choices=("offline", "default"))
    parser.add_argument("--ner-model", type=Path, action="append", default=[], help="a candidate model folder; repeatable")
    parser.add_argument("--rounds", type=int, default=1, help="turns of the default pipelines (default: 1)")
    args = parser.parse_args()
    if args.only != "default":
        offline(args.chars)
    if args.only != "offline":
        default(args.model_chars, [None, *args.ner_model], args.rounds)


def offline(volume: int) -> None:
    with tempfile.TemporaryDirectory() as cache:
        os.environ[recognizer.CACHE_ENV] = cache
        rss_before = _peak_rss_mb()
        build_s = _seconds(recognizer.load_recognizer)
        build_mb = _peak_rss_mb() - rss_before
        load_s = _seconds(recognizer.load_recognizer)
        nlp = recognizer.load_recognizer()
    print(
        f"offline recognizer: first build {build_s:.2f} s (+{build_mb:.0f} MB peak RSS), "
        f"cached load {load_s:.2f} s"
    )

    texts, source = _texts(volume)
    chars = sum(map(len, texts))
    print(f"texts: {len(texts)} articles, {chars:,} chars ({source})")

    blank = spacy.blank("de")
    blank.add_pipe("sentencizer")
    blank_s = _seconds(lambda: _drain(blank.pipe(texts)))
    ruler_s = _seconds(lambda: _drain(nlp.pipe(texts)))
    pipeline = Pipeline(nlp, recognizer.recognizer_name())
    records = (ArticleRecord(text=text, source_path=f"bench/{i}") for i, text in enumerate(texts))
    annotate_s = _seconds(lambda: _drain(annotate(pipeline, records)))

    print(f"nlp.pipe blank+sentencizer:  {chars / blank_s / 1e6:5.2f} M chars/s")
    print(f"nlp.pipe offline recognizer: {chars / ruler_s / 1e6:5.2f} M chars/s")
    print(f"annotate() offline:          {chars / annotate_s / 1e6:5.2f} M chars/s")
    print(f"annotate / nlp.pipe time:    {annotate_s / ruler_s:5.2f}x")

    import_s, import_chars = _whole_import(texts, pipeline)
    print(f"whole import (read, clean, recognise, store into SQLite): {import_chars / import_s / 1e6:5.2f} M chars/s")
    print(f"whole import / nlp.pipe time: {import_s / ruler_s * chars / import_chars:5.2f}x (goal <= 1.25x)")


def default(volume: int, models: list[Path | None], rounds: int) -> None:
    """The default pipeline where no de_core_news_* is installed, with the shipped
    model (None) and each candidate: load times, and nlp.pipe / annotate() / the
    whole import on the same texts, wall and CPU."""
    from parallax.ingest.ner_model import load_model
    from parallax.ingest.nlp import default_pipeline

    pipelines = []
    with tempfile.TemporaryDirectory() as cache:
        os.environ[recognizer.CACHE_ENV] = cache
        recognizer.load_recognizer()  # the cache, as after the first import
        for model in models:
            model_s, model_cpu = _both(lambda m=model: load_model(path=m))
            cached_s, cached_cpu = _both(recognizer.load_recognizer)
            pipeline_s, pipeline_cpu = _both(lambda m=model: default_pipeline(ner_model=m))
            pipeline = default_pipeline(ner_model=model)
            pipelines.append(pipeline)
            print(f"\ndefault pipeline: {pipeline.name}" + (f" ({model})" if model else ""))
            print(f"load: model alone {model_s:.2f} s ({model_cpu:.2f} s CPU), recognizer cache {cached_s:.2f} s "
                  f"({cached_cpu:.2f} s CPU), default pipeline {pipeline_s:.2f} s ({pipeline_cpu:.2f} s CPU)")

    texts, source = _texts(volume)
    chars = sum(map(len, texts))
    print(f"texts: {len(texts)} articles, {chars:,} chars ({source})")
    for turn in range(rounds):
        for model, pipeline in zip(models, pipelines):
            print(f"\nround {turn + 1}: {pipeline.name}" + (f" ({model})" if model else ""))
            _throughput(pipeline, texts)


def _throughput(pipeline: Pipeline, texts: list[str]) -> None:
    from threadpoolctl import threadpool_limits

    chars = sum(map(len, texts))
    with threadpool_limits(limits=1, user_api="blas"):  # as annotate() runs it
        pipe_s, pipe_cpu = _both(lambda: _drain(pipeline.nlp.pipe(texts)))
    records = (ArticleRecord(text=text, source_path=f"bench/{i}") for i, text in enumerate(texts))
    annotate_s, annotate_cpu = _both(lambda: _drain(annotate(pipeline, records)))
    started = time.process_time()
    import_s, import_chars = _whole_import(texts, pipeline)
    import_cpu = time.process_time() - started

    def rate(seconds: float, cpu: float, n: int = chars) -> str:
        return f"{n / seconds:9,.0f} chars/s wall, {n / cpu:9,.0f} per CPU second"

    print(f"nlp.pipe default:       {rate(pipe_s, pipe_cpu)}")
    print(f"annotate() default:     {rate(annotate_s, annotate_cpu)}")
    print(f"whole import default:   {rate(import_s, import_cpu, import_chars)} (goal >= 80,000 on one core)")
    print(f"annotate / nlp.pipe:    {annotate_s / pipe_s:5.2f}x wall, {annotate_cpu / pipe_cpu:5.2f}x CPU")
    ratio_wall = import_s / pipe_s * chars / import_chars
    ratio_cpu = import_cpu / pipe_cpu * chars / import_chars
    print(f"whole import / nlp.pipe: {ratio_wall:5.2f}x wall, {ratio_cpu:5.2f}x CPU (goal <= 1.25x)")


def _both(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of `run`."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _whole_import(texts: list[str], pipeline: Pipeline) -> tuple[float, int]:
    """`parallax import` of the same texts, one file each, into a fresh database.
    Each copy gets a line of its own so that no two files have the same hash."""
    from parallax.ingest.importer import import_files
    from parallax.store.db import open_db

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = []
        for i, text in enumerate(texts):
            path = root / f"{i:05}.txt"
            path.write_text(f"{text}\n\nKopie {i}.\n", encoding="utf-8")
            paths.append(path)
        db = open_db(root / "bench.db")
        start = time.perf_counter()
        results = list(import_files(db, paths, "Bench", lambda: pipeline))
        elapsed = time.perf_counter() - start
        chars = db.execute("SELECT sum(length(text)) FROM articles").fetchone()[0]
        assert sum(r.added for r in results) == len(texts), [r.error for r in results if r.error]
        db.close()
    return elapsed, chars


def _texts(volume: int) -> tuple[list[str], str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    source = f"seed articles from {SEEDS}, repeated" if seeds else "generated German text"
    base = seeds or [_generated_article(random.Random(i)) for i in range(20)]
    texts, total = [], 0
    for text in itertools.cycle(base):
        if total >= volume:
            break
        texts.append(text)
        total += len(text)
    return texts, source


def _generated_article(rng: random.Random) -> str:
    people = ["Olaf Scholz", "Ursula von der Leyen", "Außenministerin Annalena Baerbock", "Kanzler Merz"]
    places = ["Berlin", "Brüssel", "Kyjiw", "Warschau", "Paris", "Moskau", "Peking"]
    verbs = ["sagte am Montag", "erklärte in", "kritisierte in", "warnte in"]
    tails = [
        "die Lage sei ernst.",
        "man werde die Gespräche fortsetzen.",
        "die Regierung prüfe weitere Schritte.",
        "die Nato stehe geschlossen zusammen.",
    ]
    paragraphs = []
    for _ in range(rng.randint(5, 12)):
        sentences = [
            f"{rng.choice(people)} {rng.choice(verbs)} {rng.choice(places)}, {rng.choice(tails)}"
            for _ in range(rng.randint(2, 6))
        ]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def _drain(items: object) -> None:
    for _ in items:  # type: ignore[attr-defined]
        pass


def _seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
