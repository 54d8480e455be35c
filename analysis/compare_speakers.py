"""Whom each outlet lets speak: speaker × outlet, quotes split direct and
indirect (reported speech — "laut X", "so X" — counts as indirect: neither
gives the speaker's own words).

A quote's speaker is its entity group (`attrs.speaker_group`, else the
group its `attrs.speaker` names), else the typed name itself, else
"(unnamed)". Per outlet: quotes, distinct speakers, the most-quoted one and
their share of the outlet's quotes. "Heard only in": speakers one outlet
alone quotes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .compare_coverage import outlet_names
from .entity_groups import EntityGroup
from .story_data import Item, StoryData

UNNAMED = "(unnamed)"


@dataclass
class SpeakerCell:
    direct: int = 0
    indirect: int = 0
    items: list[str] | None = None

    @property
    def total(self) -> int:
        return self.direct + self.indirect


@dataclass
class SpeakerRow:
    speaker: str
    group_id: str | None
    cells: list[SpeakerCell]

    @property
    def total(self) -> int:
        return sum(c.total for c in self.cells)

    @property
    def outlets(self) -> int:
        return sum(1 for c in self.cells if c.total)


@dataclass
class OutletSpeakers:
    outlet: str
    quotes: int
    speakers: int
    top_speaker: str | None
    top_share: float | None


@dataclass
class Speakers:
    outlets: list[str]
    rows: list[SpeakerRow]
    per_outlet: list[OutletSpeakers]
    heard_only: dict[str, str]
    """Speaker → the one outlet that quotes them."""


def speaker_of(data: StoryData, item: Item) -> tuple[str, str | None]:
    """The speaker's display name and group id."""
    group: EntityGroup | None = data.groups.get(item.attrs.get("speaker_group"))
    if group is None and item.speaker:
        group = data.groups.for_name(item.speaker)
    if group is not None:
        return group.name, group.id
    return (" ".join(item.speaker.split()) if item.speaker else UNNAMED), None


def speakers(data: StoryData) -> Speakers:
    names = outlet_names(data)
    column = {a.id: index for index, a in enumerate(data.articles)}
    rows: dict[tuple[str, str | None], SpeakerRow] = {}
    for item in data.items:
        if item.label != "quote":
            continue
        name, group_id = speaker_of(data, item)
        row = rows.get((name, group_id))
        if row is None:
            row = rows[(name, group_id)] = SpeakerRow(name, group_id, [SpeakerCell(items=[]) for _ in names])
        cell = row.cells[column[item.article_id]]
        if item.form == "direct":
            cell.direct += 1
        else:
            cell.indirect += 1
        cell.items.append(item.id)
    ordered = sorted(rows.values(), key=lambda r: (r.speaker == UNNAMED, -r.total, -r.outlets, r.speaker))
    per_outlet = []
    for index, outlet in enumerate(names):
        counts = Counter({r.speaker: r.cells[index].total for r in ordered
                          if r.cells[index].total and r.speaker != UNNAMED})
        quotes = sum(r.cells[index].total for r in ordered)
        top = min(counts.items(), key=lambda kv: (-kv[1], kv[0])) if counts else None
        per_outlet.append(OutletSpeakers(outlet, quotes, len(counts), top[0] if top else None,
                                         round(top[1] / quotes, 3) if top and quotes else None))
    only: dict[str, str] = {}
    for row in ordered:
        where = [names[i] for i, c in enumerate(row.cells) if c.total]
        if len(where) == 1 and len(names) > 1 and row.speaker != UNNAMED:
            only[row.speaker] = where[0]
    return Speakers(names, ordered, per_outlet, dict(sorted(only.items(), key=lambda kv: (kv[1], kv[0]))))


def heard_only_by_outlet(result: Speakers) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for speaker, outlet in result.heard_only.items():
        grouped[outlet].append(speaker)
    return dict(grouped)
