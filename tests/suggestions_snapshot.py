"""Every suggestion `parallax suggest` stores for the sample story and the seeds,
as rows to keep in tests/data/suggestions_expected.jsonl and compare against.

    .venv/bin/python tests/suggestions_snapshot.py          # compare, print the diff
    .venv/bin/python tests/suggestions_snapshot.py --write  # store the current rows

The rows come from the code path of the command: the articles are imported as
`parallax demo --no-open` and `parallax import` do (the default entity
pipeline), then `load_suggest_pipeline(OFFLINE)` + `suggest_story` store the
suggestions, which are read back from the annotations table.

The seeds are not ours: their rows carry the span's position and a short hash of
its text, and every attribute written from the article's words (speaker, cue) is
hashed too. The sample story is ours and stored plainly. A first row per article
("input") fingerprints what the importer gave the rules (text, zones, sentences,
entities), so that a failure says whether the suggester or its input changed.

An article may have more than one expected variant, each the rows on one exact
input; found rows are compared with the variant of the same article text
(`for_found`), and an input with no variant shows as "the importer's output
changed". The first rows were the hand-written pattern engine's; the move onto
spaCy's Matcher reproduced them (c28b337); since then the file follows the tuned
rules (rules-de-2 to rules-de-10, then rules-de-11) and the default entity
pipeline (our NER model), each rewrite read as a diff.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXPECTED = REPO / "tests" / "data" / "suggestions_expected.jsonl"
SEEDS_DIR = REPO.parent / "shared" / "seeds"
SAMPLE, SEEDS = "sample", "seeds"
SEED_STORY = "seeds"
HASHED_ATTRS = ("cue", "speaker")
"""Attributes written from the article's words: hashed in the seed rows."""


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def suggestion_rows(db, story: str, source: str) -> list[dict[str, Any]]:
    """Run `suggest_story` on `story` with the offline pipeline and return the stored
    rows (input fingerprints first, then suggestions) in a stable order."""
    from parallax.ingest.nlp import OFFLINE
    from parallax.ingest.suggest import load_suggest_pipeline, suggest_story
    from parallax.store.queries import story_articles

    summary = suggest_story(db, story, load_suggest_pipeline(OFFLINE))
    plain = source == SAMPLE
    rows: list[dict[str, Any]] = []
    for article in story_articles(db, story):
        sha = db.execute("SELECT sha256 FROM articles WHERE id = ?", [article.id]).fetchone()[0]
        given = json.dumps([article.zones, article.sentences, article.entities], ensure_ascii=False)
        rows.append({"source": source, "article": sha, "input": short_hash(article.text + given)})
        for start, end, label, text, annotator, status, attrs in db.execute(
                'SELECT start, "end", label, text, annotator, status, attrs FROM annotations '
                'WHERE article_id = ? AND annotator = ? ORDER BY start, "end", label',
                [article.id, summary.annotator]):
            attrs = json.loads(attrs)
            if not plain:
                attrs = {k: (short_hash(v) if k in HASHED_ATTRS and isinstance(v, str) else v)
                         for k, v in attrs.items()}
            row = {"source": source, "article": sha, "start": start, "end": end, "label": label,
                   "status": status, "annotator": annotator}
            row["text" if plain else "text_sha"] = text if plain else short_hash(text)
            row["attrs"] = attrs
            rows.append(row)
    return rows


def sample_rows(folder: Path) -> list[dict[str, Any]]:
    """The sample story imported by `parallax demo --no-open`, then suggested."""
    import subprocess

    from parallax.store.db import open_db

    path = folder / "sample.db"
    subprocess.run([sys.executable, "-m", "parallax.cli", "demo", "--no-open", "--db", str(path)],
                   check=True, capture_output=True, cwd=REPO)
    return rows_of_db(path, "Havarie im Nord-Ostsee-Kanal", SAMPLE, open_db)


