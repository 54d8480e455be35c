"""The cue table's patterns (`ingest/cues.py`) compiled for spaCy's `Matcher` and
`DependencyMatcher`, once per vocabulary (`cue_matchers`).

A "tokens" cue's pattern becomes Matcher token patterns, one per side of "&":

    word, a|b      {"LOWER": "word"}, {"LOWER": {"IN": ["a", "b"]}}
    @speech, …     {"TAG": {"IN": <every word-class tag with the SPEECH flag>}}
    …              {"OP": "*"}, kept to at most `cues.GAP` words by `matching.first_match`
    ^  $  a|$      {"ORTH": BEGIN}, {"ORTH": END}, {"LOWER": {"IN": ["a", END]}}

to run over the rules' own Doc of an article's sentences (`matching.RulesDocs`),
whose tokens carry their word classes as `tag_` ("LOW+SPEECH"; see `tokens.CLASSES`).

A "dep" cue's pattern "A >> B" becomes a DependencyMatcher pattern: B a token
outside quotation marks, A a token above it in the parse.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import product
from typing import Any

from parallax.ingest.cues import CUES, Cue

from .tokens import CLASS_GROUPS, CLASS_NAMES, CLASSES, INQ

BEGIN, END = "\n", "\r\n"
"""The words around each sentence in the rules' Doc: whitespace, which is never a token there."""
_PUNCTUATION = frozenset({",", ".", ":", ";"})


@dataclass(frozen=True, slots=True)
class Part:
    """One side of "&" in a token pattern, as a Matcher pattern."""
    negated: bool
    patterns: tuple[list[dict[str, Any]], ...]
    """Matcher patterns: one, or one per word a pattern may start with (a native test,
    where "IN" would call Python at every token)."""
    kinds: tuple[str, ...]
    """Per item but the gap: "words", "class" or "edge" (^ $)."""
    gap: int
    """How many items precede the gap; -1: no gap."""
    needs_words: tuple[frozenset[str], ...]
    """Per literal word item (no punctuation, no "$"): the words one of which a sentence must have."""
    needs_flags: tuple[int, ...]
    """Per word class: the flags one of which a sentence must have."""


# -- compiling the table -------------------------------------------------------------------


def tag_of(flags: int) -> str:
    """The word-class tag of a token with these flags: "LOW+SPEECH", or "-" for none."""
    if any(len([bit for bit in group if flags & bit]) > 1 for group in CLASS_GROUPS):
        raise ValueError(f"flags {flags:#x} break tokens.CLASS_GROUPS")
    return "+".join(name for bit, name in CLASS_NAMES.items() if flags & bit) or "-"


@cache
def tags_with(mask: int, without: int = 0) -> tuple[str, ...]:
    """Every tag a token can have with one of the flags in `mask` and none in `without`."""
    choices = product(*((0, *group) for group in CLASS_GROUPS))
    return tuple(tag_of(sum(bits)) for bits in choices if sum(bits) & mask and not sum(bits) & without)


def _item(item: str) -> tuple[dict[str, Any], str]:
    if item == "^":
        return {"ORTH": BEGIN}, "edge"
    if item == "$":
        return {"ORTH": END}, "edge"
    if item.startswith("@"):
        if item not in CLASSES:
            raise ValueError(f"unknown word class {item!r} (known: {', '.join(CLASSES)})")
        return {"TAG": {"IN": list(tags_with(CLASSES[item]))}}, "class"
    choices = item.split("|")
    words = [w for w in choices if w != "$"] + ([END] if "$" in choices else [])
    return ({"LOWER": words[0]} if len(words) == 1 else {"LOWER": {"IN": words}}), "words"


@cache
def compile_pattern(pattern: str) -> tuple[Part, ...]:
    """One alternative of a "tokens" cue ("a … b|c & !@speech") as Matcher patterns."""
    parts = []
    for side in pattern.split("&"):
        side = side.strip()
        negated = side.startswith("!")
        items = side.lstrip("!").split()
        spec: list[dict[str, Any]] = []
        kinds: list[str] = []
        needs_words: list[frozenset[str]] = []
        needs_flags: list[int] = []
        gap = -1
        for n, item in enumerate(items):
            if item == "…":
                if gap >= 0 or not kinds or n == len(items) - 1:
                    raise ValueError(f"{pattern!r}: one gap at most, between two items")
                gap = len(kinds)
                spec.append({"OP": "*"})
                continue
            if (item == "^" and n) or (item == "$" and n < len(items) - 1):
                raise ValueError(f"{pattern!r}: ^ opens a pattern and $ closes it")
            token, kind = _item(item)
            spec.append(token)
            kinds.append(kind)
            if kind == "class":
                needs_flags.append(CLASSES[item])
            elif kind == "words" and "$" not in item.split("|"):
                words = frozenset(item.split("|"))
                if not words & _PUNCTUATION:
                    needs_words.append(words)
        if all(kind == "edge" for kind in kinds):
            raise ValueError(f"{pattern!r}: a word or word class is needed")
        first = spec[0].get("LOWER")
        starts = [[{"LOWER": word}, *spec[1:]] for word in first["IN"]] if isinstance(first, dict) else [spec]
        parts.append(Part(negated, tuple(starts), tuple(kinds), gap, tuple(needs_words), tuple(needs_flags)))
    return tuple(parts)


