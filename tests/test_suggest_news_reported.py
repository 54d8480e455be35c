"""Reported speech as the field means it (issue 13; Brunner et al.): a speech act
told as an action, with no clause of what was said — "X kündigte … an", "X fordert
…", "X warf Y … vor". Invented sentences, entities marked by hand, a blank German
pipeline (tokens only: the word lists and the cue table decide); see
test_suggest_news.py for the helpers' conventions.
"""

from __future__ import annotations

import pytest

from test_suggest_news import quotes


@pytest.fixture(scope="module")
def blank():
    import spacy

    return spacy.blank("de")


def test_a_separated_particle_closes_the_act_however_far_from_its_verb(blank) -> None:
    text = ("Die Ministerin Anna Berger kündigte am Montag auf einer Pressekonferenz in der Landeshauptstadt "
            "eine gründliche Prüfung aller Verträge der Behörde an.")
    assert quotes(text, blank, people=["Anna Berger"]) == [(text, "reported", "Anna Berger")]
    text = ("Gestern warf der Abgeordnete Paul Kröger (Grüne) dem Landrat des Kreises Unterlassung "
            "und Täuschung der Öffentlichkeit vor.")
    assert quotes(text, blank, people=["Paul Kröger"]) == [(text, "reported", "Paul Kröger")]
    # the particle must close the clause: "an" inside it is a preposition
    assert quotes("Der Landrat gab am Montag an der Schule in Ahlen die Zeugnisse aus.", blank) == []


@pytest.mark.parametrize(("text", "who"), [
    ("Die Anwohner befürchten eine Zunahme des Verkehrs.", None),
    ("Der Verband Nordbau befürchtet den Verlust von Aufträgen.", "Verband Nordbau"),
    ("Die Stiftung Seewacht beschuldigte die Reederei der Fahrlässigkeit.", "Stiftung Seewacht"),
    ("Der Wetterdienst sagte für das Wochenende starken Schneefall voraus.", None),
    ("Die Partei Neue Mitte wies auf die hohen Kosten des Projekts hin.", "Partei Neue Mitte"),
    ("Die Ärztekammer Nord riet den Eltern zu Geduld.", "Ärztekammer Nord"),
    ("Der Bürgermeister Jan Wolters appellierte an die Vernunft der Fans.", "Jan Wolters"),
    ("Der Trainer Uwe Brandt schreibt den Erfolg der Mannschaft dem Zufall zu.", "Uwe Brandt"),
    ("Am Abend plädiert Jan Wolters sogar für eine Verlängerung der Frist.", "Jan Wolters"),
    ("Die Stiftung Seewacht hatte im Mai von schweren Mängeln an Bord berichtet.", "Stiftung Seewacht"),
    ("Viele Kliniken bezeichnen die Reform als Fortschritt.", None),
])
def test_speech_acts_by_their_verbs_and_what_they_govern(blank, text, who) -> None:
    named = [n for n in ("Verband Nordbau", "Stiftung Seewacht", "Partei Neue Mitte",
                         "Ärztekammer Nord") if n in text]
    people = [n for n in ("Jan Wolters", "Uwe Brandt") if n in text]
    found = quotes(text, blank, people=people, organisations=named)
    assert [(q, form) for q, form, _ in found] == [(text, "reported")]
    if who:
        assert found[0][2] == who


def test_a_speech_act_in_the_perfect_is_said_by_whom_the_clause_opens_with(blank) -> None:
    text = "Vor einer Katastrophe hat Jan Wolters gestern in Kiel gewarnt."
    assert quotes(text, blank, people=["Jan Wolters"]) == [(text, "reported", "Jan Wolters")]
    # the name next to the participle is what was warned of, not who warned
    text = ("Am Montag hatte der Minister bei einem Besuch in Kiel deutlich vor einem Streit mit der "
            "Stiftung Seewacht gewarnt.")
    assert quotes(text, blank, organisations=["Stiftung Seewacht"]) == [(text, "reported", None)]


def test_a_passive_speech_act_names_nobody(blank) -> None:
    for text in ("Im Norden wird weiterhin von einer hohen Sturmgefahr ausgegangen.",
                 "Der Partei werden in Umfragen sieben Prozent vorhergesagt."):
        assert quotes(text, blank) == [(text, "reported", None)]


@pytest.mark.parametrize("text", [
    "Nach dem Hochwasser wird der Ausbruch von Seuchen befürchtet.",   # a passive names nobody's act
    "Der Beschuldigte schwieg vor dem Landgericht.",                    # the noun, not the verb
    "Das Gericht hatte die Beschuldigten am Montag freigelassen.",
    "Die Kinder werfen Steine ins Wasser.",
    "Der Sturm forderte in der Nacht drei Todesopfer.",              # "fordern" of a disaster: casualties
    "Zwölf Menschenleben forderte das Unglück vor Laboe.",
])
def test_the_same_words_without_a_speech_act_are_no_quote(blank, text) -> None:
    assert quotes(text, blank) == []


@pytest.mark.parametrize(("text", "who"), [
    ("Das Institut Nordwind schätzt, dass der Schaden bei 20 Millionen Euro liegt.", "Institut Nordwind"),
    ("Die Gutachter stellten am Montag fest, dass die Schleuse seit Jahren undicht sei.", None),
    ("Der Verband Nordbau bezweifelt, dass die Frist zu halten ist.", "Verband Nordbau"),
])
def test_estimating_finding_and_doubting_introduce_indirect_speech(blank, text, who) -> None:
    named = [n for n in ("Institut Nordwind", "Verband Nordbau") if n in text]
    found = quotes(text, blank, organisations=named)
    assert [(q, form) for q, form, _ in found] == [(text, "indirect")]
    if who:
        assert found[0][2] == who


def test_an_intention_a_named_subject_makes_known_is_reported(blank) -> None:
    text = "Die Gewerkschaft Nordmetall will im Herbst einen höheren Tarif durchsetzen."
    assert quotes(text, blank, organisations=["Gewerkschaft Nordmetall"]) == [
        (text, "reported", "Gewerkschaft Nordmetall")]
    text = "Am Mittwoch will Jan Wolters einen neuen Vorschlag vorlegen."
    assert quotes(text, blank, people=["Jan Wolters"]) == [(text, "reported", "Jan Wolters")]
    # a title in marks in it is no one's words: no direct quote beside the sentence
    text = "Der Verlag Nordbuch will das Buch „Deutschland schafft sich ab“ im Herbst verfilmen."
    assert quotes(text, blank, organisations=["Verlag Nordbuch"]) == [(text, "reported", "Verlag Nordbuch")]
    # a name before a colon is not the subject of the clause after it
    text = "Auch die Stiftung Seewacht hat sich eingeschaltet: Der Kanal ist wichtig, Kiel will Klarheit."
    assert quotes(text, blank, organisations=["Stiftung Seewacht"]) == []


@pytest.mark.parametrize("text", [
    "Er will im Herbst wieder antreten.",                 # a pronoun: whose intention is not known here
    "Die Kinder wollen am Nachmittag spielen.",           # nobody named
    "Wer mit dem Lotsen sprechen will, muss warten.",
])
def test_an_intention_of_nobody_named_is_no_quote(blank, text) -> None:
    assert quotes(text, blank) == []
