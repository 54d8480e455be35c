"""The built-in offline German recognizer, used where no trained pipeline is installed.

`spacy.blank("de")` + sentencizer + an entity ruler fed by `ingest.gazetteer` +
the `parallax_names` component below, which adds people announced by a role word
or a first name, organisations recognised by the shape of their names (`_OrgFinder`:
"Bundesstelle für …", "Wasserstraßen- und Schifffahrtsamt", "Nordlicht Reederei")
and quoted ship names (MISC). Building it reads ~100k german-nouns rows, so the
built pipeline is cached on disk, keyed by the versions of everything it was built from.
"""

from __future__ import annotations

import hashlib
import json
import os
import inspect
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs
import spacy
from spacy.attrs import ORTH
from spacy.lang.de.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from parallax.ingest.gazetteer import (
    DATA_DIR,
    PLACE,
    Gazetteer,
    NameLexicon,
    build_gazetteer,
    data_fingerprint,
    source_versions,
)

RECOGNIZER_NAME = "parallax-offline-de"
RECOGNIZER_VERSION = 2
"""Part of the pipeline's name; bump it when what the recognizer finds changes."""

CACHE_ENV = "PARALLAX_CACHE_DIR"

Progress = Callable[[str], None]


def recognizer_name() -> str:
    return f"{RECOGNIZER_NAME} {RECOGNIZER_VERSION} (spaCy {spacy.__version__})"


def build_recognizer(gazetteer: Gazetteer | None = None) -> Language:
    gazetteer = gazetteer or build_gazetteer()
    nlp = spacy.blank("de")
    nlp.meta["name"] = RECOGNIZER_NAME.replace("-", "_")
    nlp.meta["version"] = f"{RECOGNIZER_VERSION}.0.0"
    nlp.meta["description"] = "Offline German entity recognizer built from babel and german-nouns"
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer.patterns)  # type: ignore[attr-defined]
    tagger = nlp.add_pipe(NAMES_FACTORY)
    tagger.lexicon = gazetteer.lexicon  # type: ignore[attr-defined]
    return nlp


def cache_root() -> Path:
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir("parallax"))


def cache_key(data_dir: Traversable = DATA_DIR) -> str:
    """Changes with anything the built pipeline depends on: package versions, the
    package-data lists and the code that builds it."""
    code = hashlib.sha256()
    for source in (inspect.getfile(build_gazetteer), __file__):
        code.update(Path(source).read_bytes())
    facts = {
        "recognizer": RECOGNIZER_VERSION,
        "versions": source_versions(),
        "data": data_fingerprint(data_dir),
        "code": code.hexdigest(),
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:20]


def cached_path(root: Path | None = None) -> Path:
    return (root or cache_root()) / f"{RECOGNIZER_NAME}-{cache_key()}"


def load_recognizer(*, root: Path | None = None, progress: Progress | None = None) -> Language:
    """The offline recognizer from the cache, built and cached first if needed."""
    path = cached_path(root)
    if (path / "config.cfg").is_file():
        nlp = spacy.load(path)
    else:
        if progress:
            progress(f"building the offline recognizer (first run) into {path}")
        nlp = build_recognizer()
        _write_atomically(nlp, path)
    # Adding the ~12k patterns filled the tokenizer's cache (10,000 chunks) with words
    # texts rarely contain; a full cache takes no new words and tokenizing then runs
    # ~2.5x slower. Setting the rules again empties it.
    nlp.tokenizer.rules = nlp.tokenizer.rules  # type: ignore[union-attr]
    return nlp


