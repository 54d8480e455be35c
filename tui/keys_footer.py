"""Textual's Footer, made again only when the keys it shows change.

The Footer recomposes (removes and makes a dozen key widgets, each styled)
every time its screen announces its bindings: on every focus change and each
time the screen comes back. On the comparison screen that is four or five
times per opening, for the same keys, and it was most of what reopening cost."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = _keys(screen)
            if shown == self._shown:
                return
            self._shown = shown  # what the footer will be made of: Footer recomposes now
        super().bindings_changed(screen)


def _keys(screen: Screen) -> tuple:
    """What `Footer.compose` reads: each shown binding, whether it is enabled, its tooltip, and the
    command palette's key."""
    active = screen.active_bindings
    palette = active.get(screen.app.COMMAND_PALETTE_BINDING)
    return tuple((binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
                 for _, binding, enabled, tooltip in active.values() if binding.show) + (
        palette and (palette[1].key, palette[2]),)
