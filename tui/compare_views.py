"""What the comparison screen draws: the tables of `analysis.compare_tables`
(the numbers `parallax compare` prints, cell for cell) given styles, and
where Enter on a cell goes.

Every cell is a `Text` (a DataTable would read a `str` as markup) made of
`compare_tables.plain` strings, which hold printable characters only.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from parallax.analysis.compare import Comparison
from parallax.analysis.compare_coverage import CONTRADICTING, NOT_CARRIED
from parallax.analysis.compare_tables import Section, coverage_cells, plain

from .matrix_view import Column
from .styles import Palette

QUOTE_FORMS = ("direct", "indirect", "free_indirect", "reported")
DIFF_STYLES = {"-": Style(color="red", strike=True), "+": Style(color="green", bold=True, underline=True)}
"""Words left out of the first version struck through, words added underlined: both survive NO_COLOR."""
FLAG_STYLE = Style(color="black", bgcolor="yellow", bold=True)
CONTRADICTING_STYLE = Style(color="bright_white", bgcolor="red", bold=True)
MAX_LINES = 8
"""The tallest a naming row grows."""


@dataclass(frozen=True)
class Target:
    """Where Enter on a cell goes: an annotation, or a place in an article."""

    article_id: int | None = None
    annotation_id: str | None = None
    start: int | None = None


def mark_cell(mark: str, palette: Palette) -> tuple[str, Style]:
    """A coverage cell: the form in its label's colour, `!` loud (the whole cell), `·` quiet."""
    if mark == CONTRADICTING:
        return " ! ", CONTRADICTING_STYLE
    if mark == NOT_CARRIED:
        return f" {mark}", Style(dim=True)
    label = "quote" if mark in QUOTE_FORMS else mark
    style = palette.gutter(label)
    if mark == "indirect":
        style += Style(bold=False)
    elif mark in ("free_indirect", "reported"):
        style += Style(bold=False, italic=True)
    return mark, style


def outlet_lines(name: str, width: int) -> tuple[str, str]:
    """An outlet's column title on two lines ("Kieler" / "Rundschau"), each cut to `width`."""
    first, second = "", ""
    for word in plain(name).split(" "):
        if not second and len(f"{first} {word}".strip()) <= width:
            first = f"{first} {word}".strip()
        else:
            second = f"{second} {word}".strip()
    if not first:
        first, second = second[:width], second[width:]
    return cut(first, width), cut(second, width)


def outlet_header(name: str, width: int) -> Text:
    return Text("\n".join(outlet_lines(name, width)), style="bold")


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(width - 1, 0)] + "…"


def outlet_width(outlets: Sequence[str], marks: int = 8, most: int = 12) -> int:
    """Wide enough for the marks and each outlet name's longer half."""
    halves = [max((len(w) for w in plain(name).split(" ")), default=1) for name in outlets]
    return max(marks, min(most, max(halves, default=marks)))


class CoverageCells(Sequence[list[tuple[str, Style]]]):
    """The matrix's rows — number, label, carried (n/outlets), one mark per outlet, the reference
    text, as `compare_tables.coverage_cells` gives them — each made when first asked for: a screen
    draws forty of a thousand."""

    def __init__(self, result: Comparison, palette: Palette):
        self._rows = result.coverage.rows
        self._outlets = len(result.coverage.outlets)
        self._palette = palette
        self._made: dict[int, list[tuple[str, Style]]] = {}
        self._marks: dict[str, tuple[str, Style]] = {}
        self._labels: dict[str, Style] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        row = self._made.get(index)
        if row is None:
            row = self._made[index] = self._row(index)
        return row

    def _row(self, index: int) -> list[tuple[str, Style]]:
        outlets = self._outlets
        number, label, carriers, *rest = coverage_cells(index + 1, self._rows[index], width=None)
        marks, text = rest[:outlets], rest[outlets]
        if label not in self._labels:
            self._labels[label] = self._palette.gutter(label)
        for mark in marks:
            if mark not in self._marks:
                self._marks[mark] = mark_cell(mark, self._palette)
        return [(number.rjust(3), _QUIET), (label, self._labels[label]), (f"{carriers}/{outlets}".rjust(7), _PLAIN),
                *[self._marks[mark] for mark in marks], (text, _PLAIN)]


_QUIET, _PLAIN = Style(dim=True), Style()


def coverage_columns(outlets: Sequence[str], outlet_width: int, text_width: int) -> list[Column]:
    columns = [Column(("", "#"), 3, Style(dim=True)), Column(("", "label"), 5), Column(("", "carried"), 7)]
    columns += [Column(outlet_lines(name, outlet_width), outlet_width) for name in outlets]
    return columns + [Column(("", "as the first outlet writes it"), text_width, Style(italic=True))]


def coverage_target(result: Comparison, row: int, column: int) -> Target:
    """An outlet's cell: its first annotation in the row; elsewhere the reference version."""
    found = result.coverage.rows[row]
    outlet = column - 3
    if 0 <= outlet < len(found.cells) and found.cells[outlet].items:
        return Target(result.coverage.article_ids[outlet], found.cells[outlet].items[0])
    return Target(annotation_id=found.versions[0][0])


