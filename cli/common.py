"""What every command shares: one-line errors, the --db option, opening the
store, picking the story, progress on a terminal."""

from __future__ import annotations

import functools
import sqlite3
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from sqlite_utils import Database

_DB_KEY = "parallax.db_path"
DB_HELP = "SQLite file to use (default ./annotations.db, or $PARALLAX_DB)."


class UserError(click.ClickException):
    """One clear line on stderr, exit code 1, no traceback."""

    def show(self, file: Any = None) -> None:
        click.echo(f"parallax: {self.format_message()}", err=True)


def reported(command: Callable) -> Callable:
    """Turn the errors a user can act on into one line and a non-zero exit."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from parallax.store.errors import StoreError

        try:
            return command(*args, **kwargs)
        except StoreError as err:
            raise UserError(str(err)) from None
        except sqlite3.DatabaseError as err:
            # A damaged page is found where a query first reads it, anywhere.
            from parallax.store.file_checks import translate

            context = click.get_current_context(silent=True)
            path = context.meta.get(_DB_KEY, "the database") if context else "the database"
            raise UserError(str(translate(err, path))) from None
        except KeyboardInterrupt:
            click.echo("parallax: interrupted; whole files stay stored, the one being read was not "
                       "(one already being applied is finished by the next parallax command)", err=True)
            sys.exit(130)

    return wrapper


def db_option(command: Callable) -> Callable:
    return click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None, help=DB_HELP)(command)


def open_store(ctx: click.Context, db_path: str | None, *, write: bool = False) -> Database:
    from parallax.store.db import default_path, open_db, require_writable

    path = db_path or ctx.find_root().params.get("db_path") or default_path()
    ctx.meta[_DB_KEY] = path
    db = open_db(path)
    if write:
        require_writable(db)
    _finish_interrupted(db)
    return db


def _finish_interrupted(db: Database) -> None:
    """A bulk command that died half-way is finished before anything else reads or writes."""
    import os

    from parallax.store.db import db_path
    from parallax.store.staging import pending, resume

    if pending(db) and os.access(db_path(db), os.W_OK):
        for message in resume(db):
            click.echo(f"parallax: {message}", err=True)


def the_story(db: Database, story: str | None) -> str:
    """STORY as given (checked), else the only story there is."""
    from parallax.store.articles import story_id_for_name
    from parallax.store.queries import stories

    if story is not None:
        story_id_for_name(db, story)
        return story
    names = [row.name for row in stories(db)]
    if not names:
        raise UserError("no stories yet: `parallax import FILES --story NAME` or `parallax demo`")
    if len(names) > 1:
        raise UserError("several stories; name one: " + ", ".join(repr(n) for n in names))
    return names[0]


def progress(items: list, label: str):
    """A progress bar on a terminal; nothing at all in a pipe or a log."""
    if sys.stderr.isatty() and len(items) > 1:
        return click.progressbar(items, label=label, file=sys.stderr, show_pos=True,
                                 item_show_func=lambda p: p.name if p else None)
    return _Quiet(items)


class _Quiet:
    def __init__(self, items: list):
        self.items = items

    def __enter__(self) -> list:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


def counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"
