"""The word lists behind the offline recognizer, built from maintained packages.

babel gives the German names of countries, regions and time-zone cities;
german-nouns (its noun table, shipped as the extract `ingest/data/german_nouns.tsv.gz`,
CC BY-SA 4.0; see `scripts/extract_german_nouns.py`) gives toponyms, first names,
surnames and the plain common nouns that tell a name from a capitalised noun;
package data (`ingest/data/*.txt`) adds organisations, people, places, extra first
names and role words.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from importlib import metadata, resources
from importlib.resources.abc import Traversable

import babel
import babel.dates
from babel.core import get_global
from spacy.lang.de.stop_words import STOP_WORDS

DATA_DIR: Traversable = resources.files("parallax.ingest") / "data"
NOUNS_FILE = "german_nouns.tsv.gz"
DATA_FILES = (
    "organisations.txt", "people.txt", "places.txt", "first_names.txt", "role_words.txt", NOUNS_FILE,
)
SOURCE_PACKAGES = ("spacy", "babel")

# Pattern ids. A "place" (a city or a german-nouns toponym) may turn out to be part
# of a person's name ("Lloyd Austin"); a "country" (or region, or curated place)
# never does.
COUNTRY = "country"
PLACE = "place"
ORGANISATION = "org"
PERSON = "person"

# babel territory codes that are no place: the world, unions, test regions.
_NOT_PLACES = frozenset({"001", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
# Nouns declined like adjectives ("Abgeordnete") are common nouns too.
_COMMON_NOUN_POS = frozenset({"Substantiv", "Substantiv,adjektivische Deklination"})


@dataclass(frozen=True, slots=True)
class NameLexicon:
    """What the name tagger needs to tell a name from a capitalised word."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    common_nouns: frozenset[str]
    role_forms: frozenset[str]
    """Lower-case singular forms of the role words ("präsidenten")."""


@dataclass(frozen=True, slots=True)
class Gazetteer:
    patterns: list[dict[str, str]]
    """Entity-ruler phrase patterns: label, pattern, id."""
    lexicon: NameLexicon


@dataclass(slots=True)
class _Nouns:
    common: set[str]
    toponyms: dict[str, set[str]]
    """Lemma → genitive forms given by german-nouns."""
    first_names: set[str]
    surnames: set[str]
    singular_forms: dict[str, set[str]]
    """Lemma → its singular case forms, for the lemmas asked for."""


def build_gazetteer(data_dir: Traversable = DATA_DIR) -> Gazetteer:
    role_words = set(read_list(data_dir / "role_words.txt"))
    nouns = _read_german_nouns(role_words, data_dir)
    people = list(_read_variants(data_dir / "people.txt"))
    # First names that are also function words ("Anders", "Will") are kept: the
    # name tagger takes them for names only right after a role word.
    first_names = nouns.first_names | set(read_list(data_dir / "first_names.txt"))

    by_pattern: dict[str, tuple[str, str]] = {}

    def add(names: Iterable[str], label: str, pattern_id: str, *, genitives: bool) -> None:
        for name in names:
            forms = [name]
            # "Chinas" is a plural noun too, but a country's genitive far more often
            gen = genitive(name) if genitives else None
            if gen and (pattern_id != PLACE or gen not in nouns.common):
                forms.append(gen)
            for form in forms:
                by_pattern.setdefault(form, (label, pattern_id))

    # Curated lists first: setdefault keeps the first label a string was given.
    for variants in people:
        add(variants, "PER", PERSON, genitives=True)
    for variants in _read_variants(data_dir / "organisations.txt"):
        add(variants + [v.upper() for v in variants], "ORG", ORGANISATION, genitives=False)
    for variants in _read_variants(data_dir / "places.txt"):
        add(variants, "LOC", COUNTRY, genitives=True)

    # Country and German city names are used as places far more often than as the
    # nouns they collide with ("Polen", "Rom"); English city names and the many
    # small toponyms of german-nouns must not be common nouns or first names.
    german_cities = set(babel_german_cities())
    add(filter(_not_stop_word, babel_territories()), "LOC", COUNTRY, genitives=True)
    add(filter(_not_stop_word, german_cities), "LOC", PLACE, genitives=True)
    other_cities = (c for c in babel_cities() if c not in german_cities)
    add((c for c in other_cities if _plausible_place(c, nouns.common)), "LOC", PLACE, genitives=True)
    for lemma, genitive_forms in nouns.toponyms.items():
        if _plausible_place(lemma, nouns.common, first_names):
            add([lemma], "LOC", PLACE, genitives=not genitive_forms)
            add((g for g in genitive_forms if g not in nouns.common), "LOC", PLACE, genitives=False)

    patterns = [
        {"label": label, "pattern": pattern, "id": pattern_id}
        for pattern, (label, pattern_id) in by_pattern.items()
    ]
    people_words = {word for variants in people for name in variants for word in name.split()}
    role_forms = {word.lower() for word in role_words}
    for forms in nouns.singular_forms.values():
        role_forms.update(form.lower() for form in forms)
    lexicon = NameLexicon(
        first_names=frozenset(first_names),
        surnames=frozenset(nouns.surnames | (people_words - first_names)),
        common_nouns=frozenset(nouns.common),
        role_forms=frozenset(role_forms),
    )
    return Gazetteer(patterns=patterns, lexicon=lexicon)


