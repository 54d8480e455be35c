"""Review and adjudication in the store: decisions are the reviewer's own
annotations linked to what they decide on; the originals never change."""

import json

import pytest

from parallax.analysis.adjudication import disagreement_queue
from parallax.store import annotations, review
from parallax.store.articles import add_articles
from parallax.store.errors import NotFound, StoreError
from parallax.store.export import Filters as ExportFilters
from parallax.store.export import annotation_lines
from parallax.store.merge import merge
from parallax.store.db import open_db
from parallax.store.records import ArticleRecord, Zone

TEXT = ("Der Kanal ist gesperrt. „Wir warten“, sagte Jana Petersen. "
        "Der Schaden liegt bei 25 Millionen Euro. Das ist ein Skandal.")


def sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for index, char in enumerate(text):
        if char == "." and (index + 1 == len(text) or text[index + 1] == " "):
            spans.append((start, index + 1))
            start = index + 2
    return spans


@pytest.fixture
def db(db_path):
    db = open_db(db_path)
    add_articles(db, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt", outlet="A", title="T",
                                             zones=[Zone(0, len(TEXT), "body")], sentences=sentences(TEXT),
                                             entities=[], entity_source="test")])
    yield db
    db.close()


def span(sentence: int) -> tuple[int, int]:
    return sentences(TEXT)[sentence]


def suggest(db, sentence: int, label: str, **kw):
    return annotations.add(db, 1, *span(sentence), label, "suggest:rules", status="suggested",
                           attrs={"cue": f"test-{label}"}, **kw)


def links(db) -> list[tuple]:
    return db.execute("SELECT src_annotation, dst_annotation, kind, annotator FROM links ORDER BY id").fetchall()


def test_accepting_makes_the_reviewers_copy_and_leaves_the_original_alone(db):
    source = suggest(db, 1, "quote")
    decision = review.decide(db, "bob", source["id"], "accepted")
    assert annotations.get(db, source["id"]) == source
    assert (decision["annotator"], decision["status"], decision["label"]) == ("bob", "accepted", "quote")
    assert (decision["start"], decision["end"]) == (source["start"], source["end"])
    assert json.loads(decision["attrs"]) == {"cue": "test-quote"}
    assert links(db) == [(decision["id"], source["id"], "review_of", "bob")]
    assert review.decisions(db, "bob", [source["id"]]) == {source["id"]: decision}


def test_deciding_again_changes_the_one_decision(db):
    source = suggest(db, 2, "claim")
    first = review.decide(db, "bob", source["id"], "accepted")
    start, end = span(2)
    second = review.decide(db, "bob", source["id"], "accepted", label="opinion", start=start + 4, end=end)
    third = review.decide(db, "bob", source["id"], "rejected")
    assert first["id"] == second["id"] == third["id"]
    assert (third["label"], third["start"], third["text"]) == ("opinion", start + 4, TEXT[start + 4:end])
    assert third["status"] == "rejected"
    assert db.execute("SELECT count(*) FROM annotations WHERE annotator = 'bob'").fetchone()[0] == 1
    assert len(links(db)) == 1


def test_picking_a_side_accepts_it_and_rejects_the_others_at_once(db):
    anna = annotations.add(db, 1, *span(3), "opinion", "anna")
    ben = annotations.add(db, 1, *span(3), "claim", "ben")
    review.decide(db, "gold", anna["id"], "accepted", reject=[ben["id"]])
    found = review.decisions(db, "gold", [anna["id"], ben["id"]])
    assert (found[anna["id"]]["status"], found[anna["id"]]["label"]) == ("accepted", "opinion")
    assert (found[ben["id"]]["status"], found[ben["id"]]["label"]) == ("rejected", "claim")
    gold = [json.loads(line) for line in annotation_lines(db, ExportFilters(annotators=("gold",),
                                                                             statuses=("accepted",)))]
    assert [(g["label"], g["text"]) for g in gold] == [("opinion", "Das ist ein Skandal.")]


def test_refuses_own_missing_and_unknown_decisions(db):
    mine = annotations.add(db, 1, *span(0), "claim", "bob")
    with pytest.raises(StoreError, match="your own"):
        review.decide(db, "bob", mine["id"], "accepted")
    with pytest.raises(NotFound):
        review.decide(db, "bob", "01NOPE", "accepted")
    with pytest.raises(StoreError, match="accepted or rejected"):
        review.decide(db, "ann", mine["id"], "suggested")
    assert db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 1


