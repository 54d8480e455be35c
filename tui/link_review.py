"""Review mode for links (K, `parallax review --links`): walk the suggested
links of the story one by one, both ends marked in their columns, and decide: accept, reject, or
accept as another kind (its key). A decision is one's own link with
`attrs.review_of` (`store.links.decide`); the suggestion is never changed."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult

from parallax.store import reading
from parallax.store.errors import StoreError

from .document import Mark
from .keymap import STORY_COMMANDS, Command
from .review_screen import ReviewBar, ReviewRequest, ReviewScreen
from .sanitize import display_text
from .story_linking import link_write

LINK_REVIEW_COMMANDS: tuple[Command, ...] = (
    Command("review_accept", "a", "decide('accepted')", "Accept the link as shown", "Review", footer=True,
            short="accept"),
    Command("review_reject", "x", "decide('rejected')", "Reject the link", "Review", footer=True, short="reject"),
    Command("review_skip", "space", "step(1)", "Skip to the next link", "Review", footer=True, short="skip"),
    Command("review_back", "backspace", "step(-1)", "Back to the previous link", "Review", footer=True,
            short="back"),
    Command("review_next_open", "full_stop", "next_open", "Next undecided link", "Review"),
)
"""With these, each link kind's key accepts the link as that kind."""


def link_review_commands(story_commands: tuple[Command, ...]) -> tuple[Command, ...]:
    taken = {key for command in LINK_REVIEW_COMMANDS for key in command.keys.split(",")}
    kept = tuple(c for c in story_commands if c.group not in ("Review", "Link")
                 and not taken.intersection(c.keys.split(",")))
    # The kind keys (added per configuration) need a Link group to follow.
    kept += (Command("link_walk", "apostrophe", "link_walk", "Go to the linked annotation", "Link"),)
    return kept + LINK_REVIEW_COMMANDS


class LinkReviewBar(ReviewBar):
    def show(self, screen: LinkReviewScreen) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" LINK REVIEW ", style="bold reverse")
        accepted, rejected = screen.tally()
        position = screen.position + 1 if screen.items else 0
        text.append(f" {position} / {len(screen.items)}, {accepted} accepted, {rejected} rejected ")
        link = screen.item
        if link is None:
            text.append("│ no suggested links: the palette's \"Suggest links\" makes some", style="dim")
            self.update(text)
            return
        text.append("│ ")
        text.append(f"{link.kind}", style="bold red" if link.kind == "contradicts" else "bold")
        text.append(f" {screen.end_name(link.src)} ⇄ {screen.end_name(link.dst)}")
        text.append(f" by {display_text(link.annotator)}", style="dim")
        score = link.attrs.get("score")
        if score is not None:
            text.append(f" ({score})", style="dim")
        decision = screen.decided.get(link.id)
        text.append(" │ ")
        if decision is None:
            text.append("open", style="italic")
        else:
            text.append(decision.status, style="bold green" if decision.status == "accepted" else "bold red")
            if decision.status == "accepted" and decision.kind != link.kind:
                text.append(f" as {decision.kind}")
        evidence = [str(v) for key in ("differing", "figures", "entities") for v in link.attrs.get(key) or []]
        if evidence:
            text.append(" │ " + display_text(", ".join(evidence)), style="dim")
        self.update(text)


class LinkReviewScreen(ReviewScreen):
    KEY_COMMANDS = link_review_commands(STORY_COMMANDS)

    def compose(self) -> ComposeResult:
        yield from super(ReviewScreen, self).compose()
        yield LinkReviewBar(id="review-bar")

    def end_name(self, annotation_id: str) -> str:
        found = self._placed.get(annotation_id)
        if found is None:
            return "?"
        index, row = found
        return f"{row['label']}, {display_text(self.articles[index].outlet or f'#{index + 1}')}"

    def load_items(self) -> None:
        from parallax.store import links

        db, me = self.app.db, self.config.annotator
        self.load_links()
        try:
            found = [link for link in links.for_story(db, reading.story_id(db, self.story))
                     if link.annotator != me and not link.review_of and link.status == "suggested"
                     and link.src in self._placed and link.dst in self._placed]
        except StoreError as err:
            found = []
            self.notify(str(err), title="No links to review", severity="warning", timeout=10)
        found.sort(key=lambda link: (self._placed[link.src][0], self._placed[link.src][1]["start"], link.id))
        self.items = found
        self.position = min(self.position, max(0, len(self.items) - 1))
        self.decided = links.decisions(db, me, [link.id for link in self.items])

    def start(self) -> None:
        self.load_items()
        self.position = next((i for i, link in enumerate(self.items) if link.id not in self.decided), 0)
        self.show_item()

    def tally(self) -> tuple[int, int]:
        statuses = [self.decided[link.id].status for link in self.items if link.id in self.decided]
        return statuses.count("accepted"), statuses.count("rejected")

    def show_item(self) -> None:
        for column in self.columns:
            column.view.set_marks("review", [])
        link = self.item
        if link is not None:
            # The other end first, so the link's source is where the cursor stays.
            for end in (link.dst, link.src):
                index, row = self._placed[end]
                self.columns[index].view.set_marks("review", [Mark(row["start"], row["end"], "review")])
                self.current = index
                self.view.move_to(row["start"], center=True)
            self._current_link[link.src] = self._current_link[link.dst] = link.id
            self.layout_columns()
            self.describe_cursor()
        self.bar.show(self)

    def layout_columns(self) -> None:
        """Both ends in view where the width allows."""
        super().layout_columns()
        link = self.item if self.items else None
        if link is None or self.zoomed:
            return
        other = self._placed[link.dst][0]
        count = self.visible_count()
        if count > 1 and not self.first_visible <= other < self.first_visible + count:
            lo, hi = sorted((other, self.current))
            if hi - lo < count:
                self.first_visible = lo
                for column in self.columns:
                    column.display = self.first_visible <= column.index < self.first_visible + count

    def action_decide(self, status: str, label: str | None = None, reject: tuple[str, ...] = ()) -> None:
        self._decide(status, None)

    def action_link_finish(self, kind: str) -> None:
        self._decide("accepted", kind)

    def _decide(self, status: str, kind: str | None) -> None:
        link = self.item
        if link is None:
            self.app.bell()
            return
        self.save(link_write("decide"), self.config.annotator, link.id, status, kind=kind)
        self.action_step(1)

    def action_tag(self, label: str) -> None:
        self.notify("Links are decided with a (accept), x (reject) or a kind's key", severity="warning")

    def reload_annotations(self) -> None:
        super(ReviewScreen, self).reload_annotations()
        if self.items:
            from parallax.store import links

            self.decided = links.decisions(self.app.db, self.config.annotator, [link.id for link in self.items])
            self.bar.show(self)

    def _after_history(self, what: str) -> Any:
        return super(ReviewScreen, self)._after_history(what)


def open_link_review(app: Any, story: str) -> None:
    """Link review on top of the reader: Esc comes back to it."""
    from .story_screen import story_screen_class

    name, articles, rows, source = app._story_parts(story)
    screen_class = story_screen_class(app.config, LinkReviewScreen)
    app.push_screen(screen_class(name, articles, rows, app.config, source, request=ReviewRequest()))
