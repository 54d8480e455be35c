"""Which links the reader shows on an annotation, and how.

From the links as stored (`store.link_reading`), for one annotator:
- accepted and suggested links are shown; rejected ones are not;
- a decision of the annotator's own on a link (`attrs.review_of`, see
  `store.links`) stands in for the link it decides: an accepted decision is
  shown with its kind, a rejected one hides the link;
- other annotators' decisions are not shown (the link they decide is).
Deleting a shown link removes it when it is the annotator's own, and records
their rejection otherwise (`target` is the link to hand to `links.delete`).

Pure Python: the screen turns the result into gutter marks and status text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from parallax.store.link_reading import Link

from .config import LinkKind
from .document import Mark
from .sanitize import display_text

UNKNOWN_SIGN = "~"
SYMMETRIC = frozenset({"same", "contradicts"})
"""As `store.links.SYMMETRIC` (which loads sqlite-utils): these read the same both ways, so no arrow."""


@dataclass(frozen=True)
class ShownLink:
    target: str
    """The link `links.delete` takes: the annotator's own, or the one they decide on."""
    src: str
    dst: str
    kind: str
    annotator: str
    status: str
    own: bool
    """The annotator's own link (not a decision on someone else's): delete removes it."""
    decided: bool = False
    """The annotator's accepted decision on someone else's link (a suggestion, say)."""

    def other(self, annotation_id: str) -> str:
        return self.dst if annotation_id == self.src else self.src


def shown_links(rows: Iterable[Link], me: str) -> dict[str, list[ShownLink]]:
    """Annotation id → the links shown on it (both ends), oldest first."""
    rows = list(rows)
    my_decisions = {row.review_of: row for row in rows if row.review_of and row.annotator == me}
    shown: dict[str, list[ShownLink]] = defaultdict(list)
    for row in rows:
        if row.review_of or row.status == "rejected":
            continue
        if row.annotator == me:
            link = ShownLink(row.id, row.src, row.dst, row.kind, me, row.status, own=True)
        elif row.id in my_decisions:
            decision = my_decisions[row.id]
            if decision.status == "rejected":
                continue
            link = ShownLink(row.id, row.src, row.dst, decision.kind, row.annotator, decision.status, own=False,
                             decided=True)
        else:
            link = ShownLink(row.id, row.src, row.dst, row.kind, row.annotator, row.status, own=False)
        shown[row.src].append(link)
        shown[row.dst].append(link)
    return dict(shown)


def signs(kinds: Iterable[LinkKind]) -> dict[str, str]:
    return {kind.name: kind.mark for kind in kinds}


def gutter_marks(rows: Iterable[dict], shown: Mapping[str, list[ShownLink]], sign: Mapping[str, str]) -> list[Mark]:
    """One mark per annotation with links: its kind's sign (the view draws
    `#` where signs differ on a line), status `suggested` when every link on
    it is only suggested."""
    marks = []
    for row in rows:
        links = shown.get(row["id"])
        if not links:
            continue
        kinds = {sign.get(link.kind, UNKNOWN_SIGN) for link in links}
        suggested = all(link.status == "suggested" for link in links)
        marks.append(Mark(row["start"], row["end"], "link", label=kinds.pop() if len(kinds) == 1 else "#",
                          status="suggested" if suggested else ""))
    return marks


def describe(annotation_id: str, links: list[ShownLink], outlets: Mapping[str, tuple[str, str]],
             sign: Mapping[str, str], me: str, current: str | None) -> str:
    """"links: ▸= Hanse-Kurier quote · ! nordwelle claim (suggested, by suggest:links-1)":
    the other end's outlet and label per link; ▸ marks the one X deletes."""
    parts = []
    for link in links:
        outlet, label = outlets.get(link.other(annotation_id), ("?", "?"))
        extra = [link.status] if link.status != "accepted" else []
        if link.decided:
            extra.append(f"{link.annotator}'s, accepted by you")
        elif link.annotator != me:
            extra.append(f"by {display_text(link.annotator)}")
        arrow = "" if link.kind in SYMMETRIC else "→ " if link.src == annotation_id else "← "
        pointer = "▸" if link.target == current else ""
        parts.append(f"{pointer}{sign.get(link.kind, UNKNOWN_SIGN)} {display_text(link.kind)} {arrow}"
                     f"{display_text(outlet)} {display_text(label)}" + (f" ({', '.join(extra)})" if extra else ""))
    return "links: " + " · ".join(parts)
