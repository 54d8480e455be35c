"""A table of one-line cells on Textual's Line API, for the coverage matrix:
a story of 20 outlets and 2,000 annotations has a thousand rows of two dozen
cells, and a DataTable measures every cell of them before its first frame
(seconds); this view draws only the lines on screen.

The header (two lines) stays on top, the first `frozen` columns stay on the
left when the rest scrolls sideways; a cell cursor moves with the arrow
keys, page keys, g / G and Home / End, and Enter posts `CellSelected`.
Cells are (text, style) pairs: text is never read as markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cell = tuple[str, Style]
HEADER = 2
GAP = 2
"""Cells between two columns."""


@dataclass(frozen=True)
class Column:
    title: tuple[str, str]
    width: int
    style: Style = Style(bold=True)


class MatrixView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    MatrixView {
        height: 1fr;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 1;
    }
    """
    BINDINGS = [
        Binding("up,k", "move(-1, 0)", "up", show=False),
        Binding("down,j", "move(1, 0)", "down", show=False),
        Binding("left,h", "move(0, -1)", "left", show=False),
        Binding("right,l", "move(0, 1)", "right", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
        Binding("pagedown", "page(1)", "page down", show=False),
        Binding("home,g", "edge(-1)", "top", show=False),
        Binding("end,G", "edge(1)", "bottom", show=False),
        Binding("enter", "select", "go to span", show=True),
    ]

    cursor: var[tuple[int, int]] = var((0, 0), init=False)

    class CellSelected(Message):
        def __init__(self, view: MatrixView, row: int, column: int) -> None:
            super().__init__()
            self.view = view
            self.row = row
            self.column = column

        @property
        def control(self) -> MatrixView:
            return self.view

    def __init__(self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], *, frozen: int = 0,
                 cursor: tuple[int, int] = (0, 0), stripe: Style | None = None, cursor_style: Style | None = None,
                 id: str | None = None):
        super().__init__(id=id)
        self.set_reactive(MatrixView.cursor, cursor)
        self.frozen = frozen
        self.stripe = stripe or Style(bgcolor="grey11")
        self.cursor_style = cursor_style or Style(reverse=True, bold=True)
        self._strips: LRUCache[tuple[int, int, int], Strip] = LRUCache(256)
        self._base: Style | None = None
        self._set_table(columns, rows)

    def _set_table(self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
        self.columns = list(columns)
        self.rows = rows
        self._x = [0]
        for column in self.columns:
            self._x.append(self._x[-1] + column.width + GAP)
        self._frozen_width = self._x[self.frozen]
        self._strips.clear()
        self.virtual_size = Size(self._x[-1], len(self.rows) + HEADER)

    def set_rows(self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], cursor_row: int) -> None:
        """Show other rows (the same story after a change) without a new widget; the cursor goes to
        `cursor_row`, in the column it was in."""
        self._set_table(columns, rows)
        row = min(max(cursor_row, 0), max(len(rows) - 1, 0))
        column = min(self.cursor[1], len(self.columns) - 1)
        self.set_reactive(MatrixView.cursor, (row, column))
        self._keep_in_view()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def row_texts(self, index: int) -> list[str]:
        return [text for text, _ in self.rows[index]]

    # Drawing

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style once per frame, not twice per line: `rich_style` walks every
        # ancestor's CSS (30–50 µs a call).
        self._base = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base = None

    @property
    def base_style(self) -> Style:
        return self._base if self._base is not None else self.rich_style

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y < HEADER:
            strip = self._line(-1 - y, -1)
        else:
            index = scroll_y + y - HEADER
            if index >= len(self.rows):
                return Strip.blank(width, self.base_style)
            column = self.cursor[1] if index == self.cursor[0] else -1
            key = (index, column, width)
            strip = self._strips.get(key)
            if strip is None:
                strip = self._strips[key] = self._line(index, column)
        return self._scrolled(strip, scroll_x, width)

    def _line(self, index: int, cursor_column: int) -> Strip:
        """A whole row (or header line, index -1 and -2), all columns, unscrolled."""
        base = self.base_style
        if index < 0:
            cells = [(column.title[-1 - index], column.style) for column in self.columns]
        else:
            cells = self.rows[index]
            if index % 2:
                base = base + self.stripe
        segments = []
        for number, ((text, style), column) in enumerate(zip(cells, self.columns)):
            shown = _fit(text, column.width)
            cell_style = base + style
            if number == cursor_column:
                cell_style += self.cursor_style
            segments.append(Segment(shown, cell_style))
            segments.append(Segment(" " * GAP, base))
        return Strip(segments, self._x[-1])

    def _scrolled(self, strip: Strip, scroll_x: int, width: int) -> Strip:
        if not scroll_x or not self.frozen:
            return strip.crop_extend(scroll_x, scroll_x + width, self.base_style)
        left = strip.crop(0, self._frozen_width)
        right = strip.crop(self._frozen_width + scroll_x, self._frozen_width + scroll_x + width - self._frozen_width)
        return Strip.join([left, right]).crop_extend(0, width, self.base_style)

    # The cursor

    def watch_cursor(self) -> None:
        self._keep_in_view()

    def _keep_in_view(self) -> None:
        row, column = self.cursor
        height = max(self.scrollable_content_region.height - HEADER, 1)
        top = round(self.scroll_offset.y)
        y = top if top <= row < top + height else (row if row < top else row - height + 1)
        x = round(self.scroll_offset.x)
        if column >= self.frozen:
            start, end = self._x[column] - self._frozen_width, self._x[column + 1] - self._frozen_width
            room = max(self.scrollable_content_region.width - self._frozen_width, 1)
            if start < x:
                x = start
            elif end > x + room:
                x = end - room
        self.scroll_to(x=x, y=y, animate=False, immediate=True)
        self.refresh()

    def action_move(self, rows: int, columns: int) -> None:
        if not self.rows:
            return
        row, column = self.cursor
        self.cursor = (min(max(row + rows, 0), len(self.rows) - 1),
                       min(max(column + columns, 0), len(self.columns) - 1))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.scrollable_content_region.height - HEADER, 1), 0)

    def action_edge(self, direction: int) -> None:
        self.action_move(direction * len(self.rows), 0)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.CellSelected(self, *self.cursor))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()


@lru_cache(maxsize=4096)  # most cells are one of a few marks ("·", "claim", "direct"…)
def _fit(text: str, width: int) -> str:
    """`text` cut (with …) or padded to exactly `width` cells."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"
