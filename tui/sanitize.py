"""Make article text safe to write to a terminal without changing any offset.

Every stored offset (entities, sentences, annotations) points into the article
text, so the display text must have exactly the same length: each dangerous
code point is replaced by ONE visible single-cell character, never removed.
"""

from __future__ import annotations

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


def display_text(text: str) -> str:
    """`text` with every control or invisible formatting character replaced by a
    visible single-cell character; same length, so offsets stay 1:1."""
    # Every character in the table is one that str.isprintable() rejects (Cc,
    # Cf, Cs, Zl, Zp), and almost every article is clean: one C-level scan
    # decides, and only text with something unprintable pays for translate.
    if text.replace("\n", "").isprintable():
        return text
    return text.translate(_TABLE)
