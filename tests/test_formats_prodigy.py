"""Prodigy JSONL, loaded the way Explosion's docs read Prodigy data into spaCy
(srsly → get_words_and_spaces → Doc → char_span → DocBin) and by reconner."""

from pathlib import Path

import pytest
import spacy
import srsly
from spacy.tokens import Doc, DocBin
from spacy.util import get_words_and_spaces

from formats_support import (articles_only, build, export_to, import_from, link_rows, not_off_tokens, rows,
                             spans_of)
from parallax.formats import loss


@pytest.fixture
def fixture(tmp_path):
    return build(tmp_path)


def test_prodigy_tasks_load_with_explosions_reader_steps(fixture, tmp_path):
    out = tmp_path / "tasks.jsonl"
    count, report = export_to(fixture.path, "prodigy", out)
    nlp = spacy.blank("de")
    loaded, docs = set(), DocBin()
    answers = {}
    for eg in srsly.read_jsonl(out):
        words, spaces = get_words_and_spaces([t["text"] for t in eg["tokens"]], eg["text"])
        doc = Doc(nlp.vocab, words=words, spaces=spaces)
        spans = [doc.char_span(s["start"], s["end"], label=s["label"]) for s in eg["spans"]]
        assert None not in spans
        for s, span in zip(eg["spans"], spans):
            assert (span.start, span.end - 1) == (s["token_start"], s["token_end"])
        doc.spans["sc"] = spans
        docs.add(doc)
        status = {"accept": "accepted", "reject": "rejected", None: "suggested"}[eg.get("answer")]
        answers[(eg["_annotator_id"], status)] = eg.get("answer")
        loaded |= {(eg["meta"]["sha256"], s["start"], s["end"], s["label"], eg["_annotator_id"], status)
                   for s in eg["spans"]}
    assert count == 4 and len(docs) == 4
    # everything but the span inside "Hafenkapitänin"
    assert loaded == spans_of(fixture.path, not_off_tokens)
    assert answers[("anna", "rejected")] == "reject" and answers[("suggest:rules-de-1", "suggested")] is None
    assert report.counts == {loss.SPAN_OFF_TOKENS: 1, loss.LINK_ACROSS: 1, loss.LINK_ACROSS_GROUPS: 1}


def test_relations_inside_a_task_point_at_its_spans(fixture, tmp_path):
    out = tmp_path / "tasks.jsonl"
    export_to(fixture.path, "prodigy", out)
    relations = [(eg["_annotator_id"], r) for eg in srsly.read_jsonl(out) for r in eg["relations"]]
    assert len(relations) == 1
    annotator, relation = relations[0]
    assert (annotator, relation["label"]) == ("anna", "elaborates")
    assert relation["head_span"]["label"] == "quote" and relation["child_span"]["label"] == "claim"
    assert relation["head"] == relation["head_span"]["token_end"]


def test_reconner_reads_the_tasks(fixture, tmp_path):
    loaders = pytest.importorskip("recon.loaders", reason="reconner is in the [formats] extra")
    out = tmp_path / "tasks.jsonl"
    export_to(fixture.path, "prodigy", out)
    examples = loaders.read_jsonl(out)
    texts = {row["sha256"]: None for row in rows(fixture.path)}
    assert len(examples) == 4
    for example in examples:
        assert example.meta["sha256"] in texts
        for span in example.spans:
            assert example.text[span.start:span.end] == span.text
            assert example.tokens[span.token_start].start == span.start
            assert example.tokens[span.token_end].end == span.end


def test_align_expand_widens_the_span_inside_a_token_and_says_so(fixture, tmp_path):
    out = tmp_path / "tasks.jsonl"
    _, report = export_to(fixture.path, "prodigy", out, align="expand")
    widened = [s for eg in srsly.read_jsonl(out) for s in eg["spans"] if eg["_annotator_id"] == "ben"
               and s["label"] == "claim"]
    assert [s["text"] for s in widened] == ["Hafenkapitänin"]
    assert report.counts == {loss.SPAN_WIDENED: 1, loss.LINK_ACROSS: 1, loss.LINK_ACROSS_GROUPS: 1}
    assert loss.SPAN_WIDENED not in report.losses  # asked for: --strict does not fail on it


def test_round_trip_through_srsly_gives_the_same_export(fixture, tmp_path):
    first = tmp_path / "first.jsonl"
    export_to(fixture.path, "prodigy", first)
    rewritten = tmp_path / "rewritten.jsonl"
    srsly.write_jsonl(rewritten, srsly.read_jsonl(first))
    target = articles_only(tmp_path)
    summary = import_from(target, "prodigy", rewritten)
    assert (summary.added, summary.links_added) == (6, 1)
    second = tmp_path / "second.jsonl"
    export_to(target, "prodigy", second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    # what came back is the original minus what the format could not hold
    kept = [r for r in rows(fixture.path) if not_off_tokens(r)]
    assert rows(target) == kept
    assert link_rows(target) == [link for link in link_rows(fixture.path) if link[-1] == "elaborates"]
    again = import_from(target, "prodigy", rewritten)
    assert (again.added, again.unchanged, again.links_added) == (0, 6, 0)


def test_a_colleagues_prodigy_file_comes_in_under_their_name(fixture, tmp_path):
    from formats_support import FIRST, where

    start, end = where(FIRST, "Jana Petersen")
    task = {"text": FIRST, "spans": [{"start": start, "end": end, "label": "speaker"}], "answer": "accept",
            "_annotator_id": "kanal_news-carla"}
    source = tmp_path / "db-out.jsonl"
    srsly.write_jsonl(source, [task, dict(task, answer="ignore", _annotator_id="dora")])
    target = articles_only(tmp_path)
    summary = import_from(target, "prodigy", source)
    assert summary.added == 1
    assert [(r["text"], r["annotator"], r["status"]) for r in rows(target)] == [
        ("Jana Petersen", "kanal_news-carla", "accepted")]


def test_a_task_whose_text_is_not_in_the_database_stores_nothing(fixture, tmp_path):
    source = tmp_path / "db-out.jsonl"
    from formats_support import FIRST

    srsly.write_jsonl(source, [{"text": FIRST, "spans": [{"start": 2, "end": 13, "label": "place"}],
                                "answer": "accept"},
                               {"text": "Ein anderer Text.", "spans": [], "answer": "accept"}])
    target = articles_only(tmp_path)
    from parallax.store.errors import StoreError

    with pytest.raises(StoreError, match="not in the database"):
        import_from(target, "prodigy", source)
    assert rows(target) == []
