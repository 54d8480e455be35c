"""Agreement on a large story: 4 annotators × N annotations each (default 100,000).

Builds a synthetic story once (20 articles, 150,000 sentences by default) in
which every annotator tags N distinct sentences, 85 % of them among the 70 %
"taggable" ones: mostly whole sentences, 15 % a part of one, 5 % across two;
the label is the sentence's "true" one 80 % of the time, else any. Then, each in a fresh child process so
that peak RSS is its own, runs `analysis.agreement.agreement()`:
  - 4 annotators (α, spans of three annotators against the first),
  - 2 annotators (κ and α, one span pair),
  - 4 annotators with --label quote,
and prints wall and CPU seconds and peak RSS (goal: < 2 s for 4 × 100,000;
CPU seconds show what a busy machine hides).

    python bench/bench_agreement.py [--per-annotator 100000] [--sentences 150000] [--keep /tmp/agree.db]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import peak_mb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ARTICLES = 20
ANNOTATORS = ("anna", "ben", "cem", "dora")
LABELS = ("quote", "claim", "opinion", "comment")
WORDS = "Der Kanal bleibt gesperrt sagte Hafenkapitänin Petersen am Montag in Brunsbüttel Reederei Motor".split()


def build(path: Path, per_annotator: int, sentences: int) -> None:
    from parallax.store.articles import add_articles
    from parallax.store.db import open_db
    from parallax.store.ids import new_id, now

    rng = random.Random(5)
    db = open_db(path)
    records = [_article(rng, sentences // ARTICLES) for _ in range(ARTICLES)]
    ids = [s.article_id for s in add_articles(db, "Bench", records)]
    # Annotators agree more on *which* sentences matter than chance would:
    # 70 % of the sentences are "taggable", and 85 % of an annotator's tags
    # fall on those. The label is the "true" one 80 % of the time.
    cells = [(a, i) for a, r in enumerate(records) for i in range(len(r.sentences))]
    rng.shuffle(cells)
    taggable, rest = cells[: len(cells) * 7 // 10], cells[len(cells) * 7 // 10:]
    truth = {cell: rng.choice(LABELS) for cell in cells}
    stamp = now()
    for annotator in ANNOTATORS:
        wanted = min(per_annotator * 85 // 100, len(taggable))
        chosen = rng.sample(taggable, wanted) + rng.sample(rest, min(per_annotator - wanted, len(rest)))
        rows = []
        for a, i in chosen:
            record = records[a]
            start, end = _span(rng, record.sentences, i)
            label = truth[a, i] if rng.random() < 0.8 else rng.choice(LABELS)
            rows.append((new_id(), ids[a], start, end, label, record.text[start:end], annotator, "accepted",
                         "{}", None, stamp, stamp))
        with db.atomic():
            db.conn.executemany('INSERT INTO annotations (id, article_id, start, "end", label, text, annotator, '
                                "status, attrs, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.close()


def _article(rng: random.Random, count: int):
    from parallax.store.records import ArticleRecord

    parts, sentences, offset = [], [], 0
    for _ in range(count):
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))) + "."
        sentences.append((offset, offset + len(sentence)))
        parts.append(sentence)
        offset += len(sentence) + 1
    return ArticleRecord(text=" ".join(parts), source_path="bench", outlet="Bench", sentences=sentences)


def _span(rng: random.Random, sentences: list[tuple[int, int]], i: int) -> tuple[int, int]:
    start, end = sentences[i]
    roll = rng.random()
    if roll < 0.15:  # a part of the sentence
        a = rng.randrange(start, end - 1)
        return a, rng.randrange(a + 1, end + 1)
    if roll < 0.20 and i + 1 < len(sentences):  # across two sentences
        return start, rng.randrange(sentences[i + 1][0] + 1, sentences[i + 1][1] + 1)
    return start, end


def child(path: str, annotators: str, label: str) -> None:
    from parallax.analysis.agreement import agreement
    from parallax.store.db import open_db

    db = open_db(path, migrate=False)
    start, cpu = time.perf_counter(), time.process_time()
    result = agreement(db, "Bench", annotators=annotators.split(","), label=label or None)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({
        "seconds": elapsed,
        "cpu": cpu,
        "peak_mb": peak_mb(),
        "units": result.total.overall.units,
        "alpha": result.total.overall.alpha,
        "kappa": result.total.overall.kappa,
        "disagreements": result.total.disagreements,
    }))


def run(path: Path, annotators: tuple[str, ...], label: str = "") -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(path), ",".join(annotators), label],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-annotator", type=int, default=100_000)
    parser.add_argument("--sentences", type=int, default=150_000)
    parser.add_argument("--keep", type=Path, help="reuse/keep the database at this path")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    path = args.keep or Path(tempfile.mkdtemp()) / "agreement.db"
    if not path.exists():
        t = time.perf_counter()
        build(path, args.per_annotator, args.sentences)
        print(f"built {len(ANNOTATORS)} × {args.per_annotator:,} annotations over {args.sentences:,} sentences "
              f"in {time.perf_counter() - t:.1f} s")
    print(f"{'run':<28} {'seconds':>8} {'cpu s':>6} {'peak MB':>8} {'units':>8} {'kappa':>7} {'alpha':>7} {'disagree':>9}")
    for name, annotators, label in (("4 annotators", ANNOTATORS, ""), ("2 annotators", ANNOTATORS[:2], ""),
                                    ("4 annotators, --label quote", ANNOTATORS, "quote")):
        r = run(path, annotators, label)
        kappa = "—" if r["kappa"] is None else f"{r['kappa']:.3f}"
        print(f"{name:<28} {r['seconds']:>8.2f} {r['cpu']:>6.2f} {r['peak_mb']:>8.0f} {r['units']:>8,} {kappa:>7} "
              f"{r['alpha']:>7.3f} {r['disagreements']:>9,}")


if __name__ == "__main__":
    main()
