"""The pure parts of the reader: sanitising, navigation and wrapping."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, split_graphemes

from parallax.tui.document import ArticleDoc, Intervals
from parallax.tui.sanitize import _TABLE, display_text
from parallax.tui.wrap import FOLD, TEXT, line_of, wrap

# -- sanitize ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attack",
    [
        "\x1b]52;c;SGVsbG8=\x07",  # OSC 52: set the clipboard
        "\x1b]0;pwned\x07",  # OSC 0: retitle the terminal
        "\x1b[2J\x1b[H",  # CSI: clear the screen, home
        "\x9b2J",  # C1 CSI
        "\x9d0;pwned\x9c",  # C1 OSC … ST
        "\x7f\x00\x08\r",
        "abc\u202edef\u2066x\u2069\u200b\ufeff",  # bidi override, isolate, zero-width
    ],
)
def test_display_text_neutralises_control_sequences(attack):
    shown = display_text(f"vor {attack} nach")
    assert len(shown) == len(attack) + len("vor  nach")
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in shown)
    assert not set(shown) & {"\u202e", "\u2066", "\u2069", "\u200b", "\ufeff"}
    assert shown.startswith("vor ") and shown.endswith(" nach")


def test_display_text_keeps_newlines_makes_tabs_spaces_and_leaves_german_alone():
    german = "Grüße aus Brunsbüttel: „Keine Chance“ – sagte Jörg, 12.000 € Schaden.\n\nÄÖÜß »x«"
    assert display_text(german) is german
    assert display_text("a\tb\nc") == "a b\nc"
    assert display_text("\x1b") == "\u241b"


def test_display_text_replaces_lone_surrogates():
    assert display_text("a\udcff") == "a\ufffd"


def test_every_replaced_character_is_caught_alone_in_a_clean_text():
    """Clean text is returned untouched after one isprintable() scan: that is
    only safe while every replaced character is one the scan rejects."""
    for code, shown in _TABLE.items():
        text = f"Nord-Ostsee-Kanal, 12.000 € {chr(code)} Schaden.\n\nEnde"
        assert display_text(text)[28] == shown, hex(code)


# -- words ------------------------------------------------------------------------------

TEXT_1 = (
    "Der Frachter blockierte den Nord-Ostsee-Kanal: 12.000 Container, 3,5 Prozent. "
    "Nord- und Südkorea geht’s an."
)


def doc_of(text: str, **parts) -> ArticleDoc:
    return ArticleDoc(text, parts.get("zones", []), parts.get("sentences", []), parts.get("entities", []))


def words(doc: ArticleDoc) -> list[str]:
    found, pos = [], 0
    while True:
        start, end = doc.word_at(pos)
        if doc.text[start:end].strip(".,: "):
            found.append(doc.text[start:end])
        nxt = doc.next_word(pos)
        if nxt == doc.last or nxt <= pos:
            return found
        pos = nxt


def test_words_keep_compounds_numbers_and_umlauts_whole():
    assert words(doc_of(TEXT_1)) == [
        "Der", "Frachter", "blockierte", "den", "Nord-Ostsee-Kanal", "12.000", "Container",
        "3,5", "Prozent", "Nord-", "und", "Südkorea", "geht’s", "an",
    ]  # fmt: skip


def test_word_motions_clamp_and_step_back_to_word_start():
    doc = doc_of("Kiel zählt Verluste.")
    assert doc.next_word(0) == 5
    assert doc.next_word(11) == doc.last  # no word after: the end
    assert doc.prev_word(13) == 11  # inside a word: its start
    assert doc.prev_word(11) == 5
    assert doc.prev_word(0) == 0
    assert doc.next_word(-40) == 5 and doc.prev_word(10**9) == 11
    assert doc.word_at(4) == (4, 5)  # a space is its own one-char "word"
    assert doc.word_at(7) == (5, 10)


def test_empty_document_never_raises():
    doc = doc_of("")
    assert (doc.next_word(3), doc.prev_word(3), doc.word_at(3)) == (0, 0, (0, 0))
    assert doc.sentence_at(0) == (0, 0) and doc.quote_at(0) is None
    assert doc.next_entity(0) is None and doc.clause_end(0) == 0


# -- sentences, paragraphs ------------------------------------------------------------------

TEXT_2 = "Titel der Meldung\n\nErster Satz hier. Zweiter Satz dort.\nNoch eine Zeile\n\n  Dritter Absatz."


def test_sentences_use_stored_spans_and_fall_back_to_paragraph_pieces():
    s1 = TEXT_2.index("Erster")
    s2 = TEXT_2.index("Zweiter")
    doc = doc_of(TEXT_2, sentences=[(s1, s2), (s2, TEXT_2.index(" dort") + 6)])
    units = [doc.text[s:e] for s, e in doc.units]
    assert units == [
        "Titel der Meldung", "Erster Satz hier.", "Zweiter Satz dort.", "Noch eine Zeile", "Dritter Absatz.",
    ]  # fmt: skip
    assert doc.sentence_at(s1 + 3) == (s1, s1 + len("Erster Satz hier."))
    assert doc.next_sentence(s1) == s2
    assert doc.prev_sentence(s2) == s1
    assert doc.prev_sentence(s2 + 3) == s2
    assert doc.next_sentence(TEXT_2.index("Dritter")) == doc.last


def test_a_stray_closing_quote_joins_the_sentence_before_it():
    text = "„Wir hatten keine Chance.“ Sagte er."
    doc = doc_of(text, sentences=[(0, 25), (27, len(text))])
    assert doc.sentence_at(3) == (0, 26)


def test_paragraphs_are_blank_line_separated():
    doc = doc_of(TEXT_2)
    paragraphs = [doc.text[s:e] for s, e in doc.paragraphs]
    assert paragraphs == [
        "Titel der Meldung", "Erster Satz hier. Zweiter Satz dort.\nNoch eine Zeile", "Dritter Absatz.",
    ]  # fmt: skip
    assert doc.next_paragraph(0) == TEXT_2.index("Erster")
    assert doc.next_paragraph(TEXT_2.index("Noch")) == TEXT_2.index("Dritter")
    assert doc.prev_paragraph(TEXT_2.index("Noch")) == TEXT_2.index("Erster")
    assert doc.prev_paragraph(3) == 0


# -- quotes and clauses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "quoted",
    ["„Keine Chance“", "»Keine Chance«", '"Keine Chance"', "“Keine Chance”"],
)
def test_quote_at_includes_the_marks(quoted):
    text = f"Lotse Brandt sagte: {quoted}, und ging.\n\nNeuer Absatz „anderes Zitat“."
    doc = doc_of(text)
    start = text.index(quoted)
    span = (start, start + len(quoted))
    assert doc.quote_at(start + 5) == span  # inside
    assert doc.quote_at(0) == span  # the first one after the cursor, same paragraph
    assert doc.quote_at(span[1] + 2) is None  # none left in this paragraph


def test_quote_at_prefers_the_innermost_and_rejects_crossing_pairs():
    text = "Er sagte: „Sie rief ‚Halt‘ und lief.“ Dann »A« und »B«."
    doc = doc_of(text)
    assert doc.text[slice(*doc.quote_at(text.index("Halt")))] == "‚Halt‘"
    assert doc.text[slice(*doc.quote_at(text.index("rief")))] == "„Sie rief ‚Halt‘ und lief.“"
    quotes = {doc.text[s:e] for s, e in doc.quotes.items}
    assert "« und »" not in quotes and {"»A«", "»B«"} <= quotes


def test_clause_end_walks_commas_then_the_sentence_end_then_on():
    text = "Erst das, dann jenes; am Ende – sagte er – nichts. Neu: 3,5 Prozent."
    doc = doc_of(text, sentences=[(0, 50), (51, len(text))])
    stops, pos = [], 0
    for _ in range(7):
        pos = doc.clause_end(pos)
        stops.append(text[pos])
    assert stops == [",", ";", "–", "–", ".", ":", "."]
    assert doc.clause_end(pos) == pos  # after the last sentence: stay
    assert doc_of(text + "\n\n").clause_end(len(text) - 1) == len(text) - 1


def test_selection_span_is_inclusive_word_wide_and_trimmed():
    text = "Die Reederei weist die Schuld zurück, sagt der Sprecher."
    doc = doc_of(text)
    assert doc.text[slice(*doc.selection_span(6, 6))] == "Reederei"
    comma = doc.clause_end(4)
    assert doc.text[slice(*doc.selection_span(4, comma))] == "Reederei weist die Schuld zurück"
    assert doc.selection_span(comma, 4) == doc.selection_span(4, comma)


# -- entities, zones, annotations ----------------------------------------------------------------


def test_entity_and_annotation_navigation():
    text = "Henning Brandt fuhr von Kiel nach Brunsbüttel."
    ents = [(0, 14, "PER", "Henning Brandt"), (24, 28, "LOC", "Kiel"), (34, 45, "LOC", "Brunsbüttel")]
    doc = doc_of(text, entities=ents, zones=[(0, len(text), "body")])
    assert doc.next_entity(0) == 24 and doc.next_entity(24) == 34 and doc.next_entity(34) is None
    assert doc.prev_entity(30) == 24 and doc.prev_entity(26) == 24 and doc.prev_entity(0) is None
    assert doc.entity_at(25) == ents[1] and doc.entity_at(20) is None
    assert doc.zone_at(5) == "body"
    outer = {"id": "a", "start": 0, "end": 45, "label": "claim", "status": "accepted"}
    inner = {"id": "b", "start": 24, "end": 28, "label": "quote", "status": "suggested"}
    doc.set_annotations([inner, outer])
    assert doc.annotations_at(25) == [outer, inner]
    assert doc.annotations_at(30) == [outer]
    assert list(doc.annotations) == [outer, inner]  # iterable, by start
    assert doc.next_annotation(0) == 24 and doc.next_annotation(24) is None
    assert doc.prev_annotation(24) == 0 and doc.prev_annotation(0) is None


def test_zone_ranges_merge_neighbours_and_swallow_the_line_end():
    text = "Menü\n\nTeilen\nArtikel beginnt.\n\nWerbung"
    zones = [(0, 4, "boilerplate"), (6, 12, "boilerplate"), (13, 29, "body"), (31, 38, "boilerplate")]
    assert doc_of(text, zones=zones).zone_ranges({"boilerplate"}) == [(0, 13), (31, 38)]


def test_intervals_overlap_queries_survive_long_early_spans():
    table = Intervals([(0, 100, "all"), (10, 12, "a"), (50, 55, "b"), (90, 99, "c")])
    assert [table.items[i] for i in table.overlapping(52, 60)] == ["all", "b"]
    assert [table.items[i] for i in table.containing(11)] == ["all", "a"]
    assert table.overlapping(100, 120) == []


def test_navigation_over_a_long_article_with_many_entities():
    text = " ".join(f"Wort{i} Kiel," for i in range(5000))
    starts = [m for m in range(len(text)) if text.startswith("Kiel", m)]
    doc = doc_of(text, entities=[(s, s + 4, "LOC", "Kiel") for s in starts])
    assert len(doc.entities) == 5000
    assert doc.next_entity(starts[2500]) == starts[2501]
    assert doc.prev_entity(starts[2500] + 2) == starts[2500]
    assert doc.entity_at(starts[4999] + 1) == (starts[4999], starts[4999] + 4, "LOC", "Kiel")


# -- wrap ----------------------------------------------------------------------------------------------


def shown(text: str, line: tuple[int, int, str]) -> str:
    return text[line[0] : line[1]].rstrip(" \n")


def test_wrap_breaks_at_spaces_and_hyphens_and_hard_breaks_long_words():
    text = "Havarie im Nord-Ostsee-Kanal: Kanalverwaltungsgesellschaft"
    assert [shown(text, line) for line in wrap(text, 12)] == [
        "Havarie im", "Nord-Ostsee-", "Kanal:", "Kanalverwalt", "ungsgesellsc", "haft",
    ]  # fmt: skip
    assert wrap(text, 200) == [(0, len(text), TEXT)]


def test_wrap_measures_cells_not_chars():
    text = "漢字漢字漢字 ab 😀😀😀"
    lines = wrap(text, 6)
    assert [shown(text, line) for line in lines] == ["漢字漢", "字漢字", "ab", "😀😀😀"]
    assert all(cell_len(shown(text, line)) <= 6 for line in lines)


def test_wrap_keeps_newlines_and_blank_lines():
    text = "eins\n\nzwei drei\n"
    assert [text[s:e] for s, e, _ in wrap(text, 5)] == ["eins\n", "\n", "zwei ", "drei\n"]
    assert wrap("", 10) == [(0, 0, TEXT)]


def test_wrap_folds_a_range_into_one_line():
    text = "Kopf\nMenü Teilen Drucken\nText hier"
    fold = (5, 25)
    lines = wrap(text, 6, [fold])
    assert lines[1] == (5, 25, FOLD)
    assert [text[s:e] for s, e, kind in lines if kind == TEXT] == ["Kopf\n", "Text ", "hier"]


def test_line_of_finds_the_visual_line():
    text = "eins zwei drei vier"
    lines = wrap(text, 9)
    assert [line_of(lines, pos) for pos in (0, 5, 9, 10, 18, 99, -3)] == [0, 0, 0, 1, 1, 1, 0]


# No zero-width joiner: display_text replaces it before anything is wrapped, and
# Rich measures nonsense like "\u200d\u200daa" differently in cell_len and split_graphemes.
_TEXT_CHARS = st.sampled_from(list("ab cd-\n\n  ") + ["ä", "„", "漢", "😀", "\u0301"])


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(_TEXT_CHARS, max_size=120),
    width=st.integers(1, 30),
    fold=st.tuples(st.integers(0, 120), st.integers(0, 30)),
)
def test_wrap_tiles_the_text_and_fits_the_width(text, width, fold):
    start = min(fold[0], len(text))
    folded = [(start, min(start + fold[1], len(text)))] if fold[1] else []
    lines = wrap(text, width, folded)
    covered = []
    for s, e, kind in lines:
        covered.append((s, e))
        if kind == TEXT:
            visible = text[s:e].rstrip(" \n")
            assert "\n" not in text[s:e].rstrip("\n")  # a line never spans a newline
            # only a lone grapheme wider than the width may overflow
            assert cell_len(visible) <= width or len(split_graphemes(visible)[0]) == 1
    pos = 0
    for s, e in covered:
        assert s == pos
        pos = e
    assert pos == len(text)
    assert [k for *_, k in lines].count(FOLD) == (1 if folded and folded[0][1] > folded[0][0] else 0)
