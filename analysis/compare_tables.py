"""The comparison as tables of one-line cells: what `parallax compare`
prints (`cli.compare_format`: plain text, Markdown, CSV) and the numbers the
reader's comparison screen shows, from one function, so the two never
disagree. Every cell is printable: article text, names and outlets never
drive a terminal."""

from __future__ import annotations

from dataclasses import dataclass

from .compare import Comparison
from .compare_coverage import NOT_CARRIED, CoverageRow

VIEWS = ("coverage", "speakers", "drift", "naming", "figures")
TEXT_WIDTH = 60


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[str]]


def plain(value: object, width: int | None = None) -> str:
    text = str(value)
    if not text.isprintable():  # the common case skips the walk over every character
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split())
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


def counted(count: int, one: str) -> str:
    """"1 row", "2 rows": the counts in a comparison's title."""
    return f"{count} {one}{'' if count == 1 else 's'}"


def sections(result: Comparison, views: tuple[str, ...] = VIEWS, width: int | None = TEXT_WIDTH) -> list[Section]:
    found: list[Section] = []
    outlets = result.coverage.outlets
    number = {row.id: index for index, row in enumerate(result.coverage.rows, 1)}
    if "coverage" in views:
        found.append(Section(
            "Coverage (rows: claims and quotes grouped by links; ! a contradicting version, · not carried)",
            ["#", "label", "outlets", *outlets, "text"] + ([] if width else ["id"]),
            [coverage_cells(index, row, width) for index, row in enumerate(result.coverage.rows, 1)]))
        found.append(coverage_per_outlet(result, number))
    if "speakers" in views:
        from .compare_speakers import heard_only_by_outlet

        speakers = result.speakers
        found.append(Section(
            "Speakers (quotes per outlet: direct / indirect)", ["speaker", *outlets, "total"],
            [[plain(r.speaker, 40), *[f"{c.direct} / {c.indirect}" if c.total else NOT_CARRIED for c in r.cells],
              str(r.total)] for r in speakers.rows]))
        only = heard_only_by_outlet(speakers)
        found.append(Section(
            "Speakers per outlet", ["outlet", "quotes", "speakers", "most quoted", "share", "heard only here"],
            [[o.outlet, str(o.quotes), str(o.speakers), plain(o.top_speaker or "—", 40),
              "—" if o.top_share is None else f"{o.top_share:.0%}", plain(", ".join(only.get(o.outlet, [])))]
             for o in speakers.per_outlet]))
    if "drift" in views:
        rows = []
        for group in result.drift:
            for version in group.versions:
                rows.append([f"#{number[group.row]}", plain(group.speaker, 30), ",".join(group.flags) or "—",
                             version.outlet, version.form or "—", version.verb or "—", "cut" if version.cut else "",
                             plain(render_diff(version.diff), width and width * 2)])
        found.append(Section("Quote drift (the first version is the reference: [-left out-] {+added+})",
                             ["row", "speaker", "flags", "outlet", "form", "verb", "cut", "version"], rows))
    if "naming" in views:
        found.append(Section(
            "Naming (the forms each outlet uses, with how often)", ["entity", *outlets],
            [[plain(r.name, 40), *[plain("; ".join(f"{form} ({n})" for form, n in cell.items()) or NOT_CARRIED)
                                   for cell in r.forms]] for r in result.naming]))
    if "figures" in views:
        found.append(Section(
            "Figures that differ between linked items", ["row", "unit", *outlets],
            [[f"#{number[f.row]}", plain(f.unit), *[plain(" / ".join(v)) or NOT_CARRIED for v in f.values]]
             for f in result.figures]))
    return found


def coverage_per_outlet(result: Comparison, number: dict[str, int]) -> Section:
    """The summary under the matrix; `number`: row id → the row's number."""
    return Section(
        "Coverage per outlet (omissions: rows at least half of the other outlets carry)",
        ["outlet", "carries", "exclusives", "omissions", "omitted rows"],
        [[o.outlet, str(o.carried), str(len(o.exclusives)), str(len(o.omissions)),
          " ".join(f"#{number[i]}" for i in o.omissions)] for o in result.coverage.per_outlet])


def coverage_cells(number: int, row: CoverageRow, width: int | None = TEXT_WIDTH) -> list[str]:
    """A coverage row's cells: its number, label, how many outlets carry it, each outlet's mark, the text
    (and, at full width, the row's id). The screen makes them row by row as it draws them."""
    return ([str(number), row.label, str(row.carriers), *[c.mark for c in row.cells], plain(row.text, width)]
            + ([] if width else [row.id]))


def render_diff(diff: list[tuple[str, str]]) -> str:
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(marks[op].format(words) for op, words in diff)
