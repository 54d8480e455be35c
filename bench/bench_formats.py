"""Export of 100,000 annotations to every format: rows/s and peak RSS.

Builds one database (20 articles of ~60,000 characters, three annotators,
spans on word boundaries with a tenth of them off token boundaries, a mix of
statuses, one link per ten spans, some across articles), then exports it in a
fresh child process per format, so each peak RSS is its own. The baseline is
Parallax's own JSONL export of the same rows in the same run.

    python bench/bench_formats.py [--rows 100000] [--keep /tmp/formats.db]
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

WORDS = ("Der Kanal bleibt gesperrt, sagte Hafenkapitänin Petersen am Montag in Brunsbüttel. „Wir warten“ "
         "erklärte die Reederei 🚢 laut Angaben").split()
FORMATS = ("jsonl", "prodigy", "doccano", "labelstudio", "brat", "spacy", "conll", "conllu", "xmi")
OUT = {"labelstudio": "ls", "brat": "brat", "spacy": "out.spacy", "xmi": "out.zip"}


def build(path: Path, rows: int) -> None:
    from parallax.store.articles import add_articles
    from parallax.store.db import open_db
    from parallax.store.ids import new_id, now
    from parallax.store.records import ArticleRecord

    db = open_db(path)
    rng = random.Random(7)
    texts = [" ".join(rng.choice(WORDS) for _ in range(8000)) for _ in range(20)]
    records = [ArticleRecord(text=t, source_path=f"{i}.txt", sentences=_sentences(t)) for i, t in enumerate(texts)]
    ids = [s.article_id for s in add_articles(db, "Bench", records)]
    stamp = now()
    annotation_rows, link_rows, previous = [], [], {}
    for n in range(rows):
        article = n % len(ids)
        text = texts[article]
        start = text.index(" ", rng.randrange(len(text) - 300)) + 1
        end = start + rng.randrange(20, 200)
        end = text.index(" ", end) if text.find(" ", end) != -1 else len(text)
        if n % 10 == 0:
            start += 2  # inside a word: off token boundaries
        annotator = ("anna", "ben", "suggest:rules")[n % 3]
        status = "suggested" if annotator == "suggest:rules" else ("rejected" if n % 17 == 0 else "accepted")
        ident = new_id()
        annotation_rows.append((ident, ids[article], start, end, ("quote", "claim", "opinion", "comment")[n % 4],
                                text[start:end], annotator, status, json.dumps({"form": "direct"}), None, stamp, stamp))
        if n % 10 == 5 and (article in previous or n % 30 == 5):
            dst = previous.get(article if n % 30 != 5 else (article + 1) % len(ids))
            if dst:
                link_rows.append((new_id(), ident, dst, "same", annotator, stamp))
        previous[article] = ident
    with db.conn:
        db.conn.executemany('INSERT INTO annotations (id, article_id, start, "end", label, text, annotator, status, '
                            "attrs, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", annotation_rows)
        db.conn.executemany("INSERT INTO links (id, src_annotation, dst_annotation, kind, annotator, created_at) "
                            "VALUES (?,?,?,?,?,?)", link_rows)
    db.close()


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for i, char in enumerate(text):
        if char == "." and i + 1 < len(text):
            bounds.append((start, i + 1))
            start = i + 2
    bounds.append((start, len(text)))
    return bounds


CHILD = """
import sys, time
sys.path.insert(0, {bench!r})
from _measure import peak_mb
from parallax.store.db import open_db
from parallax.store.export import Filters, annotation_lines
db = open_db({db!r})
started = time.perf_counter()
if {fmt!r} == "jsonl":
    with open({out!r}, "w", encoding="utf-8") as handle:
        for line in annotation_lines(db, Filters()):
            handle.write(line + "\\n")
    report = "jsonl: keeps everything"
else:
    from parallax.formats.run import export
    _, report = export(db, {fmt!r}, Filters(), {out!r})
print(time.perf_counter() - started, peak_mb(), str(report).replace("\\n", " "))
"""


def measure(db: Path, fmt: str, folder: Path) -> tuple[float, float, str]:
    out = folder / fmt / OUT.get(fmt, "out.txt")
    out.parent.mkdir()
    code = CHILD.format(bench=str(Path(__file__).resolve().parent), db=str(db), fmt=fmt, out=str(out))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, peak, report = done.stdout.strip().split(" ", 2)
    return float(seconds), float(peak), report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        db = args.keep or folder / "formats.db"
        if not db.exists():
            started = time.perf_counter()
            build(db, args.rows)
            print(f"built {args.rows:,} annotations in {time.perf_counter() - started:.1f} s")
        baseline = None
        print(f"{'format':12} {'rows/s':>10} {'× jsonl':>8} {'peak MB':>8}  loss report")
        for fmt in FORMATS:
            seconds, peak, report = measure(db, fmt, folder)
            rate = args.rows / seconds
            baseline = baseline or rate
            print(f"{fmt:12} {rate:10,.0f} {rate / baseline:8.3f} {peak:8.0f}  {report[:150]}")


if __name__ == "__main__":
    main()
