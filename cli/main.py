"""The `parallax` command group; each command lives with its kind in this package."""

from __future__ import annotations

import click

from .article_commands import (
    demo_command,
    import_command,
    stats_command,
    stories_command,
)
from .backup_commands import backup_command
from .common import db_option
from .compare_commands import compare_command, link_command
from .export_commands import export_command, import_annotations_command
from .reader_commands import adjudicate_command, open_command, review_command
from .team_commands import agreement_command, merge_command, suggest_command
from .train_commands import train_command


def config_help() -> str:
    from parallax.tui.config import config_path

    return (f"Keys, labels and colours of the reader are read from {config_path()} "
            "(or $PARALLAX_CONFIG); press ? in the reader for every key and its command id.")


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=config_help())
@click.version_option(package_name="parallax-news", prog_name="parallax")
@click.option("--annotator", help="With no command: the name to annotate as (default: config, else your login).")
@db_option
@click.pass_context
def cli(ctx: click.Context, annotator: str | None, db_path: str | None) -> None:
    """Compare news coverage side by side and tag quotes, claims, opinions and comments.

    Everything lives in one SQLite file (./annotations.db unless --db or
    $PARALLAX_DB says otherwise). Without a command, opens the reader.

    \b
    First steps:
      parallax demo                       import the sample story and open it
      parallax import articles/ --story "Hafen"
      parallax                            open the reader
      parallax export --out labels.jsonl
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_command, annotator=annotator)


for command in (import_command, stories_command, stats_command, export_command, import_annotations_command,
                demo_command, open_command, review_command, adjudicate_command, agreement_command,
                merge_command, suggest_command, compare_command, link_command, train_command, backup_command):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="parallax")
