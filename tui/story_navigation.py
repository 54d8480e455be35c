"""Moving and selecting in the story view: motions by word, line, sentence,
paragraph, page, entity and annotation; columns; the selection.

Mixed into `StoryScreen`; the motions themselves are `ArticleDoc` methods."""

from __future__ import annotations

from collections.abc import Callable

SEARCH_MARKS = ("match", "focus", "aligned")
"""What Esc clears before it leaves the screen."""


class Navigation:
    def action_move(self, motion: str) -> None:
        view, doc = self.view, self.doc
        pos = view.cursor
        selecting = view.anchor is not None
        by_lines = {"line_down": view.line_down, "line_up": view.line_up,
                    "page_down": view.page_down, "page_up": view.page_up}
        if motion in by_lines:
            by_lines[motion](select=selecting)
            return
        targets: dict[str, Callable[[], int | None]] = {
            "next_sentence": lambda: doc.next_sentence(pos),
            "prev_sentence": lambda: doc.prev_sentence(pos),
            "next_paragraph": lambda: doc.next_paragraph(pos),
            "prev_paragraph": lambda: doc.prev_paragraph(pos),
            "next_word": lambda: doc.next_word(pos),
            "prev_word": lambda: doc.prev_word(pos),
            "top": lambda: 0,
            "bottom": lambda: max(0, len(doc.text) - 1),
            "next_entity": lambda: doc.next_entity(pos),
            "prev_entity": lambda: doc.prev_entity(pos),
            "next_annotation": lambda: doc.next_annotation(pos),
            "prev_annotation": lambda: doc.prev_annotation(pos),
        }
        target = targets[motion]()
        if target is None:
            self.app.bell()
            return
        view.move_to(target, select=selecting)

    def action_column(self, delta: int) -> None:
        if self.articles:
            self.current = (self.current + delta) % len(self.articles)

    # Selecting

    def action_select_start(self) -> None:
        if self.view.anchor is None:
            self.view.start_selection()
            self.status.mode = "SELECT"
        else:
            self.view.cancel_selection()
            self.status.mode = ""

    def action_select_sentence(self) -> None:
        self._select(*self.doc.sentence_at(self.view.cursor))

    def action_select_quote(self) -> None:
        span = self.doc.quote_at(self.view.cursor)
        if span is None:
            self.notify("No quotation here", severity="warning")
            return
        self._select(*span)

    def action_select_clause(self) -> None:
        view = self.view
        if view.anchor is None:
            view.start_selection()
            self.status.mode = "SELECT"
        view.move_to(self.doc.clause_end(view.cursor), select=True)

    def _select(self, start: int, end: int) -> None:
        view = self.view
        view.cancel_selection()
        view.move_to(start)
        view.start_selection()
        view.move_to(max(start, end - 1), select=True)
        self.status.mode = "SELECT"

    def action_cancel(self) -> None:
        view = self.view
        if view.anchor is not None:
            view.cancel_selection()
        elif self.relabel_pending:
            self.relabel_pending = False
        elif self.discard_failed():
            pass
        elif any(column.view.marks(kind) for column in self.columns for kind in SEARCH_MARKS):
            for column in self.columns:
                for kind in SEARCH_MARKS:
                    column.view.set_marks(kind, [])
        else:
            self.go_back()
            return
        self.status.mode = ""

    def go_back(self) -> None:
        self.app.show_story_list()
