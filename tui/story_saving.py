"""How the story view saves: every change goes to the writer thread; a new tag
is drawn at once, marked unsaved until its commit returns; what the store
holds is read back after each commit and whenever another connection commits.

Mixed into `StoryScreen` (which owns `articles`, `columns`, `docs`, `status`)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import suppress
from itertools import count
from typing import Any

from parallax.store import reading
from parallax.store.errors import StoreError

POLL_SECONDS = 0.5
REFRESH_WAIT_SECONDS = 0.1
_unsaved_ids = count(1)


class Saving:
    """The annotations each column shows: the stored rows plus the tags still on their way."""

    def init_saving(self, rows: dict[int, list[dict]]) -> None:
        self._stored: dict[int, list[dict]] = {a.id: rows.get(a.id, []) for a in self.articles}
        self._unsaved: dict[int, list[dict]] = {a.id: [] for a in self.articles}
        self._shown: dict[int, list[dict]] = dict(self._stored)
        self._version = -1

    def start_saving(self) -> None:
        self._version = reading.data_version(self.app.reader)
        self.set_interval(POLL_SECONDS, self.poll_changes)

    def save(self, write: Callable[..., Any], *args: Any, after: Callable[[Any], None] | None = None,
             unsaved: dict | None = None, **kwargs: Any) -> None:
        """Run `write` on the writer thread; `unsaved` is the row drawn for it meanwhile."""
        self.status.pending += 1
        self.run_worker(self._save(write, args, kwargs, after, unsaved), group="writes")

    async def _save(self, write: Callable[..., Any], args: tuple, kwargs: dict,
                    after: Callable[[Any], None] | None, unsaved: dict | None) -> None:
        # The frame that shows the change goes first: the commit's Python on
        # the writer thread would hold the GIL while that frame is drawn. A
        # screen that draws nothing (suspended, covered) does not hold it up.
        with suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.wait_for_refresh(), REFRESH_WAIT_SECONDS)
        try:
            result = await self.app.writer.run(write, *args, **kwargs)
        except StoreError as err:
            if unsaved is not None:
                self._unsaved[unsaved["article_id"]].remove(unsaved)
                self.show_annotations()
            self.status.pending -= 1
            self.status.failed += 1
            self.notify(str(err), title="Not saved", severity="error", timeout=10)
            return
        if unsaved is not None:
            self._unsaved[unsaved["article_id"]].remove(unsaved)
        # The stored row replaces the unsaved one in the same frame.
        self.reload_annotations()
        self.status.pending -= 1
        self.status.failed = 0
        self.status.saved = True
        if after is not None:
            after(result)

    def draw_unsaved(self, article_id: int, start: int, end: int, label: str) -> dict:
        """A tag as it will be stored, drawn before the commit; returns its row."""
        row = {"id": f"unsaved-{next(_unsaved_ids)}", "article_id": article_id, "start": start, "end": end,
               "label": label, "annotator": self.config.annotator, "status": "accepted", "attrs": "{}",
               "note": None, "unsaved": True}
        self._unsaved[article_id].append(row)
        self.show_annotations([article_id])
        return row

    def reload_annotations(self) -> None:
        self._stored = reading.annotations_of(self.app.reader, [a.id for a in self.articles])
        self._version = reading.data_version(self.app.reader)
        self.show_annotations()

    def show_annotations(self, article_ids: Iterable[int] | None = None) -> None:
        """Hand each column the stored and unsaved rows; only the lines of rows that changed are repainted."""
        wanted = None if article_ids is None else set(article_ids)
        for column, article in zip(self.columns, self.articles):
            if wanted is not None and article.id not in wanted:
                continue
            rows = self._stored[article.id] + self._unsaved[article.id]
            old, new = _keyed(self._shown[article.id]), _keyed(rows)
            if old != new:
                self._shown[article.id] = rows
                column.doc.set_annotations(rows)
                column.view.refresh_annotations(key[1:3] for key in old ^ new)
                column.update_header()
        self.update_counts()

    def poll_changes(self) -> None:
        """Another annotator's commits show up here within POLL_SECONDS, cursors untouched."""
        try:
            if reading.data_version(self.app.reader) != self._version:
                self.reload_annotations()
        except (StoreError, sqlite3.OperationalError):
            pass  # busy or gone for a moment: the next poll asks again

    def update_counts(self) -> None:
        self.status.set_counts(dict(Counter(r["label"] for rows in self._shown.values() for r in rows)))


def _keyed(rows: list[dict]) -> set[tuple]:
    """What the view draws of each annotation: a change to any of it repaints its lines."""
    return {(r["id"], r["start"], r["end"], r["label"], r["status"], r["annotator"]) for r in rows}
