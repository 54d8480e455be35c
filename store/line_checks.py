"""Decoding one line against its declared shape (`line_schema.py`), and the
checks a declaration cannot express. Every failure is a `LineProblem` naming
the field (`spans[3].end`) and the reason, which the caller turns into
`file:line: field: reason`."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import msgspec

from .errors import StoreError
from .records import ZONE_KINDS

T = TypeVar("T")

MAX_DEPTH = 16
"""Deeper JSON than this is refused before it is walked (attrs allow 3 levels)."""
FUTURE_SKEW = timedelta(minutes=10)
"""How far ahead of this machine's clock another machine's timestamp may be."""

_INVALID = re.compile("[\x00\ud800-\udfff]")
"""NUL (SQLite's text functions stop at it, so offsets would point past the text
they see) and lone surrogates (UTF-8 cannot encode them)."""
_SUSPECT_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_PATH = re.compile(r" - at `\$\.?(.*)`$")
_MISSING = re.compile(r"Object missing required field `([^`]*)`")
_CHOICES = {"status": ("accepted", "suggested", "rejected"), "kind": ZONE_KINDS, "op": ("merge", "split")}
"""The allowed values named in the message when a field's value is not one of them."""
_decoder = msgspec.json.Decoder()
_DECODERS: dict[int, msgspec.json.Decoder] = {}
"""One decoder per shape, found by the shape's id: msgspec hashes a typing
alias (`Attrs`) on every `decode(type=…)`, which cost more than the decoding."""


class LineProblem(StoreError):
    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason


class LineError(StoreError):
    """`file:line: field: reason`: what the user sees."""

    def __init__(self, source: str, line: int | None, message: str):
        super().__init__(f"{source}:{line}: {message}" if line is not None else f"{source}: {message}")


def invalid_character(text: str) -> tuple[int, str] | None:
    """The first character SQLite or UTF-8 cannot hold: (position, what it is)."""
    found = _INVALID.search(text)
    if found is None:
        return None
    char = found.group()
    return found.start(), "NUL character" if char == "\x00" else f"lone surrogate U+{ord(char):04X}"


def decode(raw: str | bytes, shape: type[T]) -> T:
    """One JSON line as `shape`, or LineProblem."""
    return convert(decode_json(raw), shape)


def decode_json(raw: str | bytes) -> Any:
    try:
        value = _decoder.decode(raw)
    except RecursionError:
        raise LineProblem("", f"JSON nested too deeply (more than {MAX_DEPTH} levels)") from None
    except msgspec.DecodeError:
        # msgspec refuses lone surrogates with a vague message: the standard
        # library parses them, so that the walk below can say where they are.
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as err:
            raise LineProblem("", f"not valid JSON ({err.msg} at column {err.colno})") from None
        except (RecursionError, ValueError) as err:
            raise LineProblem("", f"not valid JSON ({'nested too deeply' if isinstance(err, RecursionError) else err})") from None
        check_strings(value)
        raise LineProblem("", "not valid JSON")
    if _SUSPECT_ESCAPE.search(raw if isinstance(raw, str) else raw.decode("utf-8", "replace")):
        check_strings(value)
    return value


def require_object(value: Any) -> dict:
    if not isinstance(value, dict):
        raise LineProblem("", f"a line must be a JSON object, not {_json_type(value)}")
    return value


def convert(value: Any, shape: type[T]) -> T:
    require_object(value)
    try:
        return msgspec.convert(value, shape)
    except RecursionError:
        raise LineProblem("", f"JSON nested too deeply (more than {MAX_DEPTH} levels)") from None
    except msgspec.ValidationError as err:
        raise _problem(err) from None


def decode_as(text: str, shape: Any) -> Any:
    """JSON text (a column of a database row) straight into `shape`, in one
    C pass; LineProblem when it is not JSON or not that shape."""
    decoder = _DECODERS.get(id(shape))
    if decoder is None:
        decoder = _DECODERS[id(shape)] = msgspec.json.Decoder(shape)
    try:
        return decoder.decode(text)
    except msgspec.ValidationError as err:
        raise _problem(err) from None
    except (msgspec.DecodeError, RecursionError):
        raise LineProblem("", "not valid JSON") from None


