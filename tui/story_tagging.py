"""Tagging and editing in the story view: label keys, delete, relabel, the
attribute form, undo and redo, yank.

An annotator's keys change only their own annotations. On someone else's
label or a suggestion, `x`, `r` and a label key record the annotator's own
review decision (store.review: reject, or accept as a label, linked
`review_of`); the other's row is never changed. `x` on one's own decision
withdraws it.

Mixed into `StoryScreen`; every change goes through `Saving.save`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parallax.store.spans import strip_span

from . import clipboard
from .sanitize import display_text
from .writer import annotation_write


class Tagging:
    relabel_pending = False

    def selected_span(self) -> tuple[tuple[int, int], bool]:
        """The selection, else the sentence under the cursor; True when it was the sentence."""
        view = self.view
        if view.selection is not None:
            return view.selection, False
        return self.doc.sentence_at(view.cursor), True

    def action_tag(self, label: str) -> None:
        if self.relabel_pending:
            self.relabel_pending = False
            self.status.mode = ""
            self._relabel(label)
            return
        view, doc, article = self.view, self.doc, self.articles[self.current]
        (start, end), whole_sentence = self.selected_span()
        start, end = strip_span(doc.text, start, end)
        if start >= end:
            self.notify("Nothing to tag here", severity="warning")
            return
        # An unsaved tag counts too: a key pressed twice faster than the
        # commit must not store the same span twice.
        same = [r for r in doc.annotations
                if (r["start"], r["end"], r["label"], r["annotator"]) == (start, end, label, self.config.annotator)]
        theirs = [r for r in doc.annotations if (r["start"], r["end"]) == (start, end) and not r.get("unsaved")
                  and r["annotator"] != self.config.annotator]
        if any(r.get("failed") for r in same):
            self.retry_failed()  # the same tag again: store it (and the other failed writes) now, once
        elif same:
            self.notify(f"Already tagged {label}")
        elif theirs and whole_sentence:
            # Their label on this very sentence: the key is a decision on it, not a second tag.
            self._decide(theirs[0], "accepted", label)
        else:
            row = self.draw_unsaved(article.id, start, end, label)
            self.save(annotation_write("add"), article.id, start, end, label, self.config.annotator, unsaved=row)
        view.cancel_selection()
        self.status.mode = ""
        if whole_sentence and self.config.advance_after_tag:
            # From the tagged sentence, not the cursor: on the blank between two
            # sentences the cursor's "next" would be the sentence just tagged.
            view.move_to(doc.next_sentence(start))

    def annotation_here(self) -> dict | None:
        rows = self.doc.annotations_at(self.view.cursor)
        if not rows:
            return None
        mine = [r for r in rows if r["annotator"] == self.config.annotator]
        return min(mine or rows, key=lambda r: r["end"] - r["start"])

    def stored_annotation_here(self, what: str) -> dict | None:
        """The annotation to change, or None (and why) when there is none or it is not stored yet."""
        row = self.annotation_here()
        if row is None:
            self.notify(f"No annotation under the cursor{what}", severity="warning")
        elif row.get("unsaved"):
            self.notify("That tag is still being saved; try again in a moment", severity="warning")
            return None
        return row

    def is_mine(self, row: dict) -> bool:
        return row["annotator"] == self.config.annotator

    def action_delete(self) -> None:
        row = self.stored_annotation_here("")
        if row is None:
            return
        if self.is_mine(row):
            self.save(annotation_write("delete"), row["id"], self.config.annotator)
        else:
            self._decide(row, "rejected", None)

    def action_relabel(self) -> None:
        if self.stored_annotation_here("") is None:
            return
        self.relabel_pending = True
        self.status.mode = "RELABEL: press a label key"

    def _relabel(self, label: str) -> None:
        row = self.stored_annotation_here("")
        if row is None:
            return
        if not self.is_mine(row):
            self._decide(row, "accepted", label)
        elif row["status"] == "rejected":
            # One's own rejection, relabelled: now an acceptance with that label.
            self.save(annotation_write("update"), row["id"], self.config.annotator, label=label, status="accepted")
        elif row["label"] != label:
            self.save(annotation_write("update"), row["id"], self.config.annotator, label=label)

    def _decide(self, row: dict, status: str, label: str | None) -> None:
        """The annotator's own decision on someone else's annotation; theirs stays as it is."""
        whose = "the suggestion" if row["status"] == "suggested" else f"{row['annotator']}'s {row['label']}"
        what = f"Rejected {whose}" if status == "rejected" else f"Accepted {whose} as {label}"

        def said(_: Any) -> None:
            self.notify(f"{what}: your decision, linked to it; theirs is unchanged (x on yours withdraws it)")

        self.save(annotation_write("decide", "review"), self.config.annotator, row["id"], status, label=label,
                  after=said)

    def action_edit(self) -> None:
        import json

        from .annotation_form import AnnotationForm
        from .speaker_field import speaker_choices

        if self.retry_failed():  # the status line says: Enter to retry
            return
        row = self.stored_annotation_here(": tag one first")
        if row is None:
            return
        if not self.is_mine(row):
            self.notify(f"That is {row['annotator']}'s {row['label']}: r or a label key records your decision on it, "
                        "x rejects it; then Enter edits yours", severity="warning")
            return
        speakers = speaker_choices(self.story_groups())

        def done(changes: dict | None) -> None:
            if changes is not None:
                self.save(annotation_write("update"), row["id"], self.config.annotator, **changes)

        self.app.push_screen(AnnotationForm(row, json.loads(row["attrs"] or "{}"), speakers), done)

    def action_undo(self) -> None:
        self.save(annotation_write("undo"), self.config.annotator, after=self._after_history("undo"))

    def action_redo(self) -> None:
        self.save(annotation_write("redo"), self.config.annotator, after=self._after_history("redo"))

    def _after_history(self, what: str) -> Callable[[Any], None]:
        import json

        def after(entry: dict | None) -> None:
            if entry is None:
                self.notify(f"Nothing to {what}")
                return
            self.notify(f"{what.capitalize()}: {entry['op']}")
            row = json.loads(entry["before"] or entry["after"] or "{}")
            for index, article in enumerate(self.articles):
                if article.id == row.get("article_id"):
                    self.current = index
                    self.view.move_to(row["start"])

        return after

    def action_yank(self) -> None:
        view, article = self.view, self.articles[self.current]
        if view.selection is not None:
            start, end = view.selection
        elif (row := self.annotation_here()) is not None:
            start, end = row["start"], row["end"]
        else:
            start, end = self.doc.sentence_at(view.cursor)
        # What the screen shows (doc.text, same offsets): control characters in an
        # article must not reach the clipboard, and from there a terminal, either.
        source = (display_text(part) if part else part for part in (article.outlet, article.title, article.published))
        text = clipboard.citation(self.doc.text[start:end].strip(), *source)
        how = clipboard.copy(self.app, text)
        self.notify(f"Copied {end - start} characters with citation via {how}")
