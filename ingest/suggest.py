"""Suggestions: candidate quotes, claims, opinions and comments for an article,
found by the German cues in `ingest.cues` and stored with status `suggested`.

The rules read an article as it is stored (text, zones, sentences, entities) plus
the tokens of one spaCy pipeline. The built-in offline recognizer and a blank
German pipeline give only tokens: Konjunktiv and speech verbs then come from the
word lists in `ingest/data/`. A trained pipeline with a morphologizer and a parser
gives `Mood=Sub` and the dependency tree, which take over from the lists (see the
"dep" cue and `_Tokens`).

    suggest(article, pipeline)          -> [Suggestion(start, end, label, attrs)]
    suggest_story(db, story, pipeline)  -> SuggestSummary   (idempotent, one transaction per article)

Spans: a direct quote is the quotation with its marks; everything else is a
sentence (the stored sentence, clipped to its zone, with a stray opening mark or
bracket at its end given to the next sentence, and list bullets or a reply's
"@name:" in front dropped). Two suggestions of one label never overlap: where
reported speech contains a direct quotation, the quotation is suggested.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from pathlib import Path
from typing import Any

from parallax.ingest import cues as C
from parallax.ingest.cues import CUES, Cue
from parallax.store.spans import strip_span

ANNOTATOR = f"suggest:{C.RULES_NAME}-{C.RULES_VERSION}"

# Token flags.
SPEECH, KONJ1, KONJ2, EVAL, CAP, LOW, NUM, INQ, PART, NUMWORD, DATEWORD = (1 << i for i in range(11))
"""PART: a finite form that is a speech verb only with its particle ("teilte … mit")."""
_FLAG_NAMES = {"@speech": SPEECH, "@konj1": KONJ1, "@konj2": KONJ2, "@eval": EVAL,
               "@cap": CAP, "@low": LOW, "@num": NUM}
_SUBJECT_DEPS = frozenset({"sb", "sbp", "nsubj", "nsubj:pass", "csubj"})
_NOT_LOW = C.DETERMINERS | frozenset(
    "ich du er sie es wir ihr man sich mich dich uns euch ihm ihn ihnen".split())
_ANALYSERS = ("morphologizer", "tagger", "parser", "lemmatizer", "trainable_lemmatizer")
_HELPERS = ("tok2vec", "transformer", "attribute_ruler", "senter")
_OPENERS_AT_END = "„»«\"“([‚"
_QUOTE_CHARS = re.compile('[„“”»«"]')
_CLOSERS = {"„": "“”", "»": "«", "«": "»", "“": "”", '"': '"'}
_SPACE = re.compile(r"\s+")
_SKIP_KINDS = ("gap", "start", "end")
_W_WORDS = frozenset("was wer wie warum wieso weshalb wo wohin woher wann welche welcher welches".split())


@dataclass(frozen=True, slots=True)
class Suggestion:
    start: int
    end: int
    label: str
    attrs: dict[str, Any]


@dataclass
class SuggestSummary:
    story: str
    annotator: str
    pipeline: str
    articles: int = 0
    added: int = 0
    present: int = 0
    labels: Counter = field(default_factory=Counter)
    """Suggestions found, per label (added or already there)."""
    forms: Counter = field(default_factory=Counter)
    """Quotes found, per form."""
    added_labels: Counter = field(default_factory=Counter)


# -- the pipeline ---------------------------------------------------------------------


def load_suggest_pipeline(model: str | None = None, *, progress: Callable[[str], None] | None = None):
    """The pipeline whose tokens the rules read. Unlike `ingest.nlp.load_pipeline`
    (which drops what entity recognition does not need), a trained pipeline keeps
    its morphologizer, lemmatizer and parser here. None: the best installed German
    pipeline, else the offline recognizer; `ingest.nlp.OFFLINE` forces the latter."""
    import importlib.util

    import spacy

    from parallax.ingest.nlp import GERMAN_PIPELINES, OFFLINE, Pipeline, PipelineError, load_pipeline

    errors = (OSError, ImportError, AttributeError, ValueError, KeyError)
    if model is None:
        for name in GERMAN_PIPELINES:
            if importlib.util.find_spec(name) is None:
                continue
            try:
                nlp = spacy.load(name)
            except errors as error:
                if progress:
                    progress(f"skipping {name}: {str(error).strip().splitlines()[0] if str(error).strip() else error!r}")
                continue
            return Pipeline(nlp, _pipeline_name(nlp))
        return load_pipeline(OFFLINE, progress=progress)
    if model == OFFLINE:
        return load_pipeline(OFFLINE, progress=progress)
    path = Path(model)
    try:
        nlp = spacy.load(path if path.exists() else model)
    except errors as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise PipelineError(f"cannot load spaCy pipeline {model!r}: {first}") from error
    name = _pipeline_name(nlp)
    if path.exists() and not name.startswith(path.name):
        name = f"{path.name} ({name})"
    return Pipeline(nlp, name)


def _pipeline_name(nlp) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')} {meta.get('version', '0.0.0')}"


def _nlp_of(nlp_or_pipeline):
    return getattr(nlp_or_pipeline, "nlp", nlp_or_pipeline)


def analyses(nlp) -> tuple[str, ...]:
    """The components worth running for the rules: those that give morphology,
    lemmas or a parse (and what they listen to). Empty: the tokenizer is enough."""
    names = [n for n in nlp.pipe_names if n not in nlp.disabled]
    if not any(n in _ANALYSERS for n in names):
        return ()
    return tuple(n for n in names if n in _ANALYSERS or n in _HELPERS)


def prepare(article, nlp_or_pipeline) -> list[tuple[int, Any]]:
    """(offset, Doc) for every stretch of the article the rules look at: the zones
    that are not skipped, cut below spaCy's max_length."""
    from parallax.ingest.nlp import CHUNK_CHARS, text_chunks

    nlp = _nlp_of(nlp_or_pipeline)
    limit = min(CHUNK_CHARS, nlp.max_length // 2)
    pieces: list[tuple[int, str]] = []
    for start, end, _kind in _eligible_zones(article):
        for a, b in text_chunks(article.text[start:end], limit):
            pieces.append((start + a, article.text[start + a:start + b]))
    wanted = analyses(nlp)
    if not wanted:
        return [(offset, nlp.make_doc(text)) for offset, text in pieces]
    with nlp.select_pipes(enable=list(wanted)):
        docs = nlp.pipe(text for _, text in pieces)
        return [(offset, doc) for (offset, _), doc in zip(pieces, docs)]


# -- entry points ---------------------------------------------------------------------


def suggest(article, nlp_or_pipeline) -> list[Suggestion]:
    """All suggestions for one article (`store.queries.ArticleData`), in text order."""
    return suggest_docs(article, prepare(article, nlp_or_pipeline))


def suggest_docs(article, docs: Iterable[tuple[int, Any]]) -> list[Suggestion]:
    """The rules over docs made already: (offset of the doc's text in the article, Doc)."""
    return _Article(article, list(docs)).run()


# -- one article ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    zone: str
    zone_index: int
    t0: int = 0
    t1: int = 0
    view: tuple | None = None
    """(lower-case words, flags ORed), made on first use."""
    outside: list[int] | None = None
    """Indices of its tokens outside quotation marks, made on first use."""


@dataclass(slots=True)
class _Quotation:
    start: int
    end: int
    open: str
    close: str
    zone_index: int


@dataclass(slots=True)
class _Speaker:
    text: str
    start: int
    end: int
    via: str

    def attrs(self) -> dict[str, Any]:
        return {"speaker": self.text, "speaker_span": [self.start, self.end], "speaker_via": self.via}


@dataclass(slots=True)
class _Hit:
    cue: Cue
    first: int
    """Token index where the match starts, or -1."""
    last: int
    verb: int = -1
    konj: int = -1
    text: str = ""
    word_first: int = -1
    """First and last token matched by a literal word of the pattern ("laut", "zufolge")."""
    word_last: int = -1


class _Tokens:
    """The article's tokens in the zones the rules read, with article offsets and flags.

    Flags that depend on the word alone come from a per-word cache (`_word_flags`);
    where a doc has morphology, Mood=Sub replaces the Konjunktiv lists, and its
    lemmas extend the speech verbs."""

    __slots__ = ("start", "end", "text", "lower", "flags", "verbs", "head", "dep", "has_morph", "has_dep")

    def __init__(self, docs: list[tuple[int, Any]], text: str):
        self.start: list[int] = []
        self.end: list[int] = []
        self.text: list[str] = []
        self.lower: list[str] = []
        self.flags: list[int] = []
        self.verbs: dict[int, str] = {}
        """Speech verbs written as more than their token: "teilte…mit", "hieß es"."""
        self.head: list[int] = []
        self.dep: list[str] = []
        self.has_morph = self.has_dep = False
        for offset, doc in docs:
            morph, dep = doc.has_annotation("MORPH"), doc.has_annotation("DEP")
            self.has_morph |= morph
            self.has_dep |= dep
            if morph or dep or doc.has_annotation("LEMMA"):
                self._analysed(offset, doc)
            else:
                self._plain(offset, doc, text)
        self.end = [s + len(t) for s, t in zip(self.start, self.text)]

    def verb_of(self, i: int) -> str:
        return self.verbs.get(i) or self.text[i]

    def _plain(self, offset: int, doc, whole: str) -> None:
        """Tokens only (a blank pipeline or the offline recognizer): word lists decide."""
        starts, texts, lowers, flag_list = self.start, self.text, self.lower, self.flags
        words, info_of = _WORDS, _word_flags
        previous = ""
        for idx, length in doc.to_array(["IDX", "LENGTH"]).tolist():
            start = offset + idx
            text = whole[start:start + length]
            info = words.get(text)
            if info is None:
                if text.isspace():
                    continue
                info = info_of(text)
            lower, flags = info
            if flags & KONJ1 and previous == "ich" and lower in ("habe", "werde"):
                flags &= ~KONJ1  # first person indicative
            starts.append(start)
            texts.append(text)
            lowers.append(lower)
            flag_list.append(flags)
            previous = lower
        self.head.extend(range(len(self.head), len(self.text)))
        self.dep.extend([""] * (len(self.text) - len(self.dep)))

    def _analysed(self, offset: int, doc) -> None:
        """A trained pipeline's doc: Mood=Sub and lemmas where it has them, its parse."""
        morph, lemma, dep = doc.has_annotation("MORPH"), doc.has_annotation("LEMMA"), doc.has_annotation("DEP")
        lemmas = C.speech_verbs().lemmas
        index: dict[int, int] = {}
        for token in doc:
            if token.is_space:
                continue
            index[token.i] = len(self.text)
            text = token.text
            lower, flags = _WORDS.get(text) or _word_flags(text)
            if morph:
                flags &= ~(KONJ1 | KONJ2)
                if "Sub" in token.morph.get("Mood"):
                    flags |= KONJ2 if "Past" in token.morph.get("Tense") else KONJ1
            elif flags & KONJ1 and lower in ("habe", "werde") and self.lower and self.lower[-1] == "ich":
                flags &= ~KONJ1
            if not flags & SPEECH and lemma and token.lemma_ in lemmas and token.pos_ in ("VERB", "AUX", ""):
                flags |= SPEECH
            self.start.append(offset + token.idx)
            self.text.append(text)
            self.lower.append(lower)
            self.flags.append(flags)
        for token in doc:
            if token.i in index:
                self.head.append(index.get(token.head.i, index[token.i]) if dep else index[token.i])
                self.dep.append(token.dep_ if dep else "")


_WORDS: dict[str, tuple[str, int]] = {}
"""Word → (lower case, flags that depend on the word alone); bounded by `_word_flags`."""


def _word_flags(text: str) -> tuple[str, int]:
    lower = text.lower()
    # "[1][Lotsen": a link reference glued to a word by the text-only page
    first = text[text.rfind("]") + 1] if "]" in text[:-1] else text[0]
    flags = 0
    if first.isupper():
        flags |= CAP
    elif first.islower():
        if lower not in _NOT_LOW:
            flags |= LOW
        if lower in C.konjunktiv_i():
            flags |= KONJ1
        elif lower in C.konjunktiv_ii():
            flags |= KONJ2
        # verbs are written in lower case: "Berichte" is a noun, "berichte" a verb
        verbs = C.speech_verbs()
        if lower in verbs.forms:
            flags |= SPEECH
        if lower in verbs.particles or lower in verbs.adjacent:
            flags |= PART
    elif first.isdigit():
        flags |= NUM
    if lower in C.evaluative():
        flags |= EVAL
    if lower in C.FIGURE_WORDS:
        flags |= NUMWORD
    if lower.startswith(C.DATE_PREFIXES):
        flags |= DATEWORD
    if len(_WORDS) > 200_000:
        _WORDS.clear()
    if not text.isspace():
        _WORDS[text] = (lower, flags)
    return lower, flags


class _Article:
    def __init__(self, article, docs: list[tuple[int, Any]]):
        self.article = article
        self.text: str = article.text
        self.tokens = _Tokens(docs, article.text)
        self.units = _units(article)
        self.unit_starts = [u.start for u in self.units]
        self.quotations = _quotations(article)
        self.entities = sorted(
            (e for e in article.entities if e[2] in C.SPEAKER_LABELS), key=lambda e: (e[0], e[1]))
        self.entity_starts = [e[0] for e in self.entities]
        self.quote_spans = [(q.start, q.end) for q in self.quotations]
        self.quote_starts = [q.start for q in self.quotations]
        self._mark_quotes()
        self._place_units()
        self._particle_verbs()

    # -- set-up --------------------------------------------------------------------------

    def _mark_quotes(self) -> None:
        tokens = self.tokens
        for q in self.quotations:
            i = bisect.bisect_left(tokens.start, q.start)
            while i < len(tokens.start) and tokens.start[i] < q.end:
                tokens.flags[i] |= INQ
                i += 1

    def _place_units(self) -> None:
        starts = self.tokens.start
        for unit in self.units:
            unit.t0 = bisect.bisect_left(starts, unit.start)
            unit.t1 = bisect.bisect_left(starts, unit.end)

    def _particle_verbs(self) -> None:
        """'teilte … mit', 'kündigte Holm an', 'hieß es': a speech verb only with its particle."""
        verbs = C.speech_verbs()
        tokens = self.tokens
        lower, flags = tokens.lower, tokens.flags
        candidates = [i for i, f in enumerate(flags) if f & PART]
        if not candidates:
            return
        unit_t0 = [u.t0 for u in self.units]
        for i in candidates:
            k = bisect.bisect_right(unit_t0, i) - 1
            if k < 0 or i >= self.units[k].t1:
                continue
            unit = self.units[k]
            word = lower[i]
            following = verbs.adjacent.get(word)
            if following and i + 1 < unit.t1 and lower[i + 1] in following:
                flags[i] |= SPEECH
                tokens.verbs[i] = f"{tokens.text[i]} {tokens.text[i + 1]}"
                continue
            particles = verbs.particles.get(word)
            if not particles or flags[i] & SPEECH:
                continue
            for j in range(i + 1, unit.t1):
                if flags[j] & INQ:
                    continue
                # the particle closes the clause: "teilte … mit." / "kündigte Holm an,"
                if lower[j] in particles and (j + 1 >= unit.t1 or not tokens.text[j + 1][0].isalnum()):
                    flags[i] |= SPEECH
                    tokens.verbs[i] = f"{tokens.text[i]}…{tokens.text[j]}"
                    break

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> list[Suggestion]:
        found: list[Suggestion] = []
        by_unit: dict[int, list[_Quotation]] = {}
        for q in self.quotations:
            k = bisect.bisect_right(self.unit_starts, q.start) - 1
            if k >= 0 and self.units[k].start <= q.start < self.units[k].end:
                by_unit.setdefault(k, []).append(q)
        context: tuple[int, _Speaker | None, int] | None = None
        """(unit index, speaker, speech verb token) of the last sentence that quoted or
        reported someone; with a verb and no speaker yet, the speaker is found when needed."""
        for k, unit in enumerate(self.units):
            after_quote = bool(context and context[0] == k - 1 and self.units[k - 1].zone_index == unit.zone_index)
            inherited = None
            if after_quote and context:
                inherited = context[1]
                if inherited is None and context[2] >= 0:
                    inherited = self._verb_speaker(self.units[k - 1], context[2])
            if unit.zone in C.COMMENT_ZONES:
                suggestion = self._comment(unit)
                if suggestion:
                    found.append(suggestion)
                context = None
                continue
            quoted = False
            speaker: _Speaker | None = None
            last_unit = k
            for q in by_unit.get(k, ()):
                suggestion, q_speaker, end_unit = self._direct(q, k, after_quote, inherited)
                if suggestion:
                    found.append(suggestion)
                    quoted = True
                    speaker = q_speaker or speaker
                    last_unit = max(last_unit, end_unit)
            labels_done: set[str] = set()
            question = self._question(unit)
            words, mask = self._view(unit)
            candidates = set(_ALWAYS)
            for word in words & _TRIGGER_WORDS.keys():
                candidates.update(_TRIGGER_WORDS[word])
            for bit, indices in _TRIGGER_FLAGS:
                if mask & bit:
                    candidates.update(indices)
            for j in sorted(candidates):
                cue, quick = _SENTENCE_CUES[j]
                if cue.label in labels_done or (cue.label == C.QUOTE and quoted):
                    continue
                if question and not cue.in_questions:
                    continue
                if cue.after_quote and not after_quote:
                    continue
                if quick:
                    for needs, wanted in quick:
                        if wanted & mask == wanted:
                            for group in needs:
                                if words.isdisjoint(group):
                                    break
                            else:
                                break  # this alternative may match
                    else:
                        continue  # no alternative can match: skip the matcher
                hit = self._match(cue, unit)
                if hit is None:
                    continue
                labels_done.add(cue.label)
                attrs = {"cue": self._render(cue, hit), "rule": cue.id}
                if cue.label == C.QUOTE:
                    attrs["form"] = cue.form
                    who = self._speaker(cue.speaker, hit, unit, inherited)
                    if who:
                        attrs.update(who.attrs())
                    speaker = who
                    quoted = True
                found.append(Suggestion(unit.start, unit.end, cue.label, attrs))
            if quoted:
                context = (last_unit, speaker, -1)
            elif mask & SPEECH and self._has_flag(unit, SPEECH):
                context = (k, None, self._first_flag(unit, SPEECH))
        return _resolve(found)

    def _question(self, unit: _Unit) -> bool:
        """Ends in "?", or a heading "X: Was … kostet" / "Wer bezahlt …" (often cut before its "?")."""
        if self.text[unit.end - 1] == "?":
            return True
        if unit.zone in C.HEADING_ZONES:
            tokens = self.tokens
            for i in range(unit.t0, unit.t1 - 1):
                if tokens.text[i] == ":" and tokens.lower[i + 1] in _W_WORDS:
                    return True
        return False

    # -- comments --------------------------------------------------------------------------

    def _comment(self, unit: _Unit) -> Suggestion | None:
        text = self.text[unit.start:unit.end]
        if C.COMMENT_META.match(text) or not any(ch.isalnum() for ch in text):
            return None
        cue = _COMMENT_CUE
        if unit.zone not in cue.pattern.split():
            return None
        return Suggestion(unit.start, unit.end, C.COMMENT, {"cue": cue.template, "rule": cue.id})

    # -- direct quotes ---------------------------------------------------------------------

    def _direct(self, q: _Quotation, k: int, after_quote: bool,
                inherited: _Speaker | None) -> tuple[Suggestion | None, _Speaker | None, int]:
        if self._name_like(q):
            return None, None, k
        last = k
        while last + 1 < len(self.units) and self.units[last].end < q.end \
                and self.units[last + 1].zone_index == self.units[k].zone_index:
            last += 1
        first_unit, last_unit = self.units[k], self.units[last]
        tokens = self.tokens
        for cue in CUES:
            if cue.kind != "quotation":
                continue
            verb = -1
            if cue.pattern == "colon":
                colon = self._colon_before(q.start, first_unit)
                if colon is None:
                    continue
                verb = self._last_flag(first_unit.t0, colon, SPEECH)
                if verb < 0:
                    entity = self._entity_ending_at(tokens.start[colon])
                    if entity is None:
                        continue
                    who = _Speaker(self._canonical(entity), entity[0], entity[1], "entity")
                    attrs = {"cue": cue.template.format(verb=entity[3], open=q.open, close=q.close),
                             "rule": cue.id, "form": cue.form, **who.attrs()}
                    return Suggestion(q.start, q.end, C.QUOTE, attrs), who, last
            elif cue.pattern == "verb":
                before = self._last_flag(first_unit.t0, bisect.bisect_left(tokens.start, q.start), SPEECH)
                after = self._first_flag_from(bisect.bisect_left(tokens.start, q.end), last_unit.t1, SPEECH)
                if before < 0 and after < 0:
                    continue
                if before >= 0 and after >= 0:
                    verb = after if tokens.start[after] - q.end <= q.start - tokens.end[before] else before
                else:
                    verb = max(before, after)
            elif cue.pattern == "continuation":
                if not after_quote or self._has_flag(first_unit, SPEECH) or self._has_flag(last_unit, SPEECH):
                    continue
                if len(self.text[q.start + 1:q.end - 1].split()) < 3:
                    continue
            hit = _Hit(cue, -1, -1, verb=verb)
            attrs = {"cue": cue.template.format(verb=tokens.verb_of(verb) if verb >= 0 else "",
                                                open=q.open, close=q.close),
                     "rule": cue.id, "form": cue.form}
            unit = first_unit if verb < 0 or tokens.start[verb] < q.start else last_unit
            who = self._speaker(cue.speaker, hit, unit, inherited)
            if who:
                attrs.update(who.attrs())
            return Suggestion(q.start, q.end, C.QUOTE, attrs), who, last
        return None, None, k

    def _name_like(self, q: _Quotation) -> bool:
        """„Baltic Meridian“, »Kiel am Morgen«: a name or title in quotation marks, no quote."""
        inner_start, inner_end = q.start + len(q.open), q.end - len(q.close)
        inner = self.text[inner_start:inner_end].strip()
        if not inner:
            return True
        for start, end, label, _ in self.article.entities:
            if start <= inner_start and end >= inner_end and label != "PER":
                return True
        words = inner.split()
        return 2 <= len(words) <= 4 and all(not w[0].isalpha() or w[0].isupper() for w in words)

    def _colon_before(self, position: int, unit: _Unit) -> int | None:
        """Index of a ':' token right before `position` in `unit`, if any."""
        i = bisect.bisect_left(self.tokens.start, position) - 1
        if i >= unit.t0 and self.tokens.text[i] == ":":
            return i
        return None

    # -- token patterns ----------------------------------------------------------------------

    def _match(self, cue: Cue, unit: _Unit) -> _Hit | None:
        kind = cue.kind
        if kind == "tokens":
            for pattern in _PATTERNS[cue.id]:
                hit = self._match_pattern(cue, pattern, unit)
                if hit:
                    return hit
            return None
        if kind == "regex":
            m = C.REGEXES[cue.pattern].search(self.text, unit.start, unit.end)
            return _Hit(cue, -1, -1, text=_SPACE.sub(" ", m.group())) if m else None
        if kind == "zone":
            if unit.zone not in cue.pattern.split():
                return None
            text = self.text[unit.start:unit.end]
            if text.endswith(":") and len(text.split()) <= 3:
                return None
            return _Hit(cue, -1, -1)
        if kind == "dep":
            return self._match_dep(cue, unit) if self.tokens.has_dep else None
        if kind == "heading":
            return self._match_heading(cue, unit)
        raise ValueError(f"cue {cue.id}: unknown kind {kind!r}")

    def _view(self, unit: _Unit) -> tuple[set[str], int]:
        """A sentence's lower-case words and its flags ORed, for quick tests: a superset
        of those outside quotation marks, which `_outside` lists exactly."""
        view = unit.view
        if view is None:
            flags = self.tokens.flags[unit.t0:unit.t1]
            view = unit.view = (set(self.tokens.lower[unit.t0:unit.t1]), reduce(or_, flags, 0))
        return view

    def _outside(self, unit: _Unit) -> list[int]:
        seq = unit.outside
        if seq is None:
            flags = self.tokens.flags
            seq = unit.outside = [i for i in range(unit.t0, unit.t1) if not flags[i] & INQ]
        return seq

    def _match_pattern(self, cue: Cue, pattern: str, unit: _Unit) -> _Hit | None:
        words, mask = self._view(unit)
        seq = self._outside(unit)
        if not seq:
            return None
        tokens = self.tokens
        result: _Hit | None = None
        for negated, items, needs_words, needs_flags in _compile(pattern):
            # cheap test first: every word item has a candidate, every flag is present
            possible = (needs_flags & mask) == needs_flags and all(not words.isdisjoint(w) for w in needs_words)
            found = _find(items, seq, tokens) if possible else None
            if negated:
                if found:
                    return None
                continue
            if not found:
                return None
            first, last, matched = found
            if cue.not_initial and first == seq[0]:
                found = _find(items, seq[1:], tokens)
                if not found:
                    return None
                first, last, matched = found
            if result is None:
                result = _Hit(cue, first, last, text=" ".join(tokens.text[i] for i in matched))
                words_matched = [i for i, (kind, _) in zip(matched, (it for it in items if it[0] not in _SKIP_KINDS))
                                 if kind in ("words", "words_or_end")]
                if words_matched:
                    result.word_first, result.word_last = words_matched[0], words_matched[-1]
            for i in matched:
                if tokens.flags[i] & SPEECH and result.verb < 0:
                    result.verb = i
                if tokens.flags[i] & (KONJ1 | KONJ2) and result.konj < 0:
                    result.konj = i
        return result

    def _match_dep(self, cue: Cue, unit: _Unit) -> _Hit | None:
        tokens = self.tokens
        for i in range(unit.t0, unit.t1):
            if not tokens.flags[i] & (KONJ1 | KONJ2) or tokens.flags[i] & INQ:
                continue
            j, seen = i, 0
            while seen < 12:
                parent = tokens.head[j]
                if parent == j or not unit.t0 <= parent < unit.t1:
                    break
                j, seen = parent, seen + 1
                if tokens.flags[j] & SPEECH:
                    return _Hit(cue, min(i, j), max(i, j), verb=j, konj=i)
        return None

    def _match_heading(self, cue: Cue, unit: _Unit) -> _Hit | None:
        if unit.zone not in C.HEADING_ZONES:
            return None
        tokens = self.tokens
        for colon in range(unit.t0 + 1, min(unit.t0 + 3, unit.t1)):
            if tokens.text[colon] != ":":
                continue
            if unit.t1 - colon - 1 < 3 or not all(tokens.flags[i] & CAP for i in range(unit.t0, colon)):
                return None
            head = tokens.lower[colon - 1]
            entity = self._entity_ending_at(tokens.start[colon])
            roles = C.role_words()
            if entity or head in C.SPEAKER_NOUNS or head.split("-")[-1] in roles \
                    or any(head.endswith(r) for r in roles if len(r) > 4):
                return _Hit(cue, unit.t0, colon)
            return None
        return None

    # -- speakers ----------------------------------------------------------------------------

    def _speaker(self, where: str | None, hit: _Hit, unit: _Unit, inherited: _Speaker | None) -> _Speaker | None:
        if where == "verb" and hit.verb >= 0:
            return self._verb_speaker(unit, hit.verb)
        if where == "inherit":
            return _Speaker(inherited.text, inherited.start, inherited.end, "inherited") if inherited else None
        if where == "after" and hit.word_last >= 0:
            return self._entity_or_phrase(hit.word_last + 1, unit, forward=True)
        if where == "before" and hit.word_first >= 0:
            return self._entity_or_phrase(hit.word_first - 1, unit, forward=False)
        if where == "nearest" and hit.first >= 0:
            entity = self._nearest_entity(unit, hit.first)
            return _Speaker(self._canonical(entity), entity[0], entity[1], "entity") if entity else None
        if where == "head" and hit.first >= 0:
            s, e = self.tokens.start[hit.first], self.tokens.end[hit.last - 1]
            return _Speaker(self.text[s:e], s, e, "heading")
        return None

    def _verb_speaker(self, unit: _Unit, verb: int) -> _Speaker | None:
        """Who said it: the parse's subject, else the PER/ORG nearest the verb in the
        sentence, else a pronoun's antecedent, else the noun phrase next to the verb."""
        if verb < 0:
            return None
        tokens = self.tokens
        if self.tokens.has_dep:
            subject = next((i for i in range(unit.t0, unit.t1)
                            if tokens.head[i] == verb and i != verb and tokens.dep[i] in _SUBJECT_DEPS), -1)
            if subject >= 0:
                entity = self._entity_over(tokens.start[subject], tokens.end[subject])
                if entity:
                    return _Speaker(self._canonical(entity), entity[0], entity[1], "dep")
                pronoun = self._pronoun_speaker(subject, unit)
                if pronoun:
                    return pronoun
                left = subject
                while left - 1 >= unit.t0 and tokens.head[left - 1] == subject:
                    left -= 1
                s, e = tokens.start[left], tokens.end[subject]
                return _Speaker(self.text[s:e], s, e, "dep")
        best = self._nearest_entity(unit, verb)
        if best is not None:
            return _Speaker(self._canonical(best), best[0], best[1], "entity")
        for j in (verb + 1, verb - 1):
            if unit.t0 <= j < unit.t1:
                who = self._pronoun_speaker(j, unit)
                if who:
                    return who
        if " es" in tokens.verb_of(verb):
            return None  # "hieß es", "heißt es": nobody in particular
        if _participle(tokens.lower[verb]) or any(
                tokens.lower[i] in C.AUXILIARIES for i in range(unit.t0 + 1, min(unit.t0 + 4, verb))):
            # "Südkoreas Geheimdienst hatte am Freitag mitgeteilt": the subject opens the clause
            who = self._opening_phrase(unit)
            if who:
                return who
        # verb second: "Der Verband beziffert …" has its subject before the verb,
        # "…, sagte der Minister" after it
        subject_first = verb - 1 > unit.t0 and tokens.flags[verb - 1] & CAP \
            and not tokens.flags[verb - 1] & INQ and tokens.lower[unit.t0] not in C.FRONTED
        order = (False, True) if subject_first else (True, False)
        for forward in order:
            who = self._phrase(verb + 1 if forward else verb - 1, unit, forward=forward)
            if who:
                return who
        return None

    def _opening_phrase(self, unit: _Unit) -> _Speaker | None:
        tokens = self.tokens
        i = unit.t0
        if i < unit.t1 and tokens.lower[i] in C.DETERMINERS:
            i += 1
        j = i
        while j < unit.t1 and j < i + 3 and tokens.flags[j] & CAP and not tokens.flags[j] & INQ:
            j += 1
        if j == i or tokens.flags[j - 1] & EVAL or tokens.lower[j - 1] in _NOT_LOW:
            return None  # "Interessant ist, dass …", "Diese berichtete …"
        s, e = tokens.start[i], tokens.end[j - 1]
        return _Speaker(self.text[s:e], s, e, "phrase")

    def _nearest_entity(self, unit: _Unit, anchor: int):
        """The PER/ORG outside quotation marks nearest token `anchor` in `unit`."""
        tokens = self.tokens
        anchor_start, anchor_end = tokens.start[anchor], tokens.end[anchor]
        best, distance = None, None
        i = bisect.bisect_left(self.entity_starts, unit.start)
        while i < len(self.entities) and self.entities[i][0] < unit.end:
            entity = self.entities[i]
            i += 1
            if entity[1] > unit.end or self._in_quote(entity[0]):
                continue
            gap = entity[0] - anchor_end if entity[0] >= anchor_end else anchor_start - entity[1]
            if gap < 0:
                continue
            if distance is None or gap < distance:
                best, distance = entity, gap
        return best

    def _pronoun_speaker(self, i: int, unit: _Unit) -> _Speaker | None:
        labels = C.PRONOUNS.get(self.tokens.lower[i])
        if not labels:
            return None
        frame = unit.start
        q = bisect.bisect_right(self.quote_starts, unit.start) - 1
        if q >= 0 and self.quote_spans[q][1] > unit.start:
            frame = self.quote_spans[q][0]
        for label in labels:
            entity = self._antecedent(frame, label)
            if entity:
                return _Speaker(self._canonical(entity), entity[0], entity[1], "antecedent")
        return None

    def _antecedent(self, before: int, label: str, role: str | None = None):
        i = bisect.bisect_left(self.entity_starts, before) - 1
        while i >= 0:
            entity = self.entities[i]
            i -= 1
            if entity[1] > before or entity[2] != label or self._in_quote(entity[0]) or not self._readable(entity[0]):
                continue
            if role is None:
                return entity
            t = bisect.bisect_left(self.tokens.start, entity[0]) - 1
            if t >= 0 and self.tokens.lower[t].endswith(role):
                return entity
        return None

    def _entity_or_phrase(self, i: int, unit: _Unit, *, forward: bool) -> _Speaker | None:
        tokens = self.tokens
        if forward:
            # "so Amtsleiter Dirk Wendland", "des Wasserstraßen- und Schifffahrtsamts"
            for j in range(i, min(unit.t1, i + 5)):
                if not tokens.text[j][0].isalnum() and tokens.text[j] != "-":
                    break
                entity = self._entity_over(tokens.start[j], tokens.end[j])
                if entity:
                    return _Speaker(self._canonical(entity), entity[0], entity[1], "entity")
        elif i >= unit.t0:
            entity = self._entity_over(tokens.start[i], tokens.end[i])
            if entity:
                return _Speaker(self._canonical(entity), entity[0], entity[1], "entity")
        return self._phrase(i, unit, forward=forward)

    def _phrase(self, i: int, unit: _Unit, *, forward: bool) -> _Speaker | None:
        """A noun phrase next to a speech verb: "der Minister", "ein US-Regierungsvertreter".
        A definite role noun is resolved to the last person named with that role."""
        tokens = self.tokens
        if forward:
            # a determiner and its adjectives, then the noun: no prepositions ("seit Jahren")
            j = i
            if j < unit.t1 and tokens.lower[j] in C.DETERMINERS:
                j += 1
                while j < unit.t1 and j < i + 4 and tokens.flags[j] & LOW:
                    j += 1
            if j >= unit.t1 or not tokens.flags[j] & CAP or tokens.flags[j] & INQ:
                return None
            k = j
            while k + 1 < unit.t1 and tokens.flags[k + 1] & CAP and not tokens.flags[k + 1] & INQ:
                k += 1
            head, first = k, i if i < j and tokens.lower[i] in C.DETERMINERS else j
        else:
            if i < unit.t0 or not tokens.flags[i] & CAP or tokens.flags[i] & INQ:
                return None
            head = first = i
            # "die dänische Reederei", "Südkoreas Geheimdienst"
            while first - 1 >= unit.t0 and first > i - 3 and tokens.flags[first - 1] & (CAP | LOW) \
                    and not tokens.flags[first - 1] & (SPEECH | INQ) \
                    and (tokens.flags[first - 1] & CAP or tokens.lower[first - 1].endswith(("e", "en"))):
                first -= 1
            if first - 1 >= unit.t0 and tokens.lower[first - 1] in C.DETERMINERS:
                first -= 1
            elif first < head and not tokens.flags[first] & CAP:
                first = head
        noun = tokens.lower[head]
        if noun in _NOT_LOW or tokens.flags[head] & EVAL:
            return None
        if C.DATE.fullmatch(tokens.text[head]):
            return None  # "am Freitag" says when, not who
        if tokens.lower[first] in ("der", "die", "das", "den", "dem", "des"):
            for role in C.role_words():
                if noun.endswith(role) and len(role) > 3:
                    entity = self._antecedent(tokens.start[first], "PER", role)
                    if entity:
                        return _Speaker(self._canonical(entity), entity[0], entity[1], "role")
                    break
        s = tokens.start[first if tokens.lower[first] not in C.DETERMINERS else min(first + 1, head)]
        e = tokens.end[head]
        while s < e and not self.text[s].isalpha():
            s += 1
        return _Speaker(self.text[s:e], s, e, "phrase") if s < e else None

    def _canonical(self, entity) -> str:
        """The fullest earlier name a short mention stands for ("Lorenzen" → "Birte Lorenzen"),
        an organisation's name without its genitive s where the article has it so."""
        text = entity[3]
        if entity[2] == "ORG" and text.endswith("s"):
            if any(other[3] == text[:-1] for other in self.entities):
                return text[:-1]
        if entity[2] != "PER" or " " in text:
            return text
        for other in self.entities:
            if other[0] >= entity[0]:
                break
            if other[2] == "PER" and other[3].endswith(" " + text):
                return other[3]
        return text

    # -- small helpers ---------------------------------------------------------------------------

    def _entity_over(self, start: int, end: int):
        i = bisect.bisect_right(self.entity_starts, start) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self.entities):
                entity = self.entities[j]
                if entity[0] < end and entity[1] > start:
                    return entity
        return None

    def _entity_ending_at(self, position: int):
        i = bisect.bisect_left(self.entity_starts, position) - 1
        if i >= 0 and 0 <= position - self.entities[i][1] <= 1:
            return self.entities[i]
        return None

    def _in_quote(self, position: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, position) - 1
        return i >= 0 and self.quote_spans[i][0] <= position < self.quote_spans[i][1]

    def _readable(self, position: int) -> bool:
        """In a sentence the rules read (not in a byline, caption, …)."""
        i = bisect.bisect_right(self.unit_starts, position) - 1
        return i >= 0 and position < self.units[i].end

    def _has_flag(self, unit: _Unit, flag: int) -> bool:
        return self._first_flag(unit, flag) >= 0

    def _first_flag(self, unit: _Unit, flag: int) -> int:
        return self._first_flag_from(unit.t0, unit.t1, flag)

    def _first_flag_from(self, lo: int, hi: int, flag: int) -> int:
        flags = self.tokens.flags
        for i in range(lo, hi):
            if flags[i] & flag and not flags[i] & INQ:
                return i
        return -1

    def _last_flag(self, lo: int, hi: int, flag: int) -> int:
        flags = self.tokens.flags
        for i in range(hi - 1, lo - 1, -1):
            if flags[i] & flag and not flags[i] & INQ:
                return i
        return -1

    def _render(self, cue: Cue, hit: _Hit) -> str:
        tokens = self.tokens
        return cue.template.format(
            verb=tokens.verb_of(hit.verb) if hit.verb >= 0 else "",
            konj=tokens.text[hit.konj] if hit.konj >= 0 else "",
            hit=hit.text, open="", close="")


