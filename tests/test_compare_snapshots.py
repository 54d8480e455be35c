"""SVG snapshots of the comparison screen (C) on the sample story annotated
by hand (tests/compare_support.py), one per view, at 120×40: the picture
people show their editors. Regenerate with `--snapshot-update` and look at
them (see test_reader_snapshots.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare_support import annotate, open_comparison
from reader_support import make_app
from test_reader_snapshots import freeze_clock, no_blink  # noqa: F401  (no_blink is an autouse fixture)

SIZE = (120, 40)


@pytest.fixture
def compared(sample_db: Path) -> Path:
    annotate(sample_db)
    freeze_clock(sample_db)
    return sample_db


def opened(view_key: str):
    async def run_before(pilot) -> None:
        await open_comparison(pilot)
        await pilot.press(view_key)
        await pilot.pause()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("view_key", ["1", "2", "3", "4", "5"], ids=["coverage", "speakers", "drift", "naming",
                                                                    "figures"])
def test_comparison_view(snap_compare, compared, view_key):
    assert snap_compare(make_app(compared, annotator="anna"), terminal_size=SIZE, run_before=opened(view_key))
