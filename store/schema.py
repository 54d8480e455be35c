"""The schema, created and upgraded by sqlite-utils migrations.

Add a new migration function at the end to change the schema, and its name at
the end of `file_checks.KNOWN_MIGRATIONS` (the reader checks a file without
sqlite-utils); never edit one that has shipped. sqlite-utils applies the
pending ones by name, so a database that lacks an earlier one (made by a
branch that added a later one first) gets it on its next open.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .file_checks import APPLICATION_ID, KNOWN_MIGRATIONS, MIGRATION_SET

migrations = Migrations(MIGRATION_SET)


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
def m010_links_status_and_group_edits(db: Database) -> None:
    """Links become annotations' equals: a status (accepted | suggested |
    rejected: suggested links are decided in review like suggested spans),
    attributes (a suggestion's evidence, `review_of` on a decision) and an
    update time (merge keeps the newer version). Journal rows of link changes
    name the link in `link_id` (their `annotation_id` is NULL). Manual merges
    and splits of a story's entity groups get a table of their own."""
    db["links"].add_column("status", str, not_null_default="accepted")
    db["links"].add_column("attrs", str, not_null_default="{}")
    db["links"].add_column("updated_at", str)
    db.execute("UPDATE links SET updated_at = created_at")
    db["links"].create_index(["src_annotation"])
    db["links"].create_index(["dst_annotation"])
    db["journal"].add_column("link_id", str)
    db["journal"].create_index(["link_id"])
    # One row per decision, never changed: a later edit on the same form wins
    # (ids are ULIDs, so id order is time order), so merging two databases is
    # adding the rows the other side lacks.
    db["entity_group_edits"].create(
        {
            "id": str,
            "article_id": int,
            "op": str,
            "label": str,
            "form": str,
            "target": str,
            "annotator": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "op", "label", "form", "annotator", "created_at"},
    )
    db["entity_group_edits"].create_index(["article_id"])


@migrations()
def m011_application_id(db: Database) -> None:
    """Mark the file as Parallax's, so that `--db` on another program's SQLite
    file is refused before anything is written to it (store/db.py)."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@migrations()
def m012_bulk_jobs(db: Database) -> None:
    """Bulk commands applied in batches record themselves here until done, so
    an interrupted one is finished from its staging file (store/staging.py)."""
    db["bulk_jobs"].create(
        {"id": str, "kind": str, "source": str, "staging": str, "created_at": str},
        pk="id",
        not_null={"kind", "source", "staging", "created_at"},
    )


if tuple(migration.name for migration in migrations._migrations) != KNOWN_MIGRATIONS:
    raise RuntimeError("store/file_checks.py's KNOWN_MIGRATIONS must name store/schema.py's migrations, in order")
