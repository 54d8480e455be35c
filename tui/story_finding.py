"""Finding in the story view: search in a column or across the story, the
entity under the cursor in every column, and aligning the other columns to
the current sentence.

Mixed into `StoryScreen`; the entity table, the alignment scoring and the
full-text search load when first used, not on the way to the first frame."""

from __future__ import annotations

from textual.widgets import Input

from .document import Mark


class Finding:
    search_scope = "column"

    async def action_search(self, scope: str) -> None:
        self.search_scope = scope
        found = self.query("#search")
        if found:
            search_box = found.first(Input)
        else:
            # Mounted when first asked for: a hidden Input still costs the first frame.
            search_box = Input(id="search")
            await self.mount(search_box)
        search_box.placeholder = "Search this column" if scope == "column" else "Search the whole story"
        search_box.value = ""
        search_box.display = True
        # At once, not after the next message: the keys typed next are its (tui/typing_gate).
        self.set_focus(search_box)

    def submit_search(self, query: str) -> None:
        self.focus_current()
        if not query:
            return
        if self.search_scope == "column":
            marks = {self.current: occurrences(self.doc.text, [query])}
        else:
            from parallax.store.queries import search

            hits = {hit.article_id for hit in search(self.app.db, query, self.story)}
            marks = {i: occurrences(doc.text, query.split()) for i, doc in enumerate(self.docs)
                     if self.articles[i].id in hits}
        for index, column in enumerate(self.columns):
            column.view.set_marks("match", [Mark(s, e, "match") for s, e in marks.get(index, [])])
        total = sum(len(v) for v in marks.values())
        if not total:
            self.notify(f"No match for {query!r}", severity="warning")
            return
        if not marks.get(self.current):
            self.current = min(i for i, found in marks.items() if found)
        self.action_match(1)
        where = "" if self.search_scope == "column" else f" in {sum(1 for v in marks.values() if v)} articles"
        self.notify(f"{total} matches{where} · n / N for next / previous")

    def action_match(self, delta: int) -> None:
        view = self.view
        marks = sorted(view.marks("match"), key=lambda m: m.start)
        if not marks:
            self.app.bell()
            return
        ahead = [m for m in marks if (m.start > view.cursor if delta > 0 else m.start < view.cursor)]
        target = (ahead[0] if delta > 0 else ahead[-1]) if ahead else (marks[0] if delta > 0 else marks[-1])
        view.move_to(target.start)

    def action_entity_focus(self) -> None:
        from .align import normalise_entity
        from .entity_table import EntityTableScreen, mention_counts

        entity = self.doc.entity_at(self.view.cursor)
        if entity is None:
            self.notify("No entity under the cursor (e / E jump to one)", severity="warning")
            return
        key = normalise_entity(entity[3])
        names: dict[str, str] = {}
        for article in self.articles:
            for e in article.entities:
                names.setdefault(normalise_entity(e[3]), e[3])
        self.mark_entity(key)
        counts = mention_counts([a.entities for a in self.articles])
        outlets = [a.outlet or f"#{i + 1}" for i, a in enumerate(self.articles)]
        self.app.push_screen(EntityTableScreen(outlets, counts, key, names), self._jump)

    def mark_entity(self, key: str) -> None:
        from .align import normalise_entity

        for column, article in zip(self.columns, self.articles):
            column.view.set_marks("focus", [Mark(e[0], e[1], "focus") for e in article.entities
                                            if normalise_entity(e[3]) == key])

    def _jump(self, jump) -> None:
        from .align import normalise_entity

        if jump is None:
            return
        self.mark_entity(jump.key)
        mentions = [e for e in self.articles[jump.column].entities if normalise_entity(e[3]) == jump.key]
        if not mentions:
            self.notify("Not mentioned in that article", severity="warning")
            return
        self.current = jump.column
        self.view.move_to(mentions[0][0])

    def action_align(self) -> None:
        from .align import best_match, features

        source_doc, article = self.doc, self.articles[self.current]
        start, end = source_doc.sentence_at(self.view.cursor)
        wanted = features(article.text, start, end, article.entities)
        aligned = 0
        for index, (column, other) in enumerate(zip(self.columns, self.articles)):
            if index == self.current:
                continue
            match = best_match(wanted, other.text, other.sentences, other.entities)
            column.view.set_marks("aligned", [Mark(*match, "aligned")] if match else [])
            if match:
                aligned += 1
                column.view.move_to(match[0])
                column.view.scroll_to_pos(match[0], center=True)
        others = len(self.articles) - 1
        self.notify(f"Aligned {aligned} of {others} other columns" if aligned
                    else "No other article shares entities, numbers or words with this sentence")


def occurrences(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Case-insensitive places of each term. lower() keeps offsets for all but
    a few characters (İ); where it would not, search case-sensitively."""
    haystack = text.lower()
    same_length = len(haystack) == len(text)
    if not same_length:
        haystack = text
    found = []
    for term in terms:
        needle = term.lower() if same_length else term
        position = haystack.find(needle)
        while needle and position >= 0:
            found.append((position, position + len(needle)))
            position = haystack.find(needle, position + 1)
    return sorted(found)