# -- token pattern compilation ---------------------------------------------------------------------


_PATTERNS = {c.id: c.token_patterns() for c in CUES if c.kind == "tokens"}
_COMMENT_CUE = next(c for c in CUES if c.kind == "zone" and c.label == C.COMMENT)


_REGEX_NEEDS = {"FIGURE": (NUM, NUMWORD), "DATE": (NUM, DATEWORD)}
"""A regex cue is tried only on sentences with one of these flags (a digit, a number or date word)."""


def _quick(cue: Cue) -> tuple[tuple[list[frozenset[str]], int], ...]:
    """Per alternative of a cue: the words and flags it needs (empty: always try it)."""
    if cue.kind == "regex":
        return tuple(([], flag) for flag in _REGEX_NEEDS[cue.pattern])
    if cue.kind != "tokens":
        return ()
    result = []
    for pattern in _PATTERNS[cue.id]:
        needs: list[frozenset[str]] = []
        flags = 0
        for negated, _items, words, wanted in _compile(pattern):
            if not negated:
                needs.extend(words)
                flags |= wanted
        result.append((needs, flags))
    return tuple(result)

_compiled: dict[str, list[tuple[bool, list[tuple[str, Any]], list[frozenset[str]], int]]] = {}


def _compile(pattern: str) -> list[tuple[bool, list[tuple[str, Any]], list[frozenset[str]], int]]:
    """"a … b|c & !@speech" → [(negated, items, words every match needs, flags it needs), …];
    item kinds: words, words_or_end, flag, gap, start, end."""
    compiled = _compiled.get(pattern)
    if compiled is not None:
        return compiled
    compiled = []
    for part in pattern.split("&"):
        part = part.strip()
        negated = part.startswith("!")
        items: list[tuple[str, Any]] = []
        needs_words: list[frozenset[str]] = []
        needs_flags = 0
        for item in part.lstrip("!").split():
            if item == "…":
                items.append(("gap", C.GAP))
            elif item == "^":
                items.append(("start", None))
            elif item == "$":
                items.append(("end", None))
            elif item in _FLAG_NAMES:
                items.append(("flag", _FLAG_NAMES[item]))
                needs_flags |= _FLAG_NAMES[item]
            else:
                choices = item.split("|")
                alternatives = frozenset(a for a in choices if a != "$")
                if "$" in choices:
                    items.append(("words_or_end", alternatives))
                else:
                    items.append(("words", alternatives))
                    if not alternatives & {",", ".", ":", ";"}:
                        needs_words.append(alternatives)
        compiled.append((negated, items, needs_words, needs_flags))
    _compiled[pattern] = compiled
    return compiled


