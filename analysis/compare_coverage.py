"""The coverage matrix: one row per claim or quote, one column per outlet.

A row is what the outlets say about one thing:
- annotations joined by `same` links are one *version* (a sentence tagged
  both claim and quote is two annotations, and in two rows unless linked);
- versions joined by `contradicts` links are one row: the version most
  outlets carry is the row's reference (ties: the one read first), the
  others are contradicting versions;
- rows hold at least one quote or claim; an unlinked one is a row of its own.
A cell says how the outlet carries the row: its form of the reference
version (`direct`, `indirect`, `reported` quote, `quote`, `claim`,
`opinion`, `comment`; the most specific when it has several), `!` when it
carries only a contradicting version, `·` when it carries nothing. Rows are
sorted by how many outlets carry them (`!` counts), then by where they are
first read. Per outlet: exclusives (rows only it carries) and omissions (rows
it does not carry that at least half of the other outlets do).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from parallax.store.links import Link

from .story_data import Item, StoryData

ROW_LABELS = ("quote", "claim")
MARKS = ("direct", "indirect", "free_indirect", "reported", "quote", "claim", "opinion", "comment")
"""Cell marks from most to least specific."""
NOT_CARRIED = "·"
CONTRADICTING = "!"


@dataclass(frozen=True, slots=True)
class Cell:
    mark: str
    items: tuple[str, ...] = ()
    """The outlet's annotations in the row, in text order: where Enter jumps."""


@dataclass
class CoverageRow:
    id: str
    """The first annotation of the reference version: stable while it exists."""
    label: str
    text: str
    """The reference version as its first outlet writes it."""
    cells: list[Cell]
    carriers: int
    versions: list[list[str]]
    """Annotation ids per version, the reference first."""


@dataclass
class OutletCoverage:
    outlet: str
    article_id: int
    carried: int
    exclusives: list[str]
    omissions: list[str]
    """Row ids."""


@dataclass
class Coverage:
    outlets: list[str]
    article_ids: list[int]
    rows: list[CoverageRow]
    per_outlet: list[OutletCoverage]


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def outlet_names(data: StoryData) -> list[str]:
    """One column name per article; a second article of one outlet is told apart."""
    seen: dict[str, int] = defaultdict(int)
    names = []
    for article in data.articles:
        seen[article.outlet] += 1
        names.append(article.outlet if seen[article.outlet] == 1 else f"{article.outlet} ({seen[article.outlet]})")
    return names


def coverage(data: StoryData, links: Sequence[Link]) -> Coverage:
    items = {item.id: item for item in data.items}
    order = {item.id: index for index, item in enumerate(data.items)}
    columns = {a.id: index for index, a in enumerate(data.articles)}
    versions, rows = _Union(), _Union()
    linked: set[str] = set()
    for link in links:
        if link.src in items and link.dst in items and link.kind in ("same", "contradicts"):
            rows.join(link.src, link.dst)
            if link.kind == "same":
                versions.join(link.src, link.dst)
            linked.update((link.src, link.dst))
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    built = []
    for item in data.items:
        if item.id in linked:
            members[rows.find(item.id)][versions.find(item.id)].append(item.id)
        elif item.label in ROW_LABELS:
            # Most rows are one annotation nobody linked.
            cells = [_EMPTY] * len(columns)
            cells[columns[item.article_id]] = Cell(_mark_of(item), (item.id,))
            built.append(CoverageRow(item.id, item.label, item.text, cells, 1, [[item.id]]))
    for row_versions in members.values():
        if not any(items[i].label in ROW_LABELS for ids in row_versions.values() for i in ids):
            continue
        built.append(_row(row_versions, items, order, columns))
    built.sort(key=lambda r: (-r.carriers, order[r.id]))
    return Coverage(outlet_names(data), list(columns), built, _per_outlet(data, built))


_EMPTY = Cell(NOT_CARRIED)


def _row(row_versions: dict[str, list[str]], items: dict[str, Item], order: dict[str, int],
         columns: dict[int, int]) -> CoverageRow:
    def outlets(ids: list[str]) -> set[int]:
        return {items[i].article_id for i in ids}

    ranked = sorted(row_versions.values(), key=lambda ids: (-len(outlets(ids)), min(order[i] for i in ids)))
    reference = sorted(ranked[0], key=order.__getitem__)
    in_article: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for i in reference:
        in_article[items[i].article_id][0].append(i)
    for i in sorted((i for ids in ranked[1:] for i in ids), key=order.__getitem__):
        in_article[items[i].article_id][1].append(i)
    # Most rows are carried by one outlet: only the carried cells are made.
    cells = [_EMPTY] * len(columns)
    for article_id, (mine, theirs) in in_article.items():
        cells[columns[article_id]] = (Cell(_mark([items[i] for i in mine]), tuple(mine + theirs)) if mine
                                      else Cell(CONTRADICTING, tuple(theirs)))
    first = items[reference[0]]
    labels = {items[i].label for i in reference}
    label = next((wanted for wanted in ROW_LABELS if wanted in labels), first.label)
    return CoverageRow(reference[0], label, first.text, cells, len(in_article),
                       [reference] + [sorted(ids, key=order.__getitem__) for ids in ranked[1:]])


def _mark_of(item: Item) -> str:
    return item.form if item.label == "quote" and item.form in _RANK else item.label


def _mark(items: list[Item]) -> str:
    marks = {_mark_of(item) for item in items}
    if len(marks) == 1:
        return marks.pop()
    known = [m for m in marks if m in _RANK]
    return min(known, key=_RANK.__getitem__) if known else sorted(marks)[0]


_RANK = {mark: rank for rank, mark in enumerate(MARKS)}


def _per_outlet(data: StoryData, rows: list[CoverageRow]) -> list[OutletCoverage]:
    names = outlet_names(data)
    others = len(names) - 1
    result = [OutletCoverage(name, article.id, 0, [], []) for article, name in zip(data.articles, names)]
    for row in rows:
        carried = [column for column, cell in enumerate(row.cells) if cell is not _EMPTY]
        for column in carried:
            result[column].carried += 1
        if row.carriers == 1:
            result[carried[0]].exclusives.append(row.id)
        if others and row.carriers >= others / 2:
            for column, cell in enumerate(row.cells):
                if cell is _EMPTY:
                    result[column].omissions.append(row.id)
    return result
