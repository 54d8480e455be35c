"""From files to the store: read, clean, recognise, store — one file per transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from parallax.store.articles import add_articles, find_article, text_sha256

from .clean import clean
from .nlp import Pipeline, annotate
from .readers import ReadError, read_path


@dataclass(frozen=True)
class FileResult:
    path: Path
    added: int = 0
    present: int = 0
    present_in: tuple[str, ...] = ()
    error: str | None = None
    notes: tuple[str, ...] = ()
    """What was changed on the way in (`--replace-invalid`), for the report."""


def import_files(
    db: Database,
    paths: list[Path],
    story: str,
    pipeline: Callable[[], Pipeline],
    *,
    outlet: str | None = None,
    encoding: str | None = None,
    replace_invalid: bool = False,
) -> Iterator[FileResult]:
    """Import each file atomically. A file that cannot be read is reported and
    skipped; store errors (locked, read-only) propagate and stop the run.
    `pipeline` is called only when some article is new, so re-importing
    known files never pays for loading spaCy."""
    for path in paths:
        try:
            documents = read_path(path, encoding=encoding, replace_invalid=replace_invalid)
        except ReadError as err:
            yield FileResult(path, error=str(err))
            continue
        records = [clean(document) for document in documents]
        if outlet:
            for record in records:
                record.outlet = outlet
        known = [find_article(db, text_sha256(r.text)) for r in records]
        fresh = [r for r, k in zip(records, known) if k is None]
        stored = add_articles(db, story, list(annotate(pipeline(), fresh)), source=str(path)) if fresh else []
        present = [k for k in known if k is not None]
        yield FileResult(
            path,
            added=sum(s.created for s in stored),
            present=len(present) + sum(not s.created for s in stored),
            present_in=tuple(sorted({k.story for k in present})),
            notes=tuple(f"{path}: {d.replaced}" for d in documents if d.replaced),
        )
