"""Names made consistent within one article (`ingest.mentions`), on made-up records."""

from __future__ import annotations

from parallax.ingest.mentions import make_consistent
from parallax.store.records import ArticleRecord, EntitySpan


def record(text: str, *tagged: tuple[str, str, int]) -> ArticleRecord:
    """`tagged`: (surface, label, which occurrence) as the recognizer left them."""
    entities = []
    for surface, label, nth in tagged:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        entities.append(EntitySpan(start, start + len(surface), label, surface))
    return ArticleRecord(text=text, source_path="x", entities=entities)


def found(rec: ArticleRecord, nouns: frozenset[str] = frozenset()) -> list[tuple[int, str, str]]:
    make_consistent(rec, nouns)
    assert all(rec.text[e.start : e.end] == e.text for e in rec.entities)
    return [(e.start, e.text, e.label) for e in rec.entities]


def test_a_name_tagged_once_is_tagged_everywhere_in_the_article_before_and_after() -> None:
    text = "Früh in Brunsbüttel.\n\nDie Schleuse Brunsbüttel ist zu.\n\nAus Brunsbüttel nichts Neues."
    result = found(record(text, ("Brunsbüttel", "LOC", 1)))
    assert [(t, label) for _, t, label in result] == [("Brunsbüttel", "LOC")] * 3


def test_the_label_is_the_majority_and_a_locative_preposition_votes_for_a_place() -> None:
    text = "Der Hafen von Brunsbüttel. Später bei Brunsbüttel, dann in Brunsbüttel."
    result = found(record(text, ("Brunsbüttel", "ORG", 0)))
    assert [label for *_, label in result] == ["LOC", "LOC", "LOC"]
    text = "Siemens baut. Siemens zahlt. Die Siemens-Aktie fällt, bei Siemens ist Ruhe."
    result = found(record(text, ("Siemens", "ORG", 0), ("Siemens", "ORG", 1)))
    assert [(t, label) for _, t, label in result] == [("Siemens", "ORG")] * 3  # not inside the compound


def test_a_lone_surname_after_the_full_name_is_the_person() -> None:
    text = "Wendland ist eine Region. Amtsleiter Dirk Wendland sagte das. Wendland schwieg, Wendlands Amt auch."
    result = found(record(text, ("Wendland", "LOC", 0), ("Dirk Wendland", "PER", 0), ("Wendland", "LOC", 2)))
    assert result == [
        (0, "Wendland", "LOC"),  # before the person is named: left as it was
        (37, "Dirk Wendland", "PER"),
        (62, "Wendland", "PER"),
        (80, "Wendlands", "PER"),
    ]


def test_common_nouns_stop_words_and_compounds_of_nouns_are_not_spread() -> None:
    text = "Der Bund zahlt. Der Bund und die Mit-Arbeiter. Die Leiterin Nord-Ostsee-Kanal. Am Nord-Ostsee-Kanal."
    tagged = record(text, ("Bund", "ORG", 0), ("Die", "MISC", 0), ("Leiterin Nord-Ostsee-Kanal", "PER", 0))
    result = found(tagged, frozenset({"Bund", "Kanal"}))
    assert [(t, label) for _, t, label in result] == [
        ("Bund", "ORG"), ("Die", "MISC"), ("Leiterin Nord-Ostsee-Kanal", "PER")]


def test_longer_names_are_spread_first_and_nothing_overlaps() -> None:
    text = "Bündnis Blaue Küste klagt. Blaue Küste ist ein Verein. Das Bündnis Blaue Küste schweigt."
    result = found(record(text, ("Bündnis Blaue Küste", "ORG", 0), ("Blaue Küste", "LOC", 1)))
    assert [(t, label) for _, t, label in result] == [
        ("Bündnis Blaue Küste", "ORG"), ("Blaue Küste", "LOC"), ("Bündnis Blaue Küste", "ORG")]
    spans = [(s, s + len(t)) for s, t, _ in result]
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:]))


def test_a_country_keeps_its_label_and_is_nobodys_surname() -> None:
    text = "Südkoreas Präsident sprach. Drohte Kim Südkorea? Südkoreas Armee und Südkorea schwiegen."
    rec = record(text, ("Südkoreas", "PER", 0), ("Kim Südkorea", "PER", 0), ("Südkoreas", "PER", 1))
    make_consistent(rec, fixed={"Südkorea": "LOC", "Südkoreas": "LOC"})
    # the untagged "Südkorea" stays as it was: only names the recognizer tagged spread
    assert [(e.text, e.label) for e in rec.entities] == [
        ("Südkoreas", "LOC"), ("Kim Südkorea", "PER"), ("Südkoreas", "LOC")]


def test_a_surname_that_is_also_a_noun_is_the_person_unless_an_article_makes_it_the_noun() -> None:
    """After "Lars Holm", "kündigte Holm an" is him; "der Holm" is still the bar."""
    text = "Reeder Lars Holm sagte das. Man werde klagen, kündigte Holm an. Der Holm der Brücke brach, Holms Firma nicht."
    result = found(record(text, ("Lars Holm", "PER", 0)), frozenset({"Holm"}))
    assert [(t, label) for _, t, label in result] == [("Lars Holm", "PER"), ("Holm", "PER"), ("Holms", "PER")]
    assert text[result[1][0] - 9 : result[1][0]] == "kündigte "
