"""What one visual line of an article looks like: a two-cell gutter (the
labels on the line, then its links), then the line's text cut at every styled span (zones, entities, annotations, marks,
selection, cursor), each piece styled with the sum of the spans covering it.

Article text is never parsed as markup: Segments are cut straight from the
sanitised `doc.text`."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from .document import ArticleDoc, Intervals, Mark, Span
from .styles import (
    GUTTER_ALIGNED, GUTTER_COMMENTS, GUTTER_EDITORIAL, GUTTER_FAILED, GUTTER_LINKS, GUTTER_SEVERAL, GUTTER_UNSAVED,
    Palette,
)
from .wrap import FOLD, Line

GUTTER = 2
LINK_MARKS = "link"
"""The view's marks that name the links of the annotations on a line (`tui.link_marks`)."""
FOLDED_KINDS = ("boilerplate", "reader_comments")
"""What `b` folds: the page's furniture and the readers' comments, never the article."""
MARK_KINDS = ("aligned", "focus", "match", "review")
"""Marks in drawing order: the later one wins where they overlap."""
Layer = tuple[int, int, Style]
NO_CURSOR: Span = (-1, -1)


class LinePainter:
    """Draws the lines of one `ArticleDoc`; `marks` is the view's own table, shared."""

    def __init__(self, doc: ArticleDoc, palette: Palette, marks: dict[str, Intervals[Mark]]) -> None:
        self.doc = doc
        self.palette = palette
        self.marks = marks

    def paint(self, line: Line, base: Style, cursor: int | None, selection: Span | None) -> Strip:
        """`cursor` None: this column is not the focused one and draws no cursor."""
        start, end, kind = line
        if kind == FOLD:
            return self._fold(start, end, base, cursor, selection)
        text = self.doc.text[start:end]
        if text.endswith("\n"):
            # drawn as a space so a cursor resting on a line end is visible
            text = text[:-1] + " "
        gutter, gutter_style = self._gutter(start, end)
        link, link_style = self._link_cell(start, end)
        cells = [Segment(gutter, base + gutter_style if gutter_style else base),
                 Segment(link, base + link_style if link_style else base)]
        if cells[0].style == cells[1].style:
            cells = [Segment(gutter + link, cells[0].style)]
        layers = self._layers(start, end, selection)
        cursor_span = NO_CURSOR if cursor is None else self.doc.word_at(cursor)
        segments = _segments(cells, text, start, base, layers, cursor_span, self.palette)
        return Strip(segments, GUTTER + cell_len(text))

    def _fold(self, start: int, end: int, base: Style, cursor: int | None, selection: Span | None) -> Strip:
        zones = self.doc.zones
        kinds = sorted({zones.items[i] for i in zones.overlapping(start, end)} & set(FOLDED_KINDS))
        label = f"⋯ {' and '.join(k.replace('_', ' ') for k in kinds) or 'boilerplate'}, {end - start} chars folded ⋯"
        style = base + self.palette.fold
        if selection and selection[0] < end and start < selection[1]:
            style += self.palette.selection
        if cursor is not None and start <= cursor < end:
            style = self.palette.cursor(style)
        return Strip([Segment(" " * GUTTER, base), Segment(label, style)], GUTTER + cell_len(label))

    def _layers(self, start: int, end: int, selection: Span | None) -> list[Layer]:
        """Styled spans touching [start, end), lowest priority first: zones,
        entities, annotations (suggested and rejected before accepted; outer
        before inner, so the innermost wins while an outer underline
        survives), marks, selection."""
        doc, palette = self.doc, self.palette
        layers: list[Layer] = []
        for i in doc.zones.overlapping(start, end):
            style = palette.zone(doc.zones.items[i])
            if style:
                layers.append((doc.zones.starts[i], doc.zones.ends[i], style))
        for i in doc.entities.overlapping(start, end):
            s, e, label, _ = doc.entities.items[i]
            layers.append((s, e, palette.entity(label)))
        # Accepted annotations go last: a suggestion drawn over one of the same
        # label would paint its text in the colour of its background.
        rows = [doc.annotations.items[i] for i in doc.annotations.overlapping(start, end)]
        rows.sort(key=lambda row: row.get("status") == "accepted")
        layers += [(row["start"], row["end"], palette.annotation(row.get("label", ""), row.get("status", "")))
                   for row in rows]
        for kind in MARK_KINDS:
            marks = self.marks.get(kind)
            if marks:
                style = palette.mark(kind)
                layers += [(marks.starts[i], marks.ends[i], style) for i in marks.overlapping(start, end)]
        if selection and selection[0] < end and start < selection[1]:
            layers.append((*selection, palette.selection))
        return layers

    def _gutter(self, start: int, end: int) -> tuple[str, Style | None]:
        """One cell naming what is on the line: aligned sentence, a tag whose
        write failed, a tag not stored yet, the label by its gutter letter
        (upper case accepted), reader comments or the outlet's editorial."""
        aligned = self.marks.get("aligned")
        if aligned and aligned.overlapping(start, end):
            return GUTTER_ALIGNED, self.palette.aligned_gutter()
        annotations = self.doc.annotations
        found = annotations.overlapping(start, end)
        if found:
            rows = [annotations.items[i] for i in found]
            if any(row.get("failed") for row in rows):
                return GUTTER_FAILED, self.palette.failed_gutter()
            unsaved = [row for row in rows if row.get("unsaved")]
            if unsaved:
                return GUTTER_UNSAVED, self.palette.gutter(unsaved[-1]["label"])
            labels = {row.get("label", "") for row in rows}
            if len(labels) > 1:
                return GUTTER_SEVERAL, Style(bold=True)
            label = labels.pop()
            accepted = any(row.get("status") != "suggested" for row in rows)
            return self.palette.gutter_letter(label, accepted), self.palette.gutter(label)
        zone = self.doc.zone_at(start)
        if zone == "reader_comments":
            return GUTTER_COMMENTS, self.palette.comments_gutter
        if zone == "editorial":
            return GUTTER_EDITORIAL, self.palette.editorial_gutter
        return " ", None

    def _link_cell(self, start: int, end: int) -> tuple[str, Style | None]:
        """The second gutter cell: the sign of the links of the annotations on
        the line (`=` same, `!` contradicts, …; `#` several kinds), dim when
        they are only suggested."""
        links = self.marks.get(LINK_MARKS)
        found = links.overlapping(start, end) if links else ()
        if not found:
            return " ", None
        marks = [links.items[i] for i in found]
        signs = {m.label for m in marks}
        sign = signs.pop() if len(signs) == 1 else GUTTER_LINKS
        return sign, self.palette.link_gutter(all(m.status == "suggested" for m in marks))


