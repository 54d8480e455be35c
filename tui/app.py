"""The Textual app: the story list, then a story's articles side by side."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from store.db import open_db
from store.queries import annotations_of, stories, story_articles

from .config import Config, load_config
from .help_screen import HelpScreen
from .story_list import StoryListScreen
from .story_screen import StoryScreen, story_screen_class
from .writer import Writer


class ParallaxApp(App):
    TITLE = "Parallax"
    CSS_PATH = "parallax.tcss"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, db_path: str | Path, *, story: str | None = None, config: Config | None = None):
        # Label and entity colours are the terminal's own 16 ANSI colours, not
        # RGB approximations: they follow the user's palette (light or dark,
        # 16-colour terminals) and cost a third of the bytes per frame over SSH.
        super().__init__(ansi_color=True)
        self.db_path = db_path
        self.initial_story = story
        self.config = config or load_config()
        self.db = open_db(db_path)
        self.writer = Writer(db_path)

    def on_mount(self) -> None:
        self.set_keymap(self.config.keys)
        names = [row.name for row in stories(self.db)]
        target = self.initial_story or (names[0] if len(names) == 1 else None)
        if target:
            # The story list is built only when the user goes back to it.
            self.open_story(target)
        else:
            self.push_screen(StoryListScreen())

    def show_story_list(self) -> None:
        if any(isinstance(screen, StoryListScreen) for screen in self.screen_stack):
            self.pop_screen()
        else:
            self.switch_screen(StoryListScreen())

    def open_story(self, name: str) -> None:
        articles = story_articles(self.db, name)
        rows = annotations_of(self.db, [a.id for a in articles])
        sources = self.db.execute(
            "SELECT DISTINCT entity_source FROM articles a JOIN stories s ON s.id = a.story_id "
            "WHERE s.name = ? AND entity_source IS NOT NULL", [name]).fetchall()
        source = ", ".join(row[0] for row in sources) or "none"
        self.push_screen(story_screen_class(self.config)(name, articles, rows, self.config, source))
        self.sub_title = name

    def action_help(self) -> None:
        screen = self.screen
        commands = screen.commands if isinstance(screen, StoryScreen) else ()
        self.push_screen(HelpScreen(commands, self.config.keys, str(self.config.path or "")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, StoryScreen):
            for command in screen.commands:
                keys = self.config.keys.get(command.id, command.keys)
                yield SystemCommand(command.description, f"{command.group} · keys: {keys}",
                                    partial(self.call_later, screen.run_action, command.action))

    async def action_quit(self) -> None:
        """Tags still being saved are written before the app exits, not cancelled with it."""
        pending = [worker for worker in self.workers if worker.group == "writes" and not worker.is_finished]
        if pending:
            await self.workers.wait_for_complete(pending)
        self.exit()

    def on_unmount(self) -> None:
        # Waits for queued writes: what the user tagged before quitting is stored.
        self.writer.close()
        self.db.close()
