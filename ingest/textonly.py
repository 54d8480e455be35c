"""Unwrap "text-only" page dumps: every line framed as a table row (``| … | |``),
hard-wrapped at a fixed width, with markdown-ish markers (``#`` headline, ``##``
heading, ``>`` teaser).

The frame and the hard wraps are layout, not content: the result is one block per
paragraph (wrapped lines joined with single spaces), headings and the teaser as
blocks of their own, and list sections (links, tags, authors) one item per line.
A wrapped line ends its paragraph only when it ends a sentence *and* the next
line's first word would still have fitted on it — otherwise the wrapper, not the
author, broke the line there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from parallax.ingest.zone_rules import ITEM_LIST_HEADING, TEASER_LIST_HEADING

_FRAMED = re.compile(r"\s*\|.*\|\s*")
_CLOSING = "\"“”»«’')]"
_CUT = "…"
_CAPTION = re.compile(r"(?:bild|foto|fotos|grafik|illustration)\s?:", re.IGNORECASE)
_STARTS_BLOCK = re.compile(
    rf"(?:#|>|{_CAPTION.pattern}|(?:hinweis|hinweise|anmerkung)\s?:"
    r"|\d{1,2}\.?\s[a-zäöü]{3,9}\.?\s\d{4}$)",
    re.IGNORECASE,
)
"""Lines that begin a new block whatever the previous line looked like."""

MIN_LINES = 3
FRAMED_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class Block:
    text: str
    hint: str | None = None
    """A zone kind the layout itself shows (``#`` headline, ``>`` lead, ``##`` heading)."""


def is_textonly(text: str) -> bool:
    """Most non-empty lines are framed as table rows."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < MIN_LINES:
        return False
    framed = sum(1 for line in lines if _FRAMED.fullmatch(line))
    return framed >= FRAMED_SHARE * len(lines)


def unwrap(text: str) -> list[Block]:
    """The paragraphs of a text-only dump, frame and hard wraps removed."""
    lines = _strip_frames(text.split("\n"))
    width = max((len(line) for line in lines if not line.endswith(_CUT)), default=0)
    return _Unwrapper(width).run(lines)


def _strip_frames(raw_lines: list[str]) -> list[str]:
    # (text inside the left border, trailing "|" cells, where the text before them ends)
    cells: list[tuple[str, int, int] | None] = []
    for line in raw_lines:
        if _FRAMED.fullmatch(line) is None:
            cells.append(None)
        else:
            inner = line.strip()[1:]
            cells.append((inner, *_cut_trailing_pipes(inner, None)))
    # The right-hand frame is the closing border plus any empty columns; a line
    # whose text itself ends in "|" ("Berlin taz |") keeps that one.
    counts = Counter(cell[1] for cell in cells if cell is not None)
    right = counts.most_common(1)[0][0] if counts else 1
    out = []
    for line, cell in zip(raw_lines, cells):
        if cell is None:
            out.append(line.strip())
            continue
        inner, count, end = cell
        if count > right:
            # More cells than the frame has: the first of them are text. (Up to
            # `right` cells, cutting them all ends the text where cutting `right`
            # would, but for whitespace, which is stripped.)
            end = _cut_trailing_pipes(inner, right)[1]
        out.append(inner[:end].strip())
    return out


def _cut_trailing_pipes(line: str, limit: int | None) -> tuple[int, int]:
    """How many "|" cells end `line` (at most `limit`), and where the text before
    them ends. Walks back by index: no regex backtracking, no copies."""
    count, end = 0, len(line)
    while limit is None or count < limit:
        while end > 0 and line[end - 1].isspace():
            end -= 1
        if end == 0 or line[end - 1] != "|":
            break
        count += 1
        end -= 1
    return count, end


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSING)[-1:] in (".", "!", "?")


class _Unwrapper:
    def __init__(self, width: int) -> None:
        self.width = width
        self.blocks: list[Block] = []
        self.lines: list[str] = []
        self.hint: str | None = None
        self.mode = "prose"
        """prose: join wrapped lines; items: one item per line; teasers: titles and
        teaser texts each on a line of their own."""
        self.quoted = False
        self.body_seen = False

    def run(self, lines: list[str]) -> list[Block]:
        for index, line in enumerate(lines):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            self._take(line, following)
        self._flush()
        return self.blocks

    def _take(self, line: str, following: str) -> None:
        if not line:
            self._flush()
            return
        if line.startswith("#"):
            self._flush()
            level = len(line) - len(line.lstrip("#"))
            heading = line[level:].strip()
            self.mode = _section_mode(heading)
            self._emit(heading, "headline" if level == 1 and not self.body_seen else "subheading")
            return
        if line.startswith(">"):
            # The first quoted group before any body text is the teaser; later
            # ones are ordinary quoted paragraphs.
            if not self.quoted:
                self._flush()
                self.quoted = True
                self.hint = None if self.body_seen else "lead"
            self.lines.append(line[1:].strip())
            if not following.startswith(">"):
                self._flush()
            return
        if _STARTS_BLOCK.match(line):
            self._flush()
        self.lines.append(line)
        if self._ends_here(line, following):
            self._flush()

    def _ends_here(self, line: str, following: str) -> bool:
        if not following or _STARTS_BLOCK.match(following):
            return True
        if self.mode != "prose":
            return False
        if _CAPTION.match(self.lines[0]) and (line.endswith(_CUT) or _ends_sentence(line)):
            # Captions are cut to one line ("…") rather than wrapped.
            return True
        fits = len(line) + 1 + len(following.split(maxsplit=1)[0]) <= self.width
        return fits and _ends_sentence(line)

    def _flush(self) -> None:
        lines = [line for line in self.lines if line]
        if self.mode == "items":
            text = "\n".join(lines)
        elif self.mode == "teasers":
            text = _teaser_lines(lines)
        else:
            text = " ".join(lines)
        self._emit(text, self.hint)
        self.lines = []
        self.hint = None
        self.quoted = False

    def _emit(self, text: str, hint: str | None) -> None:
        if not text:
            return
        self.blocks.append(Block(text, hint))
        if hint is None and not _STARTS_BLOCK.match(text):
            self.body_seen = True


def _section_mode(heading: str) -> str:
    if ITEM_LIST_HEADING.fullmatch(heading):
        return "items"
    if TEASER_LIST_HEADING.fullmatch(heading):
        return "teasers"
    return "prose"


def _teaser_lines(lines: list[str]) -> str:
    """Related-article teasers: a title line (titles are cut with "…", never
    wrapped) then its teaser text, wrapped, up to the line that ends a sentence.
    Each title and each teaser text gets a line of its own."""
    items: list[str] = []
    teaser: list[str] = []
    expect_title = True
    for line in lines:
        if expect_title:
            items.append(line)
            expect_title = False
            continue
        teaser.append(line)
        if _ends_sentence(line):
            items.append(" ".join(teaser))
            teaser = []
            expect_title = True
    if teaser:
        items.append(" ".join(teaser))
    return "\n".join(items)
