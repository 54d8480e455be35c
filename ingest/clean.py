"""Clean a `RawDocument` into an `ArticleRecord`: the article's text, nothing lost,
and zones that say what each part of it is.

The stored text keeps every character of the article, boilerplate included. The
only changes are layout: line endings, trailing whitespace on lines, runs of blank
lines collapsed to one, text-only table frames unwrapped (`ingest.textonly`), and
an HTML page's reader comments appended after a blank line.

Zones come from the pattern table in `ingest.zone_rules` plus a few structural
rules kept here (position of headline and lead, a kicker line above the headline,
a teaser set off by the byline or caption under it, short lines inside the body,
sections opened by a heading). Every step is linear in the text's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parallax.ingest import textonly
from parallax.ingest.readers import RawDocument, normalise_newlines
from parallax.ingest.zone_rules import (
    AUTHOR_HEADING,
    BRAND_TLDS,
    BYLINE_NAME,
    COMMENT_POST,
    DATELINE_BRAND,
    EDITORIAL_BRAND,
    OUTLETS,
    RULES,
    SITE_NAME,
    Outlet,
    Rule,
    Section,
)
from parallax.store.records import ArticleRecord, Zone

HEADLINE_MAX = 200
KICKER_MAX = 80
KICKER_MAX_WORDS = 8
"""A kicker (Dachzeile) above the headline is a few words: "Havarie im Nord-Ostsee-Kanal"."""
LEAD_MAX = 400
LEAD_MAX_SENTENCES = 2
"""A teaser is short: one or two sentences."""
TEASER_MAX = 600
TEASER_MAX_SENTENCES = 3
"""A teaser set apart by the byline, caption or dateline under it may be a little longer."""
SUBHEADING_MAX = 150
SUBHEADING_MAX_WORDS = 20
ITEM_MAX = 150
"""A list item standing alone (link, tag, title, name) is at most this long."""
ITEM_LINE_MAX = 300
"""Lines of a block of items (teaser texts under their titles) are at most this long."""
LIST_LINE_MAX = 60
LIST_MIN_LINES = 3

_UNMERGED_KINDS = frozenset({"body", "subheading"})
"""Adjacent zones of any other kind merge into one (an editorial block, a box)."""
_CHROME_KINDS = frozenset({"boilerplate", "dateline", "byline", "link_list", "caption"})
_CLOSING_QUOTES = "\"'“”»«’)"
_HEADING_BAD_END = frozenset(".,;:!")
_SENTENCE_END = frozenset(".!?…")
_CASE_ODDITIES = re.compile("[ıſİ]")
"""Letters an ignore-case pattern matches as "i" or "s" although ``str.lower`` keeps
them ("ı", "ſ") or makes two characters of them ("İ"). In a unit holding one, a
rule's `needs` cannot be looked for in the lower-cased text: every pattern runs."""


@dataclass(frozen=True, slots=True)
class _RuleSet:
    """Rules tried in table order, first match wins (`_first_rule`), with two
    shortcuts that never change which rule wins. Most units are running text that
    no rule matches; trying each of ~50 patterns on each of them in turn was most
    of the time an import spent cleaning.

    - ``lines``: the ``line``/``heading`` rules without `Rule.needs` joined into
      one pattern, each rule a group of its own. A fullmatch tries the branches in
      order, so the group that matched is the first of these rules that
      fullmatches: one regex call instead of dozens. There is one such pattern per
      ``max_len``, holding the rules whose ``max_len`` admits the unit.
    - ``checked``: the rules with `Rule.needs` (every block rule) run one by one,
      in table order up to the rule ``lines`` found, and only on a unit that
      contains one of the words they need.
    """

    rules: tuple[Rule, ...]
    checked: tuple[tuple[int, Rule], ...]
    """The rules with `needs`, with their place in ``rules``."""
    lines: tuple[tuple[int, re.Pattern[str], tuple[tuple[int, Rule], ...]], ...]
    """(max_len, combined pattern, its rules with their place in ``rules``), shortest first."""
    max_len: int


def _rule_set(rules: tuple[Rule, ...]) -> _RuleSet:
    placed = list(enumerate(rules))
    for _, rule in placed:
        if rule.scope == "block" and not rule.needs:
            raise ValueError(f"a block rule names the words it needs: {rule.reason}")
    combined = [(at, rule) for at, rule in placed if not rule.needs]
    lines = []
    for limit in sorted({rule.max_len for _, rule in combined}):
        members = tuple((at, rule) for at, rule in combined if rule.max_len >= limit)
        lines.append((limit, _either([rule for _, rule in members]), members))
    return _RuleSet(
        rules=rules,
        checked=tuple((at, rule) for at, rule in placed if rule.needs),
        lines=tuple(lines),
        max_len=max((rule.max_len for rule in rules), default=-1),
    )


