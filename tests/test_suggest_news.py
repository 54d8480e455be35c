"""Quotes as news writes them (issue 13): the speech verb a sentence before the quote,
a colon that introduces it, hearsay ("soll … haben"), speech acts with what they
govern ("X wirft Y … vor"), and words in quotation marks that are no quote. Each
case is a short invented text with its entities marked by hand, read with a blank
German pipeline (tokens only: the word lists decide), and checked for the form of
the quote and who is named as its speaker.
"""

from __future__ import annotations

import re

import pytest

from parallax.ingest.suggest import suggest
from parallax.store.queries import ArticleData


@pytest.fixture(scope="module")
def blank():
    import spacy

    return spacy.blank("de")


def article(text: str, people=(), organisations=()) -> ArticleData:
    """`text` as one body zone, a sentence per ". " (or paragraph), the named people and
    organisations marked wherever they occur."""
    sentences = [(m.start(), m.end()) for m in re.finditer(r"\S.*?(?:[.!?](?:“|«)?(?=\s|$)|:(?=\n)|$)", text, re.S)]
    entities = sorted((m.start(), m.end(), label, name) for label, names in (("PER", people), ("ORG", organisations))
                      for name in names for m in re.finditer(re.escape(name), text))
    return ArticleData(1, "Test", None, None, None, text, [(0, len(text), "body")], sentences, entities)


def quotes(text: str, nlp, **entities) -> list[tuple[str, str, str | None]]:
    """(quoted text, form, speaker) of every quote suggested."""
    a = article(text, **entities)
    return [(text[s.start:s.end], s.attrs["form"], s.attrs.get("speaker"))
            for s in suggest(a, nlp) if s.label == "quote"]


def test_soll_haben_is_hearsay_attributed_to_the_last_source(blank) -> None:
    text = ("Die Staatsanwaltschaft Lübeck sagte, der Kapitän sei festgenommen worden. "
            "Er soll vor der Abfahrt Alkohol getrunken haben.")
    found = quotes(text, blank, organisations=["Staatsanwaltschaft Lübeck"])
    assert found[-1] == ("Er soll vor der Abfahrt Alkohol getrunken haben.", "free_indirect",
                         "Staatsanwaltschaft Lübeck")
    # without anyone named before, hearsay is still a quote, with no speaker
    alone = quotes("Der Kapitän soll vor der Abfahrt Alkohol getrunken haben.", blank)
    assert alone == [("Der Kapitän soll vor der Abfahrt Alkohol getrunken haben.", "free_indirect", None)]


def test_a_speech_act_with_what_it_governs_is_reported_speech(blank) -> None:
    text = "Die Grünen werfen dem Bürgermeister Untätigkeit vor."
    assert quotes(text, blank, organisations=["Grünen"]) == [(text, "reported", "Grünen")]
    text = "Jana Olsen warf der Reederei vor, die Warnungen ignoriert zu haben."
    assert quotes(text, blank, people=["Jana Olsen"]) == [(text, "reported", "Jana Olsen")]
    # the same verb without its particle is no speech act
    assert quotes("Die Kinder werfen Steine ins Wasser.", blank) == []


def test_a_colon_introduces_a_quote_in_its_sentence_or_in_the_paragraph_before(blank) -> None:
    text = "Hafenmeister Lars Petersen weist jede Schuld von sich: „Wir haben alle Vorschriften eingehalten.“"
    assert quotes(text, blank, people=["Lars Petersen"]) == [
        ("„Wir haben alle Vorschriften eingehalten.“", "direct", "Lars Petersen")]
    text = ("Am Abend schrieb Jana Olsen im Netz:\n\n"
            "„Die Fähre fährt erst wieder, wenn der Kanal sicher ist.“")
    assert quotes(text, blank, people=["Jana Olsen"]) == [
        ("„Die Fähre fährt erst wieder, wenn der Kanal sicher ist.“", "direct", "Jana Olsen")]


def test_a_speech_verb_one_sentence_before_attributes_the_quote(blank) -> None:
    text = ("Kapitänin Mira Hansen erklärte am Montag den Ablauf der Bergung. "
            "„Wir ziehen das Wrack bei Flut in den Hafen.“")
    found = quotes(text, blank, people=["Mira Hansen"])
    assert found[-1] == ("„Wir ziehen das Wrack bei Flut in den Hafen.“", "direct", "Mira Hansen")