def _find(items: list[tuple[str, Any]], seq: list[int], tokens: _Tokens):
    """First match of `items` in the token indices `seq`: (first, last, matched indices) or None."""
    lower, flags = tokens.lower, tokens.flags

    def accepts(item: tuple[str, Any], i: int) -> bool:
        kind, value = item
        if kind == "words" or kind == "words_or_end":
            return lower[i] in value
        return bool(flags[i] & value)

    def from_(n: int, pos: int, matched: list[int]):
        if n == len(items):
            return matched
        kind, value = items[n]
        if kind == "end":
            return matched if pos == len(seq) else None
        if kind == "gap":
            for p in range(pos, min(len(seq), pos + value) + 1):
                found = from_(n + 1, p, matched)
                if found is not None:
                    return found
            return None
        if pos >= len(seq):
            return matched if kind == "words_or_end" else None
        if accepts(items[n], seq[pos]):
            return from_(n + 1, pos + 1, matched + [seq[pos]])
        return None

    anchored = bool(items) and items[0][0] == "start"
    body = items[1:] if anchored else items
    if not body:
        return (seq[0], seq[0], []) if seq else None
    first_kind, first_value = body[0]
    items = body
    for start in ([0] if anchored else range(len(seq))):
        if first_kind in ("words", "words_or_end"):
            if lower[seq[start]] not in first_value:
                continue
        elif first_kind == "flag" and not flags[seq[start]] & first_value:
            continue
        matched = from_(0, start, [])
        if matched:
            return matched[0], matched[-1], matched
    return None


