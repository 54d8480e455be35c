"""Quote quality of `parallax suggest` on German Wikinews (issue 13).

    python bench/quality/quotes.py [--split dev|train] [--keep FOLDER] [--json] [--corpus DIR] [-- SUGGEST ARGS…]

Imports the split's `*_input.jsonl` into a temporary database with `parallax
import`, runs `parallax suggest` (both as child processes: the code path of the
command line; arguments after `--` go to suggest, e.g. `-- --model DIR`), matches
the articles back to the gold file by title and prints the measures of
bench/README.md ("Quality: quotes") for every suggest:* annotator found. The
corpus (../shared/corpora/wikinews-quotes, CC BY-NC-SA 4.0) is read, never
copied; without it the script says so and exits 0. Tune on train, report dev.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quote_scores import TYPES, Coordinates, Suggested, Tally, gold_quotes, looks_direct, tally  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpora" / "wikinews-quotes"


def parallax(*args: str) -> str:
    """Run the command line as a user would; its stdout, or exit with its stderr."""
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
    done = subprocess.run([sys.executable, "-I", "-m", "parallax.cli", *args], capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(f"parallax {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def import_split(db: Path, corpus: Path, split: str, story: str) -> None:
    parallax("import", str(corpus / f"{split}_input.jsonl"), "--story", story, "--db", str(db))


def suggestions(db: Path, story: str) -> dict[str, dict[str, list[dict]]]:
    """annotator → article title → its suggested quotes (start, end, text, attrs)."""
    found: dict[str, dict[str, list[dict]]] = {}
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            'SELECT n.annotator, a.title, n.start, n."end", n.text, n.attrs FROM annotations n '
            "JOIN articles a ON a.id = n.article_id JOIN stories s ON s.id = a.story_id "
            "WHERE s.name = ? AND n.label = 'quote' AND n.status = 'suggested' AND n.annotator LIKE 'suggest:%' "
            'ORDER BY n.annotator, a.id, n.start', [story]).fetchall()
    for annotator, title, start, end, text, attrs in rows:
        found.setdefault(annotator, {}).setdefault(title, []).append(
            {"start": start, "end": end, "text": text, "attrs": json.loads(attrs or "{}")})
    return found


def texts(db: Path, story: str) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT a.title, a.text FROM articles a JOIN stories s ON s.id = a.story_id "
                                 "WHERE s.name = ?", [story]).fetchall())


def score(db: Path, story: str, corpus: Path, split: str) -> tuple[dict[str, Tally], dict[str, int]]:
    """Tallies per suggest:* annotator over the split, and what could not be compared."""
    stored = texts(db, story)
    found = suggestions(db, story)
    tallies = {annotator: Tally() for annotator in found}
    problems = {"not imported": 0, "text differs beyond whitespace": 0}
    for line in (corpus / f"{split}.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        text = stored.get(record["title"])
        if text is None:
            problems["not imported"] += 1
            continue
        gold_coords, ours = Coordinates(record["text"]), Coordinates(text)
        if gold_coords.letters != ours.letters:
            problems["text differs beyond whitespace"] += 1
            continue
        gold = gold_quotes(record, gold_coords)
        for annotator, by_title in found.items():
            items = by_title.get(record["title"], [])
            with_forms = any("form" in s["attrs"] for titles in by_title.values() for s in titles)
            tallies[annotator].add(tally(gold, [_suggested(s, ours, with_forms) for s in items]))
    return tallies, problems


def _suggested(item: dict, coords: Coordinates, with_forms: bool) -> Suggested:
    attrs = item["attrs"]
    span = attrs.get("speaker_span")
    return Suggested(
        coords.range(item["start"], item["end"]),
        attrs.get("form") == "direct" if with_forms else looks_direct(item["text"]),
        str(attrs.get("speaker") or ""),
        coords.range(*span) if isinstance(span, list) and len(span) == 2 else None,
    )


def table(tallies: dict[str, Tally]) -> list[str]:
    names = sorted(tallies)
    first = next(iter(tallies.values()))
    rows = [["gold quotes", *(str(first.gold) for _ in names)],
            ["suggested quotes", *(str(tallies[n].suggested) for n in names)]]
    for key in ("quote P", "quote R", "quote F1", "direct exact P", "direct exact R",
                *(f"recall {t}" for t in TYPES), "speaker right", "speaker named"):
        rows.append([key, *(_fmt(tallies[n].figures()[key]) for n in names)])
    rows.append(["speaker scored / right", *(f"{tallies[n].speaker_scored} / {tallies[n].speaker_right}" for n in names)])
    header = ["measure", *names]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
            for r in [header, *rows]]


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def report(tallies: dict[str, Tally], problems: dict[str, int], split: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"split": split, "problems": problems,
                          "annotators": {n: t.figures() | {"counts": {k: v for k, v in vars(t).items()}}
                                         for n, t in tallies.items()}}, ensure_ascii=False, default=dict))
        return
    first = next(iter(tallies.values()), None)
    if first is not None:
        types = ", ".join(f"{t} {first.gold_by_type[t]}" for t in TYPES)
        print(f"wikinews-quotes {split}: {first.gold} gold quotes ({types})")
    if any(problems.values()):
        print("not compared: " + ", ".join(f"{k} {v}" for k, v in problems.items() if v))
    for line in table(tallies):
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--keep", type=Path, help="keep the database in this folder (to look at the misses)")
    parser.add_argument("--json", action="store_true", help="print the figures and counts as JSON")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder (default: %(default)s)")
    parser.add_argument("suggest_args", nargs="*", help="after --: more arguments for `parallax suggest`")
    args = parser.parse_args()
    if not (args.corpus / f"{args.split}.jsonl").is_file():
        print(f"skipped: corpus not found at {args.corpus}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"wikinews-{args.split}.db"
        story = f"wikinews-{args.split}"
        if not db.exists():
            import_split(db, args.corpus, args.split, story)
        parallax("suggest", story, "--db", str(db), *args.suggest_args)
        tallies, problems = score(db, story, args.corpus, args.split)
    if not tallies:
        sys.exit("no suggestions to score")
    report(tallies, problems, args.split, args.json)


if __name__ == "__main__":
    main()
