"""Review mode: walk suggestions or another annotator's labels — or, as the gold
annotator, the annotations where annotators disagree — one item at a time
across the story's columns, and decide on each.

Decisions are the reviewer's own annotations linked to the item (see
store.review); the screen keeps no state of its own beyond where it is, so
undo, another window or a restart show the same progress.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from parallax.analysis.adjudication import disagreement_queue
from parallax.store import review
from parallax.store.errors import StoreError
from parallax.store.review import Filters, Item
from parallax.store.spans import strip_span

from .document import Mark
from .keymap import STORY_COMMANDS, review_commands
from .review_filter import ReviewFilterForm
from .sanitize import display_text, safe
from .speaker_field import review_speaker, speaker_name
from .story_screen import StoryScreen


@dataclass(frozen=True)
class ReviewRequest:
    """What to walk. With `adjudicate`, the annotations in the sentences where
    `annotators` (default: everyone but the gold annotator) disagree."""

    filters: Filters = review.SUGGESTIONS
    adjudicate: bool = False
    annotators: tuple[str, ...] = ()
    label: str | None = None
    at: tuple[int, int] | None = None
    """(article id, offset): start at the first item there instead of the first undecided one."""
    links: bool = False
    """Walk the suggested links instead (`tui.link_review`)."""


class ReviewBar(Static):
    """The progress line: "12 / 80, 9 accepted, 2 rejected", the item and the decision on it."""

    def show(self, screen: ReviewScreen) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        mode = f" ADJUDICATE as {screen.config.annotator} " if screen.request.adjudicate else " REVIEW "
        text.append(mode, style="bold reverse")
        accepted, rejected = screen.tally()
        position = screen.position + 1 if screen.items else 0
        text.append(f" {position} / {len(screen.items)}, {accepted} accepted, {rejected} rejected ")
        item = screen.item
        if item is None:
            text.append(f"│ nothing to review ({safe(screen.filters.describe())}): f changes the filter", style="dim")
            self.update(text)
            return
        source = item.source
        text.append("│ ")
        text.append(safe(source["label"]), style=f"bold {screen.palette.label_colour(source['label'])}")
        text.append(f" by {display_text(source['annotator'])}")
        cue = json.loads(source["attrs"] or "{}").get("cue")
        if cue:
            text.append(f" ({display_text(str(cue))})", style="dim")
        decision = screen.decided.get(item.id)
        speaker = speaker_name(decision or source)
        text.append(f" │ speaker {speaker}" if speaker else " │ speaker —", style="bold" if speaker else "dim")
        label, start, end = screen.pending
        text.append(" │ ")
        if decision is None:
            text.append("open", style="italic")
        else:
            text.append(f"{decision['status']}", style="bold green" if decision["status"] == "accepted" else "bold red")
            if decision["status"] == "accepted" and decision["label"] != source["label"]:
                text.append(f" as {safe(decision['label'])}")
        if (start, end) != (source["start"], source["end"]) or label != source["label"]:
            text.append(f" │ → {safe(label)}, {end - start} chars", style="bold")
        if item.values:
            sides = " · ".join(f"{safe(name)}: {safe(value or 'none')}" for name, value in item.values.items())
            text.append(f" │ {sides}")
        self.update(text)


class ReviewScreen(StoryScreen):
    KEY_COMMANDS = review_commands(STORY_COMMANDS)

    def __init__(self, *args: Any, request: ReviewRequest, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.request = request
        self.filters = request.filters
        self.items: list[Item] = []
        self.decided: dict[str, dict] = {}
        self.position = 0
        self.pending: tuple[str, int, int] = ("", 0, 0)
        self._column_of = {article.id: index for index, article in enumerate(self.articles)}

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield ReviewBar(id="review-bar")

    def on_mount(self) -> None:
        # Textual runs StoryScreen.on_mount too, after this one: start once it has placed the columns.
        self.call_after_refresh(self.start)

    def start(self) -> None:
        self.load_items()
        at = self.request.at
        if at is not None:
            self.position = next((i for i, item in enumerate(self.items) if item.article_id == at[0]
                                  and (item.sentence or (item.source["start"], item.source["end"]))[1] > at[1]), 0)
        else:
            self.position = next((i for i, item in enumerate(self.items) if item.id not in self.decided), 0)
        self.show_item()

    @property
    def item(self) -> Item | None:
        return self.items[self.position] if self.items else None

    def load_items(self) -> None:
        db, reviewer = self.app.db, self.config.annotator
        try:
            if self.request.adjudicate:
                found = [item for item in disagreement_queue(db, self.story, self.request.annotators,
                                                                    label=self.request.label)
                         if self.filters.matches(item.source)]
            else:
                found = review.queue(db, self.story, reviewer, self.filters)
        except StoreError as err:
            found = []
            self.notify(str(err), title="Nothing to review", severity="warning", timeout=10)
        self.items = found
        self.position = min(self.position, max(0, len(self.items) - 1))
        self.decided = review.decisions(db, reviewer, [item.id for item in self.items])

    def tally(self) -> tuple[int, int]:
        statuses = [self.decided[item.id]["status"] for item in self.items if item.id in self.decided]
        return statuses.count("accepted"), statuses.count("rejected")

    # Showing the item

    def show_item(self) -> None:
        for column in self.columns:
            column.view.set_marks("review", [])
        item = self.item
        if item is not None:
            base = self.decided.get(item.id) or item.source
            self.pending = (base["label"], base["start"], base["end"])
            self.current = self._column_of[item.article_id]
            self.view.cancel_selection()
            self.status.mode = ""
            self._mark_pending()
            self.view.move_to(self.pending[1], center=True)
        self.bar.show(self)

    def _mark_pending(self) -> None:
        _, start, end = self.pending
        self.view.set_marks("review", [Mark(start, end, "review")])

    @property
    def bar(self) -> ReviewBar:
        return self.query_one(ReviewBar)

    # Deciding

    def action_decide(self, status: str, label: str | None = None, reject: tuple[str, ...] = ()) -> None:
        item = self.item
        if item is None:
            self.app.bell()
            return
        pending_label, start, end = self._decision_span()
        self.save(review.decide, self.config.annotator, item.id, status, label=label or pending_label,
                  start=start, end=end, reject=reject)
        self.action_step(1 + sum(1 for other in self.items[self.position + 1:] if other.id in reject))

    def action_tag(self, label: str) -> None:
        """A label key accepts the item with that label (after `r`, it relabels as in the reader)."""
        if self.relabel_pending:
            super().action_tag(label)
        else:
            self.action_decide("accepted", label)

    def action_pick(self) -> None:
        """Accept this item, reject the other annotators' items on the same sentence (or span)."""
        item = self.item
        if item is None:
            self.app.bell()
            return
        start, end = item.sentence or (item.source["start"], item.source["end"])
        others = tuple(other.id for other in self.items
                       if other.article_id == item.article_id and other.source["annotator"] != item.source["annotator"]
                       and other.source["start"] < end and start < other.source["end"])
        self.action_decide("accepted", reject=others)

    def _decision_span(self) -> tuple[str, int, int]:
        """The pending label and span; a selection in the item's column replaces the span."""
        label, start, end = self.pending
        if self.view.selection is not None and self.current == self._column_of[self.item.article_id]:
            start, end = strip_span(self.doc.text, *self.view.selection)
            self.view.cancel_selection()
        return label, start, end

    def action_boundary(self, which: str, delta: int) -> None:
        """Move the span's start or end by one word, for the next accept."""
        if self.item is None:
            return
        doc = self.docs[self._column_of[self.item.article_id]]
        label, start, end = self.pending
        if which == "start":
            moved = doc.prev_word(max(0, start - 1)) if delta < 0 else doc.next_word(start)
            start = moved if moved < end else start
        elif delta > 0:
            after = doc.next_word(end - 1)
            end = max(end, doc.word_at(after)[1]) if after >= end else end
        else:
            last = doc.prev_word(end - 1)
            moved = doc.word_at(doc.prev_word(last - 1))[1] if last > start else end
            end = moved if start < moved < end else end
        start, end = strip_span(doc.text, start, end)
        if (start, end) == self.pending[1:]:
            self.app.bell()
            return
        self.pending = (label, start, end)
        self._mark_pending()
        self.bar.show(self)

    # Walking

    def action_step(self, delta: int) -> None:
        if not self.items:
            self.app.bell()
            return
        target = self.position + delta
        if target >= len(self.items):
            accepted, rejected = self.tally()
            open_items = len(self.items) - accepted - rejected
            self.notify(f"End of the list: {accepted} accepted, {rejected} rejected, {open_items} open"
                        + (" · . goes to the next open one" if open_items else ""))
        self.position = max(0, min(target, len(self.items) - 1))
        self.show_item()

    def action_next_open(self) -> None:
        count = len(self.items)
        ahead = (self.items[(self.position + k) % count] for k in range(1, count + 1)) if count else ()
        target = next((item for item in ahead if item.id not in self.decided), None)
        if target is None:
            self.notify(f"All {count} items are decided")
            return
        self.position = self.items.index(target)
        self.show_item()

    def action_speaker(self) -> None:
        review_speaker(self)

    def action_filter(self) -> None:
        everything = review.queue(self.app.db, self.story, self.config.annotator, Filters())
        outlets = [article.outlet or f"#{index + 1}" for index, article in enumerate(self.articles)]

        def done(filters: Filters | None) -> None:
            if filters is not None:
                self.filters = filters
                self.position = 0
                self.start()

        self.app.push_screen(ReviewFilterForm(self.filters, everything, [a.id for a in self.articles], outlets), done)

    def go_back(self) -> None:
        self.app.pop_screen()

    # Keeping up with the store

    def reload_annotations(self) -> None:
        super().reload_annotations()
        if self.items:
            self.decided = review.decisions(self.app.db, self.config.annotator, [item.id for item in self.items])
            self.bar.show(self)

    def _after_history(self, what: str) -> Callable[[Any], None]:
        """After undo/redo, go to the item whose decision it changed."""
        move = super()._after_history(what)

        def after(entry: dict | None) -> None:
            move(entry)
            if entry is None:
                return
            row = json.loads(entry["after"] or entry["before"] or "{}")
            sources = {link["dst_annotation"] for link in row.get("links", ())}
            for index, item in enumerate(self.items):
                if item.id in sources or self.decided.get(item.id, {}).get("id") == row.get("id"):
                    self.position = index
                    self.show_item()
                    return

        return after
