"""The project's NER scoring rule (bench/README.md, "Quality: entities"), on GermEval
2014 rows (`../shared/corpora/germeval2014/*.jsonl`: `text`, `outer` with character
offsets, and in dev `news`).

Exact character span and label over the outer level. PER/LOC/ORG are scored micro
(and per label); GermEval's OTH is counted as MISC and reported apart; the `…deriv`
and `…part` classes are no entities. A prediction is (start, end, label) with our
labels (PER, LOC, ORG, MISC).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GOLD_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}
MAIN = ("PER", "LOC", "ORG")
Entity = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"p": self.p, "r": self.r, "f": self.f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


def gold_entities(row: dict) -> set[Entity]:
    return {(e["start"], e["end"], GOLD_LABELS[e["label"]]) for e in row["outer"] if e["label"] in GOLD_LABELS}


def score(rows: Sequence[dict], predictions: Iterable[set[Entity]]) -> dict[str, PRF]:
    """Per label (PER, LOC, ORG, MISC) and "PLO", the PER/LOC/ORG micro average."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for row, predicted in zip(rows, predictions, strict=True):
        gold = gold_entities(row)
        tp.update(label for *_, label in predicted & gold)
        fp.update(label for *_, label in predicted - gold)
        fn.update(label for *_, label in gold - predicted)
    scores = {label: PRF(tp[label], fp[label], fn[label]) for label in (*MAIN, "MISC")}
    scores["PLO"] = PRF(*(sum(c[label] for label in MAIN) for c in (tp, fp, fn)))
    return scores


def score_parts(rows: Sequence[dict], predictions: Sequence[set[Entity]]) -> dict[str, dict[str, PRF]]:
    """`score` over all rows, and over the news and the Wikipedia half where the rows
    say which they are (`news`)."""
    parts = {"all": score(rows, predictions)}
    if rows and all("news" in row for row in rows):
        for part, flag in (("news", True), ("wikipedia", False)):
            index = [i for i, row in enumerate(rows) if row["news"] is flag]
            parts[part] = score([rows[i] for i in index], [predictions[i] for i in index])
    return parts
