"""What validation costs `import-annotations`, and how long it holds the lock.

N annotation lines in the export's shape (default 300,000, over 20 articles of
a database that holds them) are imported by two implementations, each in a
fresh child process on a fresh copy of the database:
  - before: the code of a commit before validation (default 1429d99, the
    branch point), unpacked with `git archive` and run with `python -S` so
    the installed package cannot shadow it;
  - after: this checkout (msgspec schema, checks, staging, batches).
While each import runs, a writer process tags one annotation every 10 ms with
a 60 s busy timeout and records how long each tag waited (and which failed). Prints rows/s, the
ratio (goal: after ≤ 1.2× slower), and the writer's longest wait (goal:
≤ 0.5 s of write lock at a time).

    python bench/bench_import_validation.py [--rows 300000] [--before 1429d99]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

REPO = Path(__file__).resolve().parents[1]
CHILD = """
import sys, time
from parallax.store.db import open_db
from parallax.store.jsonl_import import import_jsonl
db = open_db(sys.argv[1])
began = time.perf_counter()
with open(sys.argv[2], encoding="utf-8") as handle:
    summary = import_jsonl(db, handle, sys.argv[2])
print(time.perf_counter() - began, summary.annotations_added, flush=True)
"""
WRITER = """
import json, os, sys, time
from parallax.store import annotations
from parallax.store.db import open_db
from parallax.store.errors import StoreError
db = open_db(sys.argv[1], busy_timeout=60)
article = db.execute("SELECT id FROM articles LIMIT 1").fetchone()[0]
print("ready", flush=True)
waits, failed = [], 0
while not os.path.exists(sys.argv[2]):
    began = time.monotonic()
    try:
        annotations.add(db, article, 0, 9, "claim", "writer")
    except StoreError:
        failed += 1  # waited the whole busy timeout
    waits.append(time.monotonic() - began)
    time.sleep(0.01)
print(json.dumps([waits, failed]), flush=True)
"""


def build(folder: Path, rows: int) -> tuple[Path, Path]:
    from bench_merge import ARTICLES, records

    from parallax.store.articles import add_articles, text_sha256
    from parallax.store.db import open_db
    from parallax.store.ids import new_id, now

    rng = random.Random(3)
    shared = records(rng, ARTICLES)
    path = folder / "base.db"
    db = open_db(path)
    add_articles(db, "Bench", shared)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    feed = folder / "labels.jsonl"
    shas = [text_sha256(r.text) for r in shared]
    with feed.open("w", encoding="utf-8") as handle:
        for _ in range(rows):
            a = rng.randrange(len(shared))
            text = shared[a].text
            start = rng.randrange(len(text) - 200)
            end = start + rng.randrange(5, 200)
            stamp = now()
            handle.write(json.dumps({
                "story": "Bench", "sha256": shas[a], "outlet": "Bench", "title": None,
                "label": rng.choice(("quote", "claim", "opinion", "comment")), "start": start, "end": end,
                "text": text[start:end], "annotator": rng.choice(("anna", "ben")), "status": "accepted",
                "attrs": {"form": "direct", "speaker": "Petersen"}, "note": None, "id": new_id(),
                "created_at": stamp, "updated_at": stamp}, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path, feed


def unpack(rev: str, folder: Path) -> Path:
    target = folder / "before"
    (target / "parallax").mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "store"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(target / "parallax")], input=archive.stdout, check=True)
    return target


def run(base: Path, feed: Path, work: Path, name: str, source: Path | None) -> tuple[float, int, list[float], int]:
    db = work / f"{name}.db"
    shutil.copy(base, db)
    if source is None:
        command, env = [sys.executable, "-c", CHILD], None
    else:
        command = [sys.executable, "-S", "-c", CHILD]
        env = {"PYTHONPATH": f"{source}:{sysconfig.get_paths()['purelib']}"}
    stop = work / f"{name}.stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(stop)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "ready"
    done = subprocess.run([*command, str(db), str(feed)], capture_output=True, text=True, env=env)
    stop.touch()
    out, err = writer.communicate()
    if writer.returncode != 0:
        sys.exit(f"{name}: the writer failed: {err}")
    waits, failed = json.loads(out)
    if done.returncode != 0:
        sys.exit(f"{name}: {done.stderr}")
    seconds, added = done.stdout.split()
    return float(seconds), int(added), waits, failed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--before", default="1429d99", help="commit whose store/ is the 'before' implementation")
    parser.add_argument("--only-after", action="store_true", help="skip the (slow) before implementation")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    began = time.perf_counter()
    base, feed = build(work, args.rows)
    print(f"{args.rows:,} lines ({feed.stat().st_size / 1e6:.0f} MB) built in {time.perf_counter() - began:.1f} s")
    results = {}
    implementations = [("after", None)] if args.only_after else [("before", unpack(args.before, work)),
                                                                 ("after", None)]
    for name, source in implementations:
        seconds, added, waits, failed = run(base, feed, work, name, source)
        results[name] = seconds
        print(f"{name:<7} {seconds:7.2f} s  {added / seconds:>9,.0f} rows/s  writer: {len(waits)} tags, "
              f"longest wait {max(waits):.2f} s, {failed} failed after the 60 s busy timeout")
    if "before" in results:
        print(f"after / before time: {results['after'] / results['before']:.2f}× (goal ≤ 1.2×)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
