"""The article column on the Line API, driven through Pilot, and its palette."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from rich.color import ColorType
from rich.style import Style
from textual.app import App, ComposeResult

from parallax.tui.article_lines import GUTTER
from parallax.tui.article_view import ArticleView
from parallax.tui.document import ArticleDoc, Mark
from parallax.tui.styles import Palette
from parallax.tui.wrap import line_of

BOILERPLATE = "Zum Inhalt springen · Menü · Teilen"
PARAGRAPH = "Der Frachter „Baltic Meridian“ blockierte den Kanal bei Brunsbüttel, sagte Henning Brandt."


def article(paragraphs: int = 60, extra: str = "") -> str:
    body = "\n\n".join(f"{i}. {PARAGRAPH}" for i in range(paragraphs))
    return f"{BOILERPLATE}\n\nHavarie im Kanal {extra}\n\n{body}"


def make_doc(text: str) -> ArticleDoc:
    zones = [(0, len(BOILERPLATE), "boilerplate"), (len(BOILERPLATE) + 2, len(text), "body")]
    ents = [(m, m + 11, "LOC", "Brunsbüttel") for m in _find_all(text, "Brunsbüttel")]
    return ArticleDoc(text, zones, [], ents)


def _find_all(text: str, needle: str) -> list[int]:
    found, pos = [], text.find(needle)
    while pos >= 0:
        found.append(pos)
        pos = text.find(needle, pos + 1)
    return found


def pilot_test(test: Callable[[], Coroutine[Any, Any, None]]) -> Callable[[], None]:
    """Run an async Pilot test without an async pytest plugin."""

    @functools.wraps(test)
    def run() -> None:
        asyncio.run(test())

    return run


class CountingView(ArticleView):
    """Counts render_line calls: the cost of a keystroke."""

    renders = 0

    def render_line(self, y: int):
        self.renders += 1
        return super().render_line(y)


class ReaderApp(App):
    def __init__(self, doc: ArticleDoc, palette: Palette | None = None) -> None:
        super().__init__()
        self.doc = doc
        self.palette = palette or Palette()

    def compose(self) -> ComposeResult:
        yield CountingView(self.doc, self.palette)


def screen_lines(view: ArticleView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


def styles_of(view: ArticleView, pos: int) -> Style:
    """The style the view draws the (narrow) char at `pos` with; its line must be on screen."""
    index = line_of(view.lines, pos)
    column = GUTTER + pos - view.lines[index][0]  # the gutter, then one cell per char
    for segment in view.render_line(index - view.scroll_offset.y):
        if column < len(segment.text):
            return segment.style
        column -= len(segment.text)
    raise AssertionError("position not on the line")


@pilot_test
async def test_article_text_is_never_markup():
    text = article(3, extra="[/] [dpa] [@click=app.quit]x[/] [b]fett[/b]")
    app = ReaderApp(make_doc(text))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        shown = "\n".join(screen_lines(view))
        assert "Havarie im Kanal [/] [dpa] [@click=app.quit]x[/] [b]fett[/b]" in shown
        for y in range(view.size.height):
            assert all(not seg.style or not (seg.style.meta or seg.style.link) for seg in view.render_line(y))
        assert app.is_running  # the [@click=app.quit] did nothing


@pilot_test
async def test_control_characters_are_neutralised_on_screen():
    text = article(3, extra="\x1b[2J\x1b]52;c;SGVsbG8=\x07\x1b]0;pwned\x07\x9b2J")
    app = ReaderApp(make_doc(text))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        shown = "".join(seg.text for y in range(view.size.height) for seg in view.render_line(y))
        assert "␛[2J␛]52;c;SGVsbG8=␇␛]0;pwned␇\ufffd2J" in shown
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in shown)


@pilot_test
async def test_a_cursor_move_repaints_at_most_two_lines():
    doc = make_doc(article())
    app = ReaderApp(doc)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(CountingView)
        await pilot.pause()
        for _ in range(6):  # across words and across a line break, never scrolling
            view.renders = 0
            view.move_to(doc.next_word(view.cursor))
            await pilot.pause()
            assert view.renders in (1, 2)
        assert view.scroll_offset.y == 0


@pilot_test
async def test_move_to_far_away_scrolls_the_cursor_into_view():
    text = article()
    app = ReaderApp(make_doc(text))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.pause()
        target = text.rindex("Henning")
        view.move_to(target)
        await pilot.pause()
        top, height = view.scroll_offset.y, view.size.height
        assert top > 0
        assert top <= view.cursor_line() < top + height
        assert any("Henning" in line for line in screen_lines(view))
        view.move_to(0)
        await pilot.pause()
        assert view.scroll_offset.y == 0


@pilot_test
async def test_cursor_moved_messages_report_the_cursor():
    doc = make_doc(article(3))
    seen: list[int] = []
    app = ReaderApp(doc)

    def hook(message: object) -> None:
        if isinstance(message, ArticleView.CursorMoved):
            seen.append(message.cursor)

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        view = app.query_one(ArticleView)
        await pilot.pause()
        view.move_to(doc.next_word(0))
        await pilot.pause()
        assert seen and seen[-1] == doc.next_word(0)
        message = ArticleView.CursorMoved(view, 3)
        assert message.can_replace(ArticleView.CursorMoved(view, 4))
        assert not message.can_replace(ArticleView.CursorMoved(ArticleView(doc, Palette()), 4))


@pilot_test
async def test_page_down_moves_the_cursor_a_screen_and_scrolls():
    app = ReaderApp(make_doc(article()))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.pause()
        view.page_down()
        await pilot.pause()
        height = view.size.height
        assert view.cursor_line() == height
        # a page, less the margin the cursor keeps from the edge
        assert view.scroll_offset.y == height - view.SCROLL_MARGIN
        view.page_up()
        await pilot.pause()
        assert view.cursor_line() == 0 and view.scroll_offset.y == 0


@pilot_test
async def test_line_down_keeps_the_column_and_line_up_returns():
    text = article(3)
    doc = make_doc(text)
    app = ReaderApp(doc)
    async with app.run_test(size=(40, 24)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.pause()
        line = next(i for i, (s, _, _) in enumerate(view.lines) if text[s:].startswith("0. Der"))
        view.move_to(view.lines[line][0] + 4)
        view.line_down()
        assert view.cursor_line() == line + 1
        assert view.cursor == view.lines[line + 1][0] + 4
        view.line_up()
        assert view.cursor == view.lines[line][0] + 4


@pilot_test
async def test_the_view_binds_no_keys_so_the_screen_owns_motions():
    pressed: list[str] = []

    class KeyedApp(ReaderApp):
        BINDINGS = [("down", "record('down')"), ("pagedown", "record('pagedown')")]

        def action_record(self, key: str) -> None:
            pressed.append(key)

    app = KeyedApp(make_doc(article()))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        view.focus()
        await pilot.press("down", "pagedown")
        assert pressed == ["down", "pagedown"]
        assert view.scroll_offset.y == 0


@pilot_test
async def test_fold_hides_boilerplate_behind_one_line_and_unfold_restores():
    text = article(3)
    app = ReaderApp(make_doc(text))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.pause()
        assert BOILERPLATE in screen_lines(view)[0]
        view.toggle_fold()
        await pilot.pause()
        lines = screen_lines(view)
        assert lines[0].strip() == f"⋯ boilerplate, {len(BOILERPLATE) + 1} chars folded ⋯"
        assert not any("Menü" in line for line in lines)
        assert lines[2].strip() == "Havarie im Kanal"
        view.toggle_fold()
        await pilot.pause()
        assert BOILERPLATE in screen_lines(view)[0]


@pilot_test
async def test_moving_through_a_fold_stops_once_on_its_placeholder():
    text = article(3)
    doc = make_doc(text)
    app = ReaderApp(doc)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.pause()
        view.toggle_fold()
        assert view.cursor == 0 and view.cursor_line() == 0
        view.move_to(doc.next_word(view.cursor))  # a word inside the fold
        assert view.cursor == text.index("Havarie")
        view.move_to(doc.prev_word(view.cursor))  # back into the fold: its placeholder
        assert view.cursor == 0


@pilot_test
async def test_resize_rewraps_to_the_new_width():
    app = ReaderApp(make_doc(article(5)))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.pause()
        wide = len(view.lines)
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        assert len(view.lines) > wide
        assert view.virtual_size.height == len(view.lines)
        assert all(len(line.rstrip()) <= 39 for line in screen_lines(view))


@pilot_test
async def test_set_marks_shows_a_focus_mark_and_clearing_removes_it():
    text = article(3)
    doc = make_doc(text)
    app = ReaderApp(doc)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(CountingView)
        await pilot.pause()
        at = text.index("Brunsbüttel")
        before = styles_of(view, at)
        view.renders = 0
        mark = Mark(at, at + 11, "focus", "LOC", "Brunsbüttel")
        view.set_marks("focus", [mark])
        await pilot.pause()
        assert view.renders == 1  # only the line with the mark
        assert view.marks("focus") == [mark]
        marked = styles_of(view, at)
        assert marked.reverse and marked.underline and marked != before
        view.set_marks("focus", [])
        await pilot.pause()
        assert styles_of(view, at) == before
        assert view.marks("focus") == []


@pilot_test
async def test_selection_and_annotations_are_drawn():
    text = article(3)
    doc = make_doc(text)
    app = ReaderApp(doc)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.pause()
        start = text.index("Der Frachter")
        view.move_to(start)
        view.start_selection()
        view.move_to(doc.clause_end(start))
        assert text[slice(*view.selection)] == text[start : text.index(", sagte")]
        assert styles_of(view, start + 5).bold and styles_of(view, start + 5).reverse
        view.cancel_selection()
        assert view.selection is None and not styles_of(view, start + 5).reverse
        quote = doc.quote_at(start)
        doc.set_annotations([{"id": "1", "start": quote[0], "end": quote[1], "label": "quote", "status": "accepted"}])
        view.refresh_annotations()
        await pilot.pause()
        assert styles_of(view, quote[0] + 2).underline
        assert view.render_line(line_of(view.lines, quote[0])).text.startswith("Q")


def test_palette_uses_ansi_colours_and_distinct_cues_without_colour():
    palette = Palette()
    styles = [
        palette.entity("PER"), palette.annotation("quote", "accepted"), palette.annotation("quote", "suggested"),
        palette.mark("match"), palette.mark("focus"), palette.mark("aligned"), palette.gutter("claim"),
    ]  # fmt: skip
    for style in styles:
        for colour in (style.color, style.bgcolor):
            assert colour is None or colour.type == ColorType.STANDARD
    bare = Palette(no_color=True)
    cues = {
        "entity": bare.entity("PER"),
        "accepted": bare.annotation("quote", "accepted"),
        "suggested": bare.annotation("quote", "suggested"),
        "rejected": bare.annotation("quote", "rejected"),
        "match": bare.mark("match"),
        "focus": bare.mark("focus"),
        "selection": bare.selection,
        "cursor": bare.cursor(Style()),
    }
    assert all(style.color is None and style.bgcolor is None for style in cues.values())
    assert len(set(cues.values())) == len(cues)
    assert bare.cursor(bare.selection) != bare.selection  # the cursor shows inside a selection


@pytest.mark.parametrize("status", ["accepted", "suggested", "rejected"])
def test_unknown_labels_still_get_a_style(status):
    assert Palette().annotation("speculation", status)
