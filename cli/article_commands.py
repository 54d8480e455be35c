"""Commands that bring articles in and describe them: import, demo, stories, stats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import (
    UserError,
    db_option,
    open_store,
    progress,
    reported,
)

if TYPE_CHECKING:
    from sqlite_utils import Database


@click.command("import", short_help="Import articles (.txt, .html, .jsonl, folders, globs).")
@click.argument("paths", nargs=-1, required=True)
@click.option("--story", help="Story to add the articles to (default: the folder's name).")
@click.option("--outlet", help="Outlet name for every article (default: detected from the page).")
@click.option("--model", help="spaCy pipeline name or path (default: best installed German one, else Parallax's own model de_parallax_ner with the offline recognizer; parallax-offline-de: the recognizer alone).")
@click.option("--encoding", help="Text encoding of .txt files when not UTF-8, e.g. latin-1 or cp1252.")
@click.option("--replace-invalid", is_flag=True,
              help="In .txt files, replace characters the store cannot hold (NUL) with U+FFFD and say so, "
                   "instead of refusing the file.")
@db_option
@click.pass_context
@reported
def import_command(ctx: click.Context, paths: tuple[str, ...], story: str | None, outlet: str | None,
                   model: str | None, encoding: str | None, replace_invalid: bool, db_path: str | None) -> None:
    """Import articles (.txt, .html, .jsonl; folders and globs too) into a story.

    Each file is stored whole or not at all, after an error, Ctrl-C or a
    crash (a big file goes through a staging file and short batches; see the
    README). Importing a file again changes nothing. A character the store
    cannot hold (NUL) is refused with its position; --replace-invalid
    replaces it in .txt files and says so.
    """
    from parallax.ingest.readers import ReadError, expand_paths

    try:
        files = expand_paths(paths)
    except ReadError as err:
        raise UserError(str(err)) from None
    db = open_store(ctx, db_path, write=True)
    story = story or default_story(paths, files)
    failures = run_import(db, files, story, model=model, outlet=outlet, encoding=encoding,
                          replace_invalid=replace_invalid)
    if failures:
        sys.exit(1)


def default_story(args: tuple[str, ...], files: list[Path]) -> str:
    first = Path(args[0])
    folder = first if first.is_dir() else files[0].parent
    return folder.resolve().name or "imported"


def run_import(db: Database, files: list[Path], story: str, *, model: str | None = None,
               outlet: str | None = None, encoding: str | None = None,
               outlets: dict[Path, str] | None = None, replace_invalid: bool = False) -> int:
    """Import `files`, showing progress on a terminal; returns the number of failed files."""
    from parallax.ingest.importer import import_files
    from parallax.ingest.nlp import PipelineError, load_pipeline

    loaded: list = []

    def pipeline():
        if not loaded:
            try:
                loaded.append(load_pipeline(model, progress=lambda message: click.echo(message, err=True)))
            except PipelineError as err:
                raise UserError(str(err)) from None
        return loaded[0]

    added = present = failed = 0
    elsewhere: set[str] = set()
    with progress(files, "Importing") as bar:
        for path in bar:
            for result in import_files(db, [path], story, pipeline, encoding=encoding,
                                       outlet=(outlets or {}).get(path, outlet), replace_invalid=replace_invalid):
                for note in result.notes:
                    click.echo(f"parallax: {note}", err=True)
                if result.error:
                    failed += 1
                    click.echo(f"parallax: {result.error}", err=True)
                added += result.added
                present += result.present
                elsewhere.update(s for s in result.present_in if s != story)
    summary = f"{added} article{'s' * (added != 1)} added to story {story!r}"
    if present:
        summary += f", {present} already imported"
        if elsewhere:
            summary += f" (in {', '.join(sorted(elsewhere))})"
    if failed:
        summary += f", {failed} file{'s' * (failed != 1)} failed"
    click.echo(summary)
    if loaded:
        click.echo(f"entities by: {loaded[0].name}")
    return failed


@click.command("stories", short_help="List stories with article and annotation counts.")
@db_option
@click.pass_context
@reported
def stories_command(ctx: click.Context, db_path: str | None) -> None:
    """List the stories with their articles and annotation counts."""
    from parallax.store.queries import stories

    rows = stories(open_store(ctx, db_path))
    if not rows:
        click.echo("No stories yet: `parallax import FILES --story NAME` or `parallax demo`.")
        return
    for row in rows:
        labels = ", ".join(f"{label} {count}" for label, count in row.annotations.items()) or "no annotations"
        click.echo(f"{row.name}\t{row.articles} articles\t{labels}\tlast change {row.last_change}")


@click.command("stats", short_help="Counts per article: zones, entities, annotations.")
@click.argument("story", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as one JSON object.")
@db_option
@click.pass_context
@reported
def stats_command(ctx: click.Context, story: str | None, as_json: bool, db_path: str | None) -> None:
    """Counts for one story (or all): articles, zones, entities and who recognised them, annotations."""
    from dataclasses import asdict

    from parallax.store.export import dumps
    from parallax.store.queries import stats

    result = stats(open_store(ctx, db_path), story)
    if as_json:
        click.echo(dumps(asdict(result)))
        return
    for article in result.articles:
        click.echo(f"{article['outlet'] or '?'}: {article['title'] or '(untitled)'}\n"
                   f"  {article['chars']} chars, {article['sentences']} sentences, "
                   f"{article['entities']} entities, {article['annotations']} annotations")

    def line(name: str, counts: dict[str, int]) -> None:
        click.echo(f"{name}: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "none"))

    line("zones", result.zones)
    line("entities", result.entity_labels)
    line("entities by", result.entity_sources)
    line("annotations", result.labels)
    line("status", result.statuses)
    line("annotators", result.annotators)


@click.command("demo", short_help="Import the sample story and open it.")
@click.option("--no-open", is_flag=True, help="Only import the sample story.")
@db_option
@click.pass_context
@reported
def demo_command(ctx: click.Context, no_open: bool, db_path: str | None) -> None:
    """Import the sample story (four outlets on one fictional event) and open it."""
    from parallax.ingest.sample import sample_folder, sample_story

    db = open_store(ctx, db_path, write=True)
    with sample_folder() as folder:
        story, articles = sample_story(folder)
        failed = run_import(db, [a.path for a in articles], story, outlets={a.path: a.outlet for a in articles})
    if failed:
        sys.exit(1)
    if no_open or not sys.stdout.isatty():
        click.echo("Open it with: parallax" + (f" --db {db_path}" if db_path else ""))
        return
    from .reader_commands import open_command

    ctx.invoke(open_command, story=story, db_path=db_path)
