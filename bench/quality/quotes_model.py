"""Experiment: `parallax train` on Wikinews' train quotes, `suggest --model` on dev.

    python bench/quality/quotes_model.py [--epochs N] [--seed N] [--keep FOLDER]

Both splits are imported into one temporary database (`parallax import`); the
train split's gold quotes become accepted `quote` annotations of an annotator
"wikinews-gold" (a discontinuous quote as one span from its first to its last
character), `parallax train --story wikinews-train --label quote` trains on them
(its own held-out part is 20 % of the train articles), and `parallax suggest
wikinews-dev --model MODEL` adds the rules' and the model's suggestions to the dev
articles, which are scored side by side with the measures of quotes.py.

The corpus is CC BY-NC-SA 4.0: the model made here is an experiment, deleted
with the temporary folder (unless --keep), and never shipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quote_scores import Coordinates  # noqa: E402
from quotes import CORPUS, import_split, parallax, report, score  # noqa: E402

ANNOTATOR = "wikinews-gold"


def accept_gold(db_path: Path, corpus: Path, split: str, story: str) -> int:
    """The split's gold quotes as accepted annotations; returns how many."""
    from parallax.store.annotations import add_row
    from parallax.store.db import open_db, write

    db = open_db(db_path)
    stored = dict(db.execute("SELECT a.title, a.id FROM articles a JOIN stories s ON s.id = a.story_id "
                             "WHERE s.name = ?", [story]).fetchall())
    added = 0
    with write(db):
        for line in (corpus / f"{split}.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            article_id = stored.get(record["title"])
            if article_id is None:
                continue
            text = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
            gold, ours = Coordinates(record["text"]), Coordinates(text)
            if gold.letters != ours.letters:
                continue
            for q in record["quotes"]:
                a, b = gold.range(q["spans"][0][0], q["spans"][-1][1])
                if a >= b:
                    continue
                start, end = ours.position(a), ours.position(b - 1) + 1
                add_row(db, article_id, start, end, "quote", ANNOTATOR, attrs={"form": q["type"]})
                added += 1
    db.close()
    return added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threshold", type=float, help="passed to suggest --threshold")
    parser.add_argument("--keep", type=Path, help="keep the database and the model in this folder")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder (default: %(default)s)")
    args = parser.parse_args()
    corpus = args.corpus
    if not (corpus / "train.jsonl").is_file():
        print(f"skipped: corpus not found at {corpus}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "wikinews.db"
        if not db.exists():
            import_split(db, corpus, "train", "wikinews-train")
            import_split(db, corpus, "dev", "wikinews-dev")
            print(f"{accept_gold(db, corpus, 'train', 'wikinews-train')} train quotes accepted as {ANNOTATOR}")
        model = folder / "wikinews-quotes-model"
        print(parallax("train", "--story", "wikinews-train", "--label", "quote", "--annotator", ANNOTATOR,
                       "--epochs", str(args.epochs), "--seed", str(args.seed), "--out", str(model), "--db", str(db)))
        extra = ["--threshold", str(args.threshold)] if args.threshold is not None else []
        parallax("suggest", "wikinews-dev", "--model", str(model), *extra, "--db", str(db))
        tallies, problems = score(db, "wikinews-dev", corpus, "dev")
    report(tallies, problems, "dev", as_json=False)


if __name__ == "__main__":
    main()
