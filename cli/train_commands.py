"""`parallax train`: a span categorizer learned from the team's accepted annotations."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .common import UserError, counted, db_option, open_store, reported


@click.command("train", short_help="Train a span categorizer on accepted annotations.")
@click.option("--label", "labels", multiple=True, help="Learn this label (repeatable; default: every label).")
@click.option("--annotator", "annotators", multiple=True,
              help="Learn from this annotator's accepted annotations (repeatable; default: everyone's).")
@click.option("--story", "stories", multiple=True, help="Learn from this story (repeatable; default: every story).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("spancat-model"),
              show_default=True, help="Folder to write the model to (replaced if it holds an earlier one).")
@click.option("--name", help="The model's name; its suggestions are stored as suggest:NAME "
                             "(default: the --out folder's name).")
@click.option("--epochs", type=click.IntRange(min=1), default=10, show_default=True,
              help="Passes over the training articles.")
@click.option("--held-out", "held_out", type=click.FloatRange(0, 0.9), default=0.2, show_default=True,
              help="Share of the articles kept aside to score the model (0: none).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the held-out draw and of training.")
@click.option("--tokenizer", help="spaCy pipeline whose tokenizer the model uses (default: the one "
                                  "`parallax suggest` reads: best installed German one, else the built-in).")
@db_option
@click.pass_context
@reported
def train_command(ctx: click.Context, labels: tuple[str, ...], annotators: tuple[str, ...],
                  stories: tuple[str, ...], out: Path, name: str | None, epochs: int, held_out: float, seed: int,
                  tokenizer: str | None, db_path: str | None) -> None:
    """Train a span categorizer (spaCy spancat) on the accepted annotations.

    It learns from every article in which the chosen annotators accepted at
    least one annotation: their spans of the chosen labels are what to find,
    everything else in those articles is what not to find. A share of the
    articles (--held-out, drawn with --seed) is kept aside, and the model's
    precision, recall and F1 on it are printed per label at the end (exact
    span and label). The output folder is a spaCy pipeline;
    `parallax suggest --model FOLDER` stores its predictions as suggestions.
    Runs on the CPU with one thread unless OMP_NUM_THREADS says otherwise.

    \b
    Example:
      parallax train --label quote --annotator anna --annotator ben --out models/quotes
      parallax suggest "Hafen" --model models/quotes
      parallax review "Hafen" --by suggest:quotes
    """
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    from parallax.ingest import spancat_data
    from parallax.ingest.nlp import PipelineError, load_pipeline
    from parallax.ingest.spancat_train import TrainError, train
    from parallax.store.accepted import labelled_articles

    db = open_store(ctx, db_path)
    items = labelled_articles(db, stories, labels, annotators)
    if not any(item.spans for item in items):
        raise UserError("no accepted annotations" + _filters(labels, annotators, stories)
                        + "; accept some in the reader or in `parallax review` first")
    try:
        tokens = load_pipeline(tokenizer, progress=lambda message: click.echo(message, err=True))
    except PipelineError as err:
        raise UserError(str(err)) from None
    data = spancat_data.build(items, tokens.nlp, held_out=held_out, seed=seed)
    missing = [label for label in labels if not data.labels.get(label)]
    if missing:
        click.echo(f"parallax: no accepted {', '.join(repr(m) for m in missing)} annotations: not learned", err=True)
    click.echo(f"Learning {_counts(data.labels)} from {counted(data.train_articles + data.held_out_articles, 'article')} "
               f"of {len(data.stories)} stor{'y' if len(data.stories) == 1 else 'ies'} "
               f"(annotators: {', '.join(data.annotators)}); tokens by {tokens.name}")
    if data.held_out_articles:
        click.echo(f"held out to score it: {counted(data.held_out_articles, 'article')} "
                   f"({_counts(data.held_out_labels) or 'no spans'})")
    else:
        click.echo(f"too few articles ({data.train_articles}) for a held-out part: training on all of them, "
                   "so there are no scores", err=True)
    if data.snapped or data.left_out:
        click.echo(f"{data.snapped} training spans are no sentence, clause or quotation: taught as the nearest one; "
                   f"{data.left_out} left out (none is near)", err=True)
    if data.outside:
        click.echo(f"{counted(data.outside, 'annotation')} outside the text the model reads (captions, bylines, "
                   "boilerplate…) left out", err=True)
    try:
        result = train(data, out, tokens.nlp, tokens_name=tokens.name, name=name, epochs=epochs, seed=seed,
                       log=sys.stderr if sys.stderr.isatty() else None)
    except TrainError as err:
        raise UserError(str(err)) from None
    if result.overall:
        click.echo("")
        for line in score_lines(result):
            click.echo(line)
    click.echo("")
    click.echo(f"saved {out}: `parallax suggest --model {out}` stores its spans as {'suggest:' + result.name}")


def score_lines(result) -> list[str]:
    """Held-out precision, recall and F1 per label, as a table."""
    rows = [[label, str(s.gold), *(f"{v:.3f}" for v in (s.p, s.r, s.f))] for label, s in result.scores.items()]
    o = result.overall
    rows.append(["all", str(o.gold), f"{o.p:.3f}", f"{o.r:.3f}", f"{o.f:.3f}"])
    header = ["held out (exact span)", "spans", "P", "R", "F1"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
            for row in [header, *rows]]


def _counts(counter) -> str:
    return ", ".join(f"{label} {n}" for label, n in sorted(counter.items()))


def _filters(labels, annotators, stories) -> str:
    parts = []
    if labels:
        parts.append("labelled " + " or ".join(repr(x) for x in labels))
    if annotators:
        parts.append("by " + " or ".join(repr(x) for x in annotators))
    if stories:
        parts.append("in " + " or ".join(repr(x) for x in stories))
    return (" " + " ".join(parts)) if parts else ""


def split_models(models: tuple[str, ...], *, no_rules: bool) -> tuple[list[Path], str | None]:
    """`suggest --model` values: (folders with a span categorizer, the one
    pipeline the rules read or None)."""
    from parallax.ingest.suggest_model import spancat_component

    span_models = [Path(m) for m in models if spancat_component(Path(m))]
    token_models = [m for m in models if not spancat_component(Path(m))]
    if len(token_models) > 1:
        raise UserError(f"the rules read one pipeline, not {len(token_models)}: {', '.join(token_models)}")
    if no_rules and not span_models:
        raise UserError("--no-rules needs a model made by `parallax train`: --model FOLDER")
    return span_models, (token_models[0] if token_models else None)


def suggest_with_models(db, story: str, paths: list[Path], threshold: float | None) -> None:
    """`parallax suggest` for each trained model: predict, store, report."""
    from parallax.ingest.suggest_model import ModelError, load_span_model, suggest_story_with_model
    from parallax.store.articles import story_id_for_name

    count = db.execute("SELECT count(*) FROM articles WHERE story_id = ?", [story_id_for_name(db, story)]).fetchone()[0]
    for path in paths:
        try:
            model = load_span_model(path, threshold=threshold)
        except ModelError as err:
            raise UserError(str(err)) from None
        if sys.stderr.isatty() and count > 1:
            with click.progressbar(length=count, label=f"Model {model.name[:20]}", file=sys.stderr,
                                   show_pos=True) as bar:
                summary = suggest_story_with_model(db, story, model, progress=lambda _article: bar.update(1))
        else:
            summary = suggest_story_with_model(db, story, model)
        found = ", ".join(f"{label}: {n}" for label, n in sorted(summary.labels.items())) or "nothing found"
        click.echo(f"model {model.name[:40]}: {found}")
        click.echo(f"{summary.added} added, {summary.present} already there (story {story!r}, "
                   f"{counted(summary.articles, 'article')}, annotator {summary.annotator})")
