"""The `parallax` command line."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from sqlite_utils import Database

DB_HELP = "SQLite file to use (default ./annotations.db, or $PARALLAX_DB)."


class UserError(click.ClickException):
    """One clear line on stderr, exit code 1, no traceback."""

    def show(self, file: Any = None) -> None:
        click.echo(f"parallax: {self.format_message()}", err=True)


def reported(command: Callable) -> Callable:
    """Turn the errors a user can act on into one line and a non-zero exit."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from store.errors import StoreError

        try:
            return command(*args, **kwargs)
        except StoreError as err:
            raise UserError(str(err)) from None
        except KeyboardInterrupt:
            click.echo("parallax: interrupted; whole files stay stored, the one in progress was not", err=True)
            sys.exit(130)

    return wrapper


def db_option(command: Callable) -> Callable:
    return click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None, help=DB_HELP)(command)


def open_store(ctx: click.Context, db_path: str | None, *, write: bool = False) -> Database:
    from store.db import default_path, open_db, require_writable

    db = open_db(db_path or ctx.find_root().params.get("db_path") or default_path())
    if write:
        require_writable(db)
    return db


def config_help() -> str:
    from tui.config import config_path

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


@cli.command("import", short_help="Import articles (.txt, .html, .jsonl, folders, globs).")
@click.argument("paths", nargs=-1, required=True)
@click.option("--story", help="Story to add the articles to (default: the folder's name).")
@click.option("--outlet", help="Outlet name for every article (default: detected from the page).")
@click.option("--model", help="spaCy pipeline name or path (default: best installed German one, else the built-in offline recognizer).")
@click.option("--encoding", help="Text encoding of .txt files when not UTF-8, e.g. latin-1 or cp1252.")
@db_option
@click.pass_context
@reported
def import_command(ctx: click.Context, paths: tuple[str, ...], story: str | None, outlet: str | None,
                   model: str | None, encoding: str | None, db_path: str | None) -> None:
    """Import articles (.txt, .html, .jsonl; folders and globs too) into a story.

    Each file is imported in one transaction: after an error or a crash it is
    stored whole or not at all. Importing a file again changes nothing.
    """
    from ingest.readers import ReadError, expand_paths

    try:
        files = expand_paths(paths)
    except ReadError as err:
        raise UserError(str(err)) from None
    db = open_store(ctx, db_path, write=True)
    story = story or default_story(paths, files)
    failures = run_import(db, files, story, model=model, outlet=outlet, encoding=encoding)
    if failures:
        sys.exit(1)


def default_story(args: tuple[str, ...], files: list[Path]) -> str:
    first = Path(args[0])
    folder = first if first.is_dir() else files[0].parent
    return folder.resolve().name or "imported"


def run_import(db: Database, files: list[Path], story: str, *, model: str | None = None,
               outlet: str | None = None, encoding: str | None = None,
               outlets: dict[Path, str] | None = None) -> int:
    """Import `files`, showing progress on a terminal; returns the number of failed files."""
    from ingest.importer import import_files
    from ingest.nlp import PipelineError, load_pipeline

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
                                       outlet=(outlets or {}).get(path, outlet)):
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


@cli.command("stories", short_help="List stories with article and annotation counts.")
@db_option
@click.pass_context
@reported
def stories_command(ctx: click.Context, db_path: str | None) -> None:
    """List the stories with their articles and annotation counts."""
    from store.queries import stories

    rows = stories(open_store(ctx, db_path))
    if not rows:
        click.echo("No stories yet: `parallax import FILES --story NAME` or `parallax demo`.")
        return
    for row in rows:
        labels = ", ".join(f"{label} {count}" for label, count in row.annotations.items()) or "no annotations"
        click.echo(f"{row.name}\t{row.articles} articles\t{labels}\tlast change {row.last_change}")