def test_one_word_in_marks_is_no_quote_unless_a_colon_introduces_it(blank) -> None:
    text = "Der Abgeordnete Tim Berger bezeichnete die neue Verordnung als „Bürokratiemonster“."
    found = quotes(text, blank, people=["Tim Berger"])
    # the term is no direct quote; the sentence is Berger's speech act
    assert found == [(text, "reported", "Tim Berger")]
    text = "Auf die Frage nach dem Ergebnis antwortete Tim Berger knapp: „Zufrieden.“"
    assert quotes(text, blank, people=["Tim Berger"]) == [("„Zufrieden.“", "direct", "Tim Berger")]


def test_the_speaker_is_the_subject_not_the_nearest_name(blank) -> None:
    # the newspaper is nearest the verb, but after "mit der" it is no subject
    text = ("Im Gespräch mit der Kieler Zeitung sagte die Gewerkschaft Verdi, "
            "die Löhne der Lotsen seien zu niedrig.")
    found = quotes(text, blank, organisations=["Gewerkschaft Verdi", "Kieler Zeitung"])
    assert found == [(text, "indirect", "Gewerkschaft Verdi")]
    text = "Der Lotse Jan Petersen sagte, Kapitän Olaf Berg habe das Signal übersehen."
    found = quotes(text, blank, people=["Jan Petersen", "Olaf Berg"])
    assert found == [(text, "indirect", "Jan Petersen")]


def test_konjunktiv_without_a_known_verb_goes_to_the_first_clause_s_name(blank) -> None:
    text = ("Die Polizei Kiel meldete einen Unfall vor Laboe. Der Kutter sank binnen Minuten. "
            "Die Reederei Nordlicht ist der Meinung, der Kapitän habe richtig gehandelt.")
    found = quotes(text, blank, organisations=["Polizei Kiel", "Reederei Nordlicht"])
    assert found[-1] == ("Die Reederei Nordlicht ist der Meinung, der Kapitän habe richtig gehandelt.",
                         "free_indirect", "Reederei Nordlicht")


# -- rules-de-3: quotations without a speech verb next to them, nesting, speakers ---------


def test_a_quotation_that_opens_its_sentence_or_follows_any_colon_is_a_quote(blank) -> None:
    # the speech verb opens the next sentence: its subject speaks
    text = ("„Die neue Schleuse ist seit heute wieder voll in Betrieb.“ "
            "erklärte Hafenmeisterin Anna Berg am Montag.")
    assert quotes(text, blank, people=["Anna Berg"]) == [
        ("„Die neue Schleuse ist seit heute wieder voll in Betrieb.“", "direct", "Anna Berg")]
    # a colon after no speech verb and no name: a quote, and nobody is guessed
    text = "Der Text der Petition lautete: „Wir verlangen eine zweite Fähre für die Insel und neue Fahrpläne.“"
    assert quotes(text, blank) == [
        ("„Wir verlangen eine zweite Fähre für die Insel und neue Fahrpläne.“", "direct", None)]
    # a title after a colon is no sentence of someone's
    assert quotes("Die Ausstellung trägt einen neuen Namen: „Kiel am Morgen“.", blank) == []


def test_words_in_marks_from_a_lower_case_letter_are_a_fragment_of_someone_s_words(blank) -> None:
    text = "Die IG Metall sieht darin „einen schweren Schlag für alle Beschäftigten der Werft“."
    assert quotes(text, blank, organisations=["IG Metall"]) == [
        ("„einen schweren Schlag für alle Beschäftigten der Werft“", "direct", "IG Metall")]
    # three words are a term, unless the sentence reports speech
    assert quotes("Die Stadt plant einen „ganz neuen Hafen“ am Kanal.", blank) == []


