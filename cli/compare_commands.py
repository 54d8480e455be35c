"""Comparing the outlets: compare, link, and the link half of suggest."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .common import UserError, db_option, open_store, reported, the_story

if TYPE_CHECKING:
    from sqlite_utils import Database

FORMATS = ("table", "json", "csv", "markdown")


@click.command("compare", short_help="What each outlet carries, omits, quotes and how it names.")
@click.argument("story", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Plain-text tables, one JSON object (schema in the README), CSV of one view, or Markdown.")
@click.option("--view", "views", multiple=True,
              type=click.Choice(["coverage", "speakers", "drift", "naming", "figures"]),
              help="Only this view (repeatable; default all, and coverage for csv).")
@click.option("--suggested", is_flag=True, help="Count suggested annotations and links too (not only accepted ones).")
@click.option("--annotators", help="Only these annotators' annotations and links, comma-separated (default everyone).")
@db_option
@click.pass_context
@reported
def compare_command(ctx: click.Context, story: str | None, fmt: str, views: tuple[str, ...], suggested: bool,
                    annotators: str | None, db_path: str | None) -> None:
    """Compare the outlets of STORY (default: the only story), claim by claim.

    \b
    coverage  rows: claims and quotes grouped by `same` links (a `contradicts`
              link adds a contradicting version, `!`), columns: outlets;
              a cell is the form the outlet uses, `·` when it does not carry it;
              per outlet its exclusives and omissions
    speakers  speaker × outlet, direct / indirect quotes, who is heard only where
    drift     linked quotes as each outlet renders them, word by word
    naming    the forms each outlet uses for a person or organisation
    figures   the same quantity reported differently (170 / 168 / 172 Meter)

    \b
    Example:
      parallax compare --format csv > coverage.csv
      parallax compare "Kanal-Havarie" --view speakers --format markdown
    """
    from parallax.analysis.compare import compare_story
    from parallax.store.export import dumps

    from .compare_format import VIEWS, csv_text, markdown_lines, text_lines

    db = open_store(ctx, db_path)
    story = the_story(db, story)
    names = [n.strip() for n in annotators.split(",") if n.strip()] if annotators else None
    result = compare_story(db, story, include_suggested=suggested, annotators=names)
    if fmt == "json":
        click.echo(dumps(result.to_dict()))
    elif fmt == "csv":
        if len(views) > 1:
            raise UserError("--format csv writes one view; name one with --view")
        click.echo(csv_text(result, views[0] if views else "coverage"), nl=False)
    else:
        render = markdown_lines if fmt == "markdown" else text_lines
        for line in render(result, views or VIEWS):
            click.echo(line)


@click.command("link", short_help="Link two annotations (same, contradicts, elaborates), or delete a link.")
@click.argument("ids", nargs=-1, required=True)
@click.option("--kind", default="same", show_default=True, help="same, contradicts, elaborates, or a kind of your own.")
@click.option("--annotator", help="Who links (default: config, else your login).")
@click.option("--delete", "delete", is_flag=True,
              help="IDS is one link id: delete your own link, or record your rejection of someone else's.")
@db_option
@click.pass_context
@reported
def link_command(ctx: click.Context, ids: tuple[str, ...], kind: str, annotator: str | None, delete: bool,
                 db_path: str | None) -> None:
    """Link annotation SRC to annotation DST (ids as `parallax export` prints them).

    A link reads "SRC KIND DST". Your own links are yours to delete; deleting
    someone else's link (or a suggested one) records your rejection of it and
    leaves theirs as it is. Undo in the reader (`u`) takes link changes back too.

    \b
    Example:
      parallax link 01KM3A… 01KM3B… --kind contradicts --annotator anna
      parallax link --delete 01KM3C… --annotator anna
    """
    from parallax.store import links

    db = open_store(ctx, db_path, write=True)
    who = _annotator(annotator)
    if delete:
        if len(ids) != 1:
            raise UserError("--delete takes one link id")
        result = links.delete(db, ids[0], who)
        click.echo(f"link {ids[0]}: {'deleted' if result.outcome == 'removed' else 'rejected by ' + who}")
        return
    if len(ids) != 2:
        raise UserError("give two annotation ids: SRC DST")
    link = links.add(db, ids[0], ids[1], kind, who)
    click.echo(f"link {link.id}: {link.src} {link.kind} {link.dst} ({link.annotator})")


def _annotator(given: str | None) -> str:
    from parallax.tui.config import ConfigError, load_config

    try:
        return load_config(annotator=given).annotator
    except ConfigError as err:
        raise UserError(str(err)) from None


def suggest_links(db: Database, story: str | None) -> None:
    """`parallax suggest --links`: store the story's link suggestions."""
    from parallax.analysis.link_suggest import ANNOTATOR, LinkSuggester
    from parallax.analysis.story_data import load_story
    from parallax.store.links import add_suggested
    from parallax.store.queries import stats

    story = the_story(db, story)
    data = load_story(db, story)
    if not any(item.label in ("quote", "claim") for item in data.items):
        if stats(db, story).statuses.get("suggested"):
            click.echo(f"links: no accepted quotes or claims in {story!r} to link yet; links are suggested "
                       "between accepted annotations, so review the suggestions first: parallax review")
        else:
            click.echo(f"links: no quotes or claims in {story!r} yet; links are suggested between accepted "
                       "annotations: tag them in the reader, or let Parallax suggest them and review those "
                       "(parallax suggest, then parallax review)")
        return
    found = LinkSuggester(data).story()
    added, present = add_suggested(db, ((c.src, c.dst, c.kind, c.attrs()) for c in found), ANNOTATOR)
    kinds = {kind: sum(1 for c in found if c.kind == kind) for kind in ("same", "contradicts")}
    click.echo(f"links: {len(found)} suggested ({', '.join(f'{k} {n}' for k, n in kinds.items())}); "
               f"{added} added, {present} already linked (story {story!r}, annotator {ANNOTATOR})")
