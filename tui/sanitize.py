"""The one path by which text from the database reaches the terminal.

Article text, and every field a colleague can fill through merge or
import — labels, annotator names, notes, speakers, cues, link kinds, story
names, outlets, filter text, error messages quoting any of these — is
hostile: it could clear the screen (CSI 2J), set the clipboard (OSC 52) or
retitle the terminal (OSC 2). `display_text` replaces every control and
invisible character by ONE visible single-cell character, so offsets into an
article stay 1:1; `safe` does it to any value; `safe_text` makes a Rich
`Text` of it, which is never parsed as markup (`[/]` stays `[/]`). The app's
`notify` sends every message through `safe` too.
"""

from __future__ import annotations

from rich.text import Text

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


def safe(value: object) -> str:
    """Any value as display text: a field from the database, a name, an error message."""
    return display_text("" if value is None else str(value))


def safe_text(value: object, style: str = "") -> Text:
    """`safe(value)` as Rich Text: shown as it is, never read as markup."""
    return Text(safe(value), style=style)
