"""Link suggestions in the reader (`analysis.link_suggest`, which needs no
spaCy): the counterparts of the annotation under the cursor (S: a list,
Enter links as suggested, a kind key as that kind), and the whole story's
suggestions (the palette; computed on a thread with its own connection)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from parallax.store import reading

from .config import LinkKind
from .sanitize import display_text

SHOWN = 8
SNIPPET = 90


@dataclass(frozen=True)
class Counterpart:
    dst: str
    kind: str
    score: float
    outlet: str
    label: str
    text: str
    evidence: dict[str, Any]


def candidates_for(screen: Any, row: dict) -> list[Counterpart]:
    """The best counterparts of `row` in the other articles (accepted and
    suggested annotations), best first; the suggester is kept while the
    database does not change."""
    from parallax.analysis.link_suggest import LinkSuggester
    from parallax.analysis.story_data import load_story

    version = reading.data_version(screen.app.reader)
    cached = getattr(screen, "_link_suggester", None)
    if cached is None or cached[0] != version:
        data = load_story(screen.app.db, screen.story, statuses=("accepted", "suggested"))
        cached = (version, LinkSuggester(data))
        screen._link_suggester = cached
    suggester = cached[1]
    found = []
    for candidate in suggester.for_item(row["id"], limit=SHOWN):
        item = suggester.data.item(candidate.dst)
        found.append(Counterpart(candidate.dst, candidate.kind, candidate.score,
                                 suggester.data.article(item.article_id).outlet, item.label, item.text,
                                 candidate.evidence))
    return found


def story_candidates(db_path: str | Path, story: str) -> list:
    """The story's suggested pairs (`parallax suggest --links`), on the caller's thread."""
    from parallax.analysis.link_suggest import LinkSuggester
    from parallax.analysis.story_data import load_story
    from parallax.store.db import open_db

    db = open_db(db_path)
    try:
        return LinkSuggester(load_story(db, story)).story()
    finally:
        db.close()


def evidence_text(evidence: dict[str, Any]) -> str:
    parts = []
    for key in ("differing", "figures", "entities", "words"):
        values = evidence.get(key) or []
        if values:
            parts.append(", ".join(display_text(str(v)) for v in values[:4]))
    return "; ".join(parts)


class LinkCandidatesScreen(ModalScreen[tuple[str, str] | None]):
    """Returns (annotation id, kind) to link to, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, found: Sequence[Counterpart], kinds: Sequence[LinkKind]):
        super().__init__()
        self.found = list(found)
        self.kinds = list(kinds)

    def compose(self) -> ComposeResult:
        keys = " · ".join(f"{kind.mark} {kind.name}" for kind in self.kinds)
        with Vertical(id="link-candidates"):
            yield Static(Text(f"Counterparts in the other articles — Enter links as proposed, {keys}, "
                              "Esc closes", style="bold"))
            yield OptionList(*(Option(self._line(c), id=str(i)) for i, c in enumerate(self.found)),
                             id="link-candidate-list")

    def _line(self, c: Counterpart) -> Text:
        sign = next((k.mark for k in self.kinds if k.name == c.kind), "~")
        text = Text(no_wrap=False)
        text.append(f"{sign} {c.kind:<11}", style="bold red" if c.kind == "contradicts" else "bold")
        text.append(f" {c.score:.2f}  ", style="dim")
        text.append(display_text(c.outlet or "?"), style="bold")
        text.append(f" · {display_text(c.label)}\n  ")
        snippet = display_text(" ".join(c.text.split()))
        text.append(snippet if len(snippet) <= SNIPPET else snippet[:SNIPPET - 1] + "…")
        evidence = evidence_text(c.evidence)
        if evidence:
            text.append(f"\n  {evidence}", style="dim italic")
        return text

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = self.found[int(event.option.id)]
        self.dismiss((chosen.dst, chosen.kind))

    def on_key(self, event: events.Key) -> None:
        kind = next((k for k in self.kinds if event.key == k.key or event.character == k.key), None)
        highlighted = self.query_one(OptionList).highlighted
        if kind is not None and highlighted is not None:
            event.stop()
            self.dismiss((self.found[highlighted].dst, kind.name))
