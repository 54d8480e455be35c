"""Sentence-initial ordinary words taken for persons (`ingest.sentence_openers`), on
made-up records and a made-up lexicon."""

from __future__ import annotations

from parallax.ingest.gazetteer import NameLexicon
from parallax.ingest.sentence_openers import drop_sentence_initial_words
from parallax.store.records import ArticleRecord, EntitySpan

LEXICON = NameLexicon(
    first_names=frozenset({"Ehrlich"}),
    surnames=frozenset({"Fröhlich"}),
    common_nouns=frozenset({"Deich", "Muschel"}),
    role_forms=frozenset(),
)


def kept(text: str, *tagged: tuple[str, str, int]) -> list[tuple[str, str]]:
    """`tagged`: (surface, label, which occurrence); sentences split after ". "."""
    entities = []
    for surface, label, nth in tagged:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        entities.append(EntitySpan(start, start + len(surface), label, surface))
    sentences, start = [], 0
    for part in text.split(". "):
        sentences.append((start, start + len(part)))
        start += len(part) + 2
    rec = ArticleRecord(text=text, source_path="x", entities=entities, sentences=sentences)
    drop_sentence_initial_words(rec, LEXICON)
    return [(e.text, e.label) for e in rec.entities]


def test_adjectives_and_function_words_opening_a_sentence_are_no_persons() -> None:
    text = "Der Deich hielt. Technisch war das knapp. Gänzlich neu ist das nicht. Manche blieben."
    tagged = [("Technisch", "PER", 0), ("Gänzlich", "PER", 0), ("Manche", "PER", 0)]
    assert kept(text, *tagged) == []


def test_a_word_the_article_also_writes_in_lower_case_is_no_person() -> None:
    text = "Sturm kam auf. Am Abend war der sturm vorbei."
    assert kept(text, ("Sturm", "PER", 0)) == []
    assert kept("Sturm kam auf. Am Abend war es vorbei.", ("Sturm", "PER", 0)) == [("Sturm", "PER")]


def test_listed_names_and_names_tagged_inside_a_sentence_stay() -> None:
    text = "Fröhlich lachte. Ehrlich blieb. Herzlich dankte allen. Das sagte Herzlich am Deich."
    names = ["Fröhlich", "Ehrlich", "Herzlich", "Herzlich"]
    tagged = [(name, "PER", n) for name, n in zip(names, [0, 0, 0, 1], strict=True)]
    assert kept(text, *tagged) == [(name, "PER") for name in names]


def test_only_one_word_persons_at_a_sentence_start_are_dropped() -> None:
    text = "Am Deich stand Kritisch. „Kritisch“ hieß sein Boot. Kritisch Meier kam. Muschel schwieg."
    tagged = [
        ("Kritisch", "PER", 0), ("Kritisch", "MISC", 1), ("Kritisch Meier", "PER", 0), ("Muschel", "PER", 0)]
    # inside a sentence, another label, two words, a noun (nouns cost real names on dev)
    assert kept(text, *tagged) == [(surface, label) for surface, label, _ in tagged]


def test_an_opening_quotation_mark_does_not_hide_the_sentence_start() -> None:
    text = "Es regnete. „Natürlich kommt er“, hieß es."
    assert kept(text, ("Natürlich", "PER", 0)) == []


def test_an_article_and_a_noun_opening_a_sentence_are_no_title_where_the_article_writes_them_in_lower_case() -> None:
    text = "„Der Deich hält“, sagte er. Am Montag hat den Deich niemand bewacht."
    assert kept(text, ("Der Deich", "MISC", 0)) == []
    # a title the article never writes as an ordinary noun phrase, another label, inside a sentence
    assert kept("Der Deich lief im Kino. Er war gut.", ("Der Deich", "MISC", 0)) == [("Der Deich", "MISC")]
    text = "Die Muschel gewann. Es siegte die Muschel knapp. Er las „Die Muschel“ gern."
    tagged = [("Die Muschel", "ORG", 0), ("Die Muschel", "MISC", 1)]
    assert kept(text, *tagged) == [(surface, label) for surface, label, _ in tagged]
