"""SVG snapshots of review mode and the agreement screen (regenerate with
`--snapshot-update`, then look at them; see test_reader_snapshots.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_support import SIZE, make_app, settle
from test_reader_snapshots import freeze_clock, no_blink  # noqa: F401  (no_blink is an autouse fixture)
from test_review_keys import REVIEWER, reviewing, review_db, two_annotators  # noqa: F401  (fixtures)


@pytest.fixture
def frozen(two_annotators: Path) -> Path:
    freeze_clock(two_annotators)
    return two_annotators


def test_review_screen_after_three_decisions(snap_compare, frozen):
    """Accepted, rejected, relabelled; the fourth item, in the second column, under review."""
    async def decide(pilot) -> None:
        await pilot.pause()
        await pilot.press("a", "x", "c")
        await settle(pilot.app, pilot)

    assert snap_compare(reviewing(frozen), terminal_size=SIZE, run_before=decide)


def test_agreement_screen(snap_compare, frozen):
    assert snap_compare(make_app(frozen, annotator="anna"), terminal_size=SIZE, press=["A"])
