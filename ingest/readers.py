"""Read article files (plain text, HTML, JSONL) into `RawDocument`s.

Article files are hostile input: every failure is a `ReadError` that names the
file (and line) in one line, and nothing in a file is ever evaluated. HTML is
read offline with trafilatura; no reader touches the network.
"""

from __future__ import annotations

import codecs
import glob
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from lxml.etree import _Element
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from parallax.ingest.zone_rules import COMMENT_POST

# Failures are reported as ReadError; without a handler trafilatura's own warnings
# would reach stderr through logging's last-resort handler and garble the terminal.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

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
_GLOB_MAGIC = re.compile(r"[*?[]")
_UTF8_BOM = codecs.BOM_UTF8
_HEADLINE_MAX = 300
_KICKER_MAX = 100
_KICKER_CLASS = re.compile(
    r"kicker|dachzeile|spitzmarke|topline|overline|roofline|eyebrow|supertitle|headline-intro",
    re.IGNORECASE,
)
"""Class names German sites give the kicker line above the headline."""
_SUB_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
"""A lower heading right before the <h1> is its kicker (taz.de: an <h4>)."""
_OPENING_BLOCKS = 4
"""An article names its headline within its first paragraphs (after a kicker, a
date line or a breadcrumb)."""
_FORUM_MIN_POSTS = 3
_FORUM_MIN_SHARE = 0.1


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


def read_path(path: Path, encoding: str | None = None) -> list[RawDocument]:
    """Every article in the file at `path`; a file is read whole or not at all."""
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
        return [_read_html(data, source, encoding)]
    text = _decode(data, source, encoding)
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl(text, source)
    return [RawDocument(text=text, source=source)]


