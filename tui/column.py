"""One article's column: a header (outlet, title, counts per label) over its ArticleView."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from parallax.store.reading import ArticleData

from .article_view import ArticleView
from .config import Label
from .document import ArticleDoc
from .sanitize import display_text, safe
from .styles import FOCUS_MARKER, Palette


class ArticleColumn(Vertical):
    def __init__(self, index: int, count: int, article: ArticleData, doc: ArticleDoc, palette: Palette,
                 labels: tuple[Label, ...]):
        super().__init__(id=f"column-{index}", classes="column")
        self.index = index
        self.count = count
        self.article = article
        self.doc = doc
        self.palette = palette
        self.labels = labels

    def compose(self) -> ComposeResult:
        yield Static(id=f"header-{self.index}", classes="column-header")
        yield ArticleView(self.doc, self.palette, id=f"view-{self.index}")

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        self.update_header()

    def set_current(self, current: bool) -> None:
        """The focused column: marked in its header, the only one drawing a cursor."""
        if current != self.has_class("current"):
            self.set_class(current, "current")
            self.update_header()
        self.view.show_cursor = current

    def update_header(self) -> None:
        counts = Counter(row["label"] for row in self.doc.annotations)
        current = self.has_class("current")
        header = Text(no_wrap=True, overflow="ellipsis")
        # The marker says which column the keys act on, also where colour does not.
        header.append(f"{FOCUS_MARKER} " if current else "  ", style="bold")
        # "2/4": on a narrow terminal, the only sign that more columns exist.
        header.append(f"{self.index + 1}/{self.count} ", style="dim")
        header.append(display_text(self.article.outlet or "?"), style="bold reverse" if current else "bold")
        for label in self.labels:
            header.append(f"  {safe(label.key)}{counts.get(label.name, 0)}", style=label.color)
        header.append("\n")
        header.append(display_text(self.article.title or "(untitled)"), style="italic")
        self.query_one(".column-header", Static).update(header, layout=False)  # two lines, always
