"""The comparison screen's data, made before `C` asks for it.

A `Prepared` is one database version's comparison with the coverage
matrix's table (`compare_tables`; its rows' cells are made as they are
drawn). The reader's `ComparisonKeeper` keeps the last one and makes the next
on a thread of its own, with its own read connection, when the reader has
been idle for a moment after start-up or after a change (`story_comparing`):
`C` then finds it made, and the thread goes on to make the views C does not
open on (a comparison made on `C` makes them when they are first shown).
Asked for a version the thread is still making, `C` waits for that one
rather than starting again; asked for a version nobody made, it makes it
there and then. Nothing is kept that the database version
does not vouch for: the version is read on the reader's connection before the
thread opens its snapshot, so what the thread read is at least that new."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .matrix_view import Cell
from .styles import Palette

if TYPE_CHECKING:  # the analysis loads on the keeper's thread (or on C), not on the way to a frame
    from parallax.analysis.compare import Comparison
    from parallax.analysis.compare_tables import Section


@dataclass(frozen=True)
class Prepared:
    version: int
    """The reader connection's `data_version` the comparison was made for."""
    result: Comparison
    coverage: Sequence[list[Cell]]
    """The coverage matrix's rows, as MatrixView draws them (each made when first drawn)."""
    per_outlet: Section
    """The per-outlet summary under the matrix."""
    number: dict[str, int]
    """Coverage row id → its number on screen (the drift view names rows by it)."""


def prepare(result: Comparison, palette: Palette, version: int) -> Prepared:
    from parallax.analysis.compare_tables import coverage_per_outlet

    from .compare_views import CoverageCells

    number = {row.id: index for index, row in enumerate(result.coverage.rows, 1)}
    return Prepared(version, result, CoverageCells(result, palette), coverage_per_outlet(result, number), number)


class ComparisonKeeper:
    def __init__(self, path: str | Path, story: str, palette: Palette):
        self.path = path
        self.story = story
        self.palette = palette
        self.kept: Prepared | None = None
        self._pending: tuple[int, Future[Prepared]] | None = None
        self._completing: Future[None] | None = None
        self._thread: ThreadPoolExecutor | None = None
        self._db: Any = None

    def has(self, version: int) -> bool:
        """Whether `version` is kept or being made."""
        return (self.kept is not None and self.kept.version == version) or (
            self._pending is not None and self._pending[0] == version)

    def ready(self, version: int) -> bool:
        """Whether `C` would find `version` made (kept, or finished on the thread) and the thread is done
        with it (its other views made too)."""
        made = (self.kept is not None and self.kept.version == version) or (
            self._pending is not None and self._pending[0] == version and self._pending[1].done())
        return made and (self._completing is None or self._completing.done())

    def get(self, version: int, db: Any) -> Prepared:
        """The comparison of `version`: kept, waited for from the thread, or made now on `db`."""
        if self.kept is not None and self.kept.version == version:
            return self.kept
        pending, self._pending = self._pending, None
        made = None
        if pending is not None and pending[0] == version:
            try:
                made = pending[1].result()  # the thread is on it already: waiting costs less than starting over
            except Exception:  # noqa: BLE001 — whatever stopped the thread, the reader's connection tries
                made = None
        if made is None:
            from parallax.analysis.compare import compare_story

            made = prepare(compare_story(db, self.story), self.palette, version)
        self.kept = made
        return made

    def start(self, version: int) -> None:
        """Make the comparison of `version` on the keeper's thread, unless it is kept or under way."""
        if self.has(version):
            return
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parallax-compare")
        future = self._thread.submit(self._make, version)
        self._pending = (version, future)
        # Then the views C does not open on, so 2–5 find them made too; after the matrix, so that a
        # C pressed meanwhile waits for the matrix only.
        self._completing = self._thread.submit(self._complete, version, future)

    def _make(self, version: int) -> Prepared:
        from parallax.analysis.compare import compare_story

        if self._db is None:
            from sqlite_utils import Database

            from parallax.store import reading

            self._db = Database(reading.connect(self.path), execute_plugins=False)
        # One read transaction: every SELECT of the comparison sees the same commit.
        self._db.execute("BEGIN")
        try:
            result = compare_story(self._db, self.story)
        finally:
            self._db.execute("ROLLBACK")
        return prepare(result, self.palette, version)

    def _complete(self, version: int, future: Future[Prepared]) -> None:
        if not self.has(version) or future.cancelled() or future.exception() is not None:
            return  # a newer version is wanted, or there is nothing to complete
        future.result().result.complete()

    def close(self) -> None:
        """Stop the thread (a comparison under way is finished first) and close its connection."""
        if self._thread is None:
            return
        if self._pending is not None:
            self._pending[1].cancel()  # not started yet: never
            self._pending = None
        if self._completing is not None:
            self._completing.cancel()

        def close_connection() -> None:
            if self._db is not None:
                self._db.close()

        self._thread.submit(close_connection)
        self._thread.shutdown(wait=False)
        self._thread = None
