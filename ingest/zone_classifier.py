"""Assigns each unit of an article its zone, walking the units in order: the
pattern table (`ingest.zone_rules`) first, then sections opened by a heading, then
position and shape (headline before lead before body)."""

from __future__ import annotations

from parallax.ingest.zone_matching import PREFIX_RULES, UNIT_RULES, first_rule
from parallax.ingest.zone_rules import COMMENT_POST, Rule, Section
from parallax.ingest.zone_shapes import (
    HEADING_BAD_END,
    HEADLINE_MAX,
    ITEM_LINE_MAX,
    ITEM_MAX,
    SENTENCE_END,
    Unit,
    has_word,
    is_fragment,
    kicker_and_headline,
    last_char,
    lead_like,
    structural_kinds,
    subheading_like,
    teaser_like,
)
from parallax.store.records import Zone

_MARKED_KINDS = frozenset({"caption", "byline", "boilerplate"})
"""Kinds an HTML page's markup gives a paragraph (`RawDocument.marked`)."""
_MARKED_CHROME = frozenset({"caption", "byline"})
"""Of those, the ones that set the teaser above them apart as the lead."""


class Classifier:
    """Walks the units in order; position matters (headline before lead before
    body, sections run from their heading onwards)."""

    def __init__(self, text: str, units: list[Unit], title: str | None) -> None:
        self.text = text
        self.units = units
        self.title = title.strip() if title else None
        self.rules = [first_rule(unit.text, UNIT_RULES) for unit in units]
        self.structural = structural_kinds(units)
        self.last_plain = max(
            (i for i, kind in enumerate(self.structural) if kind is None and not self.rules[i]),
            default=-1,
        )
        """The last unit no rule claims: body text still follows any unit before it."""
        self.zones: list[Zone] = []
        self.headline_seen = False
        self.lead_open = False
        self.article_started = False
        """A lead or body paragraph has been seen: reader comments may follow."""
        self.body_started = False
        self.section: Section | None = None
        self.section_kind = ""

    def run(self) -> list[Zone]:
        for index, unit in enumerate(self.units):
            self._classify(index, unit)
        return self.zones

    def _classify(self, index: int, unit: Unit) -> None:
        rule = self.rules[index]
        if unit.hint in _MARKED_KINDS:
            self._emit(unit.start, unit.end, unit.hint)  # the page's markup says what it is
            return
        if unit.hint == "reader_comments" or self.section == "comments":
            self._emit(unit.start, unit.end, "reader_comments")
            return
        if rule is not None and rule.section is not None:
            self._open_section(index, unit, rule)
            return
        if self.section == "appendix":
            self._emit(unit.start, unit.end, "boilerplate")
            return
        if self.section == "items":
            if self._item_like(index, self.section_kind):
                self._emit(unit.start, unit.end, self.section_kind)
                return
            self.section = None
        kind = rule.kind if rule is not None else self.structural[index]
        if rule is None and kind == "link_list" and (self._introduced(index) or self._holds_title(unit)):
            kind = None  # the article's own list (ingredients, steps) or its title block
        if kind is not None:
            if self.section == "editorial" and kind in ("boilerplate", "link_list"):
                self.section = None
            self._emit(unit.start, unit.end, kind)
            return
        if self.section == "editorial":
            self._emit(unit.start, unit.end, "editorial")
            return
        self._by_position(index, unit)

    def _introduced(self, index: int) -> bool:
        """Right after article text that ends with a colon ("Aber erst mal von
        vorne:", "Empfehlungen der Redaktion:")."""
        if index == 0 or self.rules[index - 1] is not None or self.structural[index - 1]:
            return False
        return last_char(self.units[index - 1].text) == ":"

    def _holds_title(self, unit: Unit) -> bool:
        """One of the short lines is the page's title: the headline block."""
        return self.title is not None and self.title in (line.strip() for line in unit.text.split("\n"))

    def _open_section(self, index: int, unit: Unit, rule: Rule) -> None:
        self.section = None
        opens = False
        if rule.section == "comments":
            opens = self.article_started and self._comments_follow(index)
        elif rule.section in ("editorial", "appendix"):
            # Before the body these words are page chrome (a "Meinung" kicker,
            # an "Info" menu entry), not the start of a section.
            opens = self.body_started
        elif rule.section == "items":
            opens = index + 1 < len(self.units) and self._item_like(index + 1, rule.kind)
        if opens:
            self.section = rule.section
            self.section_kind = rule.kind
        self._emit(unit.start, unit.end, rule.kind if opens else "boilerplate")

    def _comments_follow(self, index: int) -> bool:
        """A comment heading opens the readers' forum only when posts follow: a
        count ("4 Kommentare") or a post-like next paragraph."""
        if index + 1 >= len(self.units):
            return False
        heading = self.units[index].text
        if heading[:1].isdigit() and not heading.startswith("0"):
            return True
        return COMMENT_POST.match(self.units[index + 1].text) is not None

    def _item_like(self, index: int, kind: str) -> bool:
        """A list item: a short line (link, tag, title, name) or a block of such
        lines. Another heading, a box or running text ends the list."""
        rule = self.rules[index]
        if rule is not None and (rule.section is not None or rule.kind != kind):
            return False
        text = self.units[index].text
        if "\n" in text:
            return all(len(line) <= ITEM_LINE_MAX for line in text.split("\n"))
        if len(text) > ITEM_MAX or last_char(text) in SENTENCE_END:
            return False
        # A short line directly above running text is a subheading, not an item.
        return not self._prose_at(index + 1)

    def _prose_at(self, index: int) -> bool:
        if index >= len(self.units) or self.rules[index] or self.structural[index]:
            return False
        text = self.units[index].text
        return len(text) > ITEM_MAX and last_char(text) in SENTENCE_END

    def _by_position(self, index: int, unit: Unit) -> None:
        start, text = unit.start, unit.text
        after_dateline = False
        if not self.body_started:
            headline_next = unit.hint == "headline" or (
                not self.headline_seen and (self._headline_like(text) or kicker_and_headline(text))
            )
            for rule in PREFIX_RULES:
                # A site name prefixes the headline; a dateline prefixes the body,
                # never a headline ("Krieg. Und dann?").
                if rule.kind == "dateline" and headline_next:
                    continue
                if rule.kind != "dateline" and self.headline_seen:
                    continue
                match = rule.pattern.match(text)
                if match is None:
                    continue
                self._emit(start, start + match.end(), rule.kind)
                rest = text[match.end():]
                start += match.end() + len(rest) - len(rest.lstrip())
                text = rest.lstrip()
                after_dateline = rule.kind == "dateline"
                break
            if not text:
                return
        self._emit(start, unit.end, self._kind_at(index, unit, text, after_dateline))

    def _kind_at(self, index: int, unit: Unit, text: str, after_dateline: bool) -> str:
        if after_dateline:
            return "body"
        if unit.hint == "headline" or (unit.hint == "lead" and not self.body_started):
            return unit.hint
        if not has_word(text):
            return "boilerplate"  # a separator or stray markup ("***", "[/]")
        if not self.headline_seen and not self.body_started:
            if self._headline_like(text) or kicker_and_headline(text):
                return "headline"
            if is_fragment(text):
                return "boilerplate"  # page chrome above the headline
            return "body"
        if self.lead_open and self.last_plain > index and (
            lead_like(text) or (teaser_like(text) and self._chrome_follows(index))
        ):
            return "lead"
        if unit.hint == "subheading" or (self.headline_seen and subheading_like(text)):
            # A heading directly above a box (a donation appeal) belongs to the box.
            if self._box_follows(index):
                return "boilerplate"
            return "subheading"
        return "body"

    def _headline_like(self, text: str) -> bool:
        if self.title and text == self.title:
            return True
        return (
            len(text) <= HEADLINE_MAX
            and "\n" not in text
            and len(text.split()) >= 2
            and last_char(text) not in HEADING_BAD_END
        )

    def _chrome_follows(self, index: int) -> bool:
        """A byline, caption or dateline follows: what sits between it and the
        headline is the teaser, however many sentences it has."""
        if index + 1 >= len(self.units):
            return False
        if self.units[index + 1].hint in _MARKED_CHROME:
            return True
        rule = self.rules[index + 1]
        if rule is not None:
            return rule.section is None and rule.kind in ("byline", "caption", "dateline")
        return self.structural[index + 1] == "caption"

    def _box_follows(self, index: int) -> bool:
        if index + 1 >= len(self.units):
            return True
        rule = self.rules[index + 1]
        return rule is not None and rule.kind == "boilerplate" and rule.section is None

    def _emit(self, start: int, end: int, kind: str) -> None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start == end:
            return
        self.zones.append(Zone(start, end, kind))
        if kind == "headline":
            self.headline_seen = True
            self.lead_open = True
        elif kind in ("lead", "body", "subheading", "editorial"):
            self.lead_open = False
            self.article_started = True
            if kind != "lead":
                self.body_started = True
