"""Choosing a pipeline and annotating records with it, on tiny pipelines built here."""

from __future__ import annotations

import bisect
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from parallax.ingest import nlp as nlp_module
from parallax.ingest.ner_model import default_pipeline_name
from parallax.ingest.nlp import (
    GERMAN_PIPELINES,
    Pipeline,
    PipelineError,
    annotate,
    load_pipeline,
    text_chunks,
)
from parallax.store.records import ArticleRecord

SENTENCE = "Anna Schmidt fährt am Montag nach Köln. "


@Language.component("test_nlp_marker")
def marker(doc: Doc) -> Doc:
    """Stands in for a trained lemmatizer, which load_pipeline must leave out."""
    return doc


def tiny_nlp() -> Language:
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [
            {"label": "PERSON", "pattern": "Anna Schmidt"},
            {"label": "GPE", "pattern": "Köln"},
            {"label": "DATE", "pattern": "Montag"},
        ]
    )
    nlp.meta.update(name="tiny", version="1.2.3")
    return nlp


@pytest.fixture
def tiny_path(tmp_path: Path) -> Path:
    nlp = tiny_nlp()
    nlp.add_pipe("test_nlp_marker", name="lemmatizer")
    path = tmp_path / "tiny"
    nlp.to_disk(path)
    return path


@pytest.fixture
def tiny(tiny_path: Path) -> Pipeline:
    return load_pipeline(str(tiny_path))


def record(text: str) -> ArticleRecord:
    return ArticleRecord(text=text, source_path="test.txt")


def check_offsets(rec: ArticleRecord) -> None:
    """Every offset slices the text; sentences are stripped, ordered, disjoint and
    never cross a blank line; entities lie inside sentences."""
    text = rec.text
    for ent in rec.entities:
        assert text[ent.start : ent.end] == ent.text
    for (start, end), (next_start, _) in zip(rec.sentences, rec.sentences[1:]):
        assert end <= next_start
    for start, end in rec.sentences:
        sentence = text[start:end]
        assert sentence and sentence == sentence.strip()
        assert "\n\n" not in sentence
    starts = [start for start, _ in rec.sentences]
    for ent in rec.entities:
        start, end = rec.sentences[bisect.bisect_right(starts, ent.start) - 1]
        assert start <= ent.start and ent.end <= end


# --- loading -------------------------------------------------------------------


def test_a_pipeline_directory_is_loaded_with_its_name(tiny: Pipeline) -> None:
    assert tiny.name == "tiny (de_tiny 1.2.3)"
    assert "entity_ruler" in tiny.nlp.pipe_names


def test_unneeded_components_are_left_out_and_sentences_added(tiny: Pipeline) -> None:
    assert "lemmatizer" not in tiny.nlp.pipe_names
    assert "sentencizer" in tiny.nlp.pipe_names


def test_labels_are_mapped_and_dates_dropped(tiny: Pipeline) -> None:
    [rec] = annotate(tiny, [record(SENTENCE)])
    assert [(e.text, e.label) for e in rec.entities] == [("Anna Schmidt", "PER"), ("Köln", "LOC")]
    assert rec.entity_source == tiny.name


def test_an_entity_without_a_letter_is_no_name() -> None:
    """A statistical model may tag a lone bracket ("[1][Russlands Krieg …]" in a
    seed) or a number; it is no name, and entity grouping has no word to key it by."""
    nlp = spacy.blank("de")
    nlp.add_pipe("entity_ruler").add_patterns(  # type: ignore[attr-defined]
        [{"label": "PER", "pattern": "["}, {"label": "PER", "pattern": "--"}, {"label": "LOC", "pattern": "Kiel"},
         {"label": "ORG", "pattern": "2024"}, {"label": "MISC", "pattern": "€"}]
    )
    [rec] = annotate(Pipeline(nlp, "brackets"), [record("Angriffe -- auf Kiel und [ am Montag 2024 für 5 €")])
    assert [(e.text, e.label) for e in rec.entities] == [("Kiel", "LOC")]


