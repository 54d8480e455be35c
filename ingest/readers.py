"""Read article files (plain text, HTML, JSONL) into `RawDocument`s.

Article files are hostile input: every failure is a `ReadError` that names the
file (and line) in one line, and nothing in a file is ever evaluated. HTML is
read offline with trafilatura (`ingest.html_reader`); no reader touches the network.
"""

from __future__ import annotations

import codecs
import glob
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from parallax.store.line_checks import LineProblem, decode, invalid_character
from parallax.store.line_schema import FeedLine

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

BINARY_SAMPLE_BYTES = 8192
BINARY_CONTROL_SHARE = 0.05
"""Share of control characters in the first 8 KB above which a file is binary.
Tab, newlines, form feed and ESC (ANSI sequences in pasted articles) don't count."""
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_JSONL_FIELDS = ("title", "url", "outlet", "published", "author")
REPLACEMENT = "\ufffd"
_GLOB_MAGIC = re.compile(r"[*?[]")
_UTF8_BOM = codecs.BOM_UTF8


@dataclass(slots=True)
class RawDocument:
    text: str
    source: str
    """The path as given."""
    line: int | None = None
    """1-based line number for JSONL records."""
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    comments: str | None = None
    """Reader comments from an HTML page, kept apart from the article text."""
    marked: dict[str, str] = field(default_factory=dict)
    """Paragraphs whose kind the page's markup says (a <figcaption> is a caption,
    an element classed byline a byline), by their whitespace-squeezed text."""
    replaced: str | None = None
    """What `--replace-invalid` replaced, for the report (None: nothing)."""


class ReadError(Exception):
    """A file that cannot be read; `str()` is one line: ``path:line: message``."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        super().__init__(source, message, line)
        self.source = source
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


def expand_paths(args: Iterable[str]) -> list[Path]:
    """Files named by `args`: files, directories (recursive) and glob patterns,
    each file once, in the order given (directories and globs sorted)."""
    found: dict[Path, None] = {}
    for arg in args:
        for path in _expand_one(arg):
            found.setdefault(path, None)
    return list(found)


def _expand_one(arg: str) -> list[Path]:
    path = Path(arg)
    if path.is_dir():
        return _directory_files(path, arg)
    if path.is_file():
        _check_suffix(path, arg)
        return [path]
    if not _GLOB_MAGIC.search(arg):
        raise ReadError(arg, "no such file or directory")
    matches = sorted(glob.glob(arg, recursive=True))
    if not matches:
        raise ReadError(arg, "no file matches this pattern")
    files: list[Path] = []
    for match in map(Path, matches):
        if match.is_dir():
            files.extend(_supported_under(match))
        elif match.suffix.lower() in SUPPORTED_SUFFIXES:
            files.append(match)
    if not files:
        raise ReadError(arg, f"no supported file matches this pattern ({_supported()})")
    return files


def _directory_files(path: Path, arg: str) -> list[Path]:
    files = _supported_under(path)
    if not files:
        raise ReadError(arg, f"no supported files in this directory ({_supported()})")
    return files


def _supported_under(directory: Path) -> list[Path]:
    # Hidden files and folders (.git, editor backups) are never articles.
    return sorted(
        p
        for p in directory.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def _check_suffix(path: Path, source: str) -> None:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        suffix = path.suffix or "(none)"
        raise ReadError(source, f"unsupported file type {suffix!r} ({_supported()})")


def _supported() -> str:
    return "supported: " + " ".join(sorted(SUPPORTED_SUFFIXES))


def read_path(path: Path, encoding: str | None = None, replace_invalid: bool = False) -> list[RawDocument]:
    """Every article in the file at `path`; a file is read whole or not at all.
    Characters the store cannot hold (NUL) are refused with their position,
    or in a text file replaced by U+FFFD when `replace_invalid` says so."""
    source = str(path)
    _check_suffix(path, source)
    if encoding is not None:
        _check_encoding(encoding, source)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ReadError(source, "is a directory") from None
    except OSError as err:
        raise ReadError(source, f"cannot read: {err.strerror or err}") from None
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        # imported here: trafilatura takes a while to import, and most imports are text
        from parallax.ingest.html_reader import read_html

        document = read_html(data, source, encoding)
        _storable(document.text, source, False)
        return [document]
    text = decode_text(data, source, encoding, replace_invalid and suffix in TEXT_SUFFIXES)
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl(text, source)
    text, replaced = _storable(text, source, replace_invalid)
    return [RawDocument(text=text, source=source, replaced=replaced)]


def _storable(text: str, source: str, replace: bool) -> tuple[str, str | None]:
    bad = invalid_character(text)
    if bad is None:
        return text, None
    position, what = bad
    if not replace:
        line = text.count("\n", 0, position) + 1
        raise ReadError(source, f"{what} at character {position} (--replace-invalid replaces it with U+FFFD)", line)
    count = sum(1 for char in text if invalid_character(char))
    text = "".join(REPLACEMENT if invalid_character(char) else char for char in text)
    plural = "s" if count != 1 else ""
    return text, f"replaced {count} {what.split()[0]} character{plural} with U+FFFD (the first at character {position})"


def _check_encoding(encoding: str, source: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ReadError(source, f"unknown encoding {encoding!r}") from None


def decode_text(data: bytes, source: str, encoding: str | None, allow_nul: bool = False) -> str:
    """Bytes → text with line endings normalised; rejects empty and binary files."""
    if not data.strip():
        raise ReadError(source, "empty file")
    if encoding is None:
        # Checked on the bytes, before decoding, so that binary junk is reported as
        # binary rather than as a UTF-8 error somewhere inside it.
        reject_binary(data[:BINARY_SAMPLE_BYTES].decode("latin-1"), source, allow_nul)
        bom = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
        text = _decode_as(data, bom, "utf-8", source, "try --encoding latin-1")
    else:
        text = _decode_as(data, 0, encoding, source, "try another --encoding")
        text = text.removeprefix("\ufeff")
        reject_binary(text[:BINARY_SAMPLE_BYTES], source, allow_nul)
    if not text.strip():
        raise ReadError(source, "empty file (only whitespace)")
    return normalise_newlines(text)


def _decode_as(data: bytes, skip: int, encoding: str, source: str, hint: str) -> str:
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as err:
        offset = skip + err.start
        line = data.count(b"\n", 0, offset) + 1
        raise ReadError(source, f"not valid {encoding} at byte {offset} ({hint})", line) from None
    except LookupError:  # bytes-to-bytes codecs such as "base64" or "hex"
        raise ReadError(source, f"{encoding!r} is not a text encoding") from None


def reject_binary(sample: str, source: str, allow_nul: bool = False) -> None:
    if "\x00" in sample and not allow_nul:
        raise ReadError(source, "binary file (contains NUL bytes)")
    controls = sum(1 for char in sample if char < " " and char not in _TEXT_CONTROLS)
    if controls > BINARY_CONTROL_SHARE * len(sample):
        raise ReadError(source, f"binary file ({controls} control bytes in the first {len(sample)})")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_jsonl(text: str, source: str) -> list[RawDocument]:
    documents = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = decode(line, FeedLine)
        except LineProblem as problem:
            raise ReadError(source, str(problem), number) from None
        if not record.text.strip():
            raise ReadError(source, "text: empty (a non-empty string is required)", number)
        fields = {name: getattr(record, name) or None for name in _JSONL_FIELDS}
        documents.append(RawDocument(text=normalise_newlines(record.text), source=source, line=number, **fields))
    if not documents:
        raise ReadError(source, "no articles (every line is blank)")
    return documents
