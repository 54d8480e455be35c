"""Soft-wrap article text into visual lines of char offsets.

A `Line` is `(start, end, kind)`. The lines tile the text in order: every
char belongs to exactly one line, except chars in a folded range, which are
replaced by one `"fold"` line spanning that range. A line keeps the spaces it
was broken at and its "\\n"; those hang past the width (never drawn wider than
a space each) so that the visible part — the line without trailing spaces and
newline — fits `width` cells. A line can only be wider when a single
grapheme is wider than `width` (a wide char at width 1).

Breaks happen after a run of spaces or after a hyphen inside a word
("Nord-|Ostsee-|Kanal"); a word with neither is hard-broken at the width.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from operator import itemgetter

from rich.cells import cell_len, split_graphemes

Line = tuple[int, int, str]
TEXT = "text"
FOLD = "fold"


def _complex_chars(text: str) -> re.Pattern[str] | None:
    """A pattern matching the chars of `text` that are not exactly one cell
    (wide, zero-width, controls), or None when there are none — the usual case,
    where every line is measured with `len` and wrapped with `str.rfind`.
    Checking the distinct chars once is far cheaper than measuring every char."""
    odd = [char for char in set(text) if char != "\n" and cell_len(char) != 1]
    if not odd:
        return None
    return re.compile("[" + "".join(re.escape(char) for char in odd) + "]")


def wrap(text: str, width: int, folded: Iterable[tuple[int, int]] = ()) -> list[Line]:
    """Visual lines for `text` at `width` cells, with each `folded` range as one line."""
    width = max(width, 1)
    complex_chars = _complex_chars(text)
    lines: list[Line] = []
    pos = 0
    for start, end in sorted(folded):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        _wrap_range(text, pos, start, width, complex_chars, lines)
        lines.append((start, end, FOLD))
        pos = end
    _wrap_range(text, pos, len(text), width, complex_chars, lines)
    if not text:
        lines.append((0, 0, TEXT))
    return lines


def line_of(lines: list[Line], pos: int) -> int:
    """Index of the line that shows `pos` (the first/last line when outside)."""
    return max(bisect_right(lines, pos, key=itemgetter(0)) - 1, 0)


def _wrap_range(
    text: str, start: int, end: int, width: int, complex_chars: re.Pattern[str] | None, out: list[Line]
) -> None:
    while start < end:
        newline = text.find("\n", start, end)
        line_end = end if newline < 0 else newline + 1
        visible_end = line_end
        while visible_end > start and text[visible_end - 1] in " \n":
            visible_end -= 1
        if complex_chars and complex_chars.search(text, start, visible_end):
            _wrap_graphemes(text, start, visible_end, line_end, width, out)
        else:
            _wrap_narrow(text, start, visible_end, line_end, width, out)
        start = line_end


def _wrap_narrow(text: str, pos: int, visible_end: int, line_end: int, width: int, out: list[Line]) -> None:
    """One logical line where every char is one cell wide."""
    while visible_end - pos > width:
        end = 0
        space = text.rfind(" ", pos + 1, pos + width + 1)
        if space > pos:
            end = space
        hyphen = text.rfind("-", pos + 1, pos + width)
        if hyphen > pos and text[hyphen - 1] != " " and hyphen + 1 > end:
            end = hyphen + 1
        elif space > pos:
            while text[end] == " ":  # the whole run of spaces hangs on this line
                end += 1
        if not end:
            end = pos + width  # no break opportunity: hard-break the word
        out.append((pos, end, TEXT))
        pos = end
    out.append((pos, line_end, TEXT))


def _wrap_graphemes(text: str, start: int, visible_end: int, line_end: int, width: int, out: list[Line]) -> None:
    """One logical line with wide or zero-width chars: greedy over graphemes."""
    spans, _ = split_graphemes(text[start:visible_end])
    line_start = start
    cells = 0  # cells from line_start, including trailing spaces
    brk = -1  # where the next line would start if we broke at the last opportunity
    cells_at_brk = 0
    for s, e, w in spans:
        s, e = s + start, e + start
        char = text[s] if e - s == 1 else ""  # a space carrying a combining mark is no space
        # Break at the last opportunity; if the grapheme still does not fit
        # after it (a wide char), hard-break before the grapheme as well.
        while char != " " and cells + w > width and s > line_start:
            if brk > line_start:
                out.append((line_start, brk, TEXT))
                line_start, cells = brk, cells - cells_at_brk
            else:
                out.append((line_start, s, TEXT))
                line_start, cells = s, 0
            brk = -1
        cells += w
        if char == " " or (char == "-" and s > line_start and text[s - 1] != " "):
            brk, cells_at_brk = e, cells
    out.append((line_start, line_end, TEXT))
