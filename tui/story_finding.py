"""Finding in the story view: search in a column or across the story, the
entity under the cursor in every column, and aligning the other columns to
the current sentence.

`/` finds the typed text in this column, case-insensitively, inside words
too; `^f` searches the whole story as a reader means it (a phrase, in any
inflection: `analysis.text_search`). `n` / `N` walk every match in reading
order — column by column, left to right — moving to the match's column.

Mixed into `StoryScreen`; the entity table, the alignment scoring and the
stemmer load when first used, not on the way to the first frame."""

from __future__ import annotations

from textual.widgets import Input

from .document import Mark
from .sanitize import display_text


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
            from parallax.analysis.text_search import Query

            parsed = Query.parse(query)
            marks = {i: parsed.find(self.search_tokens(i)) for i in range(len(self.docs))} if parsed else {}
        for index, column in enumerate(self.columns):
            column.view.set_marks("match", [Mark(s, e, "match") for s, e in marks.get(index, [])])
        total = sum(len(v) for v in marks.values())
        shown = display_text(query)
        if not total:
            self.notify(f"No match for '{shown}'", severity="warning")
            return
        if not marks.get(self.current):
            self.current = min(i for i, found in marks.items() if found)
            self.view.move_to(0)
        self.action_match(1, from_cursor=True)
        where = "" if self.search_scope == "column" else f" in {sum(1 for v in marks.values() if v)} articles"
        self.notify(f"{total} matches{where} for '{shown}' · n / N for next / previous")

    def search_tokens(self, index: int) -> list:
        """The words of column `index` with their stems, made at the first story search."""
        from parallax.analysis.text_search import tokens

        cache = self.__dict__.setdefault("_search_tokens", {})
        if index not in cache:
            cache[index] = tokens(self.docs[index].text)
        return cache[index]

    def action_match(self, delta: int, from_cursor: bool = False) -> None:
        """The next (previous) match in reading order, in this column or the next one that has one."""
        found = sorted((index, mark.start) for index, column in enumerate(self.columns)
                       for mark in column.view.marks("match"))
        if not found:
            self.app.bell()
            return
        here = (self.current, self.view.cursor)
        if from_cursor:
            ahead = [place for place in found if place >= here]
        elif delta > 0:
            ahead = [place for place in found if place > here]
        else:
            ahead = [place for place in found if place < here][::-1]
        index, start = ahead[0] if ahead else (found[0] if delta > 0 else found[-1])
        self.current = index
        self.view.move_to(start)

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