def _either(rules: list[Rule]) -> re.Pattern[str]:
    """One pattern matching what any of `rules` matches; group i+1 is rules[i]."""
    branches = []
    for rule in rules:
        # Each rule keeps its own case flag; no rule has other flags or groups of
        # its own, so the group that matched is the branch that matched.
        if rule.pattern.flags & ~(re.IGNORECASE | re.UNICODE) or rule.pattern.groups:
            raise ValueError(f"no flags but IGNORECASE, no groups: {rule.reason}")
        flag = "(?i:" if rule.pattern.flags & re.IGNORECASE else "(?:"
        branches.append(f"({flag}{rule.pattern.pattern}))")
    return re.compile("|".join(branches))


_LINE_RULES = _rule_set(tuple(r for r in RULES if r.scope in ("line", "heading")))
_UNIT_RULES = _rule_set(tuple(r for r in RULES if r.scope != "prefix"))
_PREFIX_RULES = tuple(r for r in RULES if r.scope == "prefix")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'“”»«’)]?\s")
_WORD = re.compile(r"[^\W\d_]{2}")
_GLUED_KICKER = re.compile(r"(?<=[a-zäöüß]{3})(?=[A-ZÄÖÜ][a-zäöüß]{2})")


@dataclass(frozen=True, slots=True)
class _Unit:
    """A paragraph, or a heading line split off the top of one."""

    start: int
    end: int
    text: str
    hint: str | None


def clean(doc: RawDocument) -> ArticleRecord:
    """The article's text and zones; metadata from the reader wins over what the
    text shows. Sentences and entities are left to the NLP step."""
    text, units = _layout(doc)
    zones = _merge(_Classifier(text, units, doc.title).run())
    outlet = _detect_outlet(text, zones)
    return ArticleRecord(
        text=text,
        source_path=doc.source,
        outlet=doc.outlet or (outlet.name if outlet else _site_outlet(text, zones)),
        title=doc.title or _title(text, zones, outlet),
        url=doc.url,
        published=doc.published,
        author=doc.author or _author(text, zones),
        zones=zones,
    )


# --- layout -------------------------------------------------------------------


