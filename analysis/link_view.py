"""Which links the comparison counts.

A link counts when it is accepted, or suggested and suggestions are asked
for, and no decision (`store.links`: someone's own link with `review_of`)
rejected it. Its ends are mapped onto the annotations that count: an end
that is a suggestion someone accepted (a `review_of` decision on an
annotation) stands for the accepted copy; an end that counts for nothing
drops the link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from parallax.store.links import Link

from .story_data import StoryData


def counted_links(data: StoryData, *, include_suggested: bool = False,
                  annotators: Sequence[str] | None = None) -> list[Link]:
    counted = {item.id for item in data.items}
    decided: dict[str, str] = {}
    for decision, source in data.review_of.items():
        if decision in counted:
            decided.setdefault(source, decision)

    def in_scope(link: Link) -> bool:
        return annotators is None or link.annotator in annotators or link.status == "suggested"

    rejected = {link.review_of for link in data.links
                if link.review_of and link.status == "rejected" and in_scope(link)}
    result = []
    for link in data.links:
        wanted = link.status == "accepted" or (include_suggested and link.status == "suggested")
        if not wanted or link.id in rejected or not in_scope(link):
            continue
        src = link.src if link.src in counted else decided.get(link.src)
        dst = link.dst if link.dst in counted else decided.get(link.dst)
        if src and dst and src != dst:
            result.append(link if (src, dst) == (link.src, link.dst) else replace(link, src=src, dst=dst))
    return result