def _check_encoding(encoding: str, source: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ReadError(source, f"unknown encoding {encoding!r}") from None


def _decode(data: bytes, source: str, encoding: str | None) -> str:
    """Bytes → text with line endings normalised; rejects empty and binary files."""
    if not data.strip():
        raise ReadError(source, "empty file")
    if encoding is None:
        # Checked on the bytes, before decoding, so that binary junk is reported as
        # binary rather than as a UTF-8 error somewhere inside it.
        _reject_binary(data[:BINARY_SAMPLE_BYTES].decode("latin-1"), source)
        bom = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
        text = _decode_as(data, bom, "utf-8", source, "try --encoding latin-1")
    else:
        text = _decode_as(data, 0, encoding, source, "try another --encoding")
        text = text.removeprefix("\ufeff")
        _reject_binary(text[:BINARY_SAMPLE_BYTES], source)
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


def _reject_binary(sample: str, source: str) -> None:
    if "\x00" in sample:
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
            record = json.loads(line)
        except json.JSONDecodeError as err:
            message = f"not valid JSON ({err.msg} at column {err.colno})"
            raise ReadError(source, message, number) from None
        except (ValueError, RecursionError) as err:
            # Over-long integers raise ValueError, absurd nesting RecursionError.
            raise ReadError(source, f"not valid JSON ({err})", number) from None
        documents.append(_jsonl_document(record, source, number))
    if not documents:
        raise ReadError(source, "no articles (every line is blank)")
    return documents


def _jsonl_document(record: object, source: str, line: int) -> RawDocument:
    if not isinstance(record, dict):
        raise ReadError(source, 'expected a JSON object with a "text" field', line)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError(source, 'missing or empty "text" (a non-empty string is required)', line)
    fields: dict[str, str | None] = {}
    for name in _JSONL_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise ReadError(source, f'"{name}" must be a string, not {type(value).__name__}', line)
        fields[name] = value or None
    return RawDocument(text=normalise_newlines(text), source=source, line=line, **fields)


def _read_html(data: bytes, source: str, encoding: str | None) -> RawDocument:
    markup: str | bytes
    if encoding is None:
        if not data.strip():
            raise ReadError(source, "empty file")
        _reject_binary(data[:BINARY_SAMPLE_BYTES].decode("latin-1"), source)
        markup = data  # trafilatura honours the page's own charset declaration
    else:
        markup = _decode(data, source, encoding)
    # as_dict=False is 2.x's default; saying it lets bench/quality compare with 1.x
    extracted = trafilatura.bare_extraction(
        markup, include_comments=True, include_tables=True, with_metadata=True, as_dict=False
    )
    if extracted is None or extracted.body is None:
        raise ReadError(source, "no article text found in the HTML")
    text = _blocks_text(extracted.body)
    if not text:
        raise ReadError(source, "no article text found in the HTML")
    comments = _blocks_text(extracted.commentsbody) if extracted.commentsbody is not None else ""
    title = extracted.title or None
    kicker, headline = _page_headline(markup)
    if _article_among_comments(text, comments, headline):
        text, comments = comments, text
    if headline:
        text = _headline_on_top(text, kicker, headline)
        title = f"{kicker}: {headline}" if kicker else headline
    return RawDocument(
        text=text,
        source=source,
        title=title,
        outlet=extracted.sitename or extracted.hostname or None,
        url=extracted.url or None,
        published=extracted.date or None,
        author=extracted.author or None,
        comments=comments or None,
    )


def _page_headline(markup: str | bytes) -> tuple[str | None, str | None]:
    """The page's headline (its <h1>, preferring one inside <article> or <main>)
    and the kicker above it ("Dachzeile": an element classed kicker, dachzeile,
    topline, … or a lower heading, just before the <h1>, or a kicker inside it)."""
    tree = load_html(markup)
    if tree is None:
        return None, None
    for path in ("//article//h1", "//main//h1", "//h1"):
        for h1 in tree.xpath(path):
            kicker_parts = [el for el in h1.iter() if el is not h1 and _is_kicker(el)]
            kicker = " ".join(_squeezed(el.text_content()) for el in kicker_parts) or None
            headline = _squeezed(h1.text_content())
            if kicker:
                # the kicker inside the <h1>: the headline is what else it says
                headline = _squeezed(headline.removeprefix(kicker).lstrip(":–- "))
            else:
                previous = h1.getprevious()
                if previous is not None and (_is_kicker(previous) or previous.tag in _SUB_HEADINGS):
                    kicker = _squeezed(previous.text_content()) or None
            if len(headline.split()) >= 2 and len(headline) <= _HEADLINE_MAX:
                if kicker and len(kicker) > _KICKER_MAX:
                    kicker = None
                return kicker, headline
    return None, None


def _headline_on_top(text: str, kicker: str | None, headline: str) -> str:
    """The text opening with the headline (and its kicker, one line above it).
    trafilatura drops an <h1> that sits in the article's <header>: it is put back.
    A kicker and headline extracted as two paragraphs become one block, as a page
    shows them."""
    blocks = text.split("\n\n", 2)
    first = _squeezed(blocks[0])
    if first in (_squeezed(headline), _squeezed(f"{kicker}\n{headline}")):
        return text
    if kicker and first == _squeezed(kicker) and len(blocks) > 1 and _squeezed(blocks[1]) == _squeezed(headline):
        return f"{blocks[0]}\n" + text[len(blocks[0]) + 2 :]
    return (f"{kicker}\n{headline}" if kicker else headline) + "\n\n" + text


def _article_among_comments(text: str, comments: str, headline: str | None) -> bool:
    """trafilatura takes a long readers' forum for the main text now and then and
    files the article under comments (taz.de does this to it). Then the comments open
    with the page's headline, and the "article" reads like a forum: posts that answer
    other readers ("@Name …") or carry a time stamp."""
    if not headline or not comments:
        return False
    squeezed = _squeezed(headline)
    if not any(squeezed in _squeezed(block) for block in comments.split("\n\n")[:_OPENING_BLOCKS]):
        return False
    blocks = text.split("\n\n")
    if any(squeezed in _squeezed(block) for block in blocks[:_OPENING_BLOCKS]):
        return False
    posts = sum(1 for block in blocks if COMMENT_POST.match(block))
    return posts >= _FORUM_MIN_POSTS and posts >= _FORUM_MIN_SHARE * len(blocks)


def _is_kicker(element: _Element) -> bool:
    if not isinstance(element.tag, str):
        return False  # a comment or processing instruction
    classes = f"{element.get('class', '')} {element.get('data-component', '')}"
    return _KICKER_CLASS.search(classes) is not None


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _blocks_text(body: _Element) -> str:
    """One paragraph per extracted element, separated by blank lines."""
    blocks = (_element_text(child).strip() for child in body)
    return normalise_newlines("\n\n".join(block for block in blocks if block))


def _element_text(element: _Element) -> str:
    if element.tag == "list":
        # trafilatura's own text output marks items with stray "-" lines.
        items = (" ".join("".join(item.itertext()).split()) for item in element)
        return "\n".join(item for item in items if item)
    return str(xmltotxt(element, False))
