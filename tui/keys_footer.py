"""Textual's Footer, made again only when the keys it shows change.

The Footer recomposes (removes and makes a dozen key widgets, each styled)
every time its screen announces its bindings: on every focus change, when
the screen is covered and when it comes back. Opening the comparison screen
over the reader made the two footers recompose four or five times, for the
same keys: most of what reopening cost."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: tuple | None = None
    _queued = False

    def bindings_changed(self, screen: Screen) -> None:
        # Footer's own, but one recompose at a time, none while the screen is covered (it announces
        # its bindings again when it comes back), and none when the keys are those shown: a screen
        # coming back announces its bindings before and after its focus is restored.
        self._bindings_ready = True
        if (screen.app.app_focus and self.is_attached and screen is self.screen and screen.is_current
                and not self._queued):
            self._queued = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._queued = False
        if not self.is_attached:
            return
        shown = _keys(self.screen)
        if shown != self._shown:
            self._shown = shown
            await self.recompose()


def _keys(screen: Screen) -> tuple:
    """What `Footer.compose` reads: each shown binding, whether it is enabled, its tooltip, and the
    command palette's key."""
    active = screen.active_bindings
    palette = active.get(screen.app.COMMAND_PALETTE_BINDING)
    return tuple((binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
                 for _, binding, enabled, tooltip in active.values() if binding.show) + (
        palette and (palette[1].key, palette[2]),)
