"""The story view's side of the comparison: `C` opens the comparison screen
(and Enter there comes back to a span), `*` focuses the entity group under
the cursor (every mention of the person, place or organisation, however
each outlet writes it, and the group × article table), `M` merges that
group into another or splits the name out (`store.entity_groups`).

The comparison is made ahead: once the reader has had no key for
IDLE_SECONDS (after start-up, after a change), `comparison_keeper` makes the
current version's on its own thread, and `C` finds it made. The screen is
made on the first `C` and kept (installed) while the reader lives.

Mixed into `StoryScreen`. The groups come from `analysis.entity_groups`
(kept per story until its entities or group edits change)."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from parallax.store import reading
from parallax.store.errors import StoreError

from .document import Mark
from .sanitize import display_text

if TYPE_CHECKING:  # the comparison's modules load on C (or on the keeper's thread), not with the first frame
    from .compare_screen import CompareScreen
    from .compare_views import Target
    from .comparison_keeper import ComparisonKeeper, Prepared

IDLE_SECONDS = 1.0
"""No key for this long, and the reader makes the comparison ahead (on a thread)."""
IDLE_CHECK_SECONDS = 0.5


class Comparing:
    _keeper: ComparisonKeeper | None = None
    _compare_screen: CompareScreen | None = None
    _last_key = 0.0

    def story_groups(self) -> Any:
        from parallax.analysis.entity_groups import story_groups

        return story_groups(self.app.db, self.story)

    @property
    def keeper(self) -> ComparisonKeeper:
        """This story's keeper; review mode over the story's reader uses the reader's (one thread,
        each version made once), which goes when the reader goes, not with the review."""
        owner = next((screen for screen in self.app.screen_stack
                      if isinstance(screen, Comparing) and screen.story == self.story), self)
        if owner is not self:
            return owner.keeper
        if self._keeper is None:
            from .comparison_keeper import ComparisonKeeper

            self._keeper = ComparisonKeeper(self.app.db_path, self.story, self.palette)
        return self._keeper

    def comparison(self) -> Prepared:
        """The story's comparison and its matrix's table, made again only when the database changed."""
        return self.keeper.get(reading.data_version(self.app.reader), self.app.db)

    async def action_compare(self) -> None:
        from .compare_screen import CompareScreen

        await self.app.writes_landed()  # a tag typed just before C is part of what the user compares
        prepared = self.comparison()
        screen = self._compare_screen
        if screen is None:
            screen = self._compare_screen = CompareScreen(prepared, self.palette, self.jump_to, self.mention_target)
            self.app.install_screen(screen, f"compare-{id(self)}")
        else:
            await screen.show(prepared)
        self.app.push_screen(screen)

    def start_comparing_ahead(self) -> None:
        """After the first frame: from now on, an idle reader keeps the comparison made."""
        self._last_key = time.monotonic()
        self.set_interval(IDLE_CHECK_SECONDS, self.compare_ahead)

    def compare_ahead(self) -> None:
        """Start making the current version's comparison on the keeper's thread, if the reader is idle
        (no key for IDLE_SECONDS, no write on its way) and nobody has made it yet."""
        if time.monotonic() - self._last_key < IDLE_SECONDS or self.status.pending or not self.is_current:
            return
        try:
            version = reading.data_version(self.app.reader)
        except (StoreError, sqlite3.OperationalError):  # busy or gone for a moment: the next check asks again
            return
        self.keeper.start(version)

    def key_pressed(self) -> None:
        self._last_key = time.monotonic()

    def stop_comparing(self) -> None:
        """The reader goes: its thread and its comparison screen go with it."""
        if self._keeper is not None:
            self._keeper.close()
        screen = self._compare_screen
        if screen is not None and screen not in self.app.screen_stack:
            self.app.uninstall_screen(screen)
            if screen.is_running:
                screen.remove()

    def jump_to(self, target: Target) -> None:
        if target.annotation_id is not None:
            self.go_to_annotation(target.annotation_id)
        elif target.article_id is not None and target.start is not None:
            self.current = [a.id for a in self.articles].index(target.article_id)
            self.view.move_to(target.start, center=True)

    def mention_target(self, group_id: str, article_id: int) -> Target | None:
        from .compare_views import Target

        group = self.story_groups().get(group_id)
        mentions = [m for m in group.mentions if m.article_id == article_id] if group else []
        return Target(article_id, start=mentions[0].start) if mentions else None

    # Entity groups

    def group_here(self) -> tuple[tuple, Any] | None:
        entity = self.doc.entity_at(self.view.cursor)
        if entity is None:
            return None
        article_id = self.articles[self.current].id
        return entity, self.story_groups().at(article_id, entity[0], entity[1])

    def action_entity_focus(self) -> None:
        from .entity_table import EntityTableScreen

        found = self.group_here()
        if found is None:
            self.notify("No entity under the cursor (e / E jump to one)", severity="warning")
            return
        entity, group = found
        if group is None:  # MISC and other labels are not grouped: mentions by name
            super().action_entity_focus()
            return
        groups = self.story_groups()
        self.mark_group(group)
        columns = {a.id: i for i, a in enumerate(self.articles)}
        counts, names = {}, {}
        for g in groups.groups:
            per_column = Counter(columns[m.article_id] for m in g.mentions if m.article_id in columns)
            counts[(g.id, g.label)] = [per_column.get(i, 0) for i in range(len(self.articles))]
            names[g.id] = g.name
        outlets = [a.outlet or f"#{i + 1}" for i, a in enumerate(self.articles)]
        self.app.push_screen(EntityTableScreen(outlets, counts, group.id, names), self._group_jump)

    def mark_group(self, group: Any) -> None:
        for column, article in zip(self.columns, self.articles):
            column.view.set_marks("focus", [Mark(m.start, m.end, "focus") for m in group.mentions
                                            if m.article_id == article.id])

    def _group_jump(self, jump: Any) -> None:
        if jump is None:
            return
        group = self.story_groups().get(jump.key)
        if group is None:
            return
        self.mark_group(group)
        target = self.mention_target(group.id, self.articles[jump.column].id)
        if target is None:
            self.notify("Not mentioned in that article", severity="warning")
            return
        self.jump_to(target)

    def action_entity_group(self) -> None:
        from .group_picker import GroupPicker

        found = self.group_here()
        if found is None or found[1] is None:
            self.notify("No person, place or organisation under the cursor", severity="warning")
            return
        entity, group = found
        others = [g for g in self.story_groups().groups if g.label == group.label and g.id != group.id]
        article_id = self.articles[self.current].id

        def done(choice: Any) -> None:
            if choice is None:
                return
            op, target = choice
            self.save(group_write, article_id, op, group.label, entity[3], self.config.annotator,
                      target=target, after=lambda _: self._regrouped(entity, op, target))

        self.app.push_screen(GroupPicker(entity[3], group, others), done)

    def _regrouped(self, entity: tuple, op: str, target: str | None) -> None:
        found = self.group_here()
        if found is not None and found[1] is not None:
            self.mark_group(found[1])
        shown = f"into {display_text(target or '')}" if op == "merge" else "out into a group of its own"
        self.notify(f"{display_text(entity[3])}: {op} {shown} (every article of the story)")


def group_write(db: Any, *args: Any, **kwargs: Any) -> Any:
    """`store.entity_groups.add_edit` on the writer thread."""
    from parallax.store.entity_groups import add_edit

    return add_edit(db, *args, **kwargs)
