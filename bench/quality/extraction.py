"""Extraction quality on German news pages: Parallax's HTML import vs trafilatura.extract.

    python bench/quality/extraction.py [--details] [--compare-with OTHER_VENV/bin/python]

Reads ../shared/corpora/extraction-de/ (skips when it is absent). Scoring as its
README says: the text of the headline, lead and body zones (subheadings count as
body: they are the article's own text, zoned apart only for display),
whitespace-normalised; a `with` snippet found is a true positive, missing a false
negative; a `without` snippet found is a false positive (a leak), absent a true
negative. P/R/F1 are summed over pages; leak rate = fp / (fp + tn). Next to it,
`trafilatura.extract(html, include_comments=False, include_tables=True)` on the same
pages, and Parallax scored on headline+lead+body alone ("strict").

--compare-with runs this script under another interpreter (a venv with Parallax and
another trafilatura installed) and prints both side by side. --details lists, per
page, the snippets missed and leaked (to read, not to copy into the repository).
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpora" / "extraction-de"

ARTICLE_ZONES = frozenset({"headline", "lead", "body", "subheading"})
STRICT_ZONES = frozenset({"headline", "lead", "body"})


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    failed: int = 0
    """Pages the extractor returned nothing for (their `with` snippets count as missed)."""
    misses: list[str] = field(default_factory=list)

    def add(self, page: dict, text: str | None) -> None:
        if text is None:
            self.failed += 1
            text = ""
        found = squeeze(text)
        for snippet in page["with"]:
            if squeeze(snippet) in found:
                self.tp += 1
            else:
                self.fn += 1
                self.misses.append(f"{page['file']}: missed {snippet!r}")
        for snippet in page["without"]:
            if squeeze(snippet) in found:
                self.fp += 1
                self.misses.append(f"{page['file']}: leaked {snippet!r}")
            else:
                self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def leak_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0


def squeeze(text: str) -> str:
    return " ".join(text.split())


def parallax_texts(path: Path) -> tuple[str, str] | None:
    """The article text of a page as `parallax import` zones it: (scored, strict)."""
    from parallax.ingest.clean import clean
    from parallax.ingest.readers import ReadError, read_path

    try:
        (document,) = read_path(path)
    except ReadError:
        return None
    record = clean(document)

    def text(kinds: frozenset[str]) -> str:
        return "\n".join(record.text[z.start : z.end] for z in record.zones if z.kind in kinds)

    return text(ARTICLE_ZONES), text(STRICT_ZONES)


def trafilatura_text(path: Path) -> str | None:
    import trafilatura

    return trafilatura.extract(path.read_bytes(), include_comments=False, include_tables=True)


def measure(details: bool) -> dict[str, Score]:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    pages = [json.loads(line) for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    scores = {"parallax": Score(), "parallax, strict": Score(), "trafilatura.extract": Score()}
    for page in pages:
        path = CORPUS / "html" / page["file"]
        texts = parallax_texts(path)
        scores["parallax"].add(page, texts[0] if texts else None)
        scores["parallax, strict"].add(page, texts[1] if texts else None)
        scores["trafilatura.extract"].add(page, trafilatura_text(path))
    version = trafilatura.__version__
    named = {f"{name} (trafilatura {version})": score for name, score in scores.items()}
    if not details:
        for score in named.values():
            score.misses = []
    return named


def report(scores: dict[str, Score], pages: int) -> None:
    print(f"{pages} pages, {CORPUS}")
    print(f"{'extractor':<46} {'P':>6} {'R':>6} {'F1':>6} {'leaks':>7} {'leak rate':>9} {'failed':>6}")
    for name, s in scores.items():
        leaks = f"{s.fp}/{s.fp + s.tn}"
        print(
            f"{name:<46} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {leaks:>7} "
            f"{s.leak_rate:9.3f} {s.failed:6d}"
        )
    for name, s in scores.items():
        if s.misses:
            print(f"\n{name}:")
            print("\n".join(f"  {line}" for line in s.misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list missed and leaked snippets")
    parser.add_argument("--compare-with", metavar="PYTHON", help="also run under this interpreter")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (CORPUS / "gold.jsonl").is_file():
        print(f"skipped: no corpus at {CORPUS}")
        return
    scores = measure(args.details)
    if args.json:
        print(json.dumps({name: asdict(score) for name, score in scores.items()}))
        return
    if args.compare_with:
        command = [args.compare_with, __file__, "--json"] + (["--details"] if args.details else [])
        other = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        scores.update({f"{name} [other venv]": Score(**fields) for name, fields in other.items()})
    pages = len((CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines())
    report(scores, pages)


if __name__ == "__main__":
    main()
