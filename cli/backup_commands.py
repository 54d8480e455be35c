"""`parallax backup`: a consistent copy of a database that others may have open."""

from __future__ import annotations

import click

from .common import db_option, open_store, reported


@click.command("backup", short_help="Copy the database safely while others use it.")
@click.argument("out", type=click.Path(dir_okay=False))
@db_option
@click.pass_context
@reported
def backup_command(ctx: click.Context, out: str, db_path: str | None) -> None:
    """Write a consistent copy of the database to OUT (a new file).

    Safe while readers and writers have the database open: the copy is one
    snapshot taken through SQLite, with the rows still in the -wal file that
    `cp` would miss. The copy is a single self-contained file.

    \b
    Example: give Ben a copy to work on
      parallax backup ben.db
      parallax --db ben.db --annotator ben
    """
    from parallax.store.backup import backup

    summary = backup(open_store(ctx, db_path), out)
    click.echo(f"{summary.path}: {summary.annotations} annotations, {summary.bytes / 1e6:.1f} MB "
               f"in {summary.seconds:.1f} s")