# -- units and quotations ------------------------------------------------------------------------------


_SENTENCE_CUES = tuple((c, _quick(c)) for c in CUES if c.kind not in ("quotation", "zone") or c.label == C.OPINION)
"""The cues tried on every sentence, in table order (quotations and comments have their own
pass), each with its quick test."""


def _triggers() -> tuple[tuple[int, ...], dict[str, tuple[int, ...]], tuple[tuple[int, tuple[int, ...]], ...]]:
    """Which sentence cues a sentence can possibly match, by one word or flag each
    alternative needs: (cues to try always, word → cues, (flag, cues) pairs)."""
    always: list[int] = []
    words: dict[str, list[int]] = {}
    flags: dict[int, list[int]] = {}
    for j, (_cue, quick) in enumerate(_SENTENCE_CUES):
        if not quick:
            always.append(j)
        for needs, wanted in quick:
            if needs:
                for word in needs[0]:
                    words.setdefault(word, []).append(j)
            elif wanted:
                flags.setdefault(wanted & -wanted, []).append(j)
            else:
                always.append(j)
    return (tuple(sorted(set(always))), {w: tuple(js) for w, js in words.items()},
            tuple((bit, tuple(js)) for bit, js in flags.items()))


_ALWAYS, _TRIGGER_WORDS, _TRIGGER_FLAGS = _triggers()