@pytest.mark.parametrize("model", ["de_core_news_nonexistent", "/no/such/pipeline/dir"])
def test_an_unknown_model_is_a_one_line_pipeline_error(model: str) -> None:
    with pytest.raises(PipelineError) as raised:
        load_pipeline(model)
    assert model in str(raised.value) and "\n" not in str(raised.value)


def test_a_directory_that_is_no_pipeline_is_a_pipeline_error(tmp_path: Path) -> None:
    with pytest.raises(PipelineError):
        load_pipeline(str(tmp_path))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path to install fake packages into."""
    path = tmp_path / "site"
    path.mkdir()
    monkeypatch.syspath_prepend(str(path))
    yield path
    for name in GERMAN_PIPELINES:
        sys.modules.pop(name, None)


def install(site: Path, name: str, init: str) -> None:
    (site / name).mkdir()
    (site / name / "__init__.py").write_text(init)
    info = site / f"{name}-3.8.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 3.8.0\n")


TRAINED = """
import spacy

def load(**overrides):
    nlp = spacy.blank("de")
    nlp.meta.update(name="core_news_sm", version="3.8.0")
    return nlp
"""


def test_the_best_loadable_german_pipeline_is_the_default(site: Path) -> None:
    install(site, "de_core_news_lg", "")  # like PyPI's empty placeholder: nothing to load
    install(site, "de_core_news_sm", TRAINED)
    skipped: list[str] = []
    pipeline = load_pipeline(progress=skipped.append)
    assert pipeline.name == "de_core_news_sm 3.8.0"
    assert "sentencizer" in pipeline.nlp.pipe_names
    assert len(skipped) == 1 and skipped[0].startswith("skipping de_core_news_lg")


def test_without_a_german_pipeline_parallaxs_own_model_is_used(site: Path) -> None:
    install(site, "de_core_news_md", "")
    pipeline = load_pipeline()
    assert pipeline.name == default_pipeline_name() == load_pipeline(nlp_module.OWN).name
    assert pipeline.name.startswith("de_parallax_ner ") and " + parallax-offline-de " in pipeline.name
    assert pipeline.nlp.pipe_names == [
        "sentencizer", "ner", "parallax_line_cut", "parallax_entity_shape", "parallax_country_cut",
        "entity_ruler", "parallax_names", "parallax_orgs"]
    assert pipeline.finish is not None  # names made consistent across the article


def test_the_offline_recognizer_can_still_be_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module, "load_recognizer", lambda progress=None: tiny_nlp())
    pipeline = load_pipeline(nlp_module.OFFLINE)
    assert pipeline.name.startswith("parallax-offline-de ") and pipeline.finish is None


# --- annotate ------------------------------------------------------------------


@pytest.mark.slow
def test_one_paragraph_of_one_and_a_half_million_chars(tiny: Pipeline) -> None:
    copies = 1_500_000 // len(SENTENCE) + 1
    text = SENTENCE * copies
    assert len(text) > 1_500_000 and "\n" not in text
    [rec] = annotate(tiny, [record(text)])
    check_offsets(rec)
    assert len(rec.entities) == 2 * copies
    assert len(rec.sentences) == copies


def test_many_paragraphs_keep_their_sentences_apart(tiny: Pipeline) -> None:
    paragraphs = [f"Absatz {i}: Anna Schmidt fährt nach Köln\nund zurück" for i in range(2000)]
    text = "\n\n \n".join(paragraphs) + "\n"
    [rec] = annotate(tiny, [record(text)])
    check_offsets(rec)
    assert len(rec.sentences) == 2000
    assert len(rec.entities) == 4000


def test_long_paragraphs_are_cut_between_sentences(tiny: Pipeline) -> None:
    text = SENTENCE * 50
    [rec] = annotate(tiny, [record(text)], chunk_chars=200)
    check_offsets(rec)
    assert len(rec.entities) == 100
    assert [text[s:e] for s, e in rec.sentences] == [SENTENCE.strip()] * 50


def test_text_without_whitespace_is_cut_hard(tiny: Pipeline) -> None:
    text = "x" * 1000 + " Köln"
    assert list(text_chunks(text, 300)) == [(0, 300), (300, 600), (600, 900), (900, 1005)]
    [rec] = annotate(tiny, [record(text)], chunk_chars=300)
    check_offsets(rec)
    assert [e.text for e in rec.entities] == ["Köln"]


def test_markup_and_escape_sequences_are_plain_text(tiny: Pipeline) -> None:
    text = (
        "[bold]Anna Schmidt[/] sagt: \x1b[2J\x1b]0;title\x07 [/] in Köln [@click=quit]. "
        "\x1b[31mKöln\x1b[0m"
    )
    [rec] = annotate(tiny, [record(text)])
    check_offsets(rec)
    assert {e.text for e in rec.entities} <= {"Anna Schmidt", "Köln"}
    assert text.index(" Köln ") + 1 in {e.start for e in rec.entities}


def test_empty_and_blank_texts(tiny: Pipeline) -> None:
    records = list(annotate(tiny, [record(""), record(" \n\n\t "), record(SENTENCE)]))
    assert [(r.sentences, r.entities) for r in records[:2]] == [([], []), ([], [])]
    assert all(r.entity_source == tiny.name for r in records)
    assert len(records[2].entities) == 2


def test_records_stream_in_order(tiny: Pipeline) -> None:
    endless = (record(f"Text {i}. Anna Schmidt in Köln.") for i in itertools.count())
    first = list(itertools.islice(annotate(tiny, endless, batch_size=4), 10))
    assert [r.text.split(".")[0] for r in first] == [f"Text {i}" for i in range(10)]
    for rec in first:
        check_offsets(rec)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab .!\n\t\u00a0"), max_size=400),
    limit=st.integers(min_value=1, max_value=60),
)
def test_chunks_cover_the_text_in_order(text: str, limit: int) -> None:
    chunks = list(text_chunks(text, limit))
    position = 0
    for start, end in chunks:
        piece = text[start:end]
        assert position <= start < end and end - start <= limit
        assert piece == piece.strip() and "\n\n" not in piece.replace(" ", "").replace("\t", "")
        assert text[position:start].strip() == ""
        position = end
    assert text[position:].strip() == ""


def test_opening_quote_marks_start_the_next_sentence(tiny_model):
    from parallax.ingest.nlp import annotate, load_pipeline
    from parallax.store.records import ArticleRecord

    text = "Die Ladung lag im Labor. „Die Mannschaft hat alles getan“, sagte Holm. Er ging. [1][Lotsen] fehlten."
    [record] = annotate(load_pipeline(str(tiny_model)), [ArticleRecord(text=text, source_path="x")])
    assert [text[s:e] for s, e in record.sentences] == [
        "Die Ladung lag im Labor.", "„Die Mannschaft hat alles getan“, sagte Holm.", "Er ging.", "[1][Lotsen] fehlten."]


def test_the_model_runs_on_one_blas_thread_and_the_limit_is_lifted_after() -> None:
    """numpy's BLAS would spread the model's small products over every core for the
    same result; annotate() limits it while it runs, call after call."""
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    seen: list[list[int]] = []

    @Language.component("test_nlp_blas_probe")
    def probe(doc: Doc) -> Doc:
        seen.append(blas_threads())
        return doc

    nlp = spacy.blank("de")
    nlp.add_pipe("test_nlp_blas_probe")
    before = blas_threads()
    for _ in range(2):
        list(annotate(Pipeline(nlp, "probe"), [record(SENTENCE)]))
        assert blas_threads() == before
    assert seen and all(threads == [1] * len(before) for threads in seen)
