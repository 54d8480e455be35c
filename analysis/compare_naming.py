"""Naming: for each person and organisation two outlets or more mention, the forms each
outlet uses ("Machthaber Kim Jong Un", "Diktator Kim Jong-un", "Kim"), with
the titles the outlet puts before a person and the qualifier before an
institution (`analysis.entity_groups`)."""

from __future__ import annotations

from dataclasses import dataclass

from .compare_coverage import outlet_names
from .story_data import StoryData


@dataclass
class NamingRow:
    group_id: str
    label: str
    name: str
    forms: list[dict[str, int]]
    """Per outlet: form → mentions, commonest first."""


def naming(data: StoryData, min_outlets: int = 2, labels: tuple[str, ...] = ("PER", "ORG")) -> list[NamingRow]:
    names = outlet_names(data)
    column = {a.id: index for index, a in enumerate(data.articles)}
    rows = []
    for group in (g for g in data.groups.groups if g.label in labels):
        forms: list[dict[str, int]] = [{} for _ in names]
        for mention in group.mentions:
            cell = forms[column[mention.article_id]]
            cell[mention.form] = cell.get(mention.form, 0) + 1
        if sum(1 for cell in forms if cell) >= min(min_outlets, len(names)):
            ordered = [dict(sorted(cell.items(), key=lambda kv: (-kv[1], kv[0]))) for cell in forms]
            rows.append(NamingRow(group.id, group.label, group.name, ordered))
    rows.sort(key=lambda r: (-sum(1 for c in r.forms if c), -sum(sum(c.values()) for c in r.forms), r.name))
    return rows