def _participle(word: str) -> bool:
    """"gesagt", "mitgeteilt", "angekündigt": a speech verb at the end of its clause."""
    return "ge" in word[:7] and word.endswith(("t", "en")) and not word.startswith(("gebe", "gegen"))


def _eligible_zones(article) -> list[tuple[int, int, str]]:
    zones = article.zones or [(0, len(article.text), "body")]
    return [(s, e, kind) for s, e, kind in zones if kind not in C.SKIP_ZONES and s < e]


def _units(article) -> list[_Unit]:
    """The sentences the rules label, in text order (see the module docstring)."""
    text = article.text
    sentences = sorted(article.sentences)
    sentence_ends = [s[1] for s in sentences]
    units: list[_Unit] = []
    for z, (zs, ze, kind) in enumerate(_eligible_zones(article)):
        i = bisect.bisect_right(sentence_ends, zs)  # first sentence ending after zs
        pieces = []
        while i < len(sentences) and sentences[i][0] < ze:
            s, e = max(sentences[i][0], zs), min(sentences[i][1], ze)
            if s < e:
                pieces.append([s, e])
            i += 1
        if not pieces:
            pieces = [[zs, ze]]
        # a stray opening mark or bracket at a sentence's end opens the next one
        for a, b in zip(pieces, pieces[1:]):
            e = a[1]
            while e > a[0] + 1 and text[e - 1] in _OPENERS_AT_END and text[e - 2].isspace() \
                    and not text[a[0]:e - 1].isspace():
                e -= 1
            if e != a[1] and not text[e:b[0]].strip(_OPENERS_AT_END + " \t\n"):
                a[1] = e
                b[0] = e
        for s, e in pieces:
            s, e = strip_span(text, s, e)
            noise = C.LEADING_NOISE.match(text, s, e)
            if noise:
                s, e = strip_span(text, noise.end(), e)
            reply = C.REPLY_PREFIX.match(text, s, e)
            if reply and reply.end() < e:
                s, e = strip_span(text, reply.end(), e)
            if s < e:
                units.append(_Unit(s, e, kind, z))
    return units


