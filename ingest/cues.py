"""THE table of cues behind `parallax suggest`: which German surface cue suggests
which label. The rules (`ingest.suggest`) have one matcher per `kind` and walk
this table in order; adding or changing a cue is an edit here (or in a word list
under `ingest/data/`), never a new `if` in the engine.

Token patterns (kind "tokens") are matched against a sentence's words outside
quotation marks, in lower case; each compiles to spaCy `Matcher` token patterns
(`ingest/suggest/patterns.py`):

    word        that word                       a|b     either word
    …           a gap of up to GAP words (`Cue.gap`)   ,  :    that punctuation
    @speech     a speech verb (speech_verbs.txt; a separated particle must close the clause)
    @konj1      a Konjunktiv I form (konjunktiv_i.txt, or Mood=Sub + Tense=Pres from a trained morphologizer)
    @konj2      a Konjunktiv II form (konjunktiv_ii.txt, or Mood=Sub + Tense=Past)
    @konj       either
    @eval       an evaluative adjective (evaluative_adjectives.txt, inflected)
    @cap        a word written with a capital    @low   a lower-case word that is no article or pronoun
    @num        a number written in digits       ^ / $  at the start / end of the sentence
    A & B       both A and B somewhere in the sentence;   !A   A nowhere in it
    P || Q      pattern P, else pattern Q

Of the matches of a pattern the leftmost counts, then the one with the shortest gap.

Dependency patterns (kind "dep", only where a trained pipeline gives a parse) compile
to a spaCy `DependencyMatcher` pattern:

    A >> B      a word B outside quotation marks with A above it in the parse: the
                nearest such A, at most DEP_STEPS heads up, in B's sentence

`template` renders `attrs.cue` of a suggestion: `{verb}` is the speech verb as
written, `{konj}` the Konjunktiv form, `{open}`/`{close}` the quotation marks,
`{hit}` the words the pattern matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from .speech_acts import (
    ACT_GAP, ARTICLES, HEDGING_MODALS, INTENT_MODALS, PASSIVE, PERFECT_ACTS, RATED, SOURCE_NOUNS, SPEECH_ACTS, ZU_VERBS,
)

QUOTE, CLAIM, OPINION, COMMENT = "quote", "claim", "opinion", "comment"
LABELS = (QUOTE, CLAIM, OPINION, COMMENT)
DIRECT, INDIRECT, FREE_INDIRECT, REPORTED = "direct", "indirect", "free_indirect", "reported"

RULES_NAME = "rules-de"
RULES_VERSION = 11
"""Part of the annotator name (`suggest:rules-de-5`); bump it when what the rules find changes."""

DATA_DIR: Traversable = resources.files("parallax.ingest") / "data"

SKIP_ZONES = frozenset({"boilerplate", "link_list", "caption", "byline", "dateline"})
"""Zones no suggestion is made in: page furniture, not article text."""
COMMENT_ZONES = frozenset({"reader_comments"})
"""Zones whose sentences are reader comments and nothing else."""
EDITORIAL_ZONES = frozenset({"editorial"})
HEADING_ZONES = frozenset({"headline", "subheading"})

QUOTE_MARKS: tuple[tuple[str, str], ...] = (
    ("„", "“"), ("„", "”"), ("»", "«"), ("«", "»"), ("“", "”"), ('"', '"'),
)
"""Opening and closing quotation marks, German first. A pair never crosses a zone."""

GAP = 10
"""How many words `…` may skip."""
DEP_STEPS = 12
"""How many heads up `>>` may look for its head."""

SPEAKER_LABELS = frozenset({"PER", "ORG"})
PRONOUNS = {"er": ("PER",), "sie": ("PER", "ORG")}
"""Subject pronouns next to a speech verb, and what their antecedent may be."""
DETERMINERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines kein keine keinen "
    "dieser diese dieses diesen jener jene sein seine ihr ihre unser unsere".split())
FRONTED = frozenset(
    "laut am an auf aus in im nach vor bei beim mit seit zuvor dann danach auch zudem unterdessen "
    "inzwischen bereits bislang bisher derzeit zugleich gestern heute dabei damit deshalb daher hinter "
    "über unter für gegen ohne um während wegen trotz zwar doch aber und noch schon erst nun jetzt "
    "später zuletzt zunächst außerdem ebenfalls allerdings jedoch so".split())
"""Words that open a sentence without being its subject ("Laut einer Stellungnahme
spricht das Präsidentenamt …"): the subject then follows the verb."""
PREPOSITIONS = frozenset(
    "mit gegenüber in im bei beim von vom an am auf aus nach für über zu zur zum vor unter gegen durch "
    "wegen seit um ohne zwischen neben hinter".split())
"""Words before a name (with its article and adjectives) that make it no subject."""
AUXILIARIES = frozenset("hat hatte hatten haben habe ist war sind waren wurde wurden wird werden".split())
"""An auxiliary second in the clause puts the speech verb at its end and the subject first."""
SPEAKER_NOUNS = frozenset(
    "reederei regierung bundesregierung polizei behörde behörden ministerium verband "
    "kommission experten expertin experte studie bericht kreml nato armee militär "
    "geheimdienst staatsanwaltschaft gericht unternehmen konzern gewerkschaft partei".split())
"""Nouns that may speak in a heading ("Reederei: Der Treibstoff war schuld"),
besides role words (ingest/data/role_words.txt) and PER/ORG entities."""

COMMENT_META = re.compile(
    r"^(?:\d+\s+Kommentare?|Kommentare?\s*\(\d+\)|Kommentare?|@\S+:?|\S+\s*·)$")
"""Lines of a comment section that are no comment: counters, author lines, bare reply markers."""
LEADING_NOISE = re.compile(r"(?:[•·/*–-]\s*)+")
"""List bullets and slashes in front of a sentence (used with `match` at its start)."""
REPLY_PREFIX = re.compile(r"@\S+:\s+")

NUMBER_WORDS = (
    "zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|fünfzehn|zwanzig|dreißig|"
    "vierzig|fünfzig|hundert|tausend|hunderte|tausende|anderthalb|eineinhalb|zweieinhalb|"
    "mehrere hundert|mehrere tausend|einige hundert|einige tausend")
APPROX = r"(?:rund|etwa|knapp|fast|mehr als|weniger als|bis zu|mindestens|höchstens|über|gut|ca\.)"
UNITS = (
    r"(?:Prozent|Millionen|Million|Milliarden|Milliarde|Mio\.|Mrd\.|Euro|Dollar|€|Meter|Kilometer|"
    r"Seemeilen|Liter|Tonnen|Stunden|Stunde|Tage|Tagen|Tag|Wochen|Woche|Monate|Monaten|Monat|"
    r"Jahre|Jahren|Jahr|Minuten|Soldaten|Schiffe|Schiffen|Container|Menschen|Tote|Toten|"
    r"Verletzte|Seeleute|Besatzungsmitglieder)")
FIGURE = re.compile(
    rf"(?<![\w\[])\d+(?:[.,]\d+)*(?:,-)?(?![\w\]])(?:\s+{UNITS})?"
    rf"|(?i:\b(?:{NUMBER_WORDS})\b)\s+[A-ZÄÖÜ][\wäöüß-]+"
    rf"|\b{APPROX}\s+(?:ein|eine|einen|einem)\s+{UNITS}\b")
WEEKDAY = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)"
MONTH = r"(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
DATE = re.compile(
    rf"\b{WEEKDAY}(?:s|morgen|vormittag|mittag|nachmittag|abend|nacht)?\b"
    rf"|\b\d{{1,2}}\.\s?(?:{MONTH}|\d{{1,2}}\.(?:\d{{2,4}})?)"
    rf"|\b{MONTH}\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:[.:]\d{{2}})?\s+Uhr\b"
    rf"|\b(?:gestern|vorgestern|heute)\b")


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    """Stable name of the rule, stored as `attrs.rule`."""
    label: str
    kind: str
    """How it is matched: zone | quotation | tokens | regex | dep | heading | next."""
    template: str
    """Renders `attrs.cue`."""
    pattern: str = ""
    """Token pattern, regex name, zone kinds, dependency pattern or quotation attribution, by `kind`."""
    form: str | None = None
    """For quotes: direct, indirect or reported."""
    speaker: str | None = None
    """Where the speaker is: verb (subject of the speech verb), after the last word
    / before the first word of the match ("laut X", "X zufolge"), nearest (the
    PER/ORG nearest the match), inherit (the previous quote's), clause (the first
    name of the first clause, else inherit), own (the same, else nobody), frame (a name
    in an indicative first clause before its comma, else inherit), head (a heading's "X:")."""
    after_quote: bool = False
    """Only right after a sentence that quotes or reports someone (a continuation)."""
    not_initial: bool = False
    """The match must not start the sentence ("Sollten die Berichte zutreffen" is a condition)."""
    in_questions: bool = True
    """False: a sentence ending in "?" never gets it (a question states nothing)."""
    named: bool = False
    """Only where the speaker found is a name the recognizer marked, in the verb's own clause
    (`suggest.rules._named_subject`)."""
    gap: int = GAP
    """How many words `…` may skip in this cue's patterns."""
    note: str = ""

    def token_patterns(self) -> tuple[str, ...]:
        """The alternatives of a "tokens" cue: its pattern split at "||", or a whole
        word list's ("@reportative")."""
        if self.pattern == "@reportative":
            return reportative()
        return tuple(p.strip() for p in self.pattern.split("||"))


