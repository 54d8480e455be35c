"""The words of reported speech the cue table (`cues.py`) is written with: the
source nouns after "nach", the speech acts with what they govern, the verbs of
asking and promising before a clause, the judging verbs. Each list says what was
counted on the train split of German Wikinews before it was changed (rules-de-N:
suggestions added / of them matched; see bench/README.md, "Quality: quotes")."""

from __future__ import annotations

RATED = "als … bezeichnet|gewertet|eingestuft|kritisiert|gelobt|zurückgewiesen ,|.|$"
PASSIVE = "wurde|wurden|wird|werden|worden"
ARTICLES = "der|den|dem|des|ein|eine|einem|einer|eines"
ACT_GAP = 25
"""How many words a speech act's `…` may skip: a separated particle closes its clause
however long ("kündigte am Montag auf einer Pressekonferenz … eine Prüfung an";
rules-de-7, train: 25 instead of `cues.GAP`'s 10, +11 / +9)."""

SOURCE_NOUNS = (
    "angaben|informationen|berichten|ansicht|auffassung|einschätzung|darstellung|aussagen|schätzungen|"
    "erkenntnissen|polizeiangaben|regierungsangaben|medienberichten|presseberichten|zeitungsberichten|"
    "behördenangaben|augenzeugenberichten|militärangaben|armeeangaben|veranstalterangaben|"
    "unternehmensangaben|herstellerangaben|einschätzungen|worten|meinung|aussage|auskunft|auskünften|schätzung|"
    "berechnungen|bericht|berichts|stellungnahme|bekunden|zeugenaussagen|expertenmeinung|ermittlungen|"
    "erkenntnisstand|mitteilung|darstellungen|umfragen|umfrage|recherchen|studie|studien|analyse|untersuchung|"
    "untersuchungen|hochrechnung|hochrechnungen|prognose|prognosen|fernsehbericht|zeitungsbericht|medienbericht|"
    "quellen")
"""Nouns of a source after "nach" ("nach Angaben der Polizei", "nach Polizeiangaben"). rules-de-5 on
train (suggestions added / of them matched): nouns of statements ("Aussage", "Auskunft", "Bericht",
"Stellungnahme", …) 16 / 13, with an article before them 11 / 11, documents ("Studie", "Analyse",
"Hochrechnung", …) 5 / 5; "seiner Ansicht nach" (8 / 4) and "Danach …" opening a sentence (28 / 6) not."""
SPEECH_ACTS = " || ".join((
    "bezeichnet|bezeichnete|bezeichneten|bezeichnen … als", "wirft|warf|werfen|warfen … vor ,|.|$", "vorgeworfen",
    "berichtet|berichtete|berichteten|berichten … von|vom", "sprach|spricht|sprachen|sprechen … von|vom",
    "warnt|warnte|warnten|warnen … vor", "fordert|forderte|forderten & !todesopfer|menschenleben|tote",
    "kündigt|kündigte|kündigten|kündigen … an ,|.|$", "angekündigt",
    "gibt|gab|gaben … bekannt|an ,|.|$", "teilt|teilte|teilten … mit ,|.|$", "nennt|nannte|nannten",
    "beziffert|bezifferte|bezifferten", "geht|ging|gehen|gingen … aus ,|.|$ & von|vom",
    "würdigt|würdigte|würdigten|wertet|wertete|werten|werteten|betrachtet|betrachtete|betrachten … als",
    "verweist|verwies|verwiesen|verweisen auf", "empfiehlt|empfahl|empfehlen|empfahlen", "bemängelt|bemängelte|bemängelten",
    "kritisiert|kritisierte|kritisierten|verurteilt|verurteilte|verurteilten|stuft|stufte|stuften|attackierte "
    "… als & !als auch",
    f"befürchtet|befürchtete|befürchten|befürchteten|fürchtet|fürchten|fürchtete|fürchteten & !{PASSIVE}",
    "beschuldigt|beschuldigte|beschuldigten|bezichtigt|bezichtigte|bezichtigten "
    "& !der|die|den|dem|des|ein|einen|einem|eines beschuldigte|beschuldigten",
    "schreibt|schrieb|schrieben … zu ,|.|$", "sagt|sagte|sagten|sagen … voraus ,|.|$", "regt|regte|regten … an ,|.|$",
    "weist|wies|weisen|wiesen … hin ,|.|$", "rät|riet|rieten … zu", "appelliert|appellierte|appellierten an",
    "von … spricht|sprach|sprechen|sprachen ,|.|$", "plädiert|plädierte|plädierten|plädieren … für"))