def compile_cue(cue: Cue) -> tuple[tuple[Part, ...], ...]:
    """A "tokens" cue's alternatives (split at "||", or a word list's lines)."""
    alternatives = tuple(compile_pattern(p) for p in cue.token_patterns())
    if cue.not_initial and any(part.kinds[0] == "edge" for parts in alternatives for part in parts):
        raise ValueError(f"cue {cue.id}: not_initial and ^ contradict each other")
    return alternatives


def compile_dependency(pattern: str) -> list[dict[str, Any]]:
    """A "dep" cue's "A >> B" as a DependencyMatcher pattern (B outside quotation marks)."""
    head, op, dependent = pattern.split()
    if op != ">>":
        raise ValueError(f"{pattern!r}: only 'A >> B' is known")
    (head_spec, _), (dep_spec, kind) = _item(head), _item(dependent)
    if kind == "class":
        dep_spec = {"TAG": {"IN": list(tags_with(CLASSES[dependent], INQ))}}
    else:
        dep_spec = {**dep_spec, "TAG": {"NOT_IN": list(tags_with(INQ))}}
    return [{"RIGHT_ID": "head", "RIGHT_ATTRS": head_spec},
            {"LEFT_ID": "head", "REL_OP": op, "RIGHT_ID": "dependent", "RIGHT_ATTRS": dep_spec}]


TOKEN_CUES: dict[str, tuple[tuple[Part, ...], ...]] = {c.id: compile_cue(c) for c in CUES if c.kind == "tokens"}


DEPENDENCY_CUES: dict[str, list[dict[str, Any]]] = {
    c.id: compile_dependency(c.pattern) for c in CUES if c.kind == "dep"}


class CueMatchers:
    """The table's patterns for one vocabulary: Matchers for the "tokens" cues (a key
    per cue, alternative and side of "&"), a DependencyMatcher per "dep" cue."""

    def __init__(self, vocab):
        from spacy.matcher import DependencyMatcher

        from spacy.schemas import validate_token_pattern

        # checked once here, so that each Matcher made per set of sides (`tokens`) need not
        for cue_id, alternatives in TOKEN_CUES.items():
            for parts in alternatives:
                for part in parts:
                    for pattern in part.patterns:
                        errors = validate_token_pattern(pattern)
                        if errors:
                            raise ValueError(f"cue {cue_id}: {pattern!r}: {'; '.join(errors)}")
        self.vocab = vocab
        self.keys: dict[int, tuple[str, int, int]] = {
            vocab.strings.add(f"{cue_id}/{a}/{p}"): (cue_id, a, p)
            for cue_id, alternatives in TOKEN_CUES.items()
            for a, parts in enumerate(alternatives) for p in range(len(parts))}
        """Match id → (cue id, alternative, side)."""
        self._matchers: dict[tuple[tuple[str, int, int], ...], Any] = {}
        self.dependencies: dict[str, Any] = {}
        for cue_id, pattern in DEPENDENCY_CUES.items():
            matcher = DependencyMatcher(vocab)
            matcher.add(cue_id, [pattern])
            self.dependencies[cue_id] = matcher
        self.edges = (vocab.strings.add(BEGIN), vocab.strings.add(END))
        self.tag = cache(tag_of)
        self.tag_id = cache(lambda flags: vocab.strings.add(tag_of(flags)))
        """The hash of a tag, its string in the vocabulary's StringStore."""

    def tokens(self, sides: tuple[tuple[str, int, int], ...]):
        """One Matcher for these sides (cue id, alternative, side of "&"): a sentence is
        matched once for all it may match, sharing the tests of words and classes."""
        matcher = self._matchers.get(sides)
        if matcher is None:
            from spacy.matcher import Matcher

            if len(self._matchers) > 1000:
                self._matchers.clear()
            matcher = self._matchers[sides] = Matcher(self.vocab, validate=False)
            for cue_id, a, p in sides:
                matcher.add(f"{cue_id}/{a}/{p}", list(TOKEN_CUES[cue_id][a][p].patterns))
        return matcher


_compiled: dict[int, CueMatchers] = {}


def cue_matchers(vocab) -> CueMatchers:
    """The compiled table for `vocab`, made once (a few kept, for tests that make many)."""
    found = _compiled.get(id(vocab))
    if found is None or found.vocab is not vocab:
        if len(_compiled) >= 4:
            _compiled.clear()
        found = _compiled[id(vocab)] = CueMatchers(vocab)
    return found
