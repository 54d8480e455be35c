"""The comparison of a story's coverage, outlet by outlet: what each carries
and leaves out, whom it lets speak, how it renders the same quotes, how it
names people and institutions, and where its figures differ. Everything is
computed from the store (`compare_story`); `Comparison.to_dict` is the JSON
the command line prints (its schema is in the README).

The screen and `parallax compare` render the same dataclasses:
`coverage` (`analysis.compare_coverage`), `speakers` (`compare_speakers`),
`drift` (`compare_drift`), `naming` (`compare_naming`) and `figures`
(`compare_figures`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlite_utils import Database

from .compare_coverage import Coverage, coverage
from .compare_drift import DriftGroup, drift
from .compare_figures import FigureRow, figure_rows
from .compare_naming import NamingRow, naming
from .compare_speakers import Speakers, speakers
from .link_view import counted_links
from .story_data import StoryData, load_story

SCHEMA_VERSION = 1


@dataclass
class Comparison:
    story: str
    articles: list[dict[str, Any]]
    """Per column: article_id, outlet, title."""
    links: int
    """Links counted."""
    coverage: Coverage
    speakers: Speakers
    drift: list[DriftGroup]
    naming: list[NamingRow]
    figures: list[FigureRow]

    def to_dict(self) -> dict[str, Any]:
        result = asdict(self)
        result["schema"] = SCHEMA_VERSION
        return result


def compare(data: StoryData, *, include_suggested: bool = False,
            annotators: Sequence[str] | None = None) -> Comparison:
    links = counted_links(data, include_suggested=include_suggested, annotators=annotators)
    table = coverage(data, links)
    articles = [{"article_id": a.id, "outlet": name, "title": a.title}
                for a, name in zip(data.articles, table.outlets)]
    return Comparison(data.name, articles, len(links), table, speakers(data), drift(data, table), naming(data),
                      figure_rows(data, table))


def compare_story(db: Database, story: str, *, include_suggested: bool = False,
                  annotators: Sequence[str] | None = None) -> Comparison:
    """Read the story (accepted annotations; suggested ones too when asked) and compare it."""
    statuses = ("accepted", "suggested") if include_suggested else ("accepted",)
    data = load_story(db, story, statuses=statuses, annotators=annotators)
    return compare(data, include_suggested=include_suggested, annotators=annotators)
