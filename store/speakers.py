"""A quote's speaker: the name as typed or picked (`attrs.speaker`) and, when
it is one of the story's entity groups, the group's id (`attrs.speaker_group`,
see `parallax.analysis.entity_groups`). Set through the journal like any
change, so undo and redo work; only on one's own annotations (someone else's
quote gets a speaker through a review decision, which is one's own copy)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from .annotations import get, update_row
from .db import write
from .errors import NotFound, StoreError


def set_speaker(db: Database, annotation_id: str, annotator: str, speaker: str | None,
                group_id: str | None = None) -> dict[str, Any]:
    """Set (or with `speaker` None, clear) the speaker of one's own annotation."""
    with write(db):
        row = get(db, annotation_id)
        if row is None:
            raise NotFound(f"no annotation {annotation_id}")
        if row["annotator"] != annotator:
            raise StoreError(f"that is {row['annotator']}'s annotation; review it to make it yours, then set the speaker")
        attrs = json.loads(row["attrs"] or "{}")
        attrs.pop("speaker_group", None)
        name = " ".join((speaker or "").split())
        if name:
            attrs["speaker"] = name
            if group_id:
                attrs["speaker_group"] = group_id
        else:
            attrs.pop("speaker", None)
        return update_row(db, annotation_id, annotator, attrs=attrs)
