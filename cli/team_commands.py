"""Commands for a team: suggest, agreement, merge."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .common import (
    UserError,
    counted,
    db_option,
    open_store,
    reported,
    the_story,
)

if TYPE_CHECKING:

    pass


@click.command("suggest", short_help="Suggest quotes, claims, opinions and comments.")
@click.argument("story", required=False)
@click.option("--links", "links", is_flag=True,
              help="Suggest links between annotations of different outlets instead (same, contradicts).")
@click.option("--model", "models", multiple=True, metavar="NAME|PATH",
              help="A spaCy pipeline. A folder made by `parallax train` (a span categorizer) adds its own "
                   "suggestions, under suggest:<its name>; any other pipeline is the one whose tokens (and "
                   "morphology and parse, if it has them) the rules read (default: best installed German one, "
                   "else the built-in offline recognizer). Repeatable.")
@click.option("--no-rules", "no_rules", is_flag=True, help="Only the trained models' suggestions, not the rules'.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Probability a trained model's span needs to be suggested (default: the model's, 0.5).")
@db_option
@click.pass_context
@reported
def suggest_command(ctx: click.Context, story: str | None, links: bool, models: tuple[str, ...], no_rules: bool,
                    threshold: float | None, db_path: str | None) -> None:
    """Suggest quotes, claims, opinions and comments for STORY (default: the only story).

    German rules (quotation marks next to speech verbs, Konjunktiv I, "laut X",
    figures and dates, evaluative words, the comment section; see ingest/cues.py)
    add annotations with status `suggested` under the annotator
    suggest:<rules>. A model made by `parallax train` and given with --model
    adds its spans as well (or alone, with --no-rules) under suggest:<model
    name>. Running it again adds nothing that is there already; after an
    upgrade, the new rules skip what an older version of them suggested (its
    pending suggestions stay, what a reviewer rejected does not come back).

    With --links: for the accepted quotes and claims, their counterparts in
    the other articles (shared entities, figures, dates and words), stored as
    suggested links under suggest:links-1 (`contradicts` where a figure of the
    same quantity differs); review them like suggested annotations.

    \b
    Examples:
      parallax suggest "Hafen"                                   the rules
      parallax suggest "Hafen" --model de_core_news_lg           the rules, reading that pipeline's parse
      parallax suggest "Hafen" --model models/quotes             the rules and a trained model
      parallax suggest "Hafen" --model models/quotes --no-rules  the model alone
      parallax suggest --links "Hafen"                           links between the outlets' accepted items
    """
    from parallax.ingest.nlp import PipelineError
    from parallax.ingest.suggest import load_suggest_pipeline, suggest_story
    from parallax.store.articles import story_id_for_name

    from .train_commands import split_models, suggest_with_models

    span_models, model = split_models(models, no_rules=no_rules)
    db = open_store(ctx, db_path, write=True)
    if links:
        from .compare_commands import suggest_links

        suggest_links(db, story)
        return
    story = the_story(db, story)
    if no_rules:
        suggest_with_models(db, story, span_models, threshold)
        return
    story_id = story_id_for_name(db, story)
    try:
        pipeline = load_suggest_pipeline(model, progress=lambda message: click.echo(message, err=True))
    except PipelineError as err:
        raise UserError(str(err)) from None
    count = db.execute("SELECT count(*) FROM articles WHERE story_id = ?", [story_id]).fetchone()[0]
    if sys.stderr.isatty() and count > 1:
        with click.progressbar(length=count, label="Suggesting", file=sys.stderr, show_pos=True) as bar:
            summary = suggest_story(db, story, pipeline, progress=lambda _article: bar.update(1))
    else:
        summary = suggest_story(db, story, pipeline)
    forms = ", ".join(f"{form} {n}" for form, n in sorted(summary.forms.items()))
    for label in ("quote", "claim", "opinion", "comment"):
        line = f"{label}: {summary.labels.get(label, 0)}"
        if label == "quote" and forms:
            line += f" ({forms})"
        click.echo(line)
    click.echo(f"{summary.added} added, {summary.present} already there "
               f"(story {story!r}, {summary.articles} article{'s' * (summary.articles != 1)}, "
               f"annotator {summary.annotator})")
    click.echo(f"tokens by: {summary.pipeline}")
    suggest_with_models(db, story, span_models, threshold)


@click.command("agreement", short_help="Agreement between annotators: kappa, alpha, span F1.")
@click.argument("story", required=False)
@click.option("--annotators", help="Comma-separated names, e.g. anna,ben; the first is the reference for span "
                                   "scores (default: everyone with annotations, by name).")
@click.option("--label", help="Only this label's figures and disagreements.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["accepted", "suggested", "rejected"]),
              help="Count annotations with this status (repeatable; default: accepted).")
@click.option("--disagreements", "shown", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many disagreements to list.")
@click.option("--json", "as_json", is_flag=True, help="Print everything as one JSON object.")
@db_option
@click.pass_context
@reported
def agreement_command(ctx: click.Context, story: str | None, annotators: str | None, label: str | None,
                      statuses: tuple[str, ...], shown: int, as_json: bool, db_path: str | None) -> None:
    """How far annotators agree on STORY (default: every story).

    Over sentences (a sentence's value is the label of the annotation that
    covers most of it, or none): Cohen's kappa (two annotators) and
    Krippendorff's alpha (nominal, two or more), per label and overall. Over
    spans: precision, recall and F1 of each annotator against the first,
    exact and overlapping matches. The README gives the method step by step.
    """
    from parallax.analysis.agreement import DEFAULT_STATUSES, agreement
    from parallax.store.export import dumps

    names = [name.strip() for name in annotators.split(",") if name.strip()] if annotators else None
    result = agreement(open_store(ctx, db_path), story, annotators=names, label=label,
                       statuses=statuses or DEFAULT_STATUSES, max_disagreements=shown)
    if as_json:
        click.echo(dumps(result.to_dict()))
        return
    for line in agreement_lines(result):
        click.echo(line)


def agreement_lines(result) -> list[str]:
    """The agreement report as a plain-text table."""
    total, names = result.total, result.annotators
    where = f"story {result.story!r}" if result.story is not None else "all stories"
    lines = [f"Agreement on {where}: {', '.join(names)} ({'/'.join(result.statuses)} annotations), "
             f"{counted(len(result.articles), 'article')}, {counted(total.sentences, 'sentence')}", ""]
    rows = [("overall", total.overall)] + list(total.labels.items())
    lines += _table(["sentences", "units", "kappa", "alpha"],
                    [[name, a.units, _num(a.kappa), _num(a.alpha)] for name, a in rows])
    for pair in total.spans:
        spans = [("overall", pair.overall)] + list(pair.labels.items())
        lines += [""] + _table(
            [f"spans: {pair.other} vs {pair.reference}", "exact P", "R", "F1", "overlap P", "R", "F1",
             pair.reference, pair.other],
            [[name, *_prf(s.exact), *_prf(s.overlap), s.exact.reference, s.exact.other] for name, s in spans])
    first = f"F1 {names[1]}" if len(names) > 1 else "F1"
    lines += [""] + _table(
        ["per article", "sentences", "units", "kappa", "alpha", f"exact {first}", f"overlap {first}", "disagree"],
        [[_clip(f"{a.outlet or '?'}: {a.title or '(untitled)'}", 40), a.sentences, a.overall.units,
          _num(a.overall.kappa), _num(a.overall.alpha), _num(a.spans[0].overall.exact.f1),
          _num(a.spans[0].overall.overlap.f1), a.disagreements] for a in result.articles])
    lines += ["", counted(total.disagreements, "disagreement")
                  + (f"; the first {len(result.disagreements)}:" if result.disagreements else "")]
    for d in result.disagreements:
        values = " · ".join(f"{name}: {value}" for name, value in d.values.items())
        lines.append(f"  {_clip(d.outlet or '?', 30)} {d.start}–{d.end} {_clip(d.text, 60)!r}  {values}")
    return lines


def _table(header: list[str], rows: list[list]) -> list[str]:
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()
            for row in cells]


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _prf(prf) -> list[str]:
    return [_num(prf.precision), _num(prf.recall), _num(prf.f1)]


def _clip(text: str, width: int) -> str:
    """One line of printable characters: article text never drives the terminal."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@click.command("merge", short_help="Merge databases made on other machines.")
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--into", "into", type=click.Path(dir_okay=False),
              help="Database to merge into (default: --db, else ./annotations.db or $PARALLAX_DB).")
