"""The suggester's output on the sample story and the seeds is exactly the stored
one (tests/data/suggestions_expected.jsonl; see tests/suggestions_snapshot.py).

The file was first written with the hand-written pattern engine, and the cues' move
onto spaCy's Matcher (c28b337) reproduced it row for row; since then it records what
the tuned rules (now rules-de-5) are meant to find. A change to what the rules find is a
change to this file too: rewrite it with `python tests/suggestions_snapshot.py
--write` (needs the seeds) and read the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from suggestions_snapshot import SAMPLE, SEEDS, difference, for_found, read_expected, seed_rows, suggestion_rows

STORY = "Havarie im Nord-Ostsee-Kanal"


def _expected(source: str, found: list[dict]) -> list[dict]:
    """The stored rows of the articles found (the variant written for each one's text)."""
    rows = for_found([r for r in read_expected() if r["source"] == source], found)
    assert sum("input" not in r for r in rows) > 100, "the expected file holds too few suggestions"
    return rows


def test_sample_story_suggestions_are_the_stored_ones(sample_template: Path, tmp_path: Path) -> None:
    from parallax.store.db import open_db

    db = open_db(Path(shutil.copy(sample_template, tmp_path / "sample.db")))
    try:
        found = suggestion_rows(db, STORY, SAMPLE)
    finally:
        db.close()
    diff = difference(_expected(SAMPLE, found), found)
    assert not diff, "suggestions on the sample story differ from the stored ones:\n" + diff


@pytest.mark.seeds
def test_seed_suggestions_are_the_stored_ones(seeds_dir: Path, tmp_path: Path) -> None:
    found = seed_rows(tmp_path, seeds_dir)
    diff = difference(_expected(SEEDS, found), found)
    assert not diff, "suggestions on the seeds differ from the stored ones:\n" + diff


def test_the_difference_names_rows_that_appeared_disappeared_or_changed() -> None:
    row = {"source": SAMPLE, "article": "ab" * 32, "start": 0, "end": 5, "label": "claim",
           "status": "suggested", "annotator": "suggest:x", "text": "Heute", "attrs": {"rule": "claim.date"}}
    moved = {**row, "start": 1}
    renamed = {**row, "attrs": {"rule": "claim.figure"}}
    assert difference([row], [row]) == ""
    assert "disappeared" in difference([row], []) and "appeared" in difference([], [row])
    assert "attrs.rule: 'claim.date' -> 'claim.figure'" in difference([row], [renamed])
    both = difference([row], [moved])
    assert "disappeared [0:5]" in both and "appeared  [1:5]" in both
