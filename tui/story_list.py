"""The first screen: the stories in the database."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from parallax.store.queries import AnnotatorProgress, stories

from .sanitize import display_text, safe_text


class StoryListScreen(Screen):
    BINDINGS = [
        Binding("enter", "open_story", "Open", id="open_story"),
        Binding("question_mark", "app.help", "Help", id="help"),
        Binding("ctrl+q", "app.quit", "Quit", id="quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Parallax — stories    ↑↓ choose · Enter opens · Ctrl+Q quits", id="title", markup=False)
        yield DataTable(id="stories", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        labels = [label.name for label in self.app.config.labels]
        self.query_one(DataTable).add_columns("Story", "Articles", *(safe_text(label) for label in labels),
                                              "Last change", "Who: articles · labels")
        self.refresh_stories()

    def on_screen_resume(self) -> None:
        self.refresh_stories()

    def refresh_stories(self) -> None:
        # Rows only: clearing the columns too, twice in a row (mount, then the
        # first resume), left every column as narrow as its label.
        table = self.query_one(DataTable)
        table.clear()
        labels = [label.name for label in self.app.config.labels]
        rows = stories(self.app.db)
        for row in rows:
            # Text, not str: a DataTable parses str cells as markup ("[/]" in a name would crash it)
            table.add_row(Text(display_text(row.name)), str(row.articles),
                          *(str(row.annotations.get(l, 0)) for l in labels),
                          (row.last_change or "")[:16].replace("T", " "), progress_text(row.progress), key=row.name)
        self.query_one("#empty", Static).update(
            "" if rows else "No stories yet. In a shell: parallax import FOLDER --story NAME, or parallax demo.")

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_story(str(event.row_key.value))

    def highlighted_story(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_open_story(self) -> None:
        if (story := self.highlighted_story()) is not None:
            self.app.open_story(story)


def progress_text(progress: list[AnnotatorProgress]) -> Text:
    """Each annotator's progress, so a lead sees who is done: "anna 4·31  ben 2·9"."""
    return safe_text("  ".join(f"{p.annotator} {p.articles}·{p.labels}" for p in progress) or "–")
