"""`parallax suggest`: the German cue rules against a hand-written gold file, the
speaker and form attributes, idempotent storage, the morphology/parse branch, and
the quotes of a real article (seed 003, skipped when the seeds are absent).

tests/data/sample_gold.jsonl was written by hand from reading the sample story
(one line per span: outlet, label, the exact text; for quotes form and, where
named, the speaker's surname). Its guidelines:

- only article text: headline, lead, body, subheadings, the editorial comment and
  the reader comments; no captions, bylines, datelines, link lists, page furniture;
- quote/direct: a quotation in marks, marks included, that gives someone's words
  (a speech verb or colon in its sentence, or continuing the previous sentence's
  quote); names and titles in marks („Baltic Meridian“) are no quotes;
- quote/indirect: a sentence of reported speech (speech verb + Konjunktiv or
  "dass", or a Konjunktiv sentence continuing someone's statement); a sentence
  whose reported speech holds a direct quotation is represented by the quotation;
- quote/reported: a sentence attributed by "laut X", "so X", "nach Angaben
  des X", "X zufolge", or a heading "X: …";
- claim: a sentence stating figures or dates, or on someone's authority
  (nach Angaben, laut, zufolge, angeblich, soll … haben, nach ersten Erkenntnissen);
  questions are no claims;
- opinion: the editorial's sentences (not its "OSD-Kommentar:" label) and
  evaluative or judging sentences elsewhere ("Es wäre naiv", "müsste",
  "hält das für geschönt"); words in quotation marks are the quote's;
- comment: every sentence of a reader comment, without bullets, counters,
  author lines and "@name:" reply markers.

The rules were developed on this story, so the sample figures are those of a
development set; seed 003 (and `bench/`) see real text the rules were not fitted to.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from parallax.ingest import cues as C
from parallax.ingest.suggest import ANNOTATOR, Suggestion, suggest, suggest_docs, suggest_story
from parallax.store.queries import ArticleData

GOLD = Path(__file__).parent / "data" / "sample_gold.jsonl"
STORY = "Havarie im Nord-Ostsee-Kanal"

# Floors the rules reach on the sample (measured with rules-de-11: quote P 0.86 / R 0.99,
# claim 1.00 / 0.98, opinion 1.00 / 0.94, comment 1.00 / 1.00; the quotes it counts wrong are
# speech acts told without their words, "Das Amt spricht von …", which the rules suggest as
# reported speech since issue 13 and this gold, older, does not hold); set a little lower so
# that harmless changes to cleaning or sentence splitting do not fail them, high enough that
# a broken cue does.
FLOORS = {
    "quote": (0.85, 0.85),
    "claim": (0.85, 0.85),
    "opinion": (0.85, 0.8),
    "comment": (0.95, 0.95),
}


# -- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def offline():
    from parallax.ingest.nlp import OFFLINE, load_pipeline

    return load_pipeline(OFFLINE)


@pytest.fixture(scope="session")
def sample(sample_template: Path, tmp_path_factory: pytest.TempPathFactory, offline):
    """outlet → (article, its suggestions), from a private copy of the sample story."""
    import shutil

    from parallax.store.db import open_db
    from parallax.store.queries import story_articles

    path = Path(shutil.copy(sample_template, tmp_path_factory.mktemp("suggest") / "sample.db"))
    db = open_db(path)
    try:
        return {a.outlet: (a, suggest(a, offline)) for a in story_articles(db, STORY)}
    finally:
        db.close()


@pytest.fixture(scope="session")
def gold(sample) -> list[dict]:
    rows = []
    for number, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        text = sample[row["outlet"]][0].text
        assert text.count(row["text"]) == 1, f"gold line {number} is not found exactly once"
        row["start"] = text.index(row["text"])
        row["end"] = row["start"] + len(row["text"])
        rows.append(row)
    return rows


def spans(rows, label: str, form: str | None = None) -> set[tuple[str, int, int]]:
    return {(r["outlet"], r["start"], r["end"]) for r in rows
            if r["label"] == label and (form is None or r.get("form") == form)}


def predicted(sample, label: str) -> dict[tuple[str, int, int], Suggestion]:
    return {(outlet, s.start, s.end): s for outlet, (_, found) in sample.items() for s in found if s.label == label}


def score(gold_spans: set, found: set) -> tuple[float, float]:
    hits = len(gold_spans & found)
    return (hits / len(found) if found else 0.0), (hits / len(gold_spans) if gold_spans else 1.0)


# -- the sample story against the gold file --------------------------------------------------


def around_direct(sample) -> dict[tuple[str, int, int], Suggestion]:
    """Quotes of indirect or reported speech with a direct quote suggested inside them."""
    quotes = predicted(sample, "quote")
    return {key: s for key, s in quotes.items() if s.attrs["form"] != C.DIRECT and any(
        o == key[0] and key[1] <= b and c <= key[2] and t.attrs["form"] == C.DIRECT
        for (o, b, c), t in quotes.items())}


@pytest.mark.parametrize("label", C.LABELS)
def test_precision_and_recall_on_the_sample(sample, gold, label: str) -> None:
    # the gold file records a direct quote inside reported speech, not the sentence
    # around it (it predates nested suggestions): those sentences are checked below
    found = set(predicted(sample, label)) - set(around_direct(sample))
    precision, recall = score(spans(gold, label), found)
    print(f"{label}: precision {precision:.2f}, recall {recall:.2f} "
          f"({len(spans(gold, label))} gold, {len(found)} suggested)")
    low_p, low_r = FLOORS[label]
    assert precision >= low_p and recall >= low_r, (label, precision, recall)


def test_reported_speech_around_a_direct_fragment_is_a_quote_too(sample, gold) -> None:
    nested = {(outlet, sample[outlet][0].text[b:c], s.attrs["form"], s.attrs.get("speaker"))
              for (outlet, b, c), s in around_direct(sample).items()}
    assert nested == {
        ("Hanse-Kurier", "Kommissionssprecherin Elena Marić sagte, die EU-Kommission stehe "
                         "„in engem Kontakt mit den deutschen Behörden“.", "indirect", "Elena Marić"),
        ("OSD.news", 'Reederei-Sprecher Lars Holm sagte, die Schiffsführung habe "sofort und richtig" reagiert.',
         "indirect", "Lars Holm"),
        ("nordwelle", "Die Besatzung habe »nach Lehrbuch« gehandelt, schrieb Reederei-Sprecher Lars Holm "
                      "in einer Stellungnahme.", "indirect", "Lars Holm"),
        ("nordwelle", "Hafenkapitänin Jana Petersen erklärte, die Fähren nach Oslo und Göteborg seien pünktlich "
                      "gewesen, der Containerumschlag aber sei am Mittwoch und Donnerstag »praktisch zum "
                      "Erliegen gekommen«.", "indirect", "Jana Petersen")}
    # the direct fragments inside them are the gold direct quotes
    direct = spans(gold, "quote", "direct")
    for outlet, b, c in around_direct(sample):
        inside = [key for key, s in predicted(sample, "quote").items()
                  if key[0] == outlet and b <= key[1] and key[2] <= c and s.attrs["form"] == C.DIRECT]
        assert inside and all(key in direct for key in inside), (outlet, inside)
    # a speech act that only frames its quotation is not doubled: "sprach von der „…“"
    assert not any("sprach von" in sample[o][0].text[b:c] for o, b, c in around_direct(sample))


def test_quotation_mark_quotes_are_found(sample, gold) -> None:
    direct = spans(gold, "quote", "direct")
    found = {key for key, s in predicted(sample, "quote").items() if s.attrs["form"] == "direct"}
    _, recall = score(direct, found)
    assert len(direct) >= 20
    assert recall >= 0.9, sorted(direct - found)


def test_quote_forms_and_speakers_match_the_gold(sample, gold) -> None:
    found = predicted(sample, "quote")
    matched = [(g, found[(g["outlet"], g["start"], g["end"])]) for g in gold
               if g["label"] == "quote" and (g["outlet"], g["start"], g["end"]) in found]
    forms = sum(g["form"] == s.attrs["form"] for g, s in matched)
    named = [(g, s) for g, s in matched if g.get("speaker")]
    speakers = sum(g["speaker"] in (s.attrs.get("speaker") or "") for g, s in named)
    print(f"quote form agrees {forms}/{len(matched)}, speaker {speakers}/{len(named)}")
    assert forms >= 0.9 * len(matched)
    assert speakers >= 0.9 * len(named)


@pytest.mark.parametrize(("outlet", "opening", "speaker", "via", "attribution"), [
    ("Kieler Rundschau", "„Wir hatten keine Chance", "Henning Brandt", "entity", "Henning Brandt"),  # …“, sagte Lotse Henning Brandt
    ("Kieler Rundschau", "„Die Mannschaft hat", "Lars Holm", "entity", "Holm"),                  # …“, betonte Holm
    ("Kieler Rundschau", "„Der Kanal ist eine", "Birte Lorenzen", "entity", "Lorenzen"),         # two sentences, …“, sagte Lorenzen
    ("Kieler Rundschau", "„Wir haben einen Ölfilm", "Mira Okafor", "antecedent", "sie"),         # …“, sagte sie
    ("OSD.news", '"Es gilt das', "Carsten Wöhrmann", "role", "Minister"),                        # …", sagte der Minister
    ("OSD.news", '"Der Bund kann nicht', "Birte Lorenzen", "inherited", "Lorenzen"),             # after "…, sagte Lorenzen."
    ("OSD.news", '"Jede Havarie', "Mira Okafor", "entity", "Mira Okafor"),                       # … und warnte: "…"
    ("nordwelle", "»Die Behörden spielen", "Mira Okafor", "entity", "Mira Okafor"),
    ("Hanse-Kurier", "„in engem Kontakt", "Elena Marić", "entity", "Elena Marić"),
])
def test_speaker_of_named_quotes(sample, outlet: str, opening: str, speaker: str, via: str, attribution: str) -> None:
    """`speaker` is the fullest name; `speaker_span` is where the attribution names the
    speaker: the name, or the role noun or pronoun that stands for it there."""
    article, found = sample[outlet]
    quote = next(s for s in found if s.label == "quote" and article.text.startswith(opening, s.start))
    assert quote.attrs["form"] == "direct"
    assert quote.attrs["speaker"] == speaker
    assert quote.attrs["speaker_via"] == via
    start, end = quote.attrs["speaker_span"]
    assert article.text[start:end] == attribution


def test_cues_say_which_rule_fired(sample) -> None:
    article, found = sample["Kieler Rundschau"]
    cues = {article.text[s.start:s.end][:20]: s.attrs["cue"] for s in found if s.label == "quote"}
    assert cues["„Wir hatten keine Ch"] == "quote:„…“+sagte"
    assert cues["Reederei-Sprecher La"] == "quote:erklärte+Konj.I(sei)"
    assert cues["Laut Havariekommando"] == "quote:laut X"
    assert cues["Die Fähren nach Skan"] == "quote:so X"
    valid_rules = {c.id for c in C.CUES}
    for _, (_, suggestions) in sample.items():
        for s in suggestions:
            assert s.attrs["rule"] in valid_rules and s.attrs["cue"]
            assert (s.attrs.get("form") is not None) == (s.label == "quote")


def test_suggestions_respect_zones_and_overlap_only_as_a_direct_quote_in_reported_speech(sample) -> None:
    nested = 0
    for outlet, (article, found) in sample.items():
        skipped = [(s, e) for s, e, kind in article.zones if kind in C.SKIP_ZONES]
        by_label = defaultdict(list)
        for s in found:
            assert 0 <= s.start < s.end <= len(article.text)
            assert article.text[s.start:s.end] == article.text[s.start:s.end].strip()
            assert not any(a <= s.start < b for a, b in skipped), (outlet, article.text[s.start:s.end])
            by_label[s.label].append(s)
        for label, items in by_label.items():
            items.sort(key=lambda s: (s.start, -s.end))
            outer = None
            for s in items:
                if outer is not None and s.start < outer.end:
                    # the only overlap: a direct quote inside a sentence of indirect or reported speech
                    assert s.end <= outer.end and s.attrs.get("form") == C.DIRECT != outer.attrs.get("form"), (
                        outlet, label, article.text[outer.start:outer.end], article.text[s.start:s.end])
                    nested += 1
                    continue
                outer = s
    assert nested  # the sample has them: "Marić sagte, die EU-Kommission stehe „in engem Kontakt …“."


def test_names_in_quotation_marks_are_no_quotes(sample) -> None:
    for article, found in sample.values():
        for s in found:
            if s.label == "quote":
                assert "Baltic Meridian" not in article.text[s.start:s.end][:17]


def test_comment_zone_gives_only_comments(sample) -> None:
    article, found = sample["Hanse-Kurier"]
    start, end = next((s, e) for s, e, kind in article.zones if kind == "reader_comments")
    inside = [s for s in found if start <= s.start < end]
    assert inside and {s.label for s in inside} == {"comment"}
    texts = [article.text[s.start:s.end] for s in inside]
    assert "Kommentare (3)" not in texts and not any(t.endswith("·") for t in texts)
    assert "Und wenn der Treibstoff wirklich verunreinigt war?" in texts  # "@Moin_Moin_HH: " dropped


# -- storing: idempotent, journalled, undoable -------------------------------------------------------


def test_suggest_story_is_idempotent_and_journalled(sample_db: Path, offline) -> None:
    from parallax.store import annotations
    from parallax.store.db import open_db

    db = open_db(sample_db)
    first = suggest_story(db, STORY, offline)
    assert first.added > 100 and first.present == 0
    assert set(first.labels) == {"quote", "claim", "opinion", "comment"}
    count = db.execute("SELECT count(*) FROM annotations").fetchone()[0]
    rows = db.execute("SELECT DISTINCT annotator, status FROM annotations").fetchall()
    assert rows == [(ANNOTATOR, "suggested")]
    journal = db.execute("SELECT count(*) FROM journal WHERE annotator = ? AND op = 'add'", [ANNOTATOR]).fetchone()[0]
    assert count == first.added == journal

    second = suggest_story(db, STORY, offline)
    assert (second.added, second.present) == (0, first.added)
    assert db.execute("SELECT count(*) FROM annotations").fetchone()[0] == count

    # the journal is the one `store.annotations` keeps: undo removes the latest suggestion
    undone = annotations.undo(db, ANNOTATOR)
    assert undone is not None and annotations.get(db, undone["annotation_id"]) is None
    third = suggest_story(db, STORY, offline)
    assert (third.added, third.present) == (1, first.added - 1)

    row = db.execute("SELECT text, attrs, start, \"end\" FROM annotations WHERE label = 'quote' "
                     "AND text LIKE '„Wir hatten%'").fetchone()
    attrs = json.loads(row[1])
    assert attrs["speaker"] == "Henning Brandt" and attrs["form"] == "direct" and attrs["cue"] == "quote:„…“+sagte"
    db.close()


def test_a_new_version_of_the_rules_does_not_suggest_again_what_an_older_one_did(sample_db: Path, offline) -> None:
    from parallax.store.db import open_db, write

    db = open_db(sample_db)
    first = suggest_story(db, STORY, offline)
    older = "suggest:rules-de-1"
    # as if those were the suggestions of an older version, one of them rejected in review
    with write(db):
        db.execute("UPDATE annotations SET annotator = ?", [older])
        rejected = db.execute("SELECT id FROM annotations WHERE label = 'quote' LIMIT 1").fetchone()[0]
        db.execute("UPDATE annotations SET status = 'rejected' WHERE id = ?", [rejected])
    upgraded = suggest_story(db, STORY, offline)
    # the same spans are not added twice, and what a reviewer rejected does not come back
    assert (upgraded.added, upgraded.present) == (0, first.added)
    assert db.execute("SELECT count(*) FROM annotations WHERE annotator = ?", [ANNOTATOR]).fetchone()[0] == 0
    # a trained model's suggestions are its own: the rules' spans do not block them
    from parallax.ingest.suggest.storing import store_story

    span = db.execute("SELECT start, \"end\", label FROM annotations WHERE id = ?", [rejected]).fetchone()
    article_id = db.execute("SELECT article_id FROM annotations WHERE id = ?", [rejected]).fetchone()[0]
    model = store_story(db, STORY, "suggest:quotes", "test",
                        lambda a: [(*span[:2], span[2], {})] if a.id == article_id else [])
    assert model.added == 1
    db.close()


def test_an_older_version_s_sentences_that_the_new_rules_join_are_not_suggested_again(tmp_path: Path) -> None:
    from parallax.store.db import open_db
    from parallax.store.suggestions import add_suggestions

    from parallax.store.articles import add_articles
    from parallax.store.records import ArticleRecord

    db = open_db(tmp_path / "a.db")
    text = "Der Schaden sei groß. Die Reparatur dauere. Der Kanal ist zu."
    article = add_articles(db, "S", [ArticleRecord(text=text, source_path="a.txt")])[0].article_id
    first, second = (0, 21), (22, 43)
    add_suggestions(db, article, "suggest:rules-de-1", [(*first, "quote", {}), (*second, "quote", {})])
    older = "suggest:rules-de-%"
    # the new version joins the two sentences into one quote: its parts are there already
    assert add_suggestions(db, article, ANNOTATOR, [(first[0], second[1], "quote", {})], earlier=older) == (0, 1)
    # a span that only begins with an older one is new, and so is another label's
    assert add_suggestions(db, article, ANNOTATOR, [(0, len(text), "quote", {})], earlier=older) == (1, 0)
    assert add_suggestions(db, article, ANNOTATOR, [(first[0], second[1], "claim", {})], earlier=older) == (1, 0)
    db.close()


def test_human_annotations_do_not_block_or_get_touched(sample_db: Path, offline) -> None:
    from parallax.store import annotations
    from parallax.store.db import open_db
    from parallax.store.queries import story_articles

    db = open_db(sample_db)
    article = story_articles(db, STORY)[0]
    quote = next(s for s in suggest(article, offline) if s.label == "quote")
    mine = annotations.add(db, article.id, quote.start, quote.end, "quote", "anna")
    summary = suggest_story(db, STORY, offline)
    assert summary.present == 0
    assert annotations.get(db, mine["id"]) == mine
    db.close()


def test_cli_suggest(sample_db: Path) -> None:
    from click.testing import CliRunner

    from parallax.cli import cli

    runner = CliRunner()
    first = runner.invoke(cli, ["suggest", "--db", str(sample_db)])
    assert first.exit_code == 0, first.output
    assert re.search(r"^quote: \d+ \(direct \d+, indirect \d+, reported \d+\)$", first.output, re.M)
    assert re.search(r"^comment: 18$", first.output, re.M)
    added = int(re.search(r"^(\d+) added, 0 already there", first.output, re.M).group(1))
    again = runner.invoke(cli, ["suggest", STORY, "--db", str(sample_db)])
    assert again.exit_code == 0 and f"0 added, {added} already there" in again.output

    missing = runner.invoke(cli, ["suggest", "Nope", "--db", str(sample_db)])
    assert missing.exit_code == 1 and "no story named 'Nope'" in missing.output


def test_cli_suggest_with_a_pipeline_path(sample_db: Path, tiny_model: Path) -> None:
    from click.testing import CliRunner

    from parallax.cli import cli

    result = CliRunner().invoke(cli, ["suggest", "--model", str(tiny_model), "--db", str(sample_db)])
    assert result.exit_code == 0, result.output
    assert "tokens by: tiny_de (" in result.output
    bad = CliRunner().invoke(cli, ["suggest", "--model", str(sample_db.parent / "nope"), "--db", str(sample_db)])
    assert bad.exit_code == 1 and "cannot load spaCy pipeline" in bad.output


def test_cli_suggest_needs_a_story_name_when_there_are_several(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from parallax.cli import cli
    from parallax.store.db import open_db

    db_file = tmp_path / "two.db"
    db = open_db(db_file)
    db.execute("INSERT INTO stories (name, created_at) VALUES ('A', '2026-01-01'), ('B', '2026-01-01')")
    db.close()
    result = CliRunner().invoke(cli, ["suggest", "--db", str(db_file)])
    assert result.exit_code == 1 and "several stories" in result.output and "'A', 'B'" in result.output


# -- morphology and parse: a hand-built Doc ------------------------------------------------------------


def _article(text: str, entities=()) -> ArticleData:
    return ArticleData(1, "Test", None, None, None, text, [(0, len(text), "body")], [(0, len(text))],
                       list(entities))


def _doc(words, spaces, *, heads=None, deps=None, morphs=None, lemmas=None):
    import spacy
    from spacy.tokens import Doc

    vocab = spacy.blank("de").vocab
    return Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, morphs=morphs, lemmas=lemmas)


WORDS = ["Der", "Sprecher", "sagte", ",", "Müller", "stinke", "."]
SPACES = [True, True, False, True, True, False, False]
TEXT = "Der Sprecher sagte, Müller stinke."
MUELLER = (20, 26, "PER", "Müller")


def test_mood_sub_and_the_parse_are_used_where_a_pipeline_gives_them() -> None:
    assert "stinke" not in C.konjunktiv_i() and "stinke" not in C.konjunktiv_ii()  # no word list knows it
    doc = _doc(WORDS, SPACES,
               heads=[1, 2, 2, 2, 5, 2, 2],
               deps=["nk", "sb", "ROOT", "punct", "sb", "oc", "punct"],
               morphs=["", "", "Mood=Ind|Tense=Past|VerbForm=Fin", "", "",
                       "Mood=Sub|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", ""],
               lemmas=["der", "Sprecher", "sagen", ",", "Müller", "stinken", "."])
    assert doc.text == TEXT and doc.has_annotation("MORPH") and doc.has_annotation("DEP")
    found = suggest_docs(_article(TEXT, [MUELLER]), [(0, doc)])
    quotes = [s for s in found if s.label == "quote"]
    assert len(quotes) == 1
    attrs = quotes[0].attrs
    assert (quotes[0].start, quotes[0].end) == (0, len(TEXT))
    assert attrs["rule"] == "quote.indirect.dep" and attrs["form"] == "indirect"
    assert attrs["cue"] == "quote:sagte+Mood=Sub(stinke)/dep"
    # the parse's subject speaks, not the person nearest the verb (Müller)
    assert attrs["speaker"] == "Der Sprecher" and attrs["speaker_via"] == "dep"


def test_without_morphology_the_word_lists_decide() -> None:
    import spacy

    nlp = spacy.blank("de")
    # "stinke" is unknown: no Konjunktiv, only the clause after "sagte," (indicative indirect speech)
    assert [s.attrs["rule"] for s in suggest(_article(TEXT, [MUELLER]), nlp) if s.label == "quote"] \
        == ["quote.indirect.clause"]
    text = "Der Sprecher sagte, Müller sei krank."
    found = [s for s in suggest(_article(text, [MUELLER]), nlp) if s.label == "quote"]
    assert [s.attrs["rule"] for s in found] == ["quote.indirect.konj1"]
    # without a parse: the phrase before the verb (its subject), not the nearest person
    assert found[0].attrs["speaker"] == "Sprecher"


def test_morphology_overrides_the_word_list() -> None:
    # "habe" is on the Konjunktiv I list; a morphologizer that says Mood=Ind wins
    words = ["Holm", "sagte", ",", "er", "habe", "Zeit", "."]
    spaces = [True, False, True, True, True, False, False]
    text = "Holm sagte, er habe Zeit."
    doc = _doc(words, spaces, morphs=["", "Mood=Ind", "", "", "Mood=Ind|Tense=Pres|VerbForm=Fin", "", ""])
    assert doc.text == text
    article = _article(text, [(0, 4, "PER", "Holm")])
    assert [s.attrs["rule"] for s in suggest_docs(article, [(0, doc)]) if s.label == "quote"] \
        == ["quote.indirect.clause"]  # indirect speech in the indicative, no Konjunktiv
    import spacy

    assert [s.attrs["rule"] for s in suggest(article, spacy.blank("de")) if s.label == "quote"] \
        == ["quote.indirect.konj1"]


def test_a_pipeline_with_a_morphologizer_is_run_not_just_tokenized() -> None:
    import spacy
    from spacy.language import Language

    from parallax.ingest.suggest import analyses

    if "parallax_test_fake_morph" not in Language.factories:
        @Language.component("parallax_test_fake_morph")
        def fake_morph(doc):
            for token in doc:
                token.set_morph("Mood=Sub|Tense=Pres|VerbForm=Fin" if token.text == "stinke" else "Mood=Ind")
            return doc

    nlp = spacy.blank("de")
    nlp.add_pipe("parallax_test_fake_morph", name="morphologizer")
    assert analyses(nlp) == ("morphologizer",)
    found = [s for s in suggest(_article(TEXT, [MUELLER]), nlp) if s.label == "quote"]
    assert [s.attrs["cue"] for s in found] == ["quote:sagte+Konj.I(stinke)"]


def test_long_zones_are_cut_below_max_length() -> None:
    import spacy

    nlp = spacy.blank("de")
    nlp.max_length = 4000
    sentence = "Laut Polizei wurden 3 Menschen verletzt. "
    text = (sentence * 300).strip()
    found = suggest(_article(text), nlp)
    assert sum(s.label == "claim" for s in found) == 1  # one stored "sentence": the whole text
    assert [s.attrs["rule"] for s in found if s.label == "quote"] == ["quote.reported.laut"]


def test_the_cue_table_is_well_formed() -> None:
    from parallax.ingest.suggest.patterns import compile_pattern

    ids = [c.id for c in C.CUES]
    assert len(ids) == len(set(ids))
    for cue in C.CUES:
        assert cue.label in C.LABELS and cue.kind in ("zone", "quotation", "tokens", "regex", "dep", "heading", "next")
        assert (cue.form is not None) == (cue.label == "quote"), cue.id
        if cue.kind == "tokens":
            for pattern in cue.token_patterns():
                assert compile_pattern(pattern), pattern
    assert {"sagte", "erklärte", "betonte", "warnte", "schrieb", "forderte", "kritisierte"} <= set(C.speech_verbs().forms)
    assert "mit" in C.speech_verbs().particles["teilte"]
    assert {"sei", "habe", "werde", "könne", "müsse", "solle", "gebe"} <= C.konjunktiv_i()


# -- a real article: seed 003 -------------------------------------------------------------------------


SPEECH = re.compile(r"\b(?:sagt|sagte|sagten|erklärt|erklärte|betont|betonte|warnt|warnte|schrieb|"
                    r"forderte|kritisierte|teilte|mitteilte|nannte|sprach)\b")
SENTENCE_END = re.compile(r"(?<!\d)[.!?](?=\s)|\n\s*\n")  # a blank line ends a headline or lead too


@pytest.mark.seeds
def test_seed_003_quotes_next_to_speech_verbs_are_suggested(seeds_dir: Path, tmp_path: Path, offline) -> None:
    """Every „…“ that has a speech verb in its sentence (outside the quotation), or
    opens the sentence after such a quoting sentence, is suggested as a direct
    quote, with the person or organisation named in its sentence as speaker."""
    from parallax.ingest.importer import import_files
    from parallax.store.db import open_db
    from parallax.store.queries import story_articles

    path = next(seeds_dir.glob("003_*.txt"))
    db = open_db(tmp_path / "seed.db")
    results = list(import_files(db, [path], "seed", lambda: offline))
    assert results[0].error is None
    article = story_articles(db, "seed")[0]
    db.close()
    text = article.text
    skipped = [(s, e) for s, e, kind in article.zones if kind in C.SKIP_ZONES]
    quotes = [m.span() for m in re.finditer(r"„[^„“]*“", text)
              if not any(a <= m.start() < b for a, b in skipped)]
    masked = list(text)
    for s, e in quotes:
        masked[s + 1:e - 1] = "x" * (e - s - 2)
    masked = "".join(masked)

    def sentence(s: int, e: int) -> tuple[int, int]:
        starts = [m.end() for m in SENTENCE_END.finditer(masked, 0, s)]
        end = SENTENCE_END.search(masked, e)
        return (starts[-1] if starts else 0), (end.end() if end else len(text))

    required: dict[tuple[int, int], tuple[int, int]] = {}
    for s, e in quotes:
        a, b = sentence(s, e)
        if SPEECH.search(masked, a, b):
            required[(s, e)] = (a, b)
        elif not masked[a:s].strip() and a > 0:
            pa, pb = sentence(a - 1, a - 1)
            if SPEECH.search(masked, pa, pb) and "„" in masked[pa:pb]:
                required[(s, e)] = (a, b)  # the next sentence of the same speaker's quote
    assert len(required) >= 6

    found = {(s.start, s.end): s for s in suggest(article, offline) if s.label == "quote"}
    missing = [text[s:e] for s, e in required if (s, e) not in found]
    assert not missing, missing
    named = 0
    for (s, e), (a, b) in required.items():
        attrs = found[(s, e)].attrs
        assert attrs["form"] == "direct"
        names = [t for es, ee, label, t in article.entities
                 if label in ("PER", "ORG") and a <= es and ee <= b and not s <= es < e]
        if names:
            named += 1
            assert any(n in attrs.get("speaker", "") or attrs.get("speaker", "") in n for n in names), \
                (text[s:e][:40], attrs.get("speaker"), names)
    assert named >= 3
    speakers = [found[key].attrs.get("speaker", "") for key in required]
    print(f"seed 003: {len(quotes)} „…“ quotations, {len(required)} next to a speech verb, all suggested; "
          f"{named} with a name in their sentence; speakers: {speakers}")
    assert any("Dakhlallah" in sp for sp in speakers)  # „…“, betonte sie.
    assert sum("Austin" in sp for sp in speakers) >= 3
