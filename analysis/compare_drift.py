"""Quote drift: the same statement as each outlet renders it.

For each coverage row whose reference version (not the contradicting ones)
holds quotes from two outlets or more, the versions
one under another (the reference row's first quote first), each with a
word-level diff against the first (difflib's SequenceMatcher over words: the
standard library's diff, enough for sentences) and flags for the group:
- `form`: the form changes (direct ↔ indirect or reported);
- `verb`: the speech verb differs ("sagte" / "räumte ein" / "behauptete");
- `cut`: a version is a shortened copy of another (nearly all its words
  appear, in order, in a version at least a quarter longer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .compare_coverage import Coverage
from .compare_speakers import speaker_of
from .story_data import Item, StoryData

_WORD = re.compile(r"\S+")
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
SPEECH_VERBS = frozenset(
    "sagte sagt sagen sprach erklärte erklärt betonte betont behauptete behauptet warnte warnt forderte fordert "
    "kritisierte kritisiert schrieb schreibt meinte meint verwies verweist bestätigte bestätigt versprach "
    "widerspricht widersprach fragte fragt antwortete ergänzte beteuerte räumte räumt kündigte kündigt "
    "teilte teilt wies weist hieß heißt".split())
PARTICLES = {"räumte": "ein", "räumt": "ein", "kündigte": "an", "kündigt": "an", "teilte": "mit", "teilt": "mit",
             "wies": "zurück", "weist": "zurück"}
CUT_SHARE = 0.9
CUT_LONGER = 1.25


@dataclass
class DriftVersion:
    outlet: str
    item: str
    text: str
    form: str | None
    verb: str | None
    diff: list[tuple[str, str]] = field(default_factory=list)
    """Against the first version: ("=", words), ("-", words only the first has), ("+", words only this has)."""
    cut: bool = False


@dataclass
class DriftGroup:
    row: str
    speaker: str
    versions: list[DriftVersion]
    flags: list[str]


def drift(data: StoryData, table: Coverage) -> list[DriftGroup]:
    names = dict(zip(table.article_ids, table.outlets))
    groups = []
    for row in table.rows:
        if row.carriers < 2 or len(row.versions[0]) < 2:
            continue
        quotes: list[Item] = []
        reference = set(row.versions[0])
        for cell in row.cells:
            first = next((data.item(i) for i in cell.items if i in reference and data.item(i).label == "quote"), None)
            if first is not None:
                quotes.append(first)
        if len({q.article_id for q in quotes}) < 2:
            continue
        versions = [DriftVersion(names[q.article_id], q.id, q.text, q.form, speech_verb(data, q)) for q in quotes]
        reference = _WORD.findall(versions[0].text)
        for version in versions:
            version.diff = word_diff(reference, _WORD.findall(version.text))
        for version in versions:
            version.cut = any(_is_cut(version.text, other.text) for other in versions if other is not version)
        flags = []
        if len({_direct(v.form) for v in versions}) > 1:
            flags.append("form")
        if len({v.verb for v in versions if v.verb}) > 1:
            flags.append("verb")
        if any(v.cut for v in versions):
            flags.append("cut")
        groups.append(DriftGroup(row.id, speaker_of(data, quotes[0])[0], versions, flags))
    return groups


def word_diff(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    ops = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", " ".join(b[j1:j2])))
    return ops


def speech_verb(data: StoryData, item: Item) -> str | None:
    """The verb that introduces the quote: `attrs.verb`, else the one the
    suggestion's cue names ("quote:„…“+sagte"), else the first speech verb in
    its sentence (outside the quotation marks of a direct quote)."""
    if item.attrs.get("verb"):
        return item.attrs["verb"]
    cue = item.attrs.get("cue") or ""
    if "+" in cue and cue.rsplit("+", 1)[1].casefold() in SPEECH_VERBS:
        return cue.rsplit("+", 1)[1]
    text = data.article(item.article_id).text
    begin = max(text.rfind(". ", 0, item.start), text.rfind("\n", 0, item.start)) + 1
    ends = [p for p in (text.find(". ", item.end - 1), text.find("\n", item.end - 1)) if p >= 0]
    stop = min(ends) if ends else len(text)
    if item.form == "direct":
        words = _TOKEN.findall(text[begin:item.start]) + _TOKEN.findall(text[item.end:stop])
    else:
        words = _TOKEN.findall(text[begin:stop])
    for index, word in enumerate(words):
        lowered = word.casefold()
        if lowered in SPEECH_VERBS:
            particle = PARTICLES.get(lowered)
            if particle and particle in (w.casefold() for w in words[index + 1:]):
                return f"{lowered} {particle}"
            return lowered
    return None


def _direct(form: str | None) -> bool:
    return form == "direct"


def _is_cut(short: str, long: str) -> bool:
    a, b = _TOKEN.findall(short.casefold()), _TOKEN.findall(long.casefold())
    if not a or len(b) < CUT_LONGER * len(a):
        return False
    matched = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched >= CUT_SHARE * len(a)