def _quotations(article) -> list[_Quotation]:
    """Outermost quotation-mark pairs, each inside one zone."""
    text = article.text
    found: list[_Quotation] = []
    for z, (zs, ze, _kind) in enumerate(_eligible_zones(article)):
        stack: list[tuple[str, int]] = []
        for m in _QUOTE_CHARS.finditer(text, zs, ze):
            ch, at = m.group(), m.start()
            if stack and ch in _CLOSERS[stack[-1][0]]:
                opener, start = stack.pop()
                if not stack:
                    found.append(_Quotation(start, at + 1, opener, ch, z))
                continue
            if ch in _CLOSERS and len(stack) < 3:
                stack.append((ch, at))
    found.sort(key=lambda q: q.start)
    return found


def _resolve(found: list[Suggestion]) -> list[Suggestion]:
    """One suggestion per label and span; within a label no overlaps, a direct quote
    winning over the reported speech around it."""
    kept: list[Suggestion] = []
    by_label: dict[str, list[Suggestion]] = {}
    for s in found:
        by_label.setdefault(s.label, []).append(s)
    for label, items in by_label.items():
        rank = {C.DIRECT: 0, C.INDIRECT: 1, C.REPORTED: 2}
        items.sort(key=lambda s: (rank.get(s.attrs.get("form"), 3), s.start, -s.end))
        taken: list[tuple[int, int]] = []
        for s in items:
            i = bisect.bisect_left(taken, (s.start, s.end))
            if (i > 0 and taken[i - 1][1] > s.start) or (i < len(taken) and taken[i][0] < s.end):
                continue
            taken.insert(i, (s.start, s.end))
            kept.append(s)
    kept.sort(key=lambda s: (s.start, s.end, C.LABELS.index(s.label) if s.label in C.LABELS else 9))
    return kept


