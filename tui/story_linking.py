"""Links in the story view: start one on an annotation (L), move anywhere,
finish it with a kind's key (= same, ! contradicts, + elaborates); walk to
the linked annotation (' again and again cycles through them and back);
delete the link shown (X: one's own is removed, anyone else's rejected — a
decision of one's own, `store.links`); suggestions for the annotation under
the cursor (S) and for the whole story (the palette).

Mixed into `StoryScreen`; every change goes through `Saving.save`, so undo,
redo and "saved" work as for tags. What is shown comes from `link_marks`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from parallax.store.link_reading import story_links

from .link_marks import ShownLink, describe, gutter_marks, shown_links, signs
from .sanitize import display_text

SNIPPET = 40


def link_write(name: str) -> Callable[..., Any]:
    """`parallax.store.links.<name>`, looked up on the writer thread (see `writer.annotation_write`)."""

    def write(db: Any, *args: Any, **kwargs: Any) -> Any:
        from parallax.store import links

        return getattr(links, name)(db, *args, **kwargs)

    write.__name__ = f"link_{name}"
    return write


class Linking:
    link_source: dict | None = None
    """The annotation a link was started on (L), until a kind key finishes it."""

    def init_linking(self) -> None:
        self._links: dict[str, list[ShownLink]] = {}
        self._placed: dict[str, tuple[int, dict]] = {}
        self._current_link: dict[str, str] = {}
        self._walk: tuple[list[tuple[str, str]], int] | None = None
        self._link_focus: tuple[int, int, str] | None = None

    # Keeping up with the store

    def reload_annotations(self) -> None:
        super().reload_annotations()
        self.load_links()

    def load_links(self) -> None:
        """Read the links (after the first frame, and after every reload of the annotations)."""
        rows = story_links(self.app.reader, [a.id for a in self.articles])
        self._links = shown_links(rows, self.config.annotator)
        # The rows as stored: the columns keep a row whose attributes alone changed.
        self._placed = {row["id"]: (index, row) for index, article in enumerate(self.articles)
                        for row in self._stored[article.id] + self._unsaved[article.id]}
        sign = signs(self.config.link_kinds)
        for column, article in zip(self.columns, self.articles):
            marks = gutter_marks(self._shown[article.id], self._links, sign)
            if marks != column.view.marks("link"):
                column.view.set_marks("link", marks)
        self.describe_cursor()

    def linked_here(self) -> dict | None:
        """The annotation under the cursor (as stored); right after a walk, the one walked to."""
        focus = self._link_focus
        if focus and focus[:2] == (self.current, self.view.cursor) and focus[2] in self._placed:
            return self._placed[focus[2]][1]
        row = self.annotation_here()
        return self._placed.get(row["id"], (0, row))[1] if row else None

    def link_details(self) -> str:
        """The status line's list of the links of the annotation under the cursor."""
        row = self.linked_here()
        links = self._links.get(row["id"]) if row else None
        if not links:
            return ""
        ends = {}
        for link in links:
            other = link.other(row["id"])
            if other in self._placed:
                index, found = self._placed[other]
                ends[other] = (self.articles[index].outlet or f"#{index + 1}", found["label"])
        return describe(row["id"], links, ends, signs(self.config.link_kinds), self.config.annotator,
                        self._current_link.get(row["id"]))

    # Making and deleting links

    def action_link_start(self) -> None:
        row = self.stored_annotation_here(": tag one first, then L links from it")
        if row is None:
            return
        self.link_source = row
        outlet = self.articles[self.current].outlet or f"#{self.current + 1}"
        keys = " · ".join(f"{kind.mark} {kind.name}" for kind in self.config.link_kinds)
        self.status.mode = (f"link from: {row['label']}, {display_text(outlet)} "
                            f"„{snippet(row['text'])}“ → move, then {keys} (Esc cancels)")

    def action_link_finish(self, kind: str) -> None:
        source = self.link_source
        if source is None:
            self.notify("Start a link with L on an annotation, then move to the other one", severity="warning")
            return
        target = self.stored_annotation_here(": move to an annotation to link to")
        if target is None:
            return
        if target["id"] == source["id"]:
            self.notify("That is where the link starts: move to another annotation", severity="warning")
            return
        self.link_source = None
        self.status.mode = ""
        self.save(link_write("add"), source["id"], target["id"], kind, self.config.annotator,
                  after=lambda link: self._linked(link, source, target))

    def _linked(self, link: Any, source: dict, target: dict) -> None:
        self._current_link[target["id"]] = self._current_link[source["id"]] = link.id
        self.load_links()
        self.notify(f"Linked: {source['label']} {link.kind} {target['label']}")

    def action_link_delete(self) -> None:
        row = self.linked_here()
        links = self._links.get(row["id"]) if row else None
        if not links:
            self.notify("No links on this annotation", severity="warning")
            return
        current = self._current_link.get(row["id"])
        link = next((found for found in links if found.target == current), links[0])

        def done(result: Any) -> None:
            if result.outcome == "removed":
                self.notify(f"Deleted your {link.kind} link")
            else:
                self.notify(f"Rejected {display_text(link.annotator)}'s {link.kind} link "
                            "(your decision; theirs stays)")

        self.save(link_write("delete"), link.target, self.config.annotator, after=done)

    def action_cancel(self) -> None:
        if self.link_source is not None:
            self.link_source = None
            self.status.mode = ""
            return
        super().action_cancel()

    # Walking

    def action_link_walk(self) -> None:
        row = self.linked_here()
        links = self._links.get(row["id"]) if row else None
        if not links:
            self.notify("No links on this annotation (L starts one)", severity="warning")
            return
        walk = self._walk
        if walk is not None and walk[0][walk[1]][0] == row["id"]:
            cycle, position = walk[0], (walk[1] + 1) % len(walk[0])
        else:
            # The origin's links in turn, then back to the origin.
            cycle = [(link.other(row["id"]), link.target) for link in links] + [(row["id"], links[-1].target)]
            position = 0
        self._walk = (cycle, position)
        self.go_to_annotation(*cycle[position])

    def go_to_annotation(self, annotation_id: str, link_id: str | None = None) -> None:
        found = self._placed.get(annotation_id)
        if found is None:
            self.notify("That annotation is not in this story (deleted?)", severity="warning")
            return
        index, row = found
        if link_id:
            self._current_link[annotation_id] = link_id
        self.current = index
        self.view.cancel_selection()
        self.view.move_to(row["start"], center=True)
        self._link_focus = (index, self.view.cursor, annotation_id)
        self.describe_cursor()

    def _after_history(self, what: str) -> Callable[[Any], None]:
        """After undoing or redoing a link change, go to the link's source."""
        move = super()._after_history(what)

        def after(entry: dict | None) -> None:
            move(entry)
            if entry is not None and entry.get("link_id"):
                import json

                row = json.loads(entry["before"] or entry["after"] or "{}")
                self.load_links()
                if row.get("src_annotation") in self._placed:
                    self.go_to_annotation(row["src_annotation"])

        return after

    # Suggestions

    def action_link_suggest(self) -> None:
        from .link_suggestions import LinkCandidatesScreen, candidates_for

        row = self.stored_annotation_here(": suggestions are for quotes and claims")
        if row is None:
            return
        found = candidates_for(self, row)
        if not found:
            self.notify(f"No counterparts found for this {row['label']} in the other articles", severity="warning")
            return

        def done(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                target, kind = choice
                self.save(link_write("add"), row["id"], target, kind, self.config.annotator,
                          after=lambda link: self._linked(link, row, self._placed[target][1]))

        self.app.push_screen(LinkCandidatesScreen(found, self.config.link_kinds), done)

    def suggest_story_links(self) -> None:
        """The palette's "Suggest links": the story's suggester in a thread, its pairs stored by the writer."""
        self.notify("Suggesting links between the outlets…")
        self.run_worker(self._suggest_story_links(), group="link-suggest", exclusive=True)

    async def _suggest_story_links(self) -> None:
        from parallax.analysis.link_suggest import ANNOTATOR

        from .link_suggestions import story_candidates

        found = await asyncio.to_thread(story_candidates, self.app.db_path, self.story)
        pairs = [(c.src, c.dst, c.kind, c.attrs()) for c in found]
        self.status.pending += 1
        try:
            added, present = await self.app.writer.run(link_write("add_suggested"), pairs, ANNOTATOR)
        finally:
            self.status.pending -= 1
        self.reload_annotations()
        self.notify(f"Links: {len(found)} suggested, {added} new, {present} linked already · K reviews them",
                    title="Link suggestions", timeout=10)

    def action_link_review(self) -> None:
        from .link_review import open_link_review

        open_link_review(self.app, self.story)


def snippet(text: str, width: int = SNIPPET) -> str:
    text = display_text(" ".join(text.split()))
    return text if len(text) <= width else text[:width - 1] + "…"
