"""Links in the store: add, list both ways, journalled (undo/redo across
restarts, also with annotations), ownership: someone else's link is never
changed, a delete on it becomes one's own rejection decision."""

from __future__ import annotations

import pytest

from link_support import build_story, tag
from parallax.store import annotations, links
from parallax.store.db import open_db
from parallax.store.errors import StoreError, UndoConflict


@pytest.fixture
def story(fresh_db):
    ids = build_story(fresh_db)
    claims = {outlet: tag(fresh_db, ids, outlet, piece, "claim") for outlet, piece in (
        ("Nord", "Das 170 Meter lange Schiff sank am Dienstag."),
        ("Süd", "Das 168 Meter lange Schiff sank am Dienstag."),
        ("West", "Das 172 Meter lange Schiff sank."))}
    return fresh_db, ids, claims


def rows(db) -> list[tuple]:
    return db.execute("SELECT src_annotation, dst_annotation, kind, annotator, status FROM links "
                      "ORDER BY id").fetchall()


def test_a_link_is_listed_from_both_ends(story):
    db, _, claims = story
    link = links.add(db, claims["Nord"], claims["Süd"], "contradicts", "anna")
    assert [l.id for l in links.for_annotation(db, claims["Nord"])] == [link.id]
    assert [l.id for l in links.for_annotation(db, claims["Süd"])] == [link.id]
    assert links.for_annotation(db, claims["Süd"])[0].other(claims["Süd"]) == claims["Nord"]
    assert links.for_annotation(db, claims["West"]) == []


def test_adding_the_same_symmetric_link_again_adds_nothing(story):
    db, _, claims = story
    first = links.add(db, claims["Nord"], claims["Süd"], "same", "anna")
    assert links.add(db, claims["Süd"], claims["Nord"], "same", "anna") == first
    # elaborates has a direction: the other way round is another link
    a = links.add(db, claims["Nord"], claims["Süd"], "elaborates", "anna")
    b = links.add(db, claims["Süd"], claims["Nord"], "elaborates", "anna")
    assert a.id != b.id
    assert len(rows(db)) == 3


@pytest.mark.parametrize("kind", ["", "review_of"])
def test_kinds_that_are_refused(story, kind):
    db, _, claims = story
    with pytest.raises(StoreError):
        links.add(db, claims["Nord"], claims["Süd"], kind, "anna")
    assert rows(db) == []


def test_no_link_to_itself_nor_to_a_missing_annotation(story):
    db, _, claims = story
    with pytest.raises(StoreError, match="itself"):
        links.add(db, claims["Nord"], claims["Nord"], "same", "anna")
    with pytest.raises(StoreError, match="no annotation"):
        links.add(db, claims["Nord"], "01NOPE", "same", "anna")


def test_undo_and_redo_walk_link_changes_in_one_stack_with_annotations(story, db_path):
    db, ids, claims = story
    link = links.add(db, claims["Nord"], claims["Süd"], "same", "anna")
    links.update(db, link.id, "anna", kind="contradicts")
    # a restart: a new connection reads the journal
    db.close()
    db = open_db(db_path)
    annotations.undo(db, "anna")
    assert links.get(db, link.id).kind == "same"
    annotations.undo(db, "anna")
    assert links.get(db, link.id) is None
    annotations.undo(db, "anna")  # the West claim, the last annotation added
    assert annotations.get(db, claims["West"]) is None
    annotations.redo(db, "anna")
    annotations.redo(db, "anna")
    assert links.get(db, link.id).kind == "same"
    annotations.redo(db, "anna")
    assert links.get(db, link.id).kind == "contradicts"
    db.close()


def test_deleting_an_annotation_takes_its_links_and_undo_brings_them_back(story):
    db, _, claims = story
    out = links.add(db, claims["Süd"], claims["West"], "contradicts", "anna")
    into = links.add(db, claims["Nord"], claims["Süd"], "same", "ben")
    annotations.delete(db, claims["Süd"], "anna")
    assert rows(db) == []
    annotations.undo(db, "anna")
    assert {l.id for l in links.for_annotation(db, claims["Süd"])} == {out.id, into.id}
    assert links.get(db, into.id).annotator == "ben"


def test_deleting_ones_own_link_removes_it(story):
    db, _, claims = story
    link = links.add(db, claims["Nord"], claims["Süd"], "same", "anna")
    result = links.delete(db, link.id, "anna")
    assert (result.outcome, result.decision) == ("removed", None)
    assert rows(db) == []
    annotations.undo(db, "anna")
    assert links.get(db, link.id) is not None


def test_deleting_someone_elses_link_records_ones_rejection_and_leaves_theirs(story):
    db, _, claims = story
    bens = links.add(db, claims["Nord"], claims["Süd"], "same", "ben")
    result = links.delete(db, bens.id, "anna")
    assert result.outcome == "rejected"
    assert links.get(db, bens.id) == bens
    decision = result.decision
    assert (decision.annotator, decision.status, decision.review_of) == ("anna", "rejected", bens.id)
    assert (decision.src, decision.dst, decision.kind) == (bens.src, bens.dst, bens.kind)
    # deciding again changes the one decision
    again = links.decide(db, "anna", bens.id, "accepted", kind="elaborates")
    assert again.id == decision.id and (again.status, again.kind) == ("accepted", "elaborates")
    assert links.decisions(db, "anna", [bens.id]) == {bens.id: again}
    # and anna cannot edit ben's link in place
    with pytest.raises(StoreError, match="ben's link"):
        links.update(db, bens.id, "anna", kind="contradicts")
    # undo goes back through anna's decision, ben's link stays as it was
    annotations.undo(db, "anna")
    annotations.undo(db, "anna")
    assert links.decisions(db, "anna", [bens.id]) == {}
    assert links.get(db, bens.id) == bens


def test_a_suggested_link_is_decided_not_deleted(story):
    db, _, claims = story
    suggested = links.add(db, claims["Nord"], claims["West"], "contradicts", "suggest:links-1",
                          status="suggested", attrs={"evidence": ["figure 170 ≠ 172"]})
    result = links.delete(db, suggested.id, "anna")
    assert result.decision.attrs == {"evidence": ["figure 170 ≠ 172"], "review_of": suggested.id}
    assert links.get(db, suggested.id).status == "suggested"


def test_undo_refuses_when_someone_changed_the_link_since(story):
    db, _, claims = story
    link = links.add(db, claims["Nord"], claims["Süd"], "same", "anna")
    db.execute("UPDATE links SET kind = 'elaborates' WHERE id = ?", [link.id])
    with pytest.raises(UndoConflict):
        annotations.undo(db, "anna")
