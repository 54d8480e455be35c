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

from rich import box
from rich.style import Style
from rich.table import Table
from rich.text import Text

from parallax.analysis.compare import Comparison
from parallax.analysis.compare_coverage import CONTRADICTING, NOT_CARRIED
from parallax.analysis.compare_tables import Section, plain

from .styles import Palette

QUOTE_FORMS = ("direct", "indirect", "reported")
DIFF_STYLES = {"-": Style(color="red", strike=True), "+": Style(color="green", bold=True, underline=True)}
"""Words left out of the first version struck through, words added underlined: both survive NO_COLOR."""
FLAG_STYLE = Style(color="black", bgcolor="yellow", bold=True)
MAX_LINES = 8
"""The tallest a naming row grows."""


@dataclass(frozen=True)
class Target:
    """Where Enter on a cell goes: an annotation, or a place in an article."""

    article_id: int | None = None
    annotation_id: str | None = None
    start: int | None = None


def mark_text(mark: str, palette: Palette) -> Text:
    """A coverage cell: the form in its label's colour, `!` loud, `·` quiet."""
    if mark == CONTRADICTING:
        return Text(" ! ", style=Style(color="bright_white", bgcolor="red", bold=True, reverse=False), end="")
    if mark == NOT_CARRIED:
        return Text(mark, style=Style(dim=True))
    label = "quote" if mark in QUOTE_FORMS else mark
    style = palette.gutter(label)
    if mark == "indirect":
        style += Style(bold=False)
    elif mark == "reported":
        style += Style(bold=False, italic=True)
    return Text(mark, style=style)


def outlet_header(name: str, width: int) -> Text:
    """An outlet's column title on two lines ("Kieler" / "Rundschau"), cut to `width`."""
    words = plain(name).split(" ")
    first, second = "", ""
    for word in words:
        if not second and len(f"{first} {word}".strip()) <= width:
            first = f"{first} {word}".strip()
        else:
            second = f"{second} {word}".strip()
    if not first:
        first, second = second[:width], second[width:]
    return Text(f"{cut(first, width)}\n{cut(second, width)}", style="bold")


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(width - 1, 0)] + "…"


def outlet_width(outlets: Sequence[str], marks: int = 8, most: int = 12) -> int:
    """Wide enough for the marks and each outlet name's longer half."""
    halves = [max((len(w) for w in plain(name).split(" ")), default=1) for name in outlets]
    return max(marks, min(most, max(halves, default=marks)))


def coverage_cells(section: Section, result: Comparison, palette: Palette, text_width: int) -> list[list[Text]]:
    outlets = len(result.coverage.outlets)
    rows = []
    for cells, row in zip(section.rows, result.coverage.rows):
        number, label, carriers, *marks = cells[:3 + outlets]
        rows.append([Text(number, style="dim", justify="right"), Text(label, style=palette.gutter(label)),
                     Text(f"{carriers}/{outlets}", justify="right"),
                     *(mark_text(mark, palette) for mark in marks),
                     Text(cut(plain(row.text), text_width))])
    return rows


def coverage_target(result: Comparison, row: int, column: int) -> Target:
    """An outlet's cell: its first annotation in the row; elsewhere the reference version."""
    found = result.coverage.rows[row]
    outlet = column - 3
    if 0 <= outlet < len(found.cells) and found.cells[outlet].items:
        return Target(result.coverage.article_ids[outlet], found.cells[outlet].items[0])
    return Target(annotation_id=found.versions[0][0])


def summary_table(section: Section, justify: Sequence[str] = ()) -> Table:
    table = Table(title=section.title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                  expand=False, pad_edge=False, show_edge=False)
    for index, name in enumerate(section.header):
        table.add_column(name, justify=justify[index] if index < len(justify) else "left",  # type: ignore[arg-type]
                         overflow="fold")
    for row in section.rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


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