CUES: tuple[Cue, ...] = (
    # -- comment: the reader-comments zone, and nothing else there -------------------------
    Cue("comment.zone", COMMENT, "zone", "comment:reader_comments", "reader_comments",
        note="every sentence of the comment section except counters and author lines"),
    # -- quote, direct: quotation marks attributed in the same sentence ------------------
    Cue("quote.direct.colon", QUOTE, "quotation", "quote:{verb}: {open}…{close}", "colon", DIRECT, "verb",
        note='"X sagte: „…“", or "X: „…“" with X a person or organisation'),
    Cue("quote.direct.verb", QUOTE, "quotation", "quote:{open}…{close}+{verb}", "verb", DIRECT, "verb",
        note="a speech verb before or after the quotation in its sentence"),
    Cue("quote.direct.so", QUOTE, "quotation", "quote:{open}…{close}, so X", "so", DIRECT, "after",
        note='", so X" right after the quotation ("„…“, so der Lotse"), also where the quotation does not open '
             'its sentence or is not a sentence of its own'),
    Cue("quote.direct.slogan", QUOTE, "quotation", "quote:{verb} {open}…{close}", "slogan", DIRECT, "own",
        note='words written or chanted: "Parolen wie „…“", "mit der Aufschrift „…“" (train: 6 of 6 such '
             'quotations are gold direct quotes; "Motto" 0 of 8, so not one of the nouns)'),
    Cue("quote.direct.continued", QUOTE, "quotation", "quote:{open}…{close}+continued", "continuation",
        DIRECT, "inherit", after_quote=True,
        note="a quotation of three words or more right after a quoting sentence"),
    Cue("quote.direct.sentence", QUOTE, "quotation", "quote:{open}…{close}+sentence", "sentence", DIRECT, "own",
        note="four words or more in marks that open their sentence or follow a colon; the speaker is the "
             "subject of a speech verb opening the next sentence or the first name before the colon "
             "(the last one quoted is wrong for 14 of 16 on train)"),
    Cue("quote.direct.fragment", QUOTE, "quotation", "quote:{open}…{close}+fragment", "fragment", DIRECT, "own",
        note="words in marks that begin in lower case inside a sentence: four or more, or any inside "
             "indirect or reported speech (suggested as well, the quotation nested in it)"),
    # -- quote, indirect: reported speech in the Konjunktiv ------------------------------
    Cue("quote.indirect.dep", QUOTE, "dep", "quote:{verb}+Mood=Sub({konj})/dep", "@speech >> @konj", INDIRECT, "verb",
        note="trained pipelines: a Mood=Sub verb under a speech verb in the parse"),
    Cue("quote.indirect.konj1", QUOTE, "tokens", "quote:{verb}+Konj.I({konj})", "@speech & @konj1",
        INDIRECT, "verb"),
    Cue("quote.indirect.konj2", QUOTE, "tokens", "quote:{verb}+Konj.II({konj})", "@speech & @konj2",
        INDIRECT, "verb"),
    Cue("quote.indirect.dass", QUOTE, "tokens", "quote:{verb}, dass", "@speech … , dass|ob", INDIRECT, "verb"),
    Cue("quote.indirect.clause", QUOTE, "tokens", "quote:{verb}, …",
        "@speech , || , @speech || @speech … mit|an|bekannt|hinzu|ein|zurück|hin|klar|hervor|aus ,",
        INDIRECT, "verb",
        in_questions=False,
        note='indirect speech in the indicative: "X sagte, er will …", "…, teilte X mit", '
             '"X teilte am Abend mit, …" '
             '(the particle before the comma: train 4 / 3 in rules-de-5; "vor", "zu", "auf" left to the speech acts '
             'and the verbs of asking)'),
    Cue("quote.indirect.zu", QUOTE, "tokens", "quote:{hit}", ZU_VERBS, INDIRECT, "own", in_questions=False,
        note='verbs of asking, promising and deciding before a comma and a clause: "X forderte Y auf, … zu …", '
             '"X hat zugesagt, …"'),
    # -- quote, reported: attribution without a speech verb ------------------------------
    Cue("quote.reported.laut", QUOTE, "tokens", "quote:laut X",
        "laut @cap || laut der|dem|den|des|einem|einer|eines|diesem|dieser|seinem|seiner|ihrem|ihrer || laut @low",
        REPORTED, "after", note='"laut der Polizei", "laut ersten Berichten", "laut ihren Aussagen" ("laut @low": '
                                'train 14 / 14 in rules-de-5)'),
    Cue("quote.reported.gemaess", QUOTE, "tokens", "quote:gemäß X",
        "gemäß @cap || gemäß der|dem|den|des|einem|einer|eines|diesem|dieser|seinem|seiner|ihrem|ihrer "
        "|| gemäß @low",
        REPORTED, "after", note='"gemäß der Zeitung", "gemäß seiner Aussage": as "laut" (train 8 / 6)'),
    Cue("quote.reported.so", QUOTE, "tokens", "quote:so X",
        ", so @cap || , so der|die|das|ein|eine|einem|einer", REPORTED, "after"),
    Cue("quote.reported.angaben", QUOTE, "tokens", "quote:{hit}", "nach " + SOURCE_NOUNS, REPORTED, "after",
        note="nach Angaben / Informationen / Ansicht / Berichten … (of someone)"),
    Cue("quote.reported.own", QUOTE, "tokens", "quote:nach eigenen Angaben", "nach eigenen angaben",
        REPORTED, "nearest"),
    Cue("quote.reported.angaben_det", QUOTE, "tokens", "quote:{hit}",
        f"nach {ARTICLES} {SOURCE_NOUNS} || nach {ARTICLES} @low {SOURCE_NOUNS}", REPORTED, "after",
        note="nach einem Bericht / den Angaben / einer ersten Stellungnahme … (of someone)"),
    Cue("quote.reported.angaben_adj", QUOTE, "tokens", "quote:{hit}", "nach @low " + SOURCE_NOUNS,
        REPORTED, "after", note="nach ersten / offiziellen / übereinstimmenden Angaben …"),
    Cue("quote.reported.demnach", QUOTE, "tokens", "quote:{hit}", "^ demnach || , wonach", REPORTED, "inherit",
        note="the source was named before: \"Die Polizei legte einen Bericht vor. Demnach …\""),
    Cue("quote.reported.zufolge", QUOTE, "tokens", "quote:X zufolge", "zufolge", REPORTED, "before"),
    Cue("quote.reported.wie", QUOTE, "tokens", "quote:wie X {verb}", "wie … @speech ,|.|$", REPORTED, "verb"),
    Cue("quote.indirect.next", QUOTE, "next", "quote:{verb} (next sentence)", "das|dies|dieses", INDIRECT, "verb",
        in_questions=False,
        note='a statement whose source the next sentence names: "… Das berichtete die Zeitung." (train 18 / 16; '
             'that next sentence is then no quote of its own)'),
    # -- quote, indirect, continued: after an attributed sentence (explicit attribution wins) --
    Cue("quote.indirect.continued1", QUOTE, "tokens", "quote:Konj.I({konj})+continued", "@konj1 & !@speech",
        INDIRECT, "frame", after_quote=True),
    Cue("quote.indirect.continued2", QUOTE, "tokens", "quote:Konj.II({konj})+continued",
        f"@konj2 & !@speech & !{HEDGING_MODALS}", INDIRECT, "frame", after_quote=True,
        note="not with a modal in Konjunktiv II, the writer's hedge as often as someone's words "
             "(rules-de-9, train: 32 such suggestions, 11 matched; the other forms 55 / 33)"),
    Cue("quote.free.konj1", QUOTE, "tokens", "quote:Konj.I({konj})", "@konj1 & !@speech", FREE_INDIRECT, "own",
        in_questions=False, note="Konjunktiv I with no speech verb, not right after a quote: still someone's words"),
    Cue("quote.free.soll", QUOTE, "tokens", "quote:{hit}", "soll|sollen … haben|sein|worden|gewesen",
        FREE_INDIRECT, "inherit", in_questions=False,
        note='"Er soll … gesagt haben": hearsay; the speaker is the last one named before'),
    Cue("quote.free.soll_werden", QUOTE, "tokens", "quote:{hit}+continued", "soll|sollen … werden",
        FREE_INDIRECT, "inherit", in_questions=False, after_quote=True,
        note='"X soll … gebaut werden" is a plan: someone\'s words only right after a sentence that '
             'quotes or reports someone (rules-de-10, train: 15 such suggestions, 9 matched; elsewhere 62 / 19)'),
    Cue("quote.reported.act", QUOTE, "tokens", "quote:{verb}", SPEECH_ACTS, REPORTED, "verb", in_questions=False, gap=ACT_GAP,
        note='a speech act without its words, by the verb and what it governs: "X wirft Y Betrug vor", '
             '"X bezeichnete Y als …", "X berichtet von …", "X forderte …"'),
    Cue("quote.reported.act_perfect", QUOTE, "tokens", "quote:{verb}", PERFECT_ACTS, REPORTED, "own",
        in_questions=False, gap=ACT_GAP,
        note='a speech act in the perfect: "X hatte von … berichtet", "Vor … hat X gewarnt"; the speaker is '
             'a name opening the clause, else nobody'),
    Cue("quote.reported.rated", QUOTE, "tokens", "quote:{hit}",
        f"{RATED} & !{PASSIVE}", REPORTED, "own", in_questions=False,
        note='a judgement as a participle: "X hat Y als Völkermord eingestuft"; the speaker is a name '
             'opening the clause, else nobody'),
    Cue("quote.reported.rated_passive", QUOTE, "tokens", "quote:{hit}", RATED, REPORTED, None, in_questions=False,
        note='"Y wurde von X als Erfolg gewertet": the name opening the clause is what was judged, so nobody'),
    Cue("quote.reported.passive", QUOTE, "tokens", "quote:{hit}",
        "wurde|wurden|wird|werden … angegeben|berichtet|gesprochen|vorhergesagt|attestiert|ausgegangen ,|.|$ || "
        "wurde|wurden|wird|werden … genannt ,|.|$ & ^ als",
        REPORTED, None, in_questions=False,
        note='a passive report: "Die Zahl wurde mit 214 angegeben", "Als Grund wurde … genannt"; nobody named '
             '(train 10 / 8; with "genannt" anywhere, "gefordert" and "beziffert" 17 / 9: "genannt" also names things)'),
    Cue("quote.reported.intent", QUOTE, "tokens", "quote:{verb}", INTENT_MODALS,
        REPORTED, "verb", in_questions=False, named=True,
        note='an intention a named person or organisation has made known: "Die IG Metall will …", "Am '
             'Mittwoch will Chulanont …"; the name must be in the verb\'s clause (rules-de-11, train: 50 such '
             'suggestions, 16 matched, with the continuations after them 53 / 19; where the subject is a pronoun, '
             'a common noun or nobody, 88 sentences with 20 in a gold quote, not added)'),
    Cue("quote.reported.heading", QUOTE, "heading", "quote:X: …", "", REPORTED, "head",
        note='headings "Minister: Der Eigner haftet"'),
    # -- claim: reportative statements, figures and dates --------------------------------
    Cue("claim.reportative", CLAIM, "tokens", "claim:{hit}", "@reportative", in_questions=False,
        note="reportative_cues.txt: angeblich, mutmaßlich, behauptet, nach Angaben, laut X, zufolge, …"),
    Cue("claim.soll", CLAIM, "tokens", "claim:{hit}", "soll|sollen … haben|sein|worden|werden|gewesen",
        in_questions=False),
    Cue("claim.figure", CLAIM, "regex", "claim:figure({hit})", "FIGURE", in_questions=False,
        note="numbers (with units: Prozent, Millionen, Euro, Meter, Soldaten, Schiffe, …), number words + noun"),
    Cue("claim.date", CLAIM, "regex", "claim:date({hit})", "DATE", in_questions=False,
        note="weekdays (Freitagnachmittag), dates, months, times (4.40 Uhr)"),
    # -- opinion: commentary and evaluative language -------------------------------------
    Cue("opinion.editorial", OPINION, "zone", "opinion:editorial", "editorial"),
    Cue("opinion.modal", OPINION, "tokens", "opinion:{hit}",
        "müsste|müssten || sollte|sollten & !, sollte|sollten", not_initial=True,
        note='"sollte" that opens a sentence or follows a comma is a condition ("…, sollte sich das bestätigen")'),
    Cue("opinion.conditional", OPINION, "tokens", "opinion:{hit}", "es wäre|wären"),
    Cue("opinion.concessive", OPINION, "tokens", "opinion:{hit}", "mag|mögen … stimmen|sein|zutreffen"),
    Cue("opinion.judge", OPINION, "tokens", "opinion:{hit}", "hält|halten|hielt|hielten … für @low"),
    Cue("opinion.idiom", OPINION, "tokens", "opinion:{hit}", "zu leicht|einfach|bequem"),
    Cue("opinion.right", OPINION, "tokens", "opinion:{hit}", "hat|haben|hatte … recht"),
    Cue("opinion.adj", OPINION, "tokens", "opinion:{hit}", "@eval"),
)

