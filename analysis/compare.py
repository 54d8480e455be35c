"""The comparison of a story's coverage, outlet by outlet: what each carries
and leaves out, whom it lets speak, how it renders the same quotes, how it
names people and institutions, and where its figures differ. Everything is
computed from the store (`compare_story`); `Comparison.to_dict` is the JSON
the command line prints (its schema is in the README).

The screen and `parallax compare` render the same dataclasses:
`coverage` (`analysis.compare_coverage`), `speakers` (`compare_speakers`),
`drift` (`compare_drift`), `naming` (`compare_naming`) and `figures`
(`compare_figures`). The coverage is made with the comparison; the other
four views when first read: the reader's comparison screen opens on the
matrix, and a user who presses C at once waits for nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from .compare_coverage import Coverage, coverage
from .link_view import counted_links
from .story_data import StoryData, load_story

if TYPE_CHECKING:  # the later views' modules load with them
    from .compare_drift import DriftGroup
    from .compare_figures import FigureRow
    from .compare_naming import NamingRow
    from .compare_speakers import Speakers

SCHEMA_VERSION = 1
LATER_VIEWS = ("speakers", "drift", "naming", "figures")
"""The views made when first read."""


@dataclass
class Comparison:
    story: str
    articles: list[dict[str, Any]]
    """Per column: article_id, outlet, title."""
    links: int
    """Links counted."""
    coverage: Coverage
    data: StoryData = field(repr=False, compare=False)
    """What the later views are made from."""

    @cached_property
    def speakers(self) -> Speakers:
        from .compare_speakers import speakers

        return speakers(self.data)

    @cached_property
    def drift(self) -> list[DriftGroup]:
        from .compare_drift import drift

        return drift(self.data, self.coverage)

    @cached_property
    def naming(self) -> list[NamingRow]:
        from .compare_naming import naming

        return naming(self.data)

    @cached_property
    def figures(self) -> list[FigureRow]:
        from .compare_figures import figure_rows

        return figure_rows(self.data, self.coverage)

    def complete(self) -> Comparison:
        """Every view made (on the reader's thread that makes the comparison ahead)."""
        for view in LATER_VIEWS:
            getattr(self, view)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.story, "articles": [dict(a) for a in self.articles], "links": self.links,
                "coverage": asdict(self.coverage), "speakers": asdict(self.speakers),
                "drift": [asdict(g) for g in self.drift], "naming": [asdict(r) for r in self.naming],
                "figures": [asdict(f) for f in self.figures], "schema": SCHEMA_VERSION}


def compare(data: StoryData, *, include_suggested: bool = False,
            annotators: Sequence[str] | None = None) -> Comparison:
    links = counted_links(data, include_suggested=include_suggested, annotators=annotators)
    table = coverage(data, links)
    articles = [{"article_id": a.id, "outlet": name, "title": a.title}
                for a, name in zip(data.articles, table.outlets)]
    return Comparison(data.name, articles, len(links), table, data)


def compare_story(db: Database, story: str, *, include_suggested: bool = False,
                  annotators: Sequence[str] | None = None) -> Comparison:
    """Read the story (accepted annotations; suggested ones too when asked) and compare it."""
    statuses = ("accepted", "suggested") if include_suggested else ("accepted",)
    data = load_story(db, story, statuses=statuses, annotators=annotators)
    return compare(data, include_suggested=include_suggested, annotators=annotators)
