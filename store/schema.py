"""The schema, created and upgraded by sqlite-utils migrations.

Add a new migration function at the end to change the schema; never edit one
that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("parallax")
PARALLAX_APPLICATION_ID = 0x50524C58
"""`PRAGMA application_id` of a Parallax database ("PRLX"): how a file says it
is ours before anything is written to it."""


@migrations()
def m001_initial(db: Database) -> None:
    db["stories"].create(
        {"id": int, "name": str, "created_at": str},
        pk="id",
        not_null={"name", "created_at"},
    )
    db["stories"].create_index(["name"], unique=True)

    db["articles"].create(
        {
            "id": int,
            "story_id": int,
            "outlet": str,
            "title": str,
            "url": str,
            "published": str,
            "author": str,
            "source_path": str,
            "sha256": str,
            "text": str,
            "entity_source": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("story_id", "stories", "id")],
        not_null={"story_id", "sha256", "text", "created_at"},
    )
    db["articles"].create_index(["sha256"], unique=True)
    db["articles"].create_index(["story_id"])
    db["articles"].enable_fts(["text"], fts_version="FTS5", create_triggers=True, tokenize="unicode61")

    for name in ("zones", "sentences", "entities"):
        columns: dict[str, type] = {"article_id": int, "start": int, "end": int}
        if name == "zones":
            columns["kind"] = str
        if name == "entities":
            columns |= {"label": str, "text": str, "source": str}
        db[name].create(
            columns,
            pk=("article_id", "start", "end") if name != "entities" else ("article_id", "start", "end", "label"),
            foreign_keys=[("article_id", "articles", "id")],
            not_null=set(columns),
        )

    db["annotations"].create(
        {
            "id": str,
            "article_id": int,
            "start": int,
            "end": int,
            "label": str,
            "text": str,
            "annotator": str,
            "status": str,
            "attrs": str,
            "note": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "start", "end", "label", "text", "annotator", "status", "attrs", "created_at", "updated_at"},
        defaults={"attrs": "{}", "status": "accepted"},
    )
    # Matches the export order, so exporting never sorts a million rows.
    db["annotations"].create_index(["article_id", "start", "end", "id"])
    db["annotations"].create_index(["annotator"])
    db["annotations"].create_index(["label"])

    db["links"].create(
        {"id": str, "src_annotation": str, "dst_annotation": str, "kind": str, "annotator": str, "created_at": str},
        pk="id",
        foreign_keys=[("src_annotation", "annotations", "id"), ("dst_annotation", "annotations", "id")],
        not_null={"src_annotation", "dst_annotation", "kind", "annotator", "created_at"},
    )

    # One row per change. `before`/`after` are the annotation row as JSON
    # (NULL for "did not exist"), so undo and redo need nothing else, and an
    # audit can replay the history. `state` moves active → undone → (active |
    # dropped); undo/redo themselves are journalled with `ref` pointing at the
    # entry they acted on.
    db["journal"].create(
        {
            "id": str,
            "annotator": str,
            "op": str,
            "annotation_id": str,
            "before": str,
            "after": str,
            "ref": str,
            "state": str,
            "created_at": str,
        },
        pk="id",
        not_null={"annotator", "op", "created_at", "state"},
    )
    db["journal"].create_index(["annotator", "state"])
    db["journal"].create_index(["annotation_id"])


@migrations()
def m002_application_id(db: Database) -> None:
    """Mark the file as Parallax's, so that `--db` on another program's SQLite
    file is refused before anything is written to it (store/db.py)."""
    db.execute(f"PRAGMA application_id = {PARALLAX_APPLICATION_ID}")


@migrations()
def m003_bulk_jobs(db: Database) -> None:
    """Bulk commands applied in batches record themselves here until done, so
    an interrupted one is finished from its staging file (store/staging.py)."""
    db["bulk_jobs"].create(
        {"id": str, "kind": str, "source": str, "staging": str, "created_at": str},
        pk="id",
        not_null={"kind", "source", "staging", "created_at"},
    )
