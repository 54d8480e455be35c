"""Commands that write annotations out and read them back: export, import-annotations."""

from __future__ import annotations

import click

from parallax.formats.registry import FORMATS, READABLE

from .common import (
    UserError,
    db_option,
    open_store,
    reported,
)


@click.command("export", short_help="Write annotations as JSONL or another tool's format.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", *FORMATS]), default="jsonl", show_default=True,
              help="Output format (the README says what each one keeps).")
@click.option("--out", "out", type=click.Path(allow_dash=True), default="-",
              show_default=True, help="File to write, or - for standard output; a folder for brat and "
              "labelstudio, a .spacy file for spacy, a .zip or a folder for xmi.")
@click.option("--story", "stories", multiple=True, help="Only this story (repeatable).")
@click.option("--label", "labels", multiple=True, help="Only this label (repeatable).")
@click.option("--annotator", "annotators", multiple=True, help="Only this annotator (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["accepted", "suggested", "rejected"]),
              help="Only this status (repeatable).")
@click.option("--per-article", is_flag=True,
              help="JSONL: one line per article (text, zones, entities, spans) instead of one per annotation.")
@click.option("--strict", is_flag=True, help="Fail, writing nothing, when the format would leave anything out.")
@click.option("--align", type=click.Choice(["strict", "expand"]), default="strict", show_default=True,
              help="Token formats: leave out spans that end inside a token (strict) or widen them (expand).")
@db_option
@click.pass_context
@reported
def export_command(ctx: click.Context, fmt: str, out: str, stories: tuple[str, ...], labels: tuple[str, ...],
                   annotators: tuple[str, ...], statuses: tuple[str, ...], per_article: bool, strict: bool,
                   align: str, db_path: str | None) -> None:
    """Write annotations as JSON Lines, or in another tool's format.

    JSONL keeps everything (the README documents every field); offsets are
    character (code point) offsets into the article's stored text, end
    exclusive. Every other format prints a loss report on stderr: what it
    could not hold, per reason ("3 links across articles not
    representable"); --strict fails instead.

    \b
    Examples:
      parallax export --out all.jsonl
      parallax export --format prodigy --status accepted --out spans.jsonl
      parallax export --format spacy --align expand --out train.spacy
      parallax export --format brat --out brat-kanal/
      parallax export --format xmi --strict --out inception.zip
    """
    from parallax.store.articles import story_id_for_name
    from parallax.store.export import Filters, annotation_lines, article_lines

    db = open_store(ctx, db_path)
    for name in stories:
        story_id_for_name(db, name)
    filters = Filters(stories, labels, annotators, statuses)
    if fmt != "jsonl":
        if per_article:
            raise UserError("--per-article is a JSONL shape; the other formats are laid out per article already")
        from parallax.formats.run import export

        count, report = export(db, fmt, filters, out, align=align, strict=strict)
        if out != "-":
            click.echo(f"{count} article{'s' * (count != 1)} written to {out}", err=True)
        click.echo(f"loss report: {report}", err=True)
        return
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


@click.command("import-annotations", short_help="Read an export or a tool's file back, idempotently.")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", *READABLE]), default="jsonl", show_default=True,
              help="What FILES are: a Prodigy JSONL, a Label Studio JSON export or folder, a brat folder, "
              "a .spacy file, an XMI zip or folder.")
@click.option("--annotator", default=None,
              help="Name for spans whose file does not say who made them (default: import:FORMAT).")
@db_option
@click.pass_context
@reported
def import_annotations_command(ctx: click.Context, files: tuple[str, ...], fmt: str, annotator: str | None,
                               db_path: str | None) -> None:
    """Read back what `parallax export` wrote, or a colleague's file from
    another tool, idempotently.

    JSONL article lines (--per-article) bring their article along; every other
    input needs its articles in the database already (found by their text).
    An annotation that is already there is kept unless the file's copy is
    newer; one file is stored whole or not at all.

    \b
    Examples:
      parallax import-annotations kanal.jsonl
      parallax import-annotations --format prodigy db-out.jsonl
      parallax import-annotations --format brat --annotator ben brat-kanal/
      parallax import-annotations --format labelstudio project-1-export.json
    """
    from parallax.store.jsonl_import import import_jsonl

    db = open_store(ctx, db_path, write=True)
    if fmt != "jsonl":
        from parallax.formats.run import import_file

        for name in files:
            click.echo(f"{name}: {import_file(db, fmt, name, annotator or f'import:{fmt}')}")
        return
    for name in files:
        try:
            with click.open_file(name, encoding="utf-8") as handle:
                summary = import_jsonl(db, handle, name)
        except OSError as err:
            raise UserError(f"{name}: {err.strerror}") from None
        except UnicodeDecodeError as err:
            raise UserError(f"{name}: not valid UTF-8 at byte {err.start}") from None
        click.echo(f"{name}: {summary}")