@cli.command("stats", short_help="Counts per article: zones, entities, annotations.")
@click.argument("story", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as one JSON object.")
@db_option
@click.pass_context
@reported
def stats_command(ctx: click.Context, story: str | None, as_json: bool, db_path: str | None) -> None:
    """Counts for one story (or all): articles, zones, entities and who recognised them, annotations."""
    from dataclasses import asdict

    from store.export import dumps
    from store.queries import stats

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


@cli.command("export", short_help="Write annotations (or articles) as JSON Lines.")
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
    from store.articles import story_id_for_name
    from store.export import Filters, annotation_lines, article_lines

    db = open_store(ctx, db_path)
    for name in stories:
        story_id_for_name(db, name)
    filters = Filters(stories, labels, annotators, statuses)
    lines = article_lines(db, filters) if per_article else annotation_lines(db, filters)
    written = write_lines(lines, out)
    if out != "-":
        click.echo(f"{written} line{'s' * (written != 1)} written to {out}", err=True)


def write_lines(lines, out: str) -> int:
    count = 0
    with click.open_file(out, "w", encoding="utf-8", atomic=out != "-") as handle:
        for line in lines:
            handle.write(line)
            handle.write("\n")
            count += 1
    return count


@cli.command("import-annotations", short_help="Read an export back, idempotently.")
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
    from store.jsonl_import import import_jsonl

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


@cli.command("demo", short_help="Import the sample story and open it.")
@click.option("--no-open", is_flag=True, help="Only import the sample story.")
@db_option
@click.pass_context
@reported
def demo_command(ctx: click.Context, no_open: bool, db_path: str | None) -> None:
    """Import the sample story (four outlets on one fictional event) and open it."""
    from ingest.sample import sample_folder, sample_story

    db = open_store(ctx, db_path, write=True)
    with sample_folder() as folder:
        story, articles = sample_story(folder)
        failed = run_import(db, [a.path for a in articles], story, outlets={a.path: a.outlet for a in articles})
    if failed:
        sys.exit(1)
    if no_open or not sys.stdout.isatty():
        click.echo("Open it with: parallax" + (f" --db {db_path}" if db_path else ""))
        return
    ctx.invoke(open_command, story=story, db_path=db_path)


@cli.command("open", short_help="Open the reader (story list or STORY).")
@click.argument("story", required=False)
@click.option("--annotator", help="Name your annotations are stored under (default: config file, else your login).")
@db_option
@click.pass_context
@reported
def open_command(ctx: click.Context, story: str | None = None, annotator: str | None = None,
                 db_path: str | None = None) -> None:
    """Open the reader (the story list, or STORY directly)."""
    from store.articles import story_id_for_name

    db = open_store(ctx, db_path)
    if story is not None:
        story_id_for_name(db, story)
    db.close()
    run_app(ctx, db_path, story, annotator)


def the_story(db: Database, story: str | None) -> str:
    """STORY as given (checked), else the only story there is."""
    from store.articles import story_id_for_name
    from store.queries import stories

    if story is not None:
        story_id_for_name(db, story)
        return story
    names = [row.name for row in stories(db)]
    if not names:
        raise UserError("no stories yet: `parallax import FILES --story NAME` or `parallax demo`")
    if len(names) > 1:
        raise UserError("several stories; name one: " + ", ".join(repr(n) for n in names))
    return names[0]


def run_app(ctx: click.Context, db_path: str | None, story: str | None, annotator: str | None, **options: Any) -> None:
    from store.db import default_path
    from tui.app import ParallaxApp
    from tui.config import ConfigError, load_config

    try:
        config = load_config(annotator=annotator)
    except ConfigError as err:
        raise UserError(str(err)) from None
    gold = options.pop("gold", None)
    if gold:
        config = replace(config, gold=gold)
    ParallaxApp(db_path or ctx.find_root().params.get("db_path") or default_path(), story=story, config=config,
                **options).run()


@cli.command("review", short_help="Review suggestions or another annotator's labels.")
@click.argument("story", required=False)
@click.option("--label", "labels", multiple=True, help="Only this label (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["accepted", "suggested", "rejected"]),
              help="Only this status (repeatable; default: suggested, unless --by is given).")
@click.option("--by", "by", multiple=True, help="Only this annotator's annotations (repeatable).")
@click.option("--article", "articles", multiple=True, type=click.IntRange(min=1),
              help="Only the article in this column, 1 = first (repeatable).")
@click.option("--annotator", help="Review as this name (default: config file, else your login).")
@db_option
@click.pass_context
@reported
def review_command(ctx: click.Context, story: str | None, labels: tuple[str, ...], statuses: tuple[str, ...],
                   by: tuple[str, ...], articles: tuple[int, ...], annotator: str | None, db_path: str | None) -> None:
    """Walk STORY's suggestions (or, with --by, someone's labels) one by one.

    \b
    Keys: a accept · x reject · a label key (q c o m) accept with that label
    < > move the start a word, [ ] the end · space skip · backspace back
    . next open item · f filter · u undo · Esc back to the reader.

    Accepting makes the annotation yours, linked to the original, which stays
    as it was; rejecting records your no. Nothing is deleted. Example:

    \b
      parallax suggest && parallax review --label quote
    """
    from store.queries import story_articles
    from store.review import Filters
    from tui.review_screen import ReviewRequest

    db = open_store(ctx, db_path)
    story = the_story(db, story)
    ids = [article.id for article in story_articles(db, story)]
    missing = [n for n in articles if n > len(ids)]
    db.close()
    if missing:
        raise UserError(f"--article {missing[0]}: the story has {len(ids)} articles")
    filters = Filters(labels=labels, statuses=statuses or (() if by else ("suggested",)), annotators=by,
                      article_ids=tuple(ids[n - 1] for n in articles))
    run_app(ctx, db_path, story, annotator, review=ReviewRequest(filters))


@cli.command("adjudicate", short_help="Walk the disagreements and decide the gold version.")
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
    from store.agreement import annotators_in
    from store.review import Filters
    from tui.config import load_config
    from tui.review_screen import ReviewRequest

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


def main() -> None:
    cli(prog_name="parallax")


@cli.command("agreement", short_help="Agreement between annotators: kappa, alpha, span F1.")
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
    from store.agreement import DEFAULT_STATUSES, agreement
    from store.export import dumps

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
             f"{_count(len(result.articles), 'article')}, {_count(total.sentences, 'sentence')}", ""]
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
    lines += ["", _count(total.disagreements, "disagreement")
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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _prf(prf) -> list[str]:
    return [_num(prf.precision), _num(prf.recall), _num(prf.f1)]


def _clip(text: str, width: int) -> str:
    """One line of printable characters: article text never drives the terminal."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@cli.command("merge", short_help="Merge databases made on other machines.")
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
    from store.db import db_path as path_of
    from store.export import dumps
    from store.merge import merge

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


@cli.command("suggest", short_help="Suggest quotes, claims, opinions and comments.")
@click.argument("story", required=False)
@click.option("--model", help="spaCy pipeline name or path whose tokens (and morphology and parse, "
                              "if it has them) the rules read (default: best installed German one, "
                              "else the built-in offline recognizer).")
@db_option
@click.pass_context
@reported
def suggest_command(ctx: click.Context, story: str | None, model: str | None, db_path: str | None) -> None:
    """Suggest quotes, claims, opinions and comments for STORY (default: the only story).

    German rules (quotation marks next to speech verbs, Konjunktiv I, "laut X",
    figures and dates, evaluative words, the comment section; see ingest/cues.py)
    add annotations with status `suggested` under the annotator
    suggest:<rules>. Running it again adds nothing that is there already.
    """
    from ingest.nlp import PipelineError
    from ingest.suggest import load_suggest_pipeline, suggest_story
    from store.articles import story_id_for_name

    db = open_store(ctx, db_path, write=True)
    story = the_story(db, story)
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
