"""What a paragraph of a German news page is: the pattern table behind `clean`.

Every rule names the zone kind it assigns and why. The table is ordered: the first
rule that matches a unit (a paragraph, or a heading line split off one) wins.
Patterns describe German news pages in general, not any one article.

Scopes:
- ``line``: the whole unit matches (``fullmatch``); for short, standalone lines.
- ``block``: the pattern occurs somewhere in a unit of at most ``max_len`` chars.
- ``heading``: a whole-unit heading that opens a section (see ``Section``).
- ``prefix``: the start of a unit before the body has begun (dateline, site name);
  only the matched text gets the kind, the rest is classified on its own.

Every pattern is bounded (no nested unbounded repeats) and ``line``/``block``
rules only run on units up to ``max_len`` characters, so a 1.5-million-character
paragraph costs nothing here.

Every paragraph of every page is tried against the table, and most of them are
running text that no rule matches. So a rule may name the words it ``needs``:
lower-case text of which one is part of every match. Its pattern then only runs
on units that contain one of them (a substring test costs nanoseconds, a regex
search through a paragraph 5–10 µs). Every ``block`` rule names them, and so do
the ``line`` rules whose patterns scan (``.{0,30}\\b…``). The rarer the words the
better: the verbs of an appeal rather than "jetzt". The tests check that every
match holds one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Scope = Literal["line", "block", "heading", "prefix"]
Section = Literal["comments", "editorial", "appendix", "items"]
"""What a heading opens: ``comments`` reader posts to the end (when posts follow);
``editorial`` the outlet's own comment up to the next box or boilerplate;
``appendix`` an explanatory box that runs to the end (or the reader comments);
``items`` a list of short items (links, tags, teasers, author names)."""


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    pattern: re.Pattern[str]
    reason: str
    scope: Scope = "line"
    max_len: int = 300
    section: Section | None = None
    needs: tuple[str, ...] = ()
    """Lower-case words one of which occurs in every text the pattern matches;
    units without any of them are not searched. Empty: always searched."""


def _rule(
    kind: str,
    pattern: str,
    reason: str,
    scope: Scope = "line",
    *,
    max_len: int = 300,
    section: Section | None = None,
    ignore_case: bool = True,
    needs: tuple[str, ...] = (),
) -> Rule:
    if any(word != word.lower() or not word for word in needs):
        raise ValueError(f"needs must be non-empty lower-case words: {needs!r}")
    flags = re.IGNORECASE if ignore_case else 0
    return Rule(kind, re.compile(pattern, flags), reason, scope, max_len, section, needs)


_PLACES = r"[A-ZÄÖÜ][\w./-]{1,30}(?:[ /][A-ZÄÖÜ][\w./-]{1,30}){0,2}"
"""One to three capitalised place names: "Kiel", "Seoul/Kyjiw"."""
_AGENCY = r"(?:dpa|afp|ap|reuters|rtr|epd|kna|dts|sid|apa|ddp|ots|taz)"
_MONTH = (
    r"(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)[a-zäu]{0,7}\.?"
)
_WEEKDAY = r"(?:(?:mo|di|mi|do|fr|sa|so)[a-z]{0,8},?\s)?"
_TIME = r"(?:,?\s(?:um\s)?\d{1,2}[:.]\d{2}(?:\s?uhr)?)?"
_SHARE_WORD = (
    r"(?:teilen|artikel teilen|share|drucken|merken|kopieren|link kopieren|e-mail|mail|"
    r"facebook|twitter|x|whatsapp|telegram|linkedin|xing|pinterest|reddit|flipboard|"
    r"pocket|threads|bluesky|messenger|mastodon)"
)
_NAME = r"(?:[A-ZÄÖÜ][\w'’.-]{0,30}|von|van|de|zu|di|del|der|da)"
_CHANNEL = (
    r"(?:newsletter|whatsapp|telegram|signal|instagram|facebook|tiktok|youtube|threads|"
    r"bluesky|mastodon|push|app\b|postfach|e-mail|benachrichtigung)"
)
"""Where an appeal sends the reader: a newsletter, a messenger channel, an app."""
_SERIES_PART = (
    r"(?:teil (?:\d{1,2}|(?:einer|unserer) (?:serie|reihe))|(?:erste|zweite|dritte|vierte|fünfte|"
    r"sechste|letzte|abschließende)n?r? teil)\b"
)
"""A part of a series: "Teil 2", "Teil einer Serie", "der dritte Teil"."""
_SUBSCRIPTION = r"(?:abo|abonnement|probeabo|digitalabo)"
_ASK = r"(?:abschließen|testen|sichern|bestellen|abonnieren|gratis|kostenlos)"
"""What an offer asks the reader to do with a subscription."""

ITEM_LIST_HEADING = re.compile(
    r"(?:links|weiterführende links|links zum thema|tags|schlagworte|schlagwörter|"
    r"stichworte|stichwörter|themen|quellen?|autoren|autor|autorin|autor:innen|"
    r"autor\*innen|über (?:den|die) autor(?:in)?)\s?:?",
    re.IGNORECASE,
)
"""Section headings whose items stand one per line (links, tags, author names)."""

TEASER_LIST_HEADING = re.compile(
    r"(?:artikel zum thema|mehr zum thema|mehr zu diesem thema|zum thema|lesen sie auch|"
    r"lesen sie mehr|auch interessant|das könnte sie (?:auch )?interessieren|"
    r"weitere artikel|verwandte artikel|weitere themen|empfehlungen|"
    r"unsere empfehlungen|meistgelesen|meist gelesen|interessante links|beiträge aus dem forum|"
    r"(?:weitere|mehr) (?:informationen|infos|nachrichten|meldungen|beiträge|artikel)"
    r" (?:zu[mr]?|über|aus|rund um|von) [^\n]{1,60}?)\s?:?",
    re.IGNORECASE,
)
"""Section headings followed by teasers of other articles (title + short text)."""

_AUTHOR_HEADING = re.compile(
    r"(?:autoren|autor|autorin|autor:innen|autor\*innen|über (?:den|die) autor(?:in)?)\s?:?",
    re.IGNORECASE,
)

READER_COMMENTS_HEADING = re.compile(
    r"(?:(?:\d+|alle|zeige)\s)?(?:leser-?)?kommentare(?:\s?\(\d+\))?\s?:?"
    r"|\d+\skommentar|diskutieren sie mit\s?:?|kommentar schreiben|kommentieren"
    r"|leserbriefe|leserkommentare\s?:?",
    re.IGNORECASE,
)

RULES: tuple[Rule, ...] = (
    # --- page chrome ----------------------------------------------------------
    _rule("boilerplate", r"(?:piwik|matomo|ivw|etracker)\b.{0,40}",
          "tracking pixel / counter"),
    _rule("boilerplate", r"(?:(?:tracking|zähl)[- ]?)?pixel(?:\s?img)?|no\s?script\s?img",
          "tracking pixel"),
    _rule("boilerplate", r".{0,30}\bvg[- ]?wort\b.{0,40}", "VG Wort counter",
          needs=("vg wort", "vg-wort", "vgwort")),
    _rule("boilerplate",
          r"(?:zum inhalt springen|direkt zum inhalt|zur navigation|zur hauptnavigation|"
          r"navigation|menü|suche|anmelden|abmelden|login|registrieren|"
          r"zurück|nach oben|zum seitenanfang|home|startseite)",
          "skip link / navigation word"),
    _rule("boilerplate", r"(?:startseite|home)\s?[›»>/|].{1,150}", "breadcrumb trail"),
    _rule("boilerplate", r"[^\n›»]{1,40}(?:\s[›»]\s[^\n›»]{1,40}){1,6}",
          "breadcrumb trail (›)", needs=("›", "»")),
    _rule("boilerplate", r"(?:\s*\d{1,2}\.\s[^\n]{1,40}\n){0,8}\s*\d{1,2}\.\s(?:startseite|home)"
          r"(?:\n\s*\d{1,2}\.\s[^\n]{1,40}){1,8}", "numbered breadcrumb from Startseite"),
    _rule("boilerplate", rf"{_SHARE_WORD}(?:[\s|·•,/]{{1,3}}{_SHARE_WORD}){{0,15}}",
          "share bar"),
    _rule("boilerplate", r"(?:anzeige|werbung|ad|advertisement|sponsored|gesponserter inhalt|"
          r"anzeige\s?[-–—:|]\s?[^\n]{1,150})", "advertising label (\"Anzeige - …\")"),
    _rule("boilerplate", r"\b(?:cookies?|tracking)\b.{0,400}\b(?:akzeptieren|zustimm|"
          r"einwillig|einverstanden|ablehnen|datenschutzerklärung|einstellungen)",
          "cookie/consent banner", "block", max_len=1200, needs=("cookie", "tracking")),
    _rule("boilerplate", r"(?:alle akzeptieren|zustimmen und weiter|einstellungen verwalten|"
          r"zustimmung verwalten|cookie-einstellungen|privatsphäre-einstellungen)",
          "consent button"),
    _rule("boilerplate",
          r"[\w.-]{2,40}\.(?:de|at|ch|com|net|org|news|info|online)\s{1,3}[-–—|:]{1,2}\s"
          r"[^.!?\n]{0,80}\b(?:news|nachrichten|zeitung|magazin|portal|journal)\b[^.!?\n]{0,60}",
          "site name and slogan"),
    _rule("boilerplate", r".{0,40}\b(?:news und nachrichten|ihr nachrichtenportal|"
          r"das nachrichtenportal|nachrichten aus (?:der region|aller welt)|"
          r"unabhängige tageszeitung)\b.{0,60}",
          "site slogan", needs=("nachrichten", "tageszeitung")),
    # --- appeals: donations, subscriptions, newsletters ------------------------
    _rule("boilerplate", r"(?:jetzt|hier)\s(?:unterstützen|abonnieren|spenden|testen|"
          r"registrieren|anmelden|abo abschließen|weiterlesen|freischalten)\W{0,3}$",
          "call to action ending a box", "block", max_len=4000, needs=("jetzt", "hier")),
    _rule("boilerplate", r"\bunterstützen sie (?:uns|unsere[nmr]?|die \w+|den \w+|unabhängigen|"
          r"freien|guten|kritischen|jetzt)\b", "donation appeal", "block", max_len=4000,
          needs=("unterstützen sie",)),
    _rule("boilerplate", r"\b(?:taz zahl ich|ohne paywall|hinter der paywall|"
          r"mit nur \d+[,.]?-?\s?(?:€|euro))", "pay-what-you-want appeal", "block",
          max_len=4000, needs=("taz zahl ich", "paywall", "mit nur")),
    _rule("boilerplate", r"\b(?:unabhängigen?|freien?|kritischen?) journalismus\b.{0,200}"
          r"\b(?:unterstütz|finanzier|ermöglich|bezahl)", "journalism-funding appeal",
          "block", max_len=2500, needs=("journalismus",)),
    _rule("boilerplate", r"\b(?:newsletter (?:abonnieren|bestellen|anmelden)|"
          r"(?:für|zu|zum) (?:unseren?|den|dem)(?: [\w„“\"-]{1,30}){0,2}? ?[\w-]{0,30}newsletter|"
          r"newsletter-anmeldung)\b",
          "newsletter box", "block", max_len=1000, needs=("newsletter",)),
    _rule("boilerplate", r"^\W{0,3}(?:nichts|keine \w{3,20}) (?:mehr )?verpassen\b"
          r"|\bverpassen sie (?:nichts|keine)\b",
          "\"Nichts mehr verpassen\" box", "block", max_len=1000, needs=("verpassen",)),
    _rule("boilerplate", rf"\b(?:melden sie sich|registrieren sie sich|abonnieren sie|folgen sie uns)\b"
          rf"[^.!?]{{0,160}}\b{_CHANNEL}", "sign-up / follow appeal", "block", max_len=1000,
          needs=("melden sie sich", "registrieren sie sich", "abonnieren sie", "folgen sie uns")),
    _rule("boilerplate", rf"\b(?:jetzt|hier|gleich) (?:kostenlos |gratis )?(?:abonnieren|anmelden|"
          rf"registrieren|folgen|herunterladen|downloaden|installieren)\b[^.!?]{{0,80}}"
          rf"\b{_CHANNEL}|\b(?:kostenlos|gratis) (?:registrieren|anmelden|abonnieren)\b",
          "call to action", "block", max_len=1000,
          needs=("abonnieren", "anmelden", "registrieren", "folgen", "herunterladen",
                 "downloaden", "installieren")),
    _rule("boilerplate", r"\bpush-(?:nachrichten|mitteilungen|benachrichtigungen)\b[^.!?]{0,60}"
          r"\b(?:aktivieren|einschalten|erhalten|abonnieren)"
          r"|\b(?:unser(?:en|em)?|zum|zu unserem) (?:whatsapp|telegram|signal|instagram|tiktok|youtube)"
          r"-kanal\b|\b(?:whatsapp|telegram|signal)-kanal\b[^.!?]{0,60}\b(?:folgen|abonnieren)"
          r"|\b(?:die )?abmeldung ist jederzeit möglich|\bmit ihrer anmeldung (?:akzeptieren|stimmen)",
          "messenger / push appeal", "block", max_len=1000,
          needs=("push-", "-kanal", "abmeldung ist jederzeit möglich", "mit ihrer anmeldung")),
    _rule("boilerplate", r"(?:e-mail-adresse|ihre e-mail(?:-adresse)?|e-mail eingeben|jetzt anmelden|"
          r"anmelden|abonnieren|jetzt abonnieren|jetzt folgen)\s?:?", "sign-up form field"),
    _rule("boilerplate", r"(?:der |unser |zum |mit dem )?[\w-]{0,30}newsletter\b"
          r"[^.!?\n]{0,100}", "newsletter heading"),
    # An offer asks the reader to act; a paragraph that reports a price ("Das Abo
    # kostet ab November nur 2,22 Euro im Monat") is news.
    _rule("boilerplate", rf"\b{_SUBSCRIPTION}\b.{{0,80}}\b{_ASK}\b|\b{_ASK}\b.{{0,80}}\b{_SUBSCRIPTION}\b",
          "subscription offer", "block", max_len=800, needs=("abo",)),
    _rule("boilerplate", r"\b(?:lesen|testen) sie (?:\d{1,2}|eine?n?|zwei|drei|vier|sechs|acht|zehn|zwölf)"
          r" (?:tage|wochen|monate?)\b", "trial offer (\"Lesen Sie 10 Wochen lang …\")", "block",
          max_len=800, needs=("lesen sie", "testen sie")),
    _rule("boilerplate", r".{0,30}\b(?:abopflichtig|exklusiv für abonnent|nur für abonnent|"
          r"plus-artikel|spiegel\+|sz plus|f\.a\.z\. plus|welt ?plus|z\+)\b.{0,60}",
          "paywall marker", needs=("abopflichtig", "für abonnent", "plus", "+")),
    # --- footer ----------------------------------------------------------------
    _rule("boilerplate", r"\b(?:alle angaben ohne gewähr|alle rechte vorbehalten|"
          r"nachdruck nur mit genehmigung)\b", "footer disclaimer", "block", max_len=400,
          needs=("alle angaben ohne gewähr", "alle rechte vorbehalten",
                 "nachdruck nur mit genehmigung")),
    _rule("boilerplate", r"©\s?[^\n]{0,80}|\(c\)\s?\d{4}[^\n]{0,80}|copyright\b[^\n]{0,80}",
          "copyright footer"),
    _rule("boilerplate", r"(?:impressum|datenschutz(?:erklärung)?|agb|kontakt|barrierefreiheit|"
          r"mediadaten|jobs|karriere|hilfe|faq)(?:\s?[|·•/,]\s?[^\n|·•/,]{1,30}){0,12}",
          "footer links"),
    # --- sections: what a heading opens ----------------------------------------
    _rule("reader_comments", READER_COMMENTS_HEADING.pattern, "reader comment section heading",
          "heading", section="comments"),
    _rule("editorial", r"(?:[\w.]{1,30}-)?(?:kommentar|gastkommentar|leitartikel|kolumne|"
          r"standpunkt|meinung|gastbeitrag)\s?:?"
          r"|(?:ein |eine )?(?:kommentar|gastbeitrag|kolumne|analyse|essay) von [^\n.!?]{3,60}",
          "editorial comment heading", "heading", section="editorial"),
    _rule("boilerplate", r"(?:(?:biographien|biografien)(?:\s(?:und|&)\s(?:erklärungen|hintergründe))?|"
          r"erklärungen|hinweise?|info|infobox|infokasten|"
          r"glossar|transparenzhinweis|anmerkung der redaktion|in eigener sache)\s?:?"
          r"|(?:hintergrund|hintergründe|fakten|fragen und antworten)"
          r"(?:\s(?:und|&)\s(?:erklärungen|hintergründe|fakten|begriffe)\s?:?|\s?:)",
          "explanatory box appended to the article", "heading", section="appendix"),
    _rule("byline", _AUTHOR_HEADING.pattern, "author section heading", "heading",
          section="items"),
    _rule("byline", r"(?:ein |eine )?(?:kommentar|kolumne|analyse|essay|gastbeitrag|reportage|"
          r"interview|bericht|text|ein text) von\s?:?", "author box heading (\"Kommentar von\")",
          "heading", section="items"),
    _rule("link_list", ITEM_LIST_HEADING.pattern, "link / tag list heading", "heading",
          section="items"),
    _rule("link_list", TEASER_LIST_HEADING.pattern, "related-articles heading", "heading",
          section="items"),
    # --- one-line boxes --------------------------------------------------------
    _rule("link_list", r"(?:lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|"
          r"siehe auch|zum thema|weiterlesen|lesen sie (?:hier|dazu|weiter)|hier lesen|mehr dazu|"
          r"auch lesenswert)\s?:\s?\S[^\n]{0,200}", "inline related link"),
    _rule("link_list", rf"(?:dies|das|(?:dieser|der) (?:text|beitrag|artikel)) ist (?:der )?{_SERIES_PART}"
          rf"[^\n]{{0,250}}|(?:den |zum )?{_SERIES_PART}[^\n.!?]{{0,120}}\b(?:lesen|finden) sie hier\b"
          r"[^\n]{0,150}", "note pointing to another part of a series (\"Dies ist Teil 2 …\")",
          needs=("teil",)),
    _rule("link_list", r"(?:schlagworte|schlagwörter|stichworte|themen|tags)\s?:\s?"
          r"\S[^\n]{0,400}", "inline tag list", max_len=500),
    _rule("boilerplate", r"(?:hinweis|anmerkung|transparenzhinweis|korrektur|update)\s?:\s?"
          r"\S[^\n]{0,400}", "editorial notice", max_len=500),
    # --- credits and bylines (before captions: "MBZ / ©dpa" ends in a credit too)
    _rule("byline", rf"\(?©?\s?(?:[\w.]{{1,16}}\s?[/,|]\s?©?\s?){{0,5}}{_AGENCY}"
          rf"(?:\s?[/,|]\s?©?\s?[\w.]{{1,16}}){{0,5}}\)?", "agency credit line", max_len=80),
    _rule("byline", rf"(?:[Vv]on|Text:|Autor(?:in)?:|Recherche:|Mitarbeit:)\s{_NAME}"
          rf"(?:(?:,\s|\sund\s|\s&\s|\s){_NAME}){{0,9}}(?:[,|]\s[\w/ -]{{1,40}})?",
          "author line", max_len=160, ignore_case=False),
    _rule("byline", r"(?:schreibt|arbeitet|berichtet) seit (?:\d{4}|\w{3,8} jahren)\b",
          "author's biography in the author box (\"Schreibt seit 2008 für …\")", "block",
          max_len=800, needs=("schreibt seit", "arbeitet seit", "berichtet seit")),
    # --- captions --------------------------------------------------------------
    _rule("caption", r"(?:foto|fotos|bild|bilder|grafik|illustration|video|archivbild|fotocredit|"
          r"bildquelle|bildnachweis)\s?:"
          r"\s?\S.{0,400}", "photo caption label", max_len=500),
    _rule("caption", r"\b(?:foto|fotos|bild|grafik|illustration)\s?:\s?[^.!?\n]{2,80}$",
          "caption ending in a photo credit", "block", max_len=500,
          needs=("foto", "bild", "grafik", "illustration")),
    _rule("caption", r"©\s?[\w./ -]{2,60}$", "caption ending in a picture credit", "block",
          max_len=400, ignore_case=False, needs=("©",)),
    # --- datelines -------------------------------------------------------------
    _rule("dateline", rf"{_WEEKDAY}\d{{1,2}}\.?\s{_MONTH}\s\d{{4}}{_TIME}", "date line"),
    _rule("dateline", rf"{_WEEKDAY}\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}{_TIME}"
          r"|\d{4}-\d{2}-\d{2}(?:[ t]\d{2}:\d{2}(?::\d{2})?)?", "numeric date line"),
    _rule("dateline", r"(?:stand|aktualisiert|veröffentlicht|erschienen|zuletzt aktualisiert)"
          r"(?: am)?\s?:?\s[^\n\d]{0,20}\d[^\n]{0,30}", "publication date line"),
    _rule("dateline", r"(?:[A-ZÄÖÜ][^\n|]{1,60}?\s)?taz\s?\|\s?", "taz dateline", "prefix",
          ignore_case=False),
    _rule("dateline", _PLACES + r"\s[\w.-]{2,20}\s?\|\s", "place and outlet dateline "
          "(\"Kiel nordwelle | \")", "prefix", ignore_case=False),
    _rule("dateline", r"[A-ZÄÖÜ][\w./-]{1,30}(?:[ /][A-ZÄÖÜ][\w./-]{1,30}){0,2}"
          r"(?:,\s[^()\n]{1,30})?\s?\([^()\n]{1,30}\)\s?[-–—:]\s", "agency dateline", "prefix",
          ignore_case=False),
    _rule("dateline", r"[A-ZÄÖÜ][a-zäöüß]{2,}(?:[ /-][A-ZÄÖÜ][a-zäöüß]+){0,2}\.\s"
          r"(?=[A-ZÄÖÜ„\"»])", "place-name dateline (\"Berlin. \")", "prefix",
          ignore_case=False),
    _rule("boilerplate", r"[\w.-]{2,40}\.(?:de|at|ch|com|net|org|news)\s{1,3}(?:--|[-–—|:])\s",
          "site name before the headline", "prefix"),
)

AUTHOR_HEADING = _AUTHOR_HEADING
BYLINE_NAME = re.compile(
    rf"(?:[Vv]on|Text:|Autor(?:in)?:)\s(?P<name>{_NAME}(?:(?:\s|\sund\s|\s&\s){_NAME}){{0,9}})"
)
"""Pulls the authors' names out of an author line ("Von Max Muster, Berlin");
a comma starts the place, not another author."""

COMMENT_POST = re.compile(
    r"\s{0,8}(?:[•·▪◦*–-]\s|@\S)"
    r"|[^\n]{1,60}\b(?:vor \d{1,3} (?:minuten?|stunden?|tagen?)|antworten)\b",
    re.IGNORECASE,
)
"""The start of a reader's post: a bullet, an @reply, or a "vor 3 Stunden" stamp."""


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    glued_kicker: bool = False
    """The outlet's page dumps glue the kicker onto the headline without a space."""
    words: tuple[str | None, ...] = ()
    """Per pattern, the plain text it matches if it is a word (``\\btaz\\.de\\b`` →
    "taz.de"), else None. A substring test rules the pattern out cheaply: a search
    for a pattern starting with ``\\b`` steps through the whole page."""


