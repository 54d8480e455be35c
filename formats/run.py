"""One export or import in one of the formats: where the output goes, and
that nothing is written when --strict finds a loss."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from sqlite_utils import Database

from parallax.store.errors import StoreError
from parallax.store.export import Filters

from .loss import LossReport, StrictExportError
from .registry import FORMATS
from .source import articles
from .store_in import Summary, import_articles


def export(db: Database, name: str, filters: Filters, out: str, *, align: str = "strict",
           strict: bool = False) -> tuple[int, LossReport]:
    """Write the selected annotations as format `name` to `out` ("-" is
    standard output for the formats that are one stream). The output appears
    whole or not at all: it is written beside its target and moved there. A
    FIFO or a device (or a link to one) is written into instead, once the
    export is complete: moving a file over it would break its reader's pipe
    or, run as root, turn a device into a file."""
    fmt = FORMATS[name]
    report = LossReport(name)
    if out == "-" and fmt.layout != "stream":
        raise StoreError(f"--format {name} writes {_what(fmt.layout)}: give it with --out")
    target = None if out == "-" else Path(out)
    into = target is not None and _special(target)
    if into and fmt.layout == "folder":
        raise StoreError(f"{target}: is a FIFO or a device; --format {name} writes a folder")
    if not into and target is not None and target.exists() and (target.is_dir() or fmt.layout == "folder"):
        if not target.is_dir() or any(target.iterdir()):
            raise StoreError(f"{target}: already exists; name a new folder")
    scratch = Path(tempfile.mkdtemp(prefix=".parallax-export-",
                                    dir=target.parent if target is not None and not into else None))
    try:
        written = scratch / (target.name if target else "out")
        items = articles(db, filters, report)
        if fmt.layout == "stream":
            with open(written, "w", encoding="utf-8", newline="") as handle:
                count = fmt.write(items, handle, report, align)
        else:
            count = fmt.write(items, written, report, align)
        if strict:
            report.check_strict()
        if target is None:
            with open(written, encoding="utf-8", newline="") as handle:
                shutil.copyfileobj(handle, sys.stdout)
        elif into:
            if written.is_dir():
                raise StoreError(f"{target}: is a FIFO or a device; --format {name} writes a folder here "
                                 "(give a name ending in .zip)")
            with open(written, "rb") as source, open(target, "wb") as sink:
                shutil.copyfileobj(source, sink)
        else:
            if target.is_dir():
                target.rmdir()  # empty, checked above
            os.replace(written, target)
    except StrictExportError as err:
        raise StoreError(str(err)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return count, report


def _special(path: Path) -> bool:
    """Whether `path` (followed, if a link) exists and is neither a regular file nor a folder."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _what(layout: str) -> str:
    return {"file": "a file", "folder": "a folder", "zip": "a .zip file or a folder"}[layout]


def import_file(db: Database, name: str, path: str, default_annotator: str) -> Summary:
    fmt = FORMATS[name]
    source = Path(path)
    if not source.exists():
        raise StoreError(f"{path}: no such file or folder")
    try:
        if name == "prodigy":
            with open(source, encoding="utf-8-sig") as handle:
                return import_articles(db, fmt.read((handle, path)), default_annotator)
        return import_articles(db, fmt.read(source), default_annotator)
    except (OSError, ValueError, KeyError) as err:
        raise StoreError(f"{path}: {err}") from None
