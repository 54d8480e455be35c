"""The story view: the articles of one story side by side, tagged from the keyboard.

The screen holds the layout and the state; what its keys do lives with what
a reader looks for: `story_navigation` (moving, selecting), `story_tagging`
(tags and edits), `story_finding` (search, entities, alignment),
`story_linking` (links between annotations), `story_comparing` (the
comparison screen, entity groups) and `story_saving` (the writer, unsaved
tags, other annotators' changes). Every
key comes from the command table in `keymap`."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input

from parallax.store.reading import ArticleData

from .article_view import ArticleView
from .column import ArticleColumn
from .config import Config
from .document import ArticleDoc
from .keymap import STORY_COMMANDS, Command, bindings, label_commands, link_kind_commands, with_link_kinds
from .keys_footer import KeysFooter
from .speaker_field import speaker_of
from .status_line import StatusLine
from .story_comparing import Comparing
from .story_finding import Finding
from .story_linking import Linking
from .story_navigation import Navigation
from .story_saving import Saving
from .story_tagging import Tagging
from .styles import Palette

MIN_COLUMN_WIDTH = 48
"""Narrower than this a column stops being readable; three fit in 160 cells."""


def story_screen_class(config: Config, base: type[StoryScreen] | None = None) -> type[StoryScreen]:
    """`base` (StoryScreen) with this configuration's label keys bound: BINDINGS
    are per class, and every key of the screen comes from its command table."""
    base = base or StoryScreen
    commands = with_labels(with_link_kinds(base.KEY_COMMANDS, link_kind_commands(config.link_kinds)),
                           label_commands(config.labels))
    return type(base.__name__, (base,), {"BINDINGS": bindings(commands), "KEY_COMMANDS": commands},
                inherit_bindings=False)


def with_labels(commands: tuple[Command, ...], labels: tuple[Command, ...]) -> tuple[Command, ...]:
    # The label keys go before the View group, so every group is listed once in the help.
    view = next(i for i, c in enumerate(commands) if c.group == "View")
    return commands[:view] + labels + commands[view:]


class StoryScreen(Linking, Comparing, Navigation, Tagging, Finding, Saving, Screen):
    KEY_COMMANDS: tuple[Command, ...] = STORY_COMMANDS
    """Every command of the screen, in help order."""
    BINDINGS = bindings(STORY_COMMANDS)

    current: reactive[int] = reactive(0)
    zoomed: reactive[bool] = reactive(False)

    def __init__(self, story: str, articles: list[ArticleData], rows: dict[int, list[dict]], config: Config,
                 entity_source: str):
        super().__init__()
        self.story = story
        self.articles = articles
        self.config = config
        self.entity_source = entity_source
        # With NO_COLOR the palette switches to its colourless cues.
        self.palette = Palette({label.name: label.color for label in config.labels},
                               gutters={label.name: label.gutter for label in config.labels}, no_color=self.app.no_color)
        self.docs = [ArticleDoc(a.text, a.zones, a.sentences, a.entities) for a in articles]
        self.blind = config.blind
        self.init_saving(rows)
        self.init_linking()
        for article, doc in zip(articles, self.docs):
            doc.set_annotations(self._shown[article.id])
        self.first_visible = 0

    @property
    def commands(self) -> tuple[Command, ...]:
        return self.KEY_COMMANDS

    # Layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="columns"):
            for index, (article, doc) in enumerate(zip(self.articles, self.docs)):
                yield ArticleColumn(index, len(self.articles), article, doc, self.palette, self.config.labels)
        yield StatusLine(self.config.annotator, self.config.labels, self.entity_source, blind=self.blind, id="status")

    def on_mount(self) -> None:
        self.start_saving()
        self.update_counts()
        for column, doc in zip(self.columns, self.docs):
            # Start where the article starts, past the page's navigation.
            text_zones = doc.zone_ranges(("lead", "body"))
            if text_zones:
                column.view.move_to(doc.sentence_at(text_zones[0][0])[0])
        if self.articles:
            self.focus_current()
        self.call_after_refresh(self.after_first_frame)

    async def after_first_frame(self) -> None:
        """What the first look at the articles does not need: the footer's
        dozen key widgets cost a quarter of a bare Textual app's start-up."""
        await self.mount(KeysFooter())
        self.refresh_bindings()  # the footer lists the keys when the bindings are announced
        self.load_links()
        self.start_comparing_ahead()

    def on_unmount(self) -> None:
        self.stop_comparing()

    def on_resize(self) -> None:
        self.layout_columns()

    @property
    def columns(self) -> list[ArticleColumn]:
        return list(self.query(ArticleColumn))

    @property
    def column(self) -> ArticleColumn:
        return self.columns[self.current]

    @property
    def view(self) -> ArticleView:
        return self.column.view

    @property
    def doc(self) -> ArticleDoc:
        return self.docs[self.current]

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def visible_count(self) -> int:
        if self.zoomed:
            return 1
        return max(1, min(len(self.articles), self.size.width // MIN_COLUMN_WIDTH))

    def layout_columns(self) -> None:
        count = self.visible_count()
        if self.current < self.first_visible:
            self.first_visible = self.current
        elif self.current >= self.first_visible + count:
            self.first_visible = self.current - count + 1
        self.first_visible = max(0, min(self.first_visible, len(self.articles) - count))
        for column in self.columns:
            column.display = self.first_visible <= column.index < self.first_visible + count
            column.set_current(column.index == self.current)

    def watch_current(self) -> None:
        self.layout_columns()
        self.focus_current()

    def watch_zoomed(self) -> None:
        self.layout_columns()

    def focus_current(self) -> None:
        if self.is_mounted and self.articles:
            self.view.focus()

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        if event.view is self.view:
            self.describe_cursor()

    def describe_cursor(self) -> None:
        """The status line's part about what is under the cursor."""
        if not self.articles:
            return
        doc, cursor = self.doc, self.view.cursor
        parts = [doc.zone_at(cursor) or ""]
        for row in doc.annotations_at(cursor):
            state = " (saving…)" if row.get("unsaved") else " (suggested)" if row["status"] == "suggested" else ""
            parts.append(f"{row['label']} by {row['annotator']}{state}")
        parts += [speaker_of(self.linked_here()), self.link_details()]
        self.status.where = " · ".join(p for p in parts if p)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.submit_search(event.value.strip())

    def on_key(self, event) -> None:
        self.key_pressed()
        search_box = self.focused
        if event.key == "escape" and isinstance(search_box, Input) and search_box.id == "search":
            search_box.display = False
            self.focus_current()
            event.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the search box has focus, a key it does not use (PgDn, ↓, Tab,
        # ^r…) runs no document command.
        return not isinstance(self.focused, Input)

    # View

    def action_zoom(self) -> None:
        self.zoomed = not self.zoomed

    def action_fold(self) -> None:
        self.view.toggle_fold()

    def action_toggle_blind(self) -> None:
        self.blind = self.status.blind = not self.blind
        self.show_annotations()
        self.notify("Blind: only your labels and the suggestions" if self.blind else "Everyone's labels shown")
