"""A quote's speaker in the reader: shown in the status and review lines."""

from __future__ import annotations

import json

from .sanitize import display_text


def speaker_of(row: dict | None) -> str:
    """"speaker: Lars Holm" for an annotation with one, else ""."""
    if not row:
        return ""
    try:
        attrs = json.loads(row.get("attrs") or "{}")
    except ValueError:
        return ""
    speaker = attrs.get("speaker") if isinstance(attrs, dict) else None
    return f"speaker: {display_text(' '.join(str(speaker).split()))}" if speaker else ""