def _problem(err: msgspec.ValidationError) -> LineProblem:
    message = str(err)
    found = _PATH.search(message)
    field = found.group(1) if found else ""
    reason = message[: found.start()] if found else message
    missing = _MISSING.match(reason)
    if missing:
        field, reason = f"{field}.{missing.group(1)}" if field else missing.group(1), "required, but missing"
    elif reason.startswith("Invalid enum value"):
        allowed = _CHOICES.get(field.rsplit(".", 1)[-1])
        reason = reason.replace("Invalid enum", "unknown") + (f" (one of: {', '.join(allowed)})" if allowed else "")
    return LineProblem(field, reason.replace("`", "").replace("Expected", "expected", 1))


def check_strings(value: Any, path: str = "", depth: int = 0) -> None:
    """Every string (keys included) free of NUL and lone surrogates; no deeper than MAX_DEPTH."""
    if depth > MAX_DEPTH:
        raise LineProblem(path, f"nested too deeply (more than {MAX_DEPTH} levels)")
    if isinstance(value, str):
        bad = invalid_character(value)
        if bad is not None:
            raise LineProblem(path, f"{bad[1]} at position {bad[0]}")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_strings(key, path, depth + 1)
            check_strings(item, f"{path}.{key}" if path else str(key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_strings(item, f"{path}[{index}]", depth + 1)


def check_cells(names: tuple[str, ...], row: tuple) -> None:
    """A database row's text cells free of NUL and lone surrogates. Cells are
    flat, so one look over them all is enough in the usual case (a memchr
    for NUL, and UTF-8 encoding, which fails on a lone surrogate: both in C,
    twice as fast as the regular expression); only a row that has a bad
    character is searched cell by cell, to name it."""
    joined = "".join([value for value in row if value.__class__ is str])
    if "\x00" not in joined:
        try:
            joined.encode("utf-8")
            return
        except UnicodeEncodeError:
            pass
    for name, value in zip(names, row):
        bad = invalid_character(value) if value.__class__ is str else None
        if bad is not None:
            raise LineProblem(name, f"{bad[1]} at position {bad[0]}")


def cells_are_clean(rows: list[tuple]) -> bool:
    """Whether every text cell of `rows` is free of NUL and lone surrogates
    (`check_cells` for a batch, in one look; False says only that some cell
    is not: `check_cells` row by row names it)."""
    joined = "".join([value for row in rows for value in row if value.__class__ is str])
    if "\x00" in joined:
        return False
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_storable(strings: dict[str, Any], attrs: str) -> None:
    """What an import would refuse is never stored by an edit either (an
    annotation's or a link's strings and attrs): whatever is exported can be
    imported back."""
    from .line_schema import AttrsOnly

    check_strings(strings)
    check_strings(convert({"attrs": json.loads(attrs)}, AttrsOnly).attrs, "attrs")


def check_span(text: str, start: int, end: int, path: str, span_text: str | None = None) -> None:
    """0 ≤ start < end ≤ len(text), and `span_text` (when given) is the text there."""
    if end > len(text):
        raise LineProblem(f"{path}end", f"{end} is outside the article text (length {len(text)})")
    if start >= end:
        raise LineProblem(f"{path}end", f"{end} must be after start ({start})")
    if span_text is not None and text[start:end] != span_text:
        raise LineProblem(f"{path}text", f"{_clip(span_text)!r} does not match the article text at {start}–{end} "
                                         f"({_clip(text[start:end])!r})")


def check_text(text: str, path: str = "text") -> None:
    bad = invalid_character(text)
    if bad is not None:
        raise LineProblem(path, f"{bad[1]} at position {bad[0]}")


def check_not_future(stamp: datetime | None, path: str, now: datetime | None = None) -> None:
    now = now or datetime.now(timezone.utc)
    if stamp is not None and stamp > now + FUTURE_SKEW:
        raise LineProblem(path, f"{stamp.isoformat()} is in the future (this machine's clock: {now:%Y-%m-%d %H:%M} UTC)")


@lru_cache(maxsize=4096)
def stamp_text(stamp: datetime) -> str:
    """The stored form: UTC, milliseconds, `Z` (sorts as text, like `ids.now()`)."""
    return stamp.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _json_type(value: Any) -> str:
    return {list: "array", str: "string", bool: "boolean", int: "number", float: "number",
            type(None): "null"}.get(type(value), type(value).__name__)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
