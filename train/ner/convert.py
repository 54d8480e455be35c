"""GermEval 2014 (NoSta-D) jsonl → spaCy DocBin files for `spacy train`.

Label mapping (outer level only; the nested inner level is not used):

    PER → PER, LOC → LOC, ORG → ORG, OTH → MISC
    PERderiv, PERpart, LOCderiv, LOCpart, ORGderiv, ORGpart, OTHderiv, OTHpart → no
    entity: their tokens are trained as outside ("O"), so the model learns *not* to
    mark "deutschen" or the "EU" of "EU-Kommission", as the project's scoring wants.

The raw `text` is tokenized by spaCy's blank German tokenizer, the one the model
sees at run time. Gold spans are placed with `Doc.char_span` (strict); the few that do
not fall on token boundaries (31 of 24,238 in train, e.g. "Campi et al" before "al.")
are set as *missing* (no loss either way) rather than guessed.

    python train/ner/convert.py [--src DIR] [--out DIR]

reads SRC/train.jsonl and SRC/dev.jsonl, writes OUT/train.spacy and OUT/dev.spacy.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

LABEL_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}
"""GermEval outer label → model label; anything else (…deriv, …part) is no entity."""

SPLITS = ("train", "dev")
REPO = Path(__file__).resolve().parents[2]
DEFAULT_SRC = REPO.parent / "shared" / "corpora" / "germeval2014"


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def gold_doc(nlp: Language, row: dict) -> tuple[Doc, int]:
    """The row's text as the model sees it, with its entities; and how many gold
    spans were set as missing because they do not fall on token boundaries."""
    doc = nlp.make_doc(row["text"])
    ents, missing = [], []
    off_boundary = 0
    for ent in row["outer"]:
        label = LABEL_MAP.get(ent["label"])
        if label is None:
            continue
        span = doc.char_span(ent["start"], ent["end"], label=label)
        if span is None:
            off_boundary += 1
            if (wide := doc.char_span(ent["start"], ent["end"], alignment_mode="expand")) is not None:
                missing.append(wide)
            continue
        ents.append(span)
    # a missing span may not overlap an entity: the entity wins
    taken = {t for span in ents for t in range(span.start, span.end)}
    missing = [m for m in missing if taken.isdisjoint(range(m.start, m.end))]
    doc.set_ents(ents, missing=missing, default="outside")
    return doc, off_boundary


def convert(src: Path, out: Path) -> dict[str, dict[str, int]]:
    """Write OUT/{train,dev}.spacy; per split the counts of docs, entities and
    spans set as missing."""
    nlp = spacy.blank("de")
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split in SPLITS:
        docs = DocBin(store_user_data=False)
        n = {"docs": 0, "entities": 0, "missing": 0}
        for row in read_jsonl(src / f"{split}.jsonl"):
            doc, off_boundary = gold_doc(nlp, row)
            docs.add(doc)
            n["docs"] += 1
            n["entities"] += len(doc.ents)
            n["missing"] += off_boundary
        docs.to_disk(out / f"{split}.spacy")
        counts[split] = n
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder with train.jsonl and dev.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="folder for train.spacy and dev.spacy")
    args = parser.parse_args()
    for split, n in convert(args.src, args.out).items():
        print(f"{split}: {n['docs']} docs, {n['entities']} entities, {n['missing']} spans off token boundaries (missing)")


if __name__ == "__main__":
    main()