def test_a_fragment_in_reported_speech_is_a_direct_quote_inside_the_indirect_one(blank) -> None:
    text = "Reederei-Sprecher Lars Holm sagte, die Besatzung habe „vorbildlich“ reagiert."
    assert quotes(text, blank, people=["Lars Holm"]) == [
        (text, "indirect", "Lars Holm"), ("„vorbildlich“", "direct", "Lars Holm")]
    # a noun in marks stays a term there („Bürokratiemonster“: no quote of its own)
    text = "Tim Berger sagte, die Verordnung sei ein „Bürokratiemonster“."
    assert quotes(text, blank, people=["Tim Berger"]) == [(text, "indirect", "Tim Berger")]
    # a speech act that only frames its quotation is not doubled
    text = "Amtsleiter Dirk Wendland sprach von der „längsten Vollsperrung seit vielen Jahren“."
    assert quotes(text, blank, people=["Dirk Wendland"]) == [
        ("„längsten Vollsperrung seit vielen Jahren“", "direct", "Dirk Wendland")]


def test_names_and_titles_in_marks_are_no_quotes_even_beside_a_speech_verb(blank) -> None:
    text = "Am Freitag berichteten Aktivisten der „Initiative für einen Sauberen Kanal“ über einen Marsch."
    assert [q for q in quotes(text, blank) if q[1] == "direct"] == []


def test_sources_and_speakers_named_by_the_frame(blank) -> None:
    # the frame's source noun where nobody follows it
    text = "Nach Polizeiangaben wurde bei dem Unfall am Kanal niemand verletzt."
    assert quotes(text, blank) == [(text, "reported", "Polizeiangaben")]
    # speech acts in the present plural and with the preposition's article
    text = "Die Lotsen sprechen vom schlimmsten Stau seit Jahren."
    assert quotes(text, blank) == [(text, "reported", "Lotsen")]
    # ", so die Reederei …" with an article
    text = "Die Fähre fahre ab Montag wieder nach Plan, so die Reederei Nordlicht."
    assert quotes(text, blank, organisations=["Reederei Nordlicht"]) == [(text, "reported", "Reederei Nordlicht")]
    # Konjunktiv I with nobody named, not right after a quote: nobody, not the last one quoted
    text = ("Die Polizei Kiel sagte, der Fahrer sei geflohen. Der Unfall geschah gegen Mitternacht. "
            "Die Straße sei erst am Morgen wieder frei gewesen.")
    found = quotes(text, blank, organisations=["Polizei Kiel"])
    assert found[-1] == ("Die Straße sei erst am Morgen wieder frei gewesen.", "free_indirect", None)


# -- rules-de-4: speakers from word order, not the nearest name ---------------------------


def test_a_name_in_what_was_said_is_not_its_speaker(blank) -> None:
    # the name after "kritisierte," is in the reported clause, nearer the verb than the speaker
    text = ("Jan Berg, seit vielen Jahren Lotse im Hafen, kritisierte, die Reederei Nordlicht habe "
            "den Fahrplan zu eng gemacht.")
    found = quotes(text, blank, people=["Jan Berg"], organisations=["Reederei Nordlicht"])
    assert found == [(text, "indirect", "Jan Berg")]
    # "…, sagte X" still names the one after the verb
    text = "Die Fähre habe Verspätung, sagte Lotse Jan Berg."
    assert quotes(text, blank, people=["Jan Berg"]) == [(text, "indirect", "Jan Berg")]


def test_a_continuation_whose_first_clause_names_someone_else_is_theirs(blank) -> None:
    text = ("Lotse Jan Berg sagte, die Fähre sei zu schnell gewesen. "
            "Die Reederei Nordlicht sah das anders, die Fähre sei im Plan gewesen.")
    found = quotes(text, blank, people=["Jan Berg"], organisations=["Reederei Nordlicht"])
    assert found[-1] == ("Die Reederei Nordlicht sah das anders, die Fähre sei im Plan gewesen.", "indirect",
                         "Reederei Nordlicht")
    # a continuation that names nobody keeps the last speaker
    text = ("Lotse Jan Berg sagte, die Fähre sei zu schnell gewesen. "
            "Außerdem habe der Nebel die Sicht behindert.")
    found = quotes(text, blank, people=["Jan Berg"])
    assert found[-1] == ("Außerdem habe der Nebel die Sicht behindert.", "indirect", "Jan Berg")


