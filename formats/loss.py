"""What an export could not keep: counted per reason, so the user sees
"3 links across articles not representable" instead of silent drops."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Reasons are fixed phrases: tests and users compare them by text.
SPAN_OFF_TOKENS = "spans off token boundaries left out (use --align expand to widen them)"
SPAN_WIDENED = "spans widened to token boundaries (--align expand)"
SPAN_SUGGESTED = "suggested spans left out (the format has no place for predictions)"
SPAN_REJECTED = "rejected spans left out (the format has no place for rejected answers)"
SPAN_OVERLAP = "overlapping spans left out (the format holds one label per token)"
SPAN_LABEL = "spans whose label the format cannot spell left out"
SPAN_ACROSS_SENTENCES = "spans across a sentence boundary left out (the format labels tokens sentence by sentence)"
SPAN_XML_CHARS = "spans whose label, annotator or note has characters XML 1.0 cannot hold left out"
ARTICLE_XML_CHARS = "articles whose text has characters XML 1.0 cannot hold left out, with their spans"
LINK_ACROSS = "links across articles not representable"
LINK_UNEXPORTED_END = "links to an annotation outside the export left out"
LINK_DROPPED_END = "links whose span was left out"
LINK_ACROSS_GROUPS = "links between spans of different annotators or statuses left out (one task each)"
LINK_NONE = "links left out (the format has no relations)"
LINK_UNDECIDED = "suggested and rejected links left out (the formats hold accepted relations only)"
ATTRS = "attributes left out"
NOTES = "notes left out"
ANNOTATOR = "annotator names left out"
STATUS = "statuses left out"

# Changes the user asked for are reported but do not make --strict fail.
OPTED_IN = frozenset({SPAN_WIDENED})


class StrictExportError(Exception):
    """--strict and the format would drop something."""


@dataclass
class LossReport:
    fmt: str
    counts: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def add(self, reason: str, n: int = 1) -> None:
        if n:
            self.counts[reason] += n

    def note(self, text: str) -> None:
        """A fact about the output that is not a loss (e.g. labels upper-cased)."""
        if text not in self.notes:
            self.notes.append(text)

    @property
    def losses(self) -> dict[str, int]:
        return {reason: n for reason, n in self.counts.items() if reason not in OPTED_IN}

    def check_strict(self) -> None:
        if self.losses:
            raise StrictExportError(f"--strict: {self.fmt} would leave things out: " + "; ".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{n} {reason}" for reason, n in sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))]

    def __str__(self) -> str:
        if not self.counts:
            return f"{self.fmt}: nothing left out"
        return f"{self.fmt}: " + "; ".join(self.lines())