def summary_table(section: Section, justify: str = "") -> Text:
    """The per-outlet summary under a view, as aligned lines (`justify`: l or
    r per column; the last column is not padded). A rich Table would be
    measured cell by cell on every layout: 20 outlets cost the first frame
    more than the matrix above them."""
    columns = len(section.header)
    widths = [max(cell_len(line[i]) for line in [section.header, *section.rows]) for i in range(columns)]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.rjust(width) if justify[i:i + 1] == "r" else cell.ljust(width)
                  for i, (cell, width) in enumerate(zip(cells[:-1], widths))]
        return "   ".join([*padded, cells[-1]]).rstrip()

    text = Text(section.title, style="bold")
    text.append("\n" + line(section.header), style="bold")
    text.append("\n" + "─" * (sum(widths[:-1]) + 3 * (columns - 1) + min(widths[-1], 40)), style="dim")
    for row in section.rows:
        text.append("\n" + line(row))
    return text


def speaker_cells(section: Section) -> list[list[Text]]:
    rows = []
    for cells in section.rows:
        name, *counts, total = cells
        rows.append([Text(name, style="bold"),
                     *(Text(c, style="dim" if c == NOT_CARRIED else "", justify="center") for c in counts),
                     Text(total, justify="right")])
    return rows


def speaker_target(result: Comparison, row: int, column: int) -> Target:
    found = result.speakers.rows[row]
    outlet = column - 1
    cells = [(i, c) for i, c in enumerate(found.cells) if c.items]
    if 0 <= outlet < len(found.cells) and found.cells[outlet].items:
        cells = [(outlet, found.cells[outlet])]
    index, cell = cells[0]
    return Target(result.coverage.article_ids[index], cell.items[0])


def drift_lines(result: Comparison, number: dict[str, int], width: int) -> list[tuple[Text, Target | None]]:
    """A header per group (row, speaker, flags), then each outlet's version:
    outlet, form, verb, and its words against the first version."""
    found: list[tuple[Text, Target | None]] = []
    names = dict(zip(result.coverage.outlets, result.coverage.article_ids))
    for group in result.drift:
        header = Text(f"#{number[group.row]} ", style="bold")
        header.append(plain(group.speaker), style="bold")
        for flag in group.flags:
            header.append("  ")
            header.append(f" {flag} ", style=FLAG_STYLE)
        found.append((header, None))
        for version in group.versions:
            line = Text("  ")
            line.append(cut(plain(version.outlet), 16).ljust(17), style="bold")
            line.append((version.form or "—").ljust(9), style="italic")
            line.append(cut(plain(version.verb or "—"), 12).ljust(13), style="dim")
            if version.cut:
                line.append(" cut ", style=FLAG_STYLE)
                line.append(" ")
            for index, (op, words) in enumerate(version.diff):
                if index:
                    line.append(" ")
                line.append(plain(words), style=DIFF_STYLES.get(op, ""))
            line.truncate(width, overflow="ellipsis")
            found.append((line, Target(names.get(version.outlet), version.item)))
    return found


def wrapped(text: str, width: int, lines: int = 4) -> str:
    """`text` wrapped into at most `lines` lines of `width` (the last one cut with …)."""
    found = textwrap.wrap(text, width) or [""]
    if len(found) > lines:
        found = found[:lines - 1] + [cut(" ".join(found[lines - 1:]), width)]
    return "\n".join(found)


def naming_cells(section: Section, result: Comparison, name_width: int, width: int) -> list[list[Text]]:
    """A cell per outlet: its forms, commonest first, each wrapped onto its own lines, as `parallax compare`
    counts them."""
    rows = []
    for cells, row in zip(section.rows, result.naming):
        forms = []
        for counted in row.forms:
            lines = [line for form, n in counted.items() for line in textwrap.wrap(plain(f"{form} ({n})"), width)]
            if len(lines) > MAX_LINES:
                lines = lines[:MAX_LINES - 1] + [f"+{len(counted)} forms in all"]
            forms.append(Text("\n".join(lines), style="") if lines else Text(NOT_CARRIED, style="dim"))
        rows.append([Text(wrapped(cells[0], name_width, 2), style="bold"), Text(row.label, style="dim"), *forms])
    return rows


def figure_cells(section: Section, result: Comparison, width: int, text_width: int) -> list[list[Text]]:
    text = {row.id: row.text for row in result.coverage.rows}
    rows = []
    for cells, figure in zip(section.rows, result.figures):
        number, unit, *values = cells
        rows.append([Text(number, style="dim"), Text(wrapped(unit, 10, 2), style="bold"),
                     *(Text(v, style="dim") if v == NOT_CARRIED else Text(wrapped(v, width, 3), style="bold yellow")
                       for v in values),
                     Text(wrapped(plain(text[figure.row]), text_width, 2), style="italic")])
    return rows


def height(row: list[Text]) -> int:
    return max(len(cell.plain.splitlines()) or 1 for cell in row)


def figure_target(result: Comparison, row: int, column: int) -> Target:
    found = result.figures[row]
    outlet = column - 2
    cells = [(i, items) for i, items in enumerate(found.items) if items]
    if 0 <= outlet < len(found.items) and found.items[outlet]:
        cells = [(outlet, found.items[outlet])]
    index, items = cells[0]
    return Target(result.coverage.article_ids[index], items[0])
