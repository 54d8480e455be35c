"""Commands that open the reader: open, review, adjudicate."""

from __future__ import annotations

from typing import Any

import click

from .common import (
    UserError,
    db_option,
    open_store,
    reported,
    the_story,
)


@click.command("open", short_help="Open the reader (story list or STORY).")
@click.argument("story", required=False)
@click.option("--annotator", help="Name your annotations are stored under (default: config file, else your login).")
@click.option("--blind", is_flag=True, help="Show only your own labels and the suggestions (config: blind = true; "
              "B toggles it in the reader).")
@db_option
@click.pass_context
@reported
def open_command(ctx: click.Context, story: str | None = None, annotator: str | None = None,
                 db_path: str | None = None, blind: bool = False) -> None:
    """Open the reader (the story list, or STORY directly).

    With --blind you see only your own labels and the machine suggestions, and
    the status line counts only yours: annotate independently, then compare
    with `parallax agreement`. Example:

    \b
      parallax open "Kanal-Havarie" --annotator ben --blind
    """
    from parallax.store.articles import story_id_for_name

    db = open_store(ctx, db_path)
    if story is not None:
        story_id_for_name(db, story)
    db.close()
    run_app(ctx, db_path, story, annotator, blind=blind)


def run_app(ctx: click.Context, db_path: str | None, story: str | None, annotator: str | None, *,
            blind: bool = False, **options: Any) -> None:
    from parallax.store.reading import default_path
    from parallax.tui.config import ConfigError, load_config

    from .launch import start_reader

    try:
        config = load_config(annotator=annotator, blind=blind)
    except ConfigError as err:
        raise UserError(str(err)) from None
    message = start_reader(db_path or ctx.find_root().params.get("db_path") or default_path(), story, config,
                           **options)
    if message:
        raise UserError(message)


@click.command("review", short_help="Review suggestions or another annotator's labels.")
@click.argument("story", required=False)
@click.option("--label", "labels", multiple=True, help="Only this label (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["accepted", "suggested", "rejected"]),
              help="Only this status (repeatable; default: suggested, unless --by is given).")
@click.option("--by", "by", multiple=True, help="Only this annotator's annotations (repeatable).")
@click.option("--article", "articles", multiple=True, type=click.IntRange(min=1),
              help="Only the article in this column, 1 = first (repeatable).")
@click.option("--annotator", help="Review as this name (default: config file, else your login).")
@click.option("--links", "links", is_flag=True,
              help="Walk the suggested links instead (parallax suggest --links): a accept, x reject, "
                   "= ! + accept as same / contradicts / elaborates.")
@db_option
@click.pass_context
@reported
def review_command(ctx: click.Context, story: str | None, labels: tuple[str, ...], statuses: tuple[str, ...],
                   by: tuple[str, ...], articles: tuple[int, ...], annotator: str | None, links: bool,
                   db_path: str | None) -> None:
    """Walk STORY's suggestions (or, with --by, someone's labels) one by one.

    \b
    Keys: a accept · x reject · a label key (q c o m) accept with that label
    < > move the start a word, [ ] the end · space skip · backspace back
    . next open item · f filter · u undo · Esc back to the reader.

    Accepting makes the annotation yours, linked to the original, which stays
    as it was; rejecting records your no. Nothing is deleted. Example:

    \b
      parallax suggest && parallax review --label quote
      parallax suggest --links && parallax review --links
    """
    from parallax.store.queries import story_articles
    from parallax.store.review import Filters
    from parallax.tui.review_screen import ReviewRequest

    db = open_store(ctx, db_path)
    story = the_story(db, story)
    ids = [article.id for article in story_articles(db, story)]
    missing = [n for n in articles if n > len(ids)]
    db.close()
    if missing:
        raise UserError(f"--article {missing[0]}: the story has {len(ids)} articles")
    filters = Filters(labels=labels, statuses=statuses or (() if by else ("suggested",)), annotators=by,
                      article_ids=tuple(ids[n - 1] for n in articles))
    run_app(ctx, db_path, story, annotator, review=ReviewRequest(filters, links=links))


@click.command("adjudicate", short_help="Walk the disagreements and decide the gold version.")
@click.argument("story", required=False)
@click.option("--annotators", help="Comma-separated names whose disagreements to walk (default: everyone with "
              "accepted annotations but the gold annotator).")
@click.option("--label", help="Only disagreements about this label.")
@click.option("--as", "gold", help="The name decisions are stored under (default: config `gold`, else gold).")
@db_option
@click.pass_context
@reported
def adjudicate_command(ctx: click.Context, story: str | None, annotators: str | None, label: str | None,
                       gold: str | None, db_path: str | None) -> None:
    """Walk the sentences of STORY where annotators disagree, and decide.

    \b
    Keys: A pick this side (accept it, reject the others in the sentence)
    a accept · x reject · a label key: accept with that label
    < > [ ] move the span's start/end a word · space skip · backspace back.

    Decisions are stored under the gold annotator, linked to the annotations
    they came from; export the result with `parallax export --annotator gold
    --status accepted`.
    """
    from parallax.analysis.agreement import annotators_in
    from parallax.store.review import Filters
    from parallax.tui.config import load_config
    from parallax.tui.review_screen import ReviewRequest

    db = open_store(ctx, db_path)
    story = the_story(db, story)
    gold = gold or load_config().gold
    names = ([n.strip() for n in annotators.split(",") if n.strip()] if annotators
             else [n for n in annotators_in(db, story) if n != gold])
    db.close()
    if len(names) < 2:
        raise UserError(f"adjudication needs two annotators with accepted annotations in {story!r}; "
                        f"found {', '.join(names) or 'nobody'}")
    run_app(ctx, db_path, story, None, gold=gold,
            review=ReviewRequest(Filters(), adjudicate=True, annotators=tuple(names), label=label))
