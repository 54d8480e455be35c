"""The bottom line: who is annotating, label counts, the mode, and whether the last change is saved."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from .config import Label

SAVE_STYLES = {"saved": "green", "saving…": "yellow", "NOT saved": "bold red", "": ""}


class StatusLine(Static):
    save_state: reactive[str] = reactive("")
    mode: reactive[str] = reactive("")
    where: reactive[str] = reactive("")

    def __init__(self, annotator: str, labels: tuple[Label, ...], source: str, **kwargs):
        super().__init__(**kwargs)
        self.annotator = annotator
        self.labels = labels
        self.source = source
        self.counts: dict[str, int] = {}

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {self.annotator} ", style="bold reverse")
        text.append(" ")
        # The save state comes first: on a narrow terminal the end of the line
        # is cut, and "NOT saved" must stay visible.
        if self.save_state:
            text.append(self.save_state, style=SAVE_STYLES.get(self.save_state, ""))
            text.append(" │ ")
        for label in self.labels:
            text.append(f"{label.key}", style=f"bold {label.color}")
            text.append(f" {label.name} {self.counts.get(label.name, 0)}  ")
        if self.mode:
            text.append(f"│ {self.mode} ", style="bold reverse")
        if self.where:
            text.append(f"│ {self.where} ", style="dim")
        text.append(f"│ entities: {self.source}", style="dim")
        return text
