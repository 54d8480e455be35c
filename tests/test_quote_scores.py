"""The quote measures of bench/quality (bench/README.md, "Quality: quotes") on
made-up articles: one-to-one matching, exact direct quotes, recall per type,
speakers, and whitespace-blind offsets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench" / "quality"))

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
