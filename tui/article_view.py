"""One article column: soft-wrapped text on Textual's Line API.

The widget draws, it does not decide: motions come from the app, which calls
`move_to(doc.next_word(view.cursor), select=...)`. What the widget owns is
what a keystroke costs — the wrap is cached per (width, folded) and made at
the first layout (a column never shown is never wrapped), rendered lines are
cached per (line, width, version), and a cursor move discards and repaints
only the lines whose look changed (the old and new cursor word, and the chars
whose selection state flipped). How a line looks is `article_lines`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.style import Style
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from parallax.tui.article_lines import FOLDED_KINDS, GUTTER, LinePainter
from parallax.tui.document import ArticleDoc, Intervals, Mark, Span
from parallax.tui.styles import Palette
from parallax.tui.wrap import FOLD, Line, line_of, wrap

_NON_SPACE = re.compile(r"\S")


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """A keyboard-driven reader for one `ArticleDoc`.

    Selection: `anchor` and `cursor` are both inclusive char offsets; the
    selection is `doc.selection_span(anchor, cursor)` — from the start of the
    word at the smaller one to the end of the word at the larger one, trimmed
    of surrounding whitespace and trailing clause marks. `None` while there is
    no anchor.

    The widget binds no keys — not even ScrollView's arrows and page keys,
    which would otherwise shadow the screen's motion bindings while the view
    has focus.
    """

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """
    ALLOW_SELECT = False  # keyboard only: the selection is ours, not Textual's mouse selection
    FOLD_KINDS = frozenset(FOLDED_KINDS)
    SCROLL_MARGIN = 2
    """Lines kept between the cursor and the top/bottom edge when scrolling to it."""

    cursor: var[int] = var(0, init=False)
    # Shadows Widget.anchor() (scroll-to-bottom anchoring for logs), which a
    # reader never uses and Textual never calls on its own.
    anchor: var[int | None] = var[int | None](None, init=False)
    folded: var[bool] = var(False, init=False)
    show_cursor: var[bool] = var(True, init=False)
    """Only the focused column draws its cursor: with NO_COLOR, the one reversed word on screen."""

    class CursorMoved(Message):
        """The cursor moved; a flood of these coalesces to the latest."""

        def __init__(self, view: ArticleView, cursor: int) -> None:
            super().__init__()
            self.view = view
            self.cursor = cursor

        @property
        def control(self) -> ArticleView:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.CursorMoved) and message.view is self.view

    def __init__(
        self,
        doc: ArticleDoc,
        palette: Palette,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.doc = doc
        self.palette = palette
        self._lines: list[Line] = []
        self._wrap_key: tuple[int, bool] = (0, False)
        self._version = 0
        self._strips: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)
        self._marks: dict[str, Intervals[Mark]] = {}
        self._painter = LinePainter(doc, palette, self._marks)
        self._drawn_size = Size(0, 0)
        self._fold_ranges = doc.zone_ranges(self.FOLD_KINDS)
        self._base_style: Style | None = None

    # -- public API ------------------------------------------------------------

    @property
    def lines(self) -> list[Line]:
        """The current visual lines (read only)."""
        return self._lines

    @property
    def selection(self) -> Span | None:
        if self.anchor is None:
            return None
        return self.doc.selection_span(self.anchor, self.cursor)

    def move_to(self, pos: int, *, select: bool = False, center: bool = False) -> None:
        """Move the cursor to `pos` and keep it in view (centred with `center`).

        `select=True` starts a selection at the old cursor if none is active;
        `select=False` leaves an active selection alone (the app cancels it),
        so both shift-motions and a selection mode work. With boilerplate
        folded, a target inside a fold lands on the fold's placeholder, and
        moving forward from the placeholder skips past the fold.
        """
        if select and self.anchor is None:
            self.anchor = self.cursor
        self.cursor = self._skip_folds(self.doc.clamp(pos))
        if center:
            self.scroll_to_pos(self.cursor, center=True)

    def scroll_to_pos(self, pos: int, center: bool = True) -> None:
        """Scroll so `pos` is in view (centred, or just inside the margin) without moving the cursor."""
        self._scroll_to_line(line_of(self._lines, pos), center=center)

    def cursor_line(self) -> int:
        return line_of(self._lines, self.cursor)

    def start_selection(self) -> None:
        self.anchor = self.cursor

    def cancel_selection(self) -> None:
        self.anchor = None

    def toggle_fold(self) -> None:
        self.folded = not self.folded

    def line_down(self, *, select: bool = False) -> None:
        """Cursor to the same char column of the next visual line."""
        self._move_lines(+1, select, scroll=False)

    def line_up(self, *, select: bool = False) -> None:
        self._move_lines(-1, select, scroll=False)

    def page_down(self, *, select: bool = False) -> None:
        """Scroll a screen height down and move the cursor as many visual lines."""
        self._move_lines(+self._page_height(), select, scroll=True)

    def page_up(self, *, select: bool = False) -> None:
        self._move_lines(-self._page_height(), select, scroll=True)

    def set_marks(self, kind: str, marks: list[Mark]) -> None:
        """Replace every mark of `kind` ("match", "focus", "aligned", "review")."""
        old = self._marks.get(kind)
        new = Intervals((m.start, m.end, m) for m in marks)
        self._marks[kind] = new
        spans = [(s, e) for table in (old, new) if table for s, e in zip(table.starts, table.ends)]
        self._invalidate_spans(spans)

    def marks(self, kind: str) -> list[Mark]:
        """The current marks of `kind`, by start."""
        table = self._marks.get(kind)
        return list(table) if table else []

    def refresh_annotations(self, changed: Iterable[Span] | None = None) -> None:
        """Redraw after `doc.set_annotations`: only the lines showing the
        `changed` spans when the caller knows them, else everything."""
        if changed is None:
            self._restyle()
        else:
            self._invalidate_spans(changed)

    # -- reactive watchers -------------------------------------------------------

    def validate_cursor(self, pos: int) -> int:
        return self.doc.clamp(pos)

    def validate_anchor(self, pos: int | None) -> int | None:
        return None if pos is None else self.doc.clamp(pos)

    def watch_cursor(self, old: int, new: int) -> None:
        spans = [self.doc.word_at(old), self.doc.word_at(new)]
        if self.anchor is not None:
            spans += _changed(self.doc.selection_span(self.anchor, old), self.doc.selection_span(self.anchor, new))
        self._invalidate_spans(spans)
        self._scroll_to_line(line_of(self._lines, new), center=False)
        self.post_message(self.CursorMoved(self, new))

    def watch_anchor(self, old: int | None, new: int | None) -> None:
        before = None if old is None else self.doc.selection_span(old, self.cursor)
        after = None if new is None else self.doc.selection_span(new, self.cursor)
        self._invalidate_spans(_changed(before, after))

    def watch_show_cursor(self) -> None:
        self._invalidate_spans([self.doc.word_at(self.cursor)])

    def watch_folded(self) -> None:
        self._rewrap()
        self.cursor = self._skip_folds(self.cursor)
        self._scroll_to_line(self.cursor_line(), center=True)

    # -- layout --------------------------------------------------------------------

    def _on_resize(self, event: Resize) -> None:
        self._rewrap()
        self._scroll_to_line(self.cursor_line(), center=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._restyle()

    def _wrap_for_drawing(self) -> None:
        """Wrap at the width the view is being drawn at. The Resize event comes
        after the first frame is drawn: waiting for it would show an empty
        column first (or text wrapped at a guessed width)."""
        size = self.size  # asking for the content region on every line costs more than drawing it
        if size == self._drawn_size:
            return
        self._drawn_size = size
        if self.scrollable_content_region.width and (self._text_width(), self.folded) != self._wrap_key:
            self._rewrap()
            self._scroll_to_line(self.cursor_line(), center=False)

    def _text_width(self) -> int:
        return max(self.scrollable_content_region.width - GUTTER, 1)

    def _rewrap(self) -> None:
        # Before the first layout there is no width yet: keep the last one (if any).
        width = self._text_width() if self.scrollable_content_region.width else self._wrap_key[0]
        if not width:
            return
        key = (width, self.folded)
        if key != self._wrap_key:
            self._wrap_key = key
            self._lines = wrap(self.doc.text, key[0], self._fold_ranges if self.folded else ())
            self._restyle()
        self.virtual_size = Size(key[0] + GUTTER, len(self._lines))

    def _restyle(self) -> None:
        """Every line's look may have changed: new version, full repaint."""
        self._version += 1
        self._strips.clear()
        self.refresh()

    def _skip_folds(self, pos: int) -> int:
        """Where the cursor goes for a target `pos` while boilerplate is folded."""
        if not self.folded:
            return pos
        for start, end in self._fold_ranges:
            if start <= pos < end:
                if start <= self.cursor < end and pos > self.cursor:
                    after = _NON_SPACE.search(self.doc.text, end)
                    return after.start() if after else start
                return start
        return pos

    # -- scrolling -------------------------------------------------------------------

    def _scroll_to_line(self, line: int, *, center: bool) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_offset.y)
        if center:
            target = line - height // 2
        else:
            margin = min(self.SCROLL_MARGIN, (height - 1) // 2)
            if line < top + margin:
                target = line - margin
            elif line > top + height - 1 - margin:
                target = line - height + 1 + margin
            else:
                return
        self.scroll_to(y=max(target, 0), animate=False, immediate=True)

    def _page_height(self) -> int:
        return max(self.scrollable_content_region.height, 1)

    def _move_lines(self, delta: int, select: bool, *, scroll: bool) -> None:
        lines = self._lines
        if not lines:  # not laid out yet
            return
        here = self.cursor_line()
        there = min(max(here + delta, 0), len(lines) - 1)
        start, end, kind = lines[there]
        column = 0 if lines[here][2] == FOLD else self.cursor - lines[here][0]
        pos = start if kind == FOLD else min(start + column, max(end - 1, start))
        if scroll:
            self.scroll_to(y=max(self.scroll_offset.y + delta, 0), animate=False, immediate=True)
        if select and self.anchor is None:
            self.anchor = self.cursor
        self.cursor = pos

    # -- invalidation ------------------------------------------------------------------

    def _invalidate_spans(self, spans: Iterable[Span]) -> None:
        """Discard and repaint the visual lines that show any of `spans`."""
        lines = self._lines
        dirty: set[int] = set()
        for start, end in spans:
            if end <= start:
                continue
            first = line_of(lines, start)
            last = line_of(lines, end - 1)
            dirty.update(range(first, last + 1))
        if not dirty:
            return
        width, version = self._wrap_key[0], self._version
        for y in dirty:
            self._strips.discard((y, width, version))
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        for y in sorted(dirty):
            if top <= y < top + height:
                self.refresh_line(y)

    # -- rendering ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        self._wrap_for_drawing()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        if self._base_style is None:
            # rich_style walks the ancestors' backgrounds: costly per line, and
            # it only changes with the styles, which clear this.
            self._base_style = self.rich_style
        base = self._base_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        key = (index, self._wrap_key[0], self._version)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._painter.paint(self._lines[index], base, self.cursor if self.show_cursor else None,
                                        self.selection)
            self._strips[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)


def _changed(before: Span | None, after: Span | None) -> list[Span]:
    """The chars whose membership differs between two spans (at most two runs)."""
    if before is None or after is None:
        return [span for span in (before, after) if span]
    (s1, e1), (s2, e2) = before, after
    return [(min(s1, s2), max(s1, s2)), (min(e1, e2), max(e1, e2))]
