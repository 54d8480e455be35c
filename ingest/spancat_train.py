"""`parallax train`: a spaCy span categorizer trained on a team's accepted
annotations with spaCy's own training loop, and scored on a held-out part.

    data = spancat_data.build(labelled_articles(db, ...), tokens.nlp)
    result = train(data, Path("models/quotes"), tokens.nlp, epochs=10)

The config is `data/spancat.cfg` (a `spacy train` config) filled with the paths
of the DocBins, the seed and the number of epochs; `spacy.training.initialize.
init_nlp` and `spacy.training.loop.train` do the rest, on the CPU. The output
folder is a spaCy pipeline (sentencizer, tok2vec, spancat) whose meta.json
records, under "parallax", the labels, stories, annotators and held-out scores.
"""

from __future__ import annotations

import io
import json
import math
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train
from spacy.util import load_config

from parallax.ingest import span_candidates  # noqa: F401  (registers the suggester the config names)
from parallax.ingest.spancat_data import SPANS_KEY, TrainingData, write

CONFIG = Path(__file__).parent / "data" / "spancat.cfg"
EPOCHS = 10
MARK = "parallax"
"""The meta.json key that holds what the model learned from."""


class TrainError(Exception):
    """Training cannot start; the message is one line."""


@dataclass
class Scores:
    p: float
    r: float
    f: float
    gold: int = 0
    """Held-out spans with this label, as marked."""


@dataclass
class TrainResult:
    path: Path
    name: str
    scores: dict[str, Scores] = field(default_factory=dict)
    """Per label, exact span and label, on the held-out part; empty without one."""
    overall: Scores | None = None


def train(data: TrainingData, out: Path, tokens: Language, *, tokens_name: str = "", name: str | None = None,
          epochs: int = EPOCHS, seed: int = 0, log: IO[str] | None = None) -> TrainResult:
    """Train on `data.train`, score on `data.held_out`, write the pipeline to `out`.

    `tokens` is the pipeline `data` was tokenized with (the one `parallax
    suggest` reads): the model gets its language and a copy of its tokenizer.
    `log` receives spaCy's training table and its progress bar (tqdm, which
    draws only on a terminal); None keeps them quiet. `out` is replaced only
    when training succeeded, and only if it is empty or a model made by this."""
    if not data.train or not any(doc.spans[SPANS_KEY] for doc in data.train):
        raise TrainError("no training spans: nothing to learn from")
    _check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    name = name or _package_name(out.name)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        base = spacy.blank(tokens.lang)
        base.tokenizer.from_bytes(tokens.tokenizer.to_bytes(exclude=["vocab"]))
        base.to_disk(work / "tokens")
        config = load_config(CONFIG, interpolate=False)
        per_epoch = math.ceil(len(data.train) / config["training"]["batcher"]["size"])
        config = load_config(CONFIG, interpolate=False, overrides={
            "nlp.lang": tokens.lang,
            "paths.train": str(write(data.train, work / "train.spacy")),
            # without a held-out part spaCy still wants a dev corpus; its scores are not reported
            "paths.dev": str(write(data.held_out or data.train[:1], work / "dev.spacy")),
            "system.seed": seed,
            "training.max_epochs": epochs,
            # steps are counted from 0: the bar ends at 100 % with the last epoch
            "training.max_steps": max(1, epochs * per_epoch - 1),
            "training.eval_frequency": per_epoch,
            "initialize.before_init.tokenizer": str(work / "tokens"),
        })
        sink = _Quiet(log, work) if log else io.StringIO()
        nlp = init_nlp(config)
        (work / "run").mkdir()
        spacy_train(nlp, work / "run", stdout=sink, stderr=sink)
        nlp = spacy.load(work / "run" / "model-last")
        result = TrainResult(out, name)
        if data.held_out:
            _score(nlp, data, result)
        _describe(nlp, data, result, epochs=epochs, seed=seed, tokenizer=tokens_name)
        nlp.to_disk(work / "model")
        _replace(out, work / "model", work / "old")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


class _Quiet(io.TextIOBase):
    """spaCy's table and progress bar, without its lines about the temporary
    folder it saves checkpoints to (the model goes to `out`, not there)."""

    def __init__(self, stream: IO[str], work: Path):
        self.stream, self.work = stream, str(work)

    def write(self, text: str) -> int:
        if self.work not in text and "Saved pipeline" not in text:
            self.stream.write(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


def _score(nlp, data: TrainingData, result: TrainResult) -> None:
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in data.held_out]
    scores = nlp.evaluate(examples)
    per_type = scores.get(f"spans_{SPANS_KEY}_per_type") or {}
    for label in sorted(set(data.labels) | set(per_type)):
        s = per_type.get(label, {"p": 0.0, "r": 0.0, "f": 0.0})
        result.scores[label] = Scores(s["p"], s["r"], s["f"], data.held_out_labels.get(label, 0))
    result.overall = Scores(*(scores.get(f"spans_{SPANS_KEY}_{k}") or 0.0 for k in "prf"),
                            sum(data.held_out_labels.values()))


def _describe(nlp, data: TrainingData, result: TrainResult, *, epochs: int, seed: int, tokenizer: str) -> None:
    config = nlp.config
    # the temporary DocBins and tokenizer copy are gone; the tokenizer is in the folder
    config["paths"]["train"] = config["paths"]["dev"] = None
    config["initialize"]["before_init"] = None
    nlp.config = config
    labels = sorted(data.labels)
    nlp.meta["name"] = result.name
    nlp.meta["description"] = (f"Span categorizer ({', '.join(labels)}) trained by `parallax train` on the accepted "
                               f"annotations of {len(data.stories)} stor{'y' if len(data.stories) == 1 else 'ies'}")
    nlp.meta["performance"] = ({f"spans_{SPANS_KEY}_{k}": getattr(result.overall, k) for k in "prf"}
                               if result.overall else {})
    nlp.meta[MARK] = {
        "labels": labels,
        "stories": data.stories,
        "annotators": data.annotators,
        "articles": {"train": data.train_articles, "held_out": data.held_out_articles},
        "spans": dict(sorted(data.labels.items())),
        "held_out_spans": dict(sorted(data.held_out_labels.items())),
        "held_out_scores": ({label: vars(s) for label, s in result.scores.items()} | {"all": vars(result.overall)}
                            if result.overall else None),
        "taught_as_nearest_candidate": data.snapped,
        "left_out": data.left_out,
        "outside_the_text_read": data.outside,
        "epochs": epochs,
        "seed": seed,
        "tokenizer": tokenizer,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def model_meta(path: Path) -> dict[str, Any] | None:
    """The meta of a pipeline folder, or None when it is none."""
    try:
        return json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise TrainError(f"{out}: is a file; --out names a folder")
    if out.is_dir() and any(out.iterdir()) and MARK not in (model_meta(out) or {}):
        raise TrainError(f"{out}: folder is not empty and holds no model made by `parallax train`; "
                         "name a new folder")


def _replace(out: Path, new: Path, old: Path) -> None:
    if out.exists():
        out.rename(old)
    new.rename(out)


def _package_name(text: str) -> str:
    """spaCy's rule for a pipeline name: lower-case letters, digits and _."""
    cleaned = "".join(ch if ch.isalnum() else "_" for ch in text.lower()).strip("_")
    return cleaned or "spancat"