@click.option("--json", "as_json", is_flag=True, help="Print the summaries as one JSON object.")
@db_option
@click.pass_context
@reported
def merge_command(ctx: click.Context, sources: tuple[str, ...], into: str | None, as_json: bool,
                  db_path: str | None) -> None:
    """Merge databases made on other machines (SOURCES) into this one.

    Articles are matched by their text's hash, annotations, links and journal
    entries by their ids; each source is merged in one transaction, and
    merging it again changes nothing. When both sides changed one
    annotation, the newer edit is kept and the conflict is listed.
    """
    from parallax.store.db import db_path as path_of
    from parallax.store.export import dumps
    from parallax.store.merge import merge

    db = open_store(ctx, into or db_path, write=True)
    target = path_of(db)
    summaries = []
    for source in sources:
        summary = merge(db, source)
        summaries.append(summary.to_dict())
        if not as_json:
            for line in merge_lines(summary, target):
                click.echo(line)
    if as_json:
        click.echo(dumps({"into": target, "sources": summaries}))


def merge_lines(summary, target: str) -> list[str]:
    lines = [str(summary)]
    for c in summary.conflicts:
        winner = summary.source if c.kept == "there" else target
        lines.append(f"  conflict {c.id}: here {c.here_label} ({c.here_updated_at}), {summary.source} "
                     f"{c.there_label} ({c.there_updated_at}); kept {winner}")
    return lines
