"""How the story view saves: every change goes to the writer thread; a new tag
is drawn at once, marked unsaved until its commit returns; what the store
holds is read back after each commit and whenever another connection commits.

A write that fails is kept, not forgotten: its tag stays drawn, marked as not
stored, and the status line counts it ("1 NOT saved — Enter to retry") until
Enter stores it or Esc discards it — a later write that succeeds does not
clear it.

Mixed into `StoryScreen` (which owns `articles`, `columns`, `docs`, `status`)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from itertools import count
from typing import Any

from parallax.store import reading
from parallax.store.errors import StoreError

POLL_SECONDS = 0.5
REFRESH_WAIT_SECONDS = 0.1
_unsaved_ids = count(1)


@dataclass
class FailedWrite:
    """A write whose commit failed, kept until it is retried or discarded."""

    write: Callable[..., Any]
    args: tuple
    kwargs: dict
    after: Callable[[Any], None] | None
    unsaved: dict | None
    error: str

    def describe(self) -> str:
        row = self.unsaved
        if row is not None:
            return f"{row['label']} tag"
        return getattr(self.write, "__name__", "change")


class Saving:
    """The annotations each column shows: the stored rows plus the tags still on their way."""

    def init_saving(self, rows: dict[int, list[dict]]) -> None:
        self._stored: dict[int, list[dict]] = {a.id: rows.get(a.id, []) for a in self.articles}
        self._unsaved: dict[int, list[dict]] = {a.id: [] for a in self.articles}
        self._failed: list[FailedWrite] = []
        self._shown: dict[int, list[dict]] = {key: [r for r in rows if self.visible(r)]
                                              for key, rows in self._stored.items()}
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
                unsaved["failed"] = True
                self.show_annotations([unsaved["article_id"]], force=True)
            self._failed.append(FailedWrite(write, args, kwargs, after, unsaved, str(err)))
            self.status.pending -= 1
            self.status.failed = len(self._failed)
            self.notify(f"{err} · Enter retries, Esc discards", title="Not saved", severity="error", timeout=10)
            return
        if unsaved is not None:
            self._unsaved[unsaved["article_id"]].remove(unsaved)
        # The stored row replaces the unsaved one in the same frame.
        self.reload_annotations()
        self.status.pending -= 1
        self.status.saved = True
        if after is not None:
            after(result)

    def retry_failed(self) -> bool:
        """Send every failed write again; False when there is none."""
        failed, self._failed = self._failed, []
        self.status.failed = 0
        for item in failed:
            if item.unsaved is not None:
                item.unsaved.pop("failed", None)
                self.show_annotations([item.unsaved["article_id"]], force=True)
            self.save(item.write, *item.args, after=item.after, unsaved=item.unsaved, **item.kwargs)
        return bool(failed)

    def discard_failed(self) -> bool:
        """Give up the failed writes (their tags disappear); False when there is none."""
        failed, self._failed = self._failed, []
        if not failed:
            return False
        self.status.failed = 0
        for item in failed:
            if item.unsaved is not None:
                self._unsaved[item.unsaved["article_id"]].remove(item.unsaved)
        self.show_annotations()
        what = ", ".join(item.describe() for item in failed)
        self.notify(f"Discarded {len(failed)} change{'s' if len(failed) > 1 else ''} that could not be saved: {what}",
                    severity="warning")
        return True

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

    def show_annotations(self, article_ids: Iterable[int] | None = None, *, force: bool = False) -> None:
        """Hand each column the stored and unsaved rows; only the lines of rows that changed are repainted
        (`force`: a row changed in place, e.g. an unsaved tag whose write failed)."""
        wanted = None if article_ids is None else set(article_ids)
        for column, article in zip(self.columns, self.articles):
            if wanted is not None and article.id not in wanted:
                continue
            rows = [row for row in self._stored[article.id] if self.visible(row)] + self._unsaved[article.id]
            old, new = _keyed(self._shown[article.id]), _keyed(rows)
            changed = old ^ new
            if force:
                changed |= {key for key in new if str(key[0]).startswith("unsaved-")}
            if changed:
                self._shown[article.id] = rows
                column.doc.set_annotations(rows)
                column.view.refresh_annotations(key[1:3] for key in changed)
                column.update_header()
        self.update_counts()

    def visible(self, row: dict) -> bool:
        """Blind mode shows the annotator's own rows and the suggestions, nobody else's."""
        return not self.blind or row["annotator"] == self.config.annotator or row["status"] == "suggested"

    def poll_changes(self) -> None:
        """Another annotator's commits show up here within POLL_SECONDS, cursors untouched."""
        try:
            if reading.data_version(self.app.reader) != self._version:
                self.reload_annotations()
        except (StoreError, sqlite3.OperationalError):
            pass  # busy or gone for a moment: the next poll asks again

    def update_counts(self) -> None:
        """The status line counts the annotator's own labels: what they have done, not the team."""
        me = self.config.annotator
        self.status.set_counts(dict(Counter(r["label"] for rows in self._shown.values() for r in rows
                                            if r["annotator"] == me and r["status"] != "rejected"
                                            and not r.get("failed"))))


def _keyed(rows: list[dict]) -> set[tuple]:
    """What the view draws of each annotation: a change to any of it repaints its lines."""
    return {(r["id"], r["start"], r["end"], r["label"], r["status"], r["annotator"]) for r in rows}
