"""The checks of every row `merge` reads from another database (what the
msgspec shapes of `merge_rows.py` cannot say): offsets inside the article's
text, span and entity text equal to the text there, an article's SHA-256
equal to the hash of its text, attrs and journal images that parse into
their shape, timestamps not in the future, links that do not point at
their own annotation.

Rows come in batches (`Rows.check_rows`). A batch is first checked in bulk:
one msgspec conversion and one look at its text cells (both in C), then each
table's conditions over all its rows at once. That pass only says "all
good" or "something is wrong"; it asks at least what the row-by-row checks
ask. When something is wrong, the batch is checked again row by row
(`Rows.check`), whose first failure names the table, the row and the field.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from pathlib import Path

import msgspec
from msgspec import Struct

from .articles import text_sha256
from .errors import StoreError
from .line_checks import FUTURE_SKEW, LineProblem, cells_are_clean, check_cells, check_span, decode_as, stamp_text
from .line_schema import Attrs
from .merge_rows import (
    STAMP_BODY,
    STAMP_FORMAT,
    TABLES,
    AnnotationRow,
    ArticleRow,
    EntityGroupEditRow,
    EntityRow,
    JournalImage,
    JournalLink,
    JournalRow,
    LinkImage,
    LinkRow,
    SentenceRow,
    StoryRow,
    ZoneRow,
    stamp_fields,
)

_BATCH_SHAPES = {table: list[shape] for table, shape in TABLES.items()}
_IMAGE = msgspec.json.Decoder(JournalImage)
_STAMP = re.compile(STAMP_FORMAT)
_STAMPS = re.compile(f"(?:{STAMP_BODY}\x00)*")
"""Stamps joined, each followed by a NUL (which STAMP_FORMAT does not match)."""
_STAMP_WIDTH = 24
_STAMP_FIELDS = {shape: stamp_fields(shape) for shape in (*TABLES.values(), JournalImage, JournalLink, LinkImage)}
_STAMP_GETTERS = {table: attrgetter(*_STAMP_FIELDS[shape]) for table, shape in TABLES.items() if _STAMP_FIELDS[shape]}


class Rows:
    """The row checks; remembers the story ids and article texts seen (rows
    are checked in the order of `TABLES`: later ones point at them)."""

    def __init__(self, path: Path):
        self.path = path
        self.stories: set[int] = set()
        self.texts: dict[int, str] = {}
        self.latest = stamp_text(datetime.now(timezone.utc) + FUTURE_SKEW)

    def check_rows(self, table: str, shape: type[Struct], names: tuple[str, ...], rows: list[tuple]) -> None:
        """Check `rows` (in bulk, see the module docstring), or raise
        StoreError naming the first bad one."""
        try:
            values = msgspec.convert(rows, _BATCH_SHAPES[table])
        except msgspec.ValidationError:
            values = None
        if (values is None or not _all_formats(table, values) or not cells_are_clean(rows)
                or not self._all_good(table, values)):
            for row in rows:
                self.check(table, shape, names, row)

    def check(self, table: str, shape: type[Struct], names: tuple[str, ...], row: tuple) -> tuple:
        """One row, or StoreError: `file: table row id=…: field: reason`."""
        try:
            try:
                value = msgspec.convert(row, shape)
            except msgspec.ValidationError as err:
                message = str(err)
                index = message.rsplit("`$[", 1)[-1].split("]", 1)[0] if "`$[" in message else ""
                field = names[int(index)] if index.isdigit() else ""
                raise LineProblem(field, message.split(" - at ")[0].replace("`", "").replace("Expected", "expected"))
            _check_formats(value)
            check_cells(names, row)
            getattr(self, f"_{table}")(value)
        except LineProblem as problem:
            key = names[0] if names[0] == "id" else "article_id"
            where = f"{table} row {key}={row[0]!r}"
            raise StoreError(f"{self.path}: {where}: {problem}") from None
        return row

    def _all_good(self, table: str, values: list) -> bool:
        """Whether every one of `values` passes the table's checks. The big
        tables ask their conditions in one expression over the batch; the
        others run the row checks, a failure meaning "not all good"."""
        texts, latest = self.texts, self.latest
        if table in ("zones", "sentences"):
            return all(v.article_id in texts and v.start < v.end <= len(texts[v.article_id]) for v in values)
        if table == "entities":
            return all(v.article_id in texts and v.start < v.end and texts[v.article_id][v.start:v.end] == v.text
                       and v.end <= len(texts[v.article_id]) for v in values)
        if table == "annotations":
            return (all(v.article_id in texts and v.start < v.end and texts[v.article_id][v.start:v.end] == v.text
                        and v.end <= len(texts[v.article_id]) and v.created_at <= latest and v.updated_at <= latest
                        for v in values)
                    and _all_attrs(v.attrs for v in values))
        if table == "journal":
            return self._all_journal(values)
        check = getattr(self, f"_{table}")
        try:
            for value in values:
                check(value)
        except LineProblem:
            return False
        return True

    def _all_journal(self, values: list[JournalRow]) -> bool:
        """`_journal`'s conditions over a batch, an annotation's images inline
        (link changes, few, through `_journal` itself)."""
        texts, latest, attrs, stamps = self.texts, self.latest, set(), []
        for row in values:
            if row.link_id is not None or row.op.startswith("link_"):
                try:
                    self._journal(row)
                except LineProblem:
                    return False
                continue
            if row.created_at > latest:
                return False
            for raw in (row.before, row.after):
                if raw is None:
                    continue
                try:
                    image = _IMAGE.decode(raw)
                except (msgspec.DecodeError, RecursionError):
                    return False
                text = texts.get(image.article_id)
                if (text is None or not image.start < image.end <= len(text)
                        or text[image.start:image.end] != image.text
                        or image.created_at > latest or image.updated_at > latest):
                    return False
                attrs.add(image.attrs)
                stamps += (image.created_at, image.updated_at)
                try:
                    for link in (*image.links, *image.links_in):
                        if link.updated_at is not None:
                            stamps.append(link.updated_at)
                        stamps.append(link.created_at)
                        self._links(link)
                except LineProblem:
                    return False
        return _valid_stamps(stamps) and _all_attrs(attrs)

    def _stamps(self, *stamps: tuple[str, str]) -> None:
        for field, stamp in stamps:
            if stamp > self.latest:
                raise LineProblem(field, f"{stamp} is in the future (this machine's clock is behind by more "
                                         "than the allowed skew, or the row was forged)")

    def _text(self, article_id: int) -> str:
        text = self.texts.get(article_id)
        if text is None:
            raise LineProblem("article_id", f"no article {article_id} in this database")
        return text

    def _stories(self, row: StoryRow) -> None:
        self._stamps(("created_at", row.created_at))
        self.stories.add(row.id)

    def _articles(self, row: ArticleRow) -> None:
        if text_sha256(row.text) != row.sha256:
            raise LineProblem("sha256", "does not match the hash of the article's text (forged or edited)")
        if row.story_id not in self.stories:
            raise LineProblem("story_id", f"no story {row.story_id} in this database")
        self._stamps(("created_at", row.created_at))
        self.texts[row.id] = row.text

    def _zones(self, row: ZoneRow) -> None:
        check_span(self._text(row.article_id), row.start, row.end, "")

    def _sentences(self, row: SentenceRow) -> None:
        check_span(self._text(row.article_id), row.start, row.end, "")

    def _entities(self, row: EntityRow) -> None:
        check_span(self._text(row.article_id), row.start, row.end, "", row.text)

    def _annotations(self, row: AnnotationRow | JournalImage) -> None:
        check_span(self._text(row.article_id), row.start, row.end, "", row.text)
        _attrs(row.attrs, "attrs")
        self._stamps(("created_at", row.created_at), ("updated_at", row.updated_at))

    def _links(self, row: LinkRow | LinkImage | JournalLink) -> None:
        if row.src_annotation == row.dst_annotation:
            raise LineProblem("dst_annotation", "a link cannot point to its own annotation")
        _attrs(row.attrs, "attrs")
        self._stamps(("created_at", row.created_at), ("updated_at", row.updated_at or row.created_at))

    def _entity_group_edits(self, row: EntityGroupEditRow) -> None:
        self._text(row.article_id)
        if row.op == "merge" and not row.target:
            raise LineProblem("target", "a merge needs the form whose group it joins")
        self._stamps(("created_at", row.created_at))

    def _journal(self, row: JournalRow) -> None:
        self._stamps(("created_at", row.created_at))
        of_link = row.link_id is not None
        if row.op.startswith("link_") and not of_link:
            raise LineProblem("link_id", f"required for a {row.op}")
        if of_link and row.annotation_id is not None:
            raise LineProblem("annotation_id", "a link change names no annotation")
        for field in ("before", "after"):
            value = getattr(row, field)
            if value is None:
                continue
            try:
                image = decode_as(value, LinkImage if of_link else JournalImage)
                _check_formats(image)
                if not of_link:
                    for key in ("links", "links_in"):
                        for index, link in enumerate(getattr(image, key)):
                            _check_formats(link, f"{key}[{index}].")
            except LineProblem as problem:
                raise LineProblem(f"{field}.{problem.field}" if problem.field else field, problem.reason) from None
            try:
                if isinstance(image, LinkImage):
                    if image.id != row.link_id:
                        raise LineProblem("id", f"is not the entry's link_id {row.link_id}")
                    self._links(image)
                    continue
                self._annotations(image)
                for key in ("links", "links_in"):
                    for index, link in enumerate(getattr(image, key)):
                        try:
                            self._links(link)
                        except LineProblem as problem:
                            raise LineProblem(f"{key}[{index}].{problem.field}", problem.reason) from None
            except LineProblem as problem:
                raise LineProblem(f"{field}.{problem.field}", problem.reason) from None


def _check_formats(value: Struct, path: str = "") -> None:
    """Each stamp of `value` in STAMP_FORMAT (what a pattern in its shape
    would have said, in the same words)."""
    for name in _STAMP_FIELDS[type(value)]:
        stamp = getattr(value, name)
        if stamp is not None and not _STAMP.search(stamp):
            raise LineProblem(f"{path}{name}", f"expected str matching regex {STAMP_FORMAT!r}")


def _all_formats(table: str, values: list) -> bool:
    getter = _STAMP_GETTERS.get(table)
    if getter is None:
        return True
    found = map(getter, values) if len(_STAMP_FIELDS[TABLES[table]]) == 1 else chain.from_iterable(map(getter, values))
    return _valid_stamps([stamp for stamp in found if stamp is not None])


def _valid_stamps(stamps: list[str]) -> bool:
    """Whether every one of `stamps` is in STAMP_FORMAT, in one match over
    them all: joined, each followed by a NUL, they must be so many repeats
    of the format and its NUL, of the width of that many."""
    if not stamps:
        return True
    joined = "\x00".join(stamps) + "\x00"
    return len(joined) == (_STAMP_WIDTH + 1) * len(stamps) and _STAMPS.fullmatch(joined) is not None


def _attrs(text: str, field: str) -> None:
    try:
        _valid_attrs(text)
    except LineProblem as problem:
        raise LineProblem(f"{field}.{problem.field}" if problem.field else field, problem.reason) from None


def _all_attrs(texts) -> bool:
    try:
        for text in set(texts):
            _valid_attrs(text)
    except LineProblem:
        return False
    return True


@lru_cache(maxsize=4096)
def _valid_attrs(text: str) -> None:
    """Most rows carry one of a few attrs texts ("{}" above all): each is
    decoded once (a failure raises, and is not cached)."""
    decode_as(text, Attrs)