def genitive(name: str) -> str | None:
    """"Russland" → "Russlands", "Wladimir Putin" → "Wladimir Putins"; None where the
    genitive takes an apostrophe or no ending ("Scholz", "Paris")."""
    last = name[-1]
    if not last.isalpha() or last.isupper() or last in "sßxz" or name.endswith("ce"):
        return None
    return name + "s"


def babel_territories() -> Iterator[str]:
    for code, name in babel.Locale("de").territories.items():
        if code not in _NOT_PLACES:
            yield name


def babel_german_cities() -> Iterator[str]:
    """Time-zone exemplar cities that the German locale names itself
    ("Wladiwostok", "Moskau", "Rom")."""
    for zone, names in babel.Locale("de").time_zones.items():
        if not zone.startswith("Etc/") and (city := _clean_city(names.get("city", ""))):
            yield city


def babel_cities() -> Iterator[str]:
    """Exemplar cities of all time zones: German names where the locale has one,
    else the zone's own (English) name ("Seoul", "Berlin")."""
    locale = babel.Locale("de")
    for zone in get_global("zone_territories"):
        if not zone.startswith("Etc/"):
            city = babel.dates.get_timezone_location(zone, locale=locale, return_city=True)
            if city := _clean_city(city):
                yield city


def _clean_city(city: str) -> str:
    """"Argentina/Buenos Aires" → "Buenos Aires", soft hyphens out of "Reykjavík";
    "" for "GMT+1" and for small towns named with their state ("Center, North
    Dakota") whose bare names are common words."""
    if "," in city or city.startswith("GMT"):
        return ""
    return city.rpartition("/")[2].replace("\xad", "").strip()


def read_list(path: Traversable) -> list[str]:
    """Non-empty lines of a package-data list, without comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def data_fingerprint(data_dir: Traversable = DATA_DIR) -> str:
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode())
        digest.update((data_dir / name).read_bytes())
    return digest.hexdigest()


def source_versions() -> dict[str, str]:
    return {package: metadata.version(package) for package in SOURCE_PACKAGES}


def _read_variants(path: Traversable) -> Iterator[list[str]]:
    for line in read_list(path):
        yield [variant.strip() for variant in line.split("|") if variant.strip()]


def _not_stop_word(name: str) -> bool:
    return name.lower() not in STOP_WORDS


def _plausible_place(name: str, common_nouns: Set[str], first_names: Set[str] = frozenset()) -> bool:
    """A place name that is not also a capitalised common noun ("Essen", "Jersey"),
    a function word at the start of a sentence ("Weil"), or a first name ("Regina")."""
    if not name[:1].isupper() or any(ch.isdigit() or ch in "()/,;" for ch in name):
        return False
    if " " in name:
        return True
    return name.lower() not in STOP_WORDS and name not in common_nouns and name not in first_names


def _read_german_nouns(lemmas_wanted: set[str], data_dir: Traversable = DATA_DIR) -> _Nouns:
    nouns = _Nouns(set(), {}, set(), set(), {})
    with (data_dir / NOUNS_FILE).open("rb") as packed, gzip.open(packed, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            lemma, pos, singular, genitive, plural = line.rstrip("\n").split("\t")
            kinds = pos.split(",")
            if pos in _COMMON_NOUN_POS:
                nouns.common.add(lemma)
                nouns.common.update(_forms(singular), _forms(plural))
                if lemma in lemmas_wanted:
                    nouns.singular_forms.setdefault(lemma, {lemma}).update(_forms(singular))
            elif "Toponym" in kinds:
                nouns.toponyms.setdefault(lemma, set()).update(_forms(genitive))
            elif "Vorname" in kinds and lemma.isalpha():
                nouns.first_names.add(lemma)
            elif "Nachname" in kinds and lemma.isalpha():
                nouns.surnames.add(lemma)
    return nouns


def _forms(joined: str) -> list[str]:
    return joined.split("|") if joined else []
