"""Matching the compiled cue patterns (`patterns.py`) against an article.

The rules' own Doc of an article (`RulesDocs.words`) holds, for each sentence that
may match a "tokens" cue, its words outside quotation marks between a BEGIN and an
END word; each sentence is matched once, by one Matcher for all the cues it may
match. Of a pattern's matches the first counts — the leftmost, then the one with the
shortest gap — and what it covers becomes a `Hit`.

A "dep" cue runs its DependencyMatcher once over a Doc of all the article's tokens
with their heads (`RulesDocs.parse`); `first_dependency` keeps, per sentence, the
first B whose nearest A lies within `cues.DEP_STEPS` heads in that sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from parallax.ingest import cues as C
from parallax.ingest.cues import Cue

from .patterns import TOKEN_CUES, Part, cue_matchers
from .sentences import Unit
from .tokens import INQ, KONJ1, KONJ2, SPEECH, Tokens


@dataclass(slots=True)
class Hit:
    """Where a cue matched: token indices (into `Tokens`) or -1."""
    cue: Cue
    first: int
    last: int
    verb: int = -1
    konj: int = -1
    text: str = ""
    word_first: int = -1
    """First and last token matched by a literal word of the pattern ("laut", "zufolge")."""
    word_last: int = -1


class RulesDocs:
    """The article as the patterns read it, as Docs made on first use."""

    def __init__(self, vocab, tokens: Tokens, units: list[Unit]):
        self.matchers = cue_matchers(vocab)
        self.tokens = tokens
        self.units = units
        self.wanted: dict[int, tuple[tuple[str, int, int], ...]] = {}
        """Unit index → the sides of "tokens" cues it may match (`sentence_cues.cues_and_sides`),
        set before the first match."""
        self._words = None
        self._matches: dict[int, dict[str, dict[tuple[int, int], list[tuple[int, int]]]]] = {}
        self._parse = None
        self._dependencies: dict[str, dict[int, set[int]]] = {}

    @property
    def words(self):
        """(Doc, {unit index: (start, end) in it}, `Tokens` index of each position or -1):
        per wanted unit BEGIN, its tokens outside quotation marks, END."""
        if self._words is None:
            import numpy
            from spacy.attrs import TAG
            from spacy.tokens import Doc

            tokens, matchers = self.tokens, self.matchers
            flags, orth, tag_id = tokens.flags, tokens.orth, matchers.tag_id
            begin, end = matchers.edges
            words: list[int] = []
            origin: list[int] = []
            bounds: dict[int, tuple[int, int]] = {}
            for k in self.wanted:
                unit = self.units[k]
                inside = [i for i in range(unit.t0, unit.t1) if not flags[i] & INQ]
                bounds[k] = (len(origin), len(origin) + len(inside) + 2)
                origin += [-1, *inside, -1]
                words += [begin, *(orth[i] for i in inside), end]
            doc = Doc(matchers.vocab, words=words)
            tags = [tag_id(flags[i] if i >= 0 else 0) for i in origin]
            doc.from_array([TAG], numpy.array(tags, dtype="uint64").reshape(-1, 1))
            self._words = (doc, bounds, origin)
        return self._words

    @property
    def parse(self):
        """A Doc of all the article's tokens with the pipeline's heads (trained pipelines)."""
        if self._parse is None:
            from spacy.tokens import Doc

            tokens, tag = self.tokens, self.matchers.tag
            deps = [d or ("dep" if h != i else "") for i, (h, d) in enumerate(zip(tokens.head, tokens.dep))]
            self._parse = Doc(self.matchers.vocab, words=tokens.text, heads=tokens.head, deps=deps,
                              tags=[tag(f) for f in tokens.flags])
        return self._parse

    def matches(self, k: int) -> dict[str, dict[tuple[int, int], list[tuple[int, int]]]]:
        """The "tokens" cues' matches in unit `k`: cue id → (alternative, side) → (start,
        end) in `words`, from one Matcher call for all the unit may match."""
        found = self._matches.get(k)
        if found is None:
            doc, bounds, _origin = self.words
            start, end = bounds[k]
            keys = self.matchers.keys
            found = self._matches[k] = {}
            for key, s, e in self.matchers.tokens(self.wanted[k])(doc[start:end], allow_missing=True):
                cue_id, a, p = keys[key]
                found.setdefault(cue_id, {}).setdefault((a, p), []).append((start + s, start + e))
        return found

    def dependencies(self, cue_id: str) -> dict[int, set[int]]:
        """A "dep" cue's matches in the article: each B token → the A tokens above it."""
        found = self._dependencies.get(cue_id)
        if found is None:
            found = self._dependencies[cue_id] = {}
            for _key, (head, dependent) in self.matchers.dependencies[cue_id](self.parse):
                found.setdefault(dependent, set()).add(head)
        return found