# -- storing -------------------------------------------------------------------------------------


def suggest_story(db, story: str, pipeline, *, annotator: str = ANNOTATOR,
                  progress: Callable[[Any], None] | None = None) -> SuggestSummary:
    """Suggest for every article of `story` and store what is new with status
    `suggested`: one transaction per article, every row journalled like
    `store.annotations.add`. A suggestion whose annotator, span and label are
    stored already is skipped, so a second run adds nothing."""
    from parallax.store.annotations import dump_attrs, insert_row
    from parallax.store.db import write
    from parallax.store.ids import new_id, now
    from parallax.store.queries import story_articles

    summary = SuggestSummary(story, annotator, getattr(pipeline, "name", type(pipeline).__name__))
    for article in story_articles(db, story):
        suggestions = suggest(article, pipeline)
        summary.articles += 1
        for s in suggestions:
            summary.labels[s.label] += 1
            if s.label == C.QUOTE:
                summary.forms[s.attrs.get("form") or "?"] += 1
        with write(db):
            existing = set(db.execute(
                'SELECT start, "end", label FROM annotations WHERE article_id = ? AND annotator = ?',
                [article.id, annotator]).fetchall())
            fresh = [s for s in suggestions if (s.start, s.end, s.label) not in existing]
            summary.present += len(suggestions) - len(fresh)
            if fresh:
                db.execute("UPDATE journal SET state = 'dropped' WHERE annotator = ? AND state = 'undone'",
                           [annotator])
            for s in fresh:
                stamp = now()
                row = {
                    "id": new_id(), "article_id": article.id, "start": s.start, "end": s.end,
                    "label": s.label, "text": article.text[s.start:s.end], "annotator": annotator,
                    "status": "suggested", "attrs": dump_attrs(s.attrs), "note": None,
                    "created_at": stamp, "updated_at": stamp,
                }
                insert_row(db, row)
                db.execute(
                    "INSERT INTO journal (id, annotator, op, annotation_id, before, after, ref, state, created_at) "
                    "VALUES (?, ?, 'add', ?, NULL, ?, NULL, 'active', ?)",
                    [new_id(), annotator, row["id"], json.dumps(row, ensure_ascii=False), stamp])
                summary.added += 1
                summary.added_labels[s.label] += 1
        if progress:
            progress(article)
    return summary


def iter_rows(suggestions: Iterable[Suggestion], text: str) -> Iterator[dict[str, Any]]:
    """Suggestions as plain dicts with their text, for printing and tests."""
    for s in suggestions:
        yield {"start": s.start, "end": s.end, "label": s.label, "text": text[s.start:s.end], **s.attrs}