def test_speech_acts_with_words_between_the_verb_and_what_it_governs(blank) -> None:
    text = "Die Wasserschutzpolizei sprach am Abend von einem Zusammenstoß zweier Kutter."
    assert quotes(text, blank) == [(text, "reported", "Wasserschutzpolizei")]
    text = "Die Reederei Nordlicht geht nach der Prüfung von einem Fehler der Elektronik aus."
    assert quotes(text, blank, organisations=["Reederei Nordlicht"]) == [(text, "reported", "Reederei Nordlicht")]
    text = "Der Wetterdienst warnte am Morgen vor Sturmböen an der Küste."
    assert quotes(text, blank) == [(text, "reported", "Wetterdienst")]
    text = "Die Lotsen forderten mehr Personal für den Kanal."
    assert quotes(text, blank) == [(text, "reported", "Lotsen")]
    text = "Die Hafenbehörde empfahl den Seglern, im Hafen zu bleiben."
    assert quotes(text, blank) == [(text, "reported", "Hafenbehörde")]
    # "ging … aus" without "von" is no speech act
    assert quotes("Am Abend ging im ganzen Hafen das Licht aus.", blank) == []


def test_a_judgement_as_a_participle_is_reported_speech_of_the_clause_s_name(blank) -> None:
    text = "Die Reederei Nordlicht hat den Vorfall als ernste Störung eingestuft."
    assert quotes(text, blank, organisations=["Reederei Nordlicht"]) == [(text, "reported", "Reederei Nordlicht")]
    # passive, the agent after "von": a quote, nobody guessed from the words around "als"
    text = "Die Übung wurde von den Veranstaltern als Erfolg gewertet."
    assert quotes(text, blank) == [(text, "reported", None)]


def test_what_was_asked_promised_or_decided_is_indirect_speech(blank) -> None:
    text = "Der Hafenmeister Ole Brandt forderte die Segler am Montag auf, den Hafen nicht zu verlassen."
    assert quotes(text, blank, people=["Ole Brandt"]) == [(text, "indirect", "Ole Brandt")]
    # a participle: the name opening the clause asked, not the one asked
    text = "Die Reederei Nordlicht hat den Lotsen zugesagt, die Fahrpläne bis Mai zu ändern."
    assert quotes(text, blank, organisations=["Reederei Nordlicht"]) == [(text, "indirect", "Reederei Nordlicht")]
    # "bot … an" with no comma after it offers no words
    assert quotes("Der Kiosk am Kai bot am Sonntag frische Brötchen an.", blank) == []


def test_a_passive_judgement_names_nobody_and_a_speech_verb_after_the_comma_keeps_its_subject(blank) -> None:
    text = "Der Bericht der Reederei Nordlicht wurde von den Lotsen als unvollständig bezeichnet."
    assert quotes(text, blank, organisations=["Reederei Nordlicht"]) == [(text, "reported", None)]
    text = "Die Lotsen hätten den Kurs bestätigt, erklärte Reederei-Sprecherin Eva Holm am Abend."
    assert quotes(text, blank, people=["Eva Holm"]) == [(text, "indirect", "Eva Holm")]


# -- rules-de-5: frames of a source, quotations nested in the words they frame -------------


def test_frames_of_a_source_beyond_laut_and_nach_angaben(blank) -> None:
    # "laut" before an adjective or a lower-case source: no one named, still a source's words
    text = "Laut ersten Berichten ist die Fähre bereits wieder im Hafen."
    assert quotes(text, blank) == [(text, "reported", None)]
    # "gemäß" as "laut"
    text = "Gemäß der Reederei Nordlicht fährt die Fähre ab Montag wieder."
    assert quotes(text, blank, organisations=["Reederei Nordlicht"]) == [(text, "reported", "Reederei Nordlicht")]
    # "nach" with an article before the source noun, and documents as sources
    text = "Nach einem Bericht der Kieler Zeitung war der Kapitän zu schnell."
    assert quotes(text, blank, organisations=["Kieler Zeitung"]) == [(text, "reported", "Kieler Zeitung")]
    text = "Nach einer neuen Studie des Instituts für Meereskunde steigt der Meeresspiegel schneller."
    assert quotes(text, blank, organisations=["Instituts für Meereskunde"]) == [
        (text, "reported", "Instituts für Meereskunde")]
    # "laut" as an adjective frames nothing
    assert quotes("Die Musik im Hafen war gestern sehr laut.", blank) == []


