"""`f` in review mode: which items to walk, typed as `label:quote by:alice status:suggested article:2`.

One line of text rather than four drop-downs: quick to type over SSH, easy to
edit, and the current filter is shown the same way.
"""

from __future__ import annotations

import shlex
from collections import Counter

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from parallax.store.annotations import STATUSES
from parallax.store.review import Filters

from .sanitize import display_text, safe, safe_text

KEYS = {"label": "labels", "status": "statuses", "by": "annotators", "article": "article_ids"}


class ReviewFilterForm(ModalScreen[Filters | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, filters: Filters, rows: list, article_ids: list[int], outlets: list[str]):
        super().__init__()
        self.filters = filters
        self.rows = [item.source for item in rows]
        self.article_ids = article_ids
        self.outlets = outlets

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-form"):
            yield Static(Text("Review which items?  Enter applies, Esc cancels", style="bold"))
            yield Static(self._choices(), id="filter-choices")
            yield Input(value=safe(format_filters(self.filters, self.article_ids)), id="filter-input",
                        placeholder="label:quote by:alice status:suggested article:2 (empty: everything)")
            yield Static("", id="filter-error")

    def _choices(self) -> Text:
        text = Text()
        for key, field in (("label", "label"), ("status", "status"), ("by", "annotator")):
            counts = Counter(row[field] for row in self.rows)
            values = sorted(counts) if key != "status" else [s for s in STATUSES if s in counts]
            text.append(f"{key}: ", style="bold")
            text.append(", ".join(f"{display_text(str(v))} ({counts[v]})" for v in values) or "—")
            text.append("\n")
        text.append("article: ", style="bold")
        text.append(", ".join(f"{i + 1} {display_text(name)}" for i, name in enumerate(self.outlets)))
        return text

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(parse_filters(event.value, self.article_ids, self.outlets))
        except ValueError as err:
            self.query_one("#filter-error", Static).update(safe_text(err, "bold red"))


def parse_filters(text: str, article_ids: list[int], outlets: list[str]) -> Filters:
    """`key:value[,value]` words; keys label, status, by, article (column number or outlet name)."""
    try:
        words = shlex.split(text)
    except ValueError as err:
        raise ValueError(f"cannot read the filter: {err}") from None
    values: dict[str, list] = {}
    for word in words:
        key, sep, rest = word.partition(":")
        if not sep or key not in KEYS or not rest:
            raise ValueError(f"{word!r}: write key:value with key one of {', '.join(KEYS)}")
        for value in rest.split(","):
            if key == "status" and value not in STATUSES:
                raise ValueError(f"status {value!r}: one of {', '.join(STATUSES)}")
            values.setdefault(KEYS[key], []).append(_article(value, article_ids, outlets) if key == "article" else value)
    return Filters(**{field: tuple(dict.fromkeys(found)) for field, found in values.items()})


def _article(value: str, article_ids: list[int], outlets: list[str]) -> int:
    if value.isdigit() and 1 <= int(value) <= len(article_ids):
        return article_ids[int(value) - 1]
    lowered = [outlet.casefold() for outlet in outlets]
    if value.casefold() in lowered:
        return article_ids[lowered.index(value.casefold())]
    raise ValueError(f"article {value!r}: a column number 1–{len(article_ids)} or an outlet name")


def format_filters(filters: Filters, article_ids: list[int]) -> str:
    words = []
    for key, field in KEYS.items():
        found = getattr(filters, field)
        if key == "article":
            found = tuple(str(article_ids.index(a) + 1) for a in found if a in article_ids)
        if found:
            words.append(shlex.quote(f"{key}:{','.join(found)}"))
    return " ".join(words)
