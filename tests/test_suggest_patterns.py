"""The cue table's pattern language on spaCy's Matcher and DependencyMatcher
(ingest/suggest/patterns.py, matching.py): what the table may say, which match
counts, and how far a dependency pattern looks. The sentences are made up."""

from __future__ import annotations

import pytest

from parallax.ingest import cues as C
from parallax.ingest.suggest import suggest, suggest_docs
from parallax.ingest.suggest.patterns import TOKEN_CUES, compile_dependency, compile_pattern, tags_with
from parallax.ingest.suggest.tokens import CLASSES, INQ, KONJ1, KONJ2, SPEECH
from parallax.store.queries import ArticleData


@pytest.fixture(scope="module")
def blank():
    import spacy

    return spacy.blank("de")


def article(text: str, sentences=None, entities=()) -> ArticleData:
    return ArticleData(1, "Test", None, None, None, text, [(0, len(text), "body")],
                       sentences or [(0, len(text))], list(entities))


def found(text: str, nlp) -> list[tuple[str, str, str]]:
    return [(s.label, s.attrs["rule"], s.attrs["cue"]) for s in suggest(article(text), nlp)]


# -- the language ----------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", [
    "… zufolge",             # a gap opens the pattern
    "laut …",                # a gap closes it
    "a … b … c",             # two gaps
    "@quoted",               # no such word class
    "^",                     # nothing but an anchor
    "a ^ b",                 # ^ inside
    "a $ b",                 # $ inside
])
def test_patterns_the_language_refuses(pattern: str) -> None:
    with pytest.raises(ValueError):
        compile_pattern(pattern)


def test_every_cue_of_the_table_compiles_and_a_word_class_is_a_tag_test() -> None:
    assert set(TOKEN_CUES) == {c.id for c in C.CUES if c.kind == "tokens"}
    (part,) = compile_pattern("@konj1")
    (token,) = part.patterns[0]
    assert set(token["TAG"]["IN"]) == set(tags_with(KONJ1))
    assert "SPEECH+KONJ1+LOW" in token["TAG"]["IN"] and "KONJ2+LOW" not in token["TAG"]["IN"]
    assert CLASSES["@konj"] == KONJ1 | KONJ2
    # a word list's first word is tested natively: one Matcher pattern per word
    (part,) = compile_pattern("soll|sollen … haben|sein")
    assert [p[0] for p in part.patterns] == [{"LOWER": "soll"}, {"LOWER": "sollen"}]
    assert part.gap == 1 and part.needs_words == (frozenset({"soll", "sollen"}), frozenset({"haben", "sein"}))


def test_a_dependency_pattern_wants_its_dependent_outside_quotation_marks() -> None:
    head, dependent = compile_dependency("@speech >> @konj")
    assert head["RIGHT_ATTRS"]["TAG"]["IN"] == list(tags_with(SPEECH))
    assert dependent["REL_OP"] == ">>"
    tags = dependent["RIGHT_ATTRS"]["TAG"]["IN"]
    assert "KONJ1+LOW" in tags and "KONJ2+LOW" in tags and not any("QUOTED" in t for t in tags)
    assert set(tags) == set(tags_with(KONJ1 | KONJ2, INQ))
    with pytest.raises(ValueError):
        compile_dependency("@speech > @konj")


# -- which match counts ----------------------------------------------------------------------


def test_a_gap_skips_at_most_gap_words_and_the_shortest_counts(blank) -> None:
    filler = " ".join(["x"] * C.GAP)
    soll_haben = [("claim", "claim.soll", "claim:soll haben"), ("quote", "quote.free.soll", "quote:soll haben")]
    assert sorted(found(f"Der Minister soll {filler} haben.", blank)) == soll_haben
    assert found(f"Der Minister soll {filler} x haben.", blank) == []
    # "haben" is nearer than "sein": the hit is the shortest match from the leftmost start
    assert sorted(found("Der Minister soll Geld genommen haben und entlassen worden sein.", blank)) == soll_haben


def test_dollar_is_the_end_of_the_sentence(blank) -> None:
    for text in ("Das Schiff sank, wie die Polizei mitteilte", "Das Schiff sank, wie die Polizei mitteilte."):
        assert found(text, blank) == [("quote", "quote.reported.wie", "quote:wie X mitteilte")]
    assert found("Das Schiff sank, wie die Polizei mitteilte und schwieg.", blank) == []


