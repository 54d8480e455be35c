"""`parallax backup` of a big live database while an annotator is tagging.

Builds a database of N annotations (default 1,000,000, with journal entries
and links, as bench_merge.py makes them), then starts a writer process that
tags one annotation at a time (`annotations.add`, each its own BEGIN
IMMEDIATE transaction) and records how long every tag took. While it tags,
`parallax backup` runs as a separate process. Prints the backup's seconds and
size, the copy's check, and the writer's longest and p99 wait during the
backup against the same writer's figures in the seconds before it (the
baseline, measured in the same run). `cp` of the same files is timed too.

    python bench/bench_backup.py [--rows 1000000] [--keep /tmp/backup-bench]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

WRITER = """
import json, sys, time
from parallax.store import annotations
from parallax.store.db import open_db
db = open_db(sys.argv[1])
article, length = db.execute("SELECT id, length(text) FROM articles LIMIT 1").fetchone()
stop_file = sys.argv[2]
import os
print("ready", flush=True)
waits = []
i = 0
while not os.path.exists(stop_file):
    start = i * 7 % (length - 20)
    began = time.monotonic()
    annotations.add(db, article, start, start + 9, "claim", "writer")
    waits.append((began, time.monotonic() - began))
    i += 1
    time.sleep(0.01)
print(json.dumps(waits), flush=True)
"""


def build(path: Path, rows: int) -> None:
    from bench_merge import ARTICLES, fill, records

    from parallax.store.articles import add_articles
    from parallax.store.db import open_db

    rng = random.Random(5)
    shared = records(rng, ARTICLES)
    db = open_db(path)
    ids = [s.article_id for s in add_articles(db, "Bench", shared)]
    fill(db, "anna", ids, [r.text for r in shared], rows, rng)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def stats(waits: list[float]) -> str:
    if not waits:
        return "no tags"
    ordered = sorted(waits)
    return (f"{len(ordered)} tags, longest {ordered[-1] * 1000:.1f} ms, "
            f"p99 {ordered[int(len(ordered) * 0.99) - 1 if len(ordered) > 1 else 0] * 1000:.1f} ms, "
            f"median {ordered[len(ordered) // 2] * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="reuse/keep the database in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "live.db"
    if not source.exists():
        began = time.perf_counter()
        build(source, args.rows)
        print(f"built a database of {args.rows:,} annotations in {time.perf_counter() - began:.1f} s "
              f"({source.stat().st_size / 1e6:.0f} MB)")
    work = Path(tempfile.mkdtemp())
    began = time.perf_counter()
    shutil.copy(source, work / "cp.db")
    cp_seconds = time.perf_counter() - began

    stop = work / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(source), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(3)  # the baseline: the writer alone
    copy = work / "backup.db"
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "parallax.cli", "backup", str(copy), "--db", str(source)],
                          capture_output=True, text=True)
    ended = time.monotonic()
    time.sleep(1)
    stop.touch()
    waits = json.loads(writer.stdout.readline())
    writer.wait()
    if done.returncode != 0:
        sys.exit(done.stderr)
    conn = sqlite3.connect(copy)
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    count = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    conn.close()
    first = waits[0][0]
    before = [w for t, w in waits if t < began and t > first + 0.5]
    during = [w for t, w in waits if began <= t <= ended]
    print(f"parallax backup: {ended - began:.2f} s for {copy.stat().st_size / 1e6:.0f} MB "
          f"({count:,} annotations, quick_check {check}); cp of the file: {cp_seconds:.2f} s")
    print(f"  {done.stdout.strip()}")
    print(f"writer before the backup: {stats(before)}")
    print(f"writer during the backup: {stats(during)}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