def test_a_particle_verb_before_the_comma_introduces_indirect_speech(blank) -> None:
    # "teilte … mit," in the indicative: the particle, not the verb, stands before the comma
    text = "Die Reederei Nordlicht teilte am Abend mit, die Fähre fährt ab Montag wieder nach Plan."
    assert quotes(text, blank, organisations=["Reederei Nordlicht"]) == [(text, "indirect", "Reederei Nordlicht")]


def test_a_sentence_whose_source_the_next_one_names_is_a_quote(blank) -> None:
    text = "Die Fähre fährt ab Montag wieder nach Plan. Das teilte die Reederei Nordlicht am Abend mit."
    # the statement is the quote, the sentence that names its source only frames it
    assert quotes(text, blank, organisations=["Reederei Nordlicht"]) == [
        ("Die Fähre fährt ab Montag wieder nach Plan.", "indirect", "Reederei Nordlicht")]
    text = "Die Fähre fährt ab Montag wieder. Dies sagte Lotse Jan Berg am Hafen."
    assert quotes(text, blank, people=["Jan Berg"]) == [("Die Fähre fährt ab Montag wieder.", "indirect", "Jan Berg")]
    # a next sentence about something else names no source
    assert quotes("Die Fähre fährt ab Montag wieder. Das Wetter wird besser.", blank) == []


def test_a_phrase_from_a_capital_in_reported_speech_is_a_fragment_a_title_is_not(blank) -> None:
    # it ends in a lower-case word: someone's phrasing, nested in the reported sentence
    text = "Man sei von einer „Lösung noch weit entfernt“, so Lotse Jan Berg."
    assert quotes(text, blank, people=["Jan Berg"]) == [
        (text, "reported", "Jan Berg"), ("„Lösung noch weit entfernt“", "direct", "Jan Berg")]
    # a title ends in a noun
    text = "Im Hafen lese man gern das Buch „Rettet die alte Fähre“, so Lotse Jan Berg."
    assert quotes(text, blank, people=["Jan Berg"]) == [(text, "reported", "Jan Berg")]


def test_words_written_or_chanted_after_parolen_or_aufschrift_are_direct_quotes(blank) -> None:
    # even where they look like a title, and the second of two slogans too; nobody is named
    text = "Die Menge trug Parolen wie zum Beispiel „Stoppt den Bau“ oder „Kein neuer Hafen hier“ vor sich her."
    assert quotes(text, blank) == [
        ("„Stoppt den Bau“", "direct", None), ("„Kein neuer Hafen hier“", "direct", None)]
    text = "Einige trugen Bänder mit der Aufschrift „Kritik = Terror“ am Mund."
    assert quotes(text, blank) == [("„Kritik = Terror“", "direct", None)]
    # a motto is a name
    assert quotes("Die Messe steht unter dem Motto „Häfen der Zukunft“.", blank) == []


def test_a_passive_report_is_reported_speech_of_nobody_named(blank) -> None:
    text = "Als Ursache des Unfalls wurde ein Fehler der Elektronik angegeben."
    assert quotes(text, blank) == [(text, "reported", None)]
    text = "Die Zahl der Verletzten wurde mit zwölf angegeben."
    assert quotes(text, blank) == [(text, "reported", None)]
    # "genannt" that names a thing reports nothing
    assert quotes("Die Fähre wird im Hafen meist nur die Alte genannt.", blank) == []


def test_judging_verbs_with_als_are_speech_acts(blank) -> None:
    text = "Das Ministerium verurteilte den Angriff als feige Tat."
    assert quotes(text, blank) == [(text, "reported", "Ministerium")]
    # "sowohl … als auch" judges nothing
    assert quotes("Kritisiert werden sowohl die Kosten als auch die Dauer.", blank) == []


# -- rules-de-6 ------------------------------------------------------------------------------


