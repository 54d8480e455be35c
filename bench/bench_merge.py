"""Merge throughput: two databases of N annotations each (default 500,000) into a third.

Builds two databases once, as two machines would make them:
  - anna.db: 20 articles; N annotations by anna, each with its "add" journal
    entry; a link for every 50th annotation;
  - ben.db: the same 20 articles imported in another order (so every article
    id differs and every row pointing at one is remapped) plus 2 of its own;
    N annotations by ben with journal entries and links; and 1 % of anna's
    annotations, edited later on ben's machine (updates), a tenth of which
    anna edited too in between (conflicts).
Then, each step in a fresh child process (peak RSS is its own), into an empty
team.db: merge anna.db, merge ben.db, then both again (no-ops: anna's article
ids are team.db's, ben's are not, so the journal images of ben's entries
were rewritten on the way in). Prints
seconds, rows written per second (articles and their zones/sentences/entities,
annotations new + updated, links, journal entries; goal ≥ 100k rows/s) and
peak RSS.

    python bench/bench_merge.py [--rows 500000] [--keep /tmp/merge-bench] [--before main]

`--before REV` runs the same steps with REV's store/ first (unpacked with
`git archive`), for a ratio measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from _measure import peak_mb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ARTICLES = 20
LABELS = ("quote", "claim", "opinion", "comment")
WORDS = "Der Kanal bleibt gesperrt sagte Hafenkapitänin Petersen am Montag in Brunsbüttel Reederei Motor".split()
COLUMNS = ("id", "article_id", "start", "end", "label", "text", "annotator", "status", "attrs", "note",
           "created_at", "updated_at")


def records(rng: random.Random, count: int) -> list:
    from parallax.store.records import ArticleRecord, EntitySpan, Zone

    out = []
    for _ in range(count):
        parts, sentences, offset = [], [], 0
        for _ in range(2000):
            sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))) + "."
            sentences.append((offset, offset + len(sentence)))
            parts.append(sentence)
            offset += len(sentence) + 1
        text = " ".join(parts)
        out.append(ArticleRecord(text=text, source_path="bench", outlet="Bench", sentences=sentences,
                                 zones=[Zone(0, len(text), "body")],
                                 entities=[EntitySpan(s, s + 5, "LOC", text[s:s + 5]) for s, _ in sentences[::10]]))
    return out


def fill(db, annotator: str, article_ids: list[int], texts: list[str], rows: int, rng: random.Random) -> list[dict]:
    from parallax.store.ids import new_id, now

    made: list[dict] = []
    done = 0
    while done < rows:
        batch, journal, links = [], [], []
        for _ in range(min(50_000, rows - done)):
            a = rng.randrange(len(article_ids))
            start = rng.randrange(len(texts[a]) - 200)
            end = start + rng.randrange(5, 200)
            stamp = now()
            row = dict(zip(COLUMNS, (new_id(), article_ids[a], start, end, rng.choice(LABELS), texts[a][start:end],
                                     annotator, "accepted", "{}", None, stamp, stamp)))
            batch.append(tuple(row.values()))
            journal.append((new_id(), annotator, "add", row["id"], None, json.dumps(row, ensure_ascii=False),
                            None, "active", stamp))
            if made and len(made) % 50 == 0:
                links.append((new_id(), made[-1]["id"], row["id"], "same_claim", annotator, stamp))
            made.append(row)
        with db.atomic():
            _insert(db, batch, journal, links)
        done += len(batch)
    return made


def _insert(db, annotations: list, journal: list, links: list) -> None:
    db.conn.executemany(f"INSERT INTO annotations ({', '.join(repr(c) for c in COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(COLUMNS))})", annotations)
    db.conn.executemany("INSERT INTO journal (id, annotator, op, annotation_id, before, after, ref, state, "
                        "created_at) VALUES (?,?,?,?,?,?,?,?,?)", journal)
    db.conn.executemany("INSERT INTO links (id, src_annotation, dst_annotation, kind, annotator, created_at) "
                        "VALUES (?,?,?,?,?,?)", links)


def build(folder: Path, rows: int) -> None:
    from parallax.store.articles import add_articles
    from parallax.store.db import open_db
    from parallax.store.ids import new_id, now

    rng = random.Random(11)
    shared, own = records(rng, ARTICLES), records(rng, 2)
    anna = open_db(folder / "anna.db")
    anna_ids = [s.article_id for s in add_articles(anna, "Bench", shared)]
    made = fill(anna, "anna", anna_ids, [r.text for r in shared], rows, rng)
    anna.close()

    ben = open_db(folder / "ben.db")
    order = list(range(ARTICLES))
    rng.shuffle(order)
    add_articles(ben, "Ben", own)
    ids_by_text = {s_text: s.article_id for s_text, s in
                   zip([shared[i].text for i in order], add_articles(ben, "Bench", [shared[i] for i in order]))}
    ben_ids = [ids_by_text[r.text] for r in shared]
    # 1 % of anna's annotations reached ben (by an export, say) and were edited
    # there later; a tenth of those anna edited too, in between: conflicts.
    remap = dict(zip(anna_ids, ben_ids))
    sample = rng.sample(made, len(made) // 100)
    anna = open_db(folder / "anna.db")
    with anna.atomic():
        for row in sample[: len(sample) // 10]:
            edited = row | {"note": "anna", "updated_at": now()}
            anna.execute("UPDATE annotations SET note = ?, updated_at = ? WHERE id = ?",
                         [edited["note"], edited["updated_at"], row["id"]])
            _insert(anna, [], [(new_id(), "anna", "update", row["id"], json.dumps(row), json.dumps(edited), None,
                                "active", edited["updated_at"])], [])
    anna.close()
    copied, journal = [], []
    for row in sample:
        edited = row | {"article_id": remap[row["article_id"]], "label": rng.choice(LABELS), "updated_at": now()}
        copied.append(tuple(edited.values()))
        journal.append((new_id(), "ben", "update", row["id"], json.dumps(row | {"article_id": edited["article_id"]}),
                        json.dumps(edited), None, "active", edited["updated_at"]))
    with ben.atomic():
        _insert(ben, copied, journal, [])
    fill(ben, "ben", ben_ids, [r.text for r in shared], rows, rng)
    ben.close()


def child(target: str, source: str) -> None:
    from parallax.store.db import open_db
    from parallax.store.merge import merge

    db = open_db(target)
    start, cpu = time.perf_counter(), time.process_time()
    summary = merge(db, source)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    written = (summary.articles + summary.zones + summary.sentences + summary.entities + summary.annotations_new
               + summary.annotations_updated + summary.links + summary.journal)
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "rows": written, "summary": str(summary).split(": ", 1)[1],
                      "conflicts": len(summary.conflicts),
                      "peak_mb": peak_mb()}))


def run(target: Path, source: Path, before: Path | None = None) -> dict:
    """One merge in a child process: this checkout's store, or (`before`) the
    store unpacked from another commit, run with `-S` so that only it is found."""
    command, env = [sys.executable, __file__], None
    if before is not None:
        command = [sys.executable, "-S", __file__]
        env = {"PYTHONPATH": f"{before}:{sysconfig.get_paths()['purelib']}"}
    out = subprocess.run([*command, "--child", str(target), str(source)], check=True, capture_output=True,
                         text=True, env=env).stdout
    return json.loads(out)


def older_copies(folder: Path, into: Path, store: Path) -> Path:
    """anna.db and ben.db as the store unpacked at `store` would have made
    them: a store refuses a source with migrations it does not know, so the
    later ones are taken out again (with what they added: the bulk_jobs
    table, the application id), rows unchanged. Nothing changes for a store
    that knows them all (main since issue 10)."""
    from parallax.store.file_checks import KNOWN_MIGRATIONS

    schema = (store / "parallax" / "store" / "schema.py").read_text()
    later = [name for name in KNOWN_MIGRATIONS if f"def {name}(" not in schema]
    into.mkdir(exist_ok=True)
    for name in ("anna.db", "ben.db"):
        shutil.copy(folder / name, into / name)
        conn = sqlite3.connect(into / name, isolation_level=None)
        conn.executemany("DELETE FROM _sqlite_migrations WHERE name = ?", [(n,) for n in later])
        if "m012_bulk_jobs" in later:
            conn.execute("DROP TABLE IF EXISTS bulk_jobs")
        if "m011_application_id" in later:
            conn.execute("PRAGMA application_id = 0")
        conn.close()
    return into


def unpack(rev: str, folder: Path) -> Path:
    """`rev`'s store/ as the package parallax.store under `folder`."""
    (folder / "parallax").mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(Path(__file__).resolve().parents[1]), "archive", rev, "store"],
                             check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(folder / "parallax")], input=archive.stdout, check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000, help="annotations per database")
    parser.add_argument("--keep", type=Path, help="reuse/keep the two databases in this folder")
    parser.add_argument("--before", help="also run the store of this commit (e.g. main), for a ratio in the same run")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "ben.db").exists():
        t = time.perf_counter()
        build(folder, args.rows)
        print(f"built two databases of {args.rows:,} annotations (+ journal, links) in {time.perf_counter() - t:.1f} s")
    work = Path(tempfile.mkdtemp())
    implementations = [("", None)]
    if args.before:
        implementations.insert(0, (f"{args.before}: ", unpack(args.before, work / "before")))
    print(f"{'step':<30} {'seconds':>8} {'cpu s':>6} {'rows':>10} {'rows/s':>10} {'peak MB':>8}  summary")
    for label, before in implementations:
        target = work / f"team{'-before' if before else ''}.db"
        sources = folder if before is None else older_copies(folder, work / "older", before)
        for name, source in (("anna.db → team.db", "anna.db"), ("ben.db → team.db", "ben.db"),
                             ("anna.db again", "anna.db"), ("ben.db again", "ben.db")):
            r = run(target, sources / source, before)
            rate = f"{r['rows'] / r['seconds']:,.0f}" if r["rows"] else "—"
            print(f"{label + name:<30} {r['seconds']:>8.2f} {r['cpu']:>6.2f} {r['rows']:>10,} {rate:>10} "
                  f"{r['peak_mb']:>8.0f}  {r['summary']}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
