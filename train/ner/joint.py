"""Trained NER pipelines (tok2vec + ner, the same config and lexicon, other seeds) →
one pipeline whose members are decoded together (`parallax.ingest.ner_joint`).

Each member's ner gets its own copy of its tok2vec (`replace_listeners`), so the
members sit in one pipeline side by side, sharing the tokenizer and the vocab with
the lexicon's vectors (one copy: all were trained with the same table), disabled:
the joint component runs their layers and decodes once over their summed scores.
Then checks that each member inside tags as it does alone.

    python train/ner/joint.py MEMBER MEMBER [MEMBER ...] OUT [--check dev.jsonl]
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import spacy
from spacy.language import Language

from parallax.ingest.ner_joint import JOINT


def combine(members: list[Path]) -> Language:
    first = spacy.load(members[0])
    nlp = spacy.blank(first.lang, vocab=first.vocab)
    names = []
    for i, path in enumerate(members, 1):
        member = spacy.load(path, vocab=first.vocab)
        if member.vocab.vectors.name != first.vocab.vectors.name or member.vocab.vectors.shape != first.vocab.vectors.shape:
            raise SystemExit(f"{path}: other vectors than {members[0]}")
        member.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
        names.append(f"ner_{i}")
        nlp.add_pipe("ner", name=names[-1], source=member)
    nlp.add_pipe(JOINT, name="ner", config={"members": names})
    for name in names:
        nlp.disable_pipe(name)
    nlp.meta.update({key: first.meta[key] for key in ("name", "version") if key in first.meta})
    return nlp


def members_agree(nlp: Language, members: list[Path], texts: list[str]) -> bool:
    """Each member inside `nlp`, run alone, tags `texts` as the member's own pipeline does."""
    for i, path in enumerate(members, 1):
        inside = nlp.get_pipe(f"ner_{i}")
        found = [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
                 for doc in inside.pipe(nlp.make_doc(text) for text in texts)]
        alone = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in spacy.load(path).pipe(texts)]
        if found != alone:
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("members", type=Path, nargs="+", help="trained pipelines, e.g. RUN/model-best, then the folder to write")
    parser.add_argument("--check", type=Path, help="a GermEval-style jsonl whose texts the members must tag as alone")
    args = parser.parse_args()
    *members, out = args.members
    if len(members) < 2:
        parser.error("give two members or more, then the folder to write")
    nlp = combine(members)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    if args.check:
        lines = args.check.read_text(encoding="utf-8").splitlines()
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
        if not members_agree(spacy.load(out), members, texts):
            raise SystemExit(f"{out}: a member tags {args.check} differently from the member alone")
        print(f"{out}: each member as alone on {len(texts)} texts")


if __name__ == "__main__":
    main()
