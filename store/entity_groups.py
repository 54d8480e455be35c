"""Manual merges and splits of a story's entity groups.

The grouping itself is computed (`parallax.analysis.entity_groups`); what is
stored is only what a person decided, one row per decision, never changed:
`merge` puts every mention written `form` (as the grouping normalises it:
case, hyphens, genitive -s) into the group of the mention written `target`;
`split` gives the mentions written `form` a group of their own. Later rows
win over earlier ones (ids are ULIDs: id order is time order), so a split
undoes a merge and vice versa. `article_id` is where the decision was made:
it places the row in the per-article export, the decision holds story-wide.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from .db import write
from .errors import NotFound, StoreError
from .ids import new_id, now

OPS = ("merge", "split")


@dataclass(frozen=True)
class GroupEdit:
    id: str
    article_id: int
    op: str
    label: str
    form: str
    target: str | None
    annotator: str
    created_at: str


def add_edit(db: Database, article_id: int, op: str, label: str, form: str, annotator: str,
             target: str | None = None) -> GroupEdit:
    """Record one merge (`form` joins `target`'s group) or split (`form` alone)."""
    if op not in OPS:
        raise StoreError(f"a group edit is {' or '.join(OPS)}, not {op!r}")
    if not form.strip() or not label.strip():
        raise StoreError("a group edit needs the entity's form and label")
    if op == "merge" and not (target or "").strip():
        raise StoreError("a merge needs the form of the group to join")
    edit = GroupEdit(new_id(), article_id, op, label, form, target if op == "merge" else None, annotator, now())
    with write(db):
        if db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is None:
            raise NotFound(f"no article with id {article_id}")
        db.execute("INSERT INTO entity_group_edits (id, article_id, op, label, form, target, annotator, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [edit.id, edit.article_id, edit.op, edit.label, edit.form, edit.target, edit.annotator,
                    edit.created_at])
    return edit


def story_edits(db: Database, story_id: int) -> list[GroupEdit]:
    """The story's edits, oldest first."""
    return [GroupEdit(*row) for row in db.execute(
        "SELECT e.id, e.article_id, e.op, e.label, e.form, e.target, e.annotator, e.created_at "
        "FROM entity_group_edits e JOIN articles a ON a.id = e.article_id WHERE a.story_id = ? ORDER BY e.id",
        [story_id])]
