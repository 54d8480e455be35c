"""Export throughput and memory: `parallax export` vs a naive streaming export.

Builds a database with N annotations (default 1,000,000) once, then, each in a
fresh child process so peak RSS is its own, exports
  - naive:    sqlite-utils `db.query()` → `json.dumps()` per row (the baseline);
  - parallax: store.export.annotation_lines (SQLite's json_object, streamed);
at 10 %, 50 % and 100 % of the rows (via LIMIT on a copy) to show whether RSS
stays flat as rows grow. Prints rows/s, the ratio to the baseline and peak RSS.

    python bench/bench_export.py [--rows 1000000] [--keep /tmp/bench.db]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = "Der Kanal bleibt gesperrt sagte Hafenkapitänin Petersen am Montag in Brunsbüttel „Wir warten“".split()


def build(path: Path, rows: int, order: str) -> None:
    from parallax.store.articles import add_articles
    from parallax.store.db import open_db
    from parallax.store.ids import new_id, now
    from parallax.store.records import ArticleRecord

    db = open_db(path)
    rng = random.Random(7)
    texts = [" ".join(rng.choice(WORDS) for _ in range(8000)) for _ in range(20)]
    ids = [s.article_id for s in add_articles(db, "Bench", [ArticleRecord(text=t, source_path="x") for t in texts])]
    labels = ["quote", "claim", "opinion", "comment"]
    stamp = now()

    def spans(n: int):
        # "reading": three annotators each work through the articles in
        # reading order, as people do; "random": every row lands anywhere,
        # the worst case for reading the table back in document order.
        if order == "random":
            for _ in range(n):
                article = rng.randrange(len(ids))
                yield article, rng.randrange(len(texts[article]) - 200), rng.choice(["anna", "ben", "cem"])
            return
        per_pass = n // 3 // len(ids) + 1
        for annotator in ("anna", "ben", "cem"):
            for article in range(len(ids)):
                for start in sorted(rng.randrange(len(texts[article]) - 200) for _ in range(per_pass)):
                    yield article, start, annotator

    def batch(items):
        for article, start, annotator in items:
            end = start + rng.randrange(5, 200)
            yield (new_id(), ids[article], start, end, rng.choice(labels), texts[article][start:end],
                   annotator, "accepted", '{"form":"direct"}', None, stamp, stamp)

    source = spans(rows)

    done = 0
    while done < rows:
        n = min(100_000, rows - done)
        with db.atomic():
            db.conn.executemany('INSERT INTO annotations (id, article_id, start, "end", label, text, annotator, '
                                "status, attrs, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                                batch(itertools.islice(source, n)))
        done += n
    db.close()


def child(kind: str, path: str, limit: int) -> None:
    from parallax.store.db import open_db
    from parallax.store.export import annotation_lines

    db = open_db(path, migrate=False)
    out = open(os.devnull, "w", encoding="utf-8")
    start = time.perf_counter()
    count = 0
    if kind == "naive":
        sql = ("SELECT s.name AS story, a.sha256, a.outlet, a.title, n.label, n.start, n.\"end\", n.text, "
               "n.annotator, n.status, n.attrs, n.note, n.id, n.created_at, n.updated_at FROM annotations n "
               "JOIN articles a ON a.id = n.article_id JOIN stories s ON s.id = a.story_id "
               f"LIMIT {limit}")
        for row in db.query(sql):
            row["attrs"] = json.loads(row["attrs"])
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    else:
        for line in annotation_lines(db):
            out.write(line)
            out.write("\n")
            count += 1
            if count == limit:
                break
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": count, "seconds": elapsed, "peak_mb": peak_mb}))


def run(kind: str, path: Path, limit: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(limit)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--order", choices=["reading", "random"], default="reading",
                        help="insertion order of the annotations (see build())")
    parser.add_argument("--keep", type=Path, help="reuse/keep the database at this path")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    folder = tempfile.mkdtemp()
    path = args.keep or Path(folder) / "bench.db"
    if not path.exists():
        t = time.perf_counter()
        build(path, args.rows, args.order)
        print(f"built {args.rows:,} annotations ({args.order} order) in {time.perf_counter() - t:.1f} s "
              f"({args.rows / (time.perf_counter() - t):,.0f} rows/s incl. ids)")
    print(f"{'rows':>10} {'naive rows/s':>14} {'parallax rows/s':>16} {'speed-up':>9} {'naive MB':>9} {'parallax MB':>12}")
    for fraction in (0.1, 0.5, 1.0):
        limit = int(args.rows * fraction)
        naive = run("naive", path, limit)
        ours = run("parallax", path, limit)
        print(f"{limit:>10,} {naive['rows'] / naive['seconds']:>14,.0f} {ours['rows'] / ours['seconds']:>16,.0f} "
              f"{naive['seconds'] / ours['seconds']:>8.2f}× {naive['peak_mb']:>9.0f} {ours['peak_mb']:>12.0f}")


if __name__ == "__main__":
    main()
