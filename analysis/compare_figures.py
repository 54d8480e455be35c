"""Figures: the same quantity reported differently across linked items.

Within a coverage row, the figures of each outlet's annotations are grouped
by unit (`analysis.figures`: "170 Meter", "rund 240 Schiffe"); a unit that
two outlets or more report, with values that cannot all agree, is listed
with every outlet's figures (170 / 168 / 172 Meter)."""

from __future__ import annotations

from dataclasses import dataclass

from .compare_coverage import Coverage
from .figures import Figure, figures
from .story_data import StoryData


@dataclass
class FigureRow:
    row: str
    unit: str
    values: list[list[str]]
    """Per outlet: the figures as written."""
    items: list[list[str]]
    """Per outlet: the annotations they are in."""


def figure_rows(data: StoryData, table: Coverage) -> list[FigureRow]:
    result = []
    for row in table.rows:
        if row.carriers < 2:
            continue
        by_unit: dict[str, list[list[tuple[Figure, str]]]] = {}
        for column, cell in enumerate(row.cells):
            seen: set[tuple[int, int, int]] = set()
            for item_id in cell.items:
                item = data.item(item_id)
                for figure in figures(data.article(item.article_id).text, item.start, item.end):
                    span = (item.article_id, figure.start, figure.end)
                    if figure.unit and span not in seen:
                        seen.add(span)
                        by_unit.setdefault(figure.unit, [[] for _ in row.cells])[column].append((figure, item_id))
        for unit, cells in by_unit.items():
            found = [f for cell in cells for f, _ in cell]
            if sum(1 for cell in cells if cell) < 2:
                continue
            if all(a.agrees(b) for a in found for b in found):
                continue
            result.append(FigureRow(row.id, found[0].text.split()[-1], [[f.text for f, _ in cell] for cell in cells],
                                    [sorted({i for _, i in cell}) for cell in cells]))
    return result
