"""The bottom line: who is annotating, label counts, the mode, and whether the changes are saved:
"2 saving…" while commits are on their way, "saved" once they all returned, "1 NOT saved — Enter to retry"
while a failed write waits to be retried (Enter) or discarded (Esc)."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from .config import Label
from .sanitize import safe

SAVE_STYLES = {"saved": "green", "saving…": "yellow", "NOT saved": "bold red"}


class StatusLine(Static):
    pending: reactive[int] = reactive(0)
    """Changes sent to the writer whose commit has not returned."""
    failed: reactive[int] = reactive(0)
    """Changes that could not be stored and are neither retried nor discarded yet."""
    saved: reactive[bool] = reactive(False)
    """Some commit has returned since the screen opened."""
    mode: reactive[str] = reactive("")
    where: reactive[str] = reactive("")

    blind: reactive[bool] = reactive(False)

    def __init__(self, annotator: str, labels: tuple[Label, ...], source: str, *, blind: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.set_reactive(StatusLine.blind, blind)
        self.annotator = annotator
        self.labels = labels
        self.source = source
        self.counts: dict[str, int] = {}

    @property
    def save_state(self) -> str:
        if self.pending:
            return "saving…"
        if self.failed:
            return "NOT saved"
        return "saved" if self.saved else ""

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        # Names, labels and the text under the cursor come from the database: safe() first.
        text.append(f" {safe(self.annotator)} ", style="bold reverse")
        if self.blind:
            text.append(" BLIND", style="bold")
        text.append(" ")
        # The save state comes first: on a narrow terminal the end of the line
        # is cut, and "NOT saved" must stay visible.
        if self.pending:
            text.append(f"{self.pending} saving…", style=SAVE_STYLES["saving…"])
        if self.failed:
            text.append(" " if self.pending else "")
            text.append(f"{self.failed} NOT saved — Enter to retry, Esc to discard", style=SAVE_STYLES["NOT saved"])
        if not (self.pending or self.failed) and self.saved:
            text.append("saved", style=SAVE_STYLES["saved"])
        if self.pending or self.failed or self.saved:
            text.append(" │ ")
        for label in self.labels:
            text.append(safe(label.key), style=f"bold {label.color}")
            text.append(f" {safe(label.name)} {self.counts.get(label.name, 0)}  ")
        if self.mode:
            text.append(f"│ {safe(self.mode)} ", style="bold reverse")
        if self.where:
            text.append(f"│ {safe(self.where)} ", style="dim")
        text.append(f"│ entities: {safe(self.source)}", style="dim")
        return text