def test_not_initial_skips_a_match_at_the_start_and_negation_vetoes(blank) -> None:
    assert found("Man sollte das prüfen.", blank) == [("opinion", "opinion.modal", "opinion:sollte")]
    assert found("Sollte das stimmen, dann nicht.", blank) == []          # a condition, not advice
    assert found("Das ist, sollte man meinen, klar.", blank) == []        # "!, sollte"


def test_words_in_quotation_marks_are_not_read_by_the_patterns(blank) -> None:
    assert [r for r in found("Die Zeitung nannte den Fund angeblich wertvoll.", blank) if r[0] == "claim"] \
        == [("claim", "claim.reportative", "claim:angeblich")]
    assert not [r for r in found("Die Zeitung nannte den Fund „angeblich wertvoll“.", blank) if r[0] == "claim"]


# -- dependency patterns: the nearest head, within the sentence and DEP_STEPS -------------


def _parsed(words, heads, morphs):
    import spacy
    from spacy.tokens import Doc

    deps = ["ROOT" if h == i else "dep" for i, h in enumerate(heads)]
    return Doc(spacy.blank("de").vocab, words=words, heads=heads, deps=deps, morphs=morphs)


SUB = "Mood=Sub|Tense=Pres|VerbForm=Fin"
IND = "Mood=Ind|VerbForm=Fin"


def quotes(doc, sentences=None) -> list[tuple[str, str]]:
    return [(s.attrs["rule"], s.attrs["cue"]) for s in suggest_docs(article(doc.text, sentences), [(0, doc)])
            if s.label == "quote"]


def test_the_nearest_speech_verb_above_the_konjunktiv_speaks() -> None:
    # Sie sagte, er erklärte, Müller stinke.   stinke → erklärte → sagte
    doc = _parsed(["Sie", "sagte", ",", "er", "erklärte", ",", "Müller", "stinke", "."],
                  [1, 1, 1, 4, 1, 4, 7, 4, 1], ["", IND, "", "", IND, "", "", SUB, ""])
    assert quotes(doc) == [("quote.indirect.dep", "quote:erklärte+Mood=Sub(stinke)/dep")]


@pytest.mark.parametrize(("steps", "rule"), [(C.DEP_STEPS, "quote.indirect.dep"),
                                             (C.DEP_STEPS + 1, "quote.indirect.konj1")])
def test_a_dependency_pattern_looks_dep_steps_heads_up(steps: int, rule: str) -> None:
    # sagte ← x ← x ← … ← stinke: the chain from "stinke" up to "sagte" is `steps` heads long
    words = ["Er", "sagte"] + ["x"] * (steps - 1) + ["stinke", "."]
    heads = [1, 1] + list(range(1, steps)) + [steps, 1]
    morphs = ["", IND] + [""] * (steps - 1) + [SUB, ""]
    assert [r for r, _ in quotes(_parsed(words, heads, morphs))] == [rule]


def test_a_dependency_pattern_stays_in_its_sentence() -> None:
    # "Er sagte." and "Müller stinke." are two sentences, though the parse links them
    doc = _parsed(["Er", "sagte", ".", "Müller", "stinke", "."], [1, 1, 1, 4, 1, 4],
                  ["", IND, "", "", SUB, ""])
    assert doc.text == "Er sagte . Müller stinke . "
    # not "dep": the second sentence only continues the first one's speech
    assert [r for r, _ in quotes(doc, [(0, 10), (11, 25)])] == ["quote.indirect.continued1"]
    assert quotes(doc) == [("quote.indirect.dep", "quote:sagte+Mood=Sub(stinke)/dep")]


def test_the_cue_of_a_source_frame_says_nach_once(blank) -> None:
    # {hit} already holds "nach …": the template must not add another "nach"
    cues = found("Nach Angaben der Feuerwehr brannte die Scheune völlig aus.", blank)
    assert ("quote", "quote.reported.angaben", "quote:Nach Angaben") in cues
    cues = found("Nach ersten Angaben der Feuerwehr brannte die Scheune völlig aus.", blank)
    assert [c for c in cues if c[0] == "quote"] == [("quote", "quote.reported.angaben_adj", "quote:Nach ersten Angaben")]
