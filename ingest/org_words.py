"""The words organisation and ship names are built from: the head words that end an
organisation's name ("…amt", "Reederei", "GmbH"), what may stand before or after
them, and the vessel words before a quoted ship name. Data for `org_finder`."""

from __future__ import annotations

from dataclasses import dataclass

AGENCY = "agency"  # an office, court, association …: a name once qualified ("Bundesstelle für …")
SELF = "self"  # a compound that names one body by itself ("Havariekommando", "Wasserschutzpolizei")
FIRM = "firm"  # a company word in apposition: "die Reederei Vesterhav Færger" → the name alone
GROUP = "group"  # a word that is part of the name: "Bündnis Blaue Küste"
MEDIA = "media"  # a newspaper's last word: "Kieler Rundschau", "Hanse-Kurier"


def _forms(kind: str, spec: str) -> dict[str, tuple[str, str]]:
    """"amt:s,es" → {"amt": ("amt", kind), "amts": …, "amtes": …}."""
    table = {}
    for entry in spec.split():
        lemma, _, endings = entry.partition(":")
        for ending in ("", *filter(None, endings.split(","))):
            table[lemma + ending] = (lemma, kind)
    return table


HEAD_FORMS: dict[str, tuple[str, str]] = {
    **_forms(
        AGENCY,
        "amt:s,es behörde verwaltung kommission direktion gericht:s,es gerichtshof:s,es "
        "verband:s,es stelle rat:s,es agentur institut:s,es stiftung partei regierung "
        "dienst:s,es ausschuss:es kammer fraktion akademie universität hochschule zentrum:s "
        "staatsanwaltschaft bank senat:s,es anstalt bund:s,es",
    ),
    **_forms(SELF, "ministerium:s kommando:s polizei kommissariat:s,es"),
    **_forms(
        FIRM,
        "reederei konzern:s,es firma unternehmen:s verlag:s,es werft fluggesellschaft brauerei "
        "gewerkschaft",
    ),
    **_forms(GROUP, "bündnis:ses bewegung initiative allianz netzwerk:s,es vereinigung verein:s,es"),
    **_forms(
        MEDIA,
        "zeitung rundschau kurier:s anzeiger:s tagblatt:s,es abendblatt:s,es morgenpost "
        "nachrichten rundfunk:s",
    ),
}
"""Singular case forms of the last word of an organisation's name; plurals
("Behörden", "Ämter") are never one organisation."""
HEAD_LENGTHS = sorted({len(form) for form in HEAD_FORMS}, reverse=True)
LEGAL_FORMS = frozenset(
    "GmbH gGmbH AG SE KG KGaA OHG UG e.V. eV eG mbH plc Inc. Ltd. LLC Corp.".split()
)
OFFICIAL_PREFIXES = ("Bundes", "Landes", "General", "Ober", "Staats", "Stadt", "Kreis", "Bezirks", "Zentral")
"""A compound with one of these is a public body's name: "Bundesstelle", "Generaldirektion"."""
PERSON_TITLE_HEADS = frozenset({"rat"})
"""Heads that also make titles of people: "Stadtrat Müller", "Landrat"."""
LOCAL_HEADS = frozenset({"polizei", "universität", "hochschule", "staatsanwaltschaft", "senat"})
"""Bare heads that a place name after them makes a name: "Polizei Hamburg"."""
NO_FOR_TAIL = frozenset({"stelle", "bank", "dienst", "partei", "regierung", "rat"})
"""Bare heads too common to be named by a "für …" tail ("an Stelle für …")."""
TAIL_ONLY = frozenset({"zentrum"})
"""Heads that name a body only with a tail ("Zentrum für Luft- und Raumfahrt"): with a
prefix or a name part they are a place ("Stadtzentrum", "Palermo-Zentrum"; on GermEval
train 16 such, none an organisation)."""
INDEFINITE = frozenset(
    "ein eine einen einem einer eines kein keine keinen keinem keiner keines jede jeder jedes "
    "jeden jedem manche mancher manches viele mehrere einige solche solcher solches welche "
    "welcher welches irgendein irgendeine".split()
)
BEFORE_NAME = frozenset(
    "der die das des dem den vom beim zum zur im am bei von mit für laut gegen über unter "
    "durch seitens".split()
)
"""Words after which a capitalised word and a company word form a name: "der Nordlicht Reederei"."""
ARTICLES = frozenset("der die das des dem den".split())
TIME_WORDS = frozenset(
    "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März April Mai "
    "Juni Juli August September Oktober November Dezember Morgen Abend Mittag Nacht Tag Tage "
    "Tagen Woche Wochen Monat Monate Monaten Jahr Jahre Jahren Stunde Stunden Minuten Uhr Zeit "
    "Ende Anfang Mitte Prozent Euro Dollar Millionen Milliarden".split()
)
NOT_SURNAMES = TIME_WORDS
ABSTRACT_ENDINGS = (
    "ung", "heit", "keit", "ion", "tät", "schaft", "ismus", "ik", "nis", "ment", "enz", "anz",
)
"""Nouns ending so are sentence grammar, not a surname: "Kanzler Friedrich Kritik übte"."""
QUOTES = frozenset("„“”\"»«‚‘’")
OPENING_QUOTES = frozenset("„“\"»«‚")
VESSELS = (
    "schiff", "schiffs", "frachter", "frachters", "fähre", "tanker", "tankers", "feeder",
    "boot", "boots", "jacht", "yacht", "dampfer", "dampfers", "kutter", "schlepper",
    "fregatte", "korvette", "zerstörer", "träger", "trägers", "segler", "seglers",
)
MAX_SHIP_TOKENS = 4
GENERIC_ACRONYMS = frozenset("PR IT KI TV HR PC AI VR EDV SMS MINT LKW PKW ÖPNV CO2".split())
"""Acronyms that make generic compounds: "PR-Agentur", "IT-Dienst"."""


@dataclass(frozen=True, slots=True)
class Head:
    kind: str
    lemma: str
    modifier: str
    """The compound's first part ("Schifffahrts"), "" for a bare head."""
    hyphen: bool = False
    named: bool = False
    """Hyphenated with a name part: "EU-Kommission", "Ifo-Institut"."""
    official: bool = False
    """With a public body's prefix: "Bundesstelle", "Generaldirektion"."""


def place_adjective(word: str) -> bool:
    """ "Kieler", "Hamburger": a place's adjective, capitalised."""
    return len(word) >= 5 and word[:1].isupper() and word.isalpha() and word.endswith("er")