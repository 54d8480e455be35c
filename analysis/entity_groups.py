"""One entity per person, place and organisation within a story.

The recognizer's mentions are grouped (`analysis.names` says how a name is
normalised):
1. equal keys are one entity ("Kim Jong Un", "Kim Jong-un"; "Ruttes");
2. a longer name that differs from another only by a typo or a spelling
   variant (rapidfuzz ratio ≥ 90 with the same first word — rapidfuzz is a
   maintained C++ Levenshtein; "Yoon Suk Yeo" / "Yoon Suk Yeol") is the same;
3. persons and organisations: a name whose words all occur in exactly one
   longer name is that entity ("Rutte" → "Mark Rutte"; "Nato-Chef Mark Rutte"
   holds "Mark Rutte"); when several longer names hold it ("Kim": Kim Jong Un,
   Kim Yong-hyun) each mention goes to the nearest one named before it in
   its article, else after it, else to the most mentioned (places never join
   by parts: "Kiel" is not "Kiel-Holtenau");
4. an institution qualified by what stands before it is its own entity:
   "Südkoreas Außenministerium" and "das russische Außenministerium" are two;
   an unqualified "Außenministerium" joins the one qualified form of its
   article, if there is exactly one.
Manual edits (`store.entity_groups`) are applied last, in order, and win.

Pure functions over plain tuples; `story_groups` reads them from the store.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from sqlite_utils import Database

from parallax.store.articles import story_id_for_name
from parallax.store.entity_groups import GroupEdit, story_edits

from . import names

GROUPED = ("PER", "ORG", "LOC")
SPLIT = "(split)"
"""Ends the key of a group made by a manual split, so it never meets a computed one."""
FUZZY_MIN = 90.0
_BY_PARTS = ("PER", "ORG")


@dataclass(frozen=True)
class Mention:
    article_id: int
    start: int
    end: int
    label: str
    text: str
    form: str
    """How the outlet writes it, with the qualifier or titles before it
    ("Südkoreas Außenministerium", "Nato-Chef Mark Rutte")."""
    key: tuple[str, ...]


@dataclass
class EntityGroup:
    id: str
    """`LABEL:key` of the group's name; stable while the story keeps that name."""
    label: str
    name: str
    mentions: list[Mention] = field(default_factory=list)

    def forms(self, article_id: int | None = None) -> Counter[str]:
        return Counter(m.form for m in self.mentions if article_id is None or m.article_id == article_id)


