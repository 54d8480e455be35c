"""The Textual app: the story list, then a story's articles side by side."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

from parallax.store import reading
from parallax.store.errors import StoreError
from parallax.store.file_checks import translate

from .config import Config, load_config
from .sanitize import safe
from .story_screen import StoryScreen, story_screen_class
from .typing_gate import TypingGate
from .writer import Writer

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .review_screen import ReviewRequest

# The story list, review, agreement and help screens (and the store and
# analysis modules behind them) are imported where they open: the story
# view's first frame does not wait for them.


class ParallaxApp(TypingGate, App):
    TITLE = "Parallax"
    CSS_PATH = "parallax.tcss"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, db_path: str | Path, *, story: str | None = None, config: Config | None = None,
                 review: ReviewRequest | None = None):
        # Label and entity colours are the terminal's own 16 ANSI colours, not
        # RGB approximations: they follow the user's palette (light or dark,
        # 16-colour terminals) and cost a third of the bytes per frame over SSH.
        super().__init__(ansi_color=True)
        self.db_path = db_path
        self.initial_story = story
        self.initial_review = review
        self.config = config or load_config()
        self.reader = open_reader(db_path)
        """The main thread's connection: reads only (the story view's, on plain sqlite3)."""
        self._db: Database | None = None
        self.writer = Writer(db_path)
        self.error_message: str | None = None
        """Why the app could not start (a damaged file): one line, shown by the CLI after exit."""

    @property
    def db(self) -> Database:
        """The store's API (sqlite-utils) over the reader's connection, for the
        screens that ask more than the story view does; loaded when first asked."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.reader, execute_plugins=False)
        return self._db

    def notify(self, message: str, *, title: str = "", markup: bool = False, **kwargs) -> None:
        """Messages quote names, labels, search words and errors from the database:
        sanitised, never markup (tui/sanitize)."""
        super().notify(safe(message), title=safe(title), markup=False, **kwargs)

    def on_mount(self) -> None:
        self.set_keymap(self.config.keys)
        try:
            self._open_first_screen()
        except (StoreError, sqlite3.DatabaseError) as err:
            message = str(translate(err, self.db_path) if isinstance(err, sqlite3.DatabaseError) else err)
            self.error_message = message
            self.exit(return_code=1)
            return
        if self.reader.refusal:
            # the writer's connection refuses every write with the same words
            self.notify(self.reader.refusal, title="Read-only", severity="warning", timeout=30, markup=False)

    def _open_first_screen(self) -> None:
        names = reading.story_names(self.reader)
        target = self.initial_story or (names[0] if len(names) == 1 else None)
        if target:
            # The story list is built only when the user goes back to it.
            self.open_story(target)
            if self.initial_review is not None:
                self.open_review(target, self.initial_review)
        else:
            from .story_list import StoryListScreen

            self.push_screen(StoryListScreen())
        # The writer's connection, migrations and store modules load once the first frame is out.
        self.call_after_refresh(self.writer.start)

    def show_story_list(self) -> None:
        from .story_list import StoryListScreen

        if any(isinstance(screen, StoryListScreen) for screen in self.screen_stack):
            self.pop_screen()
        else:
            self.switch_screen(StoryListScreen())

    def open_story(self, name: str) -> None:
        name, articles, rows, source = self._story_parts(name)
        self.push_screen(story_screen_class(self.config)(name, articles, rows, self.config, source))
        self.sub_title = safe(name)

    def _story_parts(self, name: str) -> tuple:
        articles = reading.story_articles(self.reader, name)
        rows = reading.annotations_of(self.reader, [a.id for a in articles])
        return name, articles, rows, reading.entity_sources(self.reader, name)

    def open_review(self, story: str, request: ReviewRequest) -> None:
        """Review on top of the reader: Esc comes back to it. Adjudication writes as the gold annotator."""
        from .review_screen import ReviewScreen

        if request.links:
            from .link_review import open_link_review

            open_link_review(self, story)
            return
        name, articles, rows, source = self._story_parts(story)
        config = replace(self.config, annotator=self.config.gold) if request.adjudicate else self.config
        screen = story_screen_class(config, ReviewScreen)(name, articles, rows, config, source, request=request)
        self.push_screen(screen)

    def action_review(self) -> None:
        from .review_screen import ReviewRequest

        if isinstance(self.screen, StoryScreen):
            self.open_review(self.screen.story, ReviewRequest())

    def action_agreement(self) -> None:
        screen = self.screen
        if not isinstance(screen, StoryScreen):
            return
        from parallax.analysis.agreement import agreement, annotators_in
        from parallax.store.review import Filters

        from .agreement_screen import AgreementScreen
        from .review_screen import ReviewRequest

        story, gold = screen.story, self.config.gold
        names = [name for name in annotators_in(self.db, story) if name != gold]
        try:
            result = agreement(self.db, story, annotators=names, max_disagreements=None)
        except StoreError as err:
            self.notify(str(err), title="No agreement to show", severity="warning", timeout=10, markup=False)
            return

        def adjudicate(article_id: int, start: int) -> None:
            self.pop_screen()
            self.open_review(story, ReviewRequest(Filters(), adjudicate=True, annotators=tuple(names),
                                                  at=(article_id, start)))

        self.push_screen(AgreementScreen(result, gold, adjudicate))

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        screen = self.screen
        commands = getattr(screen, "commands", ())
        self.push_screen(HelpScreen(commands, self.config.keys, str(self.config.path or "")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from .story_list import StoryListScreen

        yield from super().get_system_commands(screen)
        if isinstance(screen, StoryListScreen) and (story := screen.highlighted_story()) is not None:
            yield SystemCommand("Suggest annotations", "Run the German suggestion rules on the highlighted story "
                                "(parallax suggest); open it and review them with R", partial(self.suggest, story))
        if isinstance(screen, StoryScreen):
            # Textual's matcher scores "suggest" the same in all of these, and ties keep the
            # order offered: the commands named by the word come before those that merely hold it
            yield SystemCommand("Suggest annotations", "Run the German suggestion rules on this story "
                                "(parallax suggest); review them with R", partial(self.suggest, screen.story))
            yield SystemCommand("Suggest links", "Counterparts across the outlets for every quote and claim "
                                "(parallax suggest --links); review them with K", screen.suggest_story_links)
            for command in screen.commands:
                keys = self.config.keys.get(command.id, command.keys)
                yield SystemCommand(command.description, f"{command.group} · keys: {keys}",
                                    partial(self.call_later, screen.run_action, command.action))

    def suggest(self, story: str) -> None:
        """`parallax suggest` in a child process: the app never loads spaCy itself."""
        from .suggest_process import run_suggest

        self.notify(f"Suggesting annotations for {story!r}…", markup=False)
        self.run_worker(partial(run_suggest, self.db_path, story), thread=True, group="suggest")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "suggest" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if event.state == WorkerState.ERROR:
            self.notify(str(worker.error), title="Suggest failed", severity="error", timeout=15, markup=False)
            return
        ok, message = worker.result
        self.notify(message, title="Suggestions" if ok else "Suggest failed",
                    severity="information" if ok else "error", timeout=10, markup=False)
        from .story_list import StoryListScreen

        if ok and isinstance(self.screen, StoryListScreen):  # its counts; a story's reader polls for what was added
            self.screen.refresh_stories()

    async def writes_landed(self) -> None:
        """Wait until the tags still being saved are written (one that fails says so in the status line)."""
        pending = [worker for worker in self.workers if worker.group == "writes" and not worker.is_finished]
        if pending:
            with suppress(WorkerCancelled, WorkerFailed):
                await self.workers.wait_for_complete(pending)

    async def action_quit(self) -> None:
        """Tags still being saved are written before the app exits, not cancelled with it."""
        await self.writes_landed()
        self.exit()

    def on_unmount(self) -> None:
        # Waits for queued writes: what the user tagged before quitting is stored.
        self.writer.close()
        self.reader.close()


def open_reader(path: str | Path) -> reading.ReaderConnection:
    """The reading connection; a missing, new or damaged file goes through the
    store's full open first, which creates and upgrades it or says what is wrong."""
    try:
        return reading.connect(path)
    except StoreError:
        from parallax.store.db import open_db

        open_db(path).close()
        return reading.connect(path)
