"""`parallax`: the entry point. Opening the reader — the command people run
most, and the one whose start-up they feel — goes straight to the app;
everything else goes through click (`parallax.cli.main`).

Only the reader's own options are understood here: `[--db PATH]
[--annotator NAME] [open [STORY] [--blind]]`, in click's spellings. Anything else,
and any problem on the way (no database yet, another program's or a damaged
file, an unknown story, a bad config file, an import interrupted while being
applied), is handed to click, which creates and upgrades the store, finishes
the import, and reports the problem in its usual one line."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

READER_OPTIONS = ("--db", "--annotator")


def main() -> None:
    request = reader_request(sys.argv[1:])
    if request is None or not open_directly(**request):
        from .main import main as click_main

        click_main()


def reader_request(args: list[str]) -> dict[str, str | bool | None] | None:
    """The reader's options from `args` as click would read them, or None when
    they ask for anything else. Before `open` they are the group's options,
    after it the command's: its --db wins, and the group's --annotator counts
    only without a command."""
    given: list[dict[str, str]] = [{}, {}]
    story: str | None = None
    command = False
    blind = False
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        name, equals, value = arg.partition("=")
        if name in READER_OPTIONS:
            if not equals:
                if not rest:
                    return None
                value = rest.pop(0)
            given[command][name] = value
        elif arg == "open" and not command:
            command = True
        elif arg == "--blind" and command:
            blind = True
        elif command and story is None and not arg.startswith("-"):
            story = arg
        else:
            return None
    group, own = given
    annotator = own.get("--annotator") if command else group.get("--annotator")
    return {"db": own.get("--db") or group.get("--db"), "annotator": annotator, "story": story, "blind": blind}


def open_directly(db: str | None, annotator: str | None, story: str | None, blind: bool = False) -> bool:
    """Start the reader if the database is there and holds `story`; False to let click do it."""
    from parallax.store import reading
    from parallax.store.errors import StoreError
    from parallax.tui.config import ConfigError, load_config

    path = db or reading.default_path()
    try:
        config = load_config(annotator=annotator, blind=blind)
        connection = reading.connect(path)
        try:
            if reading.unfinished_bulk_job(connection):
                return False  # the store finishes it first
            if story is not None:
                reading.story_id(connection, story)
        finally:
            connection.close()
    except (StoreError, ConfigError, sqlite3.DatabaseError):
        return False
    message = start_reader(path, story, config)
    if message:
        print(f"parallax: {message}", file=sys.stderr)
        sys.exit(1)
    return True


def start_reader(path: str | Path, story: str | None, config: Any, *, gold: str | None = None,
                 **options: Any) -> str | None:
    """Run the reader; returns why it could not show the database (a damaged
    file: one line), None when it ran."""
    from parallax.tui.app import ParallaxApp

    if gold:
        config = replace(config, gold=gold)
    app = ParallaxApp(path, story=story, config=config, **options)
    app.run()
    return app.error_message
