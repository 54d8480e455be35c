"""Train Parallax's German NER model on GermEval 2014 and package it: one command.

    python train/ner/train.py [--src DIR] [--work DIR] [--out DIR] [--version V] [--with-dev STEPS] [--lexicon]
                              [--seeds A B C ...] [-- SPACY TRAIN OPTIONS]

1. convert.py: SRC/train.jsonl and SRC/dev.jsonl → WORK/corpus/*.spacy (label mapping
   in convert.py: PER, LOC, ORG, OTH → MISC; …deriv/…part → no entity);
2. `python -m spacy train config.cfg` on the CPU, one thread, seeded by the config's
   `[system] seed`; model-best is the step with the best dev ents_f;
3. package.py: WORK/run/model-best → OUT with meta.json, NOTICE (the data's CC BY 4.0
   attribution) and the check that the copy tags dev alike;
4. bench/quality/ner.py scores OUT on SRC/dev.jsonl with the project's rule.

`--lexicon` first writes WORK/lexicon (lexicon.py: which of the offline recognizer's
name lists hold each word) and trains with it as the tok2vec's static vectors, which the
model then carries in its vocab (bench/README.md, "Quality: entities", has the figures).

`--seeds A B C` trains one member per seed (WORK/run_A, …) and puts them together as
one model whose members are decoded together (joint.py, `parallax.ingest.ner_joint`):
the shipped model is three such members (bench/README.md, "Quality: entities"). Step 4
then scores the joint model.

`--with-dev STEPS` trains the final model on train and dev together for STEPS steps
(the best step of a run on train alone, with that run's learning-rate schedule) and
packages model-last: nothing held out is left to choose a step or to score on, so the
dev figures to report are the train-only run's (step 4 is skipped).

Defaults: SRC = ../shared/corpora/germeval2014 beside the repository, WORK =
train/ner/runs (git-ignored), OUT = ingest/models/de_parallax_ner (the shipped
model). Options after `--` go to `spacy train`, e.g. `-- --training.dropout 0.3`.
On this project's machine one member takes 10–15 minutes on train alone, stopped
by the config's patience (one core).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import spacy.util

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULTS = {
    "src": REPO.parent / "shared" / "corpora" / "germeval2014",
    "work": HERE / "runs",
    "out": REPO / "ingest" / "models" / "de_parallax_ner",
}
TRAIN = ("-m", "spacy", "train", HERE / "config.cfg", "--gpu-id", "-1")
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def run(*args: str | Path) -> None:
    command = [sys.executable, *map(str, args)]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, env={**os.environ, **ONE_THREAD})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for option, default in DEFAULTS.items():
        parser.add_argument(f"--{option}", type=Path, default=default, help=f"default: {default}")
    parser.add_argument("--version", default="1.0.0", help="the packaged model's version")
    parser.add_argument("--no-score", action="store_true", help="skip step 4")
    parser.add_argument("--lexicon", action="store_true", help="give the tok2vec the name lists as static vectors (lexicon.py)")
    parser.add_argument("--with-dev", type=int, metavar="STEPS", help="train on train + dev for STEPS steps, package model-last")
    parser.add_argument("--seeds", type=int, nargs="+", metavar="SEED",
                        help="train one member per seed and ship them decoded together (joint.py)")
    parser.add_argument("spacy_options", nargs="*", help="after --: options for spacy train")
    args = parser.parse_args()
    if args.seeds and len(args.seeds) < 2:
        parser.error("--seeds takes two seeds or more: one member each")

    corpus = args.work / "corpus"
    run(HERE / "convert.py", "--src", args.src, "--out", corpus)
    train, options = corpus / "train.spacy", list(args.spacy_options)
    if args.lexicon:
        run(HERE / "lexicon.py", args.work / "lexicon")
        options = ["--paths.vectors", str(args.work / "lexicon"),
                   "--components.tok2vec.model.embed.include_static_vectors", "true", *options]
    if args.with_dev:
        # spaCy's corpus reader takes a folder: every .spacy file in it
        train = corpus / "train_dev"
        train.mkdir(exist_ok=True)
        for split in ("train", "dev"):
            shutil.copyfile(corpus / f"{split}.spacy", train / f"{split}.spacy")
        schedule = spacy.util.load_config(HERE / "config.cfg", interpolate=True)["training"]["max_steps"]
        options = ["--training.max_steps", str(args.with_dev),
                   "--training.optimizer.learn_rate.total_steps", str(schedule), *options]
    best = "model-last" if args.with_dev else "model-best"
    if args.seeds:
        members = []
        for seed in args.seeds:
            output = args.work / f"run_{seed}"
            run(*TRAIN, "--output", output, "--paths.train", train, "--paths.dev", corpus / "dev.spacy",
                *options, "--system.seed", str(seed))
            members.append(output / best)
        chosen = args.work / "joint"
        run(HERE / "joint.py", *members, chosen, "--check", args.src / "dev.jsonl")
    else:
        output = args.work / "run"
        run(*TRAIN, "--output", output, "--paths.train", train, "--paths.dev", corpus / "dev.spacy", *options)
        chosen = output / best
    run(HERE / "package.py", chosen, args.out, "--version", args.version, "--check", args.src / "dev.jsonl")
    if not (args.no_score or args.with_dev):
        run(REPO / "bench" / "quality" / "ner.py", "--corpus", args.src, "--model", args.out, "--only")


if __name__ == "__main__":
    main()
