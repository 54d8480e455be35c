"""What a format reader hands to the store: spans and links of one article,
identified by its text (every format we read back carries the full text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class ImportedSpan:
    start: int
    end: int
    label: str
    annotator: str | None = None
    status: str = "accepted"
    id: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    text: str | None = None


@dataclass(eq=False)
class ImportedLink:
    src: ImportedSpan
    dst: ImportedSpan
    kind: str
    id: str | None = None
    annotator: str | None = None
    created_at: str | None = None


@dataclass
class ImportedArticle:
    text: str
    spans: list[ImportedSpan]
    links: list[ImportedLink] = field(default_factory=list)
    where: str = ""
