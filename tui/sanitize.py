"""Make article text safe to write to a terminal without changing any offset.

Every stored offset (entities, sentences, annotations) points into the article
text, so the display text must have exactly the same length: each dangerous
code point is replaced by ONE visible single-cell character, never removed.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# Invisible characters that reorder or hide text (bidi embeddings, overrides
# and isolates, zero-width spaces/joiners, line/paragraph separators, BOM):
# an article could use them to make the screen show something else than the
# stored text, and they break the one-char-per-cell arithmetic of the wrapper.
_INVISIBLE = [
    *range(0x200B, 0x2010),  # zero-width space/non-joiner/joiner, LRM, RLM
    *range(0x2028, 0x202F),  # line/paragraph separator, bidi embeddings/overrides
    *range(0x2060, 0x2070),  # word joiner, invisible operators, bidi isolates
    0x061C,  # Arabic letter mark
    0xFEFF,  # zero-width no-break space / BOM
]


def _table() -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀…␟, incl. ␛ for ESC
    del table[ord("\n")]
    table[ord("\t")] = " "
    table[0x7F] = "\u2421"  # ␡
    table.update({code: REPLACEMENT for code in range(0x80, 0xA0)})  # C1, incl. CSI/OSC/ST
    table.update({code: REPLACEMENT for code in _INVISIBLE})
    # Lone surrogates (from surrogateescape decoding) cannot be encoded for the terminal.
    table.update({code: REPLACEMENT for code in range(0xD800, 0xE000)})
    return table


_TABLE = _table()


def _char_class(codes: list[int]) -> str:
    """A regex character class for sorted code points, compressed into ranges."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


_UNSAFE = re.compile(_char_class(sorted(_TABLE)))


def display_text(text: str) -> str:
    """`text` with every control or invisible formatting character replaced by a
    visible single-cell character; same length, so offsets stay 1:1."""
    # Almost every article is clean: a regex scan is far cheaper than translate.
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)