_PLAIN_WORD = re.compile(r"\\b((?:[\w ,:/-]|\\[.+])+)(?:\\b)?")
"""The source of a pattern that matches one fixed text: ``\\bSPIEGEL\\+``."""


def _plain_word(pattern: str) -> str | None:
    match = _PLAIN_WORD.fullmatch(pattern)
    return re.sub(r"\\(.)", r"\1", match[1]) if match else None


def _outlet(name: str, *patterns: str, glued_kicker: bool = False) -> Outlet:
    return Outlet(
        name,
        tuple(re.compile(p, re.MULTILINE) for p in patterns),
        glued_kicker,
        tuple(_plain_word(p) for p in patterns),
    )


OUTLETS: tuple[Outlet, ...] = (
    _outlet("taz", r"\btaz\.de\b", r"^(?:[A-ZÄÖÜ][^\n|]{1,60}? )?taz \|", r"\btaz zahl ich\b",
            r"\((?:[a-z]{2,6}, ){0,6}taz\)", glued_kicker=True),
    _outlet("OZD", r"\bOZD\.news\b", r"\bOZD-Kommentar\b", r"^OZD\s?/"),
    _outlet("IPPEN.MEDIA", r"\bIPPEN\.MEDIA\b", r"\bippen\.media\b"),
    _outlet("Frankfurter Rundschau", r"\bfr\.de\b", r"\bFR\.de\b"),
    _outlet("Spiegel", r"\bspiegel\.de\b", r"\bSPIEGEL\+", r"^DER SPIEGEL\b"),
    _outlet("Zeit", r"\bzeit\.de\b", r"\bZEIT ONLINE\b"),
    _outlet("Süddeutsche Zeitung", r"\bsueddeutsche\.de\b", r"\bSZ\.de\b", r"\bSZ Plus\b"),
    _outlet("FAZ", r"\bfaz\.net\b", r"\bFAZ\.NET\b", r"\bF\.A\.Z\. PLUS\b"),
    _outlet("Welt", r"\bwelt\.de\b", r"\bWELTplus\b"),
    _outlet("tagesschau", r"\btagesschau\.de\b"),
    _outlet("Tagesspiegel", r"\btagesspiegel\.de\b", r"\bTagesspiegel Plus\b"),
    _outlet("Handelsblatt", r"\bhandelsblatt\.com\b"),
    _outlet("stern", r"\bstern\.de\b", r"\bSTERN\+"),
    _outlet("n-tv", r"\bn-tv\.de\b"),
    _outlet("t-online", r"\bt-online\.de\b"),
    _outlet("RND", r"\brnd\.de\b", r"\bRedaktionsNetzwerk Deutschland\b"),
    _outlet("Deutsche Welle", r"\bdw\.com\b"),
)
"""Where a page shows which outlet it is. Searched in page chrome (boilerplate,
datelines, bylines) before the article text; reader comments are never searched."""


SITE_NAME = re.compile(
    r"^(?P<site>[\w-]{2,40})\.(?P<tld>de|at|ch|com|net|org|info|eu|news|online|media)"
    r"\s{1,3}(?:--|[-–—|:])",
    re.MULTILINE | re.IGNORECASE,
)
"""A site name opening the page ("nordwelle.de -- ", "OSD.news - Nachrichten …")."""
BRAND_TLDS = frozenset({"news", "online", "media"})
"""Domain endings that are part of the brand ("OSD.news"); others are dropped ("nordwelle.de")."""
DATELINE_BRAND = re.compile(rf"(?:{_PLACES}\s)?(?P<brand>[\w.-]{{2,20}})\s?\|")
"""The outlet in a dateline: "Kiel nordwelle |" → nordwelle."""
EDITORIAL_BRAND = re.compile(r"^(?P<brand>[A-ZÄÖÜ][\w.]{1,30})-Kommentar\s?:?$", re.MULTILINE)
"""The outlet's own comment heading: "OSD-Kommentar:" → OSD."""
