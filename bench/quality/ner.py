"""Entity quality on GermEval 2014 dev (issue 12): the shipped default pipeline next to
its parts.

    python bench/quality/ner.py [--split dev] [--corpus DIR] [--model NAME|DIR]... [--ner-model DIR]...
                                [--only] [--ablations] [--json]

Scores, with the project's rule (`ner_scores.py`: exact character span and label,
PER/LOC/ORG micro P/R/F1 and per label, MISC apart, news and Wikipedia halves apart):

- `default`: what `parallax import` uses where no trained German spaCy pipeline is
  installed: Parallax's model + the offline recognizer's components, then the
  article-level consistency of names (`load_pipeline("de_parallax_ner")`);
- `model`: the shipped model alone (its members decoded together, with a sentencizer);
- `gazetteer`: the offline recognizer alone (`load_pipeline("parallax-offline-de")`);
- and any `--model` given (a pipeline name or folder, e.g. a freshly trained one,
  alone), and `default with DIR` for any `--ner-model DIR`: the default pipeline with
  that model folder in place of the shipped one (`--only` scores just those).

Each sentence is one record through `ingest.nlp.annotate`, the import's own code path,
on its raw text. The corpus (../shared/corpora/germeval2014, CC BY 4.0) is read, never
copied; without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from pathlib import Path

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ner_scores import MAIN, PRF, Entity, score_parts  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpora" / "germeval2014"


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def predict(pipeline, rows: list[dict]) -> tuple[list[set[Entity]], float]:
    """Each row's entities as the import would store them, and the CPU seconds."""
    from parallax.ingest.nlp import annotate
    from parallax.store.records import ArticleRecord

    records = (ArticleRecord(text=row["text"], source_path=row["id"]) for row in rows)
    started = time.process_time()
    predicted = [{(e.start, e.end, e.label) for e in r.entities} for r in annotate(pipeline, records)]
    return predicted, time.process_time() - started


def pipelines(columns: list[str]):
    """(column, loaded Pipeline) for each column asked for: "default", "model",
    "gazetteer", "default with DIR", or a pipeline name or folder."""
    from parallax.ingest.ner_model import load_model, model_name
    from parallax.ingest.nlp import OFFLINE, OWN, Pipeline, default_pipeline, load_pipeline

    def model_alone() -> Pipeline:
        model = load_model()
        model.add_pipe("sentencizer", first=True)
        return Pipeline(model, model_name())

    loaders = {"default": lambda: load_pipeline(OWN), "model": model_alone, "gazetteer": lambda: load_pipeline(OFFLINE)}
    for column in columns:
        if column.startswith(WITH):
            yield column, default_pipeline(ner_model=Path(column.removeprefix(WITH)))
        else:
            yield column, loaders[column]() if column in loaders else load_pipeline(column)


WITH = "default with "


ABLATIONS = {
    "default without entity_ruler": ("entity_ruler",),
    "default without parallax_names": ("parallax_names",),
    "default without parallax_orgs": ("parallax_orgs",),
    "model + entity_ruler only": ("parallax_names", "parallax_orgs"),
    "default without consistency": (),
}
"""The default pipeline with parts left out (`--ablations`): which part earns its place."""


def ablations(rows: list[dict]):
    """(column, pipeline name, predictions, CPU seconds) of each ablation."""
    from dataclasses import replace

    from parallax.ingest.nlp import OWN, load_pipeline

    pipeline = load_pipeline(OWN)
    for column, disabled in ABLATIONS.items():
        variant = replace(pipeline, finish=None) if not disabled else pipeline
        with pipeline.nlp.select_pipes(disable=list(disabled)):
            yield column, variant, *predict(variant, rows)


def cell(s: PRF) -> str:
    return f"{s.p:.3f} / {s.r:.3f} / {s.f:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--split", default="dev", help="dev (default); train only to look at errors")
    parser.add_argument("--model", action="append", default=[], help="another pipeline (name or folder) to score; repeatable")
    parser.add_argument("--ner-model", action="append", default=[], help="a model folder to score inside the default pipeline; repeatable")
    parser.add_argument("--only", action="store_true", help="score only the --model and --ner-model pipelines")
    parser.add_argument("--ablations", action="store_true", help="also the default pipeline with parts left out")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    args = parser.parse_args()

    path = args.corpus / f"{args.split}.jsonl"
    if not path.is_file():
        print(f"skipped: {path} not found")
        return
    rows = read_rows(path)
    chars = sum(len(row["text"]) for row in rows)
    results = {}
    columns = ([] if args.only else ["default", "model", "gazetteer"]) + args.model
    columns += [WITH + folder for folder in args.ner_model]
    scored = ((column, pipeline, *predict(pipeline, rows)) for column, pipeline in pipelines(columns))
    if args.ablations:
        scored = itertools.chain(scored, ablations(rows))
    for column, pipeline, predicted, cpu in scored:
        parts = score_parts(rows, predicted)
        results[column] = {
            "pipeline": pipeline.name,
            "chars_per_cpu_second": round(chars / cpu),
            **{part: {label: s.as_dict() for label, s in scores.items()} for part, scores in parts.items()},
        }
        if not args.json:
            print(f"\n{column}: {pipeline.name}  ({chars / cpu:,.0f} chars per CPU second, annotate())")
            for part, scores in parts.items():
                print(f"  {part:<10} PER/LOC/ORG P / R / F1  {cell(scores['PLO'])}")
                if part == "all":
                    for label in (*MAIN, "MISC"):
                        print(f"    {label:<5}              {cell(scores[label])}")
    if args.json:
        print(json.dumps({"split": args.split, "sentences": len(rows), "results": results}, indent=1))


if __name__ == "__main__":
    main()
