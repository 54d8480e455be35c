"""The built-in offline German recognizer, used where no trained pipeline is installed.

`spacy.blank("de")` + sentencizer + an entity ruler fed by `ingest.gazetteer` +
the `parallax_names` component below, which adds people announced by a role word
or a first name. Building it reads ~100k german-nouns rows, so the built pipeline
is cached on disk, keyed by the versions of everything it was built from.
"""

from __future__ import annotations

import hashlib
import json
import os
import inspect
import shutil
import tempfile
from collections.abc import Callable, Iterable
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

from ingest.gazetteer import (
    DATA_DIR,
    PLACE,
    Gazetteer,
    NameLexicon,
    build_gazetteer,
    data_fingerprint,
    source_versions,
)

RECOGNIZER_NAME = "parallax-offline-de"
RECOGNIZER_VERSION = 1
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

_MAX_NAME_TOKENS = 4
# Linking elements between the parts of a compound: "Regierungs|sprecher".
_LINKS = ("s", "es", "n", "en", "e", "er")
_MAX_CACHED_WORDS = 500_000
_LEXICON_FILES = ("first_names", "surnames", "common_nouns", "role_forms")


class NameTagger:
    """Tags people announced by a role word or a first name ("Kreml-Sprecher Dmitri
    Peskow", "Mark Rutte"), then every bare mention of a tagged person's surname in
    the same doc or in later paragraphs of the same article ("sagte Rutte", "Ruttes")."""

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

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orths: list[int] = doc.to_array(ORTH).tolist()
        classes = self._word_classes(orths)
        ents = list(doc.ents)
        owner = {t: ent for ent in ents for t in range(ent.start, ent.end)}

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

        found = []
        for i, word_class in enumerate(classes):
            # Right after a role word a place is no name: "Botschafter Seouls".
            after_role = owner.get(i + 1)
            if word_class & _ROLE and (after_role is None or after_role.label_ == "PER"):
                if (end := run_end(i + 1, _NAME)) > i + 1:
                    found.append(Span(doc, i + 1, end, label="PER"))
            if word_class & _FIRST and free(i):
                if (end := run_end(i + 1, _SURNAME)) > i + 1:
                    found.append(Span(doc, i, end, label="PER"))
        covered = {t for span in found for t in range(span.start, span.end)}
        aliases = self._aliases(found + [ent for ent in ents if ent.label_ == "PER"], classes, orths)
        aliases |= self._article_aliases(doc, aliases)
        for t, orth in enumerate(orths):
            if orth in aliases and t not in covered and free(t):
                found.append(Span(doc, t, t + 1, label="PER"))
        if found:
            covered = {t for span in found for t in range(span.start, span.end)}
            kept = [ent for ent in ents if not covered.intersection(range(ent.start, ent.end))]
            doc.ents = filter_spans(found + kept)
        return doc

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
        classes = [cache.get(orth, -1) for orth in orths]
        if -1 in classes:
            strings = self.vocab.strings
            for t, orth in enumerate(orths):
                if classes[t] == -1:
                    classes[t] = cache[orth] = self._classify(strings[orth])
        return classes

    def _classify(self, word: str) -> int:
        if not word[:1].isupper():
            return 0
        lexicon = self._lexicon
        lower = word.lower()
        word_class = _FIRST if word in lexicon.first_names else 0
        if lower in lexicon.role_forms or any(
            lower[-n:] in lexicon.role_forms for n in self._role_lengths if n <= len(lower) - 2
        ):
            word_class |= _ROLE
        if lower in STOP_WORDS or (len(word) > 1 and word.isupper()):
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