def test_an_adverb_opening_the_sentence_is_no_part_of_the_speaker(blank) -> None:
    # "Auch", "Inzwischen", "Insbesondere" are capitalised only because they open the sentence
    for text, who in (("Auch die Reederei hatte am Abend mitgeteilt, der Kapitän sei wohlauf.", "Reederei"),
                      ("Inzwischen hat die Reederei mitgeteilt, der Kapitän sei wohlauf.", "Reederei"),
                      ("Insbesondere die Fischer hatten kritisiert, der Hafen sei zu teuer.", "Fischer")):
        assert quotes(text, blank) == [(text, "indirect", who)]


def test_a_paper_named_in_marks_next_to_the_frame_is_the_speaker(blank) -> None:
    for text, form in (("Laut „Kieler Blatt“ ist der Kapitän wohlauf.", "reported"),
                       ("Dem „Kieler Blatt“ zufolge ist der Kapitän wohlauf.", "reported"),
                       ("Wie „Kieler Blatt“ berichtet, ist der Kapitän wohlauf.", "indirect")):
        assert quotes(text, blank) == [(text, form, "Kieler Blatt")]
    # a sentence in marks is what was said, not who said it
    text = "Der Kapitän ist laut „Wir kommen wieder!“ wohlauf."
    assert all(found[2] != "Wir kommen wieder!" for found in quotes(text, blank))


def test_words_in_marks_after_als_of_a_judging_verb_are_a_direct_quote_even_like_a_name(blank) -> None:
    text = "Senator Jan Berg bezeichnete den Plan als „Knaller aus Kiel“ und ging."
    assert quotes(text, blank, people=["Jan Berg"]) == [("„Knaller aus Kiel“", "direct", "Jan Berg")]
    text = "Als „verpasste Chance“ beurteilte der Verband den Beschluss."
    assert quotes(text, blank) == [("„verpasste Chance“", "direct", None)]
    # without a verb that judges, a name after "als" stays a name
    assert quotes("Die Fähre gilt als „Stolz der Förde“.", blank) == []


def test_a_quotation_right_before_so_and_a_name_is_that_speaker_s_direct_quote(blank) -> None:
    # even where it begins with a cut ("[…] die …") and no rule of its shape takes it
    text = "„[…] die Fähre fährt erst wieder im Mai“, so der Lotse Jan Berg."
    assert quotes(text, blank, people=["Jan Berg"]) == [
        ("„[…] die Fähre fährt erst wieder im Mai“", "direct", "Jan Berg")]
    # "so lautet der Titel" names nobody who spoke
    assert quotes("„Häfen im Wandel“, so lautet der Titel der Ausstellung.", blank) == []


def test_a_phrase_that_an_opening_als_governs_is_no_speaker(blank) -> None:
    # "Als Beispiel" says what the Reederei named; the subject follows the verb
    text = "Als Beispiel nannte die Reederei den Streik im Mai."
    assert quotes(text, blank) == [(text, "reported", "Reederei")]
    text = "Als Grund gab die Reederei an, der Kapitän sei krank."
    assert quotes(text, blank) == [(text, "indirect", "Reederei")]


def test_a_continuation_whose_first_clause_opens_with_an_adverbial_and_names_someone_is_theirs(blank) -> None:
    text = ("Der Lotse Jan Berg sagte, die Fähre sei sicher. "
            "Am Abend hatte sich Reederei Nordlicht überzeugt gezeigt, der Kapitän sei nüchtern gewesen.")
    found = quotes(text, blank, people=["Jan Berg"], organisations=["Reederei Nordlicht"])
    assert found[-1][2] == "Reederei Nordlicht"


def test_a_speech_verb_right_after_a_quotation_a_colon_introduces_names_its_speaker(blank) -> None:
    text = "Die Reederei Nordlicht hatte mit Klage gedroht: „Wir lassen uns das nicht gefallen“, sagte Jan Berg."
    found = quotes(text, blank, people=["Jan Berg"], organisations=["Reederei Nordlicht"])
    assert ("„Wir lassen uns das nicht gefallen“", "direct", "Jan Berg") in found


