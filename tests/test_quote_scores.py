"""The quote measures of bench/quality (bench/README.md, "Quality: quotes") on
made-up articles: one-to-one matching, exact direct quotes, recall per type,
speakers, whitespace-blind offsets; and bench/quality/quotes.py end to end on a
two-article corpus of our own in the Wikinews format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "quality"
sys.path.insert(0, str(BENCH))

from quote_scores import Coordinates, Gold, Suggested, gold_quotes, looks_direct, match, tally  # noqa: E402

TEXT = 'Die Polizei sagte: „Wir kommen.“ Laut Anna Roth sei alles ruhig. Er meinte, es regne.'


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def record(text: str = TEXT) -> dict:
    return {"text": text, "quotes": [
        {"type": "Direct", "spans": [span(text, "„Wir kommen.“")],
         "speaker": {"text": "Die Polizei", "spans": [span(text, "Die Polizei")]}},
        {"type": "Reported", "spans": [span(text, "sei alles ruhig")],
         "speaker": {"text": "Anna Roth", "spans": [span(text, "Anna Roth")]}},
        {"type": "Indirect", "spans": [span(text, "es regne")], "speaker": {"text": "Er", "spans": [span(text, "Er")]}},
    ]}


def suggested(coords: Coordinates, part: str, direct=False, speaker="", speaker_part=None) -> Suggested:
    return Suggested(coords.range(*span(coords.text, part)), direct, speaker,
                     coords.range(*span(coords.text, speaker_part)) if speaker_part else None)


def test_offsets_ignore_whitespace_differences():
    spaced = TEXT.replace(". ", ".  \n")
    a, b = Coordinates(TEXT), Coordinates(spaced)
    assert a.letters == b.letters
    assert a.range(*span(TEXT, "sei alles ruhig")) == b.range(*span(spaced, "sei alles ruhig"))
    k, _ = a.range(*span(TEXT, "Laut"))
    assert spaced[b.position(k):].startswith("Laut")


def test_one_to_one_matching_takes_the_largest_overlap_first():
    gold = [Gold("Indirect", [(0, 10)], [], ""), Gold("Direct", [(4, 8)], [], "")]
    # the long suggestion shares 10 with the first, 4 with the second; the short one 4 with both
    pairs = match(gold, [Suggested((0, 12), False), Suggested((4, 8), True)])
    assert sorted(pairs) == [(0, 0), (1, 1)]
    assert match(gold, [Suggested((20, 30), False)]) == []
    # a nested direct quote goes to the suggestion of just that quote
    nested = [Gold("Indirect", [(0, 10)], [], ""), Gold("Direct", [(4, 8)], [], "")]
    assert sorted(match(nested, [Suggested((4, 8), True)])) == [(1, 0)]


def test_tally_counts_every_measure():
    coords = Coordinates(TEXT)
    gold = gold_quotes(record(), coords)
    ours = [
        suggested(coords, "„Wir kommen.“", direct=True, speaker="Polizei", speaker_part="Polizei"),
        suggested(coords, "Laut Anna Roth sei alles ruhig.", speaker="Roth"),  # right by its last word
        suggested(coords, "Er meinte, es regne.", speaker="Anna Roth"),  # gold speaker is a pronoun: not scored
    ]
    t = tally(gold, ours)
    assert (t.suggested, t.gold, t.matched) == (3, 3, 3)
    assert (t.direct_suggested, t.direct_gold, t.direct_exact) == (1, 1, 1)
    assert (t.speaker_named, t.speaker_scored, t.speaker_right) == (3, 2, 2)
    figures = t.figures()
    assert figures["quote F1"] == 1.0 and figures["recall Reported"] == 1.0 and figures["recall Indirect"] == 1.0

    wrong = [suggested(coords, "„Wir kommen", direct=True, speaker="Anna Roth", speaker_part="Anna Roth"),
             suggested(coords, "Die Polizei sagte")]
    t = tally(gold, wrong)
    assert t.matched == 1 and t.direct_exact == 0 and (t.speaker_scored, t.speaker_right) == (1, 0)
    figures = t.figures()
    assert figures["quote P"] == pytest.approx(0.5) and figures["quote R"] == pytest.approx(1 / 3)
    assert figures["recall Direct"] == 1.0 and figures["recall Reported"] == 0.0
    assert figures["speaker named"] == 1.0 and figures["speaker right"] == 0.0


def test_discontinuous_gold_quotes_share_only_their_own_characters():
    coords = Coordinates(TEXT)
    gold = [Gold("Indirect", [coords.range(*span(TEXT, "Die Polizei")), coords.range(*span(TEXT, "ruhig"))], [], "")]
    assert match(gold, [suggested(coords, "Laut Anna Roth")]) == []
    assert match(gold, [suggested(coords, "alles ruhig")]) == [(0, 0)]


def test_direct_without_forms_means_from_mark_to_mark():
    assert looks_direct("„Wir kommen.“") and looks_direct("»Ja«")
    assert not looks_direct("Er sagte „Ja“") and not looks_direct("„")


def write_corpus(folder: Path) -> Path:
    """A two-article corpus of our own in the Wikinews format; the second article
    gets an extra blank before a line break in the gold copy (as the corpus has)."""
    first = "Die Ministerin Eva Lind sagte am Montag: „Wir bauen die Brücke neu.“ Das Wetter war gut.\n"
    second = "Am Dienstag regnete es. \n\nLaut Polizei sei niemand verletzt worden.\n"
    gold = [
        {"doc": "a", "title": "Brücke", "text": first, "quotes": [
            {"type": "Direct", "spans": [span(first, "„Wir bauen die Brücke neu.“")],
             "speaker": {"text": "Die Ministerin Eva Lind", "spans": [span(first, "Die Ministerin Eva Lind")]}}]},
        {"doc": "b", "title": "Regen", "text": second, "quotes": [
            {"type": "Indirect", "spans": [span(second, "sei niemand verletzt worden")],
             "speaker": {"text": "Polizei", "spans": [span(second, "Polizei")]}}]},
    ]
    folder.mkdir()
    with (folder / "dev.jsonl").open("w", encoding="utf-8") as f:
        for record in gold:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    with (folder / "dev_input.jsonl").open("w", encoding="utf-8") as f:
        for record in gold:
            f.write(json.dumps({"text": record["text"], "title": record["title"], "outlet": "Wikinews"},
                               ensure_ascii=False) + "\n")
    return folder


def test_quotes_script_scores_parallax_suggest_through_the_command_line(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    done = subprocess.run([sys.executable, str(BENCH / "quotes.py"), "--corpus", str(corpus), "--json",
                           "--keep", str(tmp_path / "work")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["problems"] == {"not imported": 0, "text differs beyond whitespace": 0}
    [(annotator, figures)] = result["annotators"].items()
    assert annotator.startswith("suggest:rules")
    counts = figures["counts"]
    assert counts["gold"] == 2 and counts["gold_by_type"] == {"Direct": 1, "Indirect": 1}
    # the most basic rule: a quotation after "sagte:" is a direct quote, its speaker named
    assert counts["direct_exact"] == 1 and figures["recall Direct"] == 1.0
    assert counts["speaker_scored"] >= 1 and figures["quote P"] == counts["matched"] / counts["suggested"]


def test_quotes_script_skips_without_the_corpus(tmp_path):
    done = subprocess.run([sys.executable, str(BENCH / "quotes.py"), "--corpus", str(tmp_path / "absent")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("skipped: corpus not found")
