"""Commands that write annotations out and read them back: export, import-annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .common import (
    UserError,
    db_option,
    open_store,
    reported,
)

if TYPE_CHECKING:

    pass


@click.command("export", short_help="Write annotations (or articles) as JSON Lines.")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format.")
@click.option("--out", "out", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="File to write, or - for standard output.")
@click.option("--story", "stories", multiple=True, help="Only this story (repeatable).")
@click.option("--label", "labels", multiple=True, help="Only this label (repeatable).")
@click.option("--annotator", "annotators", multiple=True, help="Only this annotator (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["accepted", "suggested", "rejected"]),
              help="Only this status (repeatable).")
@click.option("--per-article", is_flag=True,
              help="One line per article (text, zones, entities, spans) instead of one per annotation.")
@db_option
@click.pass_context
@reported
def export_command(ctx: click.Context, fmt: str, out: str, stories: tuple[str, ...], labels: tuple[str, ...],
                   annotators: tuple[str, ...], statuses: tuple[str, ...], per_article: bool,
                   db_path: str | None) -> None:
    """Write annotations as JSON Lines (the README documents every field).

    Offsets are character (code point) offsets into the article's stored
    text, end exclusive. The output streams: memory stays flat.
    """
    from parallax.store.articles import story_id_for_name
    from parallax.store.export import Filters, annotation_lines, article_lines

    db = open_store(ctx, db_path)
    for name in stories:
        story_id_for_name(db, name)
    filters = Filters(stories, labels, annotators, statuses)
    lines = article_lines(db, filters) if per_article else annotation_lines(db, filters)
    written = write_lines(lines, out)
    if out != "-":
        click.echo(f"{written} line{'s' * (written != 1)} written to {out}", err=True)


def write_lines(lines, out: str) -> int:
    from .output import output_file

    count = 0
    try:
        with output_file(out) as handle:
            for line in lines:
                handle.write(line)
                handle.write("\n")
                count += 1
    except OSError as err:
        raise UserError(f"{out}: cannot write: {err.strerror or err}") from None
    return count


@click.command("import-annotations", short_help="Read an export back, idempotently.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@db_option
@click.pass_context
@reported
def import_annotations_command(ctx: click.Context, files: tuple[str, ...], db_path: str | None) -> None:
    """Read back JSONL written by `parallax export` (either shape), idempotently.

    Article lines (--per-article) bring their article along; annotation lines
    need the article in the database already. An annotation that is already
    there is kept unless the file's copy is newer.
    """
    from parallax.store.jsonl_import import import_jsonl

    db = open_store(ctx, db_path, write=True)
    for name in files:
        try:
            with click.open_file(name, encoding="utf-8") as handle:
                summary = import_jsonl(db, handle, name)
        except OSError as err:
            raise UserError(f"{name}: {err.strerror}") from None
        except UnicodeDecodeError as err:
            raise UserError(f"{name}: not valid UTF-8 at byte {err.start}") from None
        click.echo(f"{name}: {summary}")