def seed_rows(folder: Path, seeds: Path = SEEDS_DIR) -> list[dict[str, Any]]:
    """The five seeds imported as one story (`parallax import FILES --story seeds`, with
    the offline recognizer even where a trained pipeline is installed), then suggested."""
    from click.testing import CliRunner

    from parallax.cli import cli
    from parallax.ingest.nlp import OFFLINE
    from parallax.store.db import open_db

    path = folder / "seeds.db"
    files = [str(p) for p in sorted(seeds.glob("*.txt"))]
    result = CliRunner().invoke(cli, ["import", *files, "--story", SEED_STORY, "--model", OFFLINE, "--db", str(path)])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    return rows_of_db(path, SEED_STORY, SEEDS, open_db)


def rows_of_db(path: Path, story: str, source: str, open_db) -> list[dict[str, Any]]:
    db = open_db(path)
    try:
        return suggestion_rows(db, story, source)
    finally:
        db.close()


def read_expected(path: Path = EXPECTED) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dump(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)


def for_found(expected: list[dict[str, Any]], found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The expected rows of the articles (by text sha256) that were found, so that
    each article is compared with the variant written for exactly its text."""
    articles = {(r["source"], r["article"]) for r in found}
    return [r for r in expected if (r["source"], r["article"]) in articles]


def difference(expected: list[dict[str, Any]], found: list[dict[str, Any]]) -> str:
    """A readable account of which rows disappeared, appeared or changed; "" if none."""
    def key(row):
        return (row["source"], row["article"], row.get("start", -1), row.get("end", -1), row.get("label", ""))

    before = {key(r): r for r in expected}
    after = {key(r): r for r in found}
    lines = []
    for k in sorted(before.keys() | after.keys()):
        old, new = before.get(k), after.get(k)
        if old == new:
            continue
        where = f"{k[0]} {k[1][:12]}"
        if "input" in (old or new or {}):
            lines.append(f"{where}: the importer's output changed (input {old and old['input']} -> "
                         f"{new and new['input']}): zones, sentences or entities differ")
        elif old is None:
            lines.append(f"{where}: appeared  {_brief(new)}")
        elif new is None:
            lines.append(f"{where}: disappeared {_brief(old)}")
        else:
            a, b = _flat(old), _flat(new)
            changed = {f: (a.get(f), b.get(f)) for f in a.keys() | b.keys() if a.get(f) != b.get(f)}
            lines.append(f"{where}: changed {_brief(old)}\n      " + "; ".join(
                f"{f}: {a!r} -> {b!r}" for f, (a, b) in sorted(changed.items())))
    if len(lines) > 60:
        lines = lines[:60] + [f"… and {len(lines) - 60} more"]
    return "\n".join(lines)


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in row.items() if k != "attrs"}
    flat.update({f"attrs.{k}": v for k, v in row.get("attrs", {}).items()})
    return flat


def _brief(row: dict[str, Any]) -> str:
    text = row.get("text") or f"#{row.get('text_sha')}"
    return (f"[{row['start']}:{row['end']}] {row['label']} {row['attrs'].get('rule')} "
            f"{text[:60]!r}")


def main(argv: list[str]) -> int:
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("PARALLAX_CACHE_DIR", str(Path(folder) / "cache"))
        found = sample_rows(Path(folder))
        if SEEDS_DIR.is_dir() and any(SEEDS_DIR.glob("*.txt")):
            found += seed_rows(Path(folder))
        elif "--write" in argv:
            print(f"the seeds are needed to write the expected file: {SEEDS_DIR} is missing", file=sys.stderr)
            return 2
    if "--write" in argv:
        EXPECTED.write_text(dump(found), encoding="utf-8")
        print(f"wrote {len(found)} rows to {EXPECTED.relative_to(REPO)}")
        return 0
    diff = difference(for_found(read_expected(), found), found)
    print(diff or f"{len(found)} rows, identical")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
