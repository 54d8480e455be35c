"""The Textual app. For now: the story list; the side-by-side reader follows."""

from __future__ import annotations

from sqlite_utils import Database
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from store.queries import stories


class ParallaxApp(App):
    TITLE = "Parallax"
    CSS_PATH = "parallax.tcss"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, db: Database, story: str | None = None):
        super().__init__()
        self.db = db
        self.story = story

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="stories", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Story", "Articles", "Annotations", "Last change")
        for row in stories(self.db):
            labels = ", ".join(f"{k} {v}" for k, v in row.annotations.items()) or "—"
            table.add_row(row.name, str(row.articles), labels, row.last_change or "")