def _segments(
    gutter: list[Segment], text: str, offset: int, base: Style, layers: list[Layer], cursor: Span, palette: Palette
) -> list[Segment]:
    """The gutter, then `text` (which starts at char `offset`) cut at every
    layer boundary, each piece styled with the sum of the layers covering it.
    Equal neighbours are merged (the gutter too): every segment costs a style
    sequence and a reset on the wire."""
    length = len(text)
    cuts = {0, length}
    for s, e, _ in layers:
        cuts.add(min(max(s - offset, 0), length))
        cuts.add(min(max(e - offset, 0), length))
    cursor_start, cursor_end = cursor[0] - offset, cursor[1] - offset
    if cursor_end > 0 and cursor_start < length:
        cuts.add(max(cursor_start, 0))
        cuts.add(min(cursor_end, length))
    bounds = sorted(cuts)
    segments = list(gutter)
    last_style = segments[-1].style
    for a, b in zip(bounds, bounds[1:]):
        style = base
        for s, e, layer in layers:
            if s - offset <= a and b <= e - offset:
                style = style + layer
        if cursor_start <= a and b <= cursor_end:
            style = palette.cursor(style)
        if style == last_style:
            segments[-1] = Segment(segments[-1].text + text[a:b], style)
        else:
            segments.append(Segment(text[a:b], style))
            last_style = style
    return segments
