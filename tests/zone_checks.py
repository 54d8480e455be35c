"""The zone invariants every cleaned article keeps (shared by the cleaning tests)."""

from parallax.store.records import ZONE_KINDS, ArticleRecord


def assert_invariants(record: ArticleRecord) -> None:
    """Zones are sorted, disjoint, trimmed, and cover every non-whitespace character."""
    text = record.text
    covered = [False] * len(text)
    previous_end = 0
    for zone in record.zones:
        assert zone.kind in ZONE_KINDS
        assert previous_end <= zone.start < zone.end <= len(text), record.zones
        assert not text[zone.start].isspace() and not text[zone.end - 1].isspace()
        covered[zone.start : zone.end] = [True] * (zone.end - zone.start)
        previous_end = zone.end
    uncovered = [i for i, char in enumerate(text) if not char.isspace() and not covered[i]]
    assert not uncovered, (uncovered[:5], text[uncovered[0] : uncovered[0] + 40])