"""Speech acts with the words they govern ("X wirft Y … vor", "X spricht von …"): a report
of what was said without its words. Counted on train before adding: "kritisiert…" (5 of 26
gold), "begrüßt…" (3 of 12), "lehnt … ab" (2 of 6) are more often acts than reports, so absent.
rules-de-4, each alone on train (suggestions added / of them matched): "sprach … von" with words
between (10 / 6), "geht … von … aus" (8 / 5), "warnte … vor" with words between (4 / 4), "empfahl" (5 / 4)
added; "fordern" (6 / 4 on train) not: on the sample story both of its two are acts, not reports; "weist … auf … hin" (3 / 1), "sieht … in … eine" (10 / 3),
"rät … zu" (4 / 2), "begründet … mit" (5 / 3), "ruft … auf" (4 / 1), "erwartet" (27 / 3),
"bestätigt" (28 / 14), "beklagt", "dementiert", "schätzt … auf", "sprach sich" (0–1 each) not.
rules-de-5, each alone on train: "berichtet … von" with words between (7 / 6), judging verbs with "als"
("verurteilte den Anschlag als …", "kritisierte … als", "stufte … als … ein"; not "sowohl … als auch")
(4 / 4) added; "von … berichtet" (3 / 2, a passive's "Von … wird berichtet" then named a wrong speaker),
"verlangt" (6 / 2), "sprach sich für", "plädierte für" (3 / 1), "will / möchte" (88 / 25) not;
"hält … für" (11 / 8 on train, and the issue's own example) not either: the sample story's gold
keeps "X hält das für zu optimistisch" an opinion, not a quote (quote precision there .86 -> .84,
under its floor of .85): left for the lead to decide.
rules-de-7, on train (the long gap of `ACT_GAP` already in): "befürchtet/fürchtet" in the active
(12 / 8 with the passive, which names nobody's act: 6 / 5 without it), "beschuldigt/bezichtigt" (not
the noun "der Beschuldigte"; 6 / 4), "schreibt … zu", "sagte … voraus", "regte … an", "wies … hin",
"riet … zu", "appellierte an", verb-final "von … sprachen" (each 1–3, 2 / 3 or better), present
plurals of verbs already here ("bezeichnen", "verweisen"), "plädiert … für" (2 / 2), "von …
berichtet" and "vor … gewarnt" not in a passive (1 / 1 each) added; "fordern" (3 / 4, but both its
sentences on the sample story are not quotes in its gold: precision there .84), "von … die Rede"
(1 / 4), "verlangt" (2 / 8), "begrüßt" (3 / 12), "sieht … in" (5 / 16), "schätzt … auf", "begründet
… mit" (2 / 4 each), "ruft … zu … auf", "ordnete … an", "erwog" (1 / 4 to 3 / 6), "erwartet"
(3 / 26), "bestätigt" (4 / 18), "kritisiert" (4 / 25), "hat … gefordert" (2 / 5) and speech acts
that only frame a quotation kept as a sentence around it (8 / 24) not.
rules-de-11: "fordert" is no speech act where the sentence counts casualties ("Der Sturm forderte
drei Todesopfer"; train 2 such suggestions, both unmatched)."""
PERFECT_ACTS = f"hat|hatte|haben|hatten … berichtet ,|.|$ & von & !{PASSIVE} || " \
               f"hat|hatte|haben|hatten … gewarnt ,|.|$ & vor & !{PASSIVE}"
"""Speech acts in the perfect, the participle closing the clause ("X hatte im Juli von … berichtet",
"Vor … hat X gewarnt"); rules-de-7, train 2 / 2. Their speaker opens the clause (`cues` "own"):
from the participle the nearest phrase before it is what was warned of ("vor dem Krieg gegen Y")."""
ZU_VERBS = " || ".join((
    "aufgefordert|zugesagt|versprochen|beschlossen|angeboten|geraten|angewiesen|vorgeschlagen|beschuldigt|"
    "gebeten|gedroht|angedroht|bestritten|zugesichert|beschloss|beschlossen|beschließt|drängte|drängten|"
    "drohte|drohten|droht|bat|baten|bittet ,",
    "forderte|forderten|fordert|fordern|schlug|schlugen|schlägt|bot|boten|bietet|wies|wiesen|sagte|sagten|"
    "sicherte|sicherten … auf|vor|an|zu ,"))
"""Verbs of asking, promising, deciding and accusing before the comma of a clause ("X forderte Y
auf, … zu …", "X hat zugesagt, …"): what was asked or promised is indirect speech."""
INTENT_MODALS = "will|wollen|wollte|wollten|möchte|möchten"
"""Modals of intention: what a named subject wants is what it has made known
("Die IG Metall will …"; `cues` "quote.reported.intent")."""
HEDGING_MODALS = "dürfte|dürften|könnte|könnten|müsste|müssten|sollte|sollten"
"""Modals in Konjunktiv II: what could, should or must be is the writer's hedge as often as
someone's words, so they do not carry reported speech on from the sentence before."""
SLOGAN_NOUNS = frozenset("parole parolen aufschrift aufschriften slogan slogans spruch sprüche sprüchen".split())
"""Nouns of words written or chanted that a quotation right after them gives as they were."""
JUDGING_VERBS = frozenset(
    "bezeichnet bezeichnete bezeichneten bezeichnen nennt nannte nannten wertet wertete werteten gewertet "
    "beurteilt beurteilte beurteilten beschreibt beschrieb beschrieben verurteilt verurteilte verurteilten "
    "kritisiert kritisierte kritisierten würdigt würdigte würdigten betrachtet betrachtete betrachteten "
    "stuft stufte stuften eingestuft".split())
"""Verbs that judge with "als": words in marks right after that "als" are the judge's
("bezeichnete den Plan als „Knaller aus Karlsruhe“"; `direct_quotes._judged`)."""