@dataclass
class EntityGroups:
    groups: list[EntityGroup]
    _by_id: dict[str, EntityGroup] = field(default_factory=dict, repr=False)
    _by_article: dict[int, list[tuple[int, int, Mention, EntityGroup]]] = field(default_factory=dict, repr=False)

    _by_key: dict[tuple[str, tuple[str, ...]], list[EntityGroup]] = field(default_factory=dict, repr=False)
    _names: dict[tuple[str, tuple[str, ...]], EntityGroup | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for group in self.groups:
            self._by_id[group.id] = group
            for m in group.mentions:
                self._by_article.setdefault(m.article_id, []).append((m.start, m.end, m, group))
                holders = self._by_key.setdefault((group.label, m.key), [])
                if group not in holders:
                    holders.append(group)
        for items in self._by_article.values():
            items.sort(key=lambda item: (item[0], item[1]))

    def get(self, group_id: str | None) -> EntityGroup | None:
        """A group by id; an id from before the story changed still finds the
        group holding the name it was made from."""
        if not group_id:
            return None
        if group_id in self._by_id:
            return self._by_id[group_id]
        label, _, key = group_id.partition(":")
        holders = self._by_key.get((label, tuple(key.split())))
        return holders[0] if holders else None

    def at(self, article_id: int, start: int, end: int) -> EntityGroup | None:
        """The group of the mention overlapping [start, end) (the first one)."""
        found = self.within(article_id, start, end, overlap=True)
        return found[0][1] if found else None

    def within(self, article_id: int, start: int, end: int, *, overlap: bool = False) -> list[tuple[Mention, EntityGroup]]:
        """The mentions inside [start, end) (or overlapping it), in text order."""
        items = self._by_article.get(article_id, [])
        stop = bisect_right(items, (end,), key=lambda item: (item[0],))
        return [(m, g) for s, e, m, g in items[:stop] if (e > start if overlap else s >= start and e <= end)]

    def for_name(self, text: str, labels: Sequence[str] = ("PER", "ORG")) -> EntityGroup | None:
        """The group a free-typed name (a speaker) means: equal key, else the
        one group whose key holds all its words."""
        for label in labels:
            key = names.raw_key(text, label)
            if (label, key) not in self._names:
                self._names[(label, key)] = self._named(label, key)
            if self._names[(label, key)] is not None:
                return self._names[(label, key)]
        return None

    def _named(self, label: str, key: tuple[str, ...]) -> EntityGroup | None:
        exact = self._by_key.get((label, key))
        if exact:
            return max(exact, key=lambda g: len(g.mentions))
        holding = {g.id: g for (lab, k), groups in self._by_key.items() if lab == label and key and set(key) <= set(k)
                   for g in groups}
        return next(iter(holding.values())) if len(holding) == 1 else None


_CACHE: dict[tuple[str, int], tuple[tuple, EntityGroups]] = {}
"""(database file, story id) → (what the grouping was made from, the groups)."""


def story_groups(db: Database, story: str) -> EntityGroups:
    """The story's groups; made again only when its articles, entities or
    group edits changed (the grouping is the slowest part of reading a
    story for the comparison, and changes only with imports and edits)."""
    return story_groups_later(db, story)()


def story_groups_later(db: Database, story: str) -> Callable[[], EntityGroups]:
    """`story_groups` in two steps: what the groups are made from is read now
    (in the caller's read transaction, if it has one), the grouping is done on
    the first call (a comparison that shows only its coverage matrix never
    needs it)."""
    story_id = story_id_for_name(db, story)
    version = _version(db, story_id)
    key = (db.execute("PRAGMA database_list").fetchone()[2] or f"memory:{id(db)}", story_id)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == version:
        return lambda: cached[1]
    made = _read_mentions(db, story_id)

    @cache
    def grouped() -> EntityGroups:
        groups = group_mentions(*made)
        _CACHE[key] = (version, groups)
        return groups

    return grouped


def _version(db: Database, story_id: int) -> tuple:
    articles = db.execute("SELECT group_concat(id), count(*) FROM articles WHERE story_id = ?", [story_id]).fetchone()
    entities = db.execute("SELECT count(*) FROM entities WHERE article_id IN (SELECT id FROM articles "
                          "WHERE story_id = ?)", [story_id]).fetchone()
    edits = db.execute("SELECT count(*), max(e.id) FROM entity_group_edits e JOIN articles a ON a.id = e.article_id "
                       "WHERE a.story_id = ?", [story_id]).fetchone()
    return (*articles, *entities, *edits)


def _read_mentions(db: Database, story_id: int) -> tuple:
    """`group_mentions`' arguments."""
    texts = dict(db.execute("SELECT id, text FROM articles WHERE story_id = ?", [story_id]).fetchall())
    sentences: dict[int, list[int]] = defaultdict(list)
    for article_id, start in db.execute(
            "SELECT s.article_id, s.start FROM sentences s JOIN articles a ON a.id = s.article_id "
            "WHERE a.story_id = ? ORDER BY s.article_id, s.start", [story_id]):
        sentences[article_id].append(start)
    rows = db.execute('SELECT e.article_id, e.start, e."end", e.label, e.text FROM entities e '
                      "JOIN articles a ON a.id = e.article_id WHERE a.story_id = ? "
                      'ORDER BY e.article_id, e.start, e."end"', [story_id]).fetchall()
    return rows, texts, sentences, story_edits(db, story_id)


def group_mentions(entities: Iterable[tuple[int, int, int, str, str]], texts: dict[int, str],
                   sentence_starts: dict[int, list[int]] | None = None,
                   edits: Sequence[GroupEdit] = ()) -> EntityGroups:
    """Group (article_id, start, end, label, text) mentions; see the module docstring."""
    entities = [e for e in entities if e[3] in GROUPED]
    raw_key = cache(names.raw_key)  # a story names the same few people again and again: each name once
    known = {w for e in entities for w in raw_key(e[4], e[3])}
    places = {w for e in entities if e[3] == "LOC" for w in raw_key(e[4], "LOC")}
    mentions = [_mention(e, texts.get(e[0], ""), (sentence_starts or {}).get(e[0], []), known, places, raw_key)
                for e in entities]
    assigned = _assign(mentions)
    assigned = _apply_edits(mentions, assigned, edits, known)
    members: dict[tuple[str, tuple[str, ...]], list[Mention]] = defaultdict(list)
    for mention, anchor in zip(mentions, assigned):
        members[(mention.label, anchor)].append(mention)
    groups = [_group(label, anchor, found) for (label, anchor), found in members.items()]
    groups.sort(key=lambda g: (-len(g.mentions), g.label, g.name))
    return EntityGroups(groups)


def _mention(entity: tuple[int, int, int, str, str], text: str, sentence_starts: list[int],
             known: set[str], places: set[str], raw_key: Callable[[str, str], tuple[str, ...]]) -> Mention:
    article_id, start, end, label, surface = entity
    key = names.strip_genitive(raw_key(surface, label), known)
    begin = start
    if label == "ORG":
        found = names.qualifier(text, start, places)
        if found is not None:
            key, begin = (found[0], *key), found[1]
    elif label == "PER" and text:
        index = bisect_right(sentence_starts, start) - 1
        begin = names.epithet_start(text, start, sentence_starts[index] if index >= 0 else 0)
    form = " ".join(text[begin:end].split()) if text and begin < start else surface
    return Mention(article_id, start, end, label, surface, form, key)


def _assign(mentions: list[Mention]) -> list[tuple[str, ...]]:
    """Each mention's anchor: the key of the name that stands for its entity."""
    by_label: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    frequency = Counter((m.label, m.key) for m in mentions)
    for m in mentions:
        by_label[m.label].add(m.key)
    anchor_of: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
    ambiguous: dict[tuple[str, tuple[str, ...]], list[tuple[str, ...]]] = {}
    for label, keys in by_label.items():
        anchors: list[tuple[str, ...]] = []
        # Names of two words or more, shortest first: a longer one holding an
        # anchor's words is that entity with a title ("Nato-Chef Mark Rutte").
        for key in sorted((k for k in keys if len(k) > 1), key=lambda k: (len(k), -frequency[(label, k)], k)):
            same = [a for a in anchors if _same_name(a, key) or label in _BY_PARTS and _contains(key, a)]
            anchor_of[(label, key)] = same[0] if len(same) == 1 else key
            if len(same) != 1:
                anchors.append(key)
        # Single words: the one name that holds them, else ask the text.
        for key in sorted(k for k in keys if len(k) == 1):
            holding = [a for a in anchors if _same_name(a, key) or label in _BY_PARTS and _contains(a, key)]
            if len(holding) == 1:
                anchor_of[(label, key)] = holding[0]
            elif len(holding) > 1:
                ambiguous[(label, key)] = holding
            else:
                anchors.append(key)
                anchor_of[(label, key)] = key
    counts = Counter(anchor_of.get((m.label, m.key)) for m in mentions)
    result = []
    for index, m in enumerate(mentions):
        if (m.label, m.key) in anchor_of:
            result.append(anchor_of[(m.label, m.key)])
        else:
            result.append(_nearest(mentions, index, ambiguous[(m.label, m.key)], anchor_of, counts))
    return result


def _same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Equal, equal words in another order, or a typo apart (same first word)."""
    if a == b or len(a) == len(b) and set(a) == set(b):
        return True
    if not (len(a) == len(b) >= 2 and a[0] == b[0]):
        return False
    from rapidfuzz import fuzz  # with the grouping, not with every comparison (the matrix needs no groups)

    return fuzz.ratio(" ".join(a), " ".join(b)) >= FUZZY_MIN


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """All of `shorter`'s words in `longer`, in order (a qualifier must match too)."""
    if len(shorter) > len(longer):
        return False
    position = 0
    for word in shorter:
        try:
            position = longer.index(word, position) + 1
        except ValueError:
            return False
    return True


def _nearest(mentions: list[Mention], index: int, anchors: list[tuple[str, ...]],
             anchor_of: dict, counts: Counter) -> tuple[str, ...]:
    """A word several names hold ("Kim"): the one named last before it in its
    article, else first after it; a person with neither is the story's most
    mentioned, an institution stays on its own."""
    me = mentions[index]
    same_article = [(m.start, anchor_of.get((m.label, m.key))) for m in mentions
                    if m.article_id == me.article_id and m.label == me.label]
    before = [a for start, a in same_article if start < me.start and a in anchors]
    if before:
        return before[-1]
    after = [a for start, a in same_article if start > me.start and a in anchors]
    if after:
        return after[0]
    if me.label != "PER":
        return me.key
    return max(anchors, key=lambda a: (counts[a], a))


def _apply_edits(mentions: list[Mention], assigned: list[tuple[str, ...]], edits: Sequence[GroupEdit],
                 known: set[str]) -> list[tuple[str, ...]]:
    assigned = list(assigned)

    def written(form: str, label: str) -> tuple[str, ...]:
        return names.strip_genitive(names.raw_key(form, label), known)

    def chosen(form: tuple[str, ...], label: str) -> list[int]:
        return [i for i, m in enumerate(mentions)
                if m.label == label and (m.key == form or written(m.form, label) == form)]

    for edit in edits:
        form = written(edit.form, edit.label)
        if edit.op == "split":
            for i in chosen(form, edit.label):
                assigned[i] = (*form, SPLIT)
        elif edit.target:
            targets = chosen(written(edit.target, edit.label), edit.label)
            for i in chosen(form, edit.label) if targets else ():
                assigned[i] = assigned[targets[0]]
    return assigned


def _group(label: str, anchor: tuple[str, ...], mentions: list[Mention]) -> EntityGroup:
    # The name: the commonest way of writing the anchor itself (ties: the shorter, without a genitive -s).
    exact = Counter(m.text for m in mentions if m.key == anchor)
    qualified = Counter(m.form for m in mentions if m.key == anchor and m.form != m.text and label == "ORG")
    pool = qualified or exact or Counter(m.text for m in mentions)
    name = max(pool, key=lambda text: (pool[text], -len(text), text))
    return EntityGroup(f"{label}:{' '.join(anchor)}", label, name, sorted(mentions, key=lambda m: (m.article_id, m.start)))
