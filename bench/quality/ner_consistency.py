"""What the article-level consistency of names (`ingest/mentions.py`) changes, on the
sample story (ours, in the package) and the seed articles (../shared/seeds, when
present): every mention it adds or relabels, with its context, for reading.

    python bench/quality/ner_consistency.py [--seeds DIR] [--context N]

GermEval's sentences are isolated, so this is where the step can be judged: the
counts per article and label, and the list to check by eye (bench/README.md,
"Quality: entities", has the tally).
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"


def articles(seeds: Path):
    """(name, cleaned record) of the sample story's articles and the seeds."""
    from parallax.ingest.clean import clean
    from parallax.ingest.readers import read_path
    from parallax.ingest.sample import sample_folder, sample_story

    with sample_folder() as folder:
        for article in sample_story(Path(folder))[1]:
            yield f"sample/{article.path.name}", clean(read_path(article.path)[0])
    for path in sorted(seeds.glob("*.txt")):
        yield f"seeds/{path.name}", clean(read_path(path)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--context", type=int, default=30, help="characters shown on each side")
    args = parser.parse_args()

    from parallax.ingest.nlp import OWN, annotate, load_pipeline

    pipeline = load_pipeline(OWN)
    plain = replace(pipeline, finish=None)
    total: Counter[str] = Counter()
    for name, record in articles(args.seeds):
        [before] = annotate(plain, [replace(record, entities=[])])
        [after] = annotate(pipeline, [replace(record, entities=[])])
        old = {(e.start, e.end): e.label for e in before.entities}
        changes = [(e, old.get((e.start, e.end))) for e in after.entities if old.get((e.start, e.end)) != e.label]
        counts = Counter(("added " if was is None else f"{was} → ") + e.label for e, was in changes)
        total.update(counts)
        print(f"\n{name}: {len(before.entities)} → {len(after.entities)} mentions; "
              + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no change"))
        text = record.text
        for e, was in changes:
            left = text[max(0, e.start - args.context) : e.start].replace("\n", " ")
            right = text[e.end : e.end + args.context].replace("\n", " ")
            print(f"  {e.label:<4} {'added' if was is None else 'was ' + was:<9} …{left}[{e.text}]{right}…")
    print("\nall: " + ", ".join(f"{k} {v}" for k, v in sorted(total.items())))


if __name__ == "__main__":
    main()
