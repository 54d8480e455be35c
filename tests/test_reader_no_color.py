"""With NO_COLOR the focused column and its cursor are unmistakable — a marker
in its header, and only the focused column draws a cursor — and each label
has its own gutter letter (claim C, comment M; configurable per label)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_support import SIZE, goto_sentence, make_app, pilot_test, query, settle, story_screen
from parallax.tui.config import ConfigError, load_config
from parallax.tui.styles import FOCUS_MARKER
from test_reader_saving import drawn


def reversed_cells(app, view) -> int:
    """Cells of `view`'s text drawn reversed (the cursor, without colour; the scrollbar is left out)."""
    region = view.scrollable_content_region
    count = 0
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        if region.y <= y < region.bottom:
            for segment in strip.crop(region.x, region.right):
                if segment.style is not None and segment.style.reverse:
                    count += len(segment.text)
    return count


@pilot_test
async def test_without_colour_the_focused_column_is_marked_and_alone_shows_a_cursor(sample_db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        assert app.no_color
        await pilot.press("tab")
        await settle(app, pilot)
        headers = [str(column.query_one(".column-header").render()) for column in screen.columns[:3]]
        assert [h.startswith(FOCUS_MARKER) for h in headers] == [False, True, False]
        cursors = [reversed_cells(app, column.view) for column in screen.columns[:3]]
        assert cursors[1] > 0 and cursors[0] == cursors[2] == 0


@pilot_test
async def test_claim_and_comment_have_their_own_gutter_letters(sample_db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    (first, _), (second, _) = query(sample_db, 'SELECT start, "end" FROM sentences WHERE article_id = 1 '
                                               "ORDER BY start")[3:5]
    app = make_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await story_screen(app, pilot)
        await goto_sentence(pilot, screen, first)
        await pilot.press("c")
        await goto_sentence(pilot, screen, second)
        await pilot.press("m")
        await settle(app, pilot)
        await goto_sentence(pilot, screen, first)
        assert drawn(app, screen.view, first + 1)[0] == "C"
        assert drawn(app, screen.view, second + 1)[0] == "M"


def test_a_label_brings_its_own_gutter_letter_and_two_labels_cannot_share_one(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text('[[labels]]\nname = "claim"\nkey = "c"\ngutter = "B"\n'
                    '[[labels]]\nname = "comment"\nkey = "k"\n')
    assert [label.gutter for label in load_config(path).labels] == ["B", "K"]
    path.write_text('[[labels]]\nname = "claim"\nkey = "c"\ngutter = "X"\n'
                    '[[labels]]\nname = "comment"\nkey = "m"\ngutter = "x"\n')
    with pytest.raises(ConfigError, match="gutter"):
        load_config(path)