# -- matching a sentence -------------------------------------------------------------------


def match_tokens(docs: RulesDocs, cue: Cue, k: int) -> Hit | None:
    """The first alternative of `cue` that matches unit `k`: every positive side of "&"
    matches and no negated one; the hit spans the first side's match."""
    found = docs.matches(k).get(cue.id)
    if not found:
        return None
    _doc, bounds, origin = docs.words
    start = bounds[k][0]
    tokens = docs.tokens
    for a, parts in enumerate(TOKEN_CUES[cue.id]):
        hit = _alternative(cue, parts, [found.get((a, p), ()) for p in range(len(parts))],
                           origin, start + 1, tokens)
        if hit:
            return hit
    return None


def _alternative(cue: Cue, parts, matches, origin: list[int], initial: int, tokens: Tokens) -> Hit | None:
    hit: Hit | None = None
    flags = tokens.flags
    for part, candidates in zip(parts, matches):
        covered = first_match(part, candidates, origin, initial if cue.not_initial and not part.negated else -1,
                              cue.gap)
        if part.negated:
            if covered:
                return None
            continue
        if not covered:
            return None
        matched, words = covered
        if hit is None:
            hit = Hit(cue, matched[0], matched[-1], text=" ".join(tokens.text[i] for i in matched),
                      word_first=words[0] if words else -1, word_last=words[-1] if words else -1)
        for i in matched:
            if flags[i] & SPEECH and hit.verb < 0:
                hit.verb = i
            if flags[i] & (KONJ1 | KONJ2) and hit.konj < 0:
                hit.konj = i
    if hit is not None and hit.verb < 0 and cue.speaker == "verb":
        # a speech act written with a verb on no list ("sprechen vom", "würdigte … als"):
        # its pattern opens with the verb, whose subject speaks
        hit.verb = hit.first
    return hit


def first_match(part: Part, candidates, origin: list[int], initial: int = -1, gap: int = C.GAP):
    """Of a side's matches (doc positions), the leftmost, then the shortest, whose gap
    is at most `gap` words (`cues.GAP` unless the cue says), that covers a token of the sentence and does not
    start at position `initial`: (its tokens, those matched by a literal word)."""
    n = len(part.kinds)
    before = part.gap if part.gap >= 0 else n
    for s, e in sorted(candidates):
        if e - s - n > gap or s == initial:
            continue
        positions = [s + j for j in range(before)] + [e - n + j for j in range(before, n)]
        matched = [origin[p] for p in positions if origin[p] >= 0]
        if matched:
            words = [origin[p] for p, kind in zip(positions, part.kinds) if kind == "words" and origin[p] >= 0]
            return matched, words
    return None


def first_dependency(docs: RulesDocs, cue: Cue, unit: Unit) -> Hit | None:
    """The first token of `unit` that matches B of the cue's "A >> B", with the nearest
    A above it: at most `cues.DEP_STEPS` heads up without leaving the sentence."""
    heads_of = docs.dependencies(cue.id)
    tokens = docs.tokens
    for i in sorted(d for d in heads_of if unit.t0 <= d < unit.t1):
        heads, j = heads_of[i], i
        for _step in range(C.DEP_STEPS):
            parent = tokens.head[j]
            if parent == j or not unit.t0 <= parent < unit.t1:
                break
            j = parent
            if j in heads:
                return Hit(cue, min(i, j), max(i, j), verb=j, konj=i)
    return None
