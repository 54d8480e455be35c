"""Suggestions: throughput of the cue rules, and their cost next to spaCy's.

    /work/venv/bin/python bench/bench_suggest.py [--chars N] [--repeat R]

The sample story is imported once (the real importer: cleaning, zones, sentences,
entities), then its four articles are repeated to ~2 M characters. Measured on the
same texts with the same pipeline (the offline recognizer, what `parallax suggest`
uses where no trained German pipeline is installed):

- nlp.pipe        the full pipeline over the articles' texts: the baseline;
- rules           `suggest_docs` over docs made already (pre-processed), alone;
- suggest()       what `parallax suggest` runs per article: tokenize the zones it
                  reads, then the rules;

and the ratios suggest() / nlp.pipe and (nlp.pipe + rules) / nlp.pipe (goal <= 1.5x).
Times are this process's CPU time (`time.process_time`), not wall time: the machine
is shared, and a busy neighbour stretches wall time by whole seconds. The measures
run in R rounds, each round all of them once, so that a slow spell slows them alike;
the best round of each counts. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=2_000_000, help="text volume (default 2 M)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the best of each measure counts")
    args = parser.parse_args()

    from parallax.ingest.nlp import OFFLINE, load_pipeline
    from parallax.ingest.suggest import prepare, suggest, suggest_docs

    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("PARALLAX_CACHE_DIR", str(Path(folder) / "cache"))
        pipeline = load_pipeline(OFFLINE)
        base = _sample_articles(Path(folder), pipeline)
    nlp = pipeline.nlp
    articles = []
    while sum(len(a.text) for a in articles) < args.chars:
        for a in base:
            articles.append(dataclasses.replace(a, id=len(articles) + 1))
    chars = sum(len(a.text) for a in articles)
    print(f"texts: the sample story's {len(base)} articles x {len(articles) // len(base)} "
          f"= {len(articles)} articles, {chars:,} chars; pipeline {pipeline.name}")

    texts = [a.text for a in articles]
    docs = [prepare(a, pipeline) for a in articles]
    # pre-processed by the full pipeline, as an importer that kept its docs would have them
    piped = [[(offset, doc) for (offset, _), doc in zip(pieces, nlp.pipe(d.text for _, d in pieces))]
             for pieces in docs]
    counts: Counter = Counter()

    def rules(batches) -> None:
        counts.clear()
        for article, pieces in zip(articles, batches):
            counts.update(s.label for s in suggest_docs(article, pieces))

    pipe_s, rules_s, rules_piped_s, suggest_s, prepare_s = _best_rounds(args.repeat, [
        lambda: _drain(nlp.pipe(texts)),
        lambda: rules(docs),
        lambda: rules(piped),
        lambda: _drain(suggest(a, pipeline) for a in articles),
        lambda: _drain(prepare(a, pipeline) for a in articles),
    ])

    print(f"suggestions: {sum(counts.values()):,} ({', '.join(f'{k} {v:,}' for k, v in sorted(counts.items()))})")
    print(f"nlp.pipe (offline recognizer):        {chars / pipe_s / 1e6:6.2f} M chars/s  ({pipe_s:.2f} s CPU)")
    print(f"rules over pre-processed docs:        {chars / rules_s / 1e6:6.2f} M chars/s  ({rules_s:.2f} s)")
    print(f"  (docs from the full nlp.pipe:       {chars / rules_piped_s / 1e6:6.2f} M chars/s)")
    print(f"prepare (tokenize the zones read):    {chars / prepare_s / 1e6:6.2f} M chars/s  ({prepare_s:.2f} s)")
    print(f"suggest() = prepare + rules:          {chars / suggest_s / 1e6:6.2f} M chars/s  ({suggest_s:.2f} s)")
    print(f"suggest() / nlp.pipe time:            {suggest_s / pipe_s:6.2f}x (goal <= 1.5x)")
    print(f"(nlp.pipe + rules) / nlp.pipe time:   {(pipe_s + rules_s) / pipe_s:6.2f}x (goal <= 1.5x)")


def _sample_articles(folder: Path, pipeline):
    from parallax.ingest.importer import import_files
    from parallax.ingest.sample import sample_folder, sample_story
    from parallax.store.db import open_db
    from parallax.store.queries import story_articles

    db = open_db(folder / "bench.db")
    with sample_folder() as sample:
        story, items = sample_story(sample)
        for item in items:
            for result in import_files(db, [item.path], story, lambda: pipeline, outlet=item.outlet):
                assert result.error is None, result.error
    articles = story_articles(db, story)
    db.close()
    return articles


def _drain(items) -> None:
    for _ in items:
        pass


def _best_rounds(rounds: int, runs: list[Callable[[], object]]) -> list[float]:
    """The least CPU time of each run over `rounds` rounds of all of them."""
    best = [float("inf")] * len(runs)
    for _ in range(max(1, rounds)):
        for i, run in enumerate(runs):
            start = time.process_time()
            run()
            best[i] = min(best[i], time.process_time() - start)
    return best


if __name__ == "__main__":
    main()