def test_a_speaker_phrase_runs_on_over_a_shared_compound(blank) -> None:
    """"des Wasserstraßen- und Schifffahrtsamts" is one noun phrase: the hyphen stands for
    the head both compounds share, so the phrase does not end at "Wasserstraßen-"."""
    found = quotes("Nach Angaben des Wasserstraßen- und Schifffahrtsamts war der Kanal am Freitag frei.", blank)
    assert [speaker for *_, speaker in found] == ["Wasserstraßen- und Schifffahrtsamts"]


def test_a_frames_source_ends_at_the_clauses_verb(blank) -> None:
    """The name after "laut X" / "nach Angaben von X" is X's, not the next name after the
    clause's verb: "… wurde Alexander Kozulin festgenommen" is who it is about."""
    text = "Nach Angaben von Augenzeugen wurde Alexander Kozulin festgenommen."
    [(_, form, speaker)] = quotes(text, blank, people=["Alexander Kozulin"])
    assert form == "reported" and speaker in {"Augenzeugen", "Angaben von Augenzeugen", "Angaben"}
    text = "Laut bildblog.de veröffentlichte das Bundesministerium die Zahlen erst später."
    assert quotes(text, blank, organisations=["Bundesministerium"]) == [(text, "reported", None)]
    # a name, its role word and the lower-case words inside a name still make the source
    text = "Laut Amtsleiter Dirk Wendland sei der Kanal frei."
    assert quotes(text, blank, people=["Dirk Wendland"]) == [(text, "reported", "Dirk Wendland")]
    text = "Laut dem Amt für Umwelt und Natur Kiel sei der Kanal frei."
    assert quotes(text, blank, organisations=["Amt für Umwelt und Natur Kiel"])[0][2] == "Amt für Umwelt und Natur Kiel"


def test_konjunktiv_ii_carries_reported_speech_on_but_a_hedging_modal_does_not(blank) -> None:
    said = "Die Reederei Nordlicht erklärte, der Motor sei ausgefallen. "
    carried = "Die Mannschaft hätte sofort den Anker geworfen."
    found = quotes(said + carried, blank, organisations=["Reederei Nordlicht"])
    assert found[-1] == (carried, "indirect", "Reederei Nordlicht")
    # what could or should be is the writer's hedge as often as anyone's words
    hedged = "Nun könnte der Kanal noch tagelang gesperrt bleiben."
    found = quotes(said + hedged, blank, organisations=["Reederei Nordlicht"])
    assert [text for text, _, _ in found] == [said.strip()]


def test_soll_werden_is_a_plan_unless_it_carries_on_someones_words(blank) -> None:
    plan = "Die Schleuse soll im Sommer erneuert werden."
    # on its own, "soll … werden" says what is planned, not what anyone said
    assert quotes("Der Kanal ist wieder frei. " + plan, blank) == []
    # right after a sentence that reports someone, it goes on with their words
    said = "Das Wasserstraßenamt teilte mit, der Kanal sei wieder frei. "
    found = quotes(said + plan, blank, organisations=["Wasserstraßenamt"])
    assert found[-1] == (plan, "free_indirect", "Wasserstraßenamt")
    # hearsay in the perfect needs no report before it
    rumour = "Die Schleuse soll schon im Sommer beschädigt worden sein."
    assert quotes("Der Kanal ist wieder frei. " + rumour, blank) == [(rumour, "free_indirect", None)]


def test_a_run_of_konjunktiv_after_an_attributed_sentence_is_one_quote(blank) -> None:
    said = "Die Lotsin Mira Hansen sagte, die Schleuse sei seit Montag gesperrt."
    run = "Der Schaden sei größer als gedacht. Die Reparatur werde Wochen dauern."
    found = quotes(f"{said} {run}", blank, people=["Mira Hansen"])
    # the attributed sentence stays a quote of its own; the run after it is one passage of hers
    assert found == [(said, "indirect", "Mira Hansen"), (run, "indirect", "Mira Hansen")]
    # a new paragraph starts a quote of its own
    first, second = run.split(". ")
    found = quotes(f"{said} {first}.\n\n{second}", blank, people=["Mira Hansen"])
    assert found == [(said, "indirect", "Mira Hansen"), (f"{first}.", "indirect", "Mira Hansen"),
                     (second, "indirect", "Mira Hansen")]