def _layout(doc: RawDocument) -> tuple[str, list[_Unit]]:
    raw = normalise_newlines(doc.text)
    if textonly.is_textonly(raw):
        blocks = [(block.text, block.hint) for block in textonly.unwrap(raw)]
    else:
        blocks = [(paragraph, None) for paragraph in _paragraphs(raw)]
    if doc.comments:
        comments = _paragraphs(normalise_newlines(doc.comments))
        blocks += [(paragraph, "reader_comments") for paragraph in comments]
    units: list[_Unit] = []
    offset = 0
    for block, hint in blocks:
        units.extend(_units(block, offset, hint))
        offset += len(block) + 2
    return "\n\n".join(block for block, _ in blocks), units


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, trailing whitespace off every line."""
    paragraphs: list[str] = []
    current: list[str] = []
    for raw_line in text.split("\n"):
        line = raw_line.rstrip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _units(block: str, offset: int, hint: str | None) -> list[_Unit]:
    """Split a block into units: a first line that is a heading or a known
    one-line pattern ("Zum Inhalt springen", "Hinweise:") stands on its own."""
    units = []
    pos = 0
    while True:
        start = pos
        while start < len(block) and block[start].isspace():
            start += 1
        newline = block.find("\n", start)
        if hint is None and newline != -1:
            first = block[start:newline]
            if _first_rule(first, _LINE_RULES) is not None:
                units.append(_Unit(offset + start, offset + newline, first, None))
                pos = newline + 1
                continue
        units.append(_Unit(offset + start, offset + len(block), block[start:], hint))
        return units


def _first_rule(text: str, rules: _RuleSet) -> Rule | None:
    """The first rule of the table that matches `text` (see `_RuleSet`)."""
    size = len(text)
    if size > rules.max_len:
        return None
    # The first rule without needs that matches, in one call ...
    found: Rule | None = None
    found_at = len(rules.rules)
    for limit, either, members in rules.lines:
        if size <= limit:
            match = either.fullmatch(text)
            if match is not None:
                found_at, found = members[match.lastindex - 1]
            break
    # ... unless a rule with needs comes before it and matches.
    lowered = None
    if _CASE_ODDITIES.search(text) is None:
        lowered = text.lower()
    for at, rule in rules.checked:
        if at > found_at:
            break
        if size > rule.max_len:
            continue
        if lowered is not None:
            for word in rule.needs:
                if word in lowered:
                    break
            else:
                continue
        if rule.scope == "block":
            if rule.pattern.search(text):
                return rule
        elif rule.pattern.fullmatch(text):
            return rule
    return found


# --- classification -----------------------------------------------------------


class _Classifier:
    """Walks the units in order; position matters (headline before lead before
    body, sections run from their heading onwards)."""

    def __init__(self, text: str, units: list[_Unit], title: str | None) -> None:
        self.text = text
        self.units = units
        self.title = title.strip() if title else None
        self.rules = [_first_rule(unit.text, _UNIT_RULES) for unit in units]
        self.structural = _structural_kinds(units)
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

    def _classify(self, index: int, unit: _Unit) -> None:
        rule = self.rules[index]
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
        if kind is not None:
            if self.section == "editorial" and kind in ("boilerplate", "link_list"):
                self.section = None
            self._emit(unit.start, unit.end, kind)
            return
        if self.section == "editorial":
            self._emit(unit.start, unit.end, "editorial")
            return
        self._by_position(index, unit)

    def _open_section(self, index: int, unit: _Unit, rule: Rule) -> None:
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
        if len(text) > ITEM_MAX or _last_char(text) in _SENTENCE_END:
            return False
        # A short line directly above running text is a subheading, not an item.
        return not self._prose_at(index + 1)

    def _prose_at(self, index: int) -> bool:
        if index >= len(self.units) or self.rules[index] or self.structural[index]:
            return False
        text = self.units[index].text
        return len(text) > ITEM_MAX and _last_char(text) in _SENTENCE_END

    def _by_position(self, index: int, unit: _Unit) -> None:
        start, text = unit.start, unit.text
        after_dateline = False
        if not self.body_started:
            headline_next = unit.hint == "headline" or (
                not self.headline_seen and (self._headline_like(text) or _kicker_and_headline(text))
            )
            for rule in _PREFIX_RULES:
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

    def _kind_at(self, index: int, unit: _Unit, text: str, after_dateline: bool) -> str:
        if after_dateline:
            return "body"
        if unit.hint == "headline" or (unit.hint == "lead" and not self.body_started):
            return unit.hint
        if not _has_word(text):
            return "boilerplate"  # a separator or stray markup ("***", "[/]")
        if not self.headline_seen and not self.body_started:
            if self._headline_like(text) or _kicker_and_headline(text):
                return "headline"
            if _is_fragment(text):
                return "boilerplate"  # page chrome above the headline
            return "body"
        if self.lead_open and self.last_plain > index and (
            _lead_like(text) or (_teaser_like(text) and self._chrome_follows(index))
        ):
            return "lead"
        if unit.hint == "subheading" or (self.headline_seen and _subheading_like(text)):
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
            and _last_char(text) not in _HEADING_BAD_END
        )

    def _chrome_follows(self, index: int) -> bool:
        """A byline, caption or dateline follows: what sits between it and the
        headline is the teaser, however many sentences it has."""
        if index + 1 >= len(self.units):
            return False
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


def _structural_kinds(units: list[_Unit]) -> list[str | None]:
    """Kinds that follow from a unit's shape rather than its words."""
    kinds: list[str | None] = [None] * len(units)
    for index, unit in enumerate(units):
        lines = unit.text.split("\n")
        if len(lines) == 2 and _repeated_with_credit(lines[0], lines[1]):
            kinds[index] = "caption"
        elif (
            index + 1 < len(units)
            and len(lines) == 1
            and _repeated_with_credit(unit.text, units[index + 1].text)
        ):
            kinds[index] = kinds[index + 1] = "caption"
        elif (
            len(lines) >= LIST_MIN_LINES
            and all(len(line.strip()) <= LIST_LINE_MAX for line in lines)
            and not any(_last_char(line) in _SENTENCE_END for line in lines)
        ):
            kinds[index] = "link_list"
    return kinds


def _repeated_with_credit(first: str, second: str) -> bool:
    """A caption printed twice, the second time with the picture credit."""
    return (
        20 <= len(first) <= 400
        and "\n" not in second
        and len(second) <= len(first) + 80
        and second.startswith(first)
        and len(second) > len(first)
    )


def _lead_like(text: str) -> bool:
    return (
        len(text) <= LEAD_MAX
        and len(_SENTENCE_BREAK.findall(text.rstrip())) < LEAD_MAX_SENTENCES
    )


def _teaser_like(text: str) -> bool:
    return (
        len(text) <= TEASER_MAX
        and "\n" not in text
        and len(_SENTENCE_BREAK.findall(text.rstrip())) < TEASER_MAX_SENTENCES
    )


