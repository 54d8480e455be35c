"""Which sentence of another article reports what this one does? The scoring
lives in `parallax.analysis.similarity`, shared with the link suggestions."""

from parallax.analysis.similarity import best_match, features, normalise_entity

__all__ = ["best_match", "features", "normalise_entity"]
