"""Rich styles for the article view.

Colours are the 16 ANSI names by default, so the terminal's own scheme decides
how they look and a 16-colour terminal shows them all. Every element also has
a non-colour cue, so with NO_COLOR (Textual strips colours but keeps text
attributes) or `Palette(no_color=True)` the elements stay distinguishable:

| element               | colour                          | cue without colour          |
|-----------------------|---------------------------------|-----------------------------|
| entity                | fg by type (PER, LOC, ORG, MISC)| bold                        |
| annotation, accepted  | bg by label, black fg           | underline                   |
| annotation, suggested | fg by label                     | italic + underline          |
| annotation, rejected  | —                               | dim + strike                |
| search match          | bright yellow bg                | reverse + italic            |
| entity focus          | bright cyan bg                  | reverse + underline         |
| aligned sentence      | blue bg                         | gutter "»"                  |
| item under review     | bright white bg                 | reverse + bold + underline  |
| selection             | —                               | reverse + bold              |
| cursor                | —                               | reverse (¹), focused column only |
| focused column        | accent border and header        | "▶" before its header       |
| headline / boilerplate / reader comments | —            | bold / dim / italic + gutter "┃" |
| editorial (the outlet's comment) | gutter in opinion's colour | bold italic + gutter "▎" |

(¹) on a char that is already reversed: un-reversed, bold and underlined.

The gutter (the first cell left of every line) names the annotation labels on
the line by their own letter (the label's key by default, `gutter` in the
config) — upper case accepted, lower case suggested — which also tells labels
apart without colour; "*" in the label's colour while a new tag on the line is
not stored yet, a reversed "!" when its write failed.

The gutter's second cell names the links of the line's annotations by the
sign of their kind (`=` same, `!` contradicts, `+` elaborates, `#` several;
dim and italic while only suggested).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style

from .sanitize import display_text

DEFAULT_LABEL_COLOURS: dict[str, str] = {
    "quote": "magenta",
    "claim": "yellow",
    "opinion": "cyan",
    "comment": "green",
}
DEFAULT_ENTITY_COLOURS: dict[str, str] = {
    "PER": "bright_blue",
    "LOC": "bright_green",
    "ORG": "bright_red",
    "MISC": "bright_magenta",
}
_UNKNOWN_COLOUR = "white"
_ZONE_CUES: dict[str, Style] = {
    "headline": Style(bold=True),
    "boilerplate": Style(dim=True),
    "link_list": Style(dim=True),
    "caption": Style(dim=True),
    "reader_comments": Style(italic=True),
    "editorial": Style(italic=True, bold=True),
}
_MARKS: dict[str, tuple[str, str, Style]] = {  # kind: (fg, bg, cue)
    "match": ("black", "bright_yellow", Style(reverse=True, italic=True)),
    "focus": ("black", "bright_cyan", Style(reverse=True, underline=True)),
    "aligned": ("bright_white", "blue", Style()),
    "review": ("black", "bright_white", Style(reverse=True, bold=True, underline=True)),
}
_CURSOR = Style(reverse=True)
_CURSOR_IN_REVERSE = Style(reverse=False, bold=True, underline=True)
FOCUS_MARKER = "▶"
"""Before the focused column's header: the column the keys act on, with or without colour."""
GUTTER_ALIGNED = "»"
GUTTER_COMMENTS = "┃"
GUTTER_EDITORIAL = "▎"
"""An outlet's own comment (the editorial zone): opinion, not report."""
GUTTER_SEVERAL = "+"
GUTTER_UNSAVED = "*"
"""A tag drawn before its commit returned (as editors mark an unsaved buffer)."""
GUTTER_FAILED = "!"
"""A tag whose commit failed: drawn until Enter stores it or Esc discards it."""
GUTTER_LINKS = "#"
"""The second gutter cell where the line's annotations have links of several kinds."""


class Palette:
    """All styles the view draws with, built once from label and entity colours."""

    def __init__(
        self,
        labels: Mapping[str, str] | None = None,
        entities: Mapping[str, str] | None = None,
        *,
        gutters: Mapping[str, str] | None = None,
        no_color: bool = False,
    ) -> None:
        self.no_color = no_color
        self.labels = dict(DEFAULT_LABEL_COLOURS if labels is None else labels)
        self.gutters = dict(gutters or {})
        self.entity_colours = dict(DEFAULT_ENTITY_COLOURS if entities is None else entities)
        self.selection = Style(reverse=True, bold=True)
        self.fold = self._style(fg="bright_black", dim=True, italic=True)
        self.comments_gutter = self._style(fg="bright_black", italic=True)
        self.editorial_gutter = self._style(fg=self.labels.get("opinion", "cyan"), bold=True)
        self._entity = {label: self._style(fg=colour, bold=True) for label, colour in self.entity_colours.items()}
        self._entity_unknown = self._style(fg=DEFAULT_ENTITY_COLOURS["MISC"], bold=True)
        self._marks = {kind: self._mark(fg, bg, cue) for kind, (fg, bg, cue) in _MARKS.items()}
        self._annotation: dict[tuple[str, str], Style] = {}

    def _style(self, *, fg: str | None = None, bg: str | None = None, **attributes: bool) -> Style:
        if self.no_color:
            return Style(**attributes)
        return Style(color=fg, bgcolor=bg, **attributes)

    def _mark(self, fg: str, bg: str, cue: Style) -> Style:
        # A reversed cue swaps the colours back, so the mark still shows fg on bg.
        if cue.reverse:
            fg, bg = bg, fg
        return self._style(fg=fg, bg=bg) + cue

    def gutter_letter(self, label: str, accepted: bool) -> str:
        """The label's own gutter letter; a label not configured here (from a
        colleague's database) shows its first character, made safe."""
        letter = self.gutters.get(label) or display_text(label[:1] or "?")
        return letter.upper() if accepted else letter.lower()

    def label_colour(self, label: str) -> str:
        return self.labels.get(label, _UNKNOWN_COLOUR)

    def entity(self, label: str) -> Style:
        return self._entity.get(label, self._entity_unknown)

    def annotation(self, label: str, status: str) -> Style:
        key = (label, status)
        style = self._annotation.get(key)
        if style is None:
            colour = self.label_colour(label)
            if status == "suggested":
                style = self._style(fg=colour, italic=True, underline=True)
            elif status == "rejected":
                style = Style(dim=True, strike=True)
            else:
                style = self._style(fg="black", bg=colour, underline=True)
            self._annotation[key] = style
        return style

    def zone(self, kind: str) -> Style | None:
        return _ZONE_CUES.get(kind)

    def mark(self, kind: str) -> Style:
        return self._marks.get(kind) or self._marks["match"]

    def gutter(self, label: str) -> Style:
        return self._style(fg=self.label_colour(label), bold=True)

    def failed_gutter(self) -> Style:
        return self._style(fg="bright_red", bold=True, reverse=True)

    def link_gutter(self, suggested: bool) -> Style:
        """A link's sign in the gutter: bold, or dim and italic while only suggested."""
        return Style(dim=True, italic=True) if suggested else self._style(fg="bright_white", bold=True)

    def aligned_gutter(self) -> Style:
        return self._style(fg=_MARKS["aligned"][1], bold=True)

    def cursor(self, under: Style) -> Style:
        """The cursor over a char drawn with `under`: reversed, or — where the
        char is already reversed (selection, match, focus) — un-reversed, bold
        and underlined, so it stays visible inside a selection."""
        return under + (_CURSOR_IN_REVERSE if under.reverse else _CURSOR)