def _kicker_and_headline(text: str) -> bool:
    """Two lines: a short kicker, then the headline ("Havarie im Nord-Ostsee-Kanal" /
    "Frachter blockiert den Kanal – Kiel zählt die Verluste")."""
    lines = text.split("\n")
    if len(lines) != 2:
        return False
    kicker, headline = (line.strip() for line in lines)
    return (
        0 < len(kicker) <= KICKER_MAX
        and len(kicker.split()) <= KICKER_MAX_WORDS
        and _last_char(kicker) not in _HEADING_BAD_END - {":"}
        and len(headline) <= HEADLINE_MAX
        and len(headline.split()) >= 2
        and _last_char(headline) not in _HEADING_BAD_END
        and _has_word(kicker)
    )


def _has_word(text: str) -> bool:
    """At least two letters in a row: more than a separator or a bracket."""
    return _WORD.search(text) is not None


def _subheading_like(text: str) -> bool:
    return (
        len(text) <= SUBHEADING_MAX
        and "\n" not in text
        and len(text.split()) <= SUBHEADING_MAX_WORDS
        and _last_char(text) not in _HEADING_BAD_END
    )


def _is_fragment(text: str) -> bool:
    return len(text) <= HEADLINE_MAX and "\n" not in text and len(text.split()) < 2


def _last_char(text: str) -> str:
    stripped = text.rstrip().rstrip(_CLOSING_QUOTES)
    return stripped[-1:] if stripped else ""


def _merge(zones: list[Zone]) -> list[Zone]:
    merged: list[Zone] = []
    for zone in zones:
        last = merged[-1] if merged else None
        if last is not None and last.kind == zone.kind and zone.kind not in _UNMERGED_KINDS:
            merged[-1] = Zone(last.start, zone.end, zone.kind)
        else:
            merged.append(zone)
    return merged


# --- metadata -----------------------------------------------------------------


def _detect_outlet(text: str, zones: list[Zone]) -> Outlet | None:
    """The outlet the page names in its own chrome first, then anywhere outside
    the readers' comments (which may name other outlets)."""
    chrome = "\n".join(text[z.start : z.end] for z in zones if z.kind in _CHROME_KINDS)
    article = "\n".join(text[z.start : z.end] for z in zones if z.kind != "reader_comments")
    for haystack in (chrome, article):
        for outlet in OUTLETS:
            for pattern, word in zip(outlet.patterns, outlet.words):
                if (word is None or word in haystack) and pattern.search(haystack):
                    return outlet
    return None


def _site_outlet(text: str, zones: list[Zone]) -> str | None:
    """An outlet no table entry knows, named by the page itself: the site name
    opening the page ("nordwelle.de -- ", "OSD.news - …"), the dateline
    ("Kiel nordwelle |"), or the heading of its own comment ("OSD-Kommentar:")."""
    chrome = [text[z.start : z.end] for z in zones if z.kind in ("boilerplate", "dateline")]
    for block in chrome:
        if match := SITE_NAME.search(block):
            site, tld = match["site"], match["tld"]
            return f"{site}.{tld}" if tld.lower() in BRAND_TLDS else site
    for zone in zones:
        if zone.kind == "dateline":
            if match := DATELINE_BRAND.fullmatch(text[zone.start : zone.end]):
                return match["brand"]
    for zone in zones:
        if zone.kind == "editorial":
            if match := EDITORIAL_BRAND.match(text, zone.start, zone.end):
                return match["brand"]
    return None


def _title(text: str, zones: list[Zone], outlet: Outlet | None) -> str | None:
    headline = next((z for z in zones if z.kind == "headline"), None)
    if headline is None:
        return None
    lines = [" ".join(line.split()) for line in text[headline.start : headline.end].split("\n")]
    lines = [line for line in lines if line]
    if len(lines) == 2:
        # kicker and headline: "Havarie im Nord-Ostsee-Kanal: Frachter blockiert den Kanal"
        kicker, rest = lines
        return f"{kicker} {rest}" if kicker.endswith(":") else f"{kicker}: {rest}"
    title = " ".join(lines)
    if outlet is not None and outlet.glued_kicker:
        title = _split_glued_kicker(title)
    return title


def _split_glued_kicker(title: str) -> str:
    """"Marode BauwerkeMusterhausen sperrt die Brücke" → "Marode Bauwerke:
    Musterhausen sperrt die Brücke" (the page's kicker, glued on without a space)."""
    for match in _GLUED_KICKER.finditer(title):
        kicker, headline = title[: match.start()], title[match.start() :]
        if " " in kicker and " " in headline:
            return f"{kicker}: {headline}"
    return title


def _author(text: str, zones: list[Zone]) -> str | None:
    for zone in zones:
        if zone.kind != "byline":
            continue
        lines = [line.strip() for line in text[zone.start : zone.end].split("\n")]
        if AUTHOR_HEADING.fullmatch(lines[0]):
            names = [line for line in lines[1:] if line]
            if names:
                return ", ".join(names)
        match = BYLINE_NAME.match(lines[0])
        if match:
            return match["name"]
    return None