def test_undo_takes_back_a_decision_and_redo_brings_its_link_back(db):
    source = suggest(db, 1, "quote")
    decision = review.decide(db, "bob", source["id"], "accepted")
    before = db.execute("SELECT * FROM links").fetchall()
    annotations.undo(db, "bob")
    assert review.decisions(db, "bob", [source["id"]]) == {}
    assert links(db) == []
    annotations.redo(db, "bob")
    assert review.decisions(db, "bob", [source["id"]])[source["id"]]["id"] == decision["id"]
    # The same link, id and all: a merge elsewhere must not see a second one.
    assert db.execute("SELECT * FROM links").fetchall() == before


def test_undoing_a_delete_restores_the_annotations_links(db):
    source = suggest(db, 1, "quote")
    decision = review.decide(db, "bob", source["id"], "accepted")
    annotations.delete(db, decision["id"], "bob")
    assert links(db) == []
    annotations.undo(db, "bob")
    assert links(db) == [(decision["id"], source["id"], "review_of", "bob")]


def test_queue_is_in_reading_order_without_the_reviewers_own_and_filtered(db):
    later = suggest(db, 3, "opinion")
    earlier = suggest(db, 1, "quote")
    anna = annotations.add(db, 1, *span(2), "claim", "anna")
    annotations.add(db, 1, *span(0), "claim", "bob")
    assert [i.id for i in review.queue(db, "Kanal", "bob")] == [earlier["id"], later["id"]]
    assert [i.id for i in review.queue(db, "Kanal", "bob", review.Filters())] == [
        earlier["id"], anna["id"], later["id"]]
    assert [i.id for i in review.queue(db, "Kanal", "bob", review.Filters(annotators=("anna",)))] == [anna["id"]]
    assert [i.id for i in review.queue(db, "Kanal", "bob", review.Filters(labels=("opinion", "claim")))] == [
        anna["id"], later["id"]]
    assert review.queue(db, "Kanal", "bob", review.Filters(article_ids=(99,))) == []
    # A decision is the reviewer's own: it does not come up for review again.
    review.decide(db, "bob", earlier["id"], "accepted")
    assert len(review.queue(db, "Kanal", "bob", review.Filters())) == 3


def test_disagreement_queue_walks_the_sentences_where_annotators_differ(db):
    annotations.add(db, 1, *span(0), "claim", "anna")
    annotations.add(db, 1, *span(0), "claim", "ben")  # agree: not in the queue
    quote = annotations.add(db, 1, *span(1), "quote", "anna")  # ben: none
    a3 = annotations.add(db, 1, *span(3), "opinion", "anna")
    b3 = annotations.add(db, 1, *span(3), "claim", "ben")
    suggest(db, 2, "claim")  # suggestions do not count
    items = disagreement_queue(db, "Kanal", ["anna", "ben"])
    assert [i.id for i in items] == [quote["id"], a3["id"], b3["id"]]
    assert items[0].sentence == span(1) and items[0].values == {"anna": "quote", "ben": "none"}
    assert items[2].values == {"anna": "opinion", "ben": "claim"}
    assert [i.id for i in disagreement_queue(db, "Kanal", ["anna", "ben"], label="quote")] == [quote["id"]]


def test_decisions_travel_through_merge_with_their_links(db, tmp_path):
    source = suggest(db, 1, "quote")
    other_path = tmp_path / "other.db"
    other = open_db(other_path)
    add_articles(other, "Kanal", [ArticleRecord(text=TEXT, source_path="a.txt", outlet="A", title="T",
                                                zones=[Zone(0, len(TEXT), "body")], sentences=sentences(TEXT),
                                                entities=[], entity_source="test")])
    merge(other, db.execute("PRAGMA database_list").fetchone()[2])  # the suggestion reaches the laptop
    decision = review.decide(other, "bob", source["id"], "accepted", label="claim")
    other.close()
    merge(db, other_path)
    assert review.decisions(db, "bob", [source["id"]])[source["id"]]["label"] == "claim"
    assert links(db) == [(decision["id"], source["id"], "review_of", "bob")]
