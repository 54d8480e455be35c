"""The first rule of the zone table (`ingest.zone_rules`) that matches a unit of
text, found without trying every rule on every paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parallax.ingest.zone_rules import RULES, Rule

CASE_ODDITIES = re.compile("[ıſİ]")
"""Letters an ignore-case pattern matches as "i" or "s" although ``str.lower`` keeps
them ("ı", "ſ") or makes two characters of them ("İ"). In a unit holding one, a
rule's `needs` cannot be looked for in the lower-cased text: every pattern runs."""



@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules tried in table order, first match wins (`first_rule`), with two
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


def rule_set(rules: tuple[Rule, ...]) -> RuleSet:
    placed = list(enumerate(rules))
    for _, rule in placed:
        if rule.scope == "block" and not rule.needs:
            raise ValueError(f"a block rule names the words it needs: {rule.reason}")
    combined = [(at, rule) for at, rule in placed if not rule.needs]
    lines = []
    for limit in sorted({rule.max_len for _, rule in combined}):
        members = tuple((at, rule) for at, rule in combined if rule.max_len >= limit)
        lines.append((limit, _either([rule for _, rule in members]), members))
    return RuleSet(
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


LINE_RULES = rule_set(tuple(r for r in RULES if r.scope in ("line", "heading")))
UNIT_RULES = rule_set(tuple(r for r in RULES if r.scope != "prefix"))
PREFIX_RULES = tuple(r for r in RULES if r.scope == "prefix")


def first_rule(text: str, rules: RuleSet) -> Rule | None:
    """The first rule of the table that matches `text` (see `RuleSet`)."""
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
    if CASE_ODDITIES.search(text) is None:
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
