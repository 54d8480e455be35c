"""The story view: the articles of one story side by side, tagged from the keyboard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input

from parallax.store import annotations as store_annotations
from parallax.store.errors import StoreError
from parallax.store.queries import ArticleData, annotations_of, data_version, search
from parallax.store.spans import strip_span

from . import clipboard
from .align import best_match, features, normalise_entity
from .annotation_form import AnnotationForm
from .article_view import ArticleView
from .column import ArticleColumn
from .config import Config
from .document import ArticleDoc, Mark
from .entity_table import EntityTableScreen, Jump, mention_counts
from .keymap import STORY_COMMANDS, Command, bindings, label_commands
from .sanitize import display_text
from .status_line import StatusLine
from .styles import Palette

MIN_COLUMN_WIDTH = 48
"""Narrower than this a column stops being readable; three fit in 160 cells."""
POLL_SECONDS = 0.5
SEARCH_MARKS = ("match", "focus", "aligned")
"""What Esc clears before it leaves the screen."""


def story_screen_class(config: Config, base: type[StoryScreen] | None = None) -> type[StoryScreen]:
    """`base` (StoryScreen) with this configuration's label keys bound: BINDINGS
    are per class, and every key of the screen comes from its command table."""
    base = base or StoryScreen
    commands = with_labels(base.KEY_COMMANDS, label_commands(config.labels))
    return type(base.__name__, (base,), {"BINDINGS": bindings(commands), "KEY_COMMANDS": commands},
                inherit_bindings=False)


def with_labels(commands: tuple[Command, ...], labels: tuple[Command, ...]) -> tuple[Command, ...]:
    # The label keys go before the View group, so every group is listed once in the help.
    view = next(i for i, c in enumerate(commands) if c.group == "View")
    return commands[:view] + labels + commands[view:]


class StoryScreen(Screen):
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
        self.palette = Palette({label.name: label.color for label in config.labels}, no_color=self.app.no_color)
        self.docs = [ArticleDoc(a.text, a.zones, a.sentences, a.entities) for a in articles]
        self._shown = {article.id: rows.get(article.id, []) for article in articles}
        for article, doc in zip(articles, self.docs):
            doc.set_annotations(self._shown[article.id])
        self.first_visible = 0
        self._tagging: set[tuple[int, int, int, str]] = set()
        self.relabel_pending = False
        self.search_scope = "column"
        self._version = -1

    def notify(self, message: str, *, markup: bool = False, **kwargs: Any) -> None:
        """Messages quote article text, search words and file names: never markup."""
        super().notify(message, markup=markup, **kwargs)

    @property
    def commands(self) -> tuple[Command, ...]:
        return self.KEY_COMMANDS

    # Layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="columns"):
            for index, (article, doc) in enumerate(zip(self.articles, self.docs)):
                yield ArticleColumn(index, len(self.articles), article, doc, self.palette, self.config.labels)
        yield Input(id="search", placeholder="Search")
        yield StatusLine(self.config.annotator, self.config.labels, self.entity_source, id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self._version = data_version(self.app.db)
        self.update_counts()
        self.set_interval(POLL_SECONDS, self.poll_changes)
        for column, doc in zip(self.columns, self.docs):
            # Start where the article starts, past the page's navigation.
            text_zones = doc.zone_ranges(("lead", "body"))
            if text_zones:
                column.view.move_to(doc.sentence_at(text_zones[0][0])[0])
        if self.articles:
            self.focus_current()

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
            column.set_class(column.index == self.current, "current")

    def watch_current(self) -> None:
        self.layout_columns()
        self.focus_current()

    def watch_zoomed(self) -> None:
        self.layout_columns()

    def focus_current(self) -> None:
        if self.is_mounted and self.articles:
            self.view.focus()

    # Moving

    def action_move(self, motion: str) -> None:
        view, doc = self.view, self.doc
        pos = view.cursor
        selecting = view.anchor is not None
        by_lines = {"line_down": view.line_down, "line_up": view.line_up,
                    "page_down": view.page_down, "page_up": view.page_up}
        if motion in by_lines:
            by_lines[motion](select=selecting)
            return
        targets: dict[str, Callable[[], int | None]] = {
            "next_sentence": lambda: doc.next_sentence(pos),
            "prev_sentence": lambda: doc.prev_sentence(pos),
            "next_paragraph": lambda: doc.next_paragraph(pos),
            "prev_paragraph": lambda: doc.prev_paragraph(pos),
            "next_word": lambda: doc.next_word(pos),
            "prev_word": lambda: doc.prev_word(pos),
            "top": lambda: 0,
            "bottom": lambda: max(0, len(doc.text) - 1),
            "next_entity": lambda: doc.next_entity(pos),
            "prev_entity": lambda: doc.prev_entity(pos),
            "next_annotation": lambda: doc.next_annotation(pos),
            "prev_annotation": lambda: doc.prev_annotation(pos),
        }
        target = targets[motion]()
        if target is None:
            self.app.bell()
            return
        view.move_to(target, select=selecting)

    def action_column(self, delta: int) -> None:
        if self.articles:
            self.current = (self.current + delta) % len(self.articles)

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        if event.view is not self.view:
            return
        doc = self.doc
        parts = [doc.zone_at(event.cursor) or ""]
        for row in doc.annotations_at(event.cursor):
            parts.append(f"{row['label']} by {row['annotator']}" + (" (suggested)" if row["status"] == "suggested" else ""))
        self.status.where = " · ".join(p for p in parts if p)

    # Selecting

    def action_select_start(self) -> None:
        if self.view.anchor is None:
            self.view.start_selection()
            self.status.mode = "SELECT"
        else:
            self.view.cancel_selection()
            self.status.mode = ""

    def action_select_sentence(self) -> None:
        self._select(*self.doc.sentence_at(self.view.cursor))

    def action_select_quote(self) -> None:
        span = self.doc.quote_at(self.view.cursor)
        if span is None:
            self.notify("No quotation here", severity="warning")
            return
        self._select(*span)

    def action_select_clause(self) -> None:
        view = self.view
        if view.anchor is None:
            view.start_selection()
            self.status.mode = "SELECT"
        view.move_to(self.doc.clause_end(view.cursor), select=True)

    def _select(self, start: int, end: int) -> None:
        view = self.view
        view.cancel_selection()
        view.move_to(start)
        view.start_selection()
        view.move_to(max(start, end - 1), select=True)
        self.status.mode = "SELECT"

    def action_cancel(self) -> None:
        view = self.view
        if view.anchor is not None:
            view.cancel_selection()
        elif self.relabel_pending:
            self.relabel_pending = False
        elif any(column.view.marks(kind) for column in self.columns for kind in SEARCH_MARKS):
            for column in self.columns:
                for kind in SEARCH_MARKS:
                    column.view.set_marks(kind, [])
        else:
            self.go_back()
            return
        self.status.mode = ""

    def go_back(self) -> None:
        self.app.show_story_list()

    # Tagging and editing

    def selected_span(self) -> tuple[tuple[int, int], bool]:
        """The selection, else the sentence under the cursor; True when it was the sentence."""
        view = self.view
        if view.selection is not None:
            return view.selection, False
        return self.doc.sentence_at(view.cursor), True

    def action_tag(self, label: str) -> None:
        if self.relabel_pending:
            self.relabel_pending = False
            self.status.mode = ""
            self._relabel(label)
            return
        view, doc, article = self.view, self.doc, self.articles[self.current]
        (start, end), whole_sentence = self.selected_span()
        start, end = strip_span(doc.text, start, end)
        if start >= end:
            self.notify("Nothing to tag here", severity="warning")
            return
        key = (article.id, start, end, label)
        # A tag still on its way to the store counts too: a key pressed twice
        # faster than the commit must not store the same span twice.
        mine = key in self._tagging or any(
            (r["start"], r["end"], r["label"], r["annotator"]) == (start, end, label, self.config.annotator)
            for r in doc.annotations)
        if mine:
            self.notify(f"Already tagged {label}")
        else:
            self._tagging.add(key)
            self.save(store_annotations.add, article.id, start, end, label, self.config.annotator,
                      finally_=lambda: self._tagging.discard(key))
        view.cancel_selection()
        self.status.mode = ""
        if whole_sentence and self.config.advance_after_tag:
            # From the tagged sentence, not the cursor: on the blank between two
            # sentences the cursor's "next" would be the sentence just tagged.
            view.move_to(doc.next_sentence(start))

    def annotation_here(self) -> dict | None:
        rows = self.doc.annotations_at(self.view.cursor)
        if not rows:
            return None
        mine = [r for r in rows if r["annotator"] == self.config.annotator]
        return min(mine or rows, key=lambda r: r["end"] - r["start"])

    def action_delete(self) -> None:
        row = self.annotation_here()
        if row is None:
            self.notify("No annotation under the cursor", severity="warning")
            return
        self.save(store_annotations.delete, row["id"], self.config.annotator)

    def action_relabel(self) -> None:
        if self.annotation_here() is None:
            self.notify("No annotation under the cursor", severity="warning")
            return
        self.relabel_pending = True
        self.status.mode = "RELABEL: press a label key"

    def _relabel(self, label: str) -> None:
        row = self.annotation_here()
        if row is not None and row["label"] != label:
            self.save(store_annotations.update, row["id"], self.config.annotator, label=label)

    def action_edit(self) -> None:
        import json

        row = self.annotation_here()
        if row is None:
            self.notify("No annotation under the cursor: tag one first", severity="warning")
            return
        speakers = [e[3] for e in self.articles[self.current].entities if e[2] in ("PER", "ORG")]

        def done(changes: dict | None) -> None:
            if changes is not None:
                self.save(store_annotations.update, row["id"], self.config.annotator, **changes)

        self.app.push_screen(AnnotationForm(row, json.loads(row["attrs"] or "{}"), speakers), done)

    def action_undo(self) -> None:
        self.save(store_annotations.undo, self.config.annotator, after=self._after_history("undo"))

    def action_redo(self) -> None:
        self.save(store_annotations.redo, self.config.annotator, after=self._after_history("redo"))

    def _after_history(self, what: str) -> Callable[[Any], None]:
        def after(entry: dict | None) -> None:
            if entry is None:
                self.notify(f"Nothing to {what}")
                return
            self.notify(f"{what.capitalize()}: {entry['op']}")
            import json

            row = json.loads(entry["before"] or entry["after"] or "{}")
            for index, article in enumerate(self.articles):
                if article.id == row.get("article_id"):
                    self.current = index
                    self.view.move_to(row["start"])

        return after

    def action_yank(self) -> None:
        view, article = self.view, self.articles[self.current]
        if view.selection is not None:
            start, end = view.selection
        elif (row := self.annotation_here()) is not None:
            start, end = row["start"], row["end"]
        else:
            start, end = self.doc.sentence_at(view.cursor)
        # What the screen shows (doc.text, same offsets): control characters in an
        # article must not reach the clipboard, and from there a terminal, either.
        source = (display_text(part) if part else part for part in (article.outlet, article.title, article.published))
        text = clipboard.citation(self.doc.text[start:end].strip(), *source)
        how = clipboard.copy(self.app, text)
        self.notify(f"Copied {end - start} characters with citation via {how}")

    # Saving

    def save(self, write: Callable[..., Any], *args: Any, after: Callable[[Any], None] | None = None,
             finally_: Callable[[], None] | None = None, **kwargs: Any) -> None:
        self.status.save_state = "saving…"
        self.run_worker(self._save(write, args, kwargs, after, finally_), group="writes")

    async def _save(self, write: Callable[..., Any], args: tuple, kwargs: dict,
                    after: Callable[[Any], None] | None, finally_: Callable[[], None] | None) -> None:
        try:
            result = await self.app.writer.run(write, *args, **kwargs)
        except StoreError as err:
            self.status.save_state = "NOT saved"
            self.notify(str(err), title="Not saved", severity="error", timeout=10)
            return
        finally:
            if finally_ is not None:
                finally_()
        self.reload_annotations()
        self.status.save_state = "saved"
        if after is not None:
            after(result)

    def reload_annotations(self) -> None:
        rows = annotations_of(self.app.db, [a.id for a in self.articles])
        self._version = data_version(self.app.db)
        for column, article in zip(self.columns, self.articles):
            # Only the lines of annotations that changed are repainted.
            old, new = _keyed(self._shown[article.id]), _keyed(rows[article.id])
            if old != new:
                self._shown[article.id] = rows[article.id]
                column.doc.set_annotations(rows[article.id])
                column.view.refresh_annotations(key[1:3] for key in old ^ new)
                column.update_header()
        self.update_counts()

    def poll_changes(self) -> None:
        """Another annotator's commits show up here within POLL_SECONDS, cursors untouched."""
        try:
            if data_version(self.app.db) != self._version:
                self.reload_annotations()
        except StoreError:
            pass

    def update_counts(self) -> None:
        self.status.set_counts(dict(Counter(r["label"] for doc in self.docs for r in doc.annotations)))

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    # Finding

    def action_search(self, scope: str) -> None:
        self.search_scope = scope
        search_box = self.query_one("#search", Input)
        search_box.placeholder = "Search this column" if scope == "column" else "Search the whole story"
        search_box.value = ""
        search_box.display = True
        search_box.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        query = event.value.strip()
        self.focus_current()
        if not query:
            return
        if self.search_scope == "column":
            marks = {self.current: occurrences(self.doc.text, [query])}
        else:
            hits = {hit.article_id for hit in search(self.app.db, query, self.story)}
            marks = {i: occurrences(doc.text, query.split()) for i, doc in enumerate(self.docs)
                     if self.articles[i].id in hits}
        for index, column in enumerate(self.columns):
            column.view.set_marks("match", [Mark(s, e, "match") for s, e in marks.get(index, [])])
        total = sum(len(v) for v in marks.values())
        if not total:
            self.notify(f"No match for {query!r}", severity="warning")
            return
        if not marks.get(self.current):
            self.current = min(i for i, found in marks.items() if found)
        self.action_match(1)
        where = "" if self.search_scope == "column" else f" in {sum(1 for v in marks.values() if v)} articles"
        self.notify(f"{total} matches{where} · n / N for next / previous")

    def on_key(self, event) -> None:
        search_box = self.query_one("#search", Input)
        if event.key == "escape" and search_box.has_focus:
            search_box.display = False
            self.focus_current()
            event.stop()

    def action_match(self, delta: int) -> None:
        view = self.view
        marks = sorted(view.marks("match"), key=lambda m: m.start)
        if not marks:
            self.app.bell()
            return
        ahead = [m for m in marks if (m.start > view.cursor if delta > 0 else m.start < view.cursor)]
        target = (ahead[0] if delta > 0 else ahead[-1]) if ahead else (marks[0] if delta > 0 else marks[-1])
        view.move_to(target.start)

    def action_entity_focus(self) -> None:
        entity = self.doc.entity_at(self.view.cursor)
        if entity is None:
            self.notify("No entity under the cursor (e / E jump to one)", severity="warning")
            return
        key = normalise_entity(entity[3])
        names: dict[str, str] = {}
        for article in self.articles:
            for e in article.entities:
                names.setdefault(normalise_entity(e[3]), e[3])
        self.mark_entity(key)
        counts = mention_counts([a.entities for a in self.articles])
        outlets = [a.outlet or f"#{i + 1}" for i, a in enumerate(self.articles)]
        self.app.push_screen(EntityTableScreen(outlets, counts, key, names), self._jump)

    def mark_entity(self, key: str) -> None:
        for column, article in zip(self.columns, self.articles):
            column.view.set_marks("focus", [Mark(e[0], e[1], "focus") for e in article.entities
                                            if normalise_entity(e[3]) == key])

    def _jump(self, jump: Jump | None) -> None:
        if jump is None:
            return
        self.mark_entity(jump.key)
        mentions = [e for e in self.articles[jump.column].entities if normalise_entity(e[3]) == jump.key]
        if not mentions:
            self.notify("Not mentioned in that article", severity="warning")
            return
        self.current = jump.column
        self.view.move_to(mentions[0][0])

    def action_align(self) -> None:
        source_doc, article = self.doc, self.articles[self.current]
        start, end = source_doc.sentence_at(self.view.cursor)
        wanted = features(article.text, start, end, article.entities)
        aligned = 0
        for index, (column, other) in enumerate(zip(self.columns, self.articles)):
            if index == self.current:
                continue
            match = best_match(wanted, other.text, other.sentences, other.entities)
            column.view.set_marks("aligned", [Mark(*match, "aligned")] if match else [])
            if match:
                aligned += 1
                column.view.move_to(match[0])
                column.view.scroll_to_pos(match[0], center=True)
        others = len(self.articles) - 1
        self.notify(f"Aligned {aligned} of {others} other columns" if aligned
                    else "No other article shares entities, numbers or words with this sentence")

    # View

    def action_zoom(self) -> None:
        self.zoomed = not self.zoomed

    def action_fold(self) -> None:
        self.view.toggle_fold()


def _keyed(rows: list[dict]) -> set[tuple]:
    """What the view draws of each annotation: a change to any of it repaints its lines."""
    return {(r["id"], r["start"], r["end"], r["label"], r["status"], r["annotator"]) for r in rows}


def occurrences(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Case-insensitive places of each term. lower() keeps offsets for all but
    a few characters (İ); where it would not, search case-sensitively."""
    haystack = text.lower()
    same_length = len(haystack) == len(text)
    if not same_length:
        haystack = text
    found = []
    for term in terms:
        needle = term.lower() if same_length else term
        position = haystack.find(needle)
        while needle and position >= 0:
            found.append((position, position + len(needle)))
            position = haystack.find(needle, position + 1)
    return sorted(found)