def _write_atomically(nlp: Language, path: Path) -> None:
    """Write beside the target, then rename: a reader sees no half-written pipeline,
    and of two processes building at once the second simply keeps the first's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
    try:
        nlp.to_disk(staging)
        try:
            staging.rename(path)
        except OSError:
            if not (path / "config.cfg").is_file():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging)


# --- the name tagger ---------------------------------------------------------

NAMES_FACTORY = "parallax_names"
ARTICLE_KEY = "parallax_article"
"""`doc.user_data` key: consecutive docs with the same object under it are paragraphs
of one article, and a person named in one is recognised by surname in the later ones."""

# Word classes, computed once per distinct word.
_SURNAME = 1  # may continue a name: capitalised, not itself a common noun ("Zuckerberg")
_NAME = 2  # may also start one: not a compound of nouns either ("Militärkooperation")
_FIRST = 4  # a first name
_ROLE = 8  # a role word or a compound ending in one: "Nato-Sprecherin"
_STOP_FIRST = 16  # a first name that is also a function word ("Anders"): only after a role word
_SPECIAL = 32  # an organisation head, a legal form or a quotation mark: see `_OrgFinder`

_MAX_NAME_TOKENS = 4
# Linking elements between the parts of a compound: "Regierungs|sprecher".
_LINKS = ("s", "es", "n", "en", "e", "er")
_MAX_CACHED_WORDS = 500_000
_LEXICON_FILES = ("first_names", "surnames", "common_nouns", "role_forms")


class NameTagger:
    """Tags people announced by a role word or a first name ("Kreml-Sprecher Dmitri
    Peskow", "Mark Rutte"), then every bare mention of a tagged person's surname in
    the same doc or in later paragraphs of the same article ("sagte Rutte", "Ruttes").
    In the same pass it hands the few head words it meets ("…amt", "Reederei",
    "GmbH", quotation marks) to `_OrgFinder` for organisations and ship names."""

    def __init__(self, vocab: Vocab, lexicon: NameLexicon | None = None) -> None:
        self.vocab = vocab
        self.lexicon = lexicon or NameLexicon(frozenset(), frozenset(), frozenset(), frozenset())
        self._article: object = None
        self._article_seen: set[int] = set()

    @property
    def lexicon(self) -> NameLexicon:
        return self._lexicon

    @lexicon.setter
    def lexicon(self, lexicon: NameLexicon) -> None:
        self._lexicon = lexicon
        self._role_lengths = sorted({len(form) for form in lexicon.role_forms})
        self._classes: dict[int, int] = {}
        self._heads: dict[str, _Head] = {}

    def _head_of(self, word: str) -> _Head | None:
        """What `word` is as the head of an organisation's name: "Schifffahrtsamt"
        (an office, closed compound), "EU-Kommission" (hyphenated, with a name part),
        "Reederei" (a company word, bare), "GmbH" (a legal form); None for the rest."""
        lower = word.lower()
        for n in _HEAD_LENGTHS:
            if n <= len(lower) and (entry := _HEAD_FORMS.get(lower[-n:])):
                break
        else:
            return None
        lemma, kind = entry
        modifier = word[: len(word) - n]
        if not modifier:
            return _Head(kind, lemma, "")
        # "Kraftfahrt-Bundesamt": the hyphenated parts, then the last part's own modifier
        *parts, closed = modifier.split("-")
        named = any(self._name_part(part) for part in parts)
        if not closed:
            return _Head(kind, lemma, modifier, hyphen=True, named=named)
        # "…ministerium", "…kommando", "…polizei" end nothing but compounds
        # ("Außen|ministerium"); other heads need a noun before them ("Samt", "Apparat").
        if len(closed) < 3 or (kind != _SELF and not self._nounish(closed)):
            return None
        official = closed.startswith(_OFFICIAL_PREFIXES) and lemma not in _PERSON_TITLE_HEADS
        return _Head(kind, lemma, modifier, hyphen=bool(parts), named=named, official=official)

    def _nounish(self, modifier: str) -> bool:
        """The first part of a compound is a noun, maybe with a linking element:
        "Schifffahrts|amt", "Hafenwirtschafts|verband"."""
        nouns = self._lexicon.common_nouns
        stems = [modifier] + [
            modifier[: -len(link)]
            for link in _LINKS
            if modifier.endswith(link) and len(modifier) - len(link) >= 3
        ]
        return any(stem in nouns or self._is_compound_noun(stem) for stem in stems)

    def _name_part(self, part: str) -> bool:
        """A part of a hyphenated compound that names something: an acronym ("EU"),
        a name ("Planck", "Robert"), not a common noun ("Hanse")."""
        if len(part) >= 2 and part.isupper():
            return part not in _GENERIC_ACRONYMS
        lexicon = self._lexicon
        if part in lexicon.first_names or part in lexicon.surnames:
            return True
        return part[:1].isupper() and part.isalpha() and part not in lexicon.common_nouns

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orths: list[int] = doc.to_array(ORTH).tolist()
        classes = self._word_classes(orths)
        ents = list(doc.ents)
        owner = {t: ent for ent in ents for t in range(ent.start, ent.end)}
        nouns = self._lexicon.common_nouns

        def free(t: int) -> bool:
            """Not an entity, or one word that may be part of a longer name: a
            short form ("Kim" of "Kim Hong Kyun") or a minor place ("Austin")."""
            ent = owner.get(t)
            return ent is None or (
                len(ent) == 1 and (ent.label_ == "PER" or (ent.label_ == "LOC" and ent.id_ == PLACE))
            )

        def run_end(start: int, first: int) -> int:
            """End of the name words from `start` within one sentence; the first
            must be of class `first`, the others may be any surname-like word."""
            end = start
            while (
                end < len(doc)
                and end - start < _MAX_NAME_TOKENS
                and classes[end] & (first if end == start else _SURNAME)
                and not classes[end] & _ROLE
                and free(end)
                and not doc[end].is_sent_start
            ):
                end += 1
            return end

        def noun_surname(t: int) -> bool:
            """After a role word and a first name, a capitalised noun is the surname
            ("Reederei-Sprecher Lars Holm") unless it is plainly a time or amount."""
            if t >= len(doc) or classes[t] & (_SURNAME | _ROLE) or not free(t) or t in owner:
                return False
            word = self.vocab.strings[orths[t]]
            return (
                word[:1].isupper()
                and word.isalpha()
                and not word.isupper()
                and word.lower() not in STOP_WORDS
                and word not in _NOT_SURNAMES
                and not word.endswith(_ABSTRACT_ENDINGS)
                and not doc[t].is_sent_start
            )

        found = []
        noun_surnames: set[int] = set()
        special = []
        for i, word_class in enumerate(classes):
            if word_class & _SPECIAL:
                special.append(i)
            # Right after a role word a place is no name: "Botschafter Seouls".
            after_role = owner.get(i + 1)
            if word_class & _ROLE and (after_role is None or after_role.label_ == "PER"):
                first = i + 1
                if first < len(doc) and classes[first] & _STOP_FIRST and free(first):
                    end = run_end(first + 1, _SURNAME)  # "Geschäftsführer Anders Møllerup"
                    end = end if end > first + 1 else first
                else:
                    end = run_end(first, _NAME)
                if end == first + 1 and classes[first] & _FIRST and noun_surname(end):
                    noun_surnames.add(end)
                    end += 1
                if end > first:
                    found.append(Span(doc, first, end, label="PER"))
            if word_class & _FIRST and free(i):
                if (end := run_end(i + 1, _SURNAME)) > i + 1:
                    found.append(Span(doc, i, end, label="PER"))
        covered = {t for span in found for t in range(span.start, span.end)}
        extra = []
        if special:
            people = covered.union(*(range(e.start, e.end) for e in ents if e.label_ == "PER"))
            finder = _OrgFinder(self, doc, orths, classes, owner, people, nouns)
            extra = finder.run(special)
            covered.update(t for span in extra for t in range(span.start, span.end))
        aliases = self._aliases(found + [ent for ent in ents if ent.label_ == "PER"], classes, orths)
        aliases.update(self._noun_aliases(noun_surnames, orths))
        aliases |= self._article_aliases(doc, aliases)
        for t, orth in enumerate(orths):
            if orth in aliases and t not in covered and free(t):
                found.append(Span(doc, t, t + 1, label="PER"))
        found += extra
        if found:
            covered = {t for span in found for t in range(span.start, span.end)}
            kept = [ent for ent in ents if not covered.intersection(range(ent.start, ent.end))]
            doc.ents = filter_spans(found + kept)
        return doc

    def _noun_aliases(self, tokens: set[int], orths: list[int]) -> set[int]:
        """A surname that is also a noun ("Holm") stands for the person later on too."""
        aliases = set()
        for t in tokens:
            text = self.vocab.strings[orths[t]]
            aliases.update((get_string_id(text), get_string_id(text + "s")))
        return aliases

    def _article_aliases(self, doc: Doc, aliases: set[int]) -> set[int]:
        """The aliases found in the earlier docs of the same article (`ARTICLE_KEY`),
        remembering this doc's: "Lloyd Austin" in one paragraph, "Austin" in the next."""
        article = doc.user_data.get(ARTICLE_KEY)
        if article is None:
            return set()
        if article is not self._article:
            self._article, self._article_seen = article, set()
        earlier = self._article_seen
        self._article_seen = earlier | aliases
        return earlier

    def _aliases(self, people: Iterable[Span], classes: list[int], orths: list[int]) -> set[int]:
        """Short forms of the people found: the last word and its genitive, and a
        first word that is no first name (family name first: "Yoon Suk Yeol")."""
        words = set()
        for span in people:
            words.add(span.end - 1)
            if len(span) > 1 and classes[span.start] & (_FIRST | _NAME) == _NAME:
                words.add(span.start)
        aliases = set()
        for t in words:
            if classes[t] & _SURNAME:
                text = self.vocab.strings[orths[t]]
                aliases.update((get_string_id(text), get_string_id(text + "s")))
        return aliases

    def _word_classes(self, orths: list[int]) -> list[int]:
        cache = self._classes
        if len(cache) > _MAX_CACHED_WORDS:
            cache.clear()
            self._heads.clear()
        classes = [cache.get(orth, -1) for orth in orths]
        if -1 in classes:
            strings = self.vocab.strings
            for t, orth in enumerate(orths):
                if classes[t] == -1:
                    classes[t] = cache[orth] = self._classify(strings[orth])
        return classes

    def _classify(self, word: str) -> int:
        if word in _OPENING_QUOTES or word in _LEGAL_FORMS:
            if word in _LEGAL_FORMS:
                self._heads[word] = _Head("legal", word, "")
            return _SPECIAL
        if not word[:1].isupper():
            return 0
        lexicon = self._lexicon
        lower = word.lower()
        word_class = _FIRST if word in lexicon.first_names else 0
        if lower in lexicon.role_forms or any(
            lower[-n:] in lexicon.role_forms for n in self._role_lengths if n <= len(lower) - 2
        ):
            word_class |= _ROLE
        elif (head := self._head_of(word)) is not None:
            self._heads[word] = head
            word_class |= _SPECIAL
        if lower in STOP_WORDS:
            return word_class ^ (_FIRST | _STOP_FIRST) if word_class & _FIRST else word_class
        if len(word) > 1 and word.isupper():
            return word_class
        if word in lexicon.first_names or word in lexicon.surnames:
            return word_class | _SURNAME | _NAME
        parts = [part[:1].upper() + part[1:] for part in word.replace("’", "").replace("'", "").split("-")]
        if not all(part.isalpha() and part not in lexicon.common_nouns for part in parts):
            return word_class
        word_class |= _SURNAME
        if not any(self._is_compound_noun(part) for part in parts):
            word_class |= _NAME
        return word_class

    def _is_compound_noun(self, word: str) -> bool:
        """Two nouns in one: "Militär|kooperation", "Zaren|knecht". Both halves must
        be nouns, as names end in nouns by chance ("Apple|baum")."""
        nouns = self._lexicon.common_nouns
        for i in range(3, len(word) - 2):
            if word[i].upper() + word[i + 1 :] in nouns:
                head = word[:i]
                if head in nouns or any(
                    head.endswith(link) and head[: -len(link)] in nouns for link in _LINKS
                ):
                    return True
        return False

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in _LEXICON_FILES:
            words = sorted(getattr(self._lexicon, name))
            (path / f"{name}.txt").write_text("\n".join(words), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NameTagger:
        path = Path(path)
        lists = {
            name: frozenset((path / f"{name}.txt").read_text(encoding="utf-8").split("\n")) - {""}
            for name in _LEXICON_FILES
        }
        self.lexicon = NameLexicon(**lists)
        return self


@Language.factory(NAMES_FACTORY)
def make_name_tagger(nlp: Language, name: str) -> NameTagger:
    return NameTagger(nlp.vocab)


# --- organisations and ship names ---------------------------------------------

_AGENCY = "agency"  # an office, court, association …: a name once qualified ("Bundesstelle für …")
_SELF = "self"  # a compound that names one body by itself ("Havariekommando", "Wasserschutzpolizei")
_FIRM = "firm"  # a company word in apposition: "die Reederei Vesterhav Færger" → the name alone
_GROUP = "group"  # a word that is part of the name: "Bündnis Blaue Küste"
_MEDIA = "media"  # a newspaper's last word: "Kieler Rundschau", "Hanse-Kurier"


def _forms(kind: str, spec: str) -> dict[str, tuple[str, str]]:
    """"amt:s,es" → {"amt": ("amt", kind), "amts": …, "amtes": …}."""
    table = {}
    for entry in spec.split():
        lemma, _, endings = entry.partition(":")
        for ending in ("", *filter(None, endings.split(","))):
            table[lemma + ending] = (lemma, kind)
    return table


_HEAD_FORMS: dict[str, tuple[str, str]] = {
    **_forms(
        _AGENCY,
        "amt:s,es behörde verwaltung kommission direktion gericht:s,es gerichtshof:s,es "
        "verband:s,es stelle rat:s,es agentur institut:s,es stiftung partei regierung "
        "dienst:s,es ausschuss:es kammer fraktion akademie universität hochschule zentrum:s "
        "staatsanwaltschaft bank senat:s,es anstalt bund:s,es",
    ),
    **_forms(_SELF, "ministerium:s kommando:s polizei kommissariat:s,es"),
    **_forms(
        _FIRM,
        "reederei konzern:s,es firma unternehmen:s verlag:s,es werft fluggesellschaft brauerei "
        "gewerkschaft",
    ),
    **_forms(_GROUP, "bündnis:ses bewegung initiative allianz netzwerk:s,es vereinigung verein:s,es"),
    **_forms(
        _MEDIA,
        "zeitung rundschau kurier:s anzeiger:s tagblatt:s,es abendblatt:s,es morgenpost "
        "nachrichten rundfunk:s",
    ),
}
"""Singular case forms of the last word of an organisation's name; plurals
("Behörden", "Ämter") are never one organisation."""
_HEAD_LENGTHS = sorted({len(form) for form in _HEAD_FORMS}, reverse=True)
_LEGAL_FORMS = frozenset(
    "GmbH gGmbH AG SE KG KGaA OHG UG e.V. eV eG mbH plc Inc. Ltd. LLC Corp.".split()
)
_OFFICIAL_PREFIXES = ("Bundes", "Landes", "General", "Ober", "Staats", "Stadt", "Kreis", "Bezirks", "Zentral")
"""A compound with one of these is a public body's name: "Bundesstelle", "Generaldirektion"."""
_PERSON_TITLE_HEADS = frozenset({"rat"})
"""Heads that also make titles of people: "Stadtrat Müller", "Landrat"."""
_LOCAL_HEADS = frozenset({"polizei", "universität", "hochschule", "staatsanwaltschaft", "senat"})
"""Bare heads that a place name after them makes a name: "Polizei Hamburg"."""
_NO_FOR_TAIL = frozenset({"stelle", "bank", "dienst", "partei", "regierung", "rat"})
"""Bare heads too common to be named by a "für …" tail ("an Stelle für …")."""
_INDEFINITE = frozenset(
    "ein eine einen einem einer eines kein keine keinen keinem keiner keines jede jeder jedes "
    "jeden jedem manche mancher manches viele mehrere einige solche solcher solches welche "
    "welcher welches irgendein irgendeine".split()
)
_BEFORE_NAME = frozenset(
    "der die das des dem den vom beim zum zur im am bei von mit für laut gegen über unter "
    "durch seitens".split()
)
"""Words after which a capitalised word and a company word form a name: "der Nordlicht Reederei"."""
_ARTICLES = frozenset("der die das des dem den".split())
_TIME_WORDS = frozenset(
    "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März April Mai "
    "Juni Juli August September Oktober November Dezember Morgen Abend Mittag Nacht Tag Tage "
    "Tagen Woche Wochen Monat Monate Monaten Jahr Jahre Jahren Stunde Stunden Minuten Uhr Zeit "
    "Ende Anfang Mitte Prozent Euro Dollar Millionen Milliarden".split()
)
_NOT_SURNAMES = _TIME_WORDS
_ABSTRACT_ENDINGS = (
    "ung", "heit", "keit", "ion", "tät", "schaft", "ismus", "ik", "nis", "ment", "enz", "anz",
)
"""Nouns ending so are sentence grammar, not a surname: "Kanzler Friedrich Kritik übte"."""
_QUOTES = frozenset("„“”\"»«‚‘’")
_OPENING_QUOTES = frozenset("„“\"»«‚")
_VESSELS = (
    "schiff", "schiffs", "frachter", "frachters", "fähre", "tanker", "tankers", "feeder",
    "boot", "boots", "jacht", "yacht", "dampfer", "dampfers", "kutter", "schlepper",
    "fregatte", "korvette", "zerstörer", "träger", "trägers", "segler", "seglers",
)
_MAX_SHIP_TOKENS = 4
_GENERIC_ACRONYMS = frozenset("PR IT KI TV HR PC AI VR EDV SMS MINT LKW PKW ÖPNV CO2".split())
"""Acronyms that make generic compounds: "PR-Agentur", "IT-Dienst"."""


@dataclass(frozen=True, slots=True)
class _Head:
    kind: str
    lemma: str
    modifier: str
    """The compound's first part ("Schifffahrts"), "" for a bare head."""
    hyphen: bool = False
    named: bool = False
    """Hyphenated with a name part: "EU-Kommission", "Ifo-Institut"."""
    official: bool = False
    """With a public body's prefix: "Bundesstelle", "Generaldirektion"."""


class _OrgFinder:
    """Organisations by the shape of their names, and quoted ship names.

    A head word ("…amt", "…polizei", "Reederei", "Bündnis", "GmbH") makes an
    organisation only with evidence that it is a proper name: an official prefix
    ("Bundesstelle"), a hyphenated name part ("EU-Kommission"), a coordinated
    compound ("Wasserstraßen- und Schifffahrtsamt"), a capitalised adjective or
    name before it ("Deutsche Bank", "Nordlicht Reederei"), or a tail after it
    ("… für Seeunfalluntersuchung", "… des Bundes", "… Hamburg", "… Blaue Küste").
    "Das Amt", "die Regierung", "der Verband", "die Polizei" stay common nouns;
    compounds that name one body by themselves ("Havariekommando",
    "Wasserschutzpolizei", "Verteidigungsministerium") are names unless an
    indefinite word makes them generic ("ein Sonderkommando")."""

    def __init__(
        self,
        tagger: NameTagger,
        doc: Doc,
        orths: list[int],
        classes: list[int],
        owner: dict[int, Span],
        people: set[int],
        nouns: frozenset[str],
    ) -> None:
        self.tagger = tagger
        self.doc = doc
        self.strings = tagger.vocab.strings
        self.orths = orths
        self.classes = classes
        self.owner = owner
        self.people = people
        self.nouns = nouns
        self.n = len(orths)

    def word(self, t: int) -> str:
        return self.strings[self.orths[t]] if 0 <= t < self.n else ""

    def sent_start(self, t: int) -> bool:
        return bool(self.doc[t].is_sent_start)

    def run(self, positions: list[int]) -> list[Span]:
        spans = []
        taken: set[int] = set()
        for t in positions:
            if t in taken:
                continue
            word = self.word(t)
            if word in _OPENING_QUOTES:
                found = self._ship(t)
                label = "MISC"
            else:
                head = self.tagger._heads.get(word)
                found = self._organisation(t, head) if head is not None else None
                label = "ORG"
            if found is None or not self._fits(*found):
                continue
            spans.append(Span(self.doc, found[0], found[1], label=label))
            taken.update(range(*found))
        return spans

    def _fits(self, start: int, end: int) -> bool:
        """No person inside, no entity cut in two, not inside a known organisation."""
        if start >= end or any(t in self.people for t in range(start, end)):
            return False
        for t in (start, end - 1):
            ent = self.owner.get(t)
            if ent is not None and (ent.start < start or ent.end > end):
                return False
        return True

    # -- organisations --

    def _organisation(self, h: int, head: _Head) -> tuple[int, int] | None:
        ent = self.owner.get(h)
        if ent is not None and ent.label_ == "ORG":
            return None  # the curated list already knows it
        if head.kind == "legal":
            return self._legal(h)
        kind, bare = head.kind, not head.modifier
        start, end = h, h + 1
        # A company word or a newspaper's is generic after any prefix ("US-Konzern").
        evidence = (head.official or head.named) and kind in (_AGENCY, _SELF, _GROUP)
        if kind == _SELF and not bare:
            evidence = True
        # before the head
        if kind in (_AGENCY, _SELF) and not bare and (first := self._coordinated(h)) < h:
            start, evidence = first, True
        if (adjectives := self._adjectives_before(start, kind)) < start:
            start, evidence = adjectives, True
        elif kind in (_FIRM, _GROUP) or head.lemma in ("stiftung", "institut"):
            if self._name_before(start, allow_nouns=kind == _FIRM):
                start, evidence = start - 1, True
        # after the head
        if kind in (_AGENCY, _SELF, _GROUP) and not (bare and head.lemma in _NO_FOR_TAIL):
            if (tail := self._for_tail(end)) > end:
                end, evidence = tail, True
        if kind in (_AGENCY, _SELF, _GROUP) and (tail := self._genitive_tail(end)) > end:
            end, evidence = tail, True
        if kind in (_AGENCY, _SELF) and head.lemma not in _PERSON_TITLE_HEADS:
            if not bare or head.lemma in _LOCAL_HEADS:
                if (tail := self._place_tail(end, towns_only=kind == _SELF)) > end:
                    end, evidence = tail, True
        if head.lemma == "direktion" and (tail := self._noun_pair_tail(end)) > end:
            end = tail  # "Generaldirektion Wasserstraßen und Schifffahrt"
        if kind in (_FIRM, _GROUP) and end == h + 1 and (tail := self._name_tail(end)) > end:
            if kind == _FIRM and start == h:
                start = h + 1  # "die Reederei Vesterhav Færger": the company is the name
            end, evidence = tail, True
        if not evidence or self._indefinite_before(start):
            return None
        return start, end

    def _coordinated(self, h: int) -> int:
        """Start of "Wasserstraßen- und Schifffahrtsamt" ("Verkehrs-, Bau- und …")."""
        if self.word(h - 1) not in ("und", "oder", "sowie"):
            return h
        start, t = h, h - 2
        while self._truncated(t):
            start = t
            if self.word(t - 1) != ",":
                break
            t -= 2
        return start

    def _truncated(self, t: int) -> bool:
        word = self.word(t)
        return len(word) > 3 and word.endswith("-") and word[:1].isupper() and t not in self.owner

    def _adjectives_before(self, start: int, kind: str) -> int:
        """One or two capitalised adjectives inside a sentence: "Deutsche Bank",
        "Auswärtiges Amt"; a newspaper also takes a place's ("Kieler Rundschau")."""
        first = start
        for t in (start - 1, start - 2):
            if t < 0 or t in self.owner or t in self.people:
                break
            word = self.word(t)
            if kind == _MEDIA and _place_adjective(word) and first == start:
                first = t
                continue
            if not self._adjective(word) or self.sent_start(t):
                break
            first = t
        return first

    def _adjective(self, word: str) -> bool:
        lower = word.lower()
        return (
            len(word) >= 4
            and word[:1].isupper()
            and word.isalpha()
            and lower.endswith(("e", "en", "er", "es", "em"))
            and lower not in STOP_WORDS
            and not self._known_name(word)
            and (word not in self.nouns or lower.startswith("deutsch") or "isch" in lower[-7:])
        )

    def _known_name(self, word: str) -> bool:
        """A first name or surname ("Lindner") is no adjective."""
        lexicon = self.tagger.lexicon
        return word in lexicon.first_names or word in lexicon.surnames

    def _name_before(self, start: int, *, allow_nouns: bool) -> bool:
        """A name right before a company word, after an article or preposition:
        "der Nordlicht Reederei", "die Bertelsmann Stiftung"."""
        t = start - 1
        if t < 0 or t in self.owner or t in self.people:
            return False
        word, word_class = self.word(t), self.classes[t]
        if not (word[:1].isupper() and word.isalpha()) or word_class & _ROLE:
            return False
        if word.lower() in STOP_WORDS or word in _TIME_WORDS:
            return False
        if not word_class & _NAME and not (allow_nouns and not word.endswith("er")):
            return False
        return t == 0 or self.sent_start(t) or self.word(t - 1).lower() in _BEFORE_NAME

    def _for_tail(self, t: int) -> int:
        """End of "für Seeunfalluntersuchung", "für Migration und Flüchtlinge",
        "für Verkehr und digitale Infrastruktur"; `t` when there is none. A
        capitalised word after the tail means "für" belonged to the sentence."""
        if self.word(t) != "für":
            return t
        end, k = t, t + 1
        while k < self.n and k - t <= 6:
            word = self.word(k)
            if self._tail_noun(k):
                end = k + 1
            elif word == "und" and end == k:
                pass
            elif not (
                # an adjective opening a noun phrase: "für Verkehr und digitale Infrastruktur"
                self.word(k - 1) in ("für", "und")
                and word.islower()
                and word.endswith(("e", "en", "er", "es", "em"))
            ):
                break
            k += 1
        if end == t or self.word(end)[:1].isupper():
            return t
        return end

    def _tail_noun(self, k: int) -> bool:
        word = self.word(k)
        return (
            word[:1].isupper()
            and word.replace("-", "").isalpha()
            and word.lower() not in STOP_WORDS
            and word not in _TIME_WORDS
            and k not in self.people
            and not self.sent_start(k)
        )

    def _genitive_tail(self, t: int) -> int:
        """ "des Bundes", "der Länder", "des Landes Schleswig-Holstein", "der Stadt
        Kiel", or an organisation: "der Vereinten Nationen"."""
        if self.word(t) not in ("des", "der") or t + 1 >= self.n:
            return t
        nxt = self.word(t + 1)
        ent = self.owner.get(t + 1)
        if nxt in ("Bundes", "Länder"):
            return t + 2
        if nxt in ("Landes", "Stadt", "Freistaats", "Freistaates"):
            place = self.owner.get(t + 2)
            if place is not None and place.label_ == "LOC" and place.start == t + 2:
                return place.end
            return t + 2 if nxt == "Landes" else t
        if ent is not None and ent.label_ == "ORG" and ent.start == t + 1:
            return ent.end
        return t

    def _place_tail(self, t: int, *, towns_only: bool) -> int:
        """A place right after the head: "Hafenwirtschaftsverband Hamburg",
        "Schifffahrtsamt Nord-Ostsee-Kanal". After a ministry only a town: in
        "dass das Verteidigungsministerium Nordkorea …" the country is an object."""
        ent = self.owner.get(t)
        if ent is not None and ent.start == t and ent.label_ == "LOC":
            if ent.id_ == PLACE or not towns_only:
                return ent.end
        return t

    def _noun_pair_tail(self, t: int) -> int:
        if (
            self._tail_noun(t)
            and self.word(t + 1) == "und"
            and self._tail_noun(t + 2)
            and not self.word(t + 3)[:1].isupper()
        ):
            return t + 3
        return t

    def _name_tail(self, t: int) -> int:
        """Names after a company or group word: "Vesterhav Færger", "Blaue Küste"
        (a noun only after a capitalised adjective)."""
        end, after_adjective = t, False
        while end < self.n and end - t < 3:
            place = self.owner.get(end)
            if after_adjective and place is not None and place.label_ == "LOC" and place.start == end:
                return place.end  # "Initiative Saubere Schlei"
            if place is not None or end in self.people or self.sent_start(end):
                break
            word, word_class = self.word(end), self.classes[end]
            if not word[:1].isupper() or word.lower() in STOP_WORDS or word_class & _ROLE:
                break
            adjective = self._adjective(word)
            if end == t:
                fits = bool(word_class & _NAME) or adjective
            else:
                fits = bool(word_class & _SURNAME) or adjective or (after_adjective and word.isalpha())
            if not fits:
                break
            after_adjective = adjective
            end += 1
        return end

    def _legal(self, h: int) -> tuple[int, int] | None:
        """ "Musterbau GmbH", "Hapag-Lloyd AG", "Meyer & Co. KG"."""
        start, t = h, h - 1
        while t >= 0 and h - t <= 4:
            word = self.word(t)
            if t in self.people:
                break
            if word in ("&", "Co.", "Co") or (
                word[:1].isupper() and word.lower() not in STOP_WORDS and word not in _LEGAL_FORMS
            ):
                start = t
                if self.sent_start(t):
                    break
                t -= 1
                continue
            break
        if start == h or self.word(start) in ("&", "Co.", "Co"):
            return None
        end = h + 1
        while self.word(end) in ("&", "Co.", "KG", "KGaA"):
            end += 1
        while self.word(end - 1) in ("&", "Co."):
            end -= 1
        return start, self._genitive_tail(end)  # "die Autobahn GmbH des Bundes"

    def _indefinite_before(self, start: int) -> bool:
        """ "ein Sonderkommando", "jedes neue Ministerium": not one named body."""
        t = start - 1
        while t >= 0 and start - t <= 3:
            word = self.word(t)
            if word.lower() in _INDEFINITE:
                return True
            if not word.islower() or word in _BEFORE_NAME:
                return False
            t -= 1
        return False

    # -- ship names --

    def _ship(self, q: int) -> tuple[int, int] | None:
        """A quoted name after an article or a vessel word: der „Baltic Meridian“,
        das Containerschiff "Baltic Meridian" (MISC). At least one word must be no
        common noun: die „Zeitenwende“ is a scare-quoted word."""
        before = self.word(q - 1)
        vessel = before.lower().endswith(_VESSELS)
        if before.lower() not in _ARTICLES and not vessel:
            return None
        end, named = q + 1, vessel
        while end < self.n and end - q <= _MAX_SHIP_TOKENS:
            word = self.word(end)
            if word in _QUOTES:
                break
            if not (word[:1].isupper() or word.isdigit()):
                return None
            named = named or bool(self.classes[end] & _NAME)
            end += 1
        if end == q + 1 or not named or self.word(end) not in _QUOTES:
            return None
        return q + 1, end


def _place_adjective(word: str) -> bool:
    """ "Kieler", "Hamburger": a place's adjective, capitalised."""
    return len(word) >= 5 and word[:1].isupper() and word.isalpha() and word.endswith("er")
