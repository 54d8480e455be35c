"""The comparison's tables (`analysis.compare_tables`, which the reader's
comparison screen shows too) printed as plain text, Markdown or CSV."""

from __future__ import annotations

import csv
import io

from parallax.analysis.compare import Comparison
from parallax.analysis.compare_tables import VIEWS, counted, plain, sections

__all__ = ["VIEWS", "csv_text", "markdown_lines", "text_lines"]

EMPTY_COVERAGE = ("Nothing to compare yet: a row is an accepted quote or claim (tag them in the reader, or "
                  "`parallax suggest` then `parallax review`), carried across outlets by same or contradicts "
                  "links (`parallax link`, or `parallax suggest --links`). The naming table works already.")


def text_lines(result: Comparison, views: tuple[str, ...]) -> list[str]:
    lines = [f"Comparison of {plain(result.story)!r}: {counted(len(result.articles), 'article')}, "
             f"{counted(len(result.coverage.rows), 'row')}, {counted(result.links, 'link')}"]
    if not result.coverage.rows:
        lines.append(EMPTY_COVERAGE)
    for section in sections(result, views):
        lines += ["", section.title]
        cells = [section.header] + section.rows
        widths = [max(len(row[i]) for row in cells) for i in range(len(section.header))]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return lines


def markdown_lines(result: Comparison, views: tuple[str, ...]) -> list[str]:
    lines = [f"# Comparison: {plain(result.story)}"]
    for section in sections(result, views):
        lines += ["", f"## {section.title}", "", _md_row(section.header),
                  "|" + "|".join(" --- " for _ in section.header) + "|"]
        lines += [_md_row(row) for row in section.rows]
    return lines


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def csv_text(result: Comparison, view: str) -> str:
    """One view (its first table) as CSV, the text uncut."""
    section = sections(result, (view,), width=None)[0]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(section.header)
    writer.writerows(section.rows)
    return out.getvalue()