REGEXES: dict[str, re.Pattern[str]] = {"FIGURE": FIGURE, "DATE": DATE}
FIGURE_WORDS = frozenset(
    NUMBER_WORDS.replace("mehrere ", "").replace("einige ", "").split("|")
    + "rund etwa knapp fast mehr weniger bis mindestens höchstens über gut ca.".split())
"""Words one of which a sentence needs (or a digit) before the FIGURE regex is tried on it."""
DATE_PREFIXES = tuple(
    (WEEKDAY + "|" + MONTH).strip("(?:)").lower().split("|") + ["gestern", "vorgestern", "heute", "uhr"])
"""Word beginnings one of which a sentence needs (or a digit) before the DATE regex is tried."""


# -- word lists ---------------------------------------------------------------------------


def read_list(name: str) -> list[str]:
    """Non-empty, non-comment lines of a package-data list."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@dataclass(frozen=True, slots=True)
class SpeechVerbs:
    forms: dict[str, str]
    """Lower-case single-word form → infinitive."""
    particles: dict[str, dict[str, str]]
    """Finite form → {particle closing the clause → infinitive}."""
    adjacent: dict[str, dict[str, str]]
    """Finite form → {word right after it → infinitive} ("hieß es")."""
    lemmas: frozenset[str]


@cache
def speech_verbs() -> SpeechVerbs:
    forms: dict[str, str] = {}
    particles: dict[str, dict[str, str]] = {}
    adjacent: dict[str, dict[str, str]] = {}
    for line in read_list("speech_verbs.txt"):
        lemma, _, rest = line.partition(":")
        lemma = lemma.strip()
        for form in rest.split():
            form = form.lower()
            if "~" in form:
                finite, particle = form.split("~", 1)
                particles.setdefault(finite, {})[particle] = lemma
            elif "+" in form:
                finite, following = form.split("+", 1)
                adjacent.setdefault(finite, {})[following] = lemma
            else:
                forms[form] = lemma
    lemmas = frozenset(forms.values()) | {v for d in (*particles.values(), *adjacent.values()) for v in d.values()}
    return SpeechVerbs(forms, particles, adjacent, lemmas)


@cache
def konjunktiv_i() -> frozenset[str]:
    return frozenset(word.lower() for word in read_list("konjunktiv_i.txt"))


@cache
def konjunktiv_ii() -> frozenset[str]:
    return frozenset(word.lower() for word in read_list("konjunktiv_ii.txt"))


@cache
def evaluative() -> frozenset[str]:
    words = set()
    for base in read_list("evaluative_adjectives.txt"):
        base = base.lower()
        words.add(base)
        stem = base[:-1] if base.endswith("e") else base
        words.update(stem + ending for ending in ("e", "en", "er", "es", "em"))
    return frozenset(words)


@cache
def reportative() -> tuple[str, ...]:
    """Token patterns, one a line."""
    return tuple(read_list("reportative_cues.txt"))


@cache
def role_words() -> frozenset[str]:
    """Lower-case role words ("minister", "sprecherin"); a compound ending in one counts too."""
    return frozenset(word.lower() for word in read_list("role_words.txt"))


def summary() -> list[tuple[str, str, str, str]]:
    """(id, label, form, pattern or note) for every cue, for documentation and the report."""
    return [(c.id, c.label, c.form or "", c.note or c.pattern) for c in CUES]
